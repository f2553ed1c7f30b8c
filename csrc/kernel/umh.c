/* kemu: kernel/umh.c of Linux 6.1 (kernel/kmod.c before 3.x). The helper process is created by
 * TS (kemu_umh_fork: a user task whose first kernel entry is kemu_umh_exec_async) and exec'd by
 * kemu_execve, which reads path/argv/envp only then, as Linux does. Kernels before 4.3 queue
 * the work on their own "khelper" workqueue, later ones on system_unbound_wq. */
#include <linux/umh.h>
#include <linux/kmod.h>
#include <linux/slab.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/mutex.h>
#include <linux/export.h>
#include <linux/signal.h>

/* the running kernel's LINUX_VERSION_CODE, written by TS at boot */
int kemu_version_code = KERNEL_VERSION(6, 1, 0);

struct kemu_umh_child {
	struct completion exited;
	int status;
};

extern int kemu_umh_fork(struct subprocess_info *sub_info, struct completion *exited, int *status);
extern int kemu_execve(const char *path, char **argv, char **envp);

static struct workqueue_struct *khelper_wq;
static int usermodehelper_disabled;
static DEFINE_MUTEX(umh_sysctl_lock);

void call_usermodehelper_freeinfo(struct subprocess_info *info)
{
	if (info->cleanup)
		(*info->cleanup)(info);
	if (info->kemu_cleanup_old)
		(*info->kemu_cleanup_old)(info->argv, info->envp);
	kfree(info);
}

static void umh_complete(struct subprocess_info *sub_info)
{
	struct completion *comp = xchg(&sub_info->complete, NULL);
	/*
	 * See call_usermodehelper_exec(). If xchg() returns NULL
	 * we own sub_info, the UMH_KILLABLE caller has gone away
	 * or the caller used UMH_NO_WAIT.
	 */
	if (comp)
		complete(comp);
	else
		call_usermodehelper_freeinfo(sub_info);
}

/* The child: its first kernel entry (call_usermodehelper_exec_async). */
int kemu_umh_exec_async(struct subprocess_info *sub_info)
{
	int retval = 0;

	if (sub_info->init)
		retval = sub_info->init(sub_info, NULL);
	else if (sub_info->kemu_init_old)
		retval = sub_info->kemu_init_old(sub_info);
	if (!retval)
		retval = kemu_execve(sub_info->path, sub_info->argv, sub_info->envp);

	sub_info->retval = retval;
	/* call_usermodehelper_exec_sync() will call umh_complete if UHM_WAIT_PROC. */
	if (!(sub_info->wait & UMH_WAIT_PROC))
		umh_complete(sub_info);
	if (!retval)
		return 0;
	do_exit(0);
}

/* Handles UMH_WAIT_PROC: the worker forks the helper and reaps it (kernel_wait). */
static void call_usermodehelper_exec_sync(struct subprocess_info *sub_info)
{
	struct kemu_umh_child child;
	int pid;

	init_completion(&child.exited);
	child.status = 0;
	pid = kemu_umh_fork(sub_info, &child.exited, &child.status);
	if (pid < 0) {
		sub_info->retval = pid;
	} else {
		wait_for_completion(&child.exited);
		/* kernel_wait() stores the status only when it is non-zero */
		if (child.status)
			sub_info->retval = child.status;
	}
	umh_complete(sub_info);
}

/* kernels before 4.3: wait_for_helper(), a thread of its own, so khelper never blocks */
static int wait_for_helper(void *data)
{
	call_usermodehelper_exec_sync(data);
	return 0;
}

extern pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long flags);

static void call_usermodehelper_exec_work(struct work_struct *work)
{
	struct subprocess_info *sub_info =
		container_of(work, struct subprocess_info, work);

	if ((sub_info->wait & UMH_WAIT_PROC) && khelper_wq) {
		/* the single khelper thread must stay free: a helper's own helper (a module that
		 * modprobe loads calling call_usermodehelper) queues behind it */
		kernel_thread(wait_for_helper, sub_info, CLONE_FS | CLONE_FILES | SIGCHLD);
	} else if (sub_info->wait & UMH_WAIT_PROC) {
		call_usermodehelper_exec_sync(sub_info);
	} else {
		int pid = kemu_umh_fork(sub_info, NULL, NULL);

		if (pid < 0) {
			sub_info->retval = pid;
			umh_complete(sub_info);
		}
	}
}

/**
 * call_usermodehelper_setup - prepare to call a usermode helper
 *
 * Returns NULL on a memory allocation failure. argv and envp are not copied: the helper reads
 * them when it starts.
 */
struct subprocess_info *(call_usermodehelper_setup)(const char *path, char **argv,
		char **envp, gfp_t gfp_mask,
		int (*init)(struct subprocess_info *info, struct cred *new),
		void (*cleanup)(struct subprocess_info *info), void *data)
{
	struct subprocess_info *sub_info;

	sub_info = kzalloc(sizeof(struct subprocess_info), gfp_mask);
	if (!sub_info)
		goto out;

	INIT_WORK(&sub_info->work, call_usermodehelper_exec_work);
	sub_info->path = path;
	sub_info->argv = argv;
	sub_info->envp = envp;
	sub_info->cleanup = cleanup;
	sub_info->init = init;
	sub_info->data = data;
out:
	return sub_info;
}
EXPORT_SYMBOL(call_usermodehelper_setup);

void call_usermodehelper_setfns(struct subprocess_info *info,
		int (*init)(struct subprocess_info *info),
		void (*cleanup)(struct subprocess_info *info), void *data)
{
	info->kemu_init_old = init;
	info->cleanup = cleanup;
	info->data = data;
}

void call_usermodehelper_setcleanup(struct subprocess_info *info,
		void (*cleanup)(char **argv, char **envp))
{
	info->kemu_cleanup_old = cleanup;
}

void call_usermodehelper_setkeys(struct subprocess_info *info, struct key *session_keyring)
{
	(void)info;
	(void)session_keyring;
}

/**
 * call_usermodehelper_exec - start a usermode application
 *
 * UMH_NO_WAIT returns 0 at once (exec errors are lost); UMH_WAIT_EXEC the exec's result;
 * UMH_WAIT_PROC the helper's raw wait status.
 */
int (call_usermodehelper_exec)(struct subprocess_info *sub_info, int wait)
{
	DECLARE_COMPLETION_ONSTACK(done);
	int retval = 0;

	if (!sub_info->path) {
		call_usermodehelper_freeinfo(sub_info);
		return -EINVAL;
	}
	if (usermodehelper_disabled) {
		retval = -EBUSY;
		goto out;
	}
	/*
	 * If there is no binary for us to call, then just return and get out of here.
	 */
	if (strlen(sub_info->path) == 0)
		goto out;

	sub_info->complete = (wait == UMH_NO_WAIT) ? NULL : &done;
	sub_info->wait = wait;

	queue_work(khelper_wq ? khelper_wq : system_unbound_wq, &sub_info->work);
	if (wait == UMH_NO_WAIT)	/* task has freed sub_info */
		goto unlock;

	if (wait & UMH_KILLABLE) {
		retval = wait_for_completion_killable(&done);
		if (!retval)
			goto wait_done;

		/* umh_complete() will see NULL and free sub_info */
		if (xchg(&sub_info->complete, NULL))
			goto unlock;
		/* fallthrough, umh_complete() was already called */
	}

	wait_for_completion(&done);
wait_done:
	retval = sub_info->retval;
out:
	call_usermodehelper_freeinfo(sub_info);
unlock:
	return retval;
}
EXPORT_SYMBOL(call_usermodehelper_exec);

int (call_usermodehelper)(const char *path, char **argv, char **envp, int wait)
{
	struct subprocess_info *info;
	gfp_t gfp_mask = (wait == UMH_NO_WAIT) ? GFP_ATOMIC : GFP_KERNEL;

	info = (call_usermodehelper_setup)(path, argv, envp, gfp_mask, NULL, NULL, NULL);
	if (info == NULL)
		return -ENOMEM;

	return (call_usermodehelper_exec)(info, wait);
}
EXPORT_SYMBOL(call_usermodehelper);

int __usermodehelper_disable(int depth)
{
	mutex_lock(&umh_sysctl_lock);
	usermodehelper_disabled = depth;
	mutex_unlock(&umh_sysctl_lock);
	return 0;
}

void __usermodehelper_set_disable_depth(int depth)
{
	usermodehelper_disabled = depth;
}

int usermodehelper_disable(void)
{
	return __usermodehelper_disable(1);
}

void usermodehelper_enable(void)
{
	__usermodehelper_set_disable_depth(0);
}

/* usermodehelper_init() of old kernels: the khelper workqueue */
void kemu_umh_init(void)
{
	if (kemu_version_code < KERNEL_VERSION(4, 3, 0))
		khelper_wq = create_singlethread_workqueue("khelper");
}
