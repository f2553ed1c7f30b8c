/* kemu: include/linux/timer.h - timer_list as Linux 6.1, and the pre-4.15 API (init_timer,
 * setup_timer, .data, callbacks taking unsigned long) for LINUX_VERSION_CODE < 4.15. One struct
 * layout serves both: the old API sets TIMER_KEMU_DATA so the core passes .data, not the timer. */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H
#include <linux/list.h>
#include <linux/ktime.h>
#include <linux/stddef.h>
#include <linux/jiffies.h>
#include <linux/container_of.h>

struct timer_list {
	struct hlist_node	entry;
	unsigned long		expires;
#if KEMU_LINUX_VERSION_CODE < 0x040f00
	void			(*function)(unsigned long);
	unsigned long		data;
#else
	void			(*function)(struct timer_list *);
	unsigned long		kemu_data;
#endif
	u32			flags;
	unsigned int		kemu_magic;	/* TIMER_KEMU_MAGIC once initialised */
};

#define TIMER_CPUMASK		0x0003FFFF
#define TIMER_MIGRATING		0x00040000
#define TIMER_BASEMASK		(TIMER_CPUMASK | TIMER_MIGRATING)
#define TIMER_DEFERRABLE	0x00080000
#define TIMER_PINNED		0x00100000
#define TIMER_IRQSAFE		0x00200000
#define TIMER_INIT_FLAGS	(TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE)
#define TIMER_ARRAYSHIFT	22
#define TIMER_ARRAYMASK		0xFFC00000
/* kemu: the callback takes .data (pre-4.15 API) */
#define TIMER_KEMU_DATA		0x80000000
#define TIMER_KEMU_MAGIC	0x74696d72

#define TIMER_TRACE_FLAGMASK	(TIMER_MIGRATING | TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE)

#define __TIMER_INITIALIZER(_function, _flags) {		\
		.entry = { .next = NULL, .pprev = NULL },	\
		.function = (_function),			\
		.flags = (_flags),				\
		.kemu_magic = TIMER_KEMU_MAGIC,			\
	}

extern void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags,
			   const char *name, void *key);

#if KEMU_LINUX_VERSION_CODE < 0x040f00
/* The 2.6-4.14 interfaces. */
#define TIMER_INITIALIZER(_function, _expires, _data) {		\
		.entry = { .next = NULL, .pprev = NULL },	\
		.function = (_function),			\
		.expires = (_expires),				\
		.data = (_data),				\
		.flags = TIMER_KEMU_DATA,			\
		.kemu_magic = TIMER_KEMU_MAGIC,			\
	}
#define DEFINE_TIMER(_name, _function, _expires, _data)		\
	struct timer_list _name = TIMER_INITIALIZER(_function, _expires, _data)
#define init_timer(timer) \
	init_timer_key((timer), NULL, TIMER_KEMU_DATA, #timer, NULL)
#define init_timer_on_stack(timer) init_timer(timer)
#define init_timer_deferrable(timer) \
	init_timer_key((timer), NULL, TIMER_KEMU_DATA | TIMER_DEFERRABLE, #timer, NULL)
#define __setup_timer(_timer, _fn, _data, _flags)			\
	do {								\
		init_timer_key((_timer), NULL, (_flags) | TIMER_KEMU_DATA, #_timer, NULL); \
		(_timer)->function = (_fn);				\
		(_timer)->data = (_data);				\
	} while (0)
#define setup_timer(timer, fn, data) __setup_timer((timer), (fn), (data), 0)
#define setup_timer_on_stack(timer, fn, data) setup_timer(timer, fn, data)
#define setup_deferrable_timer(timer, fn, data) __setup_timer((timer), (fn), (data), TIMER_DEFERRABLE)
/* 4.14 had timer_setup too, with the new callback type (cast, as Linux 4.14 did). */
#define timer_setup(timer, callback, flags) \
	init_timer_key((timer), (void (*)(struct timer_list *))(callback), (flags), #timer, NULL)
#else
#define DEFINE_TIMER(_name, _function) \
	struct timer_list _name = __TIMER_INITIALIZER(_function, 0)
#define timer_setup(timer, callback, flags) \
	init_timer_key((timer), (callback), (flags), #timer, NULL)
#endif
#define timer_setup_on_stack(timer, callback, flags) timer_setup(timer, callback, flags)
#define destroy_timer_on_stack(timer) do { } while (0)

#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, typeof(*var), timer_fieldname)

/**
 * timer_pending - is a timer pending?
 * Returns 1 if the timer is queued (armed), 0 otherwise.
 */
static inline int timer_pending(const struct timer_list *timer)
{
	return timer->entry.pprev != NULL;
}

extern void add_timer_on(struct timer_list *timer, int cpu);
extern int mod_timer(struct timer_list *timer, unsigned long expires);
extern int mod_timer_pending(struct timer_list *timer, unsigned long expires);
extern int timer_reduce(struct timer_list *timer, unsigned long expires);
extern void add_timer(struct timer_list *timer);
extern int try_to_del_timer_sync(struct timer_list *timer);
extern int timer_delete_sync(struct timer_list *timer);
extern int timer_delete(struct timer_list *timer);
extern int timer_shutdown_sync(struct timer_list *timer);
extern int timer_shutdown(struct timer_list *timer);
static inline int del_timer_sync(struct timer_list *timer) { return timer_delete_sync(timer); }
static inline int del_timer(struct timer_list *timer) { return timer_delete(timer); }
#define del_singleshot_timer_sync(t) del_timer_sync(t)

extern unsigned long __round_jiffies(unsigned long j, int cpu);
extern unsigned long __round_jiffies_relative(unsigned long j, int cpu);
extern unsigned long round_jiffies(unsigned long j);
extern unsigned long round_jiffies_relative(unsigned long j);
extern unsigned long round_jiffies_up(unsigned long j);
extern unsigned long round_jiffies_up_relative(unsigned long j);
#endif
