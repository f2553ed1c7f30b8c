/* kemu: kernel/sched/core.c - the words of scheduler state that C reads inline (current,
 * preempt_count, the interrupt flag). The scheduler itself is TS (ts/kernel/sched/core.ts),
 * which writes current_task on every context switch. */
#include <linux/sched.h>

__visible struct task_struct *current_task;
__visible int __preempt_count;
__visible unsigned long kemu_irq_flags;

extern void kemu_might_sleep_report(const char *file, int line);

/*
 * __might_sleep() - the "sleeping function called from invalid context" check of every
 * sleeping call. kemu: the common case (a task with preemption, interrupts and RCU enabled) is
 * decided here, without a call into TS; anything else goes to the scheduler, which reports
 * (at most once a second, as Linux) and knows the big kernel lock's share of preempt_count.
 */
void __might_sleep(const char *file, int line)
{
	struct task_struct *t = current_task;

	if (likely(!__preempt_count && !kemu_irq_flags && t && t->pid && !t->rcu_read_lock_nesting))
		return;
	kemu_might_sleep_report(file, line);
}
