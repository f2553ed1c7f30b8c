// Module tests for kernel/workqueue.c (issue 4): queueing, flush, cancel, concurrency, kinds of
// queues, delayed work, reports, bad input, the 2.6.19 API; the orders are Linux 6.1's on one CPU.
import { describe, it, expect } from "vitest";
import { buildC, bootKernel, lines } from "../helpers/kemu.js";
import type { KemuSystem } from "../../ts/system.js";

/** The dmesg lines the module printed (everything after the out-of-tree taint line). */
function modLines(sys: KemuSystem): string[] {
  const l = lines(sys);
  const i = l.findIndex((s) => s.endsWith("loading out-of-tree module taints kernel."));
  return l.slice(i + 1);
}

function pidOf(sys: KemuSystem, comm: string): number {
  const t = [...sys.kernel.sched.tasks.values()].find((x) => x.comm === comm);
  if (!t) throw new Error(`no task ${comm}`);
  return t.pid;
}

describe("workqueues: queueing, kworkers, flush and cancel", () => {
  it("schedule_work() from init runs in kworker/0:0 after init returns; queueing a pending item returns false", async () => {
    const ko = await buildC("wqbasic", `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/sched.h>
static void fn(struct work_struct *w)
{
	pr_info("work: in %s, pending=%d, current_work=%d\\n", current->comm, work_pending(w), current_work() == w);
}
static DECLARE_WORK(w1, fn);
static int __init b_init(void)
{
	pr_info("first: %d\\n", schedule_work(&w1));
	pr_info("second: %d\\n", schedule_work(&w1));
	pr_info("pending: %d busy: %u current_work: %d\\n", work_pending(&w1), work_busy(&w1), current_work() != NULL);
	return 0;
}
static void __exit b_exit(void)
{
	flush_scheduled_work();
	pr_info("exit: again %d\\n", schedule_work(&w1));
	flush_work(&w1);
}
module_init(b_init);
module_exit(b_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect(sys.ps()).toMatch(/ \[kworker\/0:0\]\n.* \[kworker\/0:0H\]\n.* \[kworker\/u2:0\]\n/);
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    // The first worker made itself a spare before running the item, as Linux's manager does.
    expect(sys.ps()).toMatch(/ I    \[kworker\/0:1\]\n/);
    expect((await sys.rmmod("wqbasic")).status).toBe(0);
    expect(modLines(sys)).toEqual([
      "first: 1",
      "second: 0",
      "pending: 1 busy: 1 current_work: 0",
      "work: in kworker/0:0, pending=0, current_work=1",
      "exit: again 1",
      "work: in kworker/0:1, pending=0, current_work=1",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("work queued from init runs as soon as init sleeps", async () => {
    const ko = await buildC("wqsleep", `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
static void fn(struct work_struct *w) { pr_info("work ran\\n"); }
static DECLARE_WORK(w1, fn);
static int __init s_init(void)
{
	schedule_work(&w1);
	pr_info("queued\\n");
	msleep(1);
	pr_info("init woke\\n");
	return 0;
}
static void __exit s_exit(void) { }
module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(modLines(sys)).toEqual(["queued", "work ran", "init woke"]);
  });

  it("a work item requeueing itself runs again each time; destroy_workqueue() drains the chain", async () => {
    const ko = await buildC("wqagain", `
#include <linux/module.h>
#include <linux/workqueue.h>
static struct workqueue_struct *wq;
static struct work_struct w;
static int n;
static void again(struct work_struct *work)
{
	pr_info("run %d, requeue: %d\\n", ++n, n < 5 ? queue_work(wq, work) : -1);
}
static int __init a_init(void)
{
	wq = alloc_workqueue("again", 0, 0);
	INIT_WORK(&w, again);
	queue_work(wq, &w);
	return 0;
}
static void __exit a_exit(void)
{
	destroy_workqueue(wq);
	pr_info("destroyed, n=%d\\n", n);
}
module_init(a_init);
module_exit(a_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("wqagain")).status).toBe(0);
    expect(modLines(sys)).toEqual([
      "run 1, requeue: 1", "run 2, requeue: 1", "run 3, requeue: 1", "run 4, requeue: 1", "run 5, requeue: -1",
      "destroyed, n=5",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("flush_work() waits for the item; cancel_work_sync() drops a pending item and waits for a running one", async () => {
    const ko = await buildC("wqsync", `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
static unsigned long j0;
static void slow(struct work_struct *w)
{
	pr_info("slow start +%lu\\n", jiffies - j0);
	msleep(50);
	pr_info("slow end +%lu\\n", jiffies - j0);
}
static void never(struct work_struct *w) { pr_info("never runs\\n"); }
static DECLARE_WORK(ws, slow);
static DECLARE_WORK(wn, never);
static int __init c_init(void)
{
	bool r;

	j0 = jiffies;
	schedule_work(&ws);
	r = flush_work(&ws);
	pr_info("flush_work: %d at +%lu\\n", r, jiffies - j0);
	pr_info("flush_work of an idle item: %d\\n", flush_work(&ws));
	schedule_work(&wn);
	pr_info("cancel_work_sync pending: %d\\n", cancel_work_sync(&wn));
	pr_info("cancel_work_sync idle: %d\\n", cancel_work_sync(&wn));
	schedule_work(&ws);
	msleep(4);
	r = cancel_work_sync(&ws);
	pr_info("cancel_work_sync running: %d at +%lu\\n", r, jiffies - j0);
	schedule_work(&wn);
	pr_info("cancel_work: %d pending %d\\n", cancel_work(&wn), work_pending(&wn));
	return 0;
}
static void __exit c_exit(void) { }
module_init(c_init);
module_exit(c_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    // msleep(50) is 13 + 1 jiffies at HZ=250.
    expect(modLines(sys)).toEqual([
      "slow start +0",
      "slow end +14",
      "flush_work: 1 at +14",
      "flush_work of an idle item: 0",
      "cancel_work_sync pending: 1",
      "cancel_work_sync idle: 0",
      "slow start +14",
      "slow end +28",
      "cancel_work_sync running: 0 at +28",
      "cancel_work: 1 pending 0",
    ]);
    expect(sys.reports).toBe(0);
  });
});

describe("workqueues: concurrency and kinds of queues", () => {
  it("an item queued again while it runs waits for that run, in the same worker; flush_work() waits for the last queueing", async () => {
    const ko = await buildC("wqreent", `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
static unsigned long j0;
static int n;
static void fn(struct work_struct *w)
{
	int me = ++n;

	pr_info("run %d start in %s +%lu\\n", me, current->comm, jiffies - j0);
	msleep(20);
	pr_info("run %d end +%lu\\n", me, jiffies - j0);
}
static DECLARE_WORK(w1, fn);
static int __init r_init(void)
{
	bool r;

	j0 = jiffies;
	schedule_work(&w1);
	msleep(4);
	pr_info("requeue while running: %d busy %u\\n", schedule_work(&w1), work_busy(&w1));
	r = flush_work(&w1);
	pr_info("flush_work: %d at +%lu, n=%d\\n", r, jiffies - j0, n);
	return 0;
}
static void __exit r_exit(void) { }
module_init(r_init);
module_exit(r_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    // busy 3 = WORK_BUSY_PENDING | WORK_BUSY_RUNNING; the spare worker that picks the second
    // instance hands it to the worker still running the first (non-reentrancy).
    expect(modLines(sys)).toEqual([
      "run 1 start in kworker/0:0 +0",
      "requeue while running: 1 busy 3",
      "run 1 end +6",
      "run 2 start in kworker/0:0 +6",
      "run 2 end +12",
      "flush_work: 1 at +12, n=2",
    ]);
    expect(sys.reports).toBe(0);
  });

  const SRC = `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
static int kind;
module_param(kind, int, 0);
static unsigned long j0;
static struct workqueue_struct *wq;
struct item { struct work_struct w; char name; };
static struct item items[3];
static void fn(struct work_struct *w)
{
	struct item *it = container_of(w, struct item, w);

	pr_info("%c start in %s +%lu\\n", it->name, current->comm, jiffies - j0);
	msleep(20);
	pr_info("%c end in %s +%lu\\n", it->name, current->comm, jiffies - j0);
}
static int __init k_init(void)
{
	int i;

	j0 = jiffies;
	switch (kind) {
	case 0: wq = system_wq; break;
	case 1: wq = alloc_ordered_workqueue("ordered", 0); break;
	case 2: wq = alloc_workqueue("unbound", WQ_UNBOUND, 0); break;
	case 3: wq = system_highpri_wq; break;
	case 4: wq = create_singlethread_workqueue("single"); break;
	}
	for (i = 0; i < 3; i++) {
		INIT_WORK(&items[i].w, fn);
		items[i].name = 'A' + i;
		queue_work(wq, &items[i].w);
	}
	pr_info("queued\\n");
	flush_workqueue(wq);
	pr_info("flushed +%lu\\n", jiffies - j0);
	return 0;
}
static void __exit k_exit(void)
{
	if (kind != 0 && kind != 3)
		destroy_workqueue(wq);
}
module_init(k_init);
module_exit(k_exit);
MODULE_LICENSE("GPL");
`;
  const run = async (kind: number) => {
    const sys = await bootKernel();
    expect((await sys.insmod(await buildC("wqkind", SRC), { kind })).status).toBe(0);
    await sys.settle();
    const ps = sys.ps();
    expect((await sys.rmmod("wqkind")).status).toBe(0);
    expect(sys.reports).toBe(0);
    return { out: modLines(sys), ps };
  };

  it("system_wq: when a work item sleeps, another kworker takes the next (concurrency management); flush_workqueue() waits for all", async () => {
    const { out, ps } = await run(0);
    expect(out).toEqual([
      "queued",
      "A start in kworker/0:0 +0",
      "B start in kworker/0:1 +0",
      "C start in kworker/0:2 +0",
      "A end in kworker/0:0 +6",
      "B end in kworker/0:1 +6",
      "C end in kworker/0:2 +6",
      "flushed +6",
    ]);
    // each worker that started work while none was idle made a spare
    expect(ps).toMatch(/\[kworker\/0:3\]/);
  });

  it("alloc_ordered_workqueue(): one item at a time, in queueing order", async () => {
    const { out } = await run(1);
    expect(out).toEqual([
      "queued",
      "A start in kworker/u2:0 +0", "A end in kworker/u2:0 +6",
      "B start in kworker/u2:0 +6", "B end in kworker/u2:0 +12",
      "C start in kworker/u2:0 +12", "C end in kworker/u2:0 +18",
      "flushed +18",
    ]);
  });

  it("WQ_UNBOUND: no concurrency management, every item gets a worker of the unbound pool", async () => {
    const { out } = await run(2);
    expect(out).toEqual([
      "queued",
      "A start in kworker/u2:0 +0",
      "B start in kworker/u2:1 +0",
      "C start in kworker/u2:2 +0",
      "A end in kworker/u2:0 +6",
      "B end in kworker/u2:1 +6",
      "C end in kworker/u2:2 +6",
      "flushed +6",
    ]);
  });

  it("system_highpri_wq runs in the H workers", async () => {
    const { out } = await run(3);
    expect(out.slice(0, 4)).toEqual(["queued", "A start in kworker/0:0H +0", "B start in kworker/0:1H +0", "C start in kworker/0:2H +0"]);
  });

  it("create_singlethread_workqueue() is ordered and has a rescuer thread named after it", async () => {
    const { out, ps } = await run(4);
    expect(out).toEqual([
      "queued",
      "A start in kworker/u2:0 +0", "A end in kworker/u2:0 +6",
      "B start in kworker/u2:0 +6", "B end in kworker/u2:0 +12",
      "C start in kworker/u2:0 +12", "C end in kworker/u2:0 +18",
      "flushed +18",
    ]);
    expect(ps).toMatch(/ I    \[single\]\n/);
  });
});

describe("workqueues: delayed work", () => {
  it("runs after the delay in jiffies; requeue of a pending item, cancel, mod and flush behave as Linux", async () => {
    const ko = await buildC("wqdelay", `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/delay.h>
static unsigned long j0;
static void dfn(struct work_struct *w)
{
	pr_info("%s ran at +%lu\\n", (char *)to_delayed_work(w)->wq == (char *)system_wq ? "dwork" : "?", jiffies - j0);
}
static DECLARE_DELAYED_WORK(dw, dfn);
static struct delayed_work dw2, dw3;
static int __init d_init(void)
{
	j0 = jiffies;
	INIT_DELAYED_WORK(&dw2, dfn);
	INIT_DELAYED_WORK(&dw3, dfn);
	pr_info("queue: %d\\n", schedule_delayed_work(&dw, 10));
	pr_info("queue again: %d pending %d\\n", schedule_delayed_work(&dw, 3), delayed_work_pending(&dw));
	pr_info("queue dw2: %d\\n", schedule_delayed_work(&dw2, 5));
	pr_info("cancel dw2: %d\\n", cancel_delayed_work(&dw2));
	pr_info("cancel dw2 again: %d\\n", cancel_delayed_work(&dw2));
	pr_info("queue dw3: %d\\n", schedule_delayed_work(&dw3, 100));
	pr_info("mod dw3 to 20: %d\\n", mod_delayed_work(system_wq, &dw3, 20));
	msleep(200);
	pr_info("queue dw3: %d\\n", schedule_delayed_work(&dw3, 100));
	pr_info("flush dw3: %d\\n", flush_delayed_work(&dw3));
	pr_info("mod idle dw2 to 0: %d\\n", mod_delayed_work(system_wq, &dw2, 0));
	pr_info("init done at +%lu\\n", jiffies - j0);
	return 0;
}
static void __exit d_exit(void)
{
	pr_info("queue: %d\\n", schedule_delayed_work(&dw, 1000));
	pr_info("cancel_delayed_work_sync: %d\\n", cancel_delayed_work_sync(&dw));
}
module_init(d_init);
module_exit(d_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("wqdelay")).status).toBe(0);
    // HZ=250: 10 jiffies = 40 ms; msleep(200) = 51 jiffies.
    expect(sys.dmesg().split("\n").filter((l) => /\] (queue|cancel|mod|flush|dwork|init)/.test(l))).toEqual([
      "[    0.000000] queue: 1",
      "[    0.000000] queue again: 0 pending 1",
      "[    0.000000] queue dw2: 1",
      "[    0.000000] cancel dw2: 1",
      "[    0.000000] cancel dw2 again: 0",
      "[    0.000000] queue dw3: 1",
      "[    0.000000] mod dw3 to 20: 1",
      "[    0.040000] dwork ran at +10",
      "[    0.080000] dwork ran at +20",
      "[    0.204000] queue dw3: 1",
      "[    0.204000] dwork ran at +51",
      "[    0.204000] flush dw3: 1",
      "[    0.204000] mod idle dw2 to 0: 0",
      "[    0.204000] init done at +51",
      "[    0.204000] dwork ran at +51",
      "[    0.204000] queue: 1",
      "[    0.204000] cancel_delayed_work_sync: 1",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("a delayed item rearming itself: flush_delayed_work() runs it now and waits for that run only", async () => {
    const ko = await buildC("wqtick", `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/delay.h>
static unsigned long j0;
static int n;
static struct workqueue_struct *wq;
static struct delayed_work dw;
static void tick(struct work_struct *w)
{
	pr_info("tick %d at +%lu\\n", ++n, jiffies - j0);
	if (n < 5)
		queue_delayed_work(wq, &dw, 2);
}
static int __init t_init(void)
{
	bool r;

	j0 = jiffies;
	wq = alloc_workqueue("ticker", 0, 0);
	INIT_DELAYED_WORK(&dw, tick);
	queue_delayed_work(wq, &dw, 10);
	r = flush_delayed_work(&dw);
	pr_info("flush: %d n=%d\\n", r, n);
	msleep(100);
	pr_info("n=%d pending=%d\\n", n, delayed_work_pending(&dw));
	return 0;
}
static void __exit t_exit(void)
{
	cancel_delayed_work_sync(&dw);
	destroy_workqueue(wq);
}
module_init(t_init);
module_exit(t_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("wqtick")).status).toBe(0);
    expect(modLines(sys)).toEqual([
      "tick 1 at +0", "flush: 1 n=1", "tick 2 at +2", "tick 3 at +4", "tick 4 at +6", "tick 5 at +8", "n=5 pending=0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("rmmod with a delayed work item still pending: kemu cancels it and says so", async () => {
    const ko = await buildC("wqforgot", `
#include <linux/module.h>
#include <linux/workqueue.h>
static void forgotten_fn(struct work_struct *w) { pr_info("must not run\\n"); }
static DECLARE_DELAYED_WORK(dw, forgotten_fn);
static int __init f_init(void) { schedule_delayed_work(&dw, 100); return 0; }
static void __exit f_exit(void) { }
module_init(f_init);
module_exit(f_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("wqforgot")).status).toBe(0);
    await sys.run(2_000_000_000n);
    expect(modLines(sys)).toEqual([
      "kemu: wqforgot was removed with work forgotten_fn [wqforgot] still pending; Linux would run freed code when it fires",
    ]);
  });

  it("rmmod while a work function sleeps inside the module: named, its worker stopped, the workqueue goes on", async () => {
    const ko = await buildC("wqasleep", `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/delay.h>
static void sleepy_fn(struct work_struct *w) { pr_info("asleep\\n"); msleep(1000); pr_info("must not wake here\\n"); }
static DECLARE_WORK(wk, sleepy_fn);
static int __init s_init(void) { schedule_work(&wk); return 0; }
static void __exit s_exit(void) { }
module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    const after = await buildC("wqafter", `
#include <linux/module.h>
#include <linux/workqueue.h>
static void later_fn(struct work_struct *w) { pr_info("later work runs\\n"); }
static DECLARE_WORK(wk, later_fn);
static int __init a_init(void) { schedule_work(&wk); flush_scheduled_work(); pr_info("flushed\\n"); return 0; }
static void __exit a_exit(void) { }
module_init(a_init);
module_exit(a_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.run(100_000_000n);
    expect((await sys.rmmod("wqasleep")).status).toBe(0);
    await sys.run(2_000_000_000n);
    expect((await sys.insmod(after)).status).toBe(0);
    expect(modLines(sys)).toEqual([
      "asleep",
      expect.stringMatching(/^kemu: wqasleep was removed while its work sleepy_fn \[wqasleep\] still runs in kworker\/0:\d+:\d+; Linux would crash when the worker next runs \(BUG: unable to handle page fault\)$/),
      "later work runs",
      "flushed",
    ]);
  });
});

describe("workqueues: reports and bad input", () => {
  const LEAK = `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
static DEFINE_SPINLOCK(lk);
static DEFINE_MUTEX(mx);
static int mode;
module_param(mode, int, 0);
static void leaky_fn(struct work_struct *w)
{
	if (mode == 0)
		spin_lock(&lk);
	else if (mode == 1)
		mutex_lock(&mx);
	else
		rcu_read_lock();
}
static DECLARE_WORK(w1, leaky_fn);
static int __init l_init(void) { schedule_work(&w1); return 0; }
static void __exit l_exit(void) { }
module_init(l_init);
module_exit(l_exit);
MODULE_LICENSE("GPL");
`;
  const leak = async (mode: number) => {
    const sys = await bootKernel();
    expect((await sys.insmod(await buildC("wqleak", LEAK), { mode })).status).toBe(0);
    await sys.settle();
    return { sys, out: modLines(sys), pid: pidOf(sys, "kworker/0:0") };
  };

  it("a work function returning with a spinlock held: Linux 6.1's leaked lock or atomic report", async () => {
    const { out, pid } = await leak(0);
    // (kemu's lockdep tracks sleeping locks only, so the held-locks list that follows is empty)
    expect(out.slice(0, 2)).toEqual([
      `BUG: workqueue leaked lock or atomic: kworker/0:0/0x00000001/${pid}`,
      "     last function: leaky_fn [wqleak]",
    ]);
    expect(out.some((l) => l.startsWith(" process_one_work+"))).toBe(true);
    // the worker still holds preemption off when it goes idle, as in Linux
    expect(out).toContain(`BUG: scheduling while atomic: kworker/0:0/${pid}/0x00000002`);
  });

  it("a work function returning with a mutex held: the report lists it", async () => {
    const { out, pid, sys } = await leak(1);
    expect(out.slice(0, 4)).toEqual([
      `BUG: workqueue leaked lock or atomic: kworker/0:0/0x00000000/${pid}`,
      "     last function: leaky_fn [wqleak]",
      `1 lock held by kworker/0:0/${pid}:`,
      expect.stringMatching(/^ #0: [0-9a-f]{8} \(mx\)\{\+\.\+\.\}-\{3:3\}, at: leaky_fn\+0x[0-9a-f]+\/0x[0-9a-f]+ \[wqleak\]$/),
    ]);
    expect(sys.reports).toBe(1);
  });

  it("a work function returning inside rcu_read_lock(): reported too", async () => {
    const { out, pid } = await leak(2);
    // Linux 6.1 counts rcu_lock_map in lockdep_depth(); kemu checks rcu_preempt_depth() instead.
    expect(out.slice(0, 2)).toEqual([
      `BUG: workqueue leaked lock or atomic: kworker/0:0/0x00000000/${pid}`,
      "     last function: leaky_fn [wqleak]",
    ]);
  });

  it("an uninitialised work item, a destroyed or NULL workqueue: kemu says what is wrong and goes on", async () => {
    const ko = await buildC("wqbad", `
#include <linux/module.h>
#include <linux/workqueue.h>
static struct work_struct never;
static void fn(struct work_struct *w) { pr_info("fn ran\\n"); }
static DECLARE_WORK(ok, fn);
static int __init bad_init(void)
{
	struct workqueue_struct *wq = alloc_workqueue("gone", 0, 0);

	pr_info("queue uninitialised: %d pending %d\\n", schedule_work(&never), work_pending(&never));
	destroy_workqueue(wq);
	pr_info("queue on destroyed: %d\\n", queue_work(wq, &ok));
	flush_workqueue(wq);
	pr_info("queue on NULL: %d\\n", queue_work(NULL, &ok));
	pr_info("queue ok: %d\\n", schedule_work(&ok));
	return 0;
}
static void __exit bad_exit(void) { }
module_init(bad_init);
module_exit(bad_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    const out = modLines(sys).filter((l) => !/^(CPU:|Hardware name:|Call Trace:| )/.test(l));
    expect(out).toEqual([
      expect.stringMatching(/^kemu: queue_work\(\) of work item [0-9a-f]{8}, which was never initialised \(its function is NULL\): use INIT_WORK\(\) or DECLARE_WORK\(\)$/),
      "queue uninitialised: 0 pending 0",
      expect.stringMatching(/^kemu: queue_work\(\) on workqueue [0-9a-f]{8} "gone", which destroy_workqueue\(\) freed \(use-after-free in Linux\)$/),
      "queue on destroyed: 0",
      expect.stringMatching(/^kemu: flush_workqueue\(\) on workqueue [0-9a-f]{8} "gone", which destroy_workqueue\(\) freed \(use-after-free in Linux\)$/),
      "kemu: queue_work() on a NULL workqueue (Linux oopses on the NULL pointer)",
      "queue on NULL: 0",
      "queue ok: 1",
      "fn ran",
    ]);
    expect(sys.reports).toBe(4);
  });

  it("alloc_workqueue() is GPL-only: a proprietary module cannot link it", async () => {
    const ko = await buildC("wqprop", `
#include <linux/module.h>
#include <linux/workqueue.h>
static void fn(struct work_struct *w) { }
static DECLARE_WORK(w1, fn);
static int __init p_init(void) { schedule_work(&w1); return alloc_workqueue("x", 0, 0) ? 0 : -ENOMEM; }
module_init(p_init);
MODULE_LICENSE("Proprietary");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(1);
    expect(lines(sys)).toContain("wqprop: Unknown symbol alloc_workqueue (err -2)");
    expect(lines(sys)).not.toContain("wqprop: Unknown symbol queue_work_on (err -2)");
  });
});

describe("workqueues: the 2.6.19 API", () => {
  it("INIT_WORK(w, f, data), DECLARE_WORK(n, f, data) and delayable work_structs under LINUX_VERSION_CODE 2.6.18", async () => {
    const ko = await buildC("wqold", `
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
static struct workqueue_struct *my_workqueue;
static struct work_struct Task;
static unsigned long j0;
static int count;
static void intrpt_routine(void *irrelevant)
{
	printk(KERN_INFO "tick %d data=%s +%lu\\n", count, (char *)irrelevant, jiffies - j0);
	if (++count < 3)
		queue_delayed_work(my_workqueue, &Task, 10);
}
static void plain(void *d) { printk(KERN_INFO "plain %s pending=%d\\n", (char *)d, work_pending(&Task)); }
static DECLARE_WORK(pw, plain, "static-data");
int init_module(void)
{
	j0 = jiffies;
	my_workqueue = create_workqueue("sched.c");
	INIT_WORK(&Task, intrpt_routine, "hello");
	queue_delayed_work(my_workqueue, &Task, 10);
	schedule_work(&pw);
	return 0;
}
void cleanup_module(void)
{
	printk(KERN_INFO "cancel: %d\\n", cancel_delayed_work(&Task));
	flush_workqueue(my_workqueue);
	destroy_workqueue(my_workqueue);
	printk(KERN_INFO "bye count=%d\\n", count);
}
MODULE_LICENSE("GPL");
`, { kernelVersion: "2.6.18" });
    const sys = await bootKernel("2.6.18");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("wqold")).status).toBe(0);
    expect(modLines(sys)).toEqual([
      "plain static-data pending=1",
      "tick 0 data=hello +10",
      "tick 1 data=hello +20",
      "tick 2 data=hello +30",
      "cancel: 0",
      "bye count=3",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("the three-argument INIT_WORK also works under the 6.1 headers (told apart by argument count)", async () => {
    const ko = await buildC("wqthree", `
#include <linux/module.h>
#include <linux/workqueue.h>
static struct work_struct w;
static void old_style(void *data) { pr_info("got %s\\n", (char *)data); }
static void new_style(struct work_struct *work) { pr_info("got the work: %d\\n", work == &w); }
static int __init t_init(void)
{
	INIT_WORK(&w, old_style, "data pointer");
	schedule_work(&w);
	flush_work(&w);
	INIT_WORK(&w, new_style);
	schedule_work(&w);
	flush_work(&w);
	return 0;
}
static void __exit t_exit(void) { }
module_init(t_init);
module_exit(t_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(modLines(sys)).toEqual(["got data pointer", "got the work: 1"]);
  });
});
