/* kemu: kernel/locking/mutex.c (+ mutex-debug.c) - sleeping mutexes with CONFIG_DEBUG_MUTEXES
 * and lockdep checks. Differences: no optimistic spinning and no lock stealing; mutex_unlock()
 * hands the mutex straight to the first waiter (FIFO), which is what Linux converges to with
 * MUTEX_FLAG_HANDOFF. The wait list needs no wait_lock: the emulated CPU never switches tasks
 * inside this code, only in schedule(). */
#define __KEMU_NO_LOCK_SITES
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/mutex.h>
#include <linux/debug_locks.h>
#include <linux/spinlock.h>
#include <linux/errno.h>

struct mutex_waiter {
	struct list_head	list;
	struct task_struct	*task;
	bool			handoff;	/* mutex_unlock() made us the owner */
};

#define MUTEX_WARN_ON(cond) DEBUG_LOCKS_WARN_ON(cond)

static inline struct task_struct *__mutex_owner(struct mutex *lock)
{
	return (struct task_struct *)atomic_long_read(&lock->owner);
}

void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)
{
	/* debug_mutex_init(): re-initialising a held mutex is a freed held lock */
	debug_check_no_locks_freed((void *)lock, sizeof(*lock));
	atomic_long_set(&lock->owner, 0);
	__raw_spin_lock_init(&lock->wait_lock, "&lock->wait_lock", NULL, LD_WAIT_SPIN);
	INIT_LIST_HEAD(&lock->wait_list);
	lock->magic = lock;
	lockdep_init_map_wait(&lock->dep_map, name, key, 0, LD_WAIT_SLEEP);
}

void mutex_destroy(struct mutex *lock)
{
	DEBUG_LOCKS_WARN_ON(mutex_is_locked(lock));
	lock->magic = NULL;
}

bool mutex_is_locked(struct mutex *lock)
{
	return __mutex_owner(lock) != NULL;
}

static inline bool __mutex_trylock(struct mutex *lock)
{
	if (__mutex_owner(lock))
		return false;
	atomic_long_set(&lock->owner, (long)current);
	return true;
}

static noinline int __mutex_lock_common(struct mutex *lock, unsigned int state, unsigned int subclass,
					struct lockdep_map *nest_lock, unsigned long ip)
{
	struct task_struct *curr = current;
	struct mutex_waiter waiter;

	MUTEX_WARN_ON(lock->magic != lock);
	/* A mutex that was never initialised has no list head; Linux would corrupt memory at
	 * address 0 on the first contended lock, kemu gives it an empty list. */
	if (unlikely(!lock->wait_list.next))
		INIT_LIST_HEAD(&lock->wait_list);

	lock_acquire(&lock->dep_map, subclass, 0, 0, 1, nest_lock, ip);

	if (__mutex_trylock(lock))
		return 0;

	waiter.task = curr;
	waiter.handoff = false;
	list_add_tail(&waiter.list, &lock->wait_list);
	set_current_state(state);
	for (;;) {
		/* mutex_unlock() handed it over (and took us off the list) */
		if (waiter.handoff)
			break;
		if (signal_pending_state(state, curr)) {
			__set_current_state(TASK_RUNNING);
			list_del(&waiter.list);
			lock_release(&lock->dep_map, ip);
			return -EINTR;
		}
		schedule();
		set_current_state(state);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

void mutex_lock(struct mutex *lock)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE, 0, NULL, ip);
}

void mutex_lock_nested(struct mutex *lock, unsigned int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE, subclass, NULL, ip);
}

void _mutex_lock_nest_lock(struct mutex *lock, struct lockdep_map *nest_lock)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE, 0, nest_lock, ip);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	return __mutex_lock_common(lock, TASK_INTERRUPTIBLE, 0, NULL, ip);
}

int mutex_lock_interruptible_nested(struct mutex *lock, unsigned int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	return __mutex_lock_common(lock, TASK_INTERRUPTIBLE, subclass, NULL, ip);
}

int mutex_lock_killable(struct mutex *lock)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	return __mutex_lock_common(lock, TASK_KILLABLE, 0, NULL, ip);
}

int mutex_lock_killable_nested(struct mutex *lock, unsigned int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	return __mutex_lock_common(lock, TASK_KILLABLE, subclass, NULL, ip);
}

void mutex_lock_io(struct mutex *lock)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE, 0, NULL, ip);
}

void mutex_lock_io_nested(struct mutex *lock, unsigned int subclass)
{
	unsigned long ip = __kemu_take_lock_site();

	might_sleep();
	__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE, subclass, NULL, ip);
}

int mutex_trylock(struct mutex *lock)
{
	unsigned long ip = __kemu_take_lock_site();
	bool locked;

	MUTEX_WARN_ON(lock->magic != lock);
	locked = __mutex_trylock(lock);
	if (locked)
		lock_acquire(&lock->dep_map, 0, 1, 0, 1, NULL, ip);
	return locked;
}

void mutex_unlock(struct mutex *lock)
{
	struct task_struct *owner = __mutex_owner(lock);
	struct mutex_waiter *waiter;

	lock_release(&lock->dep_map, _RET_IP_);
	/* debug_mutex_unlock() and __mutex_unlock_slowpath()'s owner check; all quiet once lockdep
	 * has reported the bad unlock (debug_locks is off then). */
	DEBUG_LOCKS_WARN_ON(lock->magic != lock);
	DEBUG_LOCKS_WARN_ON(!lock->wait_list.prev && !lock->wait_list.next);
	MUTEX_WARN_ON(owner != current);

	/* Linux releases a mutex whoever unlocks it; an unlocked one stays unlocked. */
	if (!owner)
		return;
	if (!lock->wait_list.next || list_empty(&lock->wait_list)) {
		atomic_long_set(&lock->owner, 0);
		return;
	}
	waiter = list_first_entry(&lock->wait_list, struct mutex_waiter, list);
	list_del(&waiter->list);
	atomic_long_set(&lock->owner, (long)waiter->task);
	waiter->handoff = true;
	wake_up_process(waiter->task);
}

/* Decrement and take the mutex when the count reaches zero. */
int atomic_dec_and_mutex_lock(atomic_t *cnt, struct mutex *lock)
{
	unsigned long ip = __kemu_take_lock_site();

	/* dec if we can't possibly hit 0 */
	if (atomic_add_unless(cnt, -1, 1))
		return 0;
	/* we might hit 0, so take the lock (at the caller's site) */
	kemu_lock_site = (int *)ip;
	mutex_lock(lock);
	if (!atomic_dec_and_test(cnt)) {
		/* when we actually did the dec, we didn't hit 0 */
		mutex_unlock(lock);
		return 0;
	}
	/* we hit 0, and we hold the lock */
	return 1;
}
