/* kemu: kernel/softirq.c - softirq vectors, __do_softirq with Linux's restart limit, ksoftirqd,
 * irq_exit and the tasklet engine, as Linux 6.1 on one CPU. The only interrupt is the emulated
 * timer tick (kemu_timer_interrupt in kernel/time/timer.c). __do_softirq stops restarting after
 * 10 rounds, 2 ms or when need_resched() is set, as Linux; the 2 ms are virtual time, which
 * moves inside softirq code only at loop preemption points and delays. */
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/delay.h>

__visible unsigned long __softirq_pending;
static struct softirq_action softirq_vec[NR_SOFTIRQS];
static struct task_struct *ksoftirqd;

const char * const softirq_to_name[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
	"TASKLET", "SCHED", "HRTIMER", "RCU"
};

/*
 * We restart softirq processing for at most MAX_SOFTIRQ_RESTART times,
 * but break the loop if need_resched() is set or after 2 ms.
 */
#define MAX_SOFTIRQ_TIME  msecs_to_jiffies(2)
#define MAX_SOFTIRQ_RESTART 10

static void wakeup_softirqd(void)
{
	struct task_struct *tsk = ksoftirqd;

	if (tsk)
		wake_up_process(tsk);
}

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

void __raise_softirq_irqoff(unsigned int nr)
{
	__softirq_pending |= 1UL << nr;
}

void raise_softirq_irqoff(unsigned int nr)
{
	__raise_softirq_irqoff(nr);
	/*
	 * If we're in an interrupt or softirq, we're done
	 * (this also catches softirq-disabled code). We will
	 * actually run the softirq once we return from
	 * the irq or softirq.
	 *
	 * Otherwise we wake up ksoftirqd to make sure we
	 * schedule the softirq soon.
	 */
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

void __do_softirq(void)
{
	unsigned long end = jiffies + MAX_SOFTIRQ_TIME;
	int max_restart = MAX_SOFTIRQ_RESTART;
	unsigned long pending;

	pending = local_softirq_pending();
	__preempt_count_add(SOFTIRQ_OFFSET);
restart:
	/* Reset the pending bitmask before enabling irqs */
	__softirq_pending = 0;
	local_irq_enable();
	while (pending) {
		unsigned int nr = __builtin_ctzl(pending);
		struct softirq_action *h = softirq_vec + nr;
		int prev_count = preempt_count();

		if (h->action)
			h->action(h);
		if (unlikely(prev_count != preempt_count())) {
			pr_err("huh, entered softirq %u %s %p with preempt_count %08x, exited with %08x?\n",
			       nr, softirq_to_name[nr], h->action, prev_count, preempt_count());
			__preempt_count_sub(preempt_count() - prev_count);
		}
		pending &= ~(1UL << nr);
	}
	local_irq_disable();
	pending = local_softirq_pending();
	if (pending) {
		if (time_before(jiffies, end) && !need_resched() &&
		    --max_restart)
			goto restart;
		wakeup_softirqd();
	}
	__preempt_count_sub(SOFTIRQ_OFFSET);
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (local_softirq_pending())
		__do_softirq();
	local_irq_restore(flags);
}

void irq_enter(void)
{
	__preempt_count_add(HARDIRQ_OFFSET);
}

void irq_exit(void)
{
	local_irq_disable();
	__preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		__do_softirq();
	local_irq_enable();
}

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	(void)ip;
	WARN_ON_ONCE(in_hardirq());
	/* Keep preemption disabled until we are done with softirq processing: */
	__preempt_count_sub(cnt - 1);
	if (unlikely(!in_interrupt() && local_softirq_pending()))
		do_softirq();
	preempt_count_dec();
}

/* Enable bottom halves without running pending softirqs (e.g. from within softirq code). */
void _local_bh_enable(void)
{
	WARN_ON_ONCE(in_hardirq());
	__preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}

static int ksoftirqd_should_run(void)
{
	return local_softirq_pending() != 0;
}

static int run_ksoftirqd(void *unused)
{
	(void)unused;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!ksoftirqd_should_run()) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		local_irq_disable();
		if (local_softirq_pending())
			__do_softirq();
		local_irq_enable();
		/*
		 * kemu: still pending (a tasklet rescheduling itself, or a disabled one requeued):
		 * Linux's ksoftirqd keeps running and is preempted at ticks. The core has no loop
		 * preemption points, so charge each round a millisecond of busy time: ticks come,
		 * others get the CPU, and a requeue loop cannot stop the clock.
		 */
		if (local_softirq_pending())
			__udelay(1000);
		else
			cond_resched();
	}
	return 0;
}

/*
 * Tasklets
 */
struct tasklet_head {
	struct tasklet_struct *head;
	struct tasklet_struct **tail;
};

static struct tasklet_head tasklet_vec, tasklet_hi_vec;

static void __tasklet_schedule_common(struct tasklet_struct *t, struct tasklet_head *head,
				      unsigned int softirq_nr)
{
	unsigned long flags;

	local_irq_save(flags);
	t->next = NULL;
	*head->tail = t;
	head->tail = &(t->next);
	raise_softirq_irqoff(softirq_nr);
	local_irq_restore(flags);
}

void __tasklet_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_vec, TASKLET_SOFTIRQ);
}

void __tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_hi_vec, HI_SOFTIRQ);
}

static bool tasklet_clear_sched(struct tasklet_struct *t)
{
	if (test_and_clear_bit(TASKLET_STATE_SCHED, &t->state)) {
		return true;
	}
	WARN_ONCE(1, "tasklet SCHED state not set: %s %pS\n",
		  t->use_callback ? "callback" : "func",
		  t->use_callback ? (void *)t->callback : (void *)t->func);
	return false;
}

static void tasklet_action_common(struct softirq_action *a, struct tasklet_head *tl_head,
				  unsigned int softirq_nr)
{
	struct tasklet_struct *list;

	(void)a;
	local_irq_disable();
	list = tl_head->head;
	tl_head->head = NULL;
	tl_head->tail = &tl_head->head;
	local_irq_enable();

	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;

		if (tasklet_trylock(t)) {
			if (!atomic_read(&t->count)) {
				if (tasklet_clear_sched(t)) {
					if (t->use_callback)
						t->callback(t);
					else
						t->func(t->data);
				}
				tasklet_unlock(t);
				continue;
			}
			tasklet_unlock(t);
		}

		local_irq_disable();
		t->next = NULL;
		*tl_head->tail = t;
		tl_head->tail = &t->next;
		__raise_softirq_irqoff(softirq_nr);
		local_irq_enable();
	}
}

static void tasklet_action(struct softirq_action *a)
{
	tasklet_action_common(a, &tasklet_vec, TASKLET_SOFTIRQ);
}

static void tasklet_hi_action(struct softirq_action *a)
{
	tasklet_action_common(a, &tasklet_hi_vec, HI_SOFTIRQ);
}

void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->callback = callback;
	t->use_callback = true;
	t->data = 0;
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->func = func;
	t->use_callback = false;
	t->data = data;
}

/* kemu: one CPU, so a tasklet that is RUN while somebody waits for it can only be waiting for
 * a softirq that this very context interrupted; the wait ends at once or never. Never is a
 * hang in Linux; kemu sleeps (TASK_UNINTERRUPTIBLE) so the hung task report names it. */
static void kemu_tasklet_wait_forever(const char *what)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule();
	}
	(void)what;
}

void tasklet_unlock(struct tasklet_struct *t)
{
	smp_mb__before_atomic();
	clear_bit(TASKLET_STATE_RUN, &t->state);
	smp_mb__after_atomic();
}

void tasklet_unlock_wait(struct tasklet_struct *t)
{
	if (test_bit(TASKLET_STATE_RUN, &t->state) && !in_interrupt())
		kemu_tasklet_wait_forever("tasklet_unlock_wait");
}

void tasklet_unlock_spin_wait(struct tasklet_struct *t)
{
	(void)t;
}

void tasklet_kill(struct tasklet_struct *t)
{
	if (in_interrupt())
		pr_notice("Attempt to kill tasklet from interrupt\n");

	while (test_and_set_bit(TASKLET_STATE_SCHED, &t->state)) {
		/* Wait for the scheduled tasklet to run: a disabled one never does. */
		if (atomic_read(&t->count)) {
			kemu_tasklet_wait_forever("tasklet_kill");
		}
		/* Let it run: yield to softirqs (ksoftirqd) and try again. */
		if (local_softirq_pending() && !in_interrupt())
			do_softirq();
		else
			yield();
	}
	tasklet_unlock_wait(t);
	tasklet_clear_sched(t);
}

void tasklet_kill_immediate(struct tasklet_struct *t, unsigned int cpu)
{
	(void)cpu;
	BUG_ON(test_bit(TASKLET_STATE_RUN, &t->state));
	if (!test_bit(TASKLET_STATE_SCHED, &t->state))
		return;
	/* CPU is dead, so no lock needed. */
	{
		struct tasklet_struct **i;

		for (i = &tasklet_vec.head; *i; i = &(*i)->next) {
			if (*i == t) {
				*i = t->next;
				if (*i == NULL)
					tasklet_vec.tail = i;
				break;
			}
		}
	}
	clear_bit(TASKLET_STATE_SCHED, &t->state);
}

/* Boot: the vectors and ksoftirqd/0 (called once by the TS kernel after the core is loaded). */
extern void init_timers(void);
extern void hrtimers_init(void);

void kemu_softirq_init(void)
{
	init_timers();
	hrtimers_init();
	tasklet_vec.tail = &tasklet_vec.head;
	tasklet_hi_vec.tail = &tasklet_hi_vec.head;
	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
	open_softirq(HI_SOFTIRQ, tasklet_hi_action);
	ksoftirqd = kthread_create(run_ksoftirqd, NULL, "ksoftirqd/%u", 0);
	if (!IS_ERR(ksoftirqd))
		wake_up_process(ksoftirqd);
	else
		ksoftirqd = NULL;
}

/*
 * kemu: rmmod of a module whose tasklet is still queued. Linux would later jump into freed
 * code; kemu unlinks it and returns its callback for the report (0 when none is left).
 * Function pointers are table slots: [lo, hi) are the module's.
 */
/* The module's data range, for tasklets living in it (set by TS before the call). */
unsigned long kemu_mod_lo, kemu_mod_hi;

unsigned long kemu_unlink_module_tasklet(unsigned long lo, unsigned long hi)
{
	struct tasklet_head *heads[2] = { &tasklet_hi_vec, &tasklet_vec };
	int h;

	for (h = 0; h < 2; h++) {
		struct tasklet_struct **i;

		for (i = &heads[h]->head; *i; i = &(*i)->next) {
			struct tasklet_struct *t = *i;
			unsigned long fn = t->use_callback ? (unsigned long)t->callback : (unsigned long)t->func;

			if ((fn >= lo && fn < hi) || ((unsigned long)t >= kemu_mod_lo && (unsigned long)t < kemu_mod_hi)) {
				*i = t->next;
				if (*i == NULL)
					heads[h]->tail = i;
				clear_bit(TASKLET_STATE_SCHED, &t->state);
				return fn ? fn : 1;
			}
		}
	}
	return 0;
}
