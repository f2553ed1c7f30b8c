/* kemu: kernel/locking/rwsem.c - reader-writer semaphores with Linux 6.1's count word and
 * lockdep checks, but a simpler queue: nobody takes the lock past a waiter, and a release hands
 * it directly to the waiters - the first one if it is a writer, otherwise every reader in the
 * queue (Linux's rwsem_mark_wake() also wakes all queued readers). No optimistic spinning. */
#define __KEMU_NO_LOCK_SITES
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/debug_locks.h>
#include <linux/errno.h>

#define RWSEM_WRITER_LOCKED	(1UL << 0)
#define RWSEM_FLAG_WAITERS	(1UL << 1)
#define RWSEM_FLAG_HANDOFF	(1UL << 2)
#define RWSEM_READER_SHIFT	8
#define RWSEM_READER_BIAS	(1UL << RWSEM_READER_SHIFT)
#define RWSEM_READER_MASK	(~(RWSEM_READER_BIAS - 1))
#define RWSEM_LOCK_MASK		(RWSEM_WRITER_LOCKED | RWSEM_READER_MASK)

enum rwsem_waiter_type {
	RWSEM_WAITING_FOR_WRITE,
	RWSEM_WAITING_FOR_READ
};

struct rwsem_waiter {
	struct list_head list;
	struct task_struct *task;
	enum rwsem_waiter_type type;
	bool granted;
};

static inline unsigned long rwsem_count(struct rw_semaphore *sem)
{
	return (unsigned long)atomic_long_read(&sem->count);
}

static inline void rwsem_set_count(struct rw_semaphore *sem, unsigned long c)
{
	atomic_long_set(&sem->count, (long)c);
}

/* CONFIG_DEBUG_RWSEMS (selected by PROVE_LOCKING): WARN_ONCE, then lock debugging is off */
#define DEBUG_RWSEMS_WARN_ON(c, sem)	do {					\
	if (WARN_ONCE(c, "DEBUG_RWSEMS_WARN_ON(%s): count = 0x%lx, magic = 0x%lx, owner = 0x%lx, curr 0x%lx, list %sempty\n",\
		#c, atomic_long_read(&(sem)->count),				\
		(unsigned long) sem->magic,					\
		atomic_long_read(&(sem)->owner), (long)current,		\
		rwsem_list_empty(sem) ? "" : "not "))				\
			debug_locks_off();					\
	} while (0)

static inline bool rwsem_list_empty(struct rw_semaphore *sem)
{
	return !sem->wait_list.next || list_empty(&sem->wait_list);
}

static inline struct task_struct *rwsem_owner(struct rw_semaphore *sem)
{
	return (struct task_struct *)atomic_long_read(&sem->owner);
}

static inline bool is_rwsem_reader_owned(struct rw_semaphore *sem)
{
	return (rwsem_count(sem) & RWSEM_READER_MASK) != 0;
}

/* Owner flag bits live in the owner word in Linux; kemu's owner word is a bare task pointer. */
#define RWSEM_NONSPINNABLE	(1UL << 1)
static inline bool rwsem_test_oflags(struct rw_semaphore *sem, long flags)
{
	(void)sem;
	(void)flags;
	return false;
}

static void rwsem_check_init(struct rw_semaphore *sem)
{
	DEBUG_RWSEMS_WARN_ON(sem->magic != sem, sem);
	/* Never initialised: Linux would corrupt memory at address 0 once contended. */
	if (unlikely(!sem->wait_list.next))
		INIT_LIST_HEAD(&sem->wait_list);
}

void __init_rwsem(struct rw_semaphore *sem, const char *name, struct lock_class_key *key)
{
	debug_check_no_locks_freed((void *)sem, sizeof(*sem));
	lockdep_init_map_wait(&sem->dep_map, name, key, 0, LD_WAIT_SLEEP);
	sem->magic = sem;
	rwsem_set_count(sem, RWSEM_UNLOCKED_VALUE);
	atomic_long_set(&sem->owner, 0);
	__raw_spin_lock_init(&sem->wait_lock, "&sem->wait_lock", NULL, LD_WAIT_SPIN);
	INIT_LIST_HEAD(&sem->wait_list);
}

/* Give the lock to the waiters it can go to now. */
static void rwsem_grant(struct rw_semaphore *sem)
{
	struct rwsem_waiter *waiter, *tmp;
	unsigned long count = rwsem_count(sem);

	if (!list_empty(&sem->wait_list)) {
		waiter = list_first_entry(&sem->wait_list, struct rwsem_waiter, list);
		if (waiter->type == RWSEM_WAITING_FOR_WRITE) {
			if (!(count & RWSEM_LOCK_MASK)) {
				list_del(&waiter->list);
				count |= RWSEM_WRITER_LOCKED;
				atomic_long_set(&sem->owner, (long)waiter->task);
				waiter->granted = true;
				wake_up_process(waiter->task);
			}
		} else if (!(count & RWSEM_WRITER_LOCKED)) {
			list_for_each_entry_safe(waiter, tmp, &sem->wait_list, list) {
				if (waiter->type != RWSEM_WAITING_FOR_READ)
					continue;
				list_del(&waiter->list);
				count += RWSEM_READER_BIAS;
				waiter->granted = true;
				wake_up_process(waiter->task);
			}
		}
	}
	if (list_empty(&sem->wait_list))
		count &= ~RWSEM_FLAG_WAITERS;
	else
		count |= RWSEM_FLAG_WAITERS;
	rwsem_set_count(sem, count);
}

static int rwsem_wait(struct rw_semaphore *sem, enum rwsem_waiter_type type, unsigned int state)
{
	struct task_struct *curr = current;
	struct rwsem_waiter waiter;

	waiter.task = curr;
	waiter.type = type;
	waiter.granted = false;
	list_add_tail(&waiter.list, &sem->wait_list);
	rwsem_set_count(sem, rwsem_count(sem) | RWSEM_FLAG_WAITERS);

	set_current_state(state);
	for (;;) {
		if (waiter.granted)
			break;
		if (signal_pending_state(state, curr)) {
			__set_current_state(TASK_RUNNING);
			list_del(&waiter.list);
			/* Readers queued behind this writer may be able to go now. */
			rwsem_grant(sem);
			return -EINTR;
		}
		schedule();
		set_current_state(state);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static inline bool rwsem_read_trylock(struct rw_semaphore *sem)
{
	unsigned long count = rwsem_count(sem);

	if (count & (RWSEM_WRITER_LOCKED | RWSEM_FLAG_WAITERS))
		return false;
	rwsem_set_count(sem, count + RWSEM_READER_BIAS);
	return true;
}

static inline bool rwsem_write_trylock(struct rw_semaphore *sem)
{
	if (rwsem_count(sem) != RWSEM_UNLOCKED_VALUE)
		return false;
	rwsem_set_count(sem, RWSEM_WRITER_LOCKED);
	atomic_long_set(&sem->owner, (long)current);
	return true;
}

static inline int __down_read_common(struct rw_semaphore *sem, unsigned int state)
{
	rwsem_check_init(sem);
	if (rwsem_read_trylock(sem))
		return 0;
	return rwsem_wait(sem, RWSEM_WAITING_FOR_READ, state);
}

static inline int __down_write_common(struct rw_semaphore *sem, unsigned int state)
{
	rwsem_check_init(sem);
	if (rwsem_write_trylock(sem))
		return 0;
	return rwsem_wait(sem, RWSEM_WAITING_FOR_WRITE, state);
}

static void __up_read(struct rw_semaphore *sem)
{
	unsigned long count = rwsem_count(sem);

	DEBUG_RWSEMS_WARN_ON(sem->magic != sem, sem);
	DEBUG_RWSEMS_WARN_ON(!is_rwsem_reader_owned(sem), sem);
	/* Linux would underflow the count; kemu leaves an unlocked rwsem alone. */
	if (!(count & RWSEM_READER_MASK))
		return;
	count -= RWSEM_READER_BIAS;
	rwsem_set_count(sem, count);
	if (!(count & RWSEM_READER_MASK))
		rwsem_grant(sem);
}

static void __up_write(struct rw_semaphore *sem)
{
	unsigned long count = rwsem_count(sem);

	DEBUG_RWSEMS_WARN_ON(sem->magic != sem, sem);
	DEBUG_RWSEMS_WARN_ON((rwsem_owner(sem) != current) &&
			    !rwsem_test_oflags(sem, RWSEM_NONSPINNABLE), sem);
	if (!(count & RWSEM_WRITER_LOCKED))
		return;
	atomic_long_set(&sem->owner, 0);
	rwsem_set_count(sem, count & ~RWSEM_WRITER_LOCKED);
	rwsem_grant(sem);
}

void down_read(struct rw_semaphore *sem)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, 0, 0, 1, 1, NULL, ip);
	__down_read_common(sem, TASK_UNINTERRUPTIBLE);
}

void down_read_nested(struct rw_semaphore *sem, int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, subclass, 0, 1, 1, NULL, ip);
	__down_read_common(sem, TASK_UNINTERRUPTIBLE);
}

int down_read_interruptible(struct rw_semaphore *sem)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, 0, 0, 1, 1, NULL, ip);
	if (__down_read_common(sem, TASK_INTERRUPTIBLE)) {
		lock_release(&sem->dep_map, ip);
		return -EINTR;
	}
	return 0;
}

int down_read_killable(struct rw_semaphore *sem)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, 0, 0, 1, 1, NULL, ip);
	if (__down_read_common(sem, TASK_KILLABLE)) {
		lock_release(&sem->dep_map, ip);
		return -EINTR;
	}
	return 0;
}

int down_read_killable_nested(struct rw_semaphore *sem, int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, subclass, 0, 1, 1, NULL, ip);
	if (__down_read_common(sem, TASK_KILLABLE)) {
		lock_release(&sem->dep_map, ip);
		return -EINTR;
	}
	return 0;
}

int down_read_trylock(struct rw_semaphore *sem)
{
	unsigned long ip = __kemu_take_lock_site();

	rwsem_check_init(sem);
	if (rwsem_read_trylock(sem)) {
		lock_acquire(&sem->dep_map, 0, 1, 1, 1, NULL, ip);
		return 1;
	}
	return 0;
}

void down_write(struct rw_semaphore *sem)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, 0, 0, 0, 1, NULL, ip);
	__down_write_common(sem, TASK_UNINTERRUPTIBLE);
}

void down_write_nested(struct rw_semaphore *sem, int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, subclass, 0, 0, 1, NULL, ip);
	__down_write_common(sem, TASK_UNINTERRUPTIBLE);
}

void _down_write_nest_lock(struct rw_semaphore *sem, struct lockdep_map *nest)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, 0, 0, 0, 1, nest, ip);
	__down_write_common(sem, TASK_UNINTERRUPTIBLE);
}

int down_write_killable(struct rw_semaphore *sem)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, 0, 0, 0, 1, NULL, ip);
	if (__down_write_common(sem, TASK_KILLABLE)) {
		lock_release(&sem->dep_map, ip);
		return -EINTR;
	}
	return 0;
}

int down_write_killable_nested(struct rw_semaphore *sem, int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	lock_acquire(&sem->dep_map, subclass, 0, 0, 1, NULL, ip);
	if (__down_write_common(sem, TASK_KILLABLE)) {
		lock_release(&sem->dep_map, ip);
		return -EINTR;
	}
	return 0;
}

int down_write_trylock(struct rw_semaphore *sem)
{
	unsigned long ip = __kemu_take_lock_site();

	rwsem_check_init(sem);
	if (rwsem_write_trylock(sem)) {
		lock_acquire(&sem->dep_map, 0, 1, 0, 1, NULL, ip);
		return 1;
	}
	return 0;
}

void up_read(struct rw_semaphore *sem)
{
	lock_release(&sem->dep_map, _RET_IP_);
	__up_read(sem);
}

void up_write(struct rw_semaphore *sem)
{
	lock_release(&sem->dep_map, _RET_IP_);
	__up_write(sem);
}

void downgrade_write(struct rw_semaphore *sem)
{
	unsigned long count = rwsem_count(sem);

	lock_downgrade(&sem->dep_map, _RET_IP_);
	DEBUG_RWSEMS_WARN_ON(rwsem_owner(sem) != current, sem);
	if (!(count & RWSEM_WRITER_LOCKED))
		return;
	atomic_long_set(&sem->owner, 0);
	rwsem_set_count(sem, (count & ~RWSEM_WRITER_LOCKED) + RWSEM_READER_BIAS);
	rwsem_grant(sem);
}

/* For a lock released by another task than the one that took it (no lockdep tracking). */
void down_read_non_owner(struct rw_semaphore *sem)
{
	might_sleep();
	__down_read_common(sem, TASK_UNINTERRUPTIBLE);
}

void up_read_non_owner(struct rw_semaphore *sem)
{
	__up_read(sem);
}
