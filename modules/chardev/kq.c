/*
 * kq.c - a char device driver: /dev/kq (minor 0) reads back a message a write replaced, and
 * answers the ioctls of kq.h; /dev/kqtick (minor 1) blocks readers until a kernel thread's
 * next tick (poll, O_NONBLOCK -> -EAGAIN, signals -> -ERESTARTSYS).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/uaccess.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/sched/signal.h>
#include <linux/version.h>
#include "kq.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kemu char device example");

static int tick_ms = 500;
module_param(tick_ms, int, 0444);

static int major;
static struct class *cls;
static char msg[128] = "hello from kq\n";
static size_t msg_len = 14;
static int value;
static DECLARE_WAIT_QUEUE_HEAD(tick_wq);
static unsigned int ticks;
static struct task_struct *ticker;

static int kq_open(struct inode *inode, struct file *file)
{
	unsigned int *seen = kmalloc(sizeof(*seen), GFP_KERNEL);

	if (!seen)
		return -ENOMEM;
	*seen = ticks;
	file->private_data = seen;
	pr_info("kq: open minor %u flags %#o\n", iminor(inode), file->f_flags & O_NONBLOCK);
	return 0;
}

static int kq_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	pr_info("kq: release minor %u\n", iminor(inode));
	return 0;
}

static ssize_t kq_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	unsigned int *seen = file->private_data;
	char line[32];
	int n, err;

	if (iminor(file_inode(file)) == 0)
		return simple_read_from_buffer(buf, count, ppos, msg, msg_len);
	if (*seen == ticks && (file->f_flags & O_NONBLOCK))
		return -EAGAIN;
	err = wait_event_interruptible(tick_wq, *seen != ticks);
	if (err) {
		pr_info("kq: read interrupted: %d\n", err);
		return err;
	}
	*seen = ticks;
	n = snprintf(line, sizeof(line), "tick %u\n", ticks);
	if (count < n)
		n = count;
	if (copy_to_user(buf, line, n))
		return -EFAULT;
	return n;
}

static ssize_t kq_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	if (count > sizeof(msg))
		count = sizeof(msg);
	if (copy_from_user(msg, buf, count))
		return -EFAULT;
	msg_len = count;
	return count;
}

static __poll_t kq_poll(struct file *file, poll_table *wait)
{
	unsigned int *seen = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &tick_wq, wait);
	if (iminor(file_inode(file)) == 0 || *seen != ticks)
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static long kq_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct kq_pair p;
	void (*volatile bad)(void) = NULL;
	long n;

	switch (cmd) {
	case KQ_SET:
		return get_user(value, (int __user *)arg);
	case KQ_GET:
		return put_user(value, (int __user *)arg);
	case KQ_ADD:
		if (copy_from_user(&p, (void __user *)arg, sizeof(p)))
			return -EFAULT;
		p.sum = p.a + p.b;
		return copy_to_user((void __user *)arg, &p, sizeof(p)) ? -EFAULT : 0;
	case KQ_TWICE:
		return 2 * (long)arg;
	case KQ_MSG:
		n = strncpy_from_user(msg, (const char __user *)arg, sizeof(msg) - 1);
		if (n < 0)
			return n;
		msg[n] = 0;
		msg_len = n;
		return n;
	case KQ_OOPS:
		bad();
		return 0;
	}
	return -ENOTTY;
}

static const struct file_operations kq_fops = {
	.owner = THIS_MODULE,
	.open = kq_open,
	.release = kq_release,
	.read = kq_read,
	.write = kq_write,
	.poll = kq_poll,
	.unlocked_ioctl = kq_ioctl,
	.llseek = default_llseek,
};

static int tick_fn(void *unused)
{
	while (!kthread_should_stop()) {
		msleep(tick_ms);
		ticks++;
		wake_up_interruptible(&tick_wq);
	}
	return 0;
}

static int __init kq_init(void)
{
	major = register_chrdev(0, "kq", &kq_fops);
	if (major < 0)
		return major;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
	cls = class_create(THIS_MODULE, "kq");
#else
	cls = class_create("kq");
#endif
	if (IS_ERR(cls)) {
		unregister_chrdev(major, "kq");
		return PTR_ERR(cls);
	}
	device_create(cls, NULL, MKDEV(major, 0), NULL, "kq");
	device_create(cls, NULL, MKDEV(major, 1), NULL, "kqtick");
	ticker = kthread_run(tick_fn, NULL, "kq_tick");
	pr_info("kq: major %d\n", major);
	return 0;
}

static void __exit kq_exit(void)
{
	kthread_stop(ticker);
	device_destroy(cls, MKDEV(major, 1));
	device_destroy(cls, MKDEV(major, 0));
	class_destroy(cls);
	unregister_chrdev(major, "kq");
	pr_info("kq: value %d, %u ticks\n", value, ticks);
}

module_init(kq_init);
module_exit(kq_exit);
