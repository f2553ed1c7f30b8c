// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/read_write.c and fs/ioctl.c - read, write, lseek and ioctl of a file whose
 * operations are kernel C, with Linux's position rules (file_ppos, FMODE_STREAM, FMODE_PREAD),
 * and the llseek helpers drivers name in their file_operations. */
#include <linux/fs.h>
#include <linux/export.h>
#include <linux/sched.h>
#include "internal.h"

#define MAX_RW_COUNT (INT_MAX & ~4095)

typedef ssize_t (*read_fn)(struct file *, char __user *, size_t, loff_t *);
typedef ssize_t (*write_fn)(struct file *, const char __user *, size_t, loff_t *);
typedef loff_t (*llseek_fn)(struct file *, loff_t, int);

static ssize_t rw(struct file *f, char __user *buf, size_t count, loff_t pos, int use_fpos, int write)
{
	loff_t p, *ppos = NULL;
	ssize_t ret;

	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!use_fpos && !(f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD)))
		return -ESPIPE;
	if (!use_fpos) {
		p = pos;
		ppos = &p;
	} else if (!(f->f_mode & FMODE_STREAM)) {
		p = f->f_pos;
		ppos = &p;
	}
	if (ppos && *ppos < 0)
		return -EINVAL;
	if (write) {
		write_fn fn = FOP(f->f_op, FOP_WRITE, write_fn);

		if (!fn)
			return -EINVAL;
		ret = fn(f, buf, count, ppos);
	} else {
		read_fn fn = FOP(f->f_op, FOP_READ, read_fn);

		if (!fn)
			return -EINVAL;
		ret = fn(f, buf, count, ppos);
	}
	if (use_fpos && ppos && ret >= 0)
		f->f_pos = p;
	return ret;
}

/* ksys_read (use_fpos) or ksys_pread64 (pos) */
ssize_t kemu_vfs_read(struct file *f, char __user *buf, size_t count, loff_t pos, int use_fpos)
{
	return rw(f, buf, count, pos, use_fpos, 0);
}

ssize_t kemu_vfs_write(struct file *f, const char __user *buf, size_t count, loff_t pos, int use_fpos)
{
	return rw(f, (char __user *)buf, count, pos, use_fpos, 1);
}

/* ksys_lseek: vfs_llseek with the era's fallback */
loff_t kemu_vfs_llseek(struct file *f, loff_t offset, int whence)
{
	llseek_fn fn;

	if (whence > SEEK_MAX)
		return -EINVAL;
	if (!(f->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	fn = FOP(f->f_op, FOP_LLSEEK, llseek_fn);
	if (!fn)
		fn = default_llseek;
	return fn(f, offset, whence);
}

/* vfs_ioctl: unlocked_ioctl, else (before 2.6.36) the BKL ->ioctl; -ENOIOCTLCMD becomes -ENOTTY */
long kemu_vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	long (*unlocked)(struct file *, unsigned int, unsigned long);
	int (*old)(struct inode *, struct file *, unsigned int, unsigned long);
	long err;

	unlocked = FOP(f->f_op, FOP_UNLOCKED_IOCTL, long (*)(struct file *, unsigned int, unsigned long));
	old = FOP(f->f_op, FOP_IOCTL, int (*)(struct inode *, struct file *, unsigned int, unsigned long));
	if (unlocked)
		err = unlocked(f, cmd, arg);
	else if (old && kemu_version_code < KERNEL_VERSION(2, 6, 36))
		err = old(f->f_inode, f, cmd, arg);
	else
		return -ENOTTY;
	if (err == -ENOIOCTLCMD)
		err = -ENOTTY;
	return err;
}

loff_t vfs_setpos(struct file *file, loff_t offset, loff_t maxsize)
{
	if (offset < 0 || offset > maxsize)
		return -EINVAL;
	if (offset != file->f_pos) {
		file->f_pos = offset;
		file->f_version = 0;
	}
	return offset;
}
EXPORT_SYMBOL(vfs_setpos);

loff_t generic_file_llseek_size(struct file *file, loff_t offset, int whence, loff_t maxsize, loff_t eof)
{
	switch (whence) {
	case SEEK_END:
		offset += eof;
		break;
	case SEEK_CUR:
		if (offset == 0)
			return file->f_pos;
		offset += file->f_pos;
		break;
	case SEEK_DATA:
		if ((unsigned long long)offset >= eof)
			return -ENXIO;
		break;
	case SEEK_HOLE:
		if ((unsigned long long)offset >= eof)
			return -ENXIO;
		offset = eof;
		break;
	}
	return vfs_setpos(file, offset, maxsize);
}
EXPORT_SYMBOL(generic_file_llseek_size);

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	return generic_file_llseek_size(file, offset, whence, MAX_LFS_FILESIZE, file_inode(file)->i_size);
}
EXPORT_SYMBOL(generic_file_llseek);

loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size)
{
	switch (whence) {
	case SEEK_SET: case SEEK_CUR: case SEEK_END:
		return generic_file_llseek_size(file, offset, whence, size, size);
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL(fixed_size_llseek);

loff_t no_seek_end_llseek(struct file *file, loff_t offset, int whence)
{
	switch (whence) {
	case SEEK_SET: case SEEK_CUR:
		return generic_file_llseek_size(file, offset, whence, OFFSET_MAX, 0);
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL(no_seek_end_llseek);

loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos;
}
EXPORT_SYMBOL(noop_llseek);

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}
EXPORT_SYMBOL(no_llseek);

loff_t default_llseek(struct file *file, loff_t offset, int whence)
{
	struct inode *inode = file_inode(file);
	loff_t retval = -EINVAL;

	switch (whence) {
	case SEEK_END:
		offset += i_size_read(inode);
		break;
	case SEEK_CUR:
		if (offset == 0) {
			retval = file->f_pos;
			goto out;
		}
		offset += file->f_pos;
		break;
	case SEEK_DATA:
		if (offset >= inode->i_size) {
			retval = -ENXIO;
			goto out;
		}
		break;
	case SEEK_HOLE:
		if (offset >= inode->i_size) {
			retval = -ENXIO;
			goto out;
		}
		offset = inode->i_size;
		break;
	}
	retval = -EINVAL;
	if (offset >= 0) {
		if (offset != file->f_pos) {
			file->f_pos = offset;
			file->f_version = 0;
		}
		retval = offset;
	}
out:
	return retval;
}
EXPORT_SYMBOL(default_llseek);

int generic_file_open(struct inode *inode, struct file *filp)
{
	if (!(filp->f_flags & O_LARGEFILE) && i_size_read(inode) > MAX_NON_LFS)
		return -EOVERFLOW;
	return 0;
}
EXPORT_SYMBOL(generic_file_open);

int nonseekable_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}
EXPORT_SYMBOL(nonseekable_open);

int stream_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	filp->f_mode |= FMODE_STREAM;
	return 0;
}
EXPORT_SYMBOL(stream_open);
