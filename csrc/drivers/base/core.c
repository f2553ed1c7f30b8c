// SPDX-License-Identifier: GPL-2.0
/* kemu: drivers/base/core.c, class.c and devtmpfs.c for char drivers - struct class and
 * struct device with Linux 6.1's create/destroy/release rules and messages. Differs: no
 * kobjects, sysfs or uevents behind them (device names must be unique per class instead of
 * per sysfs directory); devtmpfs is TS (kemu_devtmpfs_node makes or removes /dev/NAME at once,
 * where Linux hands the request to the kdevtmpfs thread and waits for it). */
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/bug.h>
#include <linux/stdarg.h>

/* ts/drivers/base/devtmpfs.ts: add (mode != 0) or remove (mode == 0) the node /dev/name */
extern int kemu_devtmpfs_node(const char *name, unsigned int mode, dev_t devt);

static DEFINE_MUTEX(class_lock);
static LIST_HEAD(class_list);

/* the class list is threaded through dev_kobj (unused without sysfs) via this wrapper */
struct class_link {
	struct list_head node;
	struct class *cls;
};

static struct class_link *find_class(const char *name)
{
	struct class_link *l;

	list_for_each_entry(l, &class_list, node)
		if (!strcmp(l->cls->name, name))
			return l;
	return NULL;
}

int class_register(struct class *cls)
{
	struct class_link *l;

	if (!cls->name)
		return -EINVAL;
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	mutex_lock(&class_lock);
	if (find_class(cls->name)) {
		mutex_unlock(&class_lock);
		kfree(l);
		pr_err("sysfs: cannot create duplicate filename '/class/%s'\n", cls->name);
		return -EEXIST;
	}
	INIT_LIST_HEAD(&cls->kemu_devices);
	l->cls = cls;
	cls->dev_kobj = l;
	list_add_tail(&l->node, &class_list);
	mutex_unlock(&class_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(class_register);

void class_unregister(struct class *cls)
{
	struct class_link *l = cls->dev_kobj;

	pr_debug("device class '%s': unregistering\n", cls->name);
	mutex_lock(&class_lock);
	if (l) {
		list_del(&l->node);
		kfree(l);
		cls->dev_kobj = NULL;
	}
	mutex_unlock(&class_lock);
	if (cls->class_release)
		cls->class_release(cls);
	else if (!cls->kemu_dynamic)
		pr_debug("class '%s' does not have a release() function, be careful\n", cls->name);
}
EXPORT_SYMBOL_GPL(class_unregister);

static void class_create_release(struct class *cls)
{
	pr_debug("%s called for %s\n", __func__, cls->name);
	kfree(cls);
}

struct class *__class_create(struct module *owner, const char *name, void *key)
{
	struct class *cls;
	int retval;

	cls = kzalloc(sizeof(*cls), GFP_KERNEL);
	if (!cls) {
		retval = -ENOMEM;
		goto error;
	}
	cls->name = name;
	cls->owner = owner;
	cls->class_release = class_create_release;
	cls->kemu_dynamic = 1;
	retval = class_register(cls);
	if (retval)
		goto error;
	return cls;
error:
	kfree(cls);
	return ERR_PTR(retval);
}
EXPORT_SYMBOL_GPL(__class_create);

/* 6.4+: class_create(name) */
struct class *kemu_class_create(const char *name)
{
	return __class_create(NULL, name, NULL);
}

void class_destroy(struct class *cls)
{
	if (IS_ERR_OR_NULL(cls))
		return;
	class_unregister(cls);
}
EXPORT_SYMBOL_GPL(class_destroy);

/* ---- devices ---- */

const char *dev_driver_string(const struct device *dev)
{
	struct device_driver *drv = READ_ONCE(dev->driver);

	return drv ? drv->name : dev->class ? dev->class->name : "";
}
EXPORT_SYMBOL(dev_driver_string);

void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	char buf[512];
	va_list args;

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (!dev)
		printk("%s(NULL device *): %s", level, buf);
	else
		printk("%s%s %s: %s", level, dev_driver_string(dev), dev_name(dev), buf);
}
EXPORT_SYMBOL(_dev_printk);

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list vargs;
	char *name;

	va_start(vargs, fmt);
	name = kvasprintf(GFP_KERNEL, fmt, vargs);
	va_end(vargs);
	if (!name)
		return -ENOMEM;
	kfree(dev->kemu_name);
	dev->kemu_name = name;
	return 0;
}
EXPORT_SYMBOL_GPL(dev_set_name);

void device_initialize(struct device *dev)
{
	dev->kemu_refs = 1;
	INIT_LIST_HEAD(&dev->kemu_node);
}
EXPORT_SYMBOL_GPL(device_initialize);

struct device *get_device(struct device *dev)
{
	if (dev)
		dev->kemu_refs++;
	return dev;
}
EXPORT_SYMBOL_GPL(get_device);

/* device_release: the device's, its type's or its class's release, then the name */
static void device_release(struct device *dev)
{
	char *name = dev->kemu_name;

	if (dev->release)
		dev->release(dev);
	else if (dev->type && dev->type->release)
		dev->type->release(dev);
	else if (dev->class && dev->class->dev_release)
		dev->class->dev_release(dev);
	else
		WARN(1, KERN_ERR "Device '%s' does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.\n",
		     name ? name : "");
	kfree(name);
}

void put_device(struct device *dev)
{
	if (dev && --dev->kemu_refs == 0)
		device_release(dev);
}
EXPORT_SYMBOL_GPL(put_device);

/* device_get_devnode + devtmpfs_create_node / devtmpfs_delete_node */
static void devtmpfs_node(struct device *dev, int add)
{
	umode_t mode = 0;
	kuid_t uid = { 0 };
	kgid_t gid = { 0 };
	char *tmp = NULL, *s;
	const char *name = NULL;

	if (dev->type && dev->type->devnode)
		name = tmp = dev->type->devnode(dev, &mode, &uid, &gid);
	if (!name && dev->class && dev->class->devnode)
		name = tmp = dev->class->devnode(dev, &mode);
	if (!name) {
		name = dev_name(dev);
		/* replace '!' in the name with '/' */
		if (strchr(name, '!')) {
			name = tmp = kstrdup(name, GFP_KERNEL);
			if (!tmp)
				return;
			for (s = tmp; (s = strchr(s, '!')); s++)
				*s = '/';
		}
	}
	if (mode == 0)
		mode = 0600;
	kemu_devtmpfs_node(name, add ? (S_IFCHR | mode) : 0, dev->devt);
	kfree(tmp);
}

static struct device *class_find_name(struct class *cls, const char *name)
{
	struct device *d;

	list_for_each_entry(d, &cls->kemu_devices, kemu_node)
		if (!strcmp(dev_name(d), name))
			return d;
	return NULL;
}

int device_add(struct device *dev)
{
	if (!dev)
		return -EINVAL;
	get_device(dev);
	if (dev->init_name && !dev->kemu_name) {
		dev->kemu_name = kstrdup(dev->init_name, GFP_KERNEL);
		dev->init_name = NULL;
	}
	if (!dev_name(dev)) {
		pr_debug("device: name missing\n");
		put_device(dev);
		return -EINVAL;
	}
	if (dev->class) {
		mutex_lock(&class_lock);
		if (class_find_name(dev->class, dev_name(dev))) {
			mutex_unlock(&class_lock);
			pr_err("sysfs: cannot create duplicate filename '/class/%s/%s'\n", dev->class->name, dev_name(dev));
			put_device(dev);
			return -EEXIST;
		}
		list_add_tail(&dev->kemu_node, &dev->class->kemu_devices);
		mutex_unlock(&class_lock);
	}
	if (MAJOR(dev->devt)) {
		devtmpfs_node(dev, 1);
		dev->kemu_node_made = 1;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(device_add);

int device_register(struct device *dev)
{
	device_initialize(dev);
	return device_add(dev);
}
EXPORT_SYMBOL_GPL(device_register);

void device_del(struct device *dev)
{
	if (dev->kemu_node_made) {
		devtmpfs_node(dev, 0);
		dev->kemu_node_made = 0;
	}
	if (dev->class) {
		mutex_lock(&class_lock);
		list_del_init(&dev->kemu_node);
		mutex_unlock(&class_lock);
	}
	put_device(dev);
}
EXPORT_SYMBOL_GPL(device_del);

void device_unregister(struct device *dev)
{
	device_del(dev);
	put_device(dev);
}
EXPORT_SYMBOL_GPL(device_unregister);

static void device_create_release(struct device *dev)
{
	kfree(dev);
}

static struct device *device_create_groups_vargs(struct class *class, struct device *parent, dev_t devt,
						 void *drvdata, const struct attribute_group **groups,
						 const char *fmt, va_list args)
{
	struct device *dev = NULL;
	int retval = -ENODEV;

	if (IS_ERR_OR_NULL(class))
		goto error;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		retval = -ENOMEM;
		goto error;
	}

	device_initialize(dev);
	dev->devt = devt;
	dev->class = class;
	dev->parent = parent;
	dev->groups = groups;
	dev->release = device_create_release;
	dev_set_drvdata(dev, drvdata);

	dev->kemu_name = kvasprintf(GFP_KERNEL, fmt, args);
	if (!dev->kemu_name) {
		retval = -ENOMEM;
		goto error;
	}

	retval = device_add(dev);
	if (retval)
		goto error;

	return dev;

error:
	put_device(dev);
	return ERR_PTR(retval);
}

struct device *device_create(struct class *class, struct device *parent, dev_t devt, void *drvdata, const char *fmt, ...)
{
	va_list vargs;
	struct device *dev;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, NULL, fmt, vargs);
	va_end(vargs);
	return dev;
}
EXPORT_SYMBOL_GPL(device_create);

struct device *device_create_with_groups(struct class *class, struct device *parent, dev_t devt, void *drvdata,
					 const struct attribute_group **groups, const char *fmt, ...)
{
	va_list vargs;
	struct device *dev;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, groups, fmt, vargs);
	va_end(vargs);
	return dev;
}
EXPORT_SYMBOL_GPL(device_create_with_groups);

void device_destroy(struct class *class, dev_t devt)
{
	struct device *dev = NULL, *d;

	if (IS_ERR_OR_NULL(class))
		return;
	mutex_lock(&class_lock);
	list_for_each_entry(d, &class->kemu_devices, kemu_node) {
		if (d->devt == devt) {
			dev = get_device(d);
			break;
		}
	}
	mutex_unlock(&class_lock);
	if (dev) {
		put_device(dev);
		device_unregister(dev);
	}
}
EXPORT_SYMBOL_GPL(device_destroy);

/* fs/char_dev.c's cdev_device_add/del: the cdev, then the device (its node) */
int cdev_device_add(struct cdev *cdev, struct device *dev)
{
	int rc = 0;

	if (dev->devt) {
		rc = cdev_add(cdev, dev->devt, 1);
		if (rc)
			return rc;
	}
	rc = device_add(dev);
	if (rc && dev->devt)
		cdev_del(cdev);
	return rc;
}
EXPORT_SYMBOL(cdev_device_add);

void cdev_device_del(struct cdev *cdev, struct device *dev)
{
	device_del(dev);
	if (dev->devt)
		cdev_del(cdev);
}
EXPORT_SYMBOL(cdev_device_del);
