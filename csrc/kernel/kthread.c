/* kemu: kernel/kthread.c - kernel threads. There is no kthreadd task: kthread_create() asks the
 * TS scheduler for the new task directly; what modules observe (a stopped-until-woken thread
 * named by the format, kthread_stop() semantics and return value) is Linux's. */
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/sched/signal.h>

/* TS (ts/kernel/kthread.ts): make a task that will run fn(arg) once woken. */
extern struct task_struct *kemu_task_create(int (*fn)(void *), void *arg, const char *comm, unsigned int flags);
/* TS: kthread_stop() makes signal_pending() true in the thread from 5.11 (TIF_NOTIFY_SIGNAL). */
extern void kemu_kthread_notify_stop(struct task_struct *k);

static inline struct kthread *to_kthread(struct task_struct *k)
{
	return k->kemu_kthread;
}

static inline int kthread_test_bit(int nr, const unsigned long *addr)
{
	return (*addr >> nr) & 1;
}

static int kthread(void *_self)
{
	struct kthread *self = _self;
	int ret = -EINTR;

	if (!kthread_test_bit(KTHREAD_SHOULD_STOP, &self->flags))
		ret = self->threadfn(self->data);
	kthread_exit(ret);
}

struct task_struct *__kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
					     const char namefmt[], va_list args)
{
	struct kthread *self;
	struct task_struct *task;
	char *name;

	(void)node;
	self = kzalloc(sizeof(*self), GFP_KERNEL);
	if (!self)
		return ERR_PTR(-ENOMEM);
	name = kvasprintf(GFP_KERNEL, namefmt, args);
	if (!name) {
		kfree(self);
		return ERR_PTR(-ENOMEM);
	}
	self->threadfn = threadfn;
	self->data = data;
	self->full_name = name;
	init_completion(&self->exited);
	init_completion(&self->parked);
	task = kemu_task_create(kthread, self, name, PF_KTHREAD | PF_NOFREEZE);
	if (IS_ERR(task)) {
		kfree(name);
		kfree(self);
		return task;
	}
	task->kemu_kthread = self;
	return task;
}

struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
					   const char namefmt[], ...)
{
	struct task_struct *task;
	va_list args;

	va_start(args, namefmt);
	task = __kthread_create_on_node(threadfn, data, node, namefmt, args);
	va_end(args);
	return task;
}

struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data, unsigned int cpu,
					  const char *namefmt)
{
	struct task_struct *p = kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, cpu);

	if (!IS_ERR(p)) {
		kthread_bind(p, cpu);
		to_kthread(p)->cpu = cpu;
	}
	return p;
}

void kthread_bind(struct task_struct *p, unsigned int cpu)
{
	(void)p;
	(void)cpu;	/* one CPU: every thread is bound to CPU 0 */
}

void kthread_bind_mask(struct task_struct *p, const void *mask)
{
	(void)p;
	(void)mask;
}

void kthread_set_per_cpu(struct task_struct *k, int cpu)
{
	struct kthread *kthread = to_kthread(k);

	if (!kthread)
		return;
	kthread->cpu = cpu;
	if (cpu < 0)
		kthread->flags &= ~(1UL << KTHREAD_IS_PER_CPU);
	else
		kthread->flags |= 1UL << KTHREAD_IS_PER_CPU;
}

bool kthread_is_per_cpu(struct task_struct *p)
{
	struct kthread *kthread = to_kthread(p);

	return kthread && kthread_test_bit(KTHREAD_IS_PER_CPU, &kthread->flags);
}

bool kthread_should_stop(void)
{
	struct kthread *k = to_kthread(current);

	return k && kthread_test_bit(KTHREAD_SHOULD_STOP, &k->flags);
}

bool __kthread_should_park(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);

	return kthread && kthread_test_bit(KTHREAD_SHOULD_PARK, &kthread->flags);
}

bool kthread_should_park(void)
{
	return __kthread_should_park(current);
}

bool kthread_freezable_should_stop(bool *was_frozen)
{
	if (was_frozen)
		*was_frozen = false;
	return kthread_should_stop();
}

void *kthread_func(struct task_struct *task)
{
	struct kthread *kthread = to_kthread(task);

	return kthread ? (void *)kthread->threadfn : NULL;
}

void *kthread_data(struct task_struct *task)
{
	return to_kthread(task)->data;
}

void *kthread_probe_data(struct task_struct *task)
{
	struct kthread *kthread = to_kthread(task);

	return kthread ? kthread->data : NULL;
}

void get_kthread_comm(char *buf, size_t buf_size, struct task_struct *tsk)
{
	struct kthread *kthread = to_kthread(tsk);

	if (!kthread || !kthread->full_name) {
		__get_task_comm(buf, buf_size, tsk);
		return;
	}
	strscpy(buf, kthread->full_name, buf_size);
}

void kthread_parkme(void)
{
	struct kthread *self = to_kthread(current);

	for (;;) {
		set_current_state(TASK_PARKED);
		if (!kthread_test_bit(KTHREAD_SHOULD_PARK, &self->flags))
			break;
		complete(&self->parked);
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

int kthread_park(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);

	if (!kthread || (k->flags & PF_EXITING))
		return -ENOSYS;
	kthread->flags |= 1UL << KTHREAD_SHOULD_PARK;
	if (k != current) {
		wake_up_process(k);
		wait_for_completion(&kthread->parked);
	}
	return 0;
}

void kthread_unpark(struct task_struct *k)
{
	struct kthread *kthread = to_kthread(k);

	if (!kthread || !kthread_test_bit(KTHREAD_SHOULD_PARK, &kthread->flags))
		return;
	kthread->flags &= ~(1UL << KTHREAD_SHOULD_PARK);
	reinit_completion(&kthread->parked);
	wake_up_state(k, TASK_PARKED);
}

/**
 * kthread_stop - stop a thread created by kthread_create().
 * Sets kthread_should_stop() for @k to return true, wakes it, and
 * waits for it to exit. Returns the result of threadfn(), or %-EINTR if
 * wake_up_process() was never called.
 */
int kthread_stop(struct task_struct *k)
{
	struct kthread *kthread;
	int ret;

	get_task_struct(k);
	kthread = to_kthread(k);
	kthread->flags |= 1UL << KTHREAD_SHOULD_STOP;
	kthread_unpark(k);
	kemu_kthread_notify_stop(k);
	wake_up_process(k);
	wait_for_completion(&kthread->exited);
	ret = kthread->result;
	put_task_struct(k);
	return ret;
}

void kthread_exit(long result)
{
	struct kthread *kthread = to_kthread(current);

	if (kthread)
		kthread->result = result;
	do_exit(0);
}

void kthread_complete_and_exit(struct completion *comp, long code)
{
	if (comp)
		complete(comp);
	kthread_exit(code);
}

void complete_and_exit(struct completion *comp, long code)
{
	if (comp)
		complete(comp);
	do_exit(code);
}

void free_kthread_struct(struct task_struct *k)
{
	(void)k;	/* kemu keeps task_structs for the life of the machine */
}
