/* kemu: kernel/rcu/srcutiny.c - Tiny SRCU (sleepable RCU) of Linux 6.1 for one CPU. Readers
 * count themselves in one of two counters of their srcu_struct (<linux/srcu.h>, inline); a grace
 * period, driven by the srcu_struct's work item on system_wq, flips the counter new readers use,
 * sleeps until the old one is zero (the last reader out wakes it) and then invokes the callbacks
 * queued before it started. synchronize_srcu() is call_srcu() plus a completion.
 * Differences: Linux's Tiny SRCU is for !PREEMPT kernels; kemu's CPU only switches tasks at loop
 * heads and calls, so the reader's two-step counter update cannot be split and the same
 * algorithm holds with preemption. Linux waits with a simple wait queue (swait), kemu with an
 * ordinary one. No early-boot list (modules only run after workqueues exist). Like Tree SRCU
 * (and Tiny since 6.2), synchronize_srcu() says might_sleep() and reports the illegal call from
 * inside a same-type SRCU or an RCU read-side critical section (then waits for ever, as Linux). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/completion.h>
#include <linux/rcupdate.h>
#include <linux/srcu.h>
#include <linux/workqueue.h>
#include <linux/debug_locks.h>

/* kernel/locking/lockdep.c */
extern void lockdep_rcu_suspicious(const char *file, const int line, const char *s);

#define USHORT_CMP_GE(a, b)	(USHRT_MAX / 2 >= (unsigned short)((a) - (b)))
#define USHORT_CMP_LT(a, b)	(USHRT_MAX / 2 < (unsigned short)((a) - (b)))

static int init_srcu_struct_fields(struct srcu_struct *ssp)
{
	ssp->srcu_lock_nesting[0] = 0;
	ssp->srcu_lock_nesting[1] = 0;
	init_waitqueue_head(&ssp->srcu_wq);
	ssp->srcu_cb_head = NULL;
	ssp->srcu_cb_tail = &ssp->srcu_cb_head;
	ssp->srcu_gp_running = false;
	ssp->srcu_gp_waiting = false;
	ssp->srcu_idx = 0;
	ssp->srcu_idx_max = 0;
	INIT_WORK(&ssp->srcu_work, srcu_drive_gp);
	INIT_LIST_HEAD(&ssp->srcu_work.entry);
	return 0;
}

/* init_srcu_struct() of a CONFIG_DEBUG_LOCK_ALLOC kernel */
int __init_srcu_struct(struct srcu_struct *ssp, const char *name, struct lock_class_key *key)
{
	/* Don't re-initialize a lock while it is held. */
	debug_check_no_locks_freed((void *)ssp, sizeof(*ssp));
	lockdep_init_map(&ssp->dep_map, name, key, 0);
	return init_srcu_struct_fields(ssp);
}

/*
 * cleanup_srcu_struct - deconstruct a sleep-RCU structure. Waits for a grace period in
 * progress; readers still inside or callbacks still queued are a WARN, as in Linux.
 */
void cleanup_srcu_struct(struct srcu_struct *ssp)
{
	WARN_ON(ssp->srcu_lock_nesting[0] || ssp->srcu_lock_nesting[1]);
	flush_work(&ssp->srcu_work);
	WARN_ON(ssp->srcu_gp_running);
	WARN_ON(ssp->srcu_gp_waiting);
	WARN_ON(ssp->srcu_cb_head);
	WARN_ON(&ssp->srcu_cb_head != ssp->srcu_cb_tail);
	WARN_ON(ssp->srcu_idx != ssp->srcu_idx_max);
	WARN_ON(ssp->srcu_idx & 0x1);
}

/*
 * Removes the count for the old reader from the appropriate element of the srcu_struct; the
 * last one out of the counter a grace period waits for wakes it.
 */
void __srcu_read_unlock(struct srcu_struct *ssp, int idx)
{
	int newval = READ_ONCE(ssp->srcu_lock_nesting[idx]) - 1;

	WRITE_ONCE(ssp->srcu_lock_nesting[idx], newval);
	if (!newval && READ_ONCE(ssp->srcu_gp_waiting))
		wake_up(&ssp->srcu_wq);
}

/*
 * Workqueue handler to drive one grace period and invoke any callbacks that become ready as a
 * result.
 */
void srcu_drive_gp(struct work_struct *wp)
{
	int idx;
	struct rcu_head *lh;
	struct rcu_head *rhp;
	struct srcu_struct *ssp;

	ssp = container_of(wp, struct srcu_struct, srcu_work);
	if (ssp->srcu_gp_running || USHORT_CMP_GE(ssp->srcu_idx, READ_ONCE(ssp->srcu_idx_max)))
		return; /* Already running or nothing to do. */

	/* Remove recently arrived callbacks and wait for readers. */
	WRITE_ONCE(ssp->srcu_gp_running, true);
	local_irq_disable();
	lh = ssp->srcu_cb_head;
	ssp->srcu_cb_head = NULL;
	ssp->srcu_cb_tail = &ssp->srcu_cb_head;
	local_irq_enable();
	idx = (ssp->srcu_idx & 0x2) / 2;
	WRITE_ONCE(ssp->srcu_idx, ssp->srcu_idx + 1);
	WRITE_ONCE(ssp->srcu_gp_waiting, true);  /* srcu_read_unlock() wakes! */
	wait_event(ssp->srcu_wq, !READ_ONCE(ssp->srcu_lock_nesting[idx]));
	WRITE_ONCE(ssp->srcu_gp_waiting, false); /* srcu_read_unlock() cheap. */
	WRITE_ONCE(ssp->srcu_idx, ssp->srcu_idx + 1);

	/* Invoke the callbacks we removed above. */
	while (lh) {
		rhp = lh;
		lh = lh->next;
		local_bh_disable();
		rhp->func(rhp);
		local_bh_enable();
	}

	/*
	 * Enable rescheduling, and if there are more callbacks, reschedule ourselves.
	 */
	WRITE_ONCE(ssp->srcu_gp_running, false);
	if (USHORT_CMP_LT(ssp->srcu_idx, READ_ONCE(ssp->srcu_idx_max)))
		schedule_work(&ssp->srcu_work);
}

static void srcu_gp_start_if_needed(struct srcu_struct *ssp)
{
	unsigned short cookie;

	cookie = get_state_synchronize_srcu(ssp);
	if (USHORT_CMP_GE(READ_ONCE(ssp->srcu_idx_max), cookie))
		return;
	WRITE_ONCE(ssp->srcu_idx_max, cookie);
	if (!READ_ONCE(ssp->srcu_gp_running))
		schedule_work(&ssp->srcu_work);
}

/*
 * Enqueue an SRCU callback on the specified srcu_struct structure, initiating grace-period
 * processing if it is not already running.
 */
void call_srcu(struct srcu_struct *ssp, struct rcu_head *rhp, rcu_callback_t func)
{
	unsigned long flags;

	rhp->func = func;
	rhp->next = NULL;
	local_irq_save(flags);
	*ssp->srcu_cb_tail = rhp;
	ssp->srcu_cb_tail = &rhp->next;
	local_irq_restore(flags);
	srcu_gp_start_if_needed(ssp);
}

/* include/linux/rcupdate_wait.h */
struct rcu_synchronize {
	struct rcu_head head;
	struct completion completion;
};

static void wakeme_after_rcu(struct rcu_head *head)
{
	struct rcu_synchronize *rcu = container_of(head, struct rcu_synchronize, head);

	complete(&rcu->completion);
}

/*
 * synchronize_srcu - wait for prior SRCU read-side critical-section completion
 */
void synchronize_srcu(struct srcu_struct *ssp)
{
	struct rcu_synchronize rs;
	static bool warned;

	/* RCU_LOCKDEP_WARN() of Tree SRCU's __synchronize_srcu() */
	if (debug_locks && !warned &&
	    (lock_is_held_type(&ssp->dep_map, -1) || rcu_read_lock_held())) {
		warned = true;
		lockdep_rcu_suspicious(__FILE__, __LINE__,
			"Illegal synchronize_srcu() in same-type SRCU (or in RCU) read-side critical section");
	}
	might_sleep();
	init_rcu_head_on_stack(&rs.head);
	init_completion(&rs.completion);
	call_srcu(ssp, &rs.head, wakeme_after_rcu);
	wait_for_completion(&rs.completion);
	destroy_rcu_head_on_stack(&rs.head);
}

/*
 * get_state_synchronize_srcu - Provide an end-of-grace-period cookie
 */
unsigned long get_state_synchronize_srcu(struct srcu_struct *ssp)
{
	unsigned long ret;

	barrier();
	ret = (READ_ONCE(ssp->srcu_idx) + 3) & ~0x1;
	barrier();
	return ret & USHRT_MAX;
}

/*
 * start_poll_synchronize_srcu - Provide cookie and start grace period
 */
unsigned long start_poll_synchronize_srcu(struct srcu_struct *ssp)
{
	unsigned long ret = get_state_synchronize_srcu(ssp);

	srcu_gp_start_if_needed(ssp);
	return ret;
}

/*
 * poll_state_synchronize_srcu - Has cookie's grace period ended?
 */
bool poll_state_synchronize_srcu(struct srcu_struct *ssp, unsigned long cookie)
{
	bool ret;

	if (cookie == SRCU_GET_STATE_COMPLETED)
		return true;
	ret = USHORT_CMP_GE(READ_ONCE(ssp->srcu_idx), cookie);

	barrier();
	return ret;
}
