// SPDX-License-Identifier: GPL-2.0
/* kemu: drivers/char/misc.c as in Linux 6.1 - misc devices on major 10, dynamic minors from
 * 127 down (a bitmap of 128), misc_open placing the miscdevice in file->private_data before
 * the driver's open. Differs: misc_init runs on the first misc_register (the "misc" major is
 * reserved from boot in fs/char_dev.c); no /proc/misc. */
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/bitops.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/export.h>
#include <linux/bug.h>
#include "../../fs/internal.h"

static LIST_HEAD(misc_list);
static DEFINE_MUTEX(misc_mtx);

#define DYNAMIC_MINORS 128 /* like dynamic majors */
static DECLARE_BITMAP(misc_minors, DYNAMIC_MINORS);

static struct class *misc_class;

static int misc_open(struct inode *inode, struct file *file)
{
	int minor = iminor(inode);
	struct miscdevice *c = NULL, *iter;
	int err = -ENODEV;
	const struct file_operations *new_fops = NULL;
	struct module *owner;

	mutex_lock(&misc_mtx);

	list_for_each_entry(iter, &misc_list, list) {
		if (iter->minor != minor)
			continue;
		c = iter;
		new_fops = iter->fops;
		break;
	}

	if (!new_fops) {
		mutex_unlock(&misc_mtx);
		request_module("char-major-%d-%d", MISC_MAJOR, minor);
		mutex_lock(&misc_mtx);

		list_for_each_entry(iter, &misc_list, list) {
			if (iter->minor != minor)
				continue;
			c = iter;
			new_fops = iter->fops;
			break;
		}
		if (!new_fops)
			goto fail;
	}
	/* fops_get */
	owner = FOP(new_fops, FOP_OWNER, struct module *);
	if (owner && !try_module_get(owner)) {
		err = -ENODEV;
		goto fail;
	}

	/*
	 * Place the miscdevice in the file's
	 * private_data so it can be used by the
	 * file operations, including f_op->open below
	 */
	file->private_data = c;

	err = 0;
	file->f_op = new_fops;		/* replace_fops: misc_fops has no owner to put */
	if (FOP(new_fops, FOP_OPEN, void *))
		err = FOP(new_fops, FOP_OPEN, int (*)(struct inode *, struct file *))(inode, file);
fail:
	mutex_unlock(&misc_mtx);
	return err;
}

static char *misc_devnode(struct device *dev, umode_t *mode)
{
	struct miscdevice *c = dev_get_drvdata(dev);

	if (mode && c->mode)
		*mode = c->mode;
	if (c->nodename)
		return kstrdup(c->nodename, GFP_KERNEL);
	return NULL;
}

static const struct file_operations misc_fops = {
	.open		= misc_open,
	.llseek		= noop_llseek,
	KEMU_CORE_FOPS,
};

/* misc_init: the class and the cdev of major 10 (its region is held from boot) */
static int misc_init(void)
{
	struct cdev *cdev;
	struct class *cls;

	if (misc_class)
		return 0;
	cls = __class_create(NULL, "misc", NULL);
	if (IS_ERR(cls))
		return PTR_ERR(cls);
	cdev = cdev_alloc();
	if (!cdev) {
		class_destroy(cls);
		return -ENOMEM;
	}
	cdev->ops = &misc_fops;
	if (cdev_add(cdev, MKDEV(MISC_MAJOR, 0), 256)) {
		cdev_del(cdev);
		class_destroy(cls);
		return -EIO;
	}
	cls->devnode = misc_devnode;
	misc_class = cls;
	return 0;
}

int misc_register(struct miscdevice *misc)
{
	dev_t dev;
	int err = 0;
	bool is_dynamic = (misc->minor == MISC_DYNAMIC_MINOR);

	INIT_LIST_HEAD(&misc->list);

	mutex_lock(&misc_mtx);
	err = misc_init();
	if (err)
		goto out;

	if (is_dynamic) {
		int i = find_first_zero_bit(misc_minors, DYNAMIC_MINORS);

		if (i >= DYNAMIC_MINORS) {
			err = -EBUSY;
			goto out;
		}
		misc->minor = DYNAMIC_MINORS - i - 1;
		set_bit(i, misc_minors);
	} else {
		struct miscdevice *c;

		list_for_each_entry(c, &misc_list, list) {
			if (c->minor == misc->minor) {
				err = -EBUSY;
				goto out;
			}
		}
	}

	dev = MKDEV(MISC_MAJOR, misc->minor);

	misc->this_device =
		device_create_with_groups(misc_class, misc->parent, dev,
					  misc, misc->groups, "%s", misc->name);
	if (IS_ERR(misc->this_device)) {
		if (is_dynamic) {
			int i = DYNAMIC_MINORS - misc->minor - 1;

			if (i < DYNAMIC_MINORS && i >= 0)
				clear_bit(i, misc_minors);
			misc->minor = MISC_DYNAMIC_MINOR;
		}
		err = PTR_ERR(misc->this_device);
		goto out;
	}

	/*
	 * Add it to the front, so that later devices can "override"
	 * earlier defaults
	 */
	list_add(&misc->list, &misc_list);
 out:
	mutex_unlock(&misc_mtx);
	return err;
}
EXPORT_SYMBOL(misc_register);

void misc_deregister(struct miscdevice *misc)
{
	int i = DYNAMIC_MINORS - misc->minor - 1;

	if (WARN_ON(list_empty(&misc->list)))
		return;

	mutex_lock(&misc_mtx);
	list_del(&misc->list);
	device_destroy(misc_class, MKDEV(MISC_MAJOR, misc->minor));
	if (i < DYNAMIC_MINORS && i >= 0)
		clear_bit(i, misc_minors);
	mutex_unlock(&misc_mtx);
}
EXPORT_SYMBOL(misc_deregister);
