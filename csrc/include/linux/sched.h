/* kemu: include/linux/sched.h - struct task_struct as far as modules look into it, task states
 * and the scheduler entry points. The scheduler itself is TS (ts/kernel/sched/core.ts). */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/jiffies.h>
#include <linux/wait.h>
#include <asm/current.h>
#include <asm/processor.h>

/* Used in tsk->__state (tsk->state before 5.14): */
#define TASK_RUNNING			0x00000000
#define TASK_INTERRUPTIBLE		0x00000001
#define TASK_UNINTERRUPTIBLE		0x00000002
#define __TASK_STOPPED			0x00000004
#define __TASK_TRACED			0x00000008
/* Used in tsk->exit_state: */
#define EXIT_DEAD			0x00000010
#define EXIT_ZOMBIE			0x00000020
#define EXIT_TRACE			(EXIT_ZOMBIE | EXIT_DEAD)
#define TASK_PARKED			0x00000040
#define TASK_DEAD			0x00000080
#define TASK_WAKEKILL			0x00000100
#define TASK_WAKING			0x00000200
#define TASK_NOLOAD			0x00000400
#define TASK_NEW			0x00000800
#define TASK_KILLABLE			(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_STOPPED			(TASK_WAKEKILL | __TASK_STOPPED)
#define TASK_TRACED			__TASK_TRACED
#define TASK_IDLE			(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL			(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

#define TASK_COMM_LEN 16

/* Per-process flags */
#define PF_IDLE			0x00000002
#define PF_EXITING		0x00000004
#define PF_WQ_WORKER		0x00000020
#define PF_FORKNOEXEC		0x00000040
#define PF_SUPERPRIV		0x00000100
#define PF_SIGNALED		0x00000400
#define PF_NOFREEZE		0x00008000
#define PF_KTHREAD		0x00200000
#define PF_NO_SETAFFINITY	0x04000000

#define MAX_SCHEDULE_TIMEOUT	LONG_MAX
#define MAX_RT_PRIO		100
#define MAX_PRIO		(MAX_RT_PRIO + 40)
#define DEFAULT_PRIO		(MAX_RT_PRIO + 20)

struct mm_struct;
struct kthread;
struct pid;

/* kemu: field order is kemu's own; what modules name (state/__state, pid, comm, flags, mm,
 * parent...) is there. The layout is shared with TS through csrc/layout/layout.c. */
struct task_struct {
	union {
		volatile long state;		/* before 5.14 */
		unsigned int __state;		/* 5.14+ */
	};
	void *stack;
	unsigned int flags;
	int on_rq;
	int prio, static_prio, normal_prio;
	unsigned int policy;
	int exit_state;
	int exit_code;
	int exit_signal;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct list_head children;
	struct list_head sibling;
	struct list_head tasks;
	struct mm_struct *mm;
	struct mm_struct *active_mm;
	char comm[TASK_COMM_LEN];
	/* kemu: signals; TS keeps the full sets, these mirror what inline helpers read */
	unsigned long kemu_sigpending;		/* pending & ~blocked, nonzero => signal_pending() */
	unsigned long kemu_sigkill;		/* SIGKILL pending => fatal_signal_pending() */
	struct kthread *kemu_kthread;		/* to_kthread() */
	void *journal_info;
	int kemu_id;				/* TS task handle */
	unsigned int usage;
	int rcu_read_lock_nesting;		/* PREEMPT_RCU */
	/* kemu: the user buffer of the system call this task is in (see <linux/uaccess.h>) */
	unsigned long kemu_ubase;
	unsigned long kemu_ulen;
	/* kemu: big kernel lock depth (lib/kernel_lock.c) - Linux's lock_depth + 1, so that a
	 * zeroed task_struct does not hold it; <linux/smp_lock.h>'s kernel_locked() reads it */
	int kemu_bkl_depth;
};

#define task_pid_nr(tsk) ((tsk)->pid)
#define task_tgid_nr(tsk) ((tsk)->tgid)
#define task_pid_vnr(tsk) ((tsk)->pid)
static inline pid_t task_pid_nr_ns(struct task_struct *tsk, void *ns) { (void)ns; return tsk->pid; }

#if KEMU_LINUX_VERSION_CODE >= 0x050e00
#define task_state_index(p) ((p)->__state)
#define READ_TASK_STATE(p) READ_ONCE((p)->__state)
#else
#define READ_TASK_STATE(p) READ_ONCE((p)->state)
#endif

#define __set_current_state(state_value) do { WRITE_ONCE(current->__state, (state_value)); } while (0)
#define set_current_state(state_value) do { WRITE_ONCE(current->__state, (state_value)); barrier(); } while (0)
#define set_special_state(state_value) __set_current_state(state_value)
#define __set_task_state(tsk, state_value) do { (tsk)->__state = (state_value); } while (0)
#define set_task_state(tsk, state_value) do { WRITE_ONCE((tsk)->__state, (state_value)); barrier(); } while (0)
#define task_is_running(task) (READ_ONCE((task)->__state) == TASK_RUNNING)

extern char *__get_task_comm(char *to, size_t len, struct task_struct *tsk);
#define get_task_comm(buf, tsk) __get_task_comm(buf, sizeof(buf), tsk)
extern void __set_task_comm(struct task_struct *tsk, const char *from, bool exec);
#define set_task_comm(tsk, from) __set_task_comm(tsk, from, false)

extern void schedule(void);
extern long schedule_timeout(long timeout);
extern long schedule_timeout_interruptible(long timeout);
extern long schedule_timeout_killable(long timeout);
extern long schedule_timeout_uninterruptible(long timeout);
extern long schedule_timeout_idle(long timeout);
extern void io_schedule(void);
extern long io_schedule_timeout(long timeout);
extern void schedule_preempt_disabled(void);
extern int wake_up_process(struct task_struct *tsk);
extern int wake_up_state(struct task_struct *tsk, unsigned int state);
extern int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags);
extern void wake_up_new_task(struct task_struct *tsk);
extern void yield(void);
extern int __cond_resched(void);
#define cond_resched() __cond_resched()
#define cond_resched_lock(lock) ({ __cond_resched(); 0; })
extern int _cond_resched(void);
extern void set_user_nice(struct task_struct *p, long nice);
extern int task_nice(const struct task_struct *p);
extern int sched_setscheduler(struct task_struct *p, int policy, const void *param);
extern void sched_set_fifo(struct task_struct *p);
extern void sched_set_fifo_low(struct task_struct *p);
extern void sched_set_normal(struct task_struct *p, int nice);
extern bool kemu_need_resched(void);
#define need_resched() kemu_need_resched()
extern struct task_struct *find_task_by_vpid(pid_t nr);
extern struct task_struct *find_task_by_pid_ns(pid_t nr, void *ns);
extern struct task_struct init_task;
extern void __put_task_struct(struct task_struct *t);
static inline struct task_struct *get_task_struct(struct task_struct *t) { t->usage++; return t; }
static inline void put_task_struct(struct task_struct *t) { if (--t->usage == 0) __put_task_struct(t); }
#define for_each_process(p) for (p = kemu_next_task(NULL); p != NULL; p = kemu_next_task(p))
extern struct task_struct *kemu_next_task(struct task_struct *p);

#define SCHED_NORMAL 0
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
struct sched_param { int sched_priority; };

#include <linux/sched/signal.h>
#endif
