/* kemu: include/linux/smp_lock.h - the big kernel lock, for modules written before it was
 * removed in 2.6.39 (the header went with it: building for 2.6.39 or later is an error here).
 * lock_kernel() nests per task; the lock is dropped while its holder sleeps in schedule() and
 * taken again when it runs (lib/kernel_lock.c), so a sleeping holder does not keep others out.
 * As in a CONFIG_PREEMPT kernel of 2.6.26-2.6.38 (and 2.2-2.6.7), holding it disables
 * preemption; 2.6.8-2.6.25's preemptible semaphore variant (CONFIG_PREEMPT_BKL) is not
 * emulated. */
#ifndef __LINUX_SMPLOCK_H
#define __LINUX_SMPLOCK_H
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 39)
#error "linux/smp_lock.h: No such file or directory (the big kernel lock was removed in Linux 2.6.39; build with --kernel-version 2.6.38 or older)"
#endif

#include <linux/compiler.h>
#include <linux/sched.h>

extern void lock_kernel(void) __acquires(kernel_lock);
extern void unlock_kernel(void) __releases(kernel_lock);

/* current->lock_depth >= 0 in Linux (kemu counts from 1: see struct task_struct) */
#define kernel_locked()		(current->kemu_bkl_depth > 0)

/* 2.6.37-2.6.38: lock_kernel() passed its caller to _lock_kernel() for tracing */
#define _lock_kernel(func, file, line)		lock_kernel()
#define _unlock_kernel(func, file, line)	unlock_kernel()

/* cycle_kernel_lock (2.6.27-2.6.38): take and drop it at once, to wait for a holder */
static inline void cycle_kernel_lock(void)
{
	lock_kernel();
	unlock_kernel();
}
#endif
