// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/sysfs/file.c and fs/kernfs/file.c - attribute files: a read calls ->show once into
 * a page (at offset 0) and serves the rest from it, a write hands ->store one NUL-terminated
 * chunk of at most a page, as kernfs does for sysfs. The same file operations serve kobject
 * attributes (through the kobject's sysfs_ops) and /sys/module/NAME/parameters files. */
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include "../internal.h"
#include "kernfs.h"
#include "sysfs.h"

#ifndef offset_in_page
#define offset_in_page(p) ((unsigned long)(p) & (PAGE_SIZE - 1))
#endif

static int sysfs_file_open(struct inode *inode, struct file *file)
{
	struct kemu_sysfs_file *sf = inode->i_private;

	if (!sf)
		return -ENOENT;
	/* kernfs_fop_open: even root may not write a file that has no store or no write bit */
	if ((file->f_mode & FMODE_WRITE) && (!(inode->i_mode & S_IWUGO) || !sf->store))
		return -EACCES;
	if ((file->f_mode & FMODE_READ) && (!(inode->i_mode & S_IRUGO) || !sf->show))
		return -EACCES;
	file->private_data = NULL;
	return 0;
}

/* what one open file read: ->show's page */
struct sysfs_open {
	size_t filled;
	char *page;			/* page-aligned, as sysfs_emit() checks */
};

static ssize_t sysfs_file_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct kemu_sysfs_file *sf = file_inode(file)->i_private;
	struct sysfs_open *o = file->private_data;
	ssize_t len;

	if (!sf)
		return -ENODEV;
	if (!o || *ppos == 0) {
		if (!o) {
			o = kzalloc(sizeof(*o), GFP_KERNEL);
			if (!o)
				return -ENOMEM;
			o->page = (char *)get_zeroed_page(GFP_KERNEL);
			if (!o->page) {
				kfree(o);
				return -ENOMEM;
			}
			file->private_data = o;
		}
		memset(o->page, 0, PAGE_SIZE);
		len = sf->show(sf, o->page);
		if (len < 0)
			return len;
		if (len >= (ssize_t)PAGE_SIZE) {
			printk("fill_read_buffer: %pS returned bad count\n", sf->show_fn);
			len = PAGE_SIZE - 1;
		}
		o->filled = len;
	}
	return simple_read_from_buffer(buf, count, ppos, o->page, o->filled);
}

static ssize_t sysfs_file_write(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
{
	struct kemu_sysfs_file *sf = file_inode(file)->i_private;
	size_t len = count < PAGE_SIZE ? count : PAGE_SIZE;
	char *buf;
	ssize_t ret;

	if (!sf)
		return -ENODEV;
	if (!len)
		return 0;
	buf = kmalloc(len + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, len)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[len] = 0;
	ret = sf->store(sf, buf, len);
	kfree(buf);
	if (ret > 0)
		*ppos += ret;
	return ret;
}

static int sysfs_file_release(struct inode *inode, struct file *file)
{
	struct sysfs_open *o = file->private_data;

	if (o) {
		free_pages((unsigned long)o->page, 0);
		kfree(o);
	}
	return 0;
}

const struct file_operations kemu_sysfs_file_fops = {
	.open = sysfs_file_open,
	.read = sysfs_file_read,
	.write = sysfs_file_write,
	.llseek = generic_file_llseek,
	.release = sysfs_file_release,
	KEMU_CORE_FOPS,
};

/* a file at dir/name backed by sf; the inode keeps sf until the file is removed */
int kemu_sysfs_add_file(const char *dir, const char *name, umode_t mode, struct kemu_sysfs_file *sf)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = kmalloc(len, GFP_KERNEL);
	int err;

	if (!path)
		return -ENOMEM;
	snprintf(path, len, "%s/%s", dir, name);
	sf->inode = kemu_inode_alloc(S_IFREG | mode, 0, 0, &kemu_sysfs_file_fops, sf);
	if (!sf->inode) {
		kfree(path);
		return -ENOMEM;
	}
	sf->inode->i_size = PAGE_SIZE;
	err = kemu_kernfs_add(path, sf->inode, mode);
	kfree(path);
	if (err) {
		kfree(sf->inode);
		sf->inode = NULL;
	}
	return err;
}

void kemu_sysfs_remove_file(const char *dir, const char *name, struct kemu_sysfs_file *sf)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = kmalloc(len, GFP_KERNEL);

	if (path) {
		snprintf(path, len, "%s/%s", dir, name);
		kemu_kernfs_del(path);
		kfree(path);
	}
	if (sf->inode) {
		/* an open file sees -ENODEV from now on (kernfs deactivates the node) */
		sf->inode->i_private = NULL;
		if (!atomic_read(&sf->inode->i_count))
			kfree(sf->inode);
	}
}

/* ---- kobject attributes ---- */

struct kobj_attr_file {
	struct kemu_sysfs_file sf;
	struct list_head list;
	struct kobject *kobj;
	const struct attribute *attr;
};

static LIST_HEAD(attr_files);

static ssize_t kobj_show(struct kemu_sysfs_file *sf, char *page)
{
	struct kobj_attr_file *f = container_of(sf, struct kobj_attr_file, sf);
	const struct sysfs_ops *ops = f->kobj->ktype ? f->kobj->ktype->sysfs_ops : &kobj_sysfs_ops;

	return ops->show(f->kobj, (struct attribute *)f->attr, page);
}

static ssize_t kobj_store(struct kemu_sysfs_file *sf, const char *buf, size_t len)
{
	struct kobj_attr_file *f = container_of(sf, struct kobj_attr_file, sf);
	const struct sysfs_ops *ops = f->kobj->ktype ? f->kobj->ktype->sysfs_ops : &kobj_sysfs_ops;

	return ops->store(f->kobj, (struct attribute *)f->attr, buf, len);
}

static int add_attr(struct kobject *kobj, const char *dir, const struct attribute *attr, umode_t mode)
{
	const struct sysfs_ops *ops;
	struct kobj_attr_file *f;
	int err;

	if (!kobj || !kobj->kemu_path || !attr || !attr->name)
		return -EINVAL;
	ops = kobj->ktype ? kobj->ktype->sysfs_ops : &kobj_sysfs_ops;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->kobj = kobj;
	f->attr = attr;
	if (ops && ops->show && (mode & S_IRUGO)) {
		f->sf.show = kobj_show;
		f->sf.show_fn = ops->show;
	}
	if (ops && ops->store && (mode & S_IWUGO))
		f->sf.store = kobj_store;
	err = kemu_sysfs_add_file(dir, attr->name, mode & 0777, &f->sf);
	if (err) {
		if (err == -EEXIST)
			printk(KERN_WARNING "sysfs: cannot create duplicate filename '%s/%s'\n", dir + 4, attr->name);
		kfree(f);
		return err;
	}
	list_add_tail(&f->list, &attr_files);
	return 0;
}

static void remove_attr(struct kobject *kobj, const struct attribute *attr)
{
	struct kobj_attr_file *f, *n;

	list_for_each_entry_safe(f, n, &attr_files, list) {
		if (f->kobj == kobj && (!attr || f->attr == attr)) {
			kemu_sysfs_remove_file(f->sf.dir ? f->sf.dir : kobj->kemu_path, f->attr->name, &f->sf);
			list_del(&f->list);
			kfree(f->sf.dir);
			kfree(f);
		}
	}
}

/* the files of kobj (all of them: attr NULL) go, e.g. before its directory does */
void kemu_sysfs_remove_kobj_files(struct kobject *kobj)
{
	remove_attr(kobj, NULL);
}

int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns)
{
	if (!kobj || !attr)
		return -EINVAL;
	return add_attr(kobj, kobj->kemu_path, attr, attr->mode);
}
EXPORT_SYMBOL_GPL(sysfs_create_file_ns);

void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns)
{
	remove_attr(kobj, attr);
}
EXPORT_SYMBOL_GPL(sysfs_remove_file_ns);

int sysfs_create_files(struct kobject *kobj, const struct attribute * const *ptr)
{
	int err = 0, i;

	for (i = 0; ptr[i] && !err; i++)
		err = sysfs_create_file(kobj, ptr[i]);
	if (err)
		while (--i >= 0)
			sysfs_remove_file(kobj, ptr[i]);
	return err;
}
EXPORT_SYMBOL_GPL(sysfs_create_files);

void sysfs_remove_files(struct kobject *kobj, const struct attribute * const *ptr)
{
	int i;

	for (i = 0; ptr[i]; i++)
		sysfs_remove_file(kobj, ptr[i]);
}
EXPORT_SYMBOL_GPL(sysfs_remove_files);

static char *group_dir(struct kobject *kobj, const struct attribute_group *grp)
{
	size_t len;
	char *dir;

	if (!grp->name)
		return kstrdup(kobj->kemu_path, GFP_KERNEL);
	len = strlen(kobj->kemu_path) + strlen(grp->name) + 2;
	dir = kmalloc(len, GFP_KERNEL);
	if (dir)
		snprintf(dir, len, "%s/%s", kobj->kemu_path, grp->name);
	return dir;
}

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	struct attribute *const *attr;
	char *dir;
	int err = 0, i;

	if (!kobj || !kobj->kemu_path || !grp)
		return -EINVAL;
	if (!grp->attrs && !grp->bin_attrs) {
		pr_warn("sysfs: (bin_)attrs not set by subsystem for group: %s/%s\n",
			kobj->name, grp->name ? grp->name : "");
		return -EINVAL;
	}
	dir = group_dir(kobj, grp);
	if (!dir)
		return -ENOMEM;
	if (grp->name) {
		err = kemu_kernfs_mkdir(dir, 0755);
		if (err) {
			kfree(dir);
			return err;
		}
	}
	for (attr = grp->attrs, i = 0; attr && *attr && !err; attr++, i++) {
		umode_t mode = (*attr)->mode;
		struct kobj_attr_file *f;

		if (grp->is_visible) {
			mode = grp->is_visible(kobj, *attr, i);
			if (!mode)
				continue;
		}
		err = add_attr(kobj, dir, *attr, mode);
		if (!err) {
			f = list_last_entry(&attr_files, struct kobj_attr_file, list);
			f->sf.dir = kstrdup(dir, GFP_KERNEL);
		}
	}
	if (err)
		sysfs_remove_group(kobj, grp);
	kfree(dir);
	return err;
}
EXPORT_SYMBOL_GPL(sysfs_create_group);

int sysfs_update_group(struct kobject *kobj, const struct attribute_group *grp)
{
	sysfs_remove_group(kobj, grp);
	return sysfs_create_group(kobj, grp);
}
EXPORT_SYMBOL_GPL(sysfs_update_group);

int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	int err = 0, i;

	for (i = 0; groups && groups[i]; i++) {
		err = sysfs_create_group(kobj, groups[i]);
		if (err) {
			while (--i >= 0)
				sysfs_remove_group(kobj, groups[i]);
			break;
		}
	}
	return err;
}
EXPORT_SYMBOL_GPL(sysfs_create_groups);

void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	struct attribute *const *attr;
	char *dir;

	for (attr = grp->attrs; attr && *attr; attr++)
		remove_attr(kobj, *attr);
	if (grp->name) {
		dir = group_dir(kobj, grp);
		if (dir) {
			kemu_kernfs_rmdir(dir);
			kfree(dir);
		}
	}
}
EXPORT_SYMBOL_GPL(sysfs_remove_group);

void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	int i;

	for (i = 0; groups && groups[i]; i++)
		sysfs_remove_group(kobj, groups[i]);
}
EXPORT_SYMBOL_GPL(sysfs_remove_groups);

int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(!buf || offset_in_page(buf), "invalid sysfs_emit: buf:%p\n", buf))
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf, PAGE_SIZE, fmt, args);
	va_end(args);
	return len;
}
EXPORT_SYMBOL_GPL(sysfs_emit);

int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(!buf || offset_in_page(buf) || at < 0 || at >= PAGE_SIZE, "invalid sysfs_emit_at: buf:%p at:%d\n", buf, at))
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf + at, PAGE_SIZE - at, fmt, args);
	va_end(args);
	return len;
}
EXPORT_SYMBOL_GPL(sysfs_emit_at);
