// The wait_event_lock_irq family of <linux/wait.h>: the waiter calls it with a spinlock held
// (interrupts off), the lock is dropped while it sleeps so that another thread can change the
// condition under it, and the waiter holds the lock again (interrupts still off) on return.
import { describe, it, expect } from "vitest";
import { bootKernel, buildC, moduleLines } from "../helpers/kemu.js";

const HEAD = `#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/spinlock.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>

static DEFINE_SPINLOCK(lock);
static DECLARE_WAIT_QUEUE_HEAD(wq);
static int cond;
static struct task_struct *t;

static DECLARE_WAIT_QUEUE_HEAD(park_wq);
static int park(int ret)
{
	wait_event_interruptible(park_wq, kthread_should_stop());
	return ret;
}

/* Sets the condition under the lock after ms milliseconds. */
static int setter(void *data)
{
	msleep((long)data);
	spin_lock_irq(&lock);
	cond = 1;
	pr_info("setter: condition set under the lock\\n");
	spin_unlock_irq(&lock);
	wake_up(&wq);
	return park(0);
}

static void held(const char *who)
{
	pr_info("%s: locked %d, irqs_disabled %d, preempt_count %d\\n", who, spin_is_locked(&lock), irqs_disabled(), preempt_count());
}
`;

const EXIT = `
static void __exit w_exit(void) { if (t) kthread_stop(t); }
module_init(w_init);
module_exit(w_exit);
MODULE_LICENSE("GPL");
`;

async function run(name: string, body: string): Promise<string[]> {
  const ko = await buildC(name, HEAD + body + EXIT);
  const sys = await bootKernel();
  expect((await sys.insmod(ko)).status).toBe(0);
  expect((await sys.rmmod(name)).status).toBe(0);
  expect(sys.reports).toBe(0);
  return moduleLines(sys);
}

describe("wait_event_lock_irq family", () => {
  it("wait_event_lock_irq: the lock is dropped while asleep and held again on return", async () => {
    const log = await run("welirq", `
static int __init w_init(void)
{
	t = kthread_run(setter, (void *)5L, "setter");
	spin_lock_irq(&lock);
	held("waiter before");
	wait_event_lock_irq(wq, cond, lock);
	held("waiter after");
	spin_unlock_irq(&lock);
	return 0;
}
`);
    expect(log).toEqual([
      "waiter before: locked 1, irqs_disabled 1, preempt_count 1",
      "setter: condition set under the lock",
      "waiter after: locked 1, irqs_disabled 1, preempt_count 1",
    ]);
  });

  it("wait_event_lock_irq_cmd runs cmd with the lock dropped before each sleep", async () => {
    const log = await run("welirqcmd", `
static int __init w_init(void)
{
	t = kthread_run(setter, (void *)5L, "setter");
	spin_lock_irq(&lock);
	wait_event_lock_irq_cmd(wq, cond, lock, held("cmd"));
	held("waiter after");
	spin_unlock_irq(&lock);
	return 0;
}
`);
    expect(log).toEqual([
      "cmd: locked 0, irqs_disabled 0, preempt_count 0",
      "setter: condition set under the lock",
      "waiter after: locked 1, irqs_disabled 1, preempt_count 1",
    ]);
  });

  it("wait_event_interruptible_lock_irq: 0 when the condition came, -ERESTARTSYS with the lock held on a signal", async () => {
    const log = await run("weilirq", `
static int sig_waiter(void *data)
{
	int ret;

	allow_signal(SIGTERM);
	spin_lock_irq(&lock);
	ret = wait_event_interruptible_lock_irq(wq, cond == 2, lock);
	pr_info("signalled waiter: %d\\n", ret);
	held("signalled waiter");
	spin_unlock_irq(&lock);
	return park(0);
}

static struct task_struct *s;

static int __init w_init(void)
{
	int ret;

	t = kthread_run(setter, (void *)5L, "setter");
	spin_lock_irq(&lock);
	ret = wait_event_interruptible_lock_irq(wq, cond, lock);
	pr_info("waiter: %d\\n", ret);
	held("waiter");
	spin_unlock_irq(&lock);

	s = kthread_run(sig_waiter, NULL, "sig_waiter");
	msleep(5);
	send_sig(SIGTERM, s, 1);
	msleep(5);
	kthread_stop(s);
	return 0;
}
`);
    expect(log).toEqual([
      "setter: condition set under the lock",
      "waiter: 0",
      "waiter: locked 1, irqs_disabled 1, preempt_count 1",
      "signalled waiter: -512",
      "signalled waiter: locked 1, irqs_disabled 1, preempt_count 1",
    ]);
  });

  it("wait_event_interruptible_lock_irq_timeout: jiffies left, or 0 on timeout, with the lock held", async () => {
    const log = await run("weilirqto", `
static int __init w_init(void)
{
	long ret;

	spin_lock_irq(&lock);
	ret = wait_event_interruptible_lock_irq_timeout(wq, cond, lock, msecs_to_jiffies(10));
	pr_info("nobody sets it: %ld\\n", ret);
	held("after the timeout");
	spin_unlock_irq(&lock);

	t = kthread_run(setter, (void *)5L, "setter");
	spin_lock_irq(&lock);
	ret = wait_event_interruptible_lock_irq_timeout(wq, cond, lock, msecs_to_jiffies(100));
	pr_info("set after 5 ms: %ld of %lu jiffies left\\n", ret, msecs_to_jiffies(100));
	held("after the wake-up");
	spin_unlock_irq(&lock);
	return 0;
}
`);
    expect(log).toEqual([
      "nobody sets it: 0",
      "after the timeout: locked 1, irqs_disabled 1, preempt_count 1",
      "setter: condition set under the lock",
      "set after 5 ms: 22 of 25 jiffies left", // msleep(5) is 3 jiffies at HZ=250
      "after the wake-up: locked 1, irqs_disabled 1, preempt_count 1",
    ]);
  });
});
