// The big kernel lock of old modules (<linux/smp_lock.h>, lock_kernel/unlock_kernel until
// 2.6.38): it nests, it is dropped while its holder sleeps (so another task gets it) and taken
// back when the holder runs again, a holder is not preempted, and the header is gone for
// 2.6.39 and later.
import { describe, it, expect } from "vitest";
import { bootKernel, buildC, lines, moduleLines } from "../helpers/kemu.js";
import { detectEraParsed } from "../../ts/build/era/detect.js";
import { parseC } from "../../ts/build/era/treesitter.js";

const HEAD = `#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/smp_lock.h>

static DECLARE_WAIT_QUEUE_HEAD(park_wq);
static int park(int ret)
{
	wait_event_interruptible(park_wq, kthread_should_stop());
	return ret;
}
`;

describe("big kernel lock", () => {
  it("nests, and a holder sleeping in msleep() lets another task take it (2.6.20)", async () => {
    const ko = await buildC("bkl_sleep", HEAD + `
static struct task_struct *b;
static DEFINE_MUTEX(m);

static int b_fn(void *data)
{
	pr_info("B: wants the BKL\\n");
	lock_kernel();
	pr_info("B: got it while A sleeps, kernel_locked()=%d\\n", kernel_locked());
	unlock_kernel();
	pr_info("B: released it, kernel_locked()=%d\\n", kernel_locked());
	return park(0);
}

static int __init bkl_init(void)
{
	pr_info("A: kernel_locked()=%d\\n", kernel_locked());
	lock_kernel();
	lock_kernel();
	pr_info("A: held twice, kernel_locked()=%d\\n", kernel_locked());
	/* a sleeping lock under the BKL: no "sleeping function called from invalid context" */
	mutex_lock(&m);
	mutex_unlock(&m);
	b = kthread_run(b_fn, NULL, "bkl_b");
	pr_info("A: sleeps holding it\\n");
	msleep(10);
	pr_info("A: awake, kernel_locked()=%d\\n", kernel_locked());
	unlock_kernel();
	pr_info("A: once more, kernel_locked()=%d\\n", kernel_locked());
	unlock_kernel();
	pr_info("A: released, kernel_locked()=%d\\n", kernel_locked());
	return 0;
}

static void __exit bkl_exit(void)
{
	kthread_stop(b);
}

module_init(bkl_init);
module_exit(bkl_exit);
MODULE_LICENSE("GPL");
`, { kernelVersion: "2.6.20" });
    const sys = await bootKernel("2.6.20");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("bkl_sleep")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "A: kernel_locked()=0",
      "A: held twice, kernel_locked()=1",
      "A: sleeps holding it",
      "B: wants the BKL",
      "B: got it while A sleeps, kernel_locked()=1",
      "B: released it, kernel_locked()=0",
      "A: awake, kernel_locked()=1",
      "A: once more, kernel_locked()=1",
      "A: released, kernel_locked()=0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("a holder is not preempted: another runnable thread waits until it sleeps or unlocks (2.6.32)", async () => {
    const ko = await buildC("bkl_busy", HEAD + `
static struct task_struct *b;
static volatile int b_ran;

static int b_fn(void *data)
{
	b_ran = 1;
	pr_info("B: runs\\n");
	lock_kernel();
	pr_info("B: has the BKL\\n");
	unlock_kernel();
	return park(0);
}

static int __init bkl_init(void)
{
	lock_kernel();
	b = kthread_run(b_fn, NULL, "bkl_b");
	mdelay(50);	/* 50 ticks of busy waiting: no preemption while the BKL is held */
	pr_info("A: busy for 50 ms holding it, B ran: %d\\n", b_ran);
	unlock_kernel();
	mdelay(50);	/* now B may preempt A */
	pr_info("A: busy for 50 ms without it, B ran: %d\\n", b_ran);
	lock_kernel();
	schedule_timeout_uninterruptible(1);
	pr_info("A: slept holding it\\n");
	unlock_kernel();
	return 0;
}

static void __exit bkl_exit(void)
{
	kthread_stop(b);
}

module_init(bkl_init);
module_exit(bkl_exit);
MODULE_LICENSE("GPL");
`, { kernelVersion: "2.6.32" });
    const sys = await bootKernel("2.6.32");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("bkl_busy")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "A: busy for 50 ms holding it, B ran: 0",
      "B: runs",
      "B: has the BKL",
      "A: busy for 50 ms without it, B ran: 1",
      "A: slept holding it",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("unlock_kernel() without the lock is a kernel BUG", async () => {
    const ko = await buildC("bkl_bug", `#include <linux/module.h>
#include <linux/smp_lock.h>
static int __init bkl_init(void)
{
	unlock_kernel();
	return 0;
}
module_init(bkl_init);
MODULE_LICENSE("GPL");
`, { kernelVersion: "2.6.32" });
    const sys = await bootKernel("2.6.32");
    const r = await sys.insmod(ko);
    expect(r.status).not.toBe(0);
    expect(lines(sys).some((l) => /^kernel BUG at lib\/kernel_lock\.c:\d+!$/.test(l))).toBe(true);
  });

  it("<linux/smp_lock.h> is gone from 2.6.39 on", async () => {
    const src = `#include <linux/module.h>
#include <linux/smp_lock.h>
static int __init bkl_init(void) { lock_kernel(); unlock_kernel(); return 0; }
module_init(bkl_init);
MODULE_LICENSE("GPL");
`;
    await expect(buildC("bkl_new", src, { kernelVersion: "2.6.39" })).rejects.toThrow(/smp_lock\.h.*removed in Linux 2\.6\.39/);
    await expect(buildC("bkl_old", src, { kernelVersion: "2.6.38" })).resolves.toMatch(/\.ko$/);
    // --kernel-version auto picks an era that still had it
    const r = await detectEraParsed([await parseC("m.c", src)]);
    expect(r.version).toBe("2.6.23");
  });
});
