// Module tests for process context: kthreads, wait queues, sleeping, virtual time, preemption,
// hung tasks and soft lockups (issue 3).
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { buildModule } from "../../ts/build/compile.js";
import { buildC, bootKernel, lines, repo, moduleLines } from "../helpers/kemu.js";
import { KemuSystem } from "../../ts/system.js";

/** The example module modules/kthread/pingpong.c: two kthreads taking turns through a wait queue. */
const PINGPONG = join(repo, "modules/kthread/pingpong.c");

describe("kernel threads and wait queues", () => {
  it("two kthreads ping-pong through wait_event_interruptible/wake_up_interruptible; rmmod stops them", async () => {
    const { ko } = await buildModule({ sources: [PINGPONG] });
    const sys = await bootKernel();
    expect((await sys.insmod(ko, { hits: 3 })).status).toBe(0);
    await sys.settle();
    expect(sys.ps()).toBe("  PID STAT COMMAND\n   10 S    [ksoftirqd/0]\n   11 I    [kworker/0:0]\n   12 I    [kworker/0:0H]\n   13 I    [kworker/u2:0]\n  101 S    [ping]\n  102 S    [pong]\n");
    expect((await sys.rmmod("pingpong")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "ping[101]: ping 0",
      "pong[102]: pong 0",
      "ping[101]: ping 1",
      "pong[102]: pong 1",
      "ping[101]: ping 2",
      "pong[102]: pong 2",
      "pp: stopped ping=40 pong=41",
    ]);
    expect(sys.ps()).toBe("  PID STAT COMMAND\n   10 S    [ksoftirqd/0]\n   11 I    [kworker/0:0]\n   12 I    [kworker/0:0H]\n   13 I    [kworker/u2:0]\n");
    expect(sys.reports).toBe(0);
  });

  it("is deterministic: identical logs across runs", async () => {
    const { ko } = await buildModule({ sources: [PINGPONG] });
    const run = async () => {
      const sys = await bootKernel();
      await sys.insmod(ko, { hits: 20 });
      await sys.settle();
      await sys.rmmod("pingpong");
      return sys.dmesg();
    };
    const first = await run();
    expect(first.split("\n").length).toBeGreaterThan(40);
    expect(await run()).toBe(first);
  });

  it("kthread_stop() of a thread that never ran returns -EINTR; threadfn's value otherwise", async () => {
    const ko = await buildC("kst", `
#include <linux/module.h>
#include <linux/kthread.h>
static int fn(void *d) { pr_info("ran %s\\n", current->comm); return 7; }
static int __init kst_init(void)
{
	struct task_struct *t = kthread_create(fn, NULL, "never-%d", 1);
	struct task_struct *u = kthread_run(fn, NULL, "runs");
	pr_info("stop never: %d\\n", kthread_stop(t));
	pr_info("stop runs: %d\\n", kthread_stop(u));
	return 0;
}
static void __exit kst_exit(void) { }
module_init(kst_init);
module_exit(kst_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
        // u was woken first, so it runs as soon as insmod sleeps in the first kthread_stop().
    expect(moduleLines(sys)).toEqual(["ran runs", "stop never: -4", "stop runs: 7"]);
  });
});

describe("sleeping and virtual time", () => {
  it("msleep(10000) in init advances jiffies by 2501 (10 s) at once", async () => {
    const ko = await buildC("nap", `
#include <linux/module.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
static int __init nap_init(void)
{
	unsigned long j0 = jiffies;
	msleep(10000);
	pr_info("slept %lu jiffies (%u ms), pid %d %s\\n", jiffies - j0, jiffies_to_msecs(jiffies - j0), current->pid, current->comm);
	return 0;
}
static void __exit nap_exit(void) { }
module_init(nap_init);
module_exit(nap_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(sys.dmesg()).toContain("[   10.004000] slept 2501 jiffies (10004 ms), pid 100 insmod\n");
  });

  it("schedule_timeout returns the jiffies left when woken early; wait_event_timeout returns 0 on timeout", async () => {
    const ko = await buildC("tmo", `
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/sched.h>
static DECLARE_WAIT_QUEUE_HEAD(wq);
static struct task_struct *sleeper;
static int waker(void *d)
{
	schedule_timeout_uninterruptible(10);
	wake_up_process(sleeper);
	return 0;
}
static int __init tmo_init(void)
{
	long left;
	sleeper = current;
	kthread_run(waker, NULL, "waker");
	set_current_state(TASK_INTERRUPTIBLE);
	left = schedule_timeout(100);
	pr_info("woken with %ld left\\n", left);
	left = wait_event_timeout(wq, 0, 25);
	pr_info("wait_event_timeout: %ld\\n", left);
	left = wait_event_interruptible_timeout(wq, 1, 25);
	pr_info("condition true: %ld\\n", left);
	return 0;
}
static void __exit tmo_exit(void) { }
module_init(tmo_init);
module_exit(tmo_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["woken with 90 left", "wait_event_timeout: 0", "condition true: 25"]);
  });

  it("a while (!flag) spinner is preempted and finished by another thread", async () => {
    const ko = await buildC("spin", `
#include <linux/module.h>
#include <linux/kthread.h>
static volatile int flag;
static int spinner(void *d) { pr_info("spinning\\n"); while (!flag) ; pr_info("saw the flag\\n"); return 0; }
static int setter(void *d) { pr_info("setting\\n"); flag = 1; return 0; }
static int __init spin_init(void)
{
	kthread_run(spinner, NULL, "spinner");
	kthread_run(setter, NULL, "setter");
	return 0;
}
static void __exit spin_exit(void) { }
module_init(spin_init);
module_exit(spin_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect(moduleLines(sys)).toEqual(["spinning", "setting", "saw the flag"]);
    expect(sys.reports).toBe(0);
  });

  it("completions: complete() wakes one waiter, complete_all() the rest; timeouts return 0", async () => {
    const ko = await buildC("cmp", `
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/completion.h>
static DECLARE_COMPLETION(go);
static struct completion done;
static int waiter(void *d)
{
	wait_for_completion(&go);
	pr_info("%s released\\n", current->comm);
	complete(&done);
	return 0;
}
static int __init cmp_init(void)
{
	int i;
	init_completion(&done);
	kthread_run(waiter, NULL, "w1");
	kthread_run(waiter, NULL, "w2");
	kthread_run(waiter, NULL, "w3");
	pr_info("timeout: %lu\\n", wait_for_completion_timeout(&done, 5));
	complete(&go);
	wait_for_completion(&done);
	pr_info("one done, completion_done(go)=%d\\n", completion_done(&go));
	complete_all(&go);
	for (i = 0; i < 2; i++)
		wait_for_completion(&done);
	pr_info("all done, try_wait=%d\\n", try_wait_for_completion(&go));
	return 0;
}
static void __exit cmp_exit(void) { }
module_init(cmp_init);
module_exit(cmp_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "timeout: 0",
      "w1 released",
      "one done, completion_done(go)=0",
      "w2 released",
      "w3 released",
      "all done, try_wait=1",
    ]);
  });
});

describe("reports instead of hangs", () => {
  it("an insmod blocked forever in D state gets the hung task report and insmod gives up", async () => {
    const ko = await buildC("hang", `
#include <linux/module.h>
#include <linux/completion.h>
static DECLARE_COMPLETION(never);
static int __init hang_init(void) { wait_for_completion(&never); return 0; }
static void __exit hang_exit(void) { }
module_init(hang_init);
module_exit(hang_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    const r = await sys.insmod(ko);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/kemu: every task is blocked and no timer is pending; nothing can wake:\nkemu: {3}insmod:100 \(state D\) in hang_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[hang\]\n/);
    const log = lines(sys);
    expect(log).toContain("INFO: task insmod:100 blocked for more than 120 seconds.");
    expect(log).toContain('"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.');
    expect(log.find((l) => l.startsWith("task:insmod"))).toMatch(/^task:insmod {10}state:D stack:0 {5}pid:100 {3}ppid:/);
    expect(log.some((l) => /^ wait_for_completion\+/.test(l))).toBe(true);
    expect(sys.dmesg()).toMatch(/\[  120\.000000\] INFO: task insmod:100 blocked/);
  });

  it("a thread spinning with preemption disabled gets the soft lockup report and is stopped", async () => {
    const ko = await buildC("lock", `
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
static volatile int never;
static int hog(void *d) { preempt_disable(); while (!never) ; preempt_enable(); return 0; }
static int __init lock_init(void) { kthread_run(hog, NULL, "hog"); return 0; }
static void __exit lock_exit(void) { }
module_init(lock_init);
module_exit(lock_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    const log = lines(sys);
    expect(log).toContain("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [hog:101]");
    expect(log).toContain("kemu: killing hog:101, which cannot make progress");
    expect(sys.ps()).toBe("  PID STAT COMMAND\n   10 S    [ksoftirqd/0]\n   11 I    [kworker/0:0]\n   12 I    [kworker/0:0H]\n   13 I    [kworker/u2:0]\n");
    expect((await sys.rmmod("lock")).status).toBe(0);
  });

  it("sleeping while atomic is reported as Linux reports it", async () => {
    const ko = await buildC("atom", `
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/delay.h>
#include <linux/wait.h>
static DECLARE_WAIT_QUEUE_HEAD(wq);
static int __init atom_init(void)
{
	preempt_disable();
	msleep(1);
	preempt_enable();
	preempt_disable();
	wait_event(wq, 1);
	might_sleep();
	preempt_enable();
	return 0;
}
static void __exit atom_exit(void) { }
module_init(atom_init);
module_exit(atom_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    const log = lines(sys);
    expect(log).toContain("BUG: scheduling while atomic: insmod/100/0x00000002");
    const i = log.findIndex((l) => l.startsWith("BUG: sleeping function called from invalid context at "));
    expect(log[i]).toMatch(/at .*atom\.c:\d+$/);
    expect(log[i + 1]).toBe("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 100, name: insmod");
    expect(log[i + 2]).toBe("preempt_count: 1, expected: 0");
  });

  it("msleep() with a spinlock held: scheduling while atomic; mutex_lock() under it: invalid context", async () => {
    const ko = await buildC("spinsleep", `
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/delay.h>
static DEFINE_SPINLOCK(lock);
static DEFINE_MUTEX(m);
static int __init ss_init(void)
{
	spin_lock(&lock);
	msleep(10);
	mutex_lock(&m);
	mutex_unlock(&m);
	spin_unlock(&lock);
	pr_info("done\\n");
	return 0;
}
static void __exit ss_exit(void) { }
module_init(ss_init);
module_exit(ss_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    const log = lines(sys);
    expect(log).toContain("BUG: scheduling while atomic: insmod/100/0x00000002");
    expect(log.some((l) => /^BUG: sleeping function called from invalid context at kernel\/locking\/mutex\.c:\d+$/.test(l))).toBe(true);
    expect(log).toContain("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 100, name: insmod");
    expect(log[log.length - 1]).toBe("done");
  });

  it("an init that never returns: insmod gives up after the process time limit; the machine stays usable", async () => {
    const ko = await buildC("forever", `
#include <linux/module.h>
static volatile int stop;
static int __init forever_init(void) { while (!stop) ; return 0; }
static void __exit forever_exit(void) { }
module_init(forever_init);
module_exit(forever_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    sys.processLimitNs = 2_000_000_000n;
    const r = await sys.insmod(ko);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("kemu: insmod (pid 100) still running after the time limit (deadline); stopped waiting for it\n");
    expect(sys.ps()).toBe("  PID STAT COMMAND\n   10 S    [ksoftirqd/0]\n   11 I    [kworker/0:0]\n   12 I    [kworker/0:0H]\n   13 I    [kworker/u2:0]\n  100 R    insmod\n");
    expect(sys.lsmod()).toMatch(/^forever /m);
  });

  it("waiting on a wait queue head that was never initialised is reported", async () => {
    const ko = await buildC("noinit", `
#include <linux/module.h>
#include <linux/wait.h>
static wait_queue_head_t wq;
static int __init noinit_init(void) { wait_event_timeout(wq, 0, 2); return 0; }
static void __exit noinit_exit(void) { }
module_init(noinit_init);
module_exit(noinit_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    await sys.insmod(ko);
    expect(lines(sys).some((l) => /^kemu: wait_event on a wait queue head that was never initialised \([0-9a-f]{8}\): use DECLARE_WAIT_QUEUE_HEAD or init_waitqueue_head$/.test(l))).toBe(true);
  });

  it("a module removed while its thread still runs is reported and the thread is stopped", async () => {
    const ko = await buildC("orphan", `
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
static int loop(void *d) { for (;;) msleep(1000); return 0; }
static int __init orphan_init(void) { kthread_run(loop, NULL, "orphan"); return 0; }
static void __exit orphan_exit(void) { }
module_init(orphan_init);
module_exit(orphan_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.run(3_000_000_000n);
    expect((await sys.rmmod("orphan")).status).toBe(0);
    expect(lines(sys)).toContain(
      "kemu: orphan was removed while its thread orphan:101 still runs its code; Linux would crash when the thread next runs (BUG: unable to handle page fault)",
    );
    expect(sys.ps()).toBe("  PID STAT COMMAND\n   10 S    [ksoftirqd/0]\n   11 I    [kworker/0:0]\n   12 I    [kworker/0:0H]\n   13 I    [kworker/u2:0]\n");
  });
});

describe("sleeping where kemu cannot suspend", () => {
  it("a param set() callback that sleeps is a loud kernel BUG naming the function", async () => {
    const ko = await buildC("pset", `
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/delay.h>
static int val;
static int set_val(const char *s, const struct kernel_param *kp)
{
	msleep(10);
	return param_set_int(s, kp);
}
static const struct kernel_param_ops ops = { .set = set_val, .get = param_get_int };
module_param_cb(val, &ops, &val, 0644);
static int __init pset_init(void) { pr_info("val=%d\\n", val); return 0; }
static void __exit pset_exit(void) { }
module_init(pset_init);
module_exit(pset_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    const r = await sys.insmod(ko, { val: 3 });
    expect(r.status).not.toBe(0);
    const log = lines(sys);
    expect(log).toContain("kernel BUG: kemu: schedule_timeout() called from a callback the kernel made from TS, where the task cannot be suspended");
    expect(log.some((l) => /^ set_val\+0x[0-9a-f]+\/0x[0-9a-f]+ \[pset\]$/.test(l))).toBe(true);
    // As in Linux, the module whose loading oopsed stays behind, unusable.
    expect(sys.lsmod()).toMatch(/^pset /m);
    expect((await sys.rmmod("pset")).status).toBe(1);
  });
});

describe("2.6-era threads", () => {
  it("kernel_thread + daemonize + allow_signal: send_sig wakes interruptible_sleep_on", async () => {
    const ko = await buildC("old", `
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/wait.h>
#include <linux/completion.h>
static DECLARE_WAIT_QUEUE_HEAD(wq);
static DECLARE_COMPLETION(exited);
static int pid;
static int thread(void *d)
{
	pr_info("child comm before daemonize: %s\\n", current->comm);
	daemonize("oldthread");
	allow_signal(SIGKILL);
	pr_info("child comm: %s\\n", current->comm);
	interruptible_sleep_on(&wq);
	pr_info("woken, signal_pending=%d fatal=%d\\n", signal_pending(current), fatal_signal_pending(current));
	flush_signals(current);
	pr_info("after flush: %d\\n", signal_pending(current));
	complete_and_exit(&exited, 0);
}
static int __init old_init(void)
{
	pid = kernel_thread(thread, NULL, CLONE_KERNEL);
	pr_info("kernel_thread gave pid %d\\n", pid);
	return 0;
}
static void __exit old_exit(void)
{
	struct task_struct *t = find_task_by_vpid(pid);
	send_sig(SIGTERM, t, 1);
	send_sig(SIGKILL, t, 1);
	wait_for_completion(&exited);
	pr_info("thread gone\\n");
}
module_init(old_init);
module_exit(old_exit);
MODULE_LICENSE("GPL");
`, { kernelVersion: "2.6.23" });
    const sys = await bootKernel("2.6.23");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect(sys.ps()).toBe("  PID STAT COMMAND\n   10 S    [ksoftirqd/0]\n   11 I    [kworker/0:0]\n   12 I    [kworker/0:0H]\n   13 I    [kworker/u2:0]\n   14 I    [khelper]\n  101 S    [oldthread]\n");
    expect((await sys.rmmod("old")).status).toBe(0);
    // 2.6.23's CFS runs a new child first (sched_child_runs_first)
    expect(moduleLines(sys)).toEqual([
      "child comm before daemonize: insmod",
      "child comm: oldthread",
      "kernel_thread gave pid 101",
      "woken, signal_pending=1 fatal=1",
      "after flush: 0",
      "thread gone",
    ]);
  });
});

describe("2.2-era wait queues", () => {
  it("struct wait_queue *: NULL until someone sleeps, sleep_on in cleanup woken by wake_up", async () => {
    const ko = await buildC("wq22", `
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/delay.h>
static struct wait_queue *WaitQ = NULL;
static int waker(void *d)
{
	while (WaitQ == NULL)
		msleep(10);
	printk("waker: WaitQ is set, waking\\n");
	wake_up(&WaitQ);
	return 0;
}
int init_module()
{
	printk("WaitQ %s\\n", WaitQ == NULL ? "NULL" : "set");
	return 0;
}
void cleanup_module()
{
	kthread_run(waker, NULL, "waker");
	sleep_on(&WaitQ);
	printk("cleanup woken, WaitQ %s\\n", WaitQ == NULL ? "NULL" : "set");
}
`, { kernelVersion: "2.2.26" });
    const sys = await bootKernel("2.2.26");
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("wq22")).status).toBe(0);
    expect(lines(sys).filter((l) => !l.includes("taint"))).toEqual([
      "WaitQ NULL",
      "waker: WaitQ is set, waking",
      "cleanup woken, WaitQ set",
    ]);
  });
});

describe("--seed", () => {
  const RACE = `
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/completion.h>
static volatile int counter, work;
static int spin = 100;
module_param(spin, int, 0);
static DECLARE_COMPLETION(done);
static int adder(void *d)
{
	int i, j;
	for (i = 0; i < 5000; i++) {
		int v = counter;
		for (j = 0; j < spin; j++)
			work++;
		counter = v + 1;
	}
	complete(&done);
	return 0;
}
static int __init race_init(void)
{
	kthread_run(adder, NULL, "adder1");
	kthread_run(adder, NULL, "adder2");
	wait_for_completion(&done);
	wait_for_completion(&done);
	pr_info("counter = %d\\n", counter);
	return 0;
}
static void __exit race_exit(void) { }
module_init(race_init);
module_exit(race_exit);
MODULE_LICENSE("GPL");
`;
  it("perturbs interleavings so a race shows, and the same seed repeats the same run", async () => {
    const ko = await buildC("race", RACE);
    const result = async (seed?: number) => {
      const sys = await KemuSystem.boot({ seed });
      await sys.insmod(ko);
      return lines(sys).find((l) => l.startsWith("counter = "));
    };
    const seen = new Set<string | undefined>();
    for (const seed of [1, 2, 3, 4, 5, 6]) seen.add(await result(seed));
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].some((s) => s !== "counter = 10000")).toBe(true);
    expect(await result(3)).toBe(await result(3));
    expect(await result()).toBe(await result(0));
  });
});
