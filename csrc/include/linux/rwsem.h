/* kemu: include/linux/rwsem.h - reader-writer semaphores (kernel/locking/rwsem.c), with the
 * count encoding of Linux 6.1 (bit 0 writer, bit 1 waiters, readers from bit 8) so that
 * rwsem_is_locked() reads the same word. Validated by lockdep like mutexes. */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H
#include <linux/types.h>
#include <linux/typecheck.h>
#include <linux/list.h>
#include <linux/spinlock_types.h>
#include <linux/lockdep.h>
#include <linux/atomic.h>

struct task_struct;

struct rw_semaphore {
	atomic_long_t		count;
	atomic_long_t		owner;		/* the writer's task_struct * */
	raw_spinlock_t		wait_lock;
	struct list_head	wait_list;
	void			*magic;		/* CONFIG_DEBUG_RWSEMS: the rwsem itself */
	struct lockdep_map	dep_map;
};

#define RWSEM_UNLOCKED_VALUE		0L
#define __RWSEM_COUNT_INIT(name)	.count = ATOMIC_LONG_INIT(RWSEM_UNLOCKED_VALUE)

#define __RWSEM_INITIALIZER(lockname)					\
	{ __RWSEM_COUNT_INIT(lockname),					\
	  .owner = ATOMIC_LONG_INIT(0),					\
	  .wait_lock = __RAW_SPIN_LOCK_INITIALIZER(lockname.wait_lock),	\
	  .wait_list = LIST_HEAD_INIT((lockname).wait_list),		\
	  .magic = &(lockname),						\
	  .dep_map = { .name = #lockname, .wait_type_inner = LD_WAIT_SLEEP } }

#define DECLARE_RWSEM(name) \
	struct rw_semaphore name = __RWSEM_INITIALIZER(name)

extern void __init_rwsem(struct rw_semaphore *sem, const char *name, struct lock_class_key *key);

#define init_rwsem(sem)						\
do {								\
	static struct lock_class_key __key;			\
								\
	__init_rwsem((sem), #sem, &__key);			\
} while (0)

static inline int rwsem_is_locked(struct rw_semaphore *sem)
{
	return atomic_long_read(&sem->count) != 0;
}

static inline int rwsem_is_contended(struct rw_semaphore *sem)
{
	return !list_empty(&sem->wait_list);
}

extern void down_read(struct rw_semaphore *sem);
extern int __must_check down_read_interruptible(struct rw_semaphore *sem);
extern int __must_check down_read_killable(struct rw_semaphore *sem);
extern int down_read_trylock(struct rw_semaphore *sem);
extern void down_write(struct rw_semaphore *sem);
extern int __must_check down_write_killable(struct rw_semaphore *sem);
extern int down_write_trylock(struct rw_semaphore *sem);
extern void up_read(struct rw_semaphore *sem);
extern void up_write(struct rw_semaphore *sem);
extern void downgrade_write(struct rw_semaphore *sem);

extern void down_read_nested(struct rw_semaphore *sem, int subclass);
extern int down_read_killable_nested(struct rw_semaphore *sem, int subclass);
extern void down_write_nested(struct rw_semaphore *sem, int subclass);
extern int down_write_killable_nested(struct rw_semaphore *sem, int subclass);
extern void _down_write_nest_lock(struct rw_semaphore *sem, struct lockdep_map *nest_lock);
#define down_write_nest_lock(sem, nest_lock)			\
do {								\
	typecheck(struct lockdep_map *, &(nest_lock)->dep_map);	\
	_down_write_nest_lock(sem, &(nest_lock)->dep_map);	\
} while (0)
#define down_read(sem)				__KEMU_LOCK_SITE(down_read(sem))
#define down_read_interruptible(sem)		__KEMU_LOCK_SITE(down_read_interruptible(sem))
#define down_read_killable(sem)			__KEMU_LOCK_SITE(down_read_killable(sem))
#define down_read_trylock(sem)			__KEMU_LOCK_SITE(down_read_trylock(sem))
#define down_write(sem)				__KEMU_LOCK_SITE(down_write(sem))
#define down_write_killable(sem)		__KEMU_LOCK_SITE(down_write_killable(sem))
#define down_write_trylock(sem)			__KEMU_LOCK_SITE(down_write_trylock(sem))
#define down_read_nested(sem, sub)		__KEMU_LOCK_SITE(down_read_nested(sem, sub))
#define down_read_killable_nested(sem, sub)	__KEMU_LOCK_SITE(down_read_killable_nested(sem, sub))
#define down_write_nested(sem, sub)		__KEMU_LOCK_SITE(down_write_nested(sem, sub))
#define down_write_killable_nested(sem, sub)	__KEMU_LOCK_SITE(down_write_killable_nested(sem, sub))
#define _down_write_nest_lock(sem, nest)	__KEMU_LOCK_SITE(_down_write_nest_lock(sem, nest))
extern void down_read_non_owner(struct rw_semaphore *sem);
extern void up_read_non_owner(struct rw_semaphore *sem);
#endif
