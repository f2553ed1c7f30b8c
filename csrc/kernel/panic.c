/* kemu: kernel/panic.c - the C half: message formatting. Reports, taint and the Oops machinery
 * are TS (ts/kernel/panic.ts); kemu_panic() stops the emulated machine and never returns. */
#include <linux/kernel.h>
#include <linux/printk.h>

#define CUT_HERE "------------[ cut here ]------------\n"

extern __noreturn void kemu_panic(const char *msg);

int oops_in_progress;

void panic(const char *fmt, ...)
{
	static char buf[1024];
	va_list args;
	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	kemu_panic(buf);
}

void __warn_printk(const char *fmt, ...)
{
	va_list args;
	pr_warn(CUT_HERE);
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}
