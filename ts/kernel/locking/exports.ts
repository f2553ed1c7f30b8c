// kemu: kernel/locking/*.c exports (+ lib/kernel_lock.c, lib/find_bit.c, lib/refcount.c, lib/dec_and_lock.c,
// lib/debug_locks.c and kernel/softirq.c's local_bh_enable). The C core implements the locks;
// the TS functions here are lockdep's reporting half: the debug_locks switch (kept with the
// taint state in panic.ts), the kernel ident line, and acquire sites as saved JS stack traces
// (wasm code has no return addresses), symbolized only when a report prints them.
import { formatSymbol, type Symbolized } from "../kallsyms.js";
import { exportsOf } from "../ksyms.js";
import type { Kernel } from "../kernel.js";

/** vmlinux functions of the lock code itself: the acquire site is the first frame past them. */
const LOCK_FRAMES = new Set([
  "kemu_lockdep_save_trace", "kemu_lockdep_sprint_trace",
  "lock_acquire", "lock_release", "lock_downgrade", "print_deadlock_bug", "print_unlock_imbalance_bug",
  "print_lock", "lockdep_print_held_locks", "kemu_lockdep_rcu_unlock_imbalance", "print_freed_lock_bug",
  "debug_check_no_locks_freed", "debug_check_no_locks_held", "lockdep_sys_exit",
  "__mutex_lock_common", "mutex_lock", "mutex_lock_nested", "_mutex_lock_nest_lock", "mutex_lock_interruptible",
  "mutex_lock_interruptible_nested", "mutex_lock_killable", "mutex_lock_killable_nested", "mutex_lock_io",
  "mutex_lock_io_nested", "mutex_trylock", "mutex_unlock", "__mutex_init",
  "down_read", "down_read_nested", "down_read_interruptible", "down_read_killable", "down_read_killable_nested",
  "down_read_trylock", "down_write", "down_write_nested", "_down_write_nest_lock", "down_write_killable",
  "down_write_killable_nested", "down_write_trylock", "up_read", "up_write", "downgrade_write",
  "__down_read_common", "__down_write_common", "__up_read", "__up_write", "rwsem_wait", "__init_rwsem",
  "__rcu_read_unlock",
]);

interface TraceState {
  traces: Map<number, Error>;
  next: number;
}
const states = new WeakMap<Kernel, TraceState>();
function traceState(k: Kernel): TraceState {
  let s = states.get(k);
  if (!s) {
    s = { traces: new Map(), next: 1 };
    states.set(k, s);
  }
  return s;
}

/** A stack trace costs little until .stack is read; only a few frames are ever needed. */
function captureTrace(): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  try {
    return new Error("lockdep");
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The caller of the lock function in a saved trace, as %pS prints it. */
export function acquireSite(frames: Symbolized[]): string {
  const f = frames.find((s) => s.module !== null || !LOCK_FRAMES.has(s.func));
  return f ? formatSymbol(f) : "0x0";
}

function writeString(k: Kernel, buf: number, size: number, s: string): number {
  if (size <= 0) return 0;
  const bytes = Buffer.from(s, "utf8").subarray(0, size - 1);
  k.mem.writeCString(buf, bytes);
  return bytes.length;
}

export const LOCKING_EXPORTS = [
  ...exportsOf("kernel/locking/spinlock.c", {
    __raw_spin_lock_init: ["void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name, struct lock_class_key *key, short inner)", "c"],
    __rwlock_init: ["void __rwlock_init(rwlock_t *lock, const char *name, struct lock_class_key *key)", "c"],
    _raw_spin_lock: ["void _raw_spin_lock(raw_spinlock_t *lock)", "c"],
    _raw_spin_lock_nested: ["void _raw_spin_lock_nested(raw_spinlock_t *lock, int subclass)", "c"],
    _raw_spin_lock_bh: ["void _raw_spin_lock_bh(raw_spinlock_t *lock)", "c"],
    _raw_spin_lock_irq: ["void _raw_spin_lock_irq(raw_spinlock_t *lock)", "c"],
    _raw_spin_lock_irqsave: ["unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock)", "c"],
    _raw_spin_lock_irqsave_nested: ["unsigned long _raw_spin_lock_irqsave_nested(raw_spinlock_t *lock, int subclass)", "c"],
    _raw_spin_trylock: ["int _raw_spin_trylock(raw_spinlock_t *lock)", "c", {
      status: "partial", note: "uniprocessor: a failed trylock is Linux's \"trylock failure on UP\" report",
    }],
    _raw_spin_trylock_bh: ["int _raw_spin_trylock_bh(raw_spinlock_t *lock)", "c"],
    _raw_spin_unlock: ["void _raw_spin_unlock(raw_spinlock_t *lock)", "c"],
    _raw_spin_unlock_bh: ["void _raw_spin_unlock_bh(raw_spinlock_t *lock)", "c"],
    _raw_spin_unlock_irq: ["void _raw_spin_unlock_irq(raw_spinlock_t *lock)", "c"],
    _raw_spin_unlock_irqrestore: ["void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)", "c"],
    _raw_read_lock: ["void _raw_read_lock(rwlock_t *lock)", "c"],
    _raw_read_lock_bh: ["void _raw_read_lock_bh(rwlock_t *lock)", "c"],
    _raw_read_lock_irq: ["void _raw_read_lock_irq(rwlock_t *lock)", "c"],
    _raw_read_lock_irqsave: ["unsigned long _raw_read_lock_irqsave(rwlock_t *lock)", "c"],
    _raw_read_trylock: ["int _raw_read_trylock(rwlock_t *lock)", "c"],
    _raw_read_unlock: ["void _raw_read_unlock(rwlock_t *lock)", "c"],
    _raw_read_unlock_bh: ["void _raw_read_unlock_bh(rwlock_t *lock)", "c"],
    _raw_read_unlock_irq: ["void _raw_read_unlock_irq(rwlock_t *lock)", "c"],
    _raw_read_unlock_irqrestore: ["void _raw_read_unlock_irqrestore(rwlock_t *lock, unsigned long flags)", "c"],
    _raw_write_lock: ["void _raw_write_lock(rwlock_t *lock)", "c"],
    _raw_write_lock_nested: ["void _raw_write_lock_nested(rwlock_t *lock, int subclass)", "c"],
    _raw_write_lock_bh: ["void _raw_write_lock_bh(rwlock_t *lock)", "c"],
    _raw_write_lock_irq: ["void _raw_write_lock_irq(rwlock_t *lock)", "c"],
    _raw_write_lock_irqsave: ["unsigned long _raw_write_lock_irqsave(rwlock_t *lock)", "c"],
    _raw_write_trylock: ["int _raw_write_trylock(rwlock_t *lock)", "c"],
    _raw_write_unlock: ["void _raw_write_unlock(rwlock_t *lock)", "c"],
    _raw_write_unlock_bh: ["void _raw_write_unlock_bh(rwlock_t *lock)", "c"],
    _raw_write_unlock_irq: ["void _raw_write_unlock_irq(rwlock_t *lock)", "c"],
    _raw_write_unlock_irqrestore: ["void _raw_write_unlock_irqrestore(rwlock_t *lock, unsigned long flags)", "c"],
  }),
  ...exportsOf("kernel/locking/mutex.c", {
    __mutex_init: ["void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)", "c"],
    mutex_destroy: ["void mutex_destroy(struct mutex *lock)", "c", {
      note: "EXPORT_SYMBOL_GPL in a CONFIG_DEBUG_MUTEXES kernel (an empty inline otherwise); kemu lets any module call it",
    }],
    mutex_is_locked: ["bool mutex_is_locked(struct mutex *lock)", "c"],
    mutex_lock: ["void mutex_lock(struct mutex *lock)", "c", { sleeps: true }],
    mutex_lock_nested: ["void mutex_lock_nested(struct mutex *lock, unsigned int subclass)", "c", { sleeps: true, gpl: true }],
    _mutex_lock_nest_lock: ["void _mutex_lock_nest_lock(struct mutex *lock, struct lockdep_map *nest_lock)", "c", { sleeps: true, gpl: true }],
    mutex_lock_interruptible: ["int mutex_lock_interruptible(struct mutex *lock)", "c", { sleeps: true }],
    mutex_lock_interruptible_nested: ["int mutex_lock_interruptible_nested(struct mutex *lock, unsigned int subclass)", "c", { sleeps: true, gpl: true }],
    mutex_lock_killable: ["int mutex_lock_killable(struct mutex *lock)", "c", { sleeps: true }],
    mutex_lock_killable_nested: ["int mutex_lock_killable_nested(struct mutex *lock, unsigned int subclass)", "c", { sleeps: true, gpl: true }],
    mutex_lock_io: ["void mutex_lock_io(struct mutex *lock)", "c", { sleeps: true, gpl: true }],
    mutex_lock_io_nested: ["void mutex_lock_io_nested(struct mutex *lock, unsigned int subclass)", "c", { sleeps: true, gpl: true }],
    mutex_trylock: ["int mutex_trylock(struct mutex *lock)", "c"],
    mutex_unlock: ["void mutex_unlock(struct mutex *lock)", "c"],
    atomic_dec_and_mutex_lock: ["int atomic_dec_and_mutex_lock(atomic_t *cnt, struct mutex *lock)", "c", { sleeps: true }],
  }),
  ...exportsOf("kernel/locking/semaphore.c", {
    down: ["void down(struct semaphore *sem)", "c", { sleeps: true }],
    down_interruptible: ["int down_interruptible(struct semaphore *sem)", "c", { sleeps: true }],
    down_killable: ["int down_killable(struct semaphore *sem)", "c", { sleeps: true }],
    down_trylock: ["int down_trylock(struct semaphore *sem)", "c"],
    down_timeout: ["int down_timeout(struct semaphore *sem, long jiffies)", "c", { sleeps: true }],
    up: ["void up(struct semaphore *sem)", "c"],
  }),
  ...exportsOf("kernel/locking/rwsem.c", {
    __init_rwsem: ["void __init_rwsem(struct rw_semaphore *sem, const char *name, struct lock_class_key *key)", "c"],
    down_read: ["void down_read(struct rw_semaphore *sem)", "c", { sleeps: true }],
    down_read_nested: ["void down_read_nested(struct rw_semaphore *sem, int subclass)", "c", { sleeps: true, gpl: true }],
    down_read_interruptible: ["int down_read_interruptible(struct rw_semaphore *sem)", "c", { sleeps: true }],
    down_read_killable: ["int down_read_killable(struct rw_semaphore *sem)", "c", { sleeps: true }],
    down_read_killable_nested: ["int down_read_killable_nested(struct rw_semaphore *sem, int subclass)", "c", { sleeps: true, gpl: true }],
    down_read_trylock: ["int down_read_trylock(struct rw_semaphore *sem)", "c"],
    down_read_non_owner: ["void down_read_non_owner(struct rw_semaphore *sem)", "c", { sleeps: true, gpl: true }],
    down_write: ["void down_write(struct rw_semaphore *sem)", "c", { sleeps: true }],
    down_write_nested: ["void down_write_nested(struct rw_semaphore *sem, int subclass)", "c", { sleeps: true, gpl: true }],
    _down_write_nest_lock: ["void _down_write_nest_lock(struct rw_semaphore *sem, struct lockdep_map *nest_lock)", "c", { sleeps: true, gpl: true }],
    down_write_killable: ["int down_write_killable(struct rw_semaphore *sem)", "c", { sleeps: true }],
    down_write_killable_nested: ["int down_write_killable_nested(struct rw_semaphore *sem, int subclass)", "c", { sleeps: true, gpl: true }],
    down_write_trylock: ["int down_write_trylock(struct rw_semaphore *sem)", "c"],
    up_read: ["void up_read(struct rw_semaphore *sem)", "c"],
    up_read_non_owner: ["void up_read_non_owner(struct rw_semaphore *sem)", "c", { gpl: true }],
    up_write: ["void up_write(struct rw_semaphore *sem)", "c"],
    downgrade_write: ["void downgrade_write(struct rw_semaphore *sem)", "c"],
  }),
  ...exportsOf("kernel/locking/lockdep.c", {
    kemu_lock_site: ["int *kemu_lock_site", "c", {
      status: "internal", note: "the call site of a lock function, set by the wrappers in <linux/mutex.h> and <linux/rwsem.h> (wasm has no return addresses)",
    }],
    lock_acquire: ["void lock_acquire(struct lockdep_map *lock, unsigned int subclass, int trylock, int read, int check, struct lockdep_map *nest_lock, unsigned long ip)", "c", {
      gpl: true, status: "partial", note: "recursion and unlock-balance checks only: no dependency graph (no circular-locking or irq-safety reports)",
    }],
    lock_release: ["void lock_release(struct lockdep_map *lock, unsigned long ip)", "c", { gpl: true }],
    lock_downgrade: ["void lock_downgrade(struct lockdep_map *lock, unsigned long ip)", "c", { gpl: true }],
    lock_is_held_type: ["int lock_is_held_type(const struct lockdep_map *lock, int read)", "c", { gpl: true }],
    lockdep_init_map_type: ["void lockdep_init_map_type(struct lockdep_map *lock, const char *name, struct lock_class_key *key, int subclass, u8 inner, u8 outer, u8 lock_type)", "c", { gpl: true }],
    debug_check_no_locks_freed: ["void debug_check_no_locks_freed(const void *from, unsigned long len)", "c", { gpl: true }],
    debug_check_no_locks_held: ["void debug_check_no_locks_held(void)", "c", { gpl: true }],
    debug_show_all_locks: ["void debug_show_all_locks(void)", "c", { gpl: true }],
    debug_show_held_locks: ["void debug_show_held_locks(struct task_struct *task)", "c", { gpl: true }],
    kemu_lockdep_save_trace: ["int kemu_lockdep_save_trace(void)", (k) => () => {
      if (!k.panicState.debugLocks) return 0;
      const s = traceState(k);
      const id = s.next;
      s.next = s.next >= 0x7fffffff ? 1 : s.next + 1;
      s.traces.set(id, captureTrace());
      return id;
    }, { status: "internal", note: "lockdep: remember where a lock was taken (0: lock debugging is off)" }],
    kemu_lockdep_put_trace: ["void kemu_lockdep_put_trace(int id)", (k) => (id: number) => {
      traceState(k).traces.delete(id);
    }, { status: "internal", note: "lockdep: the lock was released" }],
    kemu_lockdep_sprint_trace: ["int kemu_lockdep_sprint_trace(int id, char *buf, int size)", (k) => (id: number, buf: number, size: number) => {
      const err = id ? traceState(k).traces.get(id) : captureTrace();
      const site = err ? acquireSite(k.kallsyms.backtrace(err.stack)) : "0x0";
      return writeString(k, buf, size, site);
    }, { status: "internal", note: "lockdep: %pS of a saved acquire site (id 0: the caller now)" }],
    kemu_print_kernel_ident: ["void kemu_print_kernel_ident(void)", (k) => () => {
      k.printk.log(4, `${k.release} #1 ${k.panicState.taintString()}\n`);
    }, { status: "internal", note: "lockdep's print_kernel_ident() line" }],
    kemu_locking_report: ["void kemu_locking_report(void)", (k) => () => {
      k.panicState.reports++;
    }, { status: "internal", note: "a lockdep or spinlock-debug report is being printed (counted like an Oops)" }],
  }),
  ...exportsOf("lib/debug_locks.c", {
    debug_locks_off: ["int debug_locks_off(void)", (k) => () => {
      if (!k.panicState.debugLocks) return 0;
      k.panicState.debugLocks = false;
      return 1;
    }, { gpl: true }],
    kemu_debug_locks: ["int kemu_debug_locks(void)", (k) => () => (k.panicState.debugLocks ? 1 : 0), {
      status: "internal", note: "the debug_locks variable of <linux/debug_locks.h>",
    }],
  }),
  ...exportsOf("kernel/softirq.c", {
    __local_bh_enable_ip: ["void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)", "c", {
      status: "partial", note: "does not run pending softirqs yet",
    }],
    _local_bh_enable: ["void _local_bh_enable(void)", "c"],
  }),
  ...exportsOf("lib/kernel_lock.c", {
    lock_kernel: ["void lock_kernel(void)", "c", {
      sleeps: true, status: "partial",
      note: "the big kernel lock (<linux/smp_lock.h>, only for LINUX_VERSION_CODE < 2.6.39): recursive, disables preemption, dropped while its holder sleeps as 2.6.26-2.6.38's; 2.6.8-2.6.25's preemptible semaphore variant is not emulated",
    }],
    unlock_kernel: ["void unlock_kernel(void)", "c", { note: "BUG() when the task does not hold the lock" }],
  }),
  ...exportsOf("lib/find_bit.c", {
    _find_next_bit: ["unsigned long _find_next_bit(const unsigned long *addr1, unsigned long nbits, unsigned long start)", "c"],
    _find_next_and_bit: ["unsigned long _find_next_and_bit(const unsigned long *addr1, const unsigned long *addr2, unsigned long nbits, unsigned long start)", "c"],
    _find_next_zero_bit: ["unsigned long _find_next_zero_bit(const unsigned long *addr, unsigned long nbits, unsigned long start)", "c"],
    _find_first_bit: ["unsigned long _find_first_bit(const unsigned long *addr, unsigned long size)", "c"],
    _find_first_and_bit: ["unsigned long _find_first_and_bit(const unsigned long *addr1, const unsigned long *addr2, unsigned long size)", "c"],
    _find_first_zero_bit: ["unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size)", "c"],
    _find_last_bit: ["unsigned long _find_last_bit(const unsigned long *addr, unsigned long size)", "c"],
  }),
  ...exportsOf("lib/refcount.c", {
    refcount_warn_saturate: ["void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)", "c"],
    refcount_dec_if_one: ["bool refcount_dec_if_one(refcount_t *r)", "c"],
    refcount_dec_not_one: ["bool refcount_dec_not_one(refcount_t *r)", "c"],
    refcount_dec_and_mutex_lock: ["bool refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock)", "c", { sleeps: true }],
    refcount_dec_and_lock: ["bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock)", "c"],
    refcount_dec_and_lock_irqsave: ["bool refcount_dec_and_lock_irqsave(refcount_t *r, spinlock_t *lock, unsigned long *flags)", "c"],
  }),
  ...exportsOf("lib/dec_and_lock.c", {
    _atomic_dec_and_lock: ["int _atomic_dec_and_lock(atomic_t *atomic, spinlock_t *lock)", "c"],
    _atomic_dec_and_lock_irqsave: ["int _atomic_dec_and_lock_irqsave(atomic_t *atomic, spinlock_t *lock, unsigned long *flags)", "c"],
    _atomic_dec_and_raw_lock: ["int _atomic_dec_and_raw_lock(atomic_t *atomic, raw_spinlock_t *lock)", "c"],
  }),
];
