/* kemu: include/linux/interrupt.h - softirqs and tasklets as Linux 6.1, plus the pre-5.9 tasklet
 * API (DECLARE_TASKLET(name, func, data) with void func(unsigned long)), chosen by the number of
 * arguments where Linux's own signatures differ and by LINUX_VERSION_CODE otherwise. No hardirqs:
 * request_irq and friends do not exist in kemu (a module using them fails with Unknown symbol). */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/preempt.h>
#include <linux/atomic.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>
#include <linux/hardirq.h>

enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};

struct softirq_action {
	void (*action)(struct softirq_action *);
};

extern void open_softirq(int nr, void (*action)(struct softirq_action *));
extern void raise_softirq(unsigned int nr);
extern void raise_softirq_irqoff(unsigned int nr);
extern void __raise_softirq_irqoff(unsigned int nr);
extern void do_softirq(void);
extern unsigned long __softirq_pending;
#define local_softirq_pending() (__softirq_pending)

struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;
	atomic_t count;
	bool use_callback;
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
};

#define DECLARE_TASKLET_OLD(name, _func)		\
struct tasklet_struct name = {				\
	.count = ATOMIC_INIT(0),			\
	.func = _func,					\
}
#define DECLARE_TASKLET_DISABLED_OLD(name, _func)	\
struct tasklet_struct name = {				\
	.count = ATOMIC_INIT(1),			\
	.func = _func,					\
}
#define __DECLARE_TASKLET_CB(name, _callback) {		\
	.count = ATOMIC_INIT(0),			\
	.callback = _callback,				\
	.use_callback = true,				\
}
#define __DECLARE_TASKLET_OLD3(name, _func, _data) {	\
	.count = ATOMIC_INIT(0),			\
	.func = _func,					\
	.data = _data,					\
}
#define __DECLARE_TASKLET_DIS_CB(name, _callback) {	\
	.count = ATOMIC_INIT(1),			\
	.callback = _callback,				\
	.use_callback = true,				\
}
#define __DECLARE_TASKLET_DIS_OLD3(name, _func, _data) { \
	.count = ATOMIC_INIT(1),			\
	.func = _func,					\
	.data = _data,					\
}
/* 3 arguments: the pre-5.9 (func, data) form; 2 arguments: 5.9's callback form. */
#define __KEMU_TASKLET_PICK(_1, _2, _3, NAME, ...) NAME
#define DECLARE_TASKLET(name, ...) \
	struct tasklet_struct name = __KEMU_TASKLET_PICK(name, __VA_ARGS__, __DECLARE_TASKLET_OLD3, __DECLARE_TASKLET_CB, x)(name, __VA_ARGS__)
#define DECLARE_TASKLET_DISABLED(name, ...) \
	struct tasklet_struct name = __KEMU_TASKLET_PICK(name, __VA_ARGS__, __DECLARE_TASKLET_DIS_OLD3, __DECLARE_TASKLET_DIS_CB, x)(name, __VA_ARGS__)

enum {
	TASKLET_STATE_SCHED,	/* Tasklet is scheduled for execution */
	TASKLET_STATE_RUN	/* Tasklet is running (SMP only) */
};

static inline int tasklet_trylock(struct tasklet_struct *t)
{
	return !test_and_set_bit(TASKLET_STATE_RUN, &(t)->state);
}
extern void tasklet_unlock(struct tasklet_struct *t);
extern void tasklet_unlock_wait(struct tasklet_struct *t);
extern void tasklet_unlock_spin_wait(struct tasklet_struct *t);

extern void __tasklet_schedule(struct tasklet_struct *t);
static inline void tasklet_schedule(struct tasklet_struct *t)
{
	if (!test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		__tasklet_schedule(t);
}

extern void __tasklet_hi_schedule(struct tasklet_struct *t);
static inline void tasklet_hi_schedule(struct tasklet_struct *t)
{
	if (!test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		__tasklet_hi_schedule(t);
}

static inline void tasklet_disable_nosync(struct tasklet_struct *t)
{
	atomic_inc(&t->count);
	smp_mb__after_atomic();
}

/* Do not use in new code. Disabling tasklets from atomic contexts is error prone. */
static inline void tasklet_disable_in_atomic(struct tasklet_struct *t)
{
	tasklet_disable_nosync(t);
	tasklet_unlock_spin_wait(t);
	smp_mb();
}

static inline void tasklet_disable(struct tasklet_struct *t)
{
	tasklet_disable_nosync(t);
	tasklet_unlock_wait(t);
	smp_mb();
}

static inline void tasklet_enable(struct tasklet_struct *t)
{
	smp_mb__before_atomic();
	atomic_dec(&t->count);
}
#define tasklet_hi_enable(t) tasklet_enable(t)

extern void tasklet_kill(struct tasklet_struct *t);
extern void tasklet_kill_immediate(struct tasklet_struct *t, unsigned int cpu);
extern void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
extern void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));
#define from_tasklet(var, callback_tasklet, tasklet_fieldname)	\
	container_of(callback_tasklet, typeof(*var), tasklet_fieldname)
#endif
