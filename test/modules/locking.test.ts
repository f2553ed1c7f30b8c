// Locks, atomics, bitops and RCU as module code sees them without sleeping: results printed by a
// module's init, and the reports of the debug spinlock code and lockdep (kernel/locking/).
import { describe, it, expect } from "vitest";
import { bootKernel, buildC, lines } from "../helpers/kemu.js";
import type { KemuSystem } from "../../ts/system.js";

const HEX = "[0-9a-f]+";
const TAINT_O = "Tainted: G {11}O {5}";

/** Build `body` (module source after the includes) as NAME.ko, insmod it, return the log lines. */
async function run(name: string, body: string, opts: { includes?: string[]; kernelVersion?: string } = {}): Promise<{ sys: KemuSystem; log: string[]; status: number }> {
  const includes = ["linux/module.h", "linux/kernel.h", ...(opts.includes ?? [])];
  const src = includes.map((h) => `#include <${h}>`).join("\n") + "\n" + body + `\nMODULE_LICENSE("GPL");\n`;
  const sys = await bootKernel(opts.kernelVersion);
  const ko = await buildC(name, src, { kernelVersion: opts.kernelVersion });
  const r = await sys.insmod(ko);
  const log = lines(sys).filter((l) => !l.endsWith("loading out-of-tree module taints kernel."));
  return { sys, log, status: r.status };
}

/** The log as one string, for regex matching of multi-line reports. */
const text = (log: string[]) => log.join("\n");

describe("spinlocks", () => {
  it("lock, irqsave, _irq, _bh and trylock change preempt_count/irq state as Linux's UP kernel", async () => {
    const { log, status, sys } = await run("spin1", `
static DEFINE_SPINLOCK(a);
static spinlock_t b;
static DEFINE_RAW_SPINLOCK(r);
static int __init s_init(void)
{
	unsigned long flags;

	spin_lock_init(&b);
	pr_info("init pc=%x locked=%d\\n", preempt_count(), spin_is_locked(&a));
	spin_lock(&a);
	assert_spin_locked(&a);
	pr_info("lock pc=%x locked=%d irqs=%d\\n", preempt_count(), spin_is_locked(&a), irqs_disabled());
	spin_lock(&b);
	pr_info("nested pc=%x\\n", preempt_count());
	spin_unlock(&b);
	spin_unlock(&a);
	pr_info("unlock pc=%x locked=%d\\n", preempt_count(), spin_is_locked(&a));
	spin_lock_irqsave(&a, flags);
	pr_info("irqsave pc=%x irqs=%d flags=%lu\\n", preempt_count(), irqs_disabled(), flags);
	spin_unlock_irqrestore(&a, flags);
	pr_info("irqrestore pc=%x irqs=%d\\n", preempt_count(), irqs_disabled());
	spin_lock_irq(&a);
	pr_info("irq pc=%x irqs=%d\\n", preempt_count(), irqs_disabled());
	spin_unlock_irq(&a);
	spin_lock_bh(&a);
	pr_info("bh pc=%x in_softirq=%d\\n", preempt_count(), in_softirq() != 0);
	spin_unlock_bh(&a);
	pr_info("bh unlock pc=%x in_softirq=%d\\n", preempt_count(), in_softirq() != 0);
	pr_info("trylock=%d pc=%x\\n", spin_trylock(&a), preempt_count());
	spin_unlock(&a);
	raw_spin_lock(&r);
	pr_info("raw locked=%d\\n", raw_spin_is_locked(&r));
	raw_spin_unlock(&r);
	local_irq_save(flags);
	{
		unsigned long inner;

		spin_lock_irqsave(&a, inner);
		spin_unlock_irqrestore(&a, inner);
	}
	pr_info("nested irqsave keeps irqs off: %d\\n", irqs_disabled());
	local_irq_restore(flags);
	pr_info("end pc=%x irqs=%d\\n", preempt_count(), irqs_disabled());
	return 0;
}
module_init(s_init);
`, { includes: ["linux/spinlock.h"] });
    expect(status).toBe(0);
    expect(log).toEqual([
      "init pc=0 locked=0",
      "lock pc=1 locked=1 irqs=0",
      "nested pc=2",
      "unlock pc=0 locked=0",
      "irqsave pc=1 irqs=1 flags=0",
      "irqrestore pc=0 irqs=0",
      "irq pc=1 irqs=1",
      "bh pc=201 in_softirq=1",
      "bh unlock pc=0 in_softirq=0",
      "trylock=1 pc=1",
      "raw locked=1",
      "nested irqsave keeps irqs off: 1",
      "end pc=0 irqs=0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("taking a spinlock the task already holds is reported as recursion, then the task goes on", async () => {
    const { log, status, sys } = await run("spinrec", `
static DEFINE_SPINLOCK(lk);
static noinline void take(void) { spin_lock(&lk); }
static int __init s_init(void)
{
	take();
	take();
	pr_info("still running pc=%x\\n", preempt_count());
	spin_unlock(&lk);
	spin_unlock(&lk);
	return 0;
}
module_init(s_init);
`, { includes: ["linux/spinlock.h"] });
    expect(status).toBe(0);
    const t = text(log);
    expect(log[0]).toBe("BUG: spinlock recursion on CPU#0, insmod/" + log[0].split("/")[1]);
    expect(log[0]).toMatch(/^BUG: spinlock recursion on CPU#0, insmod\/\d+$/);
    expect(log[1]).toMatch(/^ lock: (0x[0-9a-f]+|lk\+0x0\/0x[0-9a-f]+ \[spinrec\]), \.magic: dead4ead, \.owner: insmod\/\d+, \.owner_cpu: 0$/);
    expect(t).toMatch(new RegExp(`CPU: 0 PID: \\d+ Comm: insmod ${TAINT_O} 6\\.1\\.0 #1\\nHardware name: kemu WebAssembly virtual machine\\nCall Trace:\\n`));
    expect(t).toMatch(/ take\+0x[0-9a-f]+\/0x[0-9a-f]+ \[spinrec\]\n s_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[spinrec\]/);
    // debug_locks is off after the first report: the second unlock ("already unlocked") is silent.
    expect(log).toContain("still running pc=2");
    expect(log.filter((l) => l.startsWith("BUG:"))).toHaveLength(1);
    expect(sys.reports).toBe(1);
  });

  it("unlocking an unlocked spinlock is reported", async () => {
    const { log } = await run("spinunl", `
static DEFINE_SPINLOCK(lk);
static int __init s_init(void)
{
	spin_unlock(&lk);
	pr_info("pc=%d\\n", preempt_count());
	return 0;
}
module_init(s_init);
`, { includes: ["linux/spinlock.h"] });
    expect(log[0]).toMatch(/^BUG: spinlock already unlocked on CPU#0, insmod\/\d+$/);
    expect(log[1]).toMatch(/^ lock: \S+, \.magic: dead4ead, \.owner: <none>\/-1, \.owner_cpu: -1$/);
    expect(log).toContain("pc=-1");
  });

  it("a spinlock that was never initialised has a bad magic", async () => {
    const { log } = await run("spinmagic", `
static spinlock_t lk;
static int __init s_init(void)
{
	spin_lock(&lk);
	spin_unlock(&lk);
	pr_info("done\\n");
	return 0;
}
module_init(s_init);
`, { includes: ["linux/spinlock.h"] });
    expect(log[0]).toMatch(/^BUG: spinlock bad magic on CPU#0, insmod\/\d+$/);
    expect(log[1]).toMatch(/^ lock: \S+, \.magic: 00000000, \.owner: <none>\/-1, \.owner_cpu: 0$/);
    expect(log).toContain("done");
  });

  it("a failed spin_trylock is Linux's 'trylock failure on UP' report", async () => {
    const { log } = await run("spintry", `
static DEFINE_SPINLOCK(lk);
static int __init s_init(void)
{
	int got;

	spin_lock(&lk);
	got = spin_trylock(&lk);
	pr_info("trylock while held: %d pc=%d\\n", got, preempt_count());
	spin_unlock(&lk);
	return 0;
}
module_init(s_init);
`, { includes: ["linux/spinlock.h"] });
    expect(log[0]).toMatch(/^BUG: spinlock trylock failure on UP on CPU#0, insmod\/\d+$/);
    expect(log).toContain("trylock while held: 0 pc=1");
  });

  it("SPIN_LOCK_UNLOCKED and RW_LOCK_UNLOCKED (2.6) still initialise locks", async () => {
    const { log, sys } = await run("spinold", `
static spinlock_t a = SPIN_LOCK_UNLOCKED;
static rwlock_t b = RW_LOCK_UNLOCKED;
static int __init s_init(void)
{
	spin_lock(&a);
	write_lock(&b);
	write_unlock(&b);
	spin_unlock(&a);
	pr_info("ok\\n");
	return 0;
}
module_init(s_init);
`, { includes: ["linux/spinlock.h"] });
    expect(log).toEqual(["ok"]);
    expect(sys.reports).toBe(0);
  });
});

describe("rwlocks", () => {
  it("readers nest, writers exclude, the irq/bh forms save state", async () => {
    const { log, sys } = await run("rw1", `
static DEFINE_RWLOCK(a);
static rwlock_t b;
static int __init r_init(void)
{
	unsigned long flags;

	rwlock_init(&b);
	read_lock(&a);
	read_lock(&a);
	pr_info("2 readers pc=%d can_write=%d can_read=%d\\n", preempt_count(), write_can_lock(&a), read_can_lock(&a));
	read_unlock(&a);
	read_unlock(&a);
	write_lock(&a);
	pr_info("writer pc=%d can_read=%d\\n", preempt_count(), read_can_lock(&a));
	write_unlock(&a);
	read_lock_irqsave(&b, flags);
	pr_info("read irqsave irqs=%d\\n", irqs_disabled());
	read_unlock_irqrestore(&b, flags);
	write_lock_irqsave(&b, flags);
	pr_info("write irqsave irqs=%d\\n", irqs_disabled());
	write_unlock_irqrestore(&b, flags);
	write_lock_bh(&b);
	pr_info("write bh softirq=%d\\n", in_softirq() != 0);
	write_unlock_bh(&b);
	read_lock_irq(&b);
	read_unlock_irq(&b);
	write_lock_irq(&b);
	write_unlock_irq(&b);
	read_lock_bh(&b);
	read_unlock_bh(&b);
	pr_info("trylocks %d %d\\n", read_trylock(&b), write_trylock(&a));
	read_unlock(&b);
	write_unlock(&a);
	pr_info("end pc=%d irqs=%d\\n", preempt_count(), irqs_disabled());
	return 0;
}
module_init(r_init);
`, { includes: ["linux/spinlock.h"] });
    expect(log).toEqual([
      "2 readers pc=2 can_write=0 can_read=1",
      "writer pc=1 can_read=0",
      "read irqsave irqs=1",
      "write irqsave irqs=1",
      "write bh softirq=1",
      "trylocks 1 1",
      "end pc=0 irqs=0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("write-locking a rwlock twice is rwlock recursion; write_unlock of an unlocked one is wrong owner", async () => {
    const rec = await run("rwrec", `
static DEFINE_RWLOCK(a);
static int __init r_init(void)
{
	write_lock(&a);
	write_lock(&a);
	pr_info("goes on\\n");
	write_unlock(&a);
	return 0;
}
module_init(r_init);
`, { includes: ["linux/spinlock.h"] });
    expect(rec.log[0]).toMatch(new RegExp(`^BUG: rwlock recursion on CPU#0, insmod/\\d+, ${HEX}$`));
    expect(rec.log[1]).toMatch(/^CPU: 0 PID: \d+ Comm: insmod/);
    expect(rec.log).toContain("goes on");
    expect(rec.sys.reports).toBe(1);

    const unl = await run("rwunl", `
static DEFINE_RWLOCK(a);
static int __init r_init(void)
{
	write_unlock(&a);
	return 0;
}
module_init(r_init);
`, { includes: ["linux/spinlock.h"] });
    expect(unl.log[0]).toMatch(/^BUG: rwlock wrong owner on CPU#0, insmod\/\d+, [0-9a-f]+$/);
  });
});

describe("mutexes without contention", () => {
  it("lock, unlock, trylock and is_locked", async () => {
    const { log, sys } = await run("mtx1", `
static DEFINE_MUTEX(a);
static struct mutex b;
static int __init m_init(void)
{
	mutex_init(&b);
	pr_info("locked=%d\\n", mutex_is_locked(&a));
	mutex_lock(&a);
	pr_info("locked=%d trylock=%d\\n", mutex_is_locked(&a), mutex_trylock(&a));
	pr_info("b: trylock=%d interruptible=%d\\n", mutex_trylock(&b), 0);
	mutex_unlock(&b);
	pr_info("b: interruptible=%d killable=%d\\n", mutex_lock_interruptible(&b), 0);
	mutex_unlock(&b);
	pr_info("b: killable=%d\\n", mutex_lock_killable(&b));
	mutex_unlock(&b);
	mutex_lock_nested(&b, SINGLE_DEPTH_NESTING);
	mutex_unlock(&b);
	mutex_unlock(&a);
	pr_info("locked=%d pc=%d\\n", mutex_is_locked(&a), preempt_count());
	mutex_destroy(&b);
	return 0;
}
module_init(m_init);
`, { includes: ["linux/mutex.h", "linux/preempt.h"] });
    expect(log).toEqual([
      "locked=0",
      "locked=1 trylock=0",
      "b: trylock=1 interruptible=0",
      "b: interruptible=0 killable=0",
      "b: killable=0",
      "locked=0 pc=0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("two mutexes of one class (same mutex_init site) need mutex_lock_nested", async () => {
    const { log } = await run("mtxclass", `
struct dev { struct mutex lock; };
static struct dev d[2];
static int __init m_init(void)
{
	int i;

	for (i = 0; i < 2; i++)
		mutex_init(&d[i].lock);
	mutex_lock(&d[0].lock);
	mutex_lock_nested(&d[1].lock, SINGLE_DEPTH_NESTING);
	pr_info("nested ok\\n");
	mutex_unlock(&d[1].lock);
	mutex_unlock(&d[0].lock);
	return 0;
}
module_init(m_init);
`, { includes: ["linux/mutex.h", "linux/preempt.h"] });
    expect(log).toEqual(["nested ok"]);
  });

  it("mutex_unlock of an unlocked mutex is lockdep's bad unlock balance; state stays sane", async () => {
    const { log, sys } = await run("mtxunl", `
static DEFINE_MUTEX(my_mutex);
static noinline void drop(void) { mutex_unlock(&my_mutex); }
static int __init m_init(void)
{
	drop();
	pr_info("locked=%d\\n", mutex_is_locked(&my_mutex));
	mutex_lock(&my_mutex);
	pr_info("locked=%d\\n", mutex_is_locked(&my_mutex));
	mutex_unlock(&my_mutex);
	return 0;
}
module_init(m_init);
`, { includes: ["linux/mutex.h", "linux/preempt.h"] });
    const t = text(log);
    expect(t).toMatch(new RegExp([
      "=====================================",
      "WARNING: bad unlock balance detected!",
      `6\\.1\\.0 #1 ${TAINT_O}`,
      "-------------------------------------",
      "insmod/\\d+ is trying to release lock \\(my_mutex\\) at:",
      "drop\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[mtxunl\\]",
      "but there are no more locks to release!",
      "other info that might help us debug this:",
      "no locks held by insmod/\\d+\\.",
      "stack backtrace:",
      "CPU: 0 PID: \\d+ Comm: insmod",
    ].join("\n")));
    expect(log.slice(-2)).toEqual(["locked=0", "locked=1"]);
    expect(sys.reports).toBe(1);
  });

  it("a mutex used without initialisation: DEBUG_LOCKS_WARN_ON(lock->magic != lock)", async () => {
    const { log, sys } = await run("mtxnoinit", `
static struct mutex m;
static int __init m_init(void)
{
	mutex_lock(&m);
	mutex_unlock(&m);
	pr_info("done\\n");
	return 0;
}
module_init(m_init);
`, { includes: ["linux/mutex.h", "linux/preempt.h"] });
    const t = text(log);
    expect(t).toContain("------------[ cut here ]------------\nDEBUG_LOCKS_WARN_ON(lock->magic != lock)");
    expect(t).toMatch(/WARNING: CPU: 0 PID: \d+ at kernel\/locking\/mutex\.c:\d+ __mutex_lock_common\+0x[0-9a-f]+\/0x[0-9a-f]+/);
    expect(log).toContain("done");
    expect(sys.reports).toBe(1);
  });
});

describe("semaphores without contention", () => {
  it("down/up, trylock, timeouts that need no wait, and every era's initialisers", async () => {
    const { log, sys } = await run("sem1", `
static DEFINE_SEMAPHORE(one);		/* 2.6.36-6.3: count 1 */
static DEFINE_SEMAPHORE(three, 3);	/* 6.4+: explicit count */
static DECLARE_MUTEX(old);		/* 2.6.x semaphore-as-mutex */
static struct semaphore s, locked;
static int __init s_init(void)
{
	sema_init(&s, 2);
	init_MUTEX_LOCKED(&locked);
	pr_info("counts %u %u %u %u %u\\n", one.count, three.count, old.count, s.count, locked.count);
	down(&one);
	pr_info("down: count=%u trylock=%d\\n", one.count, down_trylock(&one));
	up(&one);
	pr_info("up: count=%u trylock=%d count=%u\\n", one.count, down_trylock(&one), one.count);
	up(&one);
	pr_info("interruptible=%d killable=%d timeout=%d count=%u\\n", down_interruptible(&s), down_killable(&s),
		down_timeout(&three, HZ), three.count);
	pr_info("locked: trylock=%d\\n", down_trylock(&locked));
	up(&locked);
	pr_info("locked after up: trylock=%d\\n", down_trylock(&locked));
	init_MUTEX(&s);
	pr_info("init_MUTEX count=%u pc=%d\\n", s.count, preempt_count());
	return 0;
}
module_init(s_init);
`, { includes: ["linux/semaphore.h", "linux/jiffies.h"] });
    expect(log).toEqual([
      "counts 1 3 1 2 0",
      "down: count=0 trylock=1",
      "up: count=1 trylock=0 count=0",
      "interruptible=0 killable=0 timeout=0 count=2",
      "locked: trylock=1",
      "locked after up: trylock=0",
      "init_MUTEX count=1 pc=0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("a 2.6.23 module: <asm/semaphore.h>, DECLARE_MUTEX, init_MUTEX, <asm/atomic.h>", async () => {
    const { log } = await run("semold", `
static struct semaphore s;
static DECLARE_MUTEX(big);
static atomic_t n = ATOMIC_INIT(1);
static int __init s_init(void)
{
	init_MUTEX(&s);
	if (down_interruptible(&s))
		return -EINTR;
	down(&big);
	atomic_inc(&n);
	smp_mb__after_atomic_inc();
	up(&big);
	up(&s);
	pr_info("ok %u %u %d\\n", s.count, big.count, atomic_read(&n));
	return 0;
}
module_init(s_init);
`, { includes: ["asm/semaphore.h", "asm/atomic.h"], kernelVersion: "2.6.23" });
    expect(log).toEqual(["ok 1 1 2"]);
  });
});

describe("rw_semaphores without contention", () => {
  it("readers share, writers exclude, downgrade_write, trylocks", async () => {
    const { log, sys } = await run("rwsem1", `
static DECLARE_RWSEM(a);
static struct rw_semaphore b;
static int __init r_init(void)
{
	init_rwsem(&b);
	down_read(&a);
	pr_info("read: locked=%d wtry=%d rtry=%d\\n", rwsem_is_locked(&a), down_write_trylock(&a), down_read_trylock(&b));
	up_read(&b);
	up_read(&a);
	pr_info("unlocked=%d\\n", !rwsem_is_locked(&a));
	down_write(&a);
	pr_info("write: rtry=%d wtry=%d\\n", down_read_trylock(&a), down_write_trylock(&a));
	downgrade_write(&a);
	pr_info("downgraded: wtry=%d locked=%d\\n", down_write_trylock(&a), rwsem_is_locked(&a));
	up_read(&a);
	pr_info("killable=%d\\n", down_write_killable(&b));
	up_write(&b);
	pr_info("read killable=%d interruptible=%d\\n", down_read_killable(&b), 0);
	up_read(&b);
	pr_info("end locked=%d %d\\n", rwsem_is_locked(&a), rwsem_is_locked(&b));
	return 0;
}
module_init(r_init);
`, { includes: ["linux/rwsem.h"] });
    expect(log).toEqual([
      "read: locked=1 wtry=0 rtry=1",
      "unlocked=1",
      "write: rtry=0 wtry=0",
      "downgraded: wtry=0 locked=1",
      "killable=0",
      "read killable=0 interruptible=0",
      "end locked=0 0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("down_read twice in one task is recursive locking for lockdep (rwsem readers are not recursive)", async () => {
    const { log } = await run("rwsemrec", `
static DECLARE_RWSEM(cfg_sem);
static int __init r_init(void)
{
	down_read(&cfg_sem);
	down_read(&cfg_sem);
	pr_info("both taken\\n");
	up_read(&cfg_sem);
	up_read(&cfg_sem);
	return 0;
}
module_init(r_init);
`, { includes: ["linux/rwsem.h"] });
    const t = text(log);
    expect(t).toMatch(/WARNING: possible recursive locking detected\n.*\n-+\ninsmod\/\d+ is trying to acquire lock:\n[0-9a-f]{8} \(cfg_sem\)\{\.\+\.\+\}-\{3:3\}, at: r_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[rwsemrec\]\nbut task is already holding lock:\n[0-9a-f]{8} \(cfg_sem\)\{\.\+\.\+\}-\{3:3\}, at: r_init/);
    expect(t).toContain("  lock(cfg_sem);\n  lock(cfg_sem);");
    // No writer in between: the second reader gets it, as in Linux.
    expect(log).toContain("both taken");
  });

  it("up_read of an unlocked rwsem: lockdep, then DEBUG_RWSEMS_WARN_ON; the count does not underflow", async () => {
    const { log } = await run("rwsemunl", `
static DECLARE_RWSEM(s);
static int __init r_init(void)
{
	up_read(&s);
	pr_info("count=%ld\\n", atomic_long_read(&s.count));
	return 0;
}
module_init(r_init);
`, { includes: ["linux/rwsem.h"] });
    const t = text(log);
    expect(t).toMatch(/insmod\/\d+ is trying to release lock \(s\) at:\nr_init\+/);
    expect(t).toMatch(/DEBUG_RWSEMS_WARN_ON\(!is_rwsem_reader_owned\(sem\)\): count = 0x0, magic = 0x[0-9a-f]+, owner = 0x0, curr 0x[0-9a-f]+, list empty/);
    expect(log).toContain("count=0");
  });
});

describe("atomics", () => {
  it("atomic_t, atomic64_t and atomic_long_t operations return what Linux's do", async () => {
    const { log } = await run("atom", `
static atomic_t a = ATOMIC_INIT(5);
static atomic64_t b = ATOMIC64_INIT(1LL << 40);
static atomic_long_t c = ATOMIC_LONG_INIT(-1);
static int __init a_init(void)
{
	int old = 3;

	atomic_add(3, &a); atomic_sub(1, &a); atomic_inc(&a); atomic_dec(&a);
	pr_info("a=%d\\n", atomic_read(&a));
	pr_info("add_return=%d sub_return=%d inc_return=%d dec_return=%d\\n",
		atomic_add_return(10, &a), atomic_sub_return(5, &a), atomic_inc_return(&a), atomic_dec_return(&a));
	pr_info("fetch_add=%d fetch_sub=%d fetch_inc=%d fetch_dec=%d now=%d\\n",
		atomic_fetch_add(2, &a), atomic_fetch_sub(2, &a), atomic_fetch_inc(&a), atomic_fetch_dec(&a), atomic_read(&a));
	atomic_set(&a, 1);
	pr_info("dec_and_test=%d dec_and_test=%d inc_and_test=%d sub_and_test=%d add_negative=%d\\n",
		atomic_dec_and_test(&a), atomic_dec_and_test(&a), atomic_inc_and_test(&a), atomic_sub_and_test(0, &a),
		atomic_add_negative(-1, &a));
	atomic_set(&a, 3);
	pr_info("cmpxchg=%d/%d cmpxchg=%d/%d xchg=%d/%d\\n", atomic_cmpxchg(&a, 3, 4), atomic_read(&a),
		atomic_cmpxchg(&a, 3, 9), atomic_read(&a), atomic_xchg(&a, 7), atomic_read(&a));
	pr_info("try_cmpxchg=%d old=%d try_cmpxchg=%d a=%d\\n", atomic_try_cmpxchg(&a, &old, 1), old,
		atomic_try_cmpxchg(&a, &old, 1), atomic_read(&a));
	atomic_set(&a, 0);
	pr_info("inc_not_zero=%d add_unless=%d a=%d fetch_add_unless=%d a=%d dec_if_positive=%d\\n",
		atomic_inc_not_zero(&a), atomic_add_unless(&a, 5, 1), atomic_read(&a),
		atomic_fetch_add_unless(&a, 1, 5), atomic_read(&a), atomic_dec_if_positive(&a));
	atomic_set(&a, 0xf0);
	atomic_and(0x3c, &a); atomic_or(1, &a); atomic_xor(0xff, &a); atomic_andnot(0x80, &a);
	pr_info("bits=%#x fetch_or=%#x a=%#x\\n", atomic_read(&a), atomic_fetch_or(0x100, &a), atomic_read(&a));
	atomic64_add(1, &b);
	pr_info("b=%lld inc_return=%lld cmpxchg=%lld\\n", atomic64_read(&b), atomic64_inc_return(&b),
		atomic64_cmpxchg(&b, (1LL << 40) + 2, 7));
	pr_info("b=%lld dec_and_test=%d\\n", atomic64_read(&b), atomic64_dec_and_test(&b));
	pr_info("c=%ld inc_return=%ld inc_and_test=%d c=%ld\\n", atomic_long_read(&c), atomic_long_inc_return(&c),
		atomic_long_inc_and_test(&c), atomic_long_read(&c));
	return 0;
}
module_init(a_init);
`, { includes: ["linux/atomic.h"] });
    expect(log).toEqual([
      "a=7",
      "add_return=17 sub_return=12 inc_return=13 dec_return=12",
      "fetch_add=12 fetch_sub=14 fetch_inc=12 fetch_dec=13 now=12",
      "dec_and_test=1 dec_and_test=0 inc_and_test=1 sub_and_test=1 add_negative=1",
      "cmpxchg=3/4 cmpxchg=4/4 xchg=4/7",
      "try_cmpxchg=0 old=7 try_cmpxchg=1 a=1",
      "inc_not_zero=0 add_unless=1 a=5 fetch_add_unless=5 a=5 dec_if_positive=4",
      "bits=0x4e fetch_or=0x4e a=0x14e",
      "b=1099511627777 inc_return=1099511627778 cmpxchg=1099511627778",
      "b=7 dec_and_test=0",
      "c=-1 inc_return=0 inc_and_test=0 c=1",
    ]);
  });

  it("xchg/cmpxchg on plain variables and <asm/atomic.h>", async () => {
    const { log } = await run("xchg", `
static unsigned long flags = 1;
static void *ptr;
static int __init x_init(void)
{
	unsigned long old = xchg(&flags, 5UL);
	void *p = cmpxchg(&ptr, NULL, (void *)&flags);

	pr_info("old=%lu flags=%lu p=%d set=%d again=%d\\n", old, flags, p == NULL, ptr == &flags,
		cmpxchg(&ptr, NULL, NULL) == (void *)&flags);
	return 0;
}
module_init(x_init);
`, { includes: ["asm/atomic.h"] });
    expect(log).toEqual(["old=1 flags=5 p=1 set=1 again=1"]);
  });

  it("refcount_t saturates and warns like Linux", async () => {
    const { log, sys } = await run("refc", `
static refcount_t r = REFCOUNT_INIT(1);
static struct kref k;
static void rel(struct kref *kref) { pr_info("released\\n"); }
static int __init r_init(void)
{
	refcount_inc(&r);
	pr_info("r=%u dec_and_test=%d dec_and_test=%d\\n", refcount_read(&r), refcount_dec_and_test(&r),
		refcount_dec_and_test(&r));
	pr_info("inc_not_zero=%d\\n", refcount_inc_not_zero(&r));
	kref_init(&k);
	kref_get(&k);
	pr_info("put=%d\\n", kref_put(&k, rel));
	pr_info("put=%d\\n", kref_put(&k, rel));
	refcount_dec(&r);
	pr_info("r=%#x\\n", refcount_read(&r));
	return 0;
}
module_init(r_init);
`, { includes: ["linux/refcount.h", "linux/kref.h"] });
    expect(log.filter((l) => !/^(CPU|Hardware|Call|Modules| |WARNING|---|EIP|Disabling lock debugging)/.test(l))).toEqual([
      "r=2 dec_and_test=0 dec_and_test=1",
      "inc_not_zero=0",
      "put=0",
      "released",
      "put=1",
      "------------[ cut here ]------------",
      "refcount_t: decrement hit 0; leaking memory.",
      "r=0xc0000000",
    ].filter((l) => !l.startsWith("---")));
    expect(text(log)).toMatch(/WARNING: CPU: 0 PID: \d+ at lib\/refcount\.c:\d+ refcount_warn_saturate\+/);
    expect(sys.reports).toBe(1);
  });
});

describe("bitops", () => {
  it("bit operations, searches and word helpers", async () => {
    const { log } = await run("bits", `
static DECLARE_BITMAP(map, 100);
static unsigned long word;
static int __init b_init(void)
{
	unsigned long bit;
	char buf[128];
	int n = 0;

	set_bit(3, &word); __set_bit(5, &word); change_bit(6, &word); change_bit(5, &word);
	pr_info("word=%#lx test3=%d test5=%d\\n", word, test_bit(3, &word), test_bit(5, &word));
	pr_info("tas=%d tas=%d tac=%d tac=%d tach=%d word=%#lx\\n", test_and_set_bit(0, &word), test_and_set_bit(0, &word),
		test_and_clear_bit(3, &word), test_and_clear_bit(3, &word), test_and_change_bit(31, &word), word);
	clear_bit(0, &word); __clear_bit(6, &word); __change_bit(1, &word);
	pr_info("word=%#lx __tas=%d __tac=%d\\n", word, __test_and_set_bit(2, &word), __test_and_clear_bit(1, &word));
	bitmap_zero(map, 100);
	pr_info("empty first=%lu zero=%lu\\n", find_first_bit(map, 100), find_first_zero_bit(map, 100));
	set_bit(0, map); set_bit(33, map); set_bit(64, map); set_bit(99, map);
	for_each_set_bit(bit, map, 100)
		n += scnprintf(buf + n, sizeof(buf) - n, " %lu", bit);
	pr_info("set:%s weight=%u\\n", buf, bitmap_weight(map, 100));
	pr_info("first=%lu next(1)=%lu next(65)=%lu next(100)=%lu last=%lu nextzero(0)=%lu\\n", find_first_bit(map, 100),
		find_next_bit(map, 100, 1), find_next_bit(map, 100, 65), find_next_bit(map, 100, 100), find_last_bit(map, 100),
		find_next_zero_bit(map, 100, 0));
	pr_info("ffs=%d,%d fls=%d,%d __ffs=%lu __fls=%lu ffz=%lu fls64=%d hweight32=%u hweight8=%u hweight64=%lu\\n",
		ffs(0), ffs(0x18), fls(0), fls(0x18), __ffs(0x18), __fls(0x18), ffz(0x7), fls64(1ULL << 40),
		hweight32(0xf0f0), hweight8(0x1ff), (unsigned long)hweight64(~0ULL));
	pr_info("BIT=%#lx GENMASK=%#lx BIT_WORD=%lu BITS_TO_LONGS=%lu\\n", BIT(4), GENMASK(7, 4), BIT_WORD(70),
		(unsigned long)BITS_TO_LONGS(100));
	return 0;
}
module_init(b_init);
`, { includes: ["linux/bitops.h", "linux/bitmap.h"] });
    expect(log).toEqual([
      "word=0x48 test3=1 test5=0",
      "tas=0 tas=1 tac=1 tac=0 tach=0 word=0x80000041",
      "word=0x80000002 __tas=0 __tac=1",
      "empty first=100 zero=0",
      "set: 0 33 64 99 weight=4",
      "first=0 next(1)=33 next(65)=99 next(100)=100 last=99 nextzero(0)=1",
      "ffs=0,4 fls=0,5 __ffs=3 __fls=4 ffz=3 fls64=41 hweight32=8 hweight8=8 hweight64=64",
      "BIT=0x10 GENMASK=0xf0 BIT_WORD=2 BITS_TO_LONGS=4",
    ]);
  });
});

describe("barriers and bottom halves", () => {
  it("barriers compile to nothing visible; local_bh_disable nests in preempt_count", async () => {
    const { log, sys } = await run("bh", `
static int x, y;
static int __init b_init(void)
{
	int v;

	mb(); rmb(); wmb(); smp_mb(); smp_rmb(); smp_wmb(); barrier();
	smp_mb__before_atomic(); smp_mb__after_atomic();
	smp_store_mb(x, 1);
	smp_store_release(&y, 2);
	v = smp_load_acquire(&y);
	set_mb(x, 3);
	pr_info("x=%d y=%d v=%d\\n", x, y, v);
	local_bh_disable();
	pr_info("bh off: pc=%#x in_softirq=%d serving=%d\\n", preempt_count(), in_softirq() != 0, in_serving_softirq() != 0);
	local_bh_disable();
	pr_info("nested: pc=%#x\\n", preempt_count());
	local_bh_enable();
	local_bh_enable();
	pr_info("bh on: pc=%#x in_softirq=%d\\n", preempt_count(), in_softirq() != 0);
	return 0;
}
module_init(b_init);
`, { includes: ["linux/bottom_half.h", "asm/barrier.h", "linux/preempt.h"] });
    expect(log).toEqual([
      "x=3 y=2 v=2",
      "bh off: pc=0x200 in_softirq=1 serving=0",
      "nested: pc=0x400",
      "bh on: pc=0x0 in_softirq=0",
    ]);
    expect(sys.reports).toBe(0);
  });
});

describe("RCU without grace periods", () => {
  it("read-side nesting, pointer publication and the RCU list helpers", async () => {
    const { log, sys } = await run("rcu1", `
struct item { int v; struct list_head node; struct hlist_node h; struct rcu_head rcu; };
static LIST_HEAD(items);
static HLIST_HEAD(hitems);
static struct item it[3];
static struct item __rcu *cur;
static int __init r_init(void)
{
	struct item *p;
	int i, sum = 0, hsum = 0;

	for (i = 0; i < 3; i++) {
		it[i].v = i + 1;
		list_add_tail_rcu(&it[i].node, &items);
		hlist_add_head_rcu(&it[i].h, &hitems);
	}
	RCU_INIT_POINTER(cur, NULL);
	rcu_assign_pointer(cur, &it[1]);
	rcu_read_lock();
	rcu_read_lock();
	pr_info("held=%d depth=%d\\n", rcu_read_lock_held(), current->rcu_read_lock_nesting);
	rcu_read_unlock();
	p = rcu_dereference(cur);
	list_for_each_entry_rcu(p, &items, node)
		sum = sum * 10 + p->v;
	hlist_for_each_entry_rcu(p, &hitems, h)
		hsum = hsum * 10 + p->v;
	pr_info("cur=%d sum=%d hsum=%d first=%d\\n", rcu_dereference(cur)->v, sum, hsum,
		list_first_or_null_rcu(&items, struct item, node)->v);
	rcu_read_unlock();
	list_del_rcu(&it[1].node);
	list_replace_rcu(&it[2].node, &it[1].node);
	sum = 0;
	list_for_each_entry(p, &items, node)
		sum = sum * 10 + p->v;
	pr_info("held=%d after del/replace sum=%d access=%d\\n", rcu_read_lock_held(), sum,
		rcu_access_pointer(cur) == &it[1]);
	rcu_read_lock_bh();
	pr_info("bh held=%d\\n", rcu_read_lock_bh_held());
	rcu_read_unlock_bh();
	rcu_read_lock_sched();
	pr_info("sched held=%d\\n", rcu_read_lock_sched_held());
	rcu_read_unlock_sched();
	synchronize_rcu();
	pr_info("synchronized pc=%d\\n", preempt_count());
	return 0;
}
module_init(r_init);
`, { includes: ["linux/rculist.h", "linux/sched.h"] });
    expect(log).toEqual([
      "held=1 depth=2",
      "cur=2 sum=123 hsum=321 first=1",
      "held=0 after del/replace sum=12 access=1",
      "bh held=1",
      "sched held=1",
      "synchronized pc=0",
    ]);
    expect(sys.reports).toBe(0);
  });

  it("call_rcu and kfree_rcu (both forms) callbacks run by rcu_barrier", async () => {
    const { log, sys } = await run("rcucb", `
struct obj { int v; struct rcu_head rcu; };
static void cb(struct rcu_head *h)
{
	struct obj *o = container_of(h, struct obj, rcu);

	pr_info("callback %d in_softirq=%d\\n", o->v, in_serving_softirq() != 0);
	kfree(o);
}
static int __init r_init(void)
{
	struct obj *a = kmalloc(sizeof(*a), GFP_KERNEL), *b = kmalloc(sizeof(*b), GFP_KERNEL);
	void *c = kmalloc(32, GFP_KERNEL);

	a->v = 1;
	b->v = 2;
	call_rcu(&a->rcu, cb);
	kfree_rcu(b, rcu);
	kfree_rcu(c);
	rcu_read_lock();
	pr_info("queued\\n");
	rcu_read_unlock();
	rcu_barrier();
	pr_info("barrier done\\n");
	return 0;
}
module_init(r_init);
`, { includes: ["linux/rcupdate.h", "linux/slab.h"] });
    expect(log).toEqual(["queued", "callback 1 in_softirq=1", "barrier done"]);
    expect(sys.reports).toBe(0);
  });

  it("rcu_read_unlock without rcu_read_lock: lockdep's bad unlock balance of (rcu_read_lock)", async () => {
    const { log } = await run("rcuunl", `
static int __init r_init(void)
{
	rcu_read_unlock();
	return 0;
}
module_init(r_init);
`, { includes: ["linux/rcupdate.h"] });
    expect(text(log)).toMatch(/insmod\/\d+ is trying to release lock \(rcu_read_lock\) at:\nr_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[rcuunl\]\nbut there are no more locks to release!/);
    expect(text(log)).toMatch(/WARNING: CPU: 0 PID: \d+ at kernel\/rcu\/tree\.c:\d+ __rcu_read_unlock\+/);
  });

  it("pre-4.20 names: call_rcu_sched, synchronize_sched, rcu_barrier_bh", async () => {
    const { log } = await run("rcuold", `
static struct rcu_head h;
static void cb(struct rcu_head *x) { pr_info("cb\\n"); }
static int __init r_init(void)
{
	call_rcu_sched(&h, cb);
	synchronize_sched();
	rcu_barrier_bh();
	return 0;
}
module_init(r_init);
`, { includes: ["linux/rcupdate.h"] });
    expect(log).toEqual(["cb"]);
  });
});
