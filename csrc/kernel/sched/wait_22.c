/* kemu: kernel/sched.c of Linux 2.2 (sleep_on, __wake_up) and include/linux/wait.h's 2.2 list
 * handling: the `struct wait_queue *` API old documents use. Same list shape as 2.2 (circular,
 * closed by a pseudo-entry overlaying the head pointer), so `WaitQ != NULL` tests behave alike. */
#include <linux/sched.h>
#include <linux/irqflags.h>

struct wait_queue22 {
	struct task_struct *task;
	struct wait_queue22 *next;
};
#define HEAD22(x) ((struct wait_queue22 *)((x)-1))

void add_wait_queue_22(struct wait_queue22 **p, struct wait_queue22 *wait)
{
	unsigned long flags;

	local_irq_save(flags);
	wait->next = *p ? *p : HEAD22(p);
	*p = wait;
	local_irq_restore(flags);
}

void remove_wait_queue_22(struct wait_queue22 **p, struct wait_queue22 *wait)
{
	struct wait_queue22 *next = wait->next;
	struct wait_queue22 *head = next;
	struct wait_queue22 *tmp;
	unsigned long flags;

	(void)p;
	local_irq_save(flags);
	while ((tmp = head->next) != wait)
		head = tmp;
	head->next = next;
	local_irq_restore(flags);
}

void __wake_up_22(struct wait_queue22 **q, unsigned int mode)
{
	struct wait_queue22 *next, *head;

	if (!q || !(next = *q))
		return;
	head = HEAD22(q);
	while (next != head) {
		struct wait_queue22 *curr = next;

		next = curr->next;
		if (curr->task && (READ_ONCE(curr->task->__state) & mode))
			wake_up_state(curr->task, mode);
	}
}

static long sleep_on_common_22(struct wait_queue22 **p, int state, long timeout)
{
	struct wait_queue22 wait = { current, NULL };

	__set_current_state(state);
	add_wait_queue_22(p, &wait);
	timeout = schedule_timeout(timeout);
	remove_wait_queue_22(p, &wait);
	return timeout;
}

void sleep_on_22(struct wait_queue22 **p)
{
	sleep_on_common_22(p, TASK_UNINTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

long sleep_on_timeout_22(struct wait_queue22 **p, long timeout)
{
	return sleep_on_common_22(p, TASK_UNINTERRUPTIBLE, timeout);
}

void interruptible_sleep_on_22(struct wait_queue22 **p)
{
	sleep_on_common_22(p, TASK_INTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

long interruptible_sleep_on_timeout_22(struct wait_queue22 **p, long timeout)
{
	return sleep_on_common_22(p, TASK_INTERRUPTIBLE, timeout);
}
