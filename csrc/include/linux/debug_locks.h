/* kemu: include/linux/debug_locks.h - "debug_locks" lives in TS (ts/kernel/panic.ts) because a
 * taint can turn it off ("Disabling lock debugging due to kernel taint"); C reads it through
 * kemu_debug_locks() and turns it off through debug_locks_off(). */
#ifndef __LINUX_DEBUG_LOCKING_H
#define __LINUX_DEBUG_LOCKING_H
#include <linux/compiler.h>
#include <linux/bug.h>

struct task_struct;

extern int kemu_debug_locks(void);
#define debug_locks (kemu_debug_locks())
#define debug_locks_silent 0
extern int debug_locks_off(void);
extern int oops_in_progress;

#define DEBUG_LOCKS_WARN_ON(c)						\
({									\
	int __ret = 0;							\
									\
	if (!oops_in_progress && unlikely(c)) {				\
		if (debug_locks_off() && !debug_locks_silent)		\
			WARN(1, "DEBUG_LOCKS_WARN_ON(%s)", #c);		\
		__ret = 1;						\
	}								\
	__ret;								\
})
#define SMP_DEBUG_LOCKS_WARN_ON(c) do { } while (0)

extern void debug_show_all_locks(void);
extern void debug_show_held_locks(struct task_struct *task);
extern void debug_check_no_locks_freed(const void *from, unsigned long len);
extern void debug_check_no_locks_held(void);
#define locking_selftest() do { } while (0)
#endif
