// Module tests for deferred work in softirq context: tasklets (all eras) and timer_list (issue 4).
import { describe, it, expect } from "vitest";
import { buildC, bootKernel, lines, moduleLines } from "../helpers/kemu.js";

describe("tasklets", () => {
  it("the seed-000 tasklet module: 3-argument DECLARE_TASKLET, init_module/cleanup_module, tasklet_kill", async () => {
    const ko = await buildC("tasklet", `
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/interrupt.h>
MODULE_LICENSE("GPL");
char my_tasklet_data[] = "my_tasklet_function was called";
void my_tasklet_function(unsigned long data)
{
	printk("%s\\n", (char *)data);
	return;
}
DECLARE_TASKLET(my_tasklet, my_tasklet_function, (unsigned long) &my_tasklet_data);
int init_module(void)
{
	/* Schedule the Bottom Half */
	tasklet_schedule(&my_tasklet);
	return 0;
}
void cleanup_module(void)
{
	/* Stop the tasklet before we exit */
	tasklet_kill(&my_tasklet);
	return;
}
`, { kernelVersion: "3.10.0" });
    const sys = await bootKernel("3.10.0");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("tasklet")).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["my_tasklet_function was called"]);
  });

  it("scheduled 3 times before it runs, runs once; a tasklet scheduled in init runs inside mdelay(200)", async () => {
    const ko = await buildC("tl3", `
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/delay.h>
static int runs;
static void cb(struct tasklet_struct *t) { pr_info("run %d in_softirq=%d in_task=%d\\n", ++runs, !!in_softirq(), !!in_task()); }
static DECLARE_TASKLET(t5, cb);
static int __init tl3_init(void)
{
	tasklet_schedule(&t5);
	tasklet_schedule(&t5);
	tasklet_schedule(&t5);
	pr_info("scheduled 3 times\\n");
	mdelay(200);
	pr_info("after mdelay: runs=%d\\n", runs);
	return 0;
}
static void __exit tl3_exit(void) { tasklet_kill(&t5); }
module_init(tl3_init);
module_exit(tl3_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(sys.dmesg({ notime: false }).split("\n").slice(1, 4)).toEqual([
      "[    0.000000] scheduled 3 times",
      "[    0.004000] run 1 in_softirq=1 in_task=0",
      // udelay(1000) is 1000007 ns (the 0x10c7 multiplier rounds up), as on x86
      "[    0.200001] after mdelay: runs=1",
    ]);
  });

  it("disable nests: the tasklet runs only after as many enables; a reschedule from the callback runs it again", async () => {
    const ko = await buildC("tld", `
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/delay.h>
static int runs;
static struct tasklet_struct t;
static void fn(unsigned long d) { pr_info("run %d data %lu\\n", ++runs, d); if (runs < 3) tasklet_schedule(&t); }
static int __init tld_init(void)
{
	tasklet_init(&t, fn, 42);
	tasklet_disable(&t);
	tasklet_disable(&t);
	tasklet_schedule(&t);
	mdelay(20);
	pr_info("disabled twice: runs=%d\\n", runs);
	tasklet_enable(&t);
	mdelay(20);
	pr_info("enabled once: runs=%d\\n", runs);
	tasklet_enable(&t);
	mdelay(20);
	pr_info("enabled twice: runs=%d\\n", runs);
	return 0;
}
static void __exit tld_exit(void) { tasklet_kill(&t); }
module_init(tld_init);
module_exit(tld_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "disabled twice: runs=0",
      "enabled once: runs=0",
      "run 1 data 42",
      "run 2 data 42",
      "run 3 data 42",
      "enabled twice: runs=3",
    ]);
  });

  it("tasklet_kill of a disabled scheduled tasklet hangs as in Linux: the hung task report names rmmod", async () => {
    const ko = await buildC("tlk", `
#include <linux/module.h>
#include <linux/interrupt.h>
static void fn(unsigned long d) { }
static DECLARE_TASKLET_DISABLED_OLD(t, fn);
static int __init tlk_init(void) { tasklet_schedule(&t); return 0; }
static void __exit tlk_exit(void) { tasklet_kill(&t); }
module_init(tlk_init);
module_exit(tlk_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    const r = await sys.rmmod("tlk");
    expect(r.status).toBe(1);
    expect(lines(sys)).toContain("INFO: task rmmod:101 blocked for more than 120 seconds.");
  });
});

describe("timer_list", () => {
  it("timer_setup + mod_timer re-armed from the callback N times; del_timer_sync on rmmod", async () => {
    const ko = await buildC("tmr", `
#include <linux/module.h>
#include <linux/timer.h>
struct my { int n; struct timer_list timer; };
static struct my m;
static void fire(struct timer_list *t)
{
	struct my *p = from_timer(p, t, timer);
	pr_info("fire %d at jiffies %lu, in_softirq=%d\\n", ++p->n, jiffies, !!in_softirq());
	mod_timer(&p->timer, jiffies + msecs_to_jiffies(100));
}
static int __init tmr_init(void)
{
	timer_setup(&m.timer, fire, 0);
	mod_timer(&m.timer, jiffies + HZ);
	pr_info("armed at jiffies %lu, pending=%d\\n", jiffies, timer_pending(&m.timer));
	return 0;
}
static void __exit tmr_exit(void) { pr_info("del_timer_sync: %d\\n", del_timer_sync(&m.timer)); }
module_init(tmr_init);
module_exit(tmr_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.run(1_250_000_000n);
    expect((await sys.rmmod("tmr")).status).toBe(0);
    expect(sys.dmesg().split("\n").slice(1, -1)).toEqual([
      "[    0.000000] armed at jiffies 4294892296, pending=1",
      "[    1.000000] fire 1 at jiffies 4294892546, in_softirq=1",
      "[    1.100000] fire 2 at jiffies 4294892571, in_softirq=1",
      "[    1.200000] fire 3 at jiffies 4294892596, in_softirq=1",
      "[    1.250000] del_timer_sync: 1",
    ]);
  });

  it("the pre-4.15 API: init_timer, .function/.data/.expires, add_timer; setup_timer", async () => {
    const ko = await buildC("oldtmr", `
#include <linux/module.h>
#include <linux/timer.h>
static struct timer_list a, b;
static void fa(unsigned long data) { printk(KERN_INFO "a got %lu\\n", data); }
static void fb(unsigned long data) { printk(KERN_INFO "b got %lu\\n", data); }
static int __init o_init(void)
{
	init_timer(&a);
	a.function = fa;
	a.data = 7;
	a.expires = jiffies + 2;
	add_timer(&a);
	setup_timer(&b, fb, 9);
	mod_timer(&b, jiffies + 1);
	return 0;
}
static void __exit o_exit(void) { del_timer_sync(&a); del_timer_sync(&b); }
module_init(o_init);
module_exit(o_exit);
MODULE_LICENSE("GPL");
`, { kernelVersion: "2.6.32" });
    const sys = await bootKernel("2.6.32");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("oldtmr")).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["b got 9", "a got 7"]);
  });

  it("sleeping in a timer callback is a BUG; the machine goes on", async () => {
    const ko = await buildC("tsleep", `
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/delay.h>
static struct timer_list t;
static void f(struct timer_list *x) { msleep(1); pr_info("not reached\\n"); }
static int __init ts_init(void) { timer_setup(&t, f, 0); mod_timer(&t, jiffies + 1); return 0; }
static void __exit ts_exit(void) { del_timer_sync(&t); }
module_init(ts_init);
module_exit(ts_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    const log = lines(sys);
    expect(log.some((l) => /^BUG: scheduling while atomic: swapper\/0\/0\/0x00000101$/.test(l))).toBe(true);
    expect(log).not.toContain("not reached");
    expect((await sys.rmmod("tsleep")).status).toBe(0);
  });

  it("rmmod with a timer still armed and a tasklet still queued: named and unlinked, nothing runs freed code", async () => {
    const ko = await buildC("leak", `
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/hrtimer.h>
static struct timer_list t;
static struct hrtimer hr;
static void late(struct timer_list *x) { pr_info("late\\n"); }
static enum hrtimer_restart hlate(struct hrtimer *x) { pr_info("hlate\\n"); return HRTIMER_NORESTART; }
static void tl(unsigned long d) { }
static DECLARE_TASKLET_DISABLED_OLD(tsk, tl);
static int __init l_init(void)
{
	timer_setup(&t, late, 0);
	mod_timer(&t, jiffies + 100 * HZ);
	hrtimer_setup(&hr, hlate, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	hrtimer_start(&hr, ms_to_ktime(5000), HRTIMER_MODE_REL);
	tasklet_schedule(&tsk);
	return 0;
}
static void __exit l_exit(void) { }
module_init(l_init);
module_exit(l_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("leak")).status).toBe(0);
    await sys.run(200_000_000_000n);
    const log = lines(sys);
    expect(log).toContain("kemu: leak was removed with timer late [leak] still pending; Linux would run freed code when it fires");
    expect(log).toContain("kemu: leak was removed with hrtimer hlate [leak] still pending; Linux would run freed code when it fires");
    expect(log).toContain("kemu: leak was removed with tasklet tl [leak] still pending; Linux would run freed code when it fires");
    expect(log).not.toContain("late");
    expect(log).not.toContain("hlate");
  });

  it("a tasklet rescheduling itself for ever keeps running under the restart limit and ksoftirqd; a thread still gets the CPU and rmmod stops it", async () => {
    const ko = await buildC("spin", `
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/delay.h>
static unsigned long runs;
static int stopping;
static void again(struct tasklet_struct *t) { runs++; if (!stopping) tasklet_schedule(t); }
static DECLARE_TASKLET(tl, again);
static struct task_struct *th;
static int worker(void *d)
{
	int i;
	for (i = 0; i < 3; i++) {
		msleep(100);
		pr_info("thread %d: tasklet ran %s\\n", i, runs > 1000 ? "many times" : "a few times");
	}
	while (!kthread_should_stop())
		msleep(10);
	return 0;
}
static int __init s_init(void) { tasklet_schedule(&tl); th = kthread_run(worker, NULL, "spinwatch"); return 0; }
static void __exit s_exit(void) { kthread_stop(th); stopping = 1; tasklet_kill(&tl); pr_info("stopped\\n"); }
module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.run(1_000_000_000n);
    expect(sys.ps()).toMatch(/\[ksoftirqd\/0\]/);
    expect((await sys.rmmod("spin")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "thread 0: tasklet ran many times",
      "thread 1: tasklet ran many times",
      "thread 2: tasklet ran many times",
      "stopped",
    ]);
    expect(sys.reports).toBe(0);
  });
});

describe("Linux 2.2 task queues", () => {
  it("seed 003's sched.c queue: intrpt_routine requeues itself on tq_timer each tick; cleanup sleeps until it stops", async () => {
    // The document's module without its /proc file (procfs is the next issue): the queue part verbatim.
    const ko = await buildC("sched22", `
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/tqueue.h>
#include <linux/sched.h>
static int TimerIntrpt = 0;
static struct wait_queue *WaitQ = NULL;
static void intrpt_routine(void *);
static struct tq_struct Task = {
  NULL,   /* Next item in list - queue_task will do this for us */
  0,      /* A flag meaning we haven't been inserted into a task queue yet */
  intrpt_routine, /* The function to run */
  NULL    /* The void* parameter for that function */
};
static void intrpt_routine(void *irrelevant)
{
  TimerIntrpt++;
  if (WaitQ != NULL)
    wake_up(&WaitQ);
  else
    queue_task(&Task, &tq_timer);
}
int init_module()
{
  queue_task(&Task, &tq_timer);
  return 0;
}
void cleanup_module()
{
  printk("Timer was called %d times\\n", TimerIntrpt);
  sleep_on(&WaitQ);
  printk("cleanup done after %d calls\\n", TimerIntrpt);
}
`, { kernelVersion: "2.2.26" });
    const sys = await bootKernel("2.2.26");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.run(1_000_000_000n);
    expect((await sys.rmmod("sched22")).status).toBe(0);
    const log = lines(sys).filter((l) => !l.includes("taint"));
    expect(log).toEqual(["Timer was called 250 times", "cleanup done after 251 calls"]);
    // the queue is empty again: the machine goes idle
    expect((await sys.settle())).toBe("idle");
  });
});

describe("Linux 2.2 tq_scheduler and tq_immediate", () => {
  it("tq_scheduler runs when the CPU next schedules, in process context; mark_bh(IMMEDIATE_BH) runs tq_immediate in a bottom half", async () => {
    const ko = await buildC("tq22", `
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/tqueue.h>
#include <linux/interrupt.h>
static void sched_routine(void *d)
{
  printk("tq_scheduler: %s, in_interrupt %d\\n", (char *)d, in_interrupt() ? 1 : 0);
}
static void imm_routine(void *d)
{
  printk("tq_immediate: %s, in_interrupt %d\\n", (char *)d, in_interrupt() ? 1 : 0);
}
static struct tq_struct s = { NULL, 0, sched_routine, "one" };
static struct tq_struct i = { NULL, 0, imm_routine, "two" };
int init_module()
{
  queue_task(&s, &tq_scheduler);
  queue_task(&s, &tq_scheduler);
  queue_task(&i, &tq_immediate);
  mark_bh(IMMEDIATE_BH);
  printk("init done\\n");
  return 0;
}
void cleanup_module() { }
`, { kernelVersion: "2.2.26" });
    const sys = await bootKernel("2.2.26");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect(moduleLines(sys).filter((l) => !l.includes("taint"))).toEqual([
      "init done",
      "tq_scheduler: one, in_interrupt 0",
      "tq_immediate: two, in_interrupt 1",
    ]);
  });
});

describe("Linux 2.4 task queues and keventd", () => {
  it("list_head tq_struct: INIT_TQUEUE, queue_task returns 1 then 0, tq_timer at the tick, tq_immediate, schedule_task in keventd (it may sleep), flush_scheduled_tasks", async () => {
    const ko = await buildC("tq24", `
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/tqueue.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/delay.h>
MODULE_LICENSE("GPL");
static struct tq_struct t_timer, t_imm, t_ctx;
static void timer_routine(void *d)
{
  printk("tq_timer %s at jiffy +%lu\\n", (char *)d, jiffies - *(unsigned long *)((char *)d + 8));
}
static char timer_data[16] = "A";
static void imm_routine(void *d)
{
  printk("tq_immediate %s, in_interrupt %d\\n", (char *)d, in_interrupt() ? 1 : 0);
}
static void ctx_routine(void *d)
{
  msleep(10);
  printk("schedule_task %s in %s, keventd %d\\n", (char *)d, current->comm, current_is_keventd());
}
static int __init tq_init(void)
{
  *(unsigned long *)(timer_data + 8) = jiffies;
  INIT_TQUEUE(&t_timer, timer_routine, timer_data);
  INIT_TQUEUE(&t_imm, imm_routine, "B");
  INIT_TQUEUE(&t_ctx, ctx_routine, "C");
  printk("queued %d %d\\n", queue_task(&t_timer, &tq_timer), queue_task(&t_timer, &tq_timer));
  queue_task(&t_imm, &tq_immediate);
  mark_bh(IMMEDIATE_BH);
  printk("schedule_task %d\\n", schedule_task(&t_ctx));
  flush_scheduled_tasks();
  printk("flushed\\n");
  return 0;
}
static void __exit tq_exit(void) { }
module_init(tq_init);
module_exit(tq_exit);
`, { kernelVersion: "2.4.37" });
    const sys = await bootKernel("2.4.37");
    expect(sys.ps()).toContain("[keventd]");
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect(moduleLines(sys)).toEqual([
      "queued 1 0",
      "schedule_task 1",
      // mark_bh() outside an interrupt wakes ksoftirqd (2.4.10+), before the next tick
      "tq_immediate B, in_interrupt 1",
      "tq_timer A at jiffy +1",
      "schedule_task C in keventd, keventd 1",
      "flushed",
    ]);
  });
});

describe("hrtimers", () => {
  it("hrtimer_start REL + hrtimer_forward_now restarting 3 times at 100 ms, in hard irq context; hrtimer_cancel on rmmod", async () => {
    const ko = await buildC("hrt", `
#include <linux/module.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
static struct hrtimer hr;
static int n;
static enum hrtimer_restart cb(struct hrtimer *t)
{
	pr_info("hrtimer %d at %lld ns, in_irq=%d\\n", ++n, ktime_get_ns(), !!in_irq());
	if (n == 3)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ms_to_ktime(100));
	return HRTIMER_RESTART;
}
static int __init h_init(void)
{
	hrtimer_init(&hr, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	hr.function = cb;
	hrtimer_start(&hr, ktime_set(0, 250000), HRTIMER_MODE_REL);
	return 0;
}
static void __exit h_exit(void) { pr_info("cancel: %d active=%d\\n", hrtimer_cancel(&hr), hrtimer_active(&hr)); }
module_init(h_init);
module_exit(h_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("hrt")).status).toBe(0);
    expect(sys.dmesg().split("\n").slice(1, -1)).toEqual([
      "[    0.000250] hrtimer 1 at 250000 ns, in_irq=1",
      "[    0.100250] hrtimer 2 at 100250000 ns, in_irq=1",
      "[    0.200250] hrtimer 3 at 200250000 ns, in_irq=1",
      "[    0.200250] cancel: 0 active=0",
    ]);
  });

  it("hrtimer_start_range_ns: alone it runs at its hard expiry; a timer tick after its soft expiry runs it early", async () => {
    const ko = await buildC("hrrange", `
#include <linux/module.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
static struct hrtimer a, b;
static struct timer_list tl;
static enum hrtimer_restart cb(struct hrtimer *t)
{
	pr_info("%s at %lld ms\\n", t == &a ? "a" : "b", ktime_get_ns() / 1000000);
	return HRTIMER_NORESTART;
}
static void tick(struct timer_list *t) { pr_info("timer_list at %lld ms\\n", ktime_get_ns() / 1000000); }
static int __init h_init(void)
{
	hrtimer_setup(&a, cb, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	hrtimer_setup(&b, cb, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	/* a: 10 ms, slack 20 ms, and nothing else around: 30 ms */
	hrtimer_start_range_ns(&a, ms_to_ktime(10), 20 * NSEC_PER_MSEC, HRTIMER_MODE_REL);
	pr_info("a: soft %lld hard %lld ms\\n", ktime_to_ms(hrtimer_get_softexpires(&a)), ktime_to_ms(hrtimer_get_expires(&a)));
	/* b: 50 ms, slack 50 ms; a timer_list tick at 60 ms runs it then */
	hrtimer_start_range_ns(&b, ms_to_ktime(50), 50 * NSEC_PER_MSEC, HRTIMER_MODE_REL);
	timer_setup(&tl, tick, 0);
	mod_timer(&tl, jiffies + msecs_to_jiffies(60));
	return 0;
}
static void __exit h_exit(void) { del_timer_sync(&tl); }
module_init(h_init);
module_exit(h_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("hrrange")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "a: soft 10 hard 30 ms",
      "a at 30 ms",
      "timer_list at 60 ms",
      "b at 60 ms",
    ]);
  });
});
