/* kemu: include/linux/spinlock.h + spinlock_api_smp.h - the uniprocessor CONFIG_DEBUG_SPINLOCK
 * kernel: every lock operation is out of line in kernel/locking/spinlock.c, where taking a lock
 * disables preemption (and irqs/softirqs for the _irq/_bh forms) and the debug checks of
 * kernel/locking/spinlock_debug.c report recursion and bad unlocks. */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H
#include <linux/typecheck.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>
#include <linux/lockdep.h>
#include <linux/spinlock_types.h>
#include <linux/bug.h>
#include <asm/barrier.h>

#define __lockfunc

extern void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name, struct lock_class_key *key, short inner);

#define raw_spin_lock_init(lock)					\
do {									\
	static struct lock_class_key __key;				\
									\
	__raw_spin_lock_init((lock), #lock, &__key, LD_WAIT_SPIN);	\
} while (0)

/* kernel/locking/spinlock_debug.c, not exported (as in Linux) */
extern void do_raw_spin_lock(raw_spinlock_t *lock);
extern int do_raw_spin_trylock(raw_spinlock_t *lock);
extern void do_raw_spin_unlock(raw_spinlock_t *lock);

#define raw_spin_is_locked(lock)	(READ_ONCE((lock)->locked) != 0)
#define raw_spin_is_contended(lock)	(0)
#define assert_raw_spin_locked(x)	BUG_ON(!raw_spin_is_locked(x))

extern void _raw_spin_lock(raw_spinlock_t *lock);
extern void _raw_spin_lock_nested(raw_spinlock_t *lock, int subclass);
extern void _raw_spin_lock_bh(raw_spinlock_t *lock);
extern void _raw_spin_lock_irq(raw_spinlock_t *lock);
extern unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
extern unsigned long _raw_spin_lock_irqsave_nested(raw_spinlock_t *lock, int subclass);
extern int _raw_spin_trylock(raw_spinlock_t *lock);
extern int _raw_spin_trylock_bh(raw_spinlock_t *lock);
extern void _raw_spin_unlock(raw_spinlock_t *lock);
extern void _raw_spin_unlock_bh(raw_spinlock_t *lock);
extern void _raw_spin_unlock_irq(raw_spinlock_t *lock);
extern void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);

#define raw_spin_trylock(lock)		__cond_lock(lock, _raw_spin_trylock(lock))
#define raw_spin_lock(lock)		_raw_spin_lock(lock)
#define raw_spin_lock_nested(lock, subclass)	_raw_spin_lock_nested(lock, subclass)
#define raw_spin_lock_nest_lock(lock, nest_lock)	\
	do { typecheck(struct lockdep_map *, &(nest_lock)->dep_map); _raw_spin_lock(lock); } while (0)
#define raw_spin_lock_irqsave(lock, flags)			\
	do {							\
		typecheck(unsigned long, flags);		\
		flags = _raw_spin_lock_irqsave(lock);		\
	} while (0)
#define raw_spin_lock_irqsave_nested(lock, flags, subclass)	\
	do {							\
		typecheck(unsigned long, flags);		\
		flags = _raw_spin_lock_irqsave_nested(lock, subclass); \
	} while (0)
#define raw_spin_lock_irq(lock)		_raw_spin_lock_irq(lock)
#define raw_spin_lock_bh(lock)		_raw_spin_lock_bh(lock)
#define raw_spin_unlock(lock)		_raw_spin_unlock(lock)
#define raw_spin_unlock_irq(lock)	_raw_spin_unlock_irq(lock)
#define raw_spin_unlock_irqrestore(lock, flags)			\
	do {							\
		typecheck(unsigned long, flags);		\
		_raw_spin_unlock_irqrestore(lock, flags);	\
	} while (0)
#define raw_spin_unlock_bh(lock)	_raw_spin_unlock_bh(lock)
#define raw_spin_trylock_bh(lock)	__cond_lock(lock, _raw_spin_trylock_bh(lock))
#define raw_spin_trylock_irq(lock)					\
({									\
	local_irq_disable();						\
	raw_spin_trylock(lock) ?					\
	1 : ({ local_irq_enable(); 0;  });				\
})
#define raw_spin_trylock_irqsave(lock, flags)				\
({									\
	local_irq_save(flags);						\
	raw_spin_trylock(lock) ?					\
	1 : ({ local_irq_restore(flags); 0; });				\
})

#include <linux/rwlock.h>

static __always_inline raw_spinlock_t *spinlock_check(spinlock_t *lock)
{
	return &lock->rlock;
}

#define spin_lock_init(_lock)						\
do {									\
	static struct lock_class_key __key;				\
									\
	__raw_spin_lock_init(spinlock_check(_lock),			\
			     #_lock, &__key, LD_WAIT_CONFIG);		\
} while (0)

static __always_inline void spin_lock(spinlock_t *lock)
{
	raw_spin_lock(&lock->rlock);
}

static __always_inline void spin_lock_bh(spinlock_t *lock)
{
	raw_spin_lock_bh(&lock->rlock);
}

static __always_inline int spin_trylock(spinlock_t *lock)
{
	return raw_spin_trylock(&lock->rlock);
}

#define spin_lock_nested(lock, subclass)				\
do {									\
	raw_spin_lock_nested(spinlock_check(lock), subclass);		\
} while (0)

#define spin_lock_nest_lock(lock, nest_lock)				\
do {									\
	raw_spin_lock_nest_lock(spinlock_check(lock), nest_lock);	\
} while (0)

static __always_inline void spin_lock_irq(spinlock_t *lock)
{
	raw_spin_lock_irq(&lock->rlock);
}

#define spin_lock_irqsave(lock, flags)				\
do {								\
	raw_spin_lock_irqsave(spinlock_check(lock), flags);	\
} while (0)

#define spin_lock_irqsave_nested(lock, flags, subclass)			\
do {									\
	raw_spin_lock_irqsave_nested(spinlock_check(lock), flags, subclass); \
} while (0)

static __always_inline void spin_unlock(spinlock_t *lock)
{
	raw_spin_unlock(&lock->rlock);
}

static __always_inline void spin_unlock_bh(spinlock_t *lock)
{
	raw_spin_unlock_bh(&lock->rlock);
}

static __always_inline void spin_unlock_irq(spinlock_t *lock)
{
	raw_spin_unlock_irq(&lock->rlock);
}

static __always_inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	raw_spin_unlock_irqrestore(&lock->rlock, flags);
}

static __always_inline int spin_trylock_bh(spinlock_t *lock)
{
	return raw_spin_trylock_bh(&lock->rlock);
}

static __always_inline int spin_trylock_irq(spinlock_t *lock)
{
	return raw_spin_trylock_irq(&lock->rlock);
}

#define spin_trylock_irqsave(lock, flags)			\
({								\
	raw_spin_trylock_irqsave(spinlock_check(lock), flags); \
})

static __always_inline int spin_is_locked(spinlock_t *lock)
{
	return raw_spin_is_locked(&lock->rlock);
}

static __always_inline int spin_is_contended(spinlock_t *lock)
{
	return raw_spin_is_contended(&lock->rlock);
}

#define assert_spin_locked(lock)	assert_raw_spin_locked(&(lock)->rlock)
#define spin_needbreak(lock)		(0)
#define rwlock_needbreak(lock)		(0)
/* Removed in 2.6.x-4.x; spin_unlock_wait() waited for a lock held on another CPU. */
#define spin_can_lock(lock)		(!spin_is_locked(lock))
#define spin_unlock_wait(lock)		do { barrier(); } while (0)
#define raw_spin_can_lock(lock)		(!raw_spin_is_locked(lock))

/* lib/dec_and_lock.c */
#include <linux/atomic.h>
extern int _atomic_dec_and_lock(atomic_t *atomic, spinlock_t *lock);
#define atomic_dec_and_lock(atomic, lock) \
		__cond_lock(lock, _atomic_dec_and_lock(atomic, lock))
extern int _atomic_dec_and_lock_irqsave(atomic_t *atomic, spinlock_t *lock, unsigned long *flags);
#define atomic_dec_and_lock_irqsave(atomic, lock, flags) \
		__cond_lock(lock, _atomic_dec_and_lock_irqsave(atomic, lock, &(flags)))
extern int _atomic_dec_and_raw_lock(atomic_t *atomic, raw_spinlock_t *lock);
#define atomic_dec_and_raw_lock(atomic, lock) \
		__cond_lock(lock, _atomic_dec_and_raw_lock(atomic, lock))
#endif
