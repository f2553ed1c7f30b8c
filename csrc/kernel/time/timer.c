/* kemu: kernel/time/timer.c - timer_list on one CPU: a list kept in expiry order instead of the
 * timer wheel (same observable order: expiry, then the order timers were armed), run by
 * TIMER_SOFTIRQ from the emulated tick (kemu_timer_interrupt). Pre-4.15 callbacks get .data. */
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/printk.h>
#include <linux/bug.h>

static struct hlist_head timer_list_head;
static struct timer_list *running_timer;

/* Defined where a module's code can be told from the kernel's: TS checks callbacks at rmmod. */
struct hlist_head *kemu_timer_list(void) { return &timer_list_head; }

static void detach_timer(struct timer_list *timer)
{
	struct hlist_node *entry = &timer->entry;

	__hlist_del(entry);
	entry->pprev = NULL;
	entry->next = NULL;
}

static void enqueue_timer(struct timer_list *timer)
{
	struct hlist_node *pos, *prev = NULL;

	/* After every timer expiring at or before this one: FIFO among equal expiries. */
	hlist_for_each(pos, &timer_list_head) {
		struct timer_list *t = hlist_entry(pos, struct timer_list, entry);

		if (time_after(t->expires, timer->expires))
			break;
		prev = pos;
	}
	if (prev)
		hlist_add_behind(&timer->entry, prev);
	else
		hlist_add_head(&timer->entry, &timer_list_head);
}

void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags,
		    const char *name, void *key)
{
	(void)name;
	(void)key;
	timer->entry.pprev = NULL;
	timer->entry.next = NULL;
	timer->function = func;
	timer->flags = flags;
	timer->kemu_magic = TIMER_KEMU_MAGIC;
}

static void kemu_timer_check(struct timer_list *timer, const char *what)
{
	if (timer->kemu_magic != TIMER_KEMU_MAGIC && !timer->function)
		printk(KERN_ERR "kemu: %s on a timer_list that was never set up (%px): use timer_setup(), setup_timer() or init_timer()\n",
		       what, timer);
}

static int __mod_timer(struct timer_list *timer, unsigned long expires, bool pending_only, bool reduce)
{
	unsigned long flags;
	int ret = 0;

	kemu_timer_check(timer, "mod_timer");
	if (!timer->function) {
		/* timer_shutdown()'d, or never given a function: Linux silently drops the arming. */
		if (timer->kemu_magic == TIMER_KEMU_MAGIC)
			return 0;
	}
	local_irq_save(flags);
	if (timer_pending(timer)) {
		if (reduce && !time_before(expires, timer->expires)) {
			local_irq_restore(flags);
			return 1;
		}
		if (timer->expires == expires) {
			local_irq_restore(flags);
			return 1;
		}
		detach_timer(timer);
		ret = 1;
	} else if (pending_only) {
		local_irq_restore(flags);
		return 0;
	}
	timer->expires = expires;
	enqueue_timer(timer);
	local_irq_restore(flags);
	return ret;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, false, false);
}

int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, true, false);
}

int timer_reduce(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, false, true);
}

void add_timer(struct timer_list *timer)
{
	if (WARN_ON_ONCE(timer_pending(timer)))
		return;
	__mod_timer(timer, timer->expires, false, false);
}

void add_timer_on(struct timer_list *timer, int cpu)
{
	(void)cpu;
	add_timer(timer);
}

int timer_delete(struct timer_list *timer)
{
	unsigned long flags;
	int ret = 0;

	local_irq_save(flags);
	if (timer_pending(timer)) {
		detach_timer(timer);
		ret = 1;
	}
	local_irq_restore(flags);
	return ret;
}

int try_to_del_timer_sync(struct timer_list *timer)
{
	if (running_timer == timer)
		return -1;
	return timer_delete(timer);
}

int timer_delete_sync(struct timer_list *timer)
{
	/* Linux: "del_timer_sync() from interrupt context would deadlock" unless TIMER_IRQSAFE. */
	WARN_ON(in_hardirq() && !(timer->flags & TIMER_IRQSAFE));
	if (running_timer == timer && in_serving_softirq()) {
		/* Called from the callback itself: Linux spins forever here. */
		WARN_ON(1);
		return timer_delete(timer);
	}
	return timer_delete(timer);
}

int timer_shutdown(struct timer_list *timer)
{
	int ret = timer_delete(timer);

	timer->function = NULL;
	return ret;
}

int timer_shutdown_sync(struct timer_list *timer)
{
	int ret = timer_delete_sync(timer);

	timer->function = NULL;
	return ret;
}

static void call_timer_fn(struct timer_list *timer)
{
	int count = preempt_count();

	running_timer = timer;
	if (timer->flags & TIMER_KEMU_DATA)
		((void (*)(unsigned long))timer->function)(timer->kemu_data);
	else
		timer->function(timer);
	running_timer = NULL;
	if (count != preempt_count()) {
		WARN_ONCE(1, "timer: %pS preempt leak: %08x -> %08x\n", timer->function, count, preempt_count());
		__preempt_count_sub(preempt_count() - count);
	}
}

extern void kemu_run_task_queues(int tick);
extern int kemu_tq_timer_active(void);
static int tick_pending;

static void run_timer_softirq(struct softirq_action *h)
{
	struct hlist_head due = { NULL };
	struct hlist_node *tail = NULL;

	(void)h;
	kemu_run_task_queues(tick_pending);
	tick_pending = 0;
	/*
	 * Take every timer due now off the list first: one re-armed by its callback for an
	 * expiry that has already come runs at the next tick, as with the wheel (not in a loop).
	 */
	local_irq_disable();
	while (!hlist_empty(&timer_list_head)) {
		struct timer_list *timer = hlist_entry(timer_list_head.first, struct timer_list, entry);

		if (time_before(jiffies, timer->expires))
			break;
		__hlist_del(&timer->entry);
		if (tail)
			hlist_add_behind(&timer->entry, tail);
		else
			hlist_add_head(&timer->entry, &due);
		tail = &timer->entry;
	}
	local_irq_enable();
	for (;;) {
		struct timer_list *timer;

		local_irq_disable();
		if (hlist_empty(&due)) {
			local_irq_enable();
			break;
		}
		timer = hlist_entry(due.first, struct timer_list, entry);
		detach_timer(timer);
		local_irq_enable();
		if (timer->function)
			call_timer_fn(timer);
	}
}

/* The timer interrupt (TS calls it at every tick with interrupts enabled). */
void kemu_timer_interrupt(void)
{
	irq_enter();
	if (kemu_tq_timer_active()) {
		tick_pending = 1;
		__raise_softirq_irqoff(TIMER_SOFTIRQ);
	}
	if (!hlist_empty(&timer_list_head)) {
		struct timer_list *first = hlist_entry(timer_list_head.first, struct timer_list, entry);

		if (!time_before(jiffies, first->expires))
			__raise_softirq_irqoff(TIMER_SOFTIRQ);
	}
	irq_exit();
}

/* When the next tick has work: 0 = none, 1 = now (softirqs pending), 2 = at *when. */
int kemu_timer_next(unsigned long *when)
{
	if (local_softirq_pending())
		return 1;
	if (hlist_empty(&timer_list_head))
		return 0;
	*when = hlist_entry(timer_list_head.first, struct timer_list, entry)->expires;
	return 2;
}

void init_timers(void)
{
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}

/* kemu: rmmod of a module whose timer is still armed (see kemu_unlink_module_tasklet). */
unsigned long kemu_unlink_module_timer(unsigned long lo, unsigned long hi, unsigned long dlo, unsigned long dhi)
{
	struct hlist_node *pos;

	hlist_for_each(pos, &timer_list_head) {
		struct timer_list *t = hlist_entry(pos, struct timer_list, entry);
		unsigned long fn = (unsigned long)t->function;

		if ((fn >= lo && fn < hi) || ((unsigned long)t >= dlo && (unsigned long)t < dhi)) {
			detach_timer(t);
			return fn ? fn : 1;
		}
	}
	return 0;
}
