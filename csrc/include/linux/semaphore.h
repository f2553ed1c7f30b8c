/* kemu: include/linux/semaphore.h - counting semaphores (kernel/locking/semaphore.c). One header
 * for every era: DEFINE_SEMAPHORE(name) (2.6.36-6.3, count 1) and DEFINE_SEMAPHORE(name, n)
 * (6.4+) are told apart by argument count; DECLARE_MUTEX/init_MUTEX/init_MUTEX_LOCKED are the
 * 2.6.x semaphore-as-mutex names (removed in 2.6.37). */
#ifndef __LINUX_SEMAPHORE_H
#define __LINUX_SEMAPHORE_H
#include <linux/list.h>
#include <linux/spinlock.h>

struct semaphore {
	raw_spinlock_t		lock;
	unsigned int		count;
	struct list_head	wait_list;
};

#define __SEMAPHORE_INITIALIZER(name, n)				\
{									\
	.lock		= __RAW_SPIN_LOCK_INITIALIZER((name).lock),	\
	.count		= n,						\
	.wait_list	= LIST_HEAD_INIT((name).wait_list),		\
}

#define __KEMU_DEFINE_SEMAPHORE_1(_name)	\
	struct semaphore _name = __SEMAPHORE_INITIALIZER(_name, 1)
#define __KEMU_DEFINE_SEMAPHORE_2(_name, _n)	\
	struct semaphore _name = __SEMAPHORE_INITIALIZER(_name, _n)
#define __KEMU_SEMAPHORE_PICK(_1, _2, which, ...) which
#define DEFINE_SEMAPHORE(...) \
	__KEMU_SEMAPHORE_PICK(__VA_ARGS__, __KEMU_DEFINE_SEMAPHORE_2, __KEMU_DEFINE_SEMAPHORE_1)(__VA_ARGS__)
#define DEFINE_BINARY_SEMAPHORE(_name)	__KEMU_DEFINE_SEMAPHORE_2(_name, 1)

static inline void sema_init(struct semaphore *sem, int val)
{
	*sem = (struct semaphore) __SEMAPHORE_INITIALIZER(*sem, val);
}

/* 2.6.x: a semaphore used as a mutex */
#define DECLARE_MUTEX(name)		__KEMU_DEFINE_SEMAPHORE_2(name, 1)
#define DECLARE_MUTEX_LOCKED(name)	__KEMU_DEFINE_SEMAPHORE_2(name, 0)
#define init_MUTEX(sem)			sema_init(sem, 1)
#define init_MUTEX_LOCKED(sem)		sema_init(sem, 0)

extern void down(struct semaphore *sem);
extern int __must_check down_interruptible(struct semaphore *sem);
extern int __must_check down_killable(struct semaphore *sem);
extern int __must_check down_trylock(struct semaphore *sem);
extern int __must_check down_timeout(struct semaphore *sem, long jiffies);
extern void up(struct semaphore *sem);
#endif
