// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/file_table.c and fs/open.c's do_dentry_open - the struct file of a file whose
 * operations are kernel C (a char device, a /proc or /proc/sys file). TS owns the open file
 * description and calls these on the calling process's kernel stack; the last close runs
 * release there too, or from a kworker when the process is gone (delayed_fput). */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/atomic.h>
#include <linux/workqueue.h>
#include <linux/export.h>
#include "internal.h"

/* slot offsets (in pointers) of each field in the 2.2 and 2.4 layouts; -1: none */
static const signed char fop_22[FOP_NR] = {
	[FOP_OWNER] = -1, [FOP_LLSEEK] = 0, [FOP_READ] = 1, [FOP_WRITE] = 2, [FOP_POLL] = 4,
	[FOP_IOCTL] = 5, [FOP_UNLOCKED_IOCTL] = -1, [FOP_COMPAT_IOCTL] = -1, [FOP_MMAP] = 6,
	[FOP_OPEN] = 7, [FOP_FLUSH] = 8, [FOP_RELEASE] = 9, [FOP_FASYNC] = 11,
};
static const signed char fop_24[FOP_NR] = {
	[FOP_OWNER] = 0, [FOP_LLSEEK] = 1, [FOP_READ] = 2, [FOP_WRITE] = 3, [FOP_POLL] = 5,
	[FOP_IOCTL] = 6, [FOP_UNLOCKED_IOCTL] = -1, [FOP_COMPAT_IOCTL] = -1, [FOP_MMAP] = 7,
	[FOP_OPEN] = 8, [FOP_FLUSH] = 9, [FOP_RELEASE] = 10, [FOP_FASYNC] = 12,
};

void *kemu_fop(const struct file_operations *fops, enum kemu_fop which)
{
	const signed char *slots;

	if (!fops)
		return NULL;
	if (kemu_version_code >= KERNEL_VERSION(2, 6, 0) || fops->mmap_supported_flags == KEMU_CORE_FOPS_MAGIC) {
		switch (which) {
		case FOP_OWNER: return fops->owner;
		case FOP_LLSEEK: return fops->llseek;
		case FOP_READ: return fops->read;
		case FOP_WRITE: return fops->write;
		case FOP_POLL: return fops->poll;
		case FOP_IOCTL: return fops->ioctl;
		case FOP_UNLOCKED_IOCTL: return fops->unlocked_ioctl;
		case FOP_COMPAT_IOCTL: return fops->compat_ioctl;
		case FOP_MMAP: return fops->mmap;
		case FOP_OPEN: return fops->open;
		case FOP_FLUSH: return fops->flush;
		case FOP_RELEASE: return fops->release;
		case FOP_FASYNC: return fops->fasync;
		default: return NULL;
		}
	}
	slots = kemu_version_code >= KERNEL_VERSION(2, 4, 0) ? fop_24 : fop_22;
	if (slots[which] < 0)
		return NULL;
	return ((void *const *)fops)[slots[which]];
}

static void fops_release_owner(const struct file_operations *fops)
{
	struct module *owner = FOP(fops, FOP_OWNER, struct module *);

	if (owner)
		module_put(owner);
}

/*
 * A new struct file for inode, with its dentry (name: the path's last component). TS calls
 * kemu_vfs_open next; f_op is the inode's i_fop until an open replaces it.
 */
struct file *kemu_file_alloc(struct inode *inode, const char *name, unsigned int flags, unsigned int mode)
{
	struct file *f = kzalloc(sizeof(*f) + sizeof(struct dentry), GFP_KERNEL);
	struct dentry *d;
	size_t len = strlen(name);

	if (!f)
		return NULL;
	d = (struct dentry *)(f + 1);
	d->d_inode = inode;
	d->d_parent = d;
	if (len >= sizeof(d->d_iname))
		len = sizeof(d->d_iname) - 1;
	memcpy(d->d_iname, name, len);
	d->d_name.name = d->d_iname;
	d->d_name.len = len;
	f->f_path.dentry = d;
	f->f_inode = inode;
	f->f_flags = flags;
	f->f_mode = mode;
	atomic_long_set(&f->f_count, 1);
	atomic_inc(&inode->i_count);
	return f;
}

/* do_dentry_open: take a reference on the owner module, then call ->open */
int kemu_vfs_open(struct file *f)
{
	struct inode *inode = f->f_inode;
	const struct file_operations *fops = inode->i_fop;
	struct module *owner = FOP(fops, FOP_OWNER, struct module *);
	int (*open)(struct inode *, struct file *);
	int err = 0;

	if (!fops)
		return -ENODEV;
	if (owner && !try_module_get(owner))
		return -ENODEV;
	f->f_op = fops;
	open = FOP(fops, FOP_OPEN, int (*)(struct inode *, struct file *));
	if (open)
		err = open(inode, f);
	if (err) {
		fops_release_owner(f->f_op);
		f->f_op = NULL;
		return err;
	}
	/* 6.0+: no ->llseek (of the fops ->open left, chrdev_open replaces them) means not
	 * seekable; older kernels fell back to default_llseek */
	if (kemu_version_code >= KERNEL_VERSION(6, 0, 0) && (f->f_mode & FMODE_LSEEK) && !FOP(f->f_op, FOP_LLSEEK, void *))
		f->f_mode &= ~FMODE_LSEEK;
	return 0;
}

/* __fput: ->release, drop the owner's reference, free the file */
void kemu_vfs_release(struct file *f)
{
	int (*release)(struct inode *, struct file *);

	if (f->f_op) {
		release = FOP(f->f_op, FOP_RELEASE, int (*)(struct inode *, struct file *));
		if (release)
			release(f->f_inode, f);
		kemu_chrdev_fput(f);
		fops_release_owner(f->f_op);
	}
	atomic_dec(&f->f_inode->i_count);
	kfree(f);
}

/* a file failed to open: only free it */
void kemu_file_free(struct file *f)
{
	atomic_dec(&f->f_inode->i_count);
	kfree(f);
}

struct delayed_fput {
	struct work_struct work;
	struct file *file;
};

static void delayed_fput(struct work_struct *work)
{
	struct delayed_fput *d = container_of(work, struct delayed_fput, work);

	kemu_vfs_release(d->file);
	kfree(d);
}

/* the last close happened where no process can run ->release (its process exited): a kworker does */
void kemu_fput_async(struct file *f)
{
	struct delayed_fput *d = kmalloc(sizeof(*d), GFP_ATOMIC);

	if (!d) {
		kemu_vfs_release(f);
		return;
	}
	INIT_WORK(&d->work, delayed_fput);
	d->file = f;
	schedule_work(&d->work);
}

/* a C struct inode for a TS inode (char device node, proc or sysctl file) */
struct inode *kemu_inode_alloc(unsigned int mode, unsigned int rdev, unsigned long ino,
			       const struct file_operations *fops, void *private)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_rdev = rdev;
	inode->i_ino = ino;
	inode->i_nlink = 1;
	inode->i_fop = fops;
	inode->i_private = private;
	inode->u.generic_ip = private;
	INIT_LIST_HEAD(&inode->i_devices);
	return inode;
}
