/* kemu: include/linux/rwlock.h + rwlock_api_smp.h - reader-writer spinlocks, out of line in
 * kernel/locking/spinlock.c like spinlocks (included by <linux/spinlock.h>). */
#ifndef __LINUX_RWLOCK_H
#define __LINUX_RWLOCK_H

#ifndef __LINUX_SPINLOCK_H
# error "please don't include this file directly"
#endif

extern void __rwlock_init(rwlock_t *lock, const char *name, struct lock_class_key *key);
#define rwlock_init(lock)					\
do {								\
	static struct lock_class_key __key;			\
								\
	__rwlock_init((lock), #lock, &__key);			\
} while (0)

extern void do_raw_read_lock(rwlock_t *lock);
extern int do_raw_read_trylock(rwlock_t *lock);
extern void do_raw_read_unlock(rwlock_t *lock);
extern void do_raw_write_lock(rwlock_t *lock);
extern int do_raw_write_trylock(rwlock_t *lock);
extern void do_raw_write_unlock(rwlock_t *lock);

extern void _raw_read_lock(rwlock_t *lock);
extern void _raw_write_lock(rwlock_t *lock);
extern void _raw_write_lock_nested(rwlock_t *lock, int subclass);
extern void _raw_read_lock_bh(rwlock_t *lock);
extern void _raw_write_lock_bh(rwlock_t *lock);
extern void _raw_read_lock_irq(rwlock_t *lock);
extern void _raw_write_lock_irq(rwlock_t *lock);
extern unsigned long _raw_read_lock_irqsave(rwlock_t *lock);
extern unsigned long _raw_write_lock_irqsave(rwlock_t *lock);
extern int _raw_read_trylock(rwlock_t *lock);
extern int _raw_write_trylock(rwlock_t *lock);
extern void _raw_read_unlock(rwlock_t *lock);
extern void _raw_write_unlock(rwlock_t *lock);
extern void _raw_read_unlock_bh(rwlock_t *lock);
extern void _raw_write_unlock_bh(rwlock_t *lock);
extern void _raw_read_unlock_irq(rwlock_t *lock);
extern void _raw_write_unlock_irq(rwlock_t *lock);
extern void _raw_read_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
extern void _raw_write_unlock_irqrestore(rwlock_t *lock, unsigned long flags);

#define read_trylock(lock)	__cond_lock(lock, _raw_read_trylock(lock))
#define write_trylock(lock)	__cond_lock(lock, _raw_write_trylock(lock))
#define write_lock(lock)	_raw_write_lock(lock)
#define read_lock(lock)		_raw_read_lock(lock)
#define write_lock_nested(lock, subclass)	_raw_write_lock_nested(lock, subclass)

#define read_lock_irqsave(lock, flags)			\
	do {						\
		typecheck(unsigned long, flags);	\
		flags = _raw_read_lock_irqsave(lock);	\
	} while (0)
#define write_lock_irqsave(lock, flags)			\
	do {						\
		typecheck(unsigned long, flags);	\
		flags = _raw_write_lock_irqsave(lock);	\
	} while (0)

#define read_lock_irq(lock)		_raw_read_lock_irq(lock)
#define read_lock_bh(lock)		_raw_read_lock_bh(lock)
#define write_lock_irq(lock)		_raw_write_lock_irq(lock)
#define write_lock_bh(lock)		_raw_write_lock_bh(lock)
#define read_unlock(lock)		_raw_read_unlock(lock)
#define write_unlock(lock)		_raw_write_unlock(lock)
#define read_unlock_irq(lock)		_raw_read_unlock_irq(lock)
#define write_unlock_irq(lock)		_raw_write_unlock_irq(lock)

#define read_unlock_irqrestore(lock, flags)			\
	do {							\
		typecheck(unsigned long, flags);		\
		_raw_read_unlock_irqrestore(lock, flags);	\
	} while (0)
#define read_unlock_bh(lock)		_raw_read_unlock_bh(lock)

#define write_unlock_irqrestore(lock, flags)		\
	do {						\
		typecheck(unsigned long, flags);	\
		_raw_write_unlock_irqrestore(lock, flags);	\
	} while (0)
#define write_unlock_bh(lock)		_raw_write_unlock_bh(lock)

#define write_trylock_irqsave(lock, flags) \
({ \
	local_irq_save(flags); \
	write_trylock(lock) ? \
	1 : ({ local_irq_restore(flags); 0; }); \
})

#define rwlock_is_contended(lock)	(0)
/* Removed in 3.x: whether a read_lock()/write_lock() would succeed without spinning. */
#define read_can_lock(lock)		(READ_ONCE((lock)->writer) == 0)
#define write_can_lock(lock)		(READ_ONCE((lock)->writer) == 0 && READ_ONCE((lock)->readers) == 0)
#endif
