// Sleepable RCU (<linux/srcu.h>, Tiny SRCU in csrc/kernel/rcu/srcutiny.c): readers may sleep,
// synchronize_srcu() waits only for the readers that were inside when it started, call_srcu()
// callbacks run after those readers, and the sleeping rules and lockdep checks hold.
import { describe, it, expect } from "vitest";
import { bootKernel, buildC, lines, moduleLines } from "../helpers/kemu.js";

const HEAD = `#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/srcu.h>

static DECLARE_WAIT_QUEUE_HEAD(park_wq);
static int park(int ret)
{
	wait_event_interruptible(park_wq, kthread_should_stop());
	return ret;
}
`;

describe("SRCU", () => {
  it("synchronize_srcu() waits for a reader sleeping inside srcu_read_lock(), not for one that entered after it", async () => {
    const ko = await buildC("srcu_sync", HEAD + `
DEFINE_STATIC_SRCU(ss);
static struct task_struct *r1, *r2;

static int early_reader(void *arg)
{
	int idx = srcu_read_lock(&ss);

	pr_info("reader 1 in (index %d, srcu_read_lock_held %d)\\n", idx, srcu_read_lock_held(&ss));
	msleep(50);
	pr_info("reader 1 out\\n");
	srcu_read_unlock(&ss, idx);
	return park(0);
}

static int late_reader(void *arg)
{
	int idx;

	msleep(20);
	idx = srcu_read_lock(&ss);
	pr_info("reader 2 in (index %d)\\n", idx);
	msleep(200);
	pr_info("reader 2 out\\n");
	srcu_read_unlock(&ss, idx);
	return park(0);
}

static int __init s_init(void)
{
	r1 = kthread_run(early_reader, NULL, "srcu_r1");
	r2 = kthread_run(late_reader, NULL, "srcu_r2");
	msleep(10);
	pr_info("synchronize_srcu (srcu_read_lock_held %d)\\n", srcu_read_lock_held(&ss));
	synchronize_srcu(&ss);
	pr_info("grace period over\\n");
	return 0;
}

static void __exit s_exit(void)
{
	kthread_stop(r1);
	kthread_stop(r2);
}

module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("srcu_sync")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "reader 1 in (index 0, srcu_read_lock_held 1)",
      "synchronize_srcu (srcu_read_lock_held 0)",
      "reader 2 in (index 1)",
      "reader 1 out",
      "grace period over",
      "reader 2 out",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("call_srcu() frees after the readers, srcu_barrier() waits for the callback, polling cookies", async () => {
    const ko = await buildC("srcu_cb", HEAD + `
struct item {
	int v;
	struct rcu_head rh;
};
static struct srcu_struct s;
static struct item __rcu *cur;

static void free_item(struct rcu_head *rh)
{
	struct item *it = container_of(rh, struct item, rh);

	pr_info("callback frees %d (in_softirq %d, in kworker %d)\\n", it->v, in_softirq() != 0,
		(current->flags & PF_WQ_WORKER) != 0);
	kfree(it);
}

static int __init s_init(void)
{
	struct item *a, *b, *p, *old;
	unsigned long cookie;
	int idx;

	pr_info("init_srcu_struct: %d\\n", init_srcu_struct(&s));
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	a->v = 1;
	rcu_assign_pointer(cur, a);

	idx = srcu_read_lock(&s);
	p = srcu_dereference(cur, &s);
	pr_info("reader sees %d\\n", p->v);

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	b->v = 2;
	old = rcu_dereference_protected(cur, 1);
	rcu_assign_pointer(cur, b);
	call_srcu(&s, &old->rh, free_item);
	cookie = get_state_synchronize_srcu(&s);
	msleep(10);
	pr_info("10 ms later the reader still sees %d; grace period over: %d\\n", p->v, poll_state_synchronize_srcu(&s, cookie));
	srcu_read_unlock(&s, idx);

	srcu_barrier(&s);
	pr_info("srcu_barrier done; grace period over: %d\\n", poll_state_synchronize_srcu(&s, cookie));
	cookie = start_poll_synchronize_srcu(&s);
	msleep(1);
	pr_info("start_poll_synchronize_srcu: over after 1 ms: %d\\n", poll_state_synchronize_srcu(&s, cookie));
	cleanup_srcu_struct(&s);
	kfree(b);
	return 0;
}

module_init(s_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "init_srcu_struct: 0",
      "reader sees 1",
      "10 ms later the reader still sees 1; grace period over: 0",
      "callback frees 1 (in_softirq 1, in kworker 1)",
      "srcu_barrier done; grace period over: 1",
      "start_poll_synchronize_srcu: over after 1 ms: 1",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("synchronize_srcu() with a spinlock held: sleeping function called from invalid context", async () => {
    const ko = await buildC("srcu_atomic", HEAD + `
#include <linux/spinlock.h>
DEFINE_SRCU(ss);
static DEFINE_SPINLOCK(lock);

static int __init s_init(void)
{
	spin_lock(&lock);
	synchronize_srcu(&ss);
	spin_unlock(&lock);
	pr_info("done\\n");
	return 0;
}

module_init(s_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    const log = lines(sys);
    const i = log.findIndex((l) => l.startsWith("BUG: sleeping function called from invalid context at "));
    expect(log[i]).toMatch(/^BUG: sleeping function called from invalid context at kernel\/rcu\/srcutiny\.c:\d+$/);
    expect(log[i + 1]).toMatch(/^in_atomic\(\): 1, irqs_disabled\(\): 0, non_block: 0, pid: \d+, name: insmod$/);
    expect(log[log.length - 1]).toBe("done");
  });

  it("synchronize_srcu() inside an RCU read-side critical section: suspicious RCU usage", async () => {
    const ko = await buildC("srcu_in_rcu", HEAD + `
DEFINE_STATIC_SRCU(ss);

static int __init s_init(void)
{
	rcu_read_lock();
	synchronize_srcu(&ss);
	rcu_read_unlock();
	pr_info("done\\n");
	return 0;
}

module_init(s_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    const log = lines(sys).join("\n"); // (blank lines dropped)
    expect(log).toMatch(/=============================\nWARNING: suspicious RCU usage\n.*\n-----------------------------\nkernel\/rcu\/srcutiny\.c:\d+ Illegal synchronize_srcu\(\) in same-type SRCU \(or in RCU\) read-side critical section!\nother info that might help us debug this:\nrcu_scheduler_active = 2, debug_locks = 1\nno locks held by insmod\/\d+\.\nstack backtrace:/);
    expect(log).toMatch(/BUG: sleeping function called from invalid context at kernel\/rcu\/srcutiny\.c:\d+\n.*\n.*\nRCU nest depth: 1, expected: 0/);
    expect(log).toMatch(/\ndone$/);
  });

  it("synchronize_srcu() inside its own read-side section: suspicious RCU usage naming the held srcu, then it waits for ever", async () => {
    const ko = await buildC("srcu_self", HEAD + `
DEFINE_STATIC_SRCU(ss);

static int __init s_init(void)
{
	int idx = srcu_read_lock(&ss);

	synchronize_srcu(&ss);
	pr_info("not reached\\n");
	srcu_read_unlock(&ss, idx);
	return 0;
}

module_init(s_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    const r = await sys.insmod(ko);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/kemu: {3}kworker\/0:\d+:\d+ \(state D\) in srcu_drive_gp\+/);
    const log = lines(sys).join("\n");
    expect(log).toMatch(/kernel\/rcu\/srcutiny\.c:\d+ Illegal synchronize_srcu\(\) in same-type SRCU \(or in RCU\) read-side critical section!\n(.*\n){2}1 lock held by insmod\/\d+:\n #0: [0-9a-f]{8} \(ss\)\S*, at: s_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[srcu_self\]/);
    expect(log).not.toContain("not reached");
    expect(log).toMatch(/INFO: task insmod:\d+ blocked for more than 120 seconds\./);
  });

  it("an init that returns inside srcu_read_lock(): lock held when returning to user space", async () => {
    const ko = await buildC("srcu_held", HEAD + `
DEFINE_STATIC_SRCU(my_srcu);

static int __init s_init(void)
{
	srcu_read_lock(&my_srcu);
	return 0;
}

module_init(s_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    await sys.insmod(ko);
    const log = lines(sys).join("\n");
    expect(log).toMatch(/WARNING: lock held when returning to user space!\n.*\n-+\ninsmod\/(\d+) is leaving the kernel with locks still held!\n1 lock held by insmod\/\1:\n #0: [0-9a-f]{8} \(my_srcu\)\S*, at: s_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[srcu_held\]/);
  });
});
