/* kemu: include/linux/spinlock_types.h (+ spinlock_types_raw.h, CONFIG_DEBUG_SPINLOCK shape):
 * the owner is recorded so that recursion and bad unlocks are reported as Linux's debug
 * spinlocks report them. One CPU: a lock is a word, taking it disables preemption. */
#ifndef _LINUX_SPINLOCK_TYPES_H
#define _LINUX_SPINLOCK_TYPES_H
#include <linux/types.h>

struct task_struct;

typedef struct raw_spinlock {
	volatile unsigned int locked;
	unsigned int magic;
	int owner_cpu;
	struct task_struct *owner;
	const char *name;
} raw_spinlock_t;

#define SPINLOCK_MAGIC		0xdead4ead
#define SPINLOCK_OWNER_INIT	((void *)-1L)

#define __RAW_SPIN_LOCK_INITIALIZER(lockname) \
	{ .locked = 0, .magic = SPINLOCK_MAGIC, .owner_cpu = -1, .owner = SPINLOCK_OWNER_INIT, .name = #lockname }
#define __RAW_SPIN_LOCK_UNLOCKED(lockname) (raw_spinlock_t) __RAW_SPIN_LOCK_INITIALIZER(lockname)
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x = __RAW_SPIN_LOCK_INITIALIZER(x)

typedef struct spinlock {
	union {
		struct raw_spinlock rlock;
	};
} spinlock_t;

#define ___SPIN_LOCK_INITIALIZER(lockname) { { .rlock = __RAW_SPIN_LOCK_INITIALIZER(lockname) } }
#define __SPIN_LOCK_UNLOCKED(lockname) (spinlock_t) ___SPIN_LOCK_INITIALIZER(lockname)
#define DEFINE_SPINLOCK(x) spinlock_t x = ___SPIN_LOCK_INITIALIZER(x)
/* 2.4/2.6-era initialisers */
#define SPIN_LOCK_UNLOCKED __SPIN_LOCK_UNLOCKED(old_style_spin_init)
#define RAW_SPIN_LOCK_UNLOCKED __RAW_SPIN_LOCK_UNLOCKED(old_style_spin_init)

#include <linux/rwlock_types.h>
#endif
