/* kemu: kernel/sched/core.c - the words of scheduler state that C reads inline (current,
 * preempt_count, the interrupt flag). The scheduler itself is TS (ts/kernel/sched/core.ts),
 * which writes current_task on every context switch. */
#include <linux/sched.h>

__visible struct task_struct *current_task;
__visible int __preempt_count;
__visible unsigned long kemu_irq_flags;
