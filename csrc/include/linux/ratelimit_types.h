/* kemu: include/linux/ratelimit_types.h (the lock is not needed on one CPU but kept for layout). */
#ifndef _LINUX_RATELIMIT_TYPES_H
#define _LINUX_RATELIMIT_TYPES_H
#include <linux/types.h>
#define DEFAULT_RATELIMIT_INTERVAL (5 * 250)
#define DEFAULT_RATELIMIT_BURST 10
#define RATELIMIT_MSG_ON_RELEASE (1 << 0)
struct ratelimit_state {
	int lock;
	int interval;
	int burst;
	int printed;
	int missed;
	unsigned long begin;
	unsigned long flags;
};
#define RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, flags_init) \
	{ .interval = (interval_init), .burst = (burst_init), .flags = (flags_init) }
#define RATELIMIT_STATE_INIT(name, interval_init, burst_init) RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, 0)
#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)
extern int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)
#endif
