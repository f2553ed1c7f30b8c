// Sleeping locks under contention (kthreads, signals, timeouts), lockdep reports that need the
// scheduler (a task blocked on itself, locks held at exit or on return to user space) and RCU
// grace periods driven by the timer tick.
import { describe, it, expect } from "vitest";
import { bootKernel, buildC, lines, moduleLines } from "../helpers/kemu.js";

const HEAD = `#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/semaphore.h>
#include <linux/rwsem.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
`;

/** A kthread body's tail: wait for kthread_stop() without spinning. */
const PARK = `
static DECLARE_WAIT_QUEUE_HEAD(park_wq);
static int park(int ret)
{
	wait_event_interruptible(park_wq, kthread_should_stop());
	return ret;
}
`;

describe("mutex contention", () => {
  it("waiters get the mutex in FIFO order as each holder unlocks", async () => {
    const ko = await buildC("mfifo", HEAD + PARK + `
static DEFINE_MUTEX(m);
static struct task_struct *t[3];
static int worker(void *data)
{
	int id = (int)(long)data;

	pr_info("%d waits\\n", id);
	mutex_lock(&m);
	pr_info("%d got it\\n", id);
	msleep(10);
	pr_info("%d releases\\n", id);
	mutex_unlock(&m);
	return park(id);
}
static int __init m_init(void)
{
	int i;

	mutex_lock(&m);
	for (i = 0; i < 3; i++)
		t[i] = kthread_run(worker, (void *)(long)(i + 1), "w%d", i + 1);
	msleep(5);
	pr_info("init releases\\n");
	mutex_unlock(&m);
	return 0;
}
static void __exit m_exit(void)
{
	int i;

	for (i = 0; i < 3; i++)
		kthread_stop(t[i]);
}
module_init(m_init);
module_exit(m_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("mfifo")).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "1 waits", "2 waits", "3 waits", "init releases",
      "1 got it", "1 releases", "2 got it", "2 releases", "3 got it", "3 releases",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("mutex_lock_interruptible returns -EINTR on a signal; mutex_lock_killable on SIGKILL", async () => {
    const ko = await buildC("mintr", HEAD + PARK + `
static DEFINE_MUTEX(m);
static struct task_struct *a, *b;
static int intr(void *data)
{
	allow_signal(SIGTERM);
	pr_info("interruptible: %d\\n", mutex_lock_interruptible(&m));
	return park(0);
}
static int kill(void *data)
{
	allow_signal(SIGKILL);
	pr_info("killable: %d\\n", mutex_lock_killable(&m));
	return park(0);
}
static int __init m_init(void)
{
	mutex_lock(&m);
	a = kthread_run(intr, NULL, "intr");
	b = kthread_run(kill, NULL, "kill");
	msleep(5);
	send_sig(SIGTERM, a, 1);
	send_sig(SIGKILL, b, 1);
	msleep(5);
	pr_info("still mine: %d\\n", mutex_is_locked(&m));
	mutex_unlock(&m);
	return 0;
}
static void __exit m_exit(void)
{
	kthread_stop(a);
	kthread_stop(b);
}
module_init(m_init);
module_exit(m_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    await sys.settle();
    expect(moduleLines(sys)).toEqual(["interruptible: -4", "killable: -4", "still mine: 1"]);
    expect((await sys.rmmod("mintr")).status).toBe(0);
    expect(sys.reports).toBe(0);
  });

  it("mutex_unlock by a task that does not hold it: bad unlock balance; Linux releases it anyway", async () => {
    const ko = await buildC("mother", HEAD + PARK + `
static DEFINE_MUTEX(m);
static struct task_struct *t;
static int holder(void *data)
{
	mutex_lock(&m);
	return park(0);
}
static int __init m_init(void)
{
	t = kthread_run(holder, NULL, "holder");
	msleep(5);
	mutex_unlock(&m);
	pr_info("locked=%d\\n", mutex_is_locked(&m));
	return 0;
}
static void __exit m_exit(void) { kthread_stop(t); }
module_init(m_init);
module_exit(m_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    const log = lines(sys).join("\n");
    expect(log).toMatch(/insmod\/(\d+) is trying to release lock \(m\) at:\nm_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[mother\]\nbut there are no more locks to release!\nother info that might help us debug this:\nno locks held by insmod\/\1\./);
    expect(lines(sys)).toContain("locked=0");
    expect((await sys.rmmod("mother")).status).toBe(0);
    expect(sys.reports).toBe(1);
  });

  it("locking a mutex the task holds: lockdep's recursive locking report, then the task blocks for good", async () => {
    const ko = await buildC("mrec", HEAD + `
static DEFINE_MUTEX(dev_mutex);
static noinline void open_dev(void) { mutex_lock(&dev_mutex); }
static int __init m_init(void)
{
	open_dev();
	open_dev();
	pr_info("not reached\\n");
	return 0;
}
module_init(m_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    const r = await sys.insmod(ko);
    await sys.settle();
    expect(r.status).toBe(1);
    const log = lines(sys).join("\n");
    expect(log).toMatch(new RegExp([
      "============================================",
      "WARNING: possible recursive locking detected",
      "6\\.1\\.0 #1 Tainted: G {11}O {5}",
      "--------------------------------------------",
      "insmod/(\\d+) is trying to acquire lock:",
      "[0-9a-f]{8} \\(dev_mutex\\)\\{\\+\\.\\+\\.\\}-\\{3:3\\}, at: open_dev\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[mrec\\]",
      "but task is already holding lock:",
      "[0-9a-f]{8} \\(dev_mutex\\)\\{\\+\\.\\+\\.\\}-\\{3:3\\}, at: open_dev\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[mrec\\]",
      "other info that might help us debug this:",
      " Possible unsafe locking scenario:",
      "       CPU0",
      "       ----",
      "  lock\\(dev_mutex\\);",
      "  lock\\(dev_mutex\\);",
      " \\*\\*\\* DEADLOCK \\*\\*\\*",
      " May be due to missing lock nesting notation",
      "1 lock held by insmod/\\1:",
      " #0: [0-9a-f]{8} \\(dev_mutex\\)\\{\\+\\.\\+\\.\\}-\\{3:3\\}, at: open_dev\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[mrec\\]",
      "stack backtrace:",
      "CPU: 0 PID: \\1 Comm: insmod",
    ].join("\n")));
    expect(log).not.toContain("not reached");
    // Linux leaves it in D state; the hung task detector names it.
    expect(log).toMatch(/INFO: task insmod:\d+ blocked for more than 120 seconds\./);
  });
});

describe("spinlocks across tasks", () => {
  it("a spinlock held by a task that slept: the next locker gets 'cpu recursion' (one CPU), then goes on", async () => {
    const ko = await buildC("spinx", HEAD + PARK + `
#include <linux/spinlock.h>
static DEFINE_SPINLOCK(lk);
static struct task_struct *t;
static int sleeper(void *data)
{
	spin_lock(&lk);
	msleep(10);		/* a bug: sleeping with a spinlock held */
	return park(0);
}
static int __init s_init(void)
{
	t = kthread_run(sleeper, NULL, "sleeper");
	msleep(5);
	spin_lock(&lk);
	pr_info("insmod has it\\n");
	spin_unlock(&lk);
	return 0;
}
static void __exit s_exit(void) { kthread_stop(t); }
module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    await sys.insmod(ko);
    const log = lines(sys).join("\n");
    expect(log).toMatch(/BUG: spinlock cpu recursion on CPU#0, insmod\/\d+\n lock: \S+, \.magic: dead4ead, \.owner: sleeper\/\d+, \.owner_cpu: 0\n/);
    expect(log).toContain("insmod has it");
  });
});

describe("semaphore contention", () => {
  it("down() sleeps until up(); waiters are served in FIFO order", async () => {
    const ko = await buildC("sfifo", HEAD + PARK + `
static struct semaphore s;
static struct task_struct *t[2];
static int consumer(void *data)
{
	int id = (int)(long)data;

	down(&s);
	pr_info("consumer %d got a unit\\n", id);
	return park(0);
}
static int __init s_init(void)
{
	sema_init(&s, 0);
	t[0] = kthread_run(consumer, (void *)1L, "c1");
	t[1] = kthread_run(consumer, (void *)2L, "c2");
	msleep(5);
	pr_info("up 1\\n");
	up(&s);
	msleep(5);
	pr_info("up 2\\n");
	up(&s);
	msleep(5);
	pr_info("count=%u\\n", s.count);
	return 0;
}
static void __exit s_exit(void)
{
	kthread_stop(t[0]);
	kthread_stop(t[1]);
}
module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["up 1", "consumer 1 got a unit", "up 2", "consumer 2 got a unit", "count=0"]);
    expect((await sys.rmmod("sfifo")).status).toBe(0);
  });

  it("down_timeout() returns -ETIME after the timeout; down_interruptible() -EINTR on a signal", async () => {
    const ko = await buildC("stmo", HEAD + PARK + `
static struct semaphore s;
static struct task_struct *t;
static int waiter(void *data)
{
	allow_signal(SIGTERM);
	pr_info("interruptible: %d\\n", down_interruptible(&s));
	return park(0);
}
static int __init s_init(void)
{
	unsigned long j0 = jiffies;
	int r;

	sema_init(&s, 0);
	r = down_timeout(&s, HZ / 10);
	pr_info("timeout: %d after %lu jiffies\\n", r, jiffies - j0);
	t = kthread_run(waiter, NULL, "w");
	msleep(5);
	send_sig(SIGTERM, t, 1);
	msleep(5);
	return 0;
}
static void __exit s_exit(void) { kthread_stop(t); }
module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["timeout: -62 after 25 jiffies", "interruptible: -4"]);
    expect((await sys.rmmod("stmo")).status).toBe(0);
  });
});

describe("rw_semaphore contention", () => {
  it("a writer waits for the readers; a reader arriving after a waiting writer queues behind it", async () => {
    const ko = await buildC("rwq", HEAD + PARK + `
static DECLARE_RWSEM(sem);
static struct task_struct *w, *r;
static int writer(void *data)
{
	down_write(&sem);
	pr_info("writer in\\n");
	msleep(5);
	pr_info("writer out\\n");
	up_write(&sem);
	return park(0);
}
static int reader(void *data)
{
	down_read(&sem);
	pr_info("late reader in\\n");
	up_read(&sem);
	return park(0);
}
static int __init r_init(void)
{
	down_read(&sem);
	w = kthread_run(writer, NULL, "writer");
	msleep(1);
	r = kthread_run(reader, NULL, "reader");
	msleep(1);
	pr_info("first reader out\\n");
	up_read(&sem);
	msleep(20);
	return 0;
}
static void __exit r_exit(void)
{
	kthread_stop(w);
	kthread_stop(r);
}
module_init(r_init);
module_exit(r_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["first reader out", "writer in", "writer out", "late reader in"]);
    expect((await sys.rmmod("rwq")).status).toBe(0);
    expect(sys.reports).toBe(0);
  });
});

// The tests below need the scheduler to call into the lock code: the timer tick runs
// kemu_rcu_process_callbacks(), the end of a system call lockdep_sys_exit(), do_exit()
// debug_check_no_locks_held().
describe("integration with the scheduler", () => {
  it("call_rcu() callbacks run at a timer tick once no task is in a read-side critical section", async () => {
    const ko = await buildC("rcutick", HEAD + `
#include <linux/rcupdate.h>
static struct rcu_head h;
static void cb(struct rcu_head *x) { pr_info("callback, in_softirq=%d\\n", in_serving_softirq() != 0); }
static int __init r_init(void)
{
	call_rcu(&h, cb);
	pr_info("queued\\n");
	msleep(20);
	pr_info("slept\\n");
	return 0;
}
static void __exit r_exit(void) { rcu_barrier(); }
module_init(r_init);
module_exit(r_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["queued", "callback, in_softirq=1", "slept"]);
  });

  it("synchronize_rcu() waits for a reader preempted inside its critical section", async () => {
    const ko = await buildC("rcusync", HEAD + PARK + `
#include <linux/rcupdate.h>
static struct task_struct *t;
static int reader(void *data)
{
	rcu_read_lock();
	pr_info("reader in\\n");
	mdelay(20);
	pr_info("reader out\\n");
	rcu_read_unlock();
	return park(0);
}
static int __init r_init(void)
{
	t = kthread_run(reader, NULL, "reader");
	msleep(5);
	synchronize_rcu();
	pr_info("grace period over\\n");
	return 0;
}
static void __exit r_exit(void) { kthread_stop(t); }
module_init(r_init);
module_exit(r_exit);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual(["reader in", "reader out", "grace period over"]);
  });

  it("init returning with a mutex held: lock held when returning to user space", async () => {
    const ko = await buildC("mheld", HEAD + `
static DEFINE_MUTEX(m);
static int __init m_init(void) { mutex_lock(&m); return 0; }
module_init(m_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    await sys.insmod(ko);
    const log = lines(sys).join("\n");
    expect(log).toMatch(/================================================\nWARNING: lock held when returning to user space!\n.*\n-+\ninsmod\/(\d+) is leaving the kernel with locks still held!\n1 lock held by insmod\/\1:\n #0: [0-9a-f]{8} \(m\)\{\+\.\+\.\}-\{3:3\}, at: m_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[mheld\]/);
  });

  it("a kthread exiting with a mutex held: still has locks held", async () => {
    const ko = await buildC("kheld", HEAD + `
static DEFINE_MUTEX(m);
static int fn(void *d) { mutex_lock(&m); return 0; }
static int __init k_init(void) { kthread_run(fn, NULL, "holder"); msleep(5); return 0; }
module_init(k_init);
MODULE_LICENSE("GPL");
`);
    const sys = await bootKernel();
    await sys.insmod(ko);
    await sys.settle();
    const log = lines(sys).join("\n");
    expect(log).toMatch(/WARNING: holder\/\d+ still has locks held!\n.*\n-+\n1 lock held by holder\/\d+:\n #0: [0-9a-f]{8} \(m\)\{\+\.\+\.\}-\{3:3\}, at: fn\+/);
  });
});
