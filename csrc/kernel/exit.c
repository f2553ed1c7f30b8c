/* kemu: kernel/exit.c (daemonize, 2.6-era; removed in 3.4) - the C half: format the name, the
 * TS half (ts/kernel/exit.ts) detaches the thread and renames it. */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sprintf.h>

extern void kemu_daemonize(const char *name);

void daemonize(const char *name, ...)
{
	char buf[TASK_COMM_LEN];
	va_list args;

	va_start(args, name);
	vsnprintf(buf, sizeof(buf), name, args);
	va_end(args);
	kemu_daemonize(buf);
}
