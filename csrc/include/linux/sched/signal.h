/* kemu: include/linux/sched/signal.h - signal state of a task. TS keeps the pending and blocked
 * sets (ts/kernel/signal.ts); the task_struct words read here mirror "pending & ~blocked". */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H
#include <linux/sched.h>
#include <linux/signal.h>

static inline int signal_pending(struct task_struct *p)
{
	return READ_ONCE(p->kemu_sigpending) != 0;
}

static inline int __fatal_signal_pending(struct task_struct *p)
{
	return READ_ONCE(p->kemu_sigkill) != 0;
}

static inline int fatal_signal_pending(struct task_struct *p)
{
	return signal_pending(p) && __fatal_signal_pending(p);
}

static inline int signal_pending_state(unsigned int state, struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return 0;
	if (!signal_pending(p))
		return 0;
	return (state & TASK_INTERRUPTIBLE) || __fatal_signal_pending(p);
}

extern int send_sig(int sig, struct task_struct *p, int priv);
extern int send_sig_info(int sig, struct kernel_siginfo *info, struct task_struct *p);
extern void force_sig(int sig);
extern int kill_pid(struct pid *pid, int sig, int priv);
extern void flush_signals(struct task_struct *t);
extern void allow_signal(int sig);
extern void disallow_signal(int sig);
extern void ignore_signals(struct task_struct *t);
extern int kill_proc(pid_t pid, int sig, int priv);
extern int dequeue_signal_lock(struct task_struct *tsk, sigset_t *mask, kernel_siginfo_t *info);
#endif
