/* kemu: include/linux/sched/task.h - task creation and exit. kernel_thread() and daemonize()
 * are the 2.6-era interfaces (kernel_thread was exported until 4.x, daemonize until 3.4). */
#ifndef _LINUX_SCHED_TASK_H
#define _LINUX_SCHED_TASK_H
#include <linux/sched.h>

struct completion;

#define CLONE_VM	0x00000100
#define CLONE_FS	0x00000200
#define CLONE_FILES	0x00000400
#define CLONE_SIGHAND	0x00000800
#define CLONE_PARENT	0x00008000
#define CLONE_THREAD	0x00010000
#define CLONE_UNTRACED	0x00800000
#define CLONE_KERNEL	(CLONE_FS | CLONE_FILES | CLONE_SIGHAND)

extern pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);
extern void daemonize(const char *, ...) __attribute__((format(printf, 1, 2)));
extern void do_exit(long error_code) __attribute__((noreturn));
extern void complete_and_exit(struct completion *, long) __attribute__((noreturn));
#endif
