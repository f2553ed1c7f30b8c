// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/select.c - poll(2)'s kernel half for files whose operations are kernel C: each
 * driver ->poll hangs the caller on its wait queues through __pollwait; the caller sleeps until
 * a pollwake, the timeout or a signal, then polls again, as do_poll does. Differs: the fds and
 * revents come from TS (which answers for TS files, always ready, itself), the timeout is in
 * jiffies (schedule_timeout rather than an hrtimer with slack), and the table is one kmalloc'd
 * array instead of poll_table_page chains. select(2) is done by TS on top of this. */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/export.h>
#include "internal.h"

__poll_t vfs_poll(struct file *file, struct poll_table_struct *pt)
{
	__poll_t (*poll)(struct file *, struct poll_table_struct *);

	poll = FOP(file->f_op, FOP_POLL, __poll_t (*)(struct file *, struct poll_table_struct *));
	if (!poll)
		return DEFAULT_POLLMASK;
	return poll(file, pt);
}
EXPORT_SYMBOL(vfs_poll);

static int __pollwake(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct poll_wqueues *pwq = wait->private;
	DECLARE_WAITQUEUE(dummy_wait, pwq->polling_task);

	/* triggered must be set before the task is woken (smp_wmb in Linux) */
	pwq->triggered = 1;
	return default_wake_function(&dummy_wait, mode, sync, key);
}

static int pollwake(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct poll_table_entry *entry = container_of(wait, struct poll_table_entry, wait);

	if (key && !((__poll_t)(unsigned long)key & entry->key))
		return 0;
	return __pollwake(wait, mode, sync, key);
}

#define ENTRIES_PER_PAGE 16
struct poll_table_page {
	struct poll_table_page *next;
	int n;
	struct poll_table_entry entries[ENTRIES_PER_PAGE];
};

static void __pollwait(struct file *filp, wait_queue_head_t *wait_address, poll_table *p)
{
	struct poll_wqueues *pwq = container_of(p, struct poll_wqueues, pt);
	struct poll_table_page *page = pwq->table;
	struct poll_table_entry *entry;

	if (!page || page->n == ENTRIES_PER_PAGE) {
		page = kmalloc(sizeof(*page), GFP_KERNEL);
		if (!page) {
			pwq->error = -ENOMEM;
			return;
		}
		page->n = 0;
		page->next = pwq->table;
		pwq->table = page;
	}
	entry = &page->entries[page->n++];
	entry->filp = filp;
	entry->wait_address = wait_address;
	entry->key = p->_key;
	init_waitqueue_func_entry(&entry->wait, pollwake);
	entry->wait.private = pwq;
	add_wait_queue(wait_address, &entry->wait);
}

void poll_initwait(struct poll_wqueues *pwq)
{
	init_poll_funcptr(&pwq->pt, __pollwait);
	pwq->polling_task = current;
	pwq->triggered = 0;
	pwq->error = 0;
	pwq->table = NULL;
}
EXPORT_SYMBOL(poll_initwait);

void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_table_page *p = pwq->table;
	int i;

	while (p) {
		struct poll_table_page *old = p;

		for (i = 0; i < p->n; i++)
			remove_wait_queue(p->entries[i].wait_address, &p->entries[i].wait);
		p = p->next;
		kfree(old);
	}
	pwq->table = NULL;
}
EXPORT_SYMBOL(poll_freewait);

/* one ->poll of a file the caller holds, without waiting (TS uses it for a single check) */
__poll_t kemu_vfs_poll(struct file *f, __poll_t events)
{
	poll_table pt = { ._qproc = NULL, ._key = events | EPOLLERR | EPOLLHUP };

	return vfs_poll(f, &pt) & (events | EPOLLERR | EPOLLHUP);
}

/*
 * do_poll over n files: events[i] in, revents[i] out (a NULL file is skipped). ready: how many
 * entries TS already found ready (then nobody waits). timeout: jiffies, < 0 for none. Returns
 * the number of entries with revents, 0 on timeout, -ERESTARTNOHAND when a signal came.
 */
int kemu_do_poll(struct file **files, const short *events, short *revents, int n, long timeout, int ready)
{
	struct poll_wqueues table;
	poll_table *pt = &table.pt;
	int timed_out = 0, count = 0, i;
	long left = timeout < 0 ? MAX_SCHEDULE_TIMEOUT : timeout;

	poll_initwait(&table);
	if (!timeout || ready)
		pt->_qproc = NULL, timed_out = 1;
	for (;;) {
		for (i = 0; i < n; i++) {
			__poll_t mask;

			if (!files[i])
				continue;
			pt->_key = (__poll_t)(unsigned short)events[i] | EPOLLERR | EPOLLHUP;
			mask = vfs_poll(files[i], pt);
			mask &= pt->_key;
			revents[i] = (short)mask;
			if (mask) {
				count++;
				pt->_qproc = NULL;
			}
		}
		pt->_qproc = NULL;
		if (!count) {
			count = table.error;
			if (signal_pending(current))
				count = -ERESTARTNOHAND;
		}
		if (count || timed_out)
			break;
		set_current_state(TASK_INTERRUPTIBLE);
		if (!table.triggered)
			left = schedule_timeout(left);
		__set_current_state(TASK_RUNNING);
		table.triggered = 0;
		if (!left)
			timed_out = 1;
	}
	poll_freewait(&table);
	return count;
}
