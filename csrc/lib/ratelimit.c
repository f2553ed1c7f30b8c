/* kemu: lib/ratelimit.c - same algorithm; no lock needed on one CPU. */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/ratelimit_types.h>

extern volatile unsigned long jiffies;

int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	int ret;
	if (!rs->interval)
		return 1;
	if (!rs->begin)
		rs->begin = jiffies;
	if ((long)(rs->begin + rs->interval - jiffies) < 0) {
		if (rs->missed) {
			if (!(rs->flags & RATELIMIT_MSG_ON_RELEASE)) {
				printk(KERN_WARNING "%s: %d callbacks suppressed\n", func, rs->missed);
				rs->missed = 0;
			}
		}
		rs->begin = jiffies;
		rs->printed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		ret = 1;
	} else {
		rs->missed++;
		ret = 0;
	}
	return ret;
}
