/* kemu: kernel/module/kmod.c of Linux 6.1 (kernel/kmod.c before 6.4): request_module() runs
 * modprobe_path through the usermode helper. Kernels before 4.13 limited concurrency with an
 * atomic counter ("runaway loop", -ENOMEM); 4.13-6.3 throttle on a counter and a wait queue
 * (killable, 5 s, -ETIME); 6.4+ wait on a semaphore for 5 s (-ETIME).
 * remove_module() is the Korean article's kernel patch, a kemu extension. */
#include <linux/kmod.h>
#include <linux/umh.h>
#include <linux/slab.h>
#include <linux/semaphore.h>
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/jiffies.h>
#include <linux/export.h>

extern int kemu_version_code;

#define MAX_KMOD_CONCURRENT 50
#define MAX_KMOD_ALL_BUSY_TIMEOUT 5

static struct semaphore kmod_concurrent_max = __SEMAPHORE_INITIALIZER(kmod_concurrent_max, MAX_KMOD_CONCURRENT);
static atomic_t kmod_concurrent_old = ATOMIC_INIT(0);
/* 4.13 - 6.3: a counter of free slots and a wait queue (6.4 made it the semaphore above) */
static atomic_t kmod_concurrent_free = ATOMIC_INIT(MAX_KMOD_CONCURRENT);
static DECLARE_WAIT_QUEUE_HEAD(kmod_wq);
static int kmod_loop_msg;

char modprobe_path[KMOD_PATH_LEN] = "/sbin/modprobe";
EXPORT_SYMBOL(modprobe_path);

static void free_modprobe_argv(struct subprocess_info *info)
{
	kfree(info->argv[3]); /* check call_modprobe() */
	kfree(info->argv);
}

static int call_modprobe(char *orig_module_name, const char *opt, int wait)
{
	struct subprocess_info *info;
	static char *envp[] = {
		"HOME=/",
		"TERM=linux",
		"PATH=/sbin:/usr/sbin:/bin:/usr/bin",
		NULL
	};
	char *module_name;
	int ret;

	char **argv = kmalloc(sizeof(char *[5]), GFP_KERNEL);
	if (!argv)
		goto out;

	module_name = kstrdup(orig_module_name, GFP_KERNEL);
	if (!module_name)
		goto free_argv;

	argv[0] = modprobe_path;
	argv[1] = (char *)opt;
	argv[2] = "--";
	argv[3] = module_name;	/* check free_modprobe_argv() */
	argv[4] = NULL;

	info = (call_usermodehelper_setup)(modprobe_path, argv, envp, GFP_KERNEL,
					   NULL, free_modprobe_argv, NULL);
	if (!info)
		goto free_module_name;

	ret = (call_usermodehelper_exec)(info, wait);
	return ret;

free_module_name:
	kfree(module_name);
free_argv:
	kfree(argv);
out:
	return -ENOMEM;
}

static int kmod_run(bool wait, const char *opt, const char *fmt, va_list args)
{
	char module_name[MODULE_NAME_LEN];
	int ret;

	/* an empty kernel.modprobe disables autoloading: an error only since 5.7 */
	if (!modprobe_path[0])
		return kemu_version_code >= KERNEL_VERSION(5, 7, 0) ? -ENOENT : 0;

	ret = vsnprintf(module_name, MODULE_NAME_LEN, fmt, args);
	if (ret >= MODULE_NAME_LEN)
		return -ENAMETOOLONG;

	if (kemu_version_code < KERNEL_VERSION(4, 13, 0)) {
		atomic_inc(&kmod_concurrent_old);
		if (atomic_read(&kmod_concurrent_old) > MAX_KMOD_CONCURRENT) {
			/* We may be blaming an innocent here, but unlikely */
			if (kmod_loop_msg < 5) {
				kmod_loop_msg++;
				printk(KERN_ERR "request_module: runaway loop modprobe %s\n", module_name);
			}
			atomic_dec(&kmod_concurrent_old);
			return -ENOMEM;
		}
		ret = call_modprobe(module_name, opt,
				    wait ? UMH_WAIT_PROC | (kemu_version_code >= KERNEL_VERSION(3, 4, 0) ? UMH_KILLABLE : 0)
					 : UMH_WAIT_EXEC);
		atomic_dec(&kmod_concurrent_old);
		return ret;
	}

	if (kemu_version_code < KERNEL_VERSION(6, 4, 0)) {
		if (atomic_dec_if_positive(&kmod_concurrent_free) < 0) {
			printk_ratelimited(KERN_WARNING "request_module: kmod_concurrent_max (%u) close to 0 (max_modprobes: %u), for module %s, throttling...",
					   atomic_read(&kmod_concurrent_free), MAX_KMOD_CONCURRENT, module_name);
			ret = wait_event_killable_timeout(kmod_wq, atomic_dec_if_positive(&kmod_concurrent_free) >= 0,
							  MAX_KMOD_ALL_BUSY_TIMEOUT * HZ);
			if (!ret) {
				printk_ratelimited(KERN_WARNING "request_module: modprobe %s cannot be processed, kmod busy with %d threads for more than %d seconds now",
						   module_name, MAX_KMOD_CONCURRENT, MAX_KMOD_ALL_BUSY_TIMEOUT);
				return -ETIME;
			} else if (ret == -ERESTARTSYS) {
				printk_ratelimited(KERN_WARNING "request_module: sigkill sent for modprobe %s, giving up", module_name);
				return ret;
			}
		}
		ret = call_modprobe(module_name, opt, (wait ? UMH_WAIT_PROC : UMH_WAIT_EXEC) | UMH_KILLABLE);
		atomic_inc(&kmod_concurrent_free);
		wake_up(&kmod_wq);
		return ret;
	}

	ret = down_timeout(&kmod_concurrent_max, MAX_KMOD_ALL_BUSY_TIMEOUT * HZ);
	if (ret) {
		printk_ratelimited(KERN_WARNING "request_module: modprobe %s cannot be processed, kmod busy with %d threads for more than %d seconds now",
				   module_name, MAX_KMOD_CONCURRENT, MAX_KMOD_ALL_BUSY_TIMEOUT);
		return ret;
	}
	ret = call_modprobe(module_name, opt, (wait ? UMH_WAIT_PROC : UMH_WAIT_EXEC) | UMH_KILLABLE);
	up(&kmod_concurrent_max);
	return ret;
}

/**
 * __request_module - try to load a kernel module
 *
 * Returns zero on success, a negative errno code, or modprobe's raw wait status.
 */
int __request_module(bool wait, const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = kmod_run(wait, "-q", fmt, args);
	va_end(args);
	return ret;
}
EXPORT_SYMBOL(__request_module);

/* kemu extension (not in Linux): `modprobe -r -- NAME`, waiting for it */
int remove_module(const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = kmod_run(true, "-r", fmt, args);
	va_end(args);
	return ret;
}
EXPORT_SYMBOL(remove_module);
