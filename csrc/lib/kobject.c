// SPDX-License-Identifier: GPL-2.0
/* kemu: lib/kobject.c - kobjects as /sys directories (kemu keeps each one's path), the
 * kobj_sysfs_ops of kobj_attribute, kernel_kobj and friends, and kobject_uevent's refusal of
 * kobjects without a kset (kemu has no ksets for modules to use). */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/stdarg.h>
#include "../fs/sysfs/kernfs.h"
#include "../fs/sysfs/sysfs.h"

static ssize_t kobj_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct kobj_attribute *kattr = container_of(attr, struct kobj_attribute, attr);

	return kattr->show ? kattr->show(kobj, kattr, buf) : -EIO;
}

static ssize_t kobj_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf, size_t count)
{
	struct kobj_attribute *kattr = container_of(attr, struct kobj_attribute, attr);

	return kattr->store ? kattr->store(kobj, kattr, buf, count) : -EIO;
}

const struct sysfs_ops kobj_sysfs_ops = {
	.show	= kobj_attr_show,
	.store	= kobj_attr_store,
};
EXPORT_SYMBOL_GPL(kobj_sysfs_ops);

static int kobject_set_name_vargs(struct kobject *kobj, const char *fmt, va_list vargs)
{
	char *s;

	if (kobj->name && !fmt)
		return 0;
	s = kvasprintf(GFP_KERNEL, fmt, vargs);
	if (!s)
		return -ENOMEM;
	/* a '/' cannot be in a directory name: Linux turns it into '!' */
	strreplace(s, '/', '!');
	kfree(kobj->name);
	kobj->name = s;
	return 0;
}

int kobject_set_name(struct kobject *kobj, const char *fmt, ...)
{
	va_list vargs;
	int retval;

	va_start(vargs, fmt);
	retval = kobject_set_name_vargs(kobj, fmt, vargs);
	va_end(vargs);
	return retval;
}
EXPORT_SYMBOL(kobject_set_name);

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)
{
	char *err_str;

	if (!kobj) {
		err_str = "invalid kobject pointer!";
		goto error;
	}
	if (!ktype) {
		err_str = "must have a ktype to be initialized properly!\n";
		goto error;
	}
	if (kobj->state_initialized) {
		pr_err("kobject (%p): tried to init an initialized object, something is seriously wrong.\n", kobj);
		dump_stack();
	}
	kref_init(&kobj->kref);
	INIT_LIST_HEAD(&kobj->entry);
	kobj->state_in_sysfs = 0;
	kobj->state_add_uevent_sent = 0;
	kobj->state_remove_uevent_sent = 0;
	kobj->state_initialized = 1;
	kobj->ktype = ktype;
	return;
error:
	pr_err("kobject (%p): %s\n", kobj, err_str);
	dump_stack();
}
EXPORT_SYMBOL(kobject_init);

static int create_dir(struct kobject *kobj)
{
	const char *parent = kobj->parent && kobj->parent->kemu_path ? kobj->parent->kemu_path : "/sys";
	size_t len = strlen(parent) + strlen(kobj->name) + 2;
	const struct kobj_type *ktype = kobj->ktype;
	int err;

	kobj->kemu_path = kmalloc(len, GFP_KERNEL);
	if (!kobj->kemu_path)
		return -ENOMEM;
	snprintf(kobj->kemu_path, len, "%s/%s", parent, kobj->name);
	err = kemu_kernfs_mkdir(kobj->kemu_path, 0755);
	if (err) {
		if (err == -EEXIST)
			pr_warn("sysfs: cannot create duplicate filename '%s'\n", kobj->kemu_path + 4);
		kfree(kobj->kemu_path);
		kobj->kemu_path = NULL;
		return err;
	}
	kobj->state_in_sysfs = 1;
	if (ktype && ktype->default_groups) {
		err = sysfs_create_groups(kobj, ktype->default_groups);
	} else if (ktype && ktype->default_attrs) {
		struct attribute **a;

		for (a = ktype->default_attrs; *a && !err; a++)
			err = sysfs_create_file(kobj, *a);
	}
	if (err) {
		kemu_sysfs_remove_kobj_files(kobj);
		kemu_kernfs_rmdir(kobj->kemu_path);
		kfree(kobj->kemu_path);
		kobj->kemu_path = NULL;
		kobj->state_in_sysfs = 0;
	}
	return err;
}

static int kobject_add_varg(struct kobject *kobj, struct kobject *parent, const char *fmt, va_list vargs)
{
	int retval = kobject_set_name_vargs(kobj, fmt, vargs);

	if (retval) {
		pr_err("can not set name properly!\n");
		return retval;
	}
	if (!kobj->name || !kobj->name[0]) {
		WARN(1, "kobject: (%p): attempted to be registered with empty name!\n", kobj);
		return -EINVAL;
	}
	kobj->parent = kobject_get(parent);
	retval = create_dir(kobj);
	if (retval) {
		kobject_put(kobj->parent);
		kobj->parent = NULL;
		if (retval == -EEXIST)
			pr_err("kobject_add_internal failed for %s with -EEXIST, don't try to register things with the same name in the same directory.\n", kobj->name);
		else
			pr_err("kobject_add_internal failed for %s (error: %d parent: %s)\n", kobj->name, retval,
			       parent ? kobject_name(parent) : "'none'");
	}
	return retval;
}

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)
{
	va_list args;
	int retval;

	if (!kobj)
		return -EINVAL;
	if (!kobj->state_initialized) {
		pr_err("kobject '%s' (%p): tried to add an uninitialized object, something is seriously wrong.\n",
		       kobject_name(kobj), kobj);
		dump_stack();
		return -EINVAL;
	}
	va_start(args, fmt);
	retval = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return retval;
}
EXPORT_SYMBOL(kobject_add);

int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype, struct kobject *parent, const char *fmt, ...)
{
	va_list args;
	int retval;

	kobject_init(kobj, ktype);
	va_start(args, fmt);
	retval = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return retval;
}
EXPORT_SYMBOL_GPL(kobject_init_and_add);

void kobject_del(struct kobject *kobj)
{
	struct kobject *parent;

	if (!kobj || !kobj->state_in_sysfs)
		return;
	parent = kobj->parent;
	kemu_sysfs_remove_kobj_files(kobj);
	kemu_kernfs_rmdir(kobj->kemu_path);
	kfree(kobj->kemu_path);
	kobj->kemu_path = NULL;
	kobj->state_in_sysfs = 0;
	kobj->parent = NULL;
	kobject_put(parent);
}
EXPORT_SYMBOL(kobject_del);

struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj) {
		if (!kobj->state_initialized)
			WARN(1, KERN_WARNING "kobject: '%s' (%p): is not initialized, yet kobject_get() is being called.\n",
			     kobject_name(kobj), kobj);
		kref_get(&kobj->kref);
	}
	return kobj;
}
EXPORT_SYMBOL(kobject_get);

static void kobject_release(struct kref *kref)
{
	struct kobject *kobj = container_of(kref, struct kobject, kref);
	const struct kobj_type *t = kobj->ktype;
	const char *name = kobj->name;

	if (kobj->state_in_sysfs)
		kobject_del(kobj);
	if (t && t->release)
		t->release(kobj);
	else
		pr_debug("kobject: '%s' (%p): does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.\n",
			 name, kobj);
	kfree(name);
}

void kobject_put(struct kobject *kobj)
{
	if (kobj) {
		if (!kobj->state_initialized)
			WARN(1, KERN_WARNING "kobject: '%s' (%p): is not initialized, yet kobject_put() is being called.\n",
			     kobject_name(kobj), kobj);
		kref_put(&kobj->kref, kobject_release);
	}
}
EXPORT_SYMBOL(kobject_put);

static void dynamic_kobj_release(struct kobject *kobj)
{
	pr_debug("kobject: (%p): %s\n", kobj, __func__);
	kfree(kobj);
}

static const struct kobj_type dynamic_kobj_ktype = {
	.release	= dynamic_kobj_release,
	.sysfs_ops	= &kobj_sysfs_ops,
};

struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *kobj = kzalloc(sizeof(*kobj), GFP_KERNEL);

	if (!kobj)
		return NULL;
	kobject_init(kobj, &dynamic_kobj_ktype);
	if (kobject_add(kobj, parent, "%s", name)) {
		pr_warn("%s: kobject_add error: %d\n", __func__, -EEXIST);
		kobject_put(kobj);
		return NULL;
	}
	return kobj;
}
EXPORT_SYMBOL_GPL(kobject_create_and_add);

char *kobject_get_path(const struct kobject *kobj, gfp_t gfp)
{
	return kobj->kemu_path ? kstrdup(kobj->kemu_path + 4, gfp) : NULL;
}
EXPORT_SYMBOL_GPL(kobject_get_path);

/* Linux looks for a kset up the parent chain; no kobject a module can make has one in kemu */
int kobject_uevent_env(struct kobject *kobj, enum kobject_action action, char *envp_ext[])
{
	pr_debug("kobject: '%s' (%p): %s: attempted to send uevent without kset!\n",
		 kobject_name(kobj), kobj, __func__);
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(kobject_uevent_env);

int kobject_uevent(struct kobject *kobj, enum kobject_action action)
{
	return kobject_uevent_env(kobj, action, NULL);
}
EXPORT_SYMBOL_GPL(kobject_uevent);

/* the kobjects of /sys that exist from boot */
static struct kobject boot_kobjs[4];
struct kobject *kernel_kobj;
EXPORT_SYMBOL_GPL(kernel_kobj);
struct kobject *mm_kobj;
EXPORT_SYMBOL_GPL(mm_kobj);
struct kobject *firmware_kobj;
EXPORT_SYMBOL_GPL(firmware_kobj);
struct kobject *fs_kobj;
EXPORT_SYMBOL_GPL(fs_kobj);
struct kobject *hypervisor_kobj;
struct kobject *power_kobj;

static struct kobject *boot_kobj(int i, const char *path, const char *name)
{
	struct kobject *k = &boot_kobjs[i];

	kobject_init(k, &dynamic_kobj_ktype);
	kobject_get(k);		/* never released */
	k->name = name;
	k->kemu_path = (char *)path;
	k->state_in_sysfs = 1;
	return k;
}

/* called by TS once the VFS exists: /sys/kernel, /sys/kernel/mm, /sys/firmware, /sys/fs */
void kemu_kobject_boot(void)
{
	kernel_kobj = boot_kobj(0, "/sys/kernel", "kernel");
	mm_kobj = boot_kobj(1, "/sys/kernel/mm", "mm");
	mm_kobj->parent = kernel_kobj;
	firmware_kobj = boot_kobj(2, "/sys/firmware", "firmware");
	fs_kobj = boot_kobj(3, "/sys/fs", "fs");
}
