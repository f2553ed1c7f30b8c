/* kemu: Linux 2.2's task queues (include/linux/tqueue.h, kernel/sched.c, kernel/softirq.c):
 * tq_timer is run by the timer bottom half at every tick, tq_immediate when IMMEDIATE_BH is
 * marked. kemu runs both from TIMER_SOFTIRQ (kernel/time/timer.c calls kemu_run_task_queues). */
#include <linux/tqueue.h>
#include <linux/interrupt.h>
#include <linux/irqflags.h>

__visible task_queue tq_timer, tq_immediate, tq_scheduler, tq_disk;
static int immediate_marked;

void queue_task(struct tq_struct *bh_pointer, task_queue *bh_list)
{
	if (!test_and_set_bit(0, &bh_pointer->sync)) {
		unsigned long flags;

		local_irq_save(flags);
		bh_pointer->next = *bh_list;
		*bh_list = bh_pointer;
		local_irq_restore(flags);
	}
}

void run_task_queue(task_queue *list)
{
	struct tq_struct *p;
	unsigned long flags;

	if (!*list)
		return;
	local_irq_save(flags);
	p = *list;
	*list = NULL;
	local_irq_restore(flags);
	while (p) {
		void *arg = p->data;
		void (*f)(void *) = p->routine;
		struct tq_struct *save_p = p;

		p = p->next;
		smp_mb();
		save_p->sync = 0;
		if (f)
			(*f)(arg);
	}
}

void mark_bh(int nr)
{
	if (nr == IMMEDIATE_BH)
		immediate_marked = 1;
	raise_softirq(TIMER_SOFTIRQ);
}

/* From TIMER_SOFTIRQ: the timer bottom half's queue at each tick, then the immediate one. */
void kemu_run_task_queues(int tick)
{
	if (tick)
		run_task_queue(&tq_timer);
	if (immediate_marked) {
		immediate_marked = 0;
		run_task_queue(&tq_immediate);
	}
}
