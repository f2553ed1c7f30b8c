/* kemu: kernel/locking/spinlock_debug.c - CONFIG_DEBUG_SPINLOCK on a uniprocessor (Linux 6.1):
 * the same checks and "BUG: spinlock ..." reports. On one CPU the arch lock never spins (taking a
 * held lock just marks it taken), so after a recursion report the caller continues as if it had
 * the lock, exactly as a UP debug kernel does; a lock held by another task (one that slept
 * holding it) is reported as "cpu recursion", since that owner ran on this CPU too. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/debug_locks.h>
#include <linux/printk.h>

extern void dump_stack(void);
extern void kemu_locking_report(void);

#define raw_smp_processor_id() 0

void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name, struct lock_class_key *key, short inner)
{
	(void)key;
	(void)inner;
	lock->locked = 0;
	lock->magic = SPINLOCK_MAGIC;
	lock->owner = SPINLOCK_OWNER_INIT;
	lock->owner_cpu = -1;
	lock->name = name;
}

void __rwlock_init(rwlock_t *lock, const char *name, struct lock_class_key *key)
{
	(void)key;
	lock->readers = 0;
	lock->writer = 0;
	lock->magic = RWLOCK_MAGIC;
	lock->owner = SPINLOCK_OWNER_INIT;
	lock->owner_cpu = -1;
	lock->name = name;
}

static void spin_dump(raw_spinlock_t *lock, const char *msg)
{
	struct task_struct *owner = READ_ONCE(lock->owner);
	struct task_struct *curr = current;

	if (owner == SPINLOCK_OWNER_INIT)
		owner = NULL;
	kemu_locking_report();
	printk(KERN_EMERG "BUG: spinlock %s on CPU#%d, %s/%d\n",
		msg, raw_smp_processor_id(),
		curr ? curr->comm : "swapper/0", curr ? task_pid_nr(curr) : 0);
	printk(KERN_EMERG " lock: %pS, .magic: %08x, .owner: %s/%d, "
			".owner_cpu: %d\n",
		lock, READ_ONCE(lock->magic),
		owner ? owner->comm : "<none>",
		owner ? task_pid_nr(owner) : -1,
		READ_ONCE(lock->owner_cpu));
	dump_stack();
}

static void spin_bug(raw_spinlock_t *lock, const char *msg)
{
	if (!debug_locks_off())
		return;

	spin_dump(lock, msg);
}

#define SPIN_BUG_ON(cond, lock, msg) if (unlikely(cond)) spin_bug(lock, msg)

static inline void debug_spin_lock_before(raw_spinlock_t *lock)
{
	SPIN_BUG_ON(READ_ONCE(lock->magic) != SPINLOCK_MAGIC, lock, "bad magic");
	SPIN_BUG_ON(READ_ONCE(lock->owner) == current, lock, "recursion");
	SPIN_BUG_ON(READ_ONCE(lock->owner_cpu) == raw_smp_processor_id(),
							lock, "cpu recursion");
}

static inline void debug_spin_lock_after(raw_spinlock_t *lock)
{
	WRITE_ONCE(lock->owner_cpu, raw_smp_processor_id());
	WRITE_ONCE(lock->owner, current);
}

static inline void debug_spin_unlock(raw_spinlock_t *lock)
{
	SPIN_BUG_ON(lock->magic != SPINLOCK_MAGIC, lock, "bad magic");
	SPIN_BUG_ON(!raw_spin_is_locked(lock), lock, "already unlocked");
	SPIN_BUG_ON(lock->owner != current, lock, "wrong owner");
	SPIN_BUG_ON(lock->owner_cpu != raw_smp_processor_id(),
							lock, "wrong CPU");
	WRITE_ONCE(lock->owner, SPINLOCK_OWNER_INIT);
	WRITE_ONCE(lock->owner_cpu, -1);
}

/* include/linux/spinlock_up.h (CONFIG_DEBUG_SPINLOCK): nothing else can hold the lock while
 * this CPU runs, so the arch operations only record it; Linux would spin forever on a real
 * recursion, kemu (like the UP kernel) goes on. */
static inline void arch_spin_lock(raw_spinlock_t *lock)
{
	WRITE_ONCE(lock->locked, 1);
	barrier();
}

static inline int arch_spin_trylock(raw_spinlock_t *lock)
{
	unsigned int was_locked = READ_ONCE(lock->locked);

	WRITE_ONCE(lock->locked, 1);
	barrier();
	return !was_locked;
}

static inline void arch_spin_unlock(raw_spinlock_t *lock)
{
	barrier();
	WRITE_ONCE(lock->locked, 0);
}

void do_raw_spin_lock(raw_spinlock_t *lock)
{
	debug_spin_lock_before(lock);
	arch_spin_lock(lock);
	debug_spin_lock_after(lock);
}

int do_raw_spin_trylock(raw_spinlock_t *lock)
{
	int ret = arch_spin_trylock(lock);

	if (ret)
		debug_spin_lock_after(lock);
	/*
	 * Must not happen on UP:
	 */
	SPIN_BUG_ON(!ret, lock, "trylock failure on UP");
	return ret;
}

void do_raw_spin_unlock(raw_spinlock_t *lock)
{
	debug_spin_unlock(lock);
	arch_spin_unlock(lock);
}

static void rwlock_bug(rwlock_t *lock, const char *msg)
{
	struct task_struct *curr = current;

	if (!debug_locks_off())
		return;
	kemu_locking_report();

	printk(KERN_EMERG "BUG: rwlock %s on CPU#%d, %s/%d, %p\n",
		msg, raw_smp_processor_id(), curr ? curr->comm : "swapper/0",
		curr ? task_pid_nr(curr) : 0, lock);
	dump_stack();
}

#define RWLOCK_BUG_ON(cond, lock, msg) if (unlikely(cond)) rwlock_bug(lock, msg)

/* On UP the arch read/write lock operations do nothing (include/linux/spinlock_up.h): readers
 * and writers never exclude each other and trylocks always succeed. kemu still counts them so
 * that read_can_lock()/write_can_lock() answer. */
void do_raw_read_lock(rwlock_t *lock)
{
	RWLOCK_BUG_ON(lock->magic != RWLOCK_MAGIC, lock, "bad magic");
	lock->readers++;
}

int do_raw_read_trylock(rwlock_t *lock)
{
	lock->readers++;
	return 1;
}

void do_raw_read_unlock(rwlock_t *lock)
{
	RWLOCK_BUG_ON(lock->magic != RWLOCK_MAGIC, lock, "bad magic");
	if (lock->readers > 0)
		lock->readers--;
}

static inline void debug_write_lock_before(rwlock_t *lock)
{
	RWLOCK_BUG_ON(lock->magic != RWLOCK_MAGIC, lock, "bad magic");
	RWLOCK_BUG_ON(READ_ONCE(lock->owner) == current, lock, "recursion");
	RWLOCK_BUG_ON(READ_ONCE(lock->owner_cpu) == raw_smp_processor_id(),
							lock, "cpu recursion");
}

static inline void debug_write_lock_after(rwlock_t *lock)
{
	WRITE_ONCE(lock->owner_cpu, raw_smp_processor_id());
	WRITE_ONCE(lock->owner, current);
}

static inline void debug_write_unlock(rwlock_t *lock)
{
	RWLOCK_BUG_ON(lock->magic != RWLOCK_MAGIC, lock, "bad magic");
	RWLOCK_BUG_ON(lock->owner != current, lock, "wrong owner");
	RWLOCK_BUG_ON(lock->owner_cpu != raw_smp_processor_id(),
							lock, "wrong CPU");
	WRITE_ONCE(lock->owner, SPINLOCK_OWNER_INIT);
	WRITE_ONCE(lock->owner_cpu, -1);
}

void do_raw_write_lock(rwlock_t *lock)
{
	debug_write_lock_before(lock);
	lock->writer = 1;
	debug_write_lock_after(lock);
}

int do_raw_write_trylock(rwlock_t *lock)
{
	lock->writer = 1;
	debug_write_lock_after(lock);
	return 1;
}

void do_raw_write_unlock(rwlock_t *lock)
{
	debug_write_unlock(lock);
	lock->writer = 0;
}
