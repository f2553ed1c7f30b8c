/* kemu: include/linux/rcupdate.h - RCU as a uniprocessor CONFIG_PREEMPT_RCU kernel has it:
 * readers count current->rcu_read_lock_nesting; a grace period ends at a timer tick when no
 * task is inside a read-side critical section, and queued callbacks run then
 * (kernel/rcu/tree.c). Old names (call_rcu_bh, synchronize_sched ...) map to the one flavour
 * that Linux >= 4.20 has. */
#ifndef __LINUX_RCUPDATE_H
#define __LINUX_RCUPDATE_H
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/limits.h>
#include <linux/compiler.h>
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/lockdep.h>
#include <asm/barrier.h>

#define ULONG_CMP_GE(a, b)	(ULONG_MAX / 2 >= (a) - (b))
#define ULONG_CMP_LT(a, b)	(ULONG_MAX / 2 < (a) - (b))

extern void call_rcu(struct rcu_head *head, rcu_callback_t func);
extern void synchronize_rcu(void);
extern void synchronize_rcu_expedited(void);
extern void rcu_barrier(void);
extern void kvfree_call_rcu(struct rcu_head *head, rcu_callback_t func);

extern void __rcu_read_lock(void);
extern void __rcu_read_unlock(void);
#define rcu_preempt_depth() READ_ONCE(current->rcu_read_lock_nesting)

extern int rcu_read_lock_held(void);
extern int rcu_read_lock_bh_held(void);
extern int rcu_read_lock_sched_held(void);
extern int rcu_read_lock_any_held(void);
#define debug_lockdep_rcu_enabled() 0
#define rcu_lockdep_current_cpu_online() true
#define rcu_is_watching() true
#define rcu_lock_acquire(map) do { } while (0)
#define rcu_lock_release(map) do { } while (0)
#define RCU_LOCKDEP_WARN(c, s) do { } while (0)
#define rcu_lockdep_assert(c, s) do { } while (0)	/* before 4.2 */
#define rcu_sleep_check() do { } while (0)
#define rcu_note_context_switch(preempt) do { } while (0)
#define rcu_softirq_qs() do { } while (0)
#define cond_resched_rcu_qs() cond_resched()
#define cond_resched_tasks_rcu_qs() cond_resched()

static __always_inline void rcu_read_lock(void)
{
	__rcu_read_lock();
	__acquire(RCU);
}

static inline void rcu_read_unlock(void)
{
	__release(RCU);
	__rcu_read_unlock();
}

static inline void rcu_read_lock_bh(void)
{
	local_bh_disable();
	__acquire(RCU_BH);
}

static inline void rcu_read_unlock_bh(void)
{
	__release(RCU_BH);
	local_bh_enable();
}

static inline void rcu_read_lock_sched(void)
{
	preempt_disable();
	__acquire(RCU_SCHED);
}

static inline notrace void rcu_read_lock_sched_notrace(void)
{
	preempt_disable_notrace();
	__acquire(RCU_SCHED);
}

static inline void rcu_read_unlock_sched(void)
{
	__release(RCU_SCHED);
	preempt_enable();
}

static inline notrace void rcu_read_unlock_sched_notrace(void)
{
	__release(RCU_SCHED);
	preempt_enable_notrace();
}

#define rcu_read_lock_notrace() rcu_read_lock()
#define rcu_read_unlock_notrace() rcu_read_unlock()

/* Pointer publication and access */
#define RCU_INITIALIZER(v) (typeof(*(v)) __force __rcu *)(v)
#define __rcu_access_pointer(p, local, space) \
({ \
	typeof(*p) *local = (typeof(*p) *__force)READ_ONCE(p); \
	((typeof(*p) __force __kernel *)(local)); \
})
#define __rcu_dereference_check(p, local, c, space) \
({ \
	typeof(*p) *local = (typeof(*p) *__force)READ_ONCE(p); \
	((typeof(*p) __force __kernel *)(local)); \
})
#define __rcu_dereference_protected(p, local, c, space) \
({ \
	((typeof(*p) __force __kernel *)(p)); \
})
#define rcu_dereference_raw(p) \
({ \
	typeof(p) __rcu_deref_raw = READ_ONCE(p); \
	((typeof(*p) __force __kernel *)(__rcu_deref_raw)); \
})
#define unrcu_pointer(p) \
({ \
	typeof(*p) *_________p1 = (typeof(*p) *__force)(p); \
	((typeof(*p) __force __kernel *)(_________p1)); \
})

#define rcu_assign_pointer(p, v)					      \
do {									      \
	uintptr_t _r_a_p__v = (uintptr_t)(v);				      \
									      \
	if (__builtin_constant_p(v) && (_r_a_p__v) == (uintptr_t)NULL)	      \
		WRITE_ONCE((p), (typeof(p))(_r_a_p__v));		      \
	else								      \
		smp_store_release(&p, RCU_INITIALIZER((typeof(p))_r_a_p__v)); \
} while (0)

#define rcu_replace_pointer(rcu_ptr, ptr, c)				\
({									\
	typeof(ptr) __tmp = rcu_dereference_protected((rcu_ptr), (c));	\
	rcu_assign_pointer((rcu_ptr), (ptr));				\
	__tmp;								\
})
/* Replaced by rcu_replace_pointer() in 5.5. */
#define rcu_swap_protected(rcu_ptr, ptr, c) do {			\
	typeof(ptr) __tmp = rcu_dereference_protected((rcu_ptr), (c));	\
	rcu_assign_pointer((rcu_ptr), (ptr));				\
	(ptr) = __tmp;							\
} while (0)

#define rcu_access_pointer(p) __rcu_access_pointer((p), __UNIQUE_ID(rcu), __rcu)
#define rcu_dereference_check(p, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), (c) || rcu_read_lock_held(), __rcu)
#define rcu_dereference_bh_check(p, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), (c) || rcu_read_lock_bh_held(), __rcu)
#define rcu_dereference_sched_check(p, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), (c) || rcu_read_lock_sched_held(), __rcu)
#define rcu_dereference_raw_check(p) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), 1, __rcu)
#define rcu_dereference_protected(p, c) \
	__rcu_dereference_protected((p), __UNIQUE_ID(rcu), (c), __rcu)
#define rcu_dereference(p) rcu_dereference_check(p, 0)
#define rcu_dereference_bh(p) rcu_dereference_bh_check(p, 0)
#define rcu_dereference_sched(p) rcu_dereference_sched_check(p, 0)
#define rcu_pointer_handoff(p) (p)
#define RCU_INIT_POINTER(p, v) \
	do { \
		WRITE_ONCE(p, RCU_INITIALIZER(v)); \
	} while (0)
#define RCU_POINTER_INITIALIZER(p, v) \
		.p = RCU_INITIALIZER(v)

/* rcu_head helpers (CONFIG_DEBUG_OBJECTS_RCU_HEAD off) */
static inline void init_rcu_head(struct rcu_head *head) { (void)head; }
static inline void destroy_rcu_head(struct rcu_head *head) { (void)head; }
static inline void init_rcu_head_on_stack(struct rcu_head *head) { (void)head; }
static inline void destroy_rcu_head_on_stack(struct rcu_head *head) { (void)head; }
static inline void rcu_head_init(struct rcu_head *rhp) { rhp->func = (rcu_callback_t)~0L; }
static inline bool rcu_head_after_call_rcu(struct rcu_head *rhp, rcu_callback_t f)
{ return READ_ONCE(rhp->func) == f; }

/* kfree_rcu(ptr, rhf) frees ptr after a grace period; kfree_rcu(ptr) (6.1, renamed
 * kfree_rcu_mightsleep in 6.3) needs no rcu_head and may sleep. A "callback" below 4096 is the
 * offset of the rcu_head in the object, as in Linux. */
#define __is_kvfree_rcu_offset(offset) ((offset) < 4096)
#define __KEMU_KVFREE_PICK(_1, _2, which, ...) which
#define kfree_rcu(...) __KEMU_KVFREE_PICK(__VA_ARGS__, kvfree_rcu_arg_2, kvfree_rcu_arg_1)(__VA_ARGS__)
#define kvfree_rcu(...) __KEMU_KVFREE_PICK(__VA_ARGS__, kvfree_rcu_arg_2, kvfree_rcu_arg_1)(__VA_ARGS__)
#define kfree_rcu_mightsleep(ptr) kvfree_rcu_arg_1(ptr)
#define kvfree_rcu_mightsleep(ptr) kvfree_rcu_arg_1(ptr)

#define kvfree_rcu_arg_2(ptr, rhf)					\
do {									\
	typeof (ptr) ___p = (ptr);					\
									\
	if (___p) {							\
		BUILD_BUG_ON(!__is_kvfree_rcu_offset(offsetof(typeof(*(ptr)), rhf))); \
		kvfree_call_rcu(&((___p)->rhf), (rcu_callback_t)(unsigned long) \
			(offsetof(typeof(*(ptr)), rhf)));		\
	}								\
} while (0)

#define kvfree_rcu_arg_1(ptr)					\
do {								\
	typeof(ptr) ___p = (ptr);				\
								\
	if (___p)						\
		kvfree_call_rcu(NULL, (rcu_callback_t) (___p));	\
} while (0)

/* One RCU flavour since 4.20; the older ones are the same thing. */
#define call_rcu_bh		call_rcu
#define call_rcu_sched		call_rcu
#define synchronize_rcu_bh	synchronize_rcu
#define synchronize_sched	synchronize_rcu
#define synchronize_rcu_bh_expedited	synchronize_rcu_expedited
#define synchronize_sched_expedited	synchronize_rcu_expedited
#define synchronize_rcu_mult(...)	synchronize_rcu()
#define rcu_barrier_bh		rcu_barrier
#define rcu_barrier_sched	rcu_barrier
#define kfree_call_rcu		kvfree_call_rcu
#endif
