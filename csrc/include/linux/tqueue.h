/* kemu: include/linux/tqueue.h of Linux 2.2 and 2.4 - task queues (removed in 2.5.41).
 * tq_timer runs at every timer tick and tq_immediate after mark_bh(IMMEDIATE_BH), both in
 * bottom-half (softirq) context. 2.2: a singly linked list, queue_task inserts at the head,
 * tq_scheduler runs when schedule() is called. 2.4: a list_head, queue_task appends and
 * returns whether it queued, schedule_task() hands work to the keventd thread. The layout is
 * chosen by LINUX_VERSION_CODE (2.4's from 2.3.0, where it changed). */
#ifndef _LINUX_TQUEUE_H
#define _LINUX_TQUEUE_H
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/version.h>
#include <linux/list.h>
#include <linux/spinlock.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 3, 0)

struct tq_struct {
	struct tq_struct *next;		/* linked list of active bh's */
	unsigned long sync;		/* must be initialized to zero */
	void (*routine)(void *);	/* function to call */
	void *data;			/* argument to function */
};

typedef struct tq_struct * task_queue;

#define DECLARE_TASK_QUEUE(q)  task_queue q = NULL

extern task_queue tq_timer, tq_immediate, tq_scheduler, tq_disk;

extern void queue_task(struct tq_struct *bh_pointer, task_queue *bh_list);
extern void run_task_queue(task_queue *list);

/* 2.2's bottom halves (include/linux/interrupt.h) that modules marked */
enum {
	TIMER_BH = 0,
	CONSOLE_BH,
	TQUEUE_BH,
	DIGI_BH,
	SERIAL_BH,
	RISCOM8_BH,
	SPECIALIX_BH,
	AURORA_BH,
	ESP_BH,
	NET_BH,
	SCSI_BH,
	IMMEDIATE_BH,
	KEYBOARD_BH,
	CYCLADES_BH,
	CM206_BH,
	JS_BH,
	MACSERIAL_BH,
	ISICOM_BH
};

#else /* 2.4 */

struct tq_struct {
	struct list_head list;		/* linked list of active bh's */
	unsigned long sync;		/* must be initialized to zero */
	void (*routine)(void *);	/* function to call */
	void *data;			/* argument to function */
};

typedef struct list_head task_queue;

#define DECLARE_TASK_QUEUE(q)	LIST_HEAD(q)
#define TQ_ACTIVE(q)		(!list_empty(&q))

#define PREPARE_TQUEUE(_tq, _routine, _data)			\
	do {							\
		(_tq)->routine = _routine;			\
		(_tq)->data = _data;				\
	} while (0)

#define INIT_TQUEUE(_tq, _routine, _data)			\
	do {							\
		INIT_LIST_HEAD(&(_tq)->list);			\
		(_tq)->sync = 0;				\
		PREPARE_TQUEUE((_tq), (_routine), (_data));	\
	} while (0)

extern task_queue tq_timer, tq_immediate, tq_disk;

extern spinlock_t tqueue_lock;

/* Queue a task on a list: 1 if it was queued, 0 if it already was */
static inline int queue_task(struct tq_struct *bh_pointer, task_queue *bh_list)
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

extern void __run_task_queue(task_queue *list);

static inline void run_task_queue(task_queue *list)
{
	if (TQ_ACTIVE(*list))
		__run_task_queue(list);
}

/* kernel/context.c: run in process context by the keventd thread (it may sleep) */
extern int schedule_task(struct tq_struct *task);
extern void flush_scheduled_tasks(void);
extern int current_is_keventd(void);

/* 2.4's bottom halves (include/linux/interrupt.h): CONSOLE_BH, NET_BH and KEYBOARD_BH are gone */
enum {
	TIMER_BH = 0,
	TQUEUE_BH,
	DIGI_BH,
	SERIAL_BH,
	RISCOM8_BH,
	SPECIALIX_BH,
	AURORA_BH,
	ESP_BH,
	SCSI_BH,
	IMMEDIATE_BH,
	CYCLADES_BH,
	CM206_BH,
	JS_BH,
	MACSERIAL_BH,
	ISICOM_BH
};

#endif

extern void mark_bh(int nr);
#endif
