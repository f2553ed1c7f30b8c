/* kemu: kernel/printk/printk.c - formatting half. The record (level, KERN_CONT, timestamp,
 * console) is stored by the TS log buffer through kemu_log_store(). */
#include <linux/kernel.h>
#include <linux/printk.h>

#define LOG_LINE_MAX (1024 - 32)

/* TS: ts/kernel/printk/printk.ts. Returns the number of characters printed, without the level. */
extern int kemu_log_store(const char *text, unsigned int len);

int console_printk[4] = { CONSOLE_LOGLEVEL_DEFAULT, MESSAGE_LOGLEVEL_DEFAULT, 1, CONSOLE_LOGLEVEL_DEFAULT };

int vprintk(const char *fmt, va_list args)
{
	char text[LOG_LINE_MAX];
	int len = vscnprintf(text, sizeof(text), fmt, args);
	return kemu_log_store(text, len);
}

int _printk(const char *fmt, ...)
{
	va_list args;
	int r;
	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int r;
	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}

int printk_deferred(const char *fmt, ...)
{
	va_list args;
	int r;
	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}

static DEFINE_RATELIMIT_STATE(printk_ratelimit_state, 5 * 250, 10);

int printk_ratelimit(void)
{
	return ___ratelimit(&printk_ratelimit_state, "printk_ratelimit");
}

bool printk_timed_ratelimit(unsigned long *caller_jiffies, unsigned int interval_msec)
{
	extern volatile unsigned long jiffies;
	unsigned long elapsed = jiffies - *caller_jiffies;
	if (*caller_jiffies && elapsed <= (unsigned long)interval_msec * 250 / 1000)
		return false;
	*caller_jiffies = jiffies;
	return true;
}
