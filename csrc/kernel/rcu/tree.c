/* kemu: kernel/rcu/tree.c + tree_plugin.h - preemptible RCU for one CPU. Readers count
 * current->rcu_read_lock_nesting, and the C core counts the tasks inside a read-side critical
 * section. A grace period has elapsed whenever that count is zero: queued callbacks run (in
 * softirq context) from kemu_rcu_process_callbacks(), which the timer tick calls, and
 * synchronize_rcu() returns at once unless a preempted reader is still inside its section.
 * kfree_rcu() objects are freed in the same batches. No expedited/polled grace periods, no
 * callback offloading; SRCU is Tiny SRCU (srcutiny.c). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <linux/debug_locks.h>

extern void kemu_lockdep_rcu_unlock_imbalance(void);

/* Tasks inside an RCU read-side critical section (nesting > 0). */
static int rcu_readers;

/* Callbacks waiting for a grace period, and the kfree_rcu(ptr, rhf) objects (whose rcu_head
 * ->func holds the offset of the rcu_head in the object). A kemu function pointer is a small
 * table index, so the two cannot share Linux's "func < 4096 means offset" encoding. */
static struct rcu_head *cb_list, **cb_tail = &cb_list;
static struct rcu_head *kvfree_list, **kvfree_tail = &kvfree_list;
static unsigned long cbs_queued, cbs_done;

/* RCU CPU stall warnings (CONFIG_RCU_CPU_STALL_TIMEOUT=21) */
#define RCU_STALL_JIFFIES (21 * HZ)

void __rcu_read_lock(void)
{
	struct task_struct *t = current;

	if (t->rcu_read_lock_nesting++ == 0)
		rcu_readers++;
	barrier(); /* critical section after entry code. */
}

void __rcu_read_unlock(void)
{
	struct task_struct *t = current;
	int rrln;

	barrier(); /* critical section before exit code. */
	/* lockdep's rcu_lock_release() of rcu_read_unlock() comes first */
	if (t->rcu_read_lock_nesting <= 0)
		kemu_lockdep_rcu_unlock_imbalance();
	if (--t->rcu_read_lock_nesting == 0)
		rcu_readers--;
	rrln = t->rcu_read_lock_nesting;
	WARN_ON_ONCE(rrln < 0);
}

/* Readers other than the current task: the ones a grace period waits for. */
static int rcu_other_readers(void)
{
	struct task_struct *t = current;

	return rcu_readers - (t && t->rcu_read_lock_nesting > 0 ? 1 : 0);
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	head->func = func;
	head->next = NULL;
	*cb_tail = head;
	cb_tail = &head->next;
	cbs_queued++;
}

struct kvfree_rcu_obj {
	struct rcu_head rh;
	void *ptr;
};

static void kvfree_rcu_obj_free(struct rcu_head *rh)
{
	struct kvfree_rcu_obj *obj = container_of(rh, struct kvfree_rcu_obj, rh);

	kvfree(obj->ptr);
	kfree(obj);
}

void kvfree_call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	struct kvfree_rcu_obj *obj;
	void *ptr;

	if (head) {
		head->func = func;
		head->next = NULL;
		*kvfree_tail = head;
		kvfree_tail = &head->next;
		cbs_queued++;
		return;
	}

	/* kfree_rcu(ptr): no rcu_head in the object, so one is attached to it (may sleep). */
	ptr = (void *)func;
	might_sleep();
	obj = kmalloc(sizeof(*obj), GFP_KERNEL | __GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN);
	if (!obj) {
		synchronize_rcu();
		kvfree(ptr);
		return;
	}
	obj->ptr = ptr;
	call_rcu(&obj->rh, kvfree_rcu_obj_free);
}

/* Callbacks are waiting for a grace period (the tick must keep coming while this is true). */
int kemu_rcu_pending(void)
{
	return cb_list != NULL || kvfree_list != NULL;
}

/*
 * The grace-period machinery: run everything queued so far if no task is inside a read-side
 * critical section. Called from the timer tick (softirq context) and by rcu_barrier().
 */
void kemu_rcu_process_callbacks(void)
{
	struct rcu_head *cbs, *frees, *next;
	bool enter_softirq;

	if (rcu_readers > 0 || (!cb_list && !kvfree_list))
		return;
	cbs = cb_list;
	cb_list = NULL;
	cb_tail = &cb_list;
	frees = kvfree_list;
	kvfree_list = NULL;
	kvfree_tail = &kvfree_list;

	/* rcu_core() runs as RCU_SOFTIRQ */
	enter_softirq = !in_serving_softirq();
	if (enter_softirq)
		__preempt_count_add(SOFTIRQ_OFFSET);
	for (; frees; frees = next) {
		next = frees->next;
		kvfree((void *)frees - (unsigned long)frees->func);
		cbs_done++;
	}
	for (; cbs; cbs = next) {
		next = cbs->next;
		cbs->func(cbs);
		cbs_done++;
	}
	if (enter_softirq)
		__preempt_count_sub(SOFTIRQ_OFFSET);
}

/* Sleep tick by tick until cond() holds. A reader that never leaves its critical section gets
 * Linux's stall warning after 21 s, and then the waiter blocks for good (as Linux would), which
 * the scheduler reports as a hung task instead of the emulator spinning forever. */
static void rcu_wait_ticks(bool (*cond)(unsigned long), unsigned long arg)
{
	unsigned long waited = 0;

	while (!cond(arg)) {
		if (waited++ == RCU_STALL_JIFFIES) {
			pr_err("rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n");
			set_current_state(TASK_UNINTERRUPTIBLE);
			schedule();
			return;
		}
		schedule_timeout_uninterruptible(1);
		kemu_rcu_process_callbacks();
	}
}

static bool no_other_readers(unsigned long unused)
{
	(void)unused;
	return rcu_other_readers() <= 0;
}

void synchronize_rcu(void)
{
	might_sleep();
	/* Inside a read-side critical section this would wait for itself; Linux deadlocks (after
	 * lockdep's complaint), kemu only waits for the other readers. */
	rcu_wait_ticks(no_other_readers, 0);
}

void synchronize_rcu_expedited(void)
{
	synchronize_rcu();
}

static bool callbacks_done(unsigned long target)
{
	return (long)(cbs_done - target) >= 0;
}

void rcu_barrier(void)
{
	unsigned long target = cbs_queued;

	might_sleep();
	kemu_rcu_process_callbacks();
	rcu_wait_ticks(callbacks_done, target);
}
