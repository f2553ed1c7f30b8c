/* kemu: lib/kernel_lock.c - the big kernel lock of Linux 2.6.26-2.6.38 (lock_kernel() and
 * unlock_kernel(); the lock was removed in 2.6.39). The lock nests per task (Linux's
 * task->lock_depth, kemu's task->kemu_bkl_depth = lock_depth + 1). Taking it disables
 * preemption, and schedule() drops it for a task that sleeps and takes it back when the task
 * runs again (release_kernel_lock()/reacquire_kernel_lock()): kemu's scheduler is TS, so its
 * block() (every way a task leaves the CPU: schedule, schedule_timeout, the usleep/hrtimer
 * sleeps, yield, cond_resched) calls kemu_bkl_release()/kemu_bkl_reacquire() for a kernel
 * older than 2.6.39, and its might_sleep and cond_resched checks ignore the lock's preempt
 * count (kemu_bkl_held()) as Linux's PREEMPT_INATOMIC_BASE does.
 * One CPU: a holder can lose the CPU only by sleeping (which releases the lock), so whenever a
 * task takes or retakes it, nobody else is running inside it, and Linux's spinning in
 * __lock_kernel()/__reacquire_kernel_lock() never happens. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/bug.h>

extern void lock_kernel(void);
extern void unlock_kernel(void);

/* The task that holds the lock with preemption disabled for it, NULL while no running task
 * holds it (a holder that sleeps, exits or is killed leaves it free). */
static struct task_struct *kernel_flag_owner;

static inline void __lock_kernel(struct task_struct *task)
{
	preempt_disable();
	kernel_flag_owner = task;
}

static inline void __unlock_kernel(struct task_struct *task)
{
	if (kernel_flag_owner != task)
		return;
	kernel_flag_owner = NULL;
	preempt_enable();
}

void lock_kernel(void)
{
	struct task_struct *task = current;
	int depth = task->kemu_bkl_depth;

	if (likely(!depth)) {
		might_sleep();
		__lock_kernel(task);
	}
	task->kemu_bkl_depth = depth + 1;
}

void unlock_kernel(void)
{
	struct task_struct *task = current;

	BUG_ON(task->kemu_bkl_depth <= 0);
	if (likely(--task->kemu_bkl_depth == 0))
		__unlock_kernel(task);
}

/* release_kernel_lock(prev) in schedule(): 1 if the current task held it */
int kemu_bkl_release(void)
{
	struct task_struct *task = current;

	if (!task || kernel_flag_owner != task)
		return 0;
	kernel_flag_owner = NULL;
	preempt_enable_no_resched();
	return 1;
}

/* kernel_locked() for the scheduler: the running task holds the lock now */
int kemu_bkl_held(void)
{
	return current && kernel_flag_owner == current;
}

/* reacquire_kernel_lock(current) after schedule(): the task holds it again if it held it */
void kemu_bkl_reacquire(void)
{
	struct task_struct *task = current;

	if (!task || task->kemu_bkl_depth <= 0 || kernel_flag_owner == task)
		return;
	__lock_kernel(task);
}
