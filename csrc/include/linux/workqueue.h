/* kemu: include/linux/workqueue.h - Linux 6.1's API, and 2.6.19's (func(void *data), delayable
 * work_struct) below 2.6.20 in the same layout: an old-API item carries WORK_STRUCT_KEMU_DATA. */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H
#include <linux/version.h>
#include <linux/timer.h>
#include <linux/minmax.h>
#include <asm/bitsperlong.h>
#include <linux/bitops.h>
#include <linux/lockdep.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/container_of.h>

struct workqueue_struct;

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
void delayed_work_timer_fn(struct timer_list *t);

enum {
	WORK_STRUCT_PENDING_BIT	= 0,	/* work item is pending execution */
	WORK_STRUCT_INACTIVE_BIT= 1,	/* work item is inactive */
	WORK_STRUCT_PWQ_BIT	= 2,	/* data points to pwq */
	WORK_STRUCT_LINKED_BIT	= 3,	/* next work is linked to this one */
	/* kemu: where CONFIG_DEBUG_OBJECTS_WORK keeps WORK_STRUCT_STATIC_BIT: func takes ->data */
	WORK_STRUCT_KEMU_DATA_BIT = 4,
	WORK_STRUCT_COLOR_SHIFT	= 5,	/* color for workqueue flushing */

	WORK_STRUCT_COLOR_BITS	= 4,

	WORK_STRUCT_PENDING	= 1 << WORK_STRUCT_PENDING_BIT,
	WORK_STRUCT_INACTIVE	= 1 << WORK_STRUCT_INACTIVE_BIT,
	WORK_STRUCT_PWQ		= 1 << WORK_STRUCT_PWQ_BIT,
	WORK_STRUCT_LINKED	= 1 << WORK_STRUCT_LINKED_BIT,
	WORK_STRUCT_KEMU_DATA	= 1 << WORK_STRUCT_KEMU_DATA_BIT,
	WORK_STRUCT_STATIC	= 0,

	WORK_NR_COLORS		= (1 << WORK_STRUCT_COLOR_BITS),

	/* not bound to any CPU, prefer the local CPU */
	WORK_CPU_UNBOUND	= CONFIG_NR_CPUS,

	/*
	 * Reserve 8 bits off of pwq pointer w/ debugobjects turned off.
	 * This makes pwqs aligned to 256 bytes and allows 16 workqueue
	 * flush colors.
	 */
	WORK_STRUCT_FLAG_BITS	= WORK_STRUCT_COLOR_SHIFT +
				  WORK_STRUCT_COLOR_BITS,

	/* data contains off-queue information when !WORK_STRUCT_PWQ */
	WORK_OFFQ_FLAG_BASE	= WORK_STRUCT_COLOR_SHIFT + WORK_STRUCT_COLOR_BITS,

	__WORK_OFFQ_CANCELING	= WORK_OFFQ_FLAG_BASE,
	WORK_OFFQ_CANCELING	= (1 << __WORK_OFFQ_CANCELING),

	/*
	 * When a work item is off queue, its high bits point to the last
	 * pool it was on.  Cap at 31 bits and use the highest number to
	 * indicate that no pool is associated.
	 */
	WORK_OFFQ_FLAG_BITS	= 1,
	WORK_OFFQ_POOL_SHIFT	= WORK_OFFQ_FLAG_BASE + WORK_OFFQ_FLAG_BITS,
	WORK_OFFQ_LEFT		= BITS_PER_LONG - WORK_OFFQ_POOL_SHIFT,
	WORK_OFFQ_POOL_BITS	= WORK_OFFQ_LEFT <= 31 ? WORK_OFFQ_LEFT : 31,
	WORK_OFFQ_POOL_NONE	= (1LU << WORK_OFFQ_POOL_BITS) - 1,

	/* convenience constants */
	WORK_STRUCT_FLAG_MASK	= (1UL << WORK_STRUCT_FLAG_BITS) - 1,
	WORK_STRUCT_WQ_DATA_MASK = ~WORK_STRUCT_FLAG_MASK,
	WORK_STRUCT_NO_POOL	= (unsigned long)WORK_OFFQ_POOL_NONE << WORK_OFFQ_POOL_SHIFT,

	/* bit mask for work_busy() return values */
	WORK_BUSY_PENDING	= 1 << 0,
	WORK_BUSY_RUNNING	= 1 << 1,

	/* maximum string length for set_worker_desc() */
	WORKER_DESC_LEN		= 24,
};

#if KEMU_LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 20)
/*
 * 2.6.19 and earlier: every work item can be delayed and its function takes ->data. kemu orders
 * the fields so that this is the layout of struct delayed_work of the new API (->wq_data is
 * delayed_work.wq); "pending" is the word the new API calls ->data.
 */
struct work_struct {
	unsigned long pending;
	struct list_head entry;
	void (*func)(void *);
	void *data;
	struct timer_list timer;
	void *wq_data;
	int kemu_cpu;
};
#define work_data_bits(work) ((unsigned long *)(&(work)->pending))
#define __KEMU_WORK_DATA(v) .pending = (v)
#define __KEMU_WORK_ARG data
#else
struct work_struct {
	atomic_long_t data;
	struct list_head entry;
	work_func_t func;
	void *kemu_data;	/* kemu: the argument of an old-API work function */
};
#define work_data_bits(work) ((unsigned long *)(&(work)->data))
#define __KEMU_WORK_DATA(v) .data = ATOMIC_LONG_INIT(v)
#define __KEMU_WORK_ARG kemu_data
#endif

#define WORK_DATA_INIT()	ATOMIC_LONG_INIT((unsigned long)WORK_STRUCT_NO_POOL)
#define WORK_DATA_STATIC_INIT()	\
	ATOMIC_LONG_INIT((unsigned long)(WORK_STRUCT_NO_POOL | WORK_STRUCT_STATIC))

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;

	/* target workqueue and CPU ->timer uses to queue ->work */
	struct workqueue_struct *wq;
	int cpu;
};

struct rcu_work {
	struct work_struct work;
	struct rcu_head rcu;

	/* target workqueue ->rcu uses to queue ->work */
	struct workqueue_struct *wq;
};

/*
 * The timer of a delayed work item calls delayed_work_timer_fn(timer) in both timer APIs (no
 * TIMER_KEMU_DATA); before 4.15 .function has the old type, hence the cast through void *.
 */
#define __KEMU_DWORK_TIMER_FN \
	((typeof(((struct timer_list *)0)->function))(void *)delayed_work_timer_fn)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

static inline struct rcu_work *to_rcu_work(struct work_struct *work)
{
	return container_of(work, struct rcu_work, work);
}

struct execute_work {
	struct work_struct work;
};

/* INIT_WORK(w, f) of 2.6.20+ and INIT_WORK(w, f, data) of 2.6.19, told apart by argument count. */
#define __KEMU_WQ_NARGS(_1, _2, _3, name, ...) name

#if KEMU_LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 20)
#define __KEMU_WORK_TIMER_INIT \
	.timer = __TIMER_INITIALIZER(__KEMU_DWORK_TIMER_FN, TIMER_IRQSAFE),
#else
#define __KEMU_WORK_TIMER_INIT
#endif

#define __WORK_INITIALIZER_2(n, f) {					\
	__KEMU_WORK_DATA(WORK_STRUCT_NO_POOL | WORK_STRUCT_STATIC),	\
	.entry	= { &(n).entry, &(n).entry },				\
	.func = (typeof((n).func))(f),					\
	__KEMU_WORK_TIMER_INIT						\
	}
#define __WORK_INITIALIZER_3(n, f, d) {					\
	__KEMU_WORK_DATA(WORK_STRUCT_NO_POOL | WORK_STRUCT_KEMU_DATA),	\
	.entry	= { &(n).entry, &(n).entry },				\
	.func = (typeof((n).func))(f),					\
	.__KEMU_WORK_ARG = (void *)(d),					\
	__KEMU_WORK_TIMER_INIT						\
	}
#define __WORK_INITIALIZER(...) \
	__KEMU_WQ_NARGS(__VA_ARGS__, __WORK_INITIALIZER_3, __WORK_INITIALIZER_2, ~)(__VA_ARGS__)

#define __DELAYED_WORK_INITIALIZER(n, f, tflags) {			\
	.work = __WORK_INITIALIZER_2((n).work, (f)),			\
	.timer = __TIMER_INITIALIZER(__KEMU_DWORK_TIMER_FN,		\
				     (tflags) | TIMER_IRQSAFE),		\
	}

#define __DECLARE_WORK_2(n, f) struct work_struct n = __WORK_INITIALIZER_2(n, f)
#define __DECLARE_WORK_3(n, f, d) struct work_struct n = __WORK_INITIALIZER_3(n, f, d)
#define DECLARE_WORK(...) \
	__KEMU_WQ_NARGS(__VA_ARGS__, __DECLARE_WORK_3, __DECLARE_WORK_2, ~)(__VA_ARGS__)

#define DECLARE_DELAYED_WORK(n, f)					\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, 0)

#define DECLARE_DEFERRABLE_WORK(n, f)					\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, TIMER_DEFERRABLE)

/* No CONFIG_DEBUG_OBJECTS_WORK: on-stack items need no tracking. */
static inline void __init_work(struct work_struct *work, int onstack) { (void)work; (void)onstack; }
static inline void destroy_work_on_stack(struct work_struct *work) { (void)work; }
static inline void destroy_delayed_work_on_stack(struct delayed_work *work) { (void)work; }
static inline unsigned int work_static(struct work_struct *work) { (void)work; return 0; }

#if KEMU_LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 20)
#define __KEMU_INIT_WORK_TIMER(_work)					\
	init_timer_key(&(_work)->timer, delayed_work_timer_fn, TIMER_IRQSAFE, NULL, NULL)
#else
#define __KEMU_INIT_WORK_TIMER(_work) do { } while (0)
#endif

#define __INIT_WORK_KEY(_work, _func, _onstack, _flags, _arg)		\
	do {								\
		__init_work((_work), _onstack);				\
		*work_data_bits(_work) = WORK_STRUCT_NO_POOL | (_flags); \
		INIT_LIST_HEAD(&(_work)->entry);			\
		(_work)->func = (typeof((_work)->func))(_func);		\
		(_work)->__KEMU_WORK_ARG = (_arg);			\
		__KEMU_INIT_WORK_TIMER(_work);				\
	} while (0)

#define __INIT_WORK(_work, _func, _onstack)				\
	__INIT_WORK_KEY(_work, _func, _onstack, 0, NULL)

#define __INIT_WORK_2(_work, _func) __INIT_WORK((_work), (_func), 0)
#define __INIT_WORK_3(_work, _func, _data)				\
	__INIT_WORK_KEY((_work), (_func), 0, WORK_STRUCT_KEMU_DATA, (void *)(_data))
#define INIT_WORK(...) \
	__KEMU_WQ_NARGS(__VA_ARGS__, __INIT_WORK_3, __INIT_WORK_2, ~)(__VA_ARGS__)

#define INIT_WORK_ONSTACK(_work, _func)					\
	__INIT_WORK((_work), (_func), 1)

#define __INIT_DELAYED_WORK(_work, _func, _tflags)			\
	do {								\
		INIT_WORK(&(_work)->work, (_func));			\
		init_timer_key(&(_work)->timer, delayed_work_timer_fn,	\
			       (_tflags) | TIMER_IRQSAFE, NULL, NULL);	\
	} while (0)

#define __INIT_DELAYED_WORK_ONSTACK(_work, _func, _tflags)		\
	__INIT_DELAYED_WORK(_work, _func, _tflags)

#define INIT_DELAYED_WORK(_work, _func)					\
	__INIT_DELAYED_WORK(_work, _func, 0)

#define INIT_DELAYED_WORK_ONSTACK(_work, _func)				\
	__INIT_DELAYED_WORK_ONSTACK(_work, _func, 0)

#define INIT_DEFERRABLE_WORK(_work, _func)				\
	__INIT_DELAYED_WORK(_work, _func, TIMER_DEFERRABLE)

#define INIT_DEFERRABLE_WORK_ONSTACK(_work, _func)			\
	__INIT_DELAYED_WORK_ONSTACK(_work, _func, TIMER_DEFERRABLE)

#define INIT_RCU_WORK(_work, _func)					\
	INIT_WORK(&(_work)->work, (_func))

#define INIT_RCU_WORK_ONSTACK(_work, _func)				\
	INIT_WORK_ONSTACK(&(_work)->work, (_func))

/* 2.6.20 - 3.x: change the function of an idle item; 2.6.19 also set ->data. */
#define __PREPARE_WORK_2(_work, _func)					\
	do { (_work)->func = (typeof((_work)->func))(_func); } while (0)
#define __PREPARE_WORK_3(_work, _func, _data)				\
	do {								\
		*work_data_bits(_work) |= WORK_STRUCT_KEMU_DATA;	\
		(_work)->func = (typeof((_work)->func))(_func);		\
		(_work)->__KEMU_WORK_ARG = (void *)(_data);		\
	} while (0)
#define PREPARE_WORK(...) \
	__KEMU_WQ_NARGS(__VA_ARGS__, __PREPARE_WORK_3, __PREPARE_WORK_2, ~)(__VA_ARGS__)
#define PREPARE_DELAYED_WORK(_work, _func) PREPARE_WORK(&(_work)->work, (_func))

/**
 * work_pending - Find out whether a work item is currently pending
 * @work: The work item in question
 */
#define work_pending(work) \
	test_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))

/**
 * delayed_work_pending - Find out whether a delayable work item is currently
 * pending
 * @w: The work item in question
 */
#define delayed_work_pending(w) \
	work_pending(&(w)->work)

/*
 * Workqueue flags and constants.  For details, please refer to
 * Documentation/core-api/workqueue.rst.
 */
enum {
	WQ_UNBOUND		= 1 << 1, /* not bound to any cpu */
	WQ_FREEZABLE		= 1 << 2, /* freeze during suspend */
	WQ_MEM_RECLAIM		= 1 << 3, /* may be used for memory reclaim */
	WQ_HIGHPRI		= 1 << 4, /* high priority */
	WQ_CPU_INTENSIVE	= 1 << 5, /* cpu intensive workqueue */
	WQ_SYSFS		= 1 << 6, /* visible in sysfs, see workqueue_sysfs_register() */
	WQ_POWER_EFFICIENT	= 1 << 7,

	__WQ_DRAINING		= 1 << 16, /* internal: workqueue is draining */
	__WQ_ORDERED		= 1 << 17, /* internal: workqueue is ordered */
	__WQ_LEGACY		= 1 << 18, /* internal: create*_workqueue() */
	__WQ_ORDERED_EXPLICIT	= 1 << 19, /* internal: alloc_ordered_workqueue() */

	WQ_MAX_ACTIVE		= 512,	  /* I like 512, better ideas? */
	WQ_MAX_UNBOUND_PER_CPU	= 4,	  /* 4 * #cpus for unbound wq */
	WQ_DFL_ACTIVE		= WQ_MAX_ACTIVE / 2,
};

/* unbound wq's aren't per-cpu, scale max_active according to #cpus */
#define WQ_UNBOUND_MAX_ACTIVE	\
	max_t(int, WQ_MAX_ACTIVE, CONFIG_NR_CPUS * WQ_MAX_UNBOUND_PER_CPU)

#if KEMU_LINUX_VERSION_CODE < KERNEL_VERSION(3, 7, 0)
#define WQ_NON_REENTRANT	0	/* 2.6.36 - 3.6: every workqueue is non-reentrant since 3.7 */
#define WQ_RESCUER		WQ_MEM_RECLAIM
#endif

/*
 * System-wide workqueues which are always present.
 *
 * system_wq is the one used by schedule[_delayed]_work[_on]().
 * Multi-CPU multi-threaded.  There are users which expect relatively
 * short queue flush time.  Don't queue works which can run for too
 * long.
 *
 * system_highpri_wq is similar to system_wq but for work items which
 * require WQ_HIGHPRI.
 *
 * system_long_wq is similar to system_wq but may host long running
 * works.  Queue flushing might take relatively long.
 *
 * system_unbound_wq is unbound workqueue.  Workers are not bound to
 * any specific CPU, not concurrency managed, and all queued works are
 * executed immediately as long as max_active limit is not reached and
 * resources are available.
 *
 * system_freezable_wq is equivalent to system_wq except that it's
 * freezable.
 *
 * *_power_efficient_wq are inclined towards saving power and converted
 * into WQ_UNBOUND variants if 'wq_power_efficient' is enabled; otherwise,
 * they are same as their non-power-efficient counterparts - e.g.
 * system_power_efficient_wq is identical to system_wq if
 * 'wq_power_efficient' is disabled.  See WQ_POWER_EFFICIENT for more info.
 */
extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_long_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_freezable_wq;
extern struct workqueue_struct *system_power_efficient_wq;
extern struct workqueue_struct *system_freezable_power_efficient_wq;

/**
 * alloc_workqueue - allocate a workqueue
 * @fmt: printf format for the name of the workqueue
 * @flags: WQ_* flags
 * @max_active: max in-flight work items, 0 for default
 * remaining args: args for @fmt
 *
 * Allocate a workqueue with the specified parameters.  For detailed
 * information on WQ_* flags, please refer to
 * Documentation/core-api/workqueue.rst.
 *
 * RETURNS:
 * Pointer to the allocated workqueue on success, %NULL on failure.
 */
__printf(1, 4) struct workqueue_struct *
alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);

/**
 * alloc_ordered_workqueue - allocate an ordered workqueue
 * @fmt: printf format for the name of the workqueue
 * @flags: WQ_* flags (only WQ_FREEZABLE and WQ_MEM_RECLAIM are meaningful)
 * @args: args for @fmt
 *
 * Allocate an ordered workqueue.  An ordered workqueue executes at
 * most one work item at any given time in the queued order.  They are
 * implemented as unbound workqueues with @max_active of one.
 *
 * RETURNS:
 * Pointer to the allocated workqueue on success, %NULL on failure.
 */
#define alloc_ordered_workqueue(fmt, flags, args...)			\
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED |		\
			__WQ_ORDERED_EXPLICIT | (flags), 1, ##args)

#define create_workqueue(name)						\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, 1, (name))
#define create_freezable_workqueue(name)				\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_FREEZABLE | WQ_UNBOUND |	\
			WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name)				\
	alloc_ordered_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, name)
/* 2.6.x */
#define create_freezeable_workqueue(name) create_freezable_workqueue(name)

extern void destroy_workqueue(struct workqueue_struct *wq);

extern bool queue_work_on(int cpu, struct workqueue_struct *wq,
			struct work_struct *work);
extern bool queue_work_node(int node, struct workqueue_struct *wq,
			    struct work_struct *work);
extern bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork);

extern void __flush_workqueue(struct workqueue_struct *wq);
extern void drain_workqueue(struct workqueue_struct *wq);

extern bool flush_work(struct work_struct *work);
extern bool cancel_work(struct work_struct *work);
extern bool cancel_work_sync(struct work_struct *work);

extern bool flush_rcu_work(struct rcu_work *rwork);

extern void workqueue_set_max_active(struct workqueue_struct *wq,
				     int max_active);
extern struct work_struct *current_work(void);
extern bool current_is_workqueue_rescuer(void);
extern bool workqueue_congested(int cpu, struct workqueue_struct *wq);
extern unsigned int work_busy(struct work_struct *work);
extern __printf(1, 2) void set_worker_desc(const char *fmt, ...);
extern long work_on_cpu(int cpu, long (*fn)(void *), void *arg);
extern long work_on_cpu_safe(int cpu, long (*fn)(void *), void *arg);
extern int execute_in_process_context(work_func_t fn, struct execute_work *);

#if KEMU_LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 20)
/* 2.6.19: the delayed-work calls take the work_struct (it has the timer). */
extern int queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
				 struct work_struct *work, unsigned long delay);
extern int cancel_delayed_work(struct work_struct *work);
extern int cancel_delayed_work_sync(struct work_struct *work);
extern int flush_delayed_work(struct work_struct *work);

static inline int queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

static inline int queue_delayed_work(struct workqueue_struct *wq,
				     struct work_struct *work, unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, work, delay);
}

static inline int schedule_work(struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, system_wq, work);
}

static inline int schedule_delayed_work(struct work_struct *work, unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, system_wq, work, delay);
}

static inline int schedule_delayed_work_on(int cpu, struct work_struct *work,
					   unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, work, delay);
}

#define cancel_rearming_delayed_work(work) cancel_delayed_work_sync(work)
#define cancel_rearming_delayed_workqueue(wq, work) cancel_delayed_work_sync(work)
#else
extern bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			struct delayed_work *work, unsigned long delay);
extern bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			struct delayed_work *dwork, unsigned long delay);
extern bool flush_delayed_work(struct delayed_work *dwork);
extern bool cancel_delayed_work(struct delayed_work *dwork);
extern bool cancel_delayed_work_sync(struct delayed_work *dwork);

/**
 * queue_work - queue work on a workqueue
 * @wq: workqueue to use
 * @work: work to queue
 *
 * Returns %false if @work was already on a queue, %true otherwise.
 *
 * We queue the work to the CPU on which it was submitted, but if the CPU dies
 * it can be processed by another CPU.
 */
static inline bool queue_work(struct workqueue_struct *wq,
			      struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

/**
 * queue_delayed_work - queue work on a workqueue after delay
 * @wq: workqueue to use
 * @dwork: delayable work to queue
 * @delay: number of jiffies to wait before queueing
 *
 * Equivalent to queue_delayed_work_on() but tries to use the local CPU.
 */
static inline bool queue_delayed_work(struct workqueue_struct *wq,
				      struct delayed_work *dwork,
				      unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/**
 * mod_delayed_work - modify delay of or queue a delayed work
 * @wq: workqueue to use
 * @dwork: work to queue
 * @delay: number of jiffies to wait before queueing
 *
 * mod_delayed_work_on() on local CPU.
 */
static inline bool mod_delayed_work(struct workqueue_struct *wq,
				    struct delayed_work *dwork,
				    unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/**
 * schedule_work - put work task in global workqueue
 * @work: job to be done
 *
 * Returns %false if @work was already on the kernel-global workqueue and
 * %true otherwise.
 */
static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

/**
 * schedule_delayed_work_on - queue work in global workqueue on CPU after delay
 * @cpu: cpu to use
 * @dwork: job to be done
 * @delay: number of jiffies to wait
 *
 * After waiting for a given time this puts a job in the kernel-global
 * workqueue on the specified CPU.
 */
static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork,
					    unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, dwork, delay);
}

/**
 * schedule_delayed_work - put work task in global workqueue after delay
 * @dwork: job to be done
 * @delay: number of jiffies to wait or 0 for immediate execution
 *
 * After waiting for a given time this puts a job in the kernel-global
 * workqueue.
 */
static inline bool schedule_delayed_work(struct delayed_work *dwork,
					 unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

/* 2.6.22 - 3.x names */
#define cancel_rearming_delayed_work(work) cancel_delayed_work_sync(work)
#define cancel_rearming_delayed_workqueue(wq, work) cancel_delayed_work_sync(work)
#define flush_work_sync(work) flush_work(work)
#define flush_delayed_work_sync(work) flush_delayed_work(work)
#endif

/**
 * schedule_work_on - put work task on a specific cpu
 * @cpu: cpu to put the work task on
 * @work: job to be done
 *
 * This puts a job on a specific cpu
 */
static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return queue_work_on(cpu, system_wq, work);
}

/* Linux 6.0+ warns at compile time (kemu's __compiletime_warning is empty) and exports a no-op. */
extern void __warn_flushing_systemwide_wq(void)
	__compiletime_warning("Please avoid flushing system-wide workqueues.");

/**
 * flush_scheduled_work - ensure that any scheduled work has run to completion.
 *
 * Forces execution of the kernel-global workqueue and blocks until its
 * completion.
 *
 * It's very easy to get into trouble if you don't take great care.
 * Either of the following situations will lead to deadlock:
 *
 *	One of the work items currently on the workqueue needs to acquire
 *	a lock held by your code or its caller.
 *
 *	Your code is running in the context of a work routine.
 *
 * They will be detected by lockdep when they occur, but the first might not
 * occur very often.  It depends on what work items are on the workqueue and
 * what locks they need, which you have no control over.
 *
 * In most situations flushing the entire workqueue is overkill; you merely
 * need to know that a particular work item isn't queued and isn't running.
 * In such cases you should use cancel_delayed_work_sync() or
 * cancel_work_sync() instead.
 *
 * Please stop calling this function! A conversion to stop flushing system-wide
 * workqueues is in progress. This function will be removed after all in-tree
 * users stopped calling this function.
 */
#if KEMU_LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
#define flush_scheduled_work()						\
({									\
	__warn_flushing_systemwide_wq();				\
	__flush_workqueue(system_wq);					\
})
#else
#define flush_scheduled_work() __flush_workqueue(system_wq)
#endif

#define flush_workqueue(wq) __flush_workqueue(wq)

/* keventd_up(): 2.6 - 3.x */
static inline bool keventd_up(void)
{
	return system_wq != NULL;
}

#endif
