/* kemu: include/linux/srcu.h + srcutiny.h - sleepable RCU (2.6.19+) as Linux 6.1's Tiny SRCU
 * (kernel/rcu/srcutiny.c) with CONFIG_DEBUG_LOCK_ALLOC: two reader counters per srcu_struct,
 * a grace period flips the counter new readers use and waits, in a work item on system_wq,
 * until the old one drains. Readers may sleep. Differences: the work item is the last member
 * (its size depends on the era's work_struct); the readers' lockdep map serves
 * srcu_read_lock_held() and the "locks held" reports, as with Linux's lockdep, but gives no
 * dependency (deadlock) reports. */
#ifndef _LINUX_SRCU_H
#define _LINUX_SRCU_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/debug_locks.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct srcu_struct {
	short srcu_lock_nesting[2];	/* srcu_read_lock() nesting depth. */
	unsigned short srcu_idx;	/* Current reader array element in bit 0x2. */
	unsigned short srcu_idx_max;	/* Furthest future srcu_idx request. */
	u8 srcu_gp_running;		/* GP workqueue running? */
	u8 srcu_gp_waiting;		/* GP waiting for readers? */
	wait_queue_head_t srcu_wq;	/* Last srcu_read_unlock() wakes GP (Linux: a swait queue). */
	struct rcu_head *srcu_cb_head;	/* Pending callbacks: Head. */
	struct rcu_head **srcu_cb_tail;	/* Pending callbacks: Tail. */
	struct lockdep_map dep_map;
	struct work_struct srcu_work;	/* For driving grace periods (kemu: last). */
};

int __init_srcu_struct(struct srcu_struct *ssp, const char *name, struct lock_class_key *key);

#define init_srcu_struct(ssp) \
({ \
	static struct lock_class_key __srcu_key; \
	\
	__init_srcu_struct((ssp), #ssp, &__srcu_key); \
})

#define __SRCU_DEP_MAP_INIT(srcu_name)	.dep_map = { .name = #srcu_name },

void srcu_drive_gp(struct work_struct *wp);

#define __SRCU_STRUCT_INIT(name, __ignored)				\
{									\
	.srcu_wq = __WAIT_QUEUE_HEAD_INITIALIZER(name.srcu_wq),		\
	.srcu_cb_tail = &name.srcu_cb_head,				\
	__SRCU_DEP_MAP_INIT(name)					\
	.srcu_work = __WORK_INITIALIZER(name.srcu_work, srcu_drive_gp),	\
}

/* DEFINE_SRCU (3.11+): the same struct as Tiny SRCU's; _STATIC_ only makes it static. */
#define DEFINE_SRCU(name) \
	struct srcu_struct name = __SRCU_STRUCT_INIT(name, name)
#define DEFINE_STATIC_SRCU(name) \
	static struct srcu_struct name = __SRCU_STRUCT_INIT(name, name)

void call_srcu(struct srcu_struct *ssp, struct rcu_head *head,
		void (*func)(struct rcu_head *head));
void cleanup_srcu_struct(struct srcu_struct *ssp);
void __srcu_read_unlock(struct srcu_struct *ssp, int idx) __releases(ssp);
void synchronize_srcu(struct srcu_struct *ssp);

/*
 * Counts the new reader in the counter new readers use now. One CPU and no preemption inside
 * this straight-line code: the read and the increment cannot be split.
 */
static inline int __srcu_read_lock(struct srcu_struct *ssp)
{
	int idx;

	idx = ((READ_ONCE(ssp->srcu_idx) + 1) & 0x2) >> 1;
	WRITE_ONCE(ssp->srcu_lock_nesting[idx], ssp->srcu_lock_nesting[idx] + 1);
	return idx;
}

static inline void synchronize_srcu_expedited(struct srcu_struct *ssp)
{
	synchronize_srcu(ssp);
}

static inline void srcu_barrier(struct srcu_struct *ssp)
{
	synchronize_srcu(ssp);
}

#define SRCU_GET_STATE_COMPLETED 0x1

static inline unsigned long get_completed_synchronize_srcu(void)
{
	return SRCU_GET_STATE_COMPLETED;
}

unsigned long get_state_synchronize_srcu(struct srcu_struct *ssp);
unsigned long start_poll_synchronize_srcu(struct srcu_struct *ssp);
bool poll_state_synchronize_srcu(struct srcu_struct *ssp, unsigned long cookie);

static inline int __srcu_read_lock_nmisafe(struct srcu_struct *ssp)
{
	return __srcu_read_lock(ssp);
}

static inline void __srcu_read_unlock_nmisafe(struct srcu_struct *ssp, int idx)
{
	__srcu_read_unlock(ssp, idx);
}

/*
 * srcu_read_lock_held - might we be in SRCU read-side critical section? Answered by lockdep
 * (per task); 1 whenever lock debugging is off, as in Linux.
 */
static inline int srcu_read_lock_held(const struct srcu_struct *ssp)
{
	if (!debug_locks)
		return 1;
	return lock_is_held_type(&ssp->dep_map, -1);
}

/* rcu_lock_acquire()/rcu_lock_release(): a recursive read acquisition, not deadlock-checked. */
static inline void srcu_lock_acquire(struct lockdep_map *map, unsigned long site)
{
	lock_acquire(map, 0, 0, 2, 0, NULL, site);
}

static inline void srcu_lock_release(struct lockdep_map *map)
{
	lock_release(map, _THIS_IP_);
}

#define srcu_check_nmi_safety(ssp, nmi_safe) do { (void)(ssp); } while (0)

#define srcu_dereference_check(p, ssp, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), \
				(c) || srcu_read_lock_held(ssp), __rcu)
#define srcu_dereference(p, ssp) srcu_dereference_check((p), (ssp), 0)
#define srcu_dereference_notrace(p, ssp) srcu_dereference_check((p), (ssp), 1)

/**
 * srcu_read_lock - register a new reader for an SRCU-protected structure.
 * Returns the index to hand to the matching srcu_read_unlock(). The section may sleep; it
 * must not wait for a grace period of the same srcu_struct.
 */
static inline int srcu_read_lock(struct srcu_struct *ssp) __acquires(ssp)
{
	int retval;

	retval = __srcu_read_lock(ssp);
	srcu_lock_acquire(&ssp->dep_map, __kemu_take_lock_site());
	return retval;
}
#define srcu_read_lock(ssp) __KEMU_LOCK_SITE(srcu_read_lock(ssp))

static inline int srcu_read_lock_nmisafe(struct srcu_struct *ssp) __acquires(ssp)
{
	return srcu_read_lock(ssp);
}

/* Used by tracing: no lockdep. */
static inline notrace int srcu_read_lock_notrace(struct srcu_struct *ssp) __acquires(ssp)
{
	return __srcu_read_lock(ssp);
}

/* srcu_down_read (6.2+): semaphore-like, srcu_up_read() may come from another context. */
static inline int srcu_down_read(struct srcu_struct *ssp) __acquires(ssp)
{
	WARN_ON_ONCE(in_nmi());
	return __srcu_read_lock(ssp);
}

/* srcu_read_unlock - unregister an old reader; idx is what srcu_read_lock() returned. */
static inline void srcu_read_unlock(struct srcu_struct *ssp, int idx) __releases(ssp)
{
	WARN_ON_ONCE(idx & ~0x1);
	srcu_lock_release(&ssp->dep_map);
	__srcu_read_unlock(ssp, idx);
}

static inline void srcu_read_unlock_nmisafe(struct srcu_struct *ssp, int idx) __releases(ssp)
{
	srcu_read_unlock(ssp, idx);
}

static inline notrace void srcu_read_unlock_notrace(struct srcu_struct *ssp, int idx) __releases(ssp)
{
	__srcu_read_unlock(ssp, idx);
}

static inline void srcu_up_read(struct srcu_struct *ssp, int idx) __releases(ssp)
{
	WARN_ON_ONCE(idx & ~0x1);
	WARN_ON_ONCE(in_nmi());
	__srcu_read_unlock(ssp, idx);
}

static inline void smp_mb__after_srcu_read_unlock(void)
{
	/* __srcu_read_unlock has smp_mb() internally so nothing to do here. */
}

/* Tiny SRCU's srcutorture hook */
static inline void srcu_torture_stats_print(struct srcu_struct *ssp, char *tt, char *tf)
{
	int idx;

	idx = ((READ_ONCE(ssp->srcu_idx) + 1) & 0x2) >> 1;
	pr_alert("%s%s Tiny SRCU per-CPU(idx=%d): (%hd,%hd)\n",
		 tt, tf, idx,
		 READ_ONCE(ssp->srcu_lock_nesting[!idx]),
		 READ_ONCE(ssp->srcu_lock_nesting[idx]));
}
#endif
