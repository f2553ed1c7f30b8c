/* kemu: kernel/time/hrtimer.c - one CPU, every clock base in one list ordered by expiry on
 * CLOCK_MONOTONIC (the virtual clock; REALTIME/TAI/BOOTTIME differ from it by a constant). The
 * TS scheduler calls kemu_hrtimer_interrupt when the clock reaches the first expiry. */
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/string.h>

#define CLOCK_REALTIME_ID 0
#define CLOCK_MONOTONIC_ID 1
#define CLOCK_BOOTTIME_ID 7
#define CLOCK_TAI_ID 11

static struct hlist_head hrtimer_list;
static struct hrtimer *running;

struct hlist_head *kemu_hrtimer_list(void) { return &hrtimer_list; }

ktime_t kemu_hrtimer_clock_offset(const struct hrtimer *timer)
{
	if (timer->kemu_clockid == CLOCK_REALTIME_ID || timer->kemu_clockid == CLOCK_TAI_ID)
		return ktime_sub(ktime_get_real(), ktime_get());
	return 0;
}

ktime_t kemu_hrtimer_base_time(const struct hrtimer *timer)
{
	return ktime_add(ktime_get(), kemu_hrtimer_clock_offset(timer));
}

static void __hrtimer_init(struct hrtimer *timer, clockid_t clock_id, enum hrtimer_mode mode)
{
	memset(timer, 0, sizeof(struct hrtimer));
	timer->kemu_clockid = clock_id;
	timer->is_soft = !!(mode & HRTIMER_MODE_SOFT);
	timer->is_hard = !!(mode & HRTIMER_MODE_HARD);
}

void hrtimer_init(struct hrtimer *timer, clockid_t clock_id, enum hrtimer_mode mode)
{
	__hrtimer_init(timer, clock_id, mode);
}

void hrtimer_setup(struct hrtimer *timer, enum hrtimer_restart (*function)(struct hrtimer *),
		   clockid_t clock_id, enum hrtimer_mode mode)
{
	__hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}

static void remove_hrtimer(struct hrtimer *timer)
{
	if (timer->state & HRTIMER_STATE_ENQUEUED) {
		__hlist_del(&timer->node);
		timer->node.pprev = NULL;
		timer->node.next = NULL;
		timer->state = HRTIMER_STATE_INACTIVE;
	}
}

static void enqueue_hrtimer(struct hrtimer *timer)
{
	struct hlist_node *pos, *prev = NULL;

	hlist_for_each(pos, &hrtimer_list) {
		struct hrtimer *t = hlist_entry(pos, struct hrtimer, node);

		if (t->expires > timer->expires)
			break;
		prev = pos;
	}
	if (prev)
		hlist_add_behind(&timer->node, prev);
	else
		hlist_add_head(&timer->node, &hrtimer_list);
	timer->state = HRTIMER_STATE_ENQUEUED;
}

void hrtimer_start_range_ns(struct hrtimer *timer, ktime_t tim, u64 delta_ns, const enum hrtimer_mode mode)
{
	unsigned long flags;

	if (!timer->function && !timer->kemu_clockid && !timer->is_soft)
		printk(KERN_ERR "kemu: hrtimer_start() on an hrtimer with no function (%px): hrtimer_init() and .function, or hrtimer_setup()\n", timer);
	local_irq_save(flags);
	remove_hrtimer(timer);
	if (mode & HRTIMER_MODE_REL)
		tim = ktime_add_safe(tim, kemu_hrtimer_base_time(timer));
	timer->is_rel = !!(mode & HRTIMER_MODE_REL);
	hrtimer_set_expires_range_ns(timer, tim, delta_ns);
	enqueue_hrtimer(timer);
	local_irq_restore(flags);
}

int hrtimer_try_to_cancel(struct hrtimer *timer)
{
	unsigned long flags;
	int ret = -1;

	if (running == timer && in_interrupt())
		return -1;
	local_irq_save(flags);
	ret = (timer->state & HRTIMER_STATE_ENQUEUED) ? 1 : 0;
	remove_hrtimer(timer);
	local_irq_restore(flags);
	return ret;
}

int hrtimer_cancel(struct hrtimer *timer)
{
	int ret = hrtimer_try_to_cancel(timer);

	/* One CPU: a running callback cannot be waited for from inside it. */
	return ret < 0 ? 0 : ret;
}

ktime_t __hrtimer_get_remaining(const struct hrtimer *timer, bool adjust)
{
	(void)adjust;
	return ktime_sub(timer->expires, ktime_get());
}

bool hrtimer_active(const struct hrtimer *timer)
{
	return (timer->state & HRTIMER_STATE_ENQUEUED) || running == timer;
}

u64 hrtimer_get_next_event(void)
{
	if (hlist_empty(&hrtimer_list))
		return KTIME_MAX;
	return hlist_entry(hrtimer_list.first, struct hrtimer, node)->expires;
}

u64 hrtimer_forward(struct hrtimer *timer, ktime_t now, ktime_t interval)
{
	u64 orun = 1;
	ktime_t delta;

	delta = ktime_sub(now, hrtimer_get_expires(timer));
	if (delta < 0)
		return 0;
	if (WARN_ON(timer->state & HRTIMER_STATE_ENQUEUED))
		return 0;
	if (interval < hrtimer_resolution)
		interval = hrtimer_resolution;
	if (unlikely(delta >= interval)) {
		s64 incr = ktime_to_ns(interval);

		orun = ktime_divns(delta, incr);
		hrtimer_add_expires_ns(timer, incr * orun);
		if (hrtimer_get_expires_tv64(timer) > now)
			return orun;
		/* This (and the ktime_add() below) is the correction for exact multiples */
		orun++;
	}
	hrtimer_add_expires(timer, interval);
	return orun;
}

static void run_one(struct hrtimer *timer)
{
	enum hrtimer_restart restart;

	remove_hrtimer(timer);
	running = timer;
	timer->kemu_running = 1;
	restart = timer->function ? timer->function(timer) : HRTIMER_NORESTART;
	timer->kemu_running = 0;
	running = NULL;
	if (restart != HRTIMER_NORESTART && !(timer->state & HRTIMER_STATE_ENQUEUED))
		enqueue_hrtimer(timer);
}

/* the soft expiry on CLOCK_MONOTONIC: from then on an interrupt may run the timer */
static ktime_t soft_expiry(const struct hrtimer *t)
{
	return ktime_sub(t->_softexpires, kemu_hrtimer_clock_offset(t));
}

/* __hrtimer_run_queues(): in hard-expiry order, every timer whose soft expiry has come */
static void run_expired(int soft)
{
	ktime_t now = ktime_get();
	struct hlist_node *pos, *n;

again:
	hlist_for_each_safe(pos, n, &hrtimer_list) {
		struct hrtimer *t = hlist_entry(pos, struct hrtimer, node);

		if (soft_expiry(t) > now)
			break;
		if (t->is_soft != soft)
			continue;
		run_one(t);
		goto again;	/* the list changed under us */
	}
}

static void hrtimer_run_softirq(struct softirq_action *h)
{
	(void)h;
	run_expired(1);
}

/* The clock reached the first expiry: hard timers now (hardirq context), soft ones after. */
void kemu_hrtimer_interrupt(void)
{
	struct hlist_node *pos;
	ktime_t now = ktime_get();

	irq_enter();
	run_expired(0);
	hlist_for_each(pos, &hrtimer_list) {
		struct hrtimer *t = hlist_entry(pos, struct hrtimer, node);

		if (soft_expiry(t) > now)
			break;
		if (t->is_soft) {
			__raise_softirq_irqoff(HRTIMER_SOFTIRQ);
			break;
		}
	}
	irq_exit();
}

/* The tick is an hrtimer in Linux's high-resolution mode: a timer interrupt also runs the
 * range timers whose soft expiry has passed (kernel/time/timer.c calls this at each tick). */
int kemu_hrtimer_soft_due(void)
{
	if (hlist_empty(&hrtimer_list))
		return 0;
	return soft_expiry(hlist_entry(hrtimer_list.first, struct hrtimer, node)) <= ktime_get();
}

/* kemu: rmmod calls this until it returns 0: an hrtimer of the module (its function, or the
 * struct in its memory) still queued would run freed code in Linux; it is removed and its
 * function returned (1 if it has none) so that TS can name it. */
unsigned long kemu_unlink_module_hrtimer(unsigned long lo, unsigned long hi, unsigned long dlo, unsigned long dhi)
{
	struct hlist_node *pos;

	hlist_for_each(pos, &hrtimer_list) {
		struct hrtimer *t = hlist_entry(pos, struct hrtimer, node);
		unsigned long fn = (unsigned long)t->function;

		if ((fn >= lo && fn < hi) || ((unsigned long)t >= dlo && (unsigned long)t < dhi)) {
			remove_hrtimer(t);
			return fn ? fn : 1;
		}
	}
	return 0;
}

void hrtimers_init(void)
{
	open_softirq(HRTIMER_SOFTIRQ, hrtimer_run_softirq);
}
