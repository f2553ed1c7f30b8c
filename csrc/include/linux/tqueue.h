/* kemu: include/linux/tqueue.h of Linux 2.2 - task queues (removed in 2.5.41). tq_timer runs at
 * every timer tick and tq_immediate after mark_bh(IMMEDIATE_BH), both in bottom-half (softirq)
 * context; queue_task inserts at the head, as 2.2 did. Only the 2.2 layout is provided. */
#ifndef _LINUX_TQUEUE_H
#define _LINUX_TQUEUE_H
#include <linux/kernel.h>
#include <linux/bitops.h>

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

/* 2.2 bottom halves that modules marked */
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
extern void mark_bh(int nr);
#endif
