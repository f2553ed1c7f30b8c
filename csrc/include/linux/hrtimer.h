/* kemu: include/linux/hrtimer.h - high-resolution timers as Linux 6.1 (and 6.13's
 * hrtimer_setup), on the virtual clock with nanosecond expiries. One CPU, one clock base per
 * clock id; timers run in hard interrupt context unless a _SOFT mode asks for softirq. */
#ifndef _LINUX_HRTIMER_H
#define _LINUX_HRTIMER_H
#include <linux/list.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/time.h>

enum hrtimer_mode {
	HRTIMER_MODE_ABS	= 0x00,
	HRTIMER_MODE_REL	= 0x01,
	HRTIMER_MODE_PINNED	= 0x02,
	HRTIMER_MODE_SOFT	= 0x04,
	HRTIMER_MODE_HARD	= 0x08,
	HRTIMER_MODE_ABS_PINNED = HRTIMER_MODE_ABS | HRTIMER_MODE_PINNED,
	HRTIMER_MODE_REL_PINNED = HRTIMER_MODE_REL | HRTIMER_MODE_PINNED,
	HRTIMER_MODE_ABS_SOFT	= HRTIMER_MODE_ABS | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_REL_SOFT	= HRTIMER_MODE_REL | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_ABS_PINNED_SOFT = HRTIMER_MODE_ABS_PINNED | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_REL_PINNED_SOFT = HRTIMER_MODE_REL_PINNED | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_ABS_HARD	= HRTIMER_MODE_ABS | HRTIMER_MODE_HARD,
	HRTIMER_MODE_REL_HARD	= HRTIMER_MODE_REL | HRTIMER_MODE_HARD,
	HRTIMER_MODE_ABS_PINNED_HARD = HRTIMER_MODE_ABS_PINNED | HRTIMER_MODE_HARD,
	HRTIMER_MODE_REL_PINNED_HARD = HRTIMER_MODE_REL_PINNED | HRTIMER_MODE_HARD,
};

enum hrtimer_restart {
	HRTIMER_NORESTART,	/* Timer is not restarted */
	HRTIMER_RESTART,	/* Timer must be restarted */
};

#define HRTIMER_STATE_INACTIVE	0x00
#define HRTIMER_STATE_ENQUEUED	0x01

struct hrtimer {
	struct hlist_node		node;
	ktime_t				expires;	/* kemu: hard expiry, on CLOCK_MONOTONIC */
	ktime_t				_softexpires;	/* soft expiry, in the timer's clock */
	enum hrtimer_restart		(*function)(struct hrtimer *);
	void				*base;
	u8				state;
	u8				is_rel;
	u8				is_soft;
	u8				is_hard;
	int				kemu_clockid;
	int				kemu_running;
};

struct hrtimer_sleeper {
	struct hrtimer timer;
	struct task_struct *task;
};

#define hrtimer_resolution ((unsigned int)1)
#define HIGH_RES_NSEC 1
#define KTIME_HIGH_RES (HIGH_RES_NSEC)
#define MONOTONIC_RES_NSEC HIGH_RES_NSEC
#define KTIME_MONOTONIC_RES KTIME_HIGH_RES

extern void hrtimer_init(struct hrtimer *timer, clockid_t which_clock, enum hrtimer_mode mode);
extern void hrtimer_setup(struct hrtimer *timer, enum hrtimer_restart (*function)(struct hrtimer *),
			  clockid_t clock_id, enum hrtimer_mode mode);
#define hrtimer_init_on_stack(t, c, m) hrtimer_init(t, c, m)
static inline void destroy_hrtimer_on_stack(struct hrtimer *timer) { (void)timer; }

extern void hrtimer_start_range_ns(struct hrtimer *timer, ktime_t tim, u64 range_ns, const enum hrtimer_mode mode);
static inline void hrtimer_start(struct hrtimer *timer, ktime_t tim, const enum hrtimer_mode mode)
{
	hrtimer_start_range_ns(timer, tim, 0, mode);
}
extern ktime_t kemu_hrtimer_clock_offset(const struct hrtimer *timer);
static inline void hrtimer_start_expires(struct hrtimer *timer, enum hrtimer_mode mode)
{
	ktime_t soft = timer->_softexpires;
	ktime_t hard = ktime_add(timer->expires, kemu_hrtimer_clock_offset(timer));

	hrtimer_start_range_ns(timer, soft, ktime_to_ns(ktime_sub(hard, soft)), mode & ~HRTIMER_MODE_REL);
}
static inline void hrtimer_restart(struct hrtimer *timer)
{
	hrtimer_start_expires(timer, HRTIMER_MODE_ABS);
}

extern int hrtimer_cancel(struct hrtimer *timer);
extern int hrtimer_try_to_cancel(struct hrtimer *timer);
extern ktime_t __hrtimer_get_remaining(const struct hrtimer *timer, bool adjust);
static inline ktime_t hrtimer_get_remaining(const struct hrtimer *timer) { return __hrtimer_get_remaining(timer, false); }
extern u64 hrtimer_get_next_event(void);
extern bool hrtimer_active(const struct hrtimer *timer);
static inline bool hrtimer_is_queued(struct hrtimer *timer) { return timer->state & HRTIMER_STATE_ENQUEUED; }
static inline int hrtimer_callback_running(struct hrtimer *timer) { return timer->kemu_running; }
extern u64 hrtimer_forward(struct hrtimer *timer, ktime_t now, ktime_t interval);
extern ktime_t kemu_hrtimer_base_time(const struct hrtimer *timer);
static inline u64 hrtimer_forward_now(struct hrtimer *timer, ktime_t interval)
{
	return hrtimer_forward(timer, kemu_hrtimer_base_time(timer), interval);
}
static inline ktime_t hrtimer_cb_get_time(struct hrtimer *timer) { return kemu_hrtimer_base_time(timer); }

/* kemu: the hard expiry is kept on CLOCK_MONOTONIC (the list's order); these read and set the
 * expiries in the timer's own clock. A range timer may run from its soft expiry on (when an
 * interrupt comes) and runs at its hard expiry at the latest, as in Linux. */
static inline void hrtimer_set_expires(struct hrtimer *timer, ktime_t time)
{
	timer->_softexpires = time;
	timer->expires = ktime_sub(time, kemu_hrtimer_clock_offset(timer));
}
static inline void hrtimer_set_expires_range(struct hrtimer *timer, ktime_t time, ktime_t delta)
{
	timer->_softexpires = time;
	timer->expires = ktime_add_safe(ktime_sub(time, kemu_hrtimer_clock_offset(timer)), delta);
}
static inline void hrtimer_set_expires_range_ns(struct hrtimer *timer, ktime_t time, u64 delta)
{
	hrtimer_set_expires_range(timer, time, ns_to_ktime(delta));
}
static inline void hrtimer_add_expires_ns(struct hrtimer *timer, u64 ns)
{
	timer->expires = ktime_add_ns(timer->expires, ns);
	timer->_softexpires = ktime_add_ns(timer->_softexpires, ns);
}
static inline void hrtimer_add_expires(struct hrtimer *timer, ktime_t time)
{
	timer->expires = ktime_add_safe(timer->expires, time);
	timer->_softexpires = ktime_add_safe(timer->_softexpires, time);
}
static inline ktime_t hrtimer_get_expires(const struct hrtimer *timer)
{
	return ktime_add(timer->expires, kemu_hrtimer_clock_offset(timer));
}
static inline ktime_t hrtimer_get_softexpires(const struct hrtimer *timer) { return timer->_softexpires; }
static inline s64 hrtimer_get_expires_tv64(const struct hrtimer *timer) { return hrtimer_get_expires(timer); }
static inline s64 hrtimer_get_softexpires_tv64(const struct hrtimer *timer) { return timer->_softexpires; }
static inline s64 hrtimer_get_expires_ns(const struct hrtimer *timer) { return ktime_to_ns(hrtimer_get_expires(timer)); }
#endif
