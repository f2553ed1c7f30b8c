/* kemu: Linux 2.2's and 2.4's task queues (include/linux/tqueue.h, kernel/sched.c,
 * kernel/softirq.c, 2.4's kernel/context.c). tq_timer is run by the timer bottom half at every
 * tick (and on mark_bh(TQUEUE_BH)), tq_immediate when IMMEDIATE_BH is marked; kemu runs both
 * from TIMER_SOFTIRQ (kernel/time/timer.c calls kemu_run_task_queues). 2.2's tq_scheduler runs
 * whenever the CPU schedules (TS calls kemu_run_tq_scheduler); 2.4's schedule_task() queues on
 * tq_context for the keventd thread. One core serves both layouts: the queue heads are
 * list_heads, and a 2.2 module sees their first word as its `struct tq_struct *` (NULL). */
#include <linux/list.h>
#include <linux/interrupt.h>
#include <linux/irqflags.h>
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/kthread.h>
#include <linux/version.h>
#include <linux/export.h>

extern int kemu_version_code;

/* 2.2: a singly linked list, pushed at the head */
struct tq_struct22 {
	struct tq_struct22 *next;
	unsigned long sync;
	void (*routine)(void *);
	void *data;
};

/* 2.4: a list_head, appended */
struct tq_struct24 {
	struct list_head list;
	unsigned long sync;
	void (*routine)(void *);
	void *data;
};

__visible struct list_head tq_timer, tq_immediate, tq_scheduler, tq_disk;
static struct list_head tq_context;
__visible DEFINE_SPINLOCK(tqueue_lock);
static int immediate_marked, tqueue_marked;

/* the bottom-half numbers of each era's include/linux/interrupt.h */
#define TQUEUE_BH	(kemu_version_code < KERNEL_VERSION(2, 3, 0) ? 2 : 1)
#define IMMEDIATE_BH	(kemu_version_code < KERNEL_VERSION(2, 3, 0) ? 11 : 9)

static int era24(void)
{
	return kemu_version_code >= KERNEL_VERSION(2, 3, 0);
}

/* ---- 2.2 ---- */

void queue_task(struct tq_struct22 *bh_pointer, struct tq_struct22 **bh_list)
{
	if (!test_and_set_bit(0, &bh_pointer->sync)) {
		unsigned long flags;

		spin_lock_irqsave(&tqueue_lock, flags);
		bh_pointer->next = *bh_list;
		*bh_list = bh_pointer;
		spin_unlock_irqrestore(&tqueue_lock, flags);
	}
}

void run_task_queue(struct tq_struct22 **list)
{
	struct tq_struct22 *p;
	unsigned long flags;

	if (!*list)
		return;
	spin_lock_irqsave(&tqueue_lock, flags);
	p = *list;
	*list = NULL;
	spin_unlock_irqrestore(&tqueue_lock, flags);
	while (p) {
		void *arg = p->data;
		void (*f)(void *) = p->routine;
		struct tq_struct22 *save_p = p;

		p = p->next;
		smp_mb();
		save_p->sync = 0;
		if (f)
			(*f)(arg);
	}
}

/* ---- 2.4 (queue_task and run_task_queue are inline in its header) ---- */

void __run_task_queue(struct list_head *list)
{
	struct list_head head, *next;
	unsigned long flags;

	spin_lock_irqsave(&tqueue_lock, flags);
	list_add(&head, list);
	list_del_init(list);
	spin_unlock_irqrestore(&tqueue_lock, flags);

	next = head.next;
	while (next != &head) {
		void (*f)(void *);
		struct tq_struct24 *p;
		void *data;

		p = list_entry(next, struct tq_struct24, list);
		next = next->next;
		f = p->routine;
		data = p->data;
		wmb();
		p->sync = 0;
		if (f)
			f(data);
	}
}

static int queue_task24(struct tq_struct24 *bh_pointer, struct list_head *bh_list)
{
	int ret = 0;

	if (!test_and_set_bit(0, &bh_pointer->sync)) {
		unsigned long flags;

		spin_lock_irqsave(&tqueue_lock, flags);
		list_add_tail(&bh_pointer->list, bh_list);
		spin_unlock_irqrestore(&tqueue_lock, flags);
		ret = 1;
	}
	return ret;
}

static void run_queue(struct list_head *q)
{
	if (era24()) {
		if (!list_empty(q))
			__run_task_queue(q);
	} else {
		run_task_queue((struct tq_struct22 **)q);
	}
}

void mark_bh(int nr)
{
	if (nr == IMMEDIATE_BH)
		immediate_marked = 1;
	else if (nr == TQUEUE_BH)
		tqueue_marked = 1;
	else
		return;
	raise_softirq(TIMER_SOFTIRQ);
}

/* Whether tq_timer has work: the timer interrupt marks TQUEUE_BH for it. */
int kemu_tq_timer_active(void)
{
	return era24() ? !list_empty(&tq_timer) : tq_timer.next != NULL;
}

/* From TIMER_SOFTIRQ: the timer bottom half's queue at each tick, then the immediate one. */
void kemu_run_task_queues(int tick)
{
	if (tick || tqueue_marked) {
		tqueue_marked = 0;
		run_queue(&tq_timer);
	}
	if (immediate_marked) {
		immediate_marked = 0;
		run_queue(&tq_immediate);
	}
}

/* 2.2's schedule(): `if (tq_scheduler) goto handle_tq_scheduler;` - TS calls this when the CPU
 * schedules and the queue is not empty. */
void kemu_run_tq_scheduler(void)
{
	run_task_queue((struct tq_struct22 **)&tq_scheduler);
}

/* ---- 2.4's kernel/context.c: keventd ---- */

static DECLARE_WAIT_QUEUE_HEAD(context_task_wq);
static DECLARE_WAIT_QUEUE_HEAD(context_task_done);
static struct task_struct *keventd_task;

int current_is_keventd(void)
{
	return keventd_task && current == keventd_task;
}

int schedule_task(struct tq_struct24 *task)
{
	int ret = queue_task24(task, &tq_context);

	wake_up(&context_task_wq);
	return ret;
}

static int context_thread(void *unused)
{
	DECLARE_WAITQUEUE(wait, current);

	(void)unused;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		add_wait_queue(&context_task_wq, &wait);
		if (!list_empty(&tq_context))
			set_current_state(TASK_RUNNING);
		schedule();
		remove_wait_queue(&context_task_wq, &wait);
		run_queue(&tq_context);
		wake_up(&context_task_done);
	}
	return 0;
}

static void dummy_routine(void *unused)
{
	(void)unused;
}

static struct tq_struct24 dummy_task = { .routine = dummy_routine };

/* 2.4: wait until everything queued before the call has run (twice, as 2.4 does) */
void flush_scheduled_tasks(void)
{
	int count;
	DECLARE_WAITQUEUE(wait, current);

	add_wait_queue(&context_task_done, &wait);
	for (count = 0; count < 2; count++) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_task(&dummy_task);
		schedule();
	}
	remove_wait_queue(&context_task_done, &wait);
}

/* Boot: the queue heads of the running kernel's era; 2.4 starts keventd. */
void kemu_tqueue_init(void)
{
	INIT_LIST_HEAD(&tq_context);
	if (!era24())
		return;
	INIT_LIST_HEAD(&tq_timer);
	INIT_LIST_HEAD(&tq_immediate);
	INIT_LIST_HEAD(&tq_disk);
	/* task queues (and this keventd) went in 2.5.41; 2.6's keventd is a workqueue */
	if (kemu_version_code < KERNEL_VERSION(2, 6, 0))
		keventd_task = kthread_run(context_thread, NULL, "keventd");
}
