/* kemu: kernel/sched/wait.c - generic wait queues, as Linux 6.1 minus the bookmark walk (one
 * CPU: a walk is never interrupted long enough to need it) and with irq-off sections instead
 * of the queue spinlock (the lock exists for modules that take it, e.g. wake_up_locked). */
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/sched/signal.h>
#include <linux/list.h>
#include <linux/irqflags.h>
#include <linux/printk.h>

void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name, void *key)
{
	(void)key;
	wq_head->lock = (spinlock_t) ___SPIN_LOCK_INITIALIZER(wq_head->lock);
	wq_head->lock.rlock.name = name;
	INIT_LIST_HEAD(&wq_head->head);
}

/* A zeroed (never initialised) head has NULL list pointers: Linux would oops on the first
 * list_add; kemu says what happened before the same oops. */
void kemu_wq_check(struct wait_queue_head *wq_head, const char *what)
{
	if (!wq_head->head.next || !wq_head->head.prev)
		printk(KERN_ERR "kemu: %s on a wait queue head that was never initialised (%px): use DECLARE_WAIT_QUEUE_HEAD or init_waitqueue_head\n",
		       what, wq_head);
}

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	kemu_wq_check(wq_head, "add_wait_queue");
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	local_irq_save(flags);
	__add_wait_queue(wq_head, wq_entry);
	local_irq_restore(flags);
}

void add_wait_queue_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	kemu_wq_check(wq_head, "add_wait_queue_exclusive");
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	local_irq_save(flags);
	__add_wait_queue_entry_tail(wq_head, wq_entry);
	local_irq_restore(flags);
}

void add_wait_queue_priority(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE | WQ_FLAG_PRIORITY;
	local_irq_save(flags);
	__add_wait_queue(wq_head, wq_entry);
	local_irq_restore(flags);
}

void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	local_irq_save(flags);
	__remove_wait_queue(wq_head, wq_entry);
	local_irq_restore(flags);
}

/*
 * The core wakeup function. Non-exclusive wakeups (nr_exclusive == 0) just
 * wake everything up. If it's an exclusive wakeup (nr_exclusive == small +ve
 * number) then we wake that number of exclusive tasks, and potentially all
 * the non-exclusive tasks.
 */
static int __wake_up_common(struct wait_queue_head *wq_head, unsigned int mode,
			int nr_exclusive, int wake_flags, void *key)
{
	wait_queue_entry_t *curr, *next;

	if (!wq_head->head.next) {
		kemu_wq_check(wq_head, "wake_up");
		return nr_exclusive;
	}
	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned flags = curr->flags;
		int ret;

		ret = curr->func(curr, mode, wake_flags, key);
		if (ret < 0)
			break;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
	return nr_exclusive;
}

static void __wake_up_common_lock(struct wait_queue_head *wq_head, unsigned int mode,
			int nr_exclusive, int wake_flags, void *key)
{
	unsigned long flags;

	local_irq_save(flags);
	__wake_up_common(wq_head, mode, nr_exclusive, wake_flags, key);
	local_irq_restore(flags);
}

void __wake_up(struct wait_queue_head *wq_head, unsigned int mode,
			int nr_exclusive, void *key)
{
	__wake_up_common_lock(wq_head, mode, nr_exclusive, 0, key);
}

void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode, int nr)
{
	__wake_up_common(wq_head, mode, nr, 0, NULL);
}

void __wake_up_locked_key(struct wait_queue_head *wq_head, unsigned int mode, void *key)
{
	__wake_up_common(wq_head, mode, 1, 0, key);
}

#define WF_SYNC 0x10
void __wake_up_sync_key(struct wait_queue_head *wq_head, unsigned int mode, void *key)
{
	__wake_up_common_lock(wq_head, mode, 1, WF_SYNC, key);
}

void __wake_up_sync(struct wait_queue_head *wq_head, unsigned int mode)
{
	__wake_up_sync_key(wq_head, mode, NULL);
}

void __wake_up_pollfree(struct wait_queue_head *wq_head)
{
	__wake_up(wq_head, TASK_NORMAL, 0, (void *)(uintptr_t)0x4000 /* POLLFREE */);
}

/*
 * Note: we use "set_current_state()" _after_ the wait-queue add,
 * because we need a memory barrier there on SMP, so that any
 * wake-function that tests for the wait-queue being active
 * will be guaranteed to see waitqueue addition _or_ subsequent
 * tests in this thread will see the wakeup having taken place.
 */
void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)
{
	unsigned long flags;

	kemu_wq_check(wq_head, "prepare_to_wait");
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	local_irq_save(flags);
	if (list_empty(&wq_entry->entry))
		__add_wait_queue(wq_head, wq_entry);
	set_current_state(state);
	local_irq_restore(flags);
}

/* Returns true if we are the first waiter in the queue, false otherwise. */
bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)
{
	unsigned long flags;
	bool was_empty = false;

	kemu_wq_check(wq_head, "prepare_to_wait_exclusive");
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	local_irq_save(flags);
	if (list_empty(&wq_entry->entry)) {
		was_empty = list_empty(&wq_head->head);
		__add_wait_queue_entry_tail(wq_head, wq_entry);
	}
	set_current_state(state);
	local_irq_restore(flags);
	return was_empty;
}

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)
{
	unsigned long flags;
	long ret = 0;

	kemu_wq_check(wq_head, "wait_event");
	local_irq_save(flags);
	if (signal_pending_state(state, current)) {
		/*
		 * Exclusive waiter must not fail if it was selected by wakeup,
		 * it should "consume" the condition we were waiting for.
		 */
		list_del_init(&wq_entry->entry);
		ret = -ERESTARTSYS;
	} else {
		if (list_empty(&wq_entry->entry)) {
			if (wq_entry->flags & WQ_FLAG_EXCLUSIVE)
				__add_wait_queue_entry_tail(wq_head, wq_entry);
			else
				__add_wait_queue(wq_head, wq_entry);
		}
		set_current_state(state);
	}
	local_irq_restore(flags);

	return ret;
}

/**
 * finish_wait - clean up after waiting in a queue
 * Sets current thread back to running state and removes
 * the wait descriptor from the given waitqueue if still
 * queued.
 */
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	if (!list_empty_careful(&wq_entry->entry)) {
		local_irq_save(flags);
		list_del_init(&wq_entry->entry);
		local_irq_restore(flags);
	}
}

int default_wake_function(struct wait_queue_entry *curr, unsigned mode, int wake_flags, void *key)
{
	(void)key;
	return try_to_wake_up(curr->private, mode, wake_flags);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int sync, void *key)
{
	int ret = default_wake_function(wq_entry, mode, sync, key);

	if (ret)
		list_del_init_careful(&wq_entry->entry);

	return ret;
}

static inline bool is_kthread_should_stop(void)
{
	extern bool kthread_should_stop(void);
	return (current->flags & PF_KTHREAD) && kthread_should_stop();
}

long wait_woken(struct wait_queue_entry *wq_entry, unsigned mode, long timeout)
{
	set_current_state(mode); /* A */
	if (!(wq_entry->flags & WQ_FLAG_WOKEN) && !is_kthread_should_stop())
		timeout = schedule_timeout(timeout);
	__set_current_state(TASK_RUNNING);
	wq_entry->flags &= ~WQ_FLAG_WOKEN;
	return timeout;
}

int woken_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int sync, void *key)
{
	wq_entry->flags |= WQ_FLAG_WOKEN;
	return default_wake_function(wq_entry, mode, sync, key);
}

/*
 * The sleep_on family, removed from Linux in 3.15 because it races (the condition is
 * tested before the task is on the queue); kemu keeps it, races included, for old documents.
 */
static long sleep_on_common(wait_queue_head_t *q, int state, long timeout)
{
	unsigned long flags;
	wait_queue_entry_t wait;

	init_waitqueue_entry(&wait, current);
	kemu_wq_check(q, "sleep_on");
	__set_current_state(state);
	local_irq_save(flags);
	__add_wait_queue(q, &wait);
	local_irq_restore(flags);
	timeout = schedule_timeout(timeout);
	local_irq_save(flags);
	__remove_wait_queue(q, &wait);
	local_irq_restore(flags);
	return timeout;
}

void interruptible_sleep_on(wait_queue_head_t *q)
{
	sleep_on_common(q, TASK_INTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

long interruptible_sleep_on_timeout(wait_queue_head_t *q, long timeout)
{
	return sleep_on_common(q, TASK_INTERRUPTIBLE, timeout);
}

void sleep_on(wait_queue_head_t *q)
{
	sleep_on_common(q, TASK_UNINTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

long sleep_on_timeout(wait_queue_head_t *q, long timeout)
{
	return sleep_on_common(q, TASK_UNINTERRUPTIBLE, timeout);
}
