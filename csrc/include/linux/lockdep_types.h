/* kemu: include/linux/lockdep_types.h - what a lock carries for kemu's lock validator
 * (kernel/locking/lockdep.c). Only sleeping locks (mutex, rw_semaphore) and SRCU readers are validated; a class
 * is a key plus subclass as in Linux, but its usage bits are kept per lock instance. */
#ifndef __LINUX_LOCKDEP_TYPES_H
#define __LINUX_LOCKDEP_TYPES_H
#include <linux/types.h>

enum lockdep_wait_type {
	LD_WAIT_INV = 0,	/* not checked, catch all */
	LD_WAIT_FREE,		/* wait free, rcu etc.. */
	LD_WAIT_SPIN,		/* spin loops, raw_spinlock_t etc.. */
	LD_WAIT_CONFIG = LD_WAIT_SPIN,	/* !CONFIG_PROVE_RAW_LOCK_NESTING, as in 6.1 defconfigs */
	LD_WAIT_SLEEP,		/* sleeping locks, mutex_t etc.. */
	LD_WAIT_MAX,
};

enum lockdep_lock_type {
	LD_LOCK_NORMAL = 0,
	LD_LOCK_PERCPU,
	LD_LOCK_WAIT_OVERRIDE,
	LD_LOCK_MAX,
};

#define MAX_LOCKDEP_SUBCLASSES		8UL

/* Lock classes are named by the address of a static key. Linux's is a union of list heads;
 * kemu's only needs a distinct address, which an empty struct would not guarantee. */
struct lock_class_key {
	char __kemu_key;
};

struct lockdep_map {
	struct lock_class_key	*key;
	const char		*name;
	u8			wait_type_outer;
	u8			wait_type_inner;
	u8			lock_type;
	u8			kemu_usage;	/* lockdep's usage_mask (HARDIRQ/SOFTIRQ x USED_IN/ENABLED x W/R) */
};

struct pin_cookie { unsigned int val; };
#endif
