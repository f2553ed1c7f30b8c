/* kemu: include/linux/rwlock_types.h - readers count and a writer owner (debug shape). */
#ifndef _LINUX_RWLOCK_TYPES_H
#define _LINUX_RWLOCK_TYPES_H

typedef struct {
	volatile int readers;		/* number of readers holding it */
	volatile unsigned int writer;	/* 1 while write-locked */
	unsigned int magic;
	int owner_cpu;
	struct task_struct *owner;
	const char *name;
} rwlock_t;

#define RWLOCK_MAGIC		0xdeaf1eed
#define __RW_LOCK_INITIALIZER(lockname) \
	{ .readers = 0, .writer = 0, .magic = RWLOCK_MAGIC, .owner_cpu = -1, .owner = SPINLOCK_OWNER_INIT, .name = #lockname }
#define __RW_LOCK_UNLOCKED(lockname) (rwlock_t) __RW_LOCK_INITIALIZER(lockname)
#define DEFINE_RWLOCK(x) rwlock_t x = __RW_LOCK_INITIALIZER(x)
#define RW_LOCK_UNLOCKED __RW_LOCK_UNLOCKED(old_style_rw_init)
#endif
