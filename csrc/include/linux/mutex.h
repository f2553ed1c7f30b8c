/* kemu: include/linux/mutex.h - sleeping mutexes as a CONFIG_DEBUG_MUTEXES + lockdep kernel has
 * them: the lock records its name (DEFINE_MUTEX(x) -> "x", mutex_init(&x) -> "&x") for lockdep's
 * reports, and its own address in ->magic. kernel/locking/mutex.c implements them. */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H
#include <linux/types.h>
#include <linux/typecheck.h>
#include <linux/list.h>
#include <linux/spinlock_types.h>
#include <linux/lockdep.h>
#include <linux/atomic.h>
#include <linux/debug_locks.h>

struct task_struct;

struct mutex {
	atomic_long_t		owner;		/* the holding task_struct *, 0 when unlocked */
	raw_spinlock_t		wait_lock;
	struct list_head	wait_list;	/* struct mutex_waiter, FIFO */
	void			*magic;		/* CONFIG_DEBUG_MUTEXES: the mutex itself */
	struct lockdep_map	dep_map;
};

#define __DEP_MAP_MUTEX_INITIALIZER(lockname)			\
		, .dep_map = {					\
			.name = #lockname,			\
			.wait_type_inner = LD_WAIT_SLEEP,	\
		}

#define __MUTEX_INITIALIZER(lockname) \
		{ .owner = ATOMIC_LONG_INIT(0) \
		, .wait_lock = __RAW_SPIN_LOCK_INITIALIZER(lockname.wait_lock) \
		, .wait_list = LIST_HEAD_INIT(lockname.wait_list) \
		, .magic = &lockname \
		__DEP_MAP_MUTEX_INITIALIZER(lockname) }

#define DEFINE_MUTEX(mutexname) \
	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

extern void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key);

#define mutex_init(mutex)						\
do {									\
	static struct lock_class_key __key;				\
									\
	__mutex_init((mutex), #mutex, &__key);				\
} while (0)

extern void mutex_destroy(struct mutex *lock);
extern bool mutex_is_locked(struct mutex *lock);

extern void mutex_lock(struct mutex *lock);
extern int __must_check mutex_lock_interruptible(struct mutex *lock);
extern int __must_check mutex_lock_killable(struct mutex *lock);
extern void mutex_lock_io(struct mutex *lock);
extern void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
extern void _mutex_lock_nest_lock(struct mutex *lock, struct lockdep_map *nest_lock);
extern int __must_check mutex_lock_interruptible_nested(struct mutex *lock, unsigned int subclass);
extern int __must_check mutex_lock_killable_nested(struct mutex *lock, unsigned int subclass);
extern void mutex_lock_io_nested(struct mutex *lock, unsigned int subclass);

#define mutex_lock_nest_lock(lock, nest_lock)				\
do {									\
	typecheck(struct lockdep_map *, &(nest_lock)->dep_map);	\
	_mutex_lock_nest_lock(lock, &(nest_lock)->dep_map);		\
} while (0)

extern int mutex_trylock(struct mutex *lock);
extern void mutex_unlock(struct mutex *lock);
extern int atomic_dec_and_mutex_lock(atomic_t *cnt, struct mutex *lock);

#define mutex_lock(lock)				__KEMU_LOCK_SITE(mutex_lock(lock))
#define mutex_lock_interruptible(lock)			__KEMU_LOCK_SITE(mutex_lock_interruptible(lock))
#define mutex_lock_killable(lock)			__KEMU_LOCK_SITE(mutex_lock_killable(lock))
#define mutex_lock_io(lock)				__KEMU_LOCK_SITE(mutex_lock_io(lock))
#define mutex_lock_nested(lock, sub)			__KEMU_LOCK_SITE(mutex_lock_nested(lock, sub))
#define _mutex_lock_nest_lock(lock, nest)		__KEMU_LOCK_SITE(_mutex_lock_nest_lock(lock, nest))
#define mutex_lock_interruptible_nested(lock, sub)	__KEMU_LOCK_SITE(mutex_lock_interruptible_nested(lock, sub))
#define mutex_lock_killable_nested(lock, sub)		__KEMU_LOCK_SITE(mutex_lock_killable_nested(lock, sub))
#define mutex_lock_io_nested(lock, sub)			__KEMU_LOCK_SITE(mutex_lock_io_nested(lock, sub))
#define mutex_trylock(lock)				__KEMU_LOCK_SITE(mutex_trylock(lock))
#define atomic_dec_and_mutex_lock(cnt, lock)		__KEMU_LOCK_SITE(atomic_dec_and_mutex_lock(cnt, lock))

/* Removed in 5.9 (returned enum mutex_trylock_recursive_enum). */
enum mutex_trylock_recursive_enum {
	MUTEX_TRYLOCK_FAILED    = 0,
	MUTEX_TRYLOCK_SUCCESS   = 1,
	MUTEX_TRYLOCK_RECURSIVE,
};
#endif
