// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/proc/inode.c's proc_reg_* wrappers and fs/proc/generic.c's proc_file_read/write of
 * every era. Every /proc file of a module gets these as its file_operations (built in the
 * running era's layout): they count handlers in progress (use_pde/unuse_pde), so removal waits
 * for them, runs ->release of files still open (proc_entry_rundown) and makes later reads fail
 * (-EIO; -EINVAL before 2.6.24, where Linux cleared f_op). Before 2.6.24 an open file holds a
 * reference on the owner module instead. The handlers are those of a struct proc_ops (5.6+),
 * of the module's struct file_operations, or read_proc/get_info/write_proc (2.2 - 3.9) with the
 * *start conventions of each era. Differs: "*start below the page" (the offset trick) is told
 * apart from a pointer by its value (below 64 KiB, which kemu never maps), as on i386 no real
 * buffer lay below the page; the opener record sits in file->f_security. */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/gfp.h>
#include <linux/uaccess.h>
#include <linux/completion.h>
#include <linux/sched.h>
#include "pde.h"
#include "../internal.h"

#define V(a, b, c) KERNEL_VERSION(a, b, c)
#define START_OFFSET_LIMIT 0x10000UL
#define DEFAULT_POLLMASK 0x145	/* EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM */

const struct file_operations kemu_proc_legacy_marker;
const void *const kemu_proc_iops22_marker[20];

typedef ssize_t (*read_fn)(struct file *, char __user *, size_t, loff_t *);
typedef ssize_t (*write_fn)(struct file *, const char __user *, size_t, loff_t *);
typedef loff_t (*llseek_fn)(struct file *, loff_t, int);
typedef int (*open_fn)(struct inode *, struct file *);
typedef __poll_t (*poll_fn)(struct file *, struct poll_table_struct *);
typedef long (*ioctl_fn)(struct file *, unsigned int, unsigned long);
typedef int (*old_ioctl_fn)(struct inode *, struct file *, unsigned int, unsigned long);
typedef int (*get_info22_fn)(char *, char **, off_t, int, int);
typedef int (*get_info24_fn)(char *, char **, off_t, int);
typedef int (*read_proc_fn)(char *, char **, off_t, int, int *, void *);
typedef int (*write_proc_fn)(struct file *, const char __user *, unsigned long, void *);
typedef void (*fill_inode_fn)(struct inode *, int);
typedef int (*permission22_fn)(struct inode *, int);

static bool use_pde(struct kemu_pde *de)
{
	return atomic_inc_unless_negative(&de->in_use);
}

static void unuse_pde(struct kemu_pde *de)
{
	if (atomic_dec_return(&de->in_use) == PDE_BIAS)
		complete(de->unload);
}

static int removed_error(void)
{
	return kemu_version_code < V(2, 6, 24) ? -EINVAL : -EIO;
}

static struct pde_opener *opener_of(struct file *file)
{
	return file->f_security;
}

/* which handlers a file opened now uses (Linux fixed them when it made the inode) */
static enum pde_kind resolve(struct kemu_pde *de, const void **ops)
{
	unsigned long f;

	*ops = NULL;
	if (kemu_version_code >= V(3, 10, 0)) {
		*ops = de->ops;
		return de->kind;
	}
	if (de->kind == PDE_KIND_PROC_OPS) {
		*ops = de->ops;
		return de->kind;
	}
	if (kemu_version_code < V(2, 4, 0)) {
		/* 2.2: inode_operations->default_file_ops, else proc_file_operations */
		const void *const *iops = (const void *const *)pde_get(de, PF_IOPS);

		if (iops && iops != kemu_proc_iops22_marker && iops[0]) {
			*ops = iops[0];
			return PDE_KIND_FOPS;
		}
		return PDE_KIND_LEGACY;
	}
	f = pde_get(de, PF_FOPS);
	if (!f || f == (unsigned long)&kemu_proc_legacy_marker)
		return PDE_KIND_LEGACY;
	*ops = (const void *)f;
	return PDE_KIND_FOPS;
}

static const struct proc_ops *pops(const struct pde_opener *o)
{
	return o->ops;
}

static const struct file_operations *fops(const struct pde_opener *o)
{
	return o->ops;
}

static bool has_lseek(const struct pde_opener *o)
{
	switch (o->kind) {
	case PDE_KIND_PROC_OPS: return pops(o)->proc_lseek != NULL;
	case PDE_KIND_FOPS: return FOP(fops(o), FOP_LLSEEK, void *) != NULL;
	default: return true;
	}
}

static int call_release(struct kemu_pde *de, struct pde_opener *o, struct inode *inode)
{
	open_fn release = NULL;

	if (o->kind == PDE_KIND_PROC_OPS)
		release = pops(o)->proc_release;
	else if (o->kind == PDE_KIND_FOPS)
		release = FOP(fops(o), FOP_RELEASE, open_fn);
	if (kemu_version_code < V(2, 4, 0) && pde_get(de, PF_FILL_INODE))
		((fill_inode_fn)pde_get(de, PF_FILL_INODE))(inode, 0);
	return release ? release(inode, o->file) : 0;
}

static int proc_reg_open(struct inode *inode, struct file *file)
{
	struct kemu_pde *de = kemu_pde_of_inode(inode);
	struct pde_opener *o;
	open_fn open = NULL;
	int rv = 0;

	if (!de || !use_pde(de))
		return -ENOENT;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o) {
		rv = -ENOMEM;
		goto out;
	}
	INIT_LIST_HEAD(&o->lh);
	o->file = file;
	o->kind = resolve(de, &o->ops);
	if (kemu_version_code >= V(6, 0, 0) && !has_lseek(o))
		file->f_mode &= ~FMODE_LSEEK;
	if (kemu_version_code < V(2, 6, 24)) {
		/* the file pins the module: fops->owner, or the entry's owner (2.4 - 2.6.29) */
		struct module *owner = NULL;

		if (o->kind == PDE_KIND_FOPS)
			owner = FOP(fops(o), FOP_OWNER, struct module *);
		if (!owner && kemu_version_code >= V(2, 4, 0))
			owner = (struct module *)pde_get(de, PF_OWNER);
		if (owner && !try_module_get(owner)) {
			kfree(o);
			rv = -ENOENT;
			goto out;
		}
		o->owner = owner;
	}
	if (kemu_version_code < V(2, 4, 0)) {
		const void *const *iops = (const void *const *)pde_get(de, PF_IOPS);

		/* 2.2: inode_operations->permission (slot 16), asked at open for each access */
		if (iops && iops != kemu_proc_iops22_marker && iops[16]) {
			permission22_fn perm = (permission22_fn)iops[16];

			if ((file->f_mode & FMODE_READ) && (rv = perm(inode, 4)))
				goto fail;
			if ((file->f_mode & FMODE_WRITE) && (rv = perm(inode, 2)))
				goto fail;
		}
		if (pde_get(de, PF_FILL_INODE))
			((fill_inode_fn)pde_get(de, PF_FILL_INODE))(inode, 1);
	}
	if (o->kind == PDE_KIND_PROC_OPS)
		open = pops(o)->proc_open;
	else if (o->kind == PDE_KIND_FOPS)
		open = FOP(fops(o), FOP_OPEN, open_fn);
	if (open)
		rv = open(inode, file);
	if (rv) {
		if (kemu_version_code < V(2, 4, 0) && pde_get(de, PF_FILL_INODE))
			((fill_inode_fn)pde_get(de, PF_FILL_INODE))(inode, 0);
		goto fail;
	}
	file->f_security = o;
	list_add(&o->lh, &de->openers);
	goto out;
fail:
	if (o->owner)
		module_put(o->owner);
	kfree(o);
out:
	unuse_pde(de);
	return rv;
}

static int proc_reg_release(struct inode *inode, struct file *file)
{
	struct kemu_pde *de = kemu_pde_of_inode(inode);
	struct pde_opener *o = opener_of(file);

	if (!o)
		return 0;
	file->f_security = NULL;
	if (!o->released) {
		o->released = true;
		list_del_init(&o->lh);
		call_release(de, o, inode);
	}
	if (o->owner)
		module_put(o->owner);
	o->owner = NULL;
	if (o->closing)
		o->file = NULL;	/* the rundown in progress frees it */
	else
		kfree(o);
	return 0;
}

/* proc_entry_rundown: wait for handlers in progress, then release the files still open */
void kemu_proc_entry_rundown(struct kemu_pde *de)
{
	DECLARE_COMPLETION_ONSTACK(c);

	de->unload = &c;
	if (atomic_add_return(PDE_BIAS, &de->in_use) != PDE_BIAS)
		wait_for_completion(&c);
	de->unload = NULL;
	while (!list_empty(&de->openers)) {
		struct pde_opener *o = list_first_entry(&de->openers, struct pde_opener, lh);
		struct file *file = o->file;

		list_del_init(&o->lh);
		o->released = true;
		/* before 2.6.24 Linux cleared f_op instead: no ->release */
		if (kemu_version_code < V(2, 6, 24))
			continue;
		o->closing = true;
		call_release(de, o, file_inode(file));
		o->closing = false;
		if (!o->file)
			kfree(o);
	}
}

/* ---- fs/proc/generic.c's proc_file_read/proc_file_write (read_proc, get_info) ---- */

static bool start_is_offset(char *start, char *page)
{
	return (unsigned long)start < (unsigned long)page && (unsigned long)start < START_OFFSET_LIMIT;
}

static ssize_t proc_file_read(struct kemu_pde *dp, struct file *file, char __user *buf, size_t nbytes, loff_t *ppos)
{
	bool old = kemu_version_code < V(2, 6, 0);
	size_t block = old ? 3 * 1024 : PAGE_SIZE - 1024;
	char *page, *start;
	ssize_t retval = 0, n, count;
	int eof = 0;
	unsigned long long pos = *ppos;

	if (!old) {
		/* 2.6: the legacy interfaces cut loff_t down to off_t */
		if (pos > MAX_NON_LFS)
			return 0;
		if (nbytes > MAX_NON_LFS - pos)
			nbytes = MAX_NON_LFS - pos;
	}
	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;

	while (nbytes > 0 && !eof) {
		unsigned long get_info = pde_get(dp, PF_GET_INFO);
		unsigned long read_proc = pde_get(dp, PF_READ_PROC);
		bool is_off;

		count = min_t(size_t, block, nbytes);
		start = NULL;
		if (get_info) {
			/* the old net routines' interface */
			if (kemu_version_code < V(2, 4, 0))
				n = ((get_info22_fn)get_info)(page, &start, *ppos, count,
							      (file->f_flags & O_ACCMODE) == O_RDWR);
			else
				n = ((get_info24_fn)get_info)(page, &start, *ppos, count);
			if (n < count)
				eof = 1;
		} else if (read_proc) {
			n = ((read_proc_fn)read_proc)(page, &start, *ppos, count, &eof, pde_data_of(dp));
		} else {
			break;
		}

		if (old) {
			/* 2.2 / 2.4 */
			if (!start) {
				/* for proc files that are less than 4k */
				start = page + *ppos;
				n -= *ppos;
				if (n <= 0)
					break;
				if (n > count)
					n = count;
			}
			if (n == 0)
				break;	/* end of file */
			if (n < 0) {
				if (retval == 0)
					retval = n;
				break;
			}
		} else {
			if (n == 0)	/* end of file */
				break;
			if (n < 0) {	/* error */
				if (retval == 0)
					retval = n;
				break;
			}
			if (start == NULL) {
				if (n > PAGE_SIZE) {
					era_printk("3", "proc_file_read: Apparent buffer overflow!\n");
					n = PAGE_SIZE;
				}
				n -= *ppos;
				if (n <= 0)
					break;
				if (n > count)
					n = count;
				start = page + *ppos;
			} else if (start_is_offset(start, page)) {
				if (n > PAGE_SIZE) {
					era_printk("3", "proc_file_read: Apparent buffer overflow!\n");
					n = PAGE_SIZE;
				}
				if (n > count) {
					/* don't reduce n: that might cut off part of a data block */
					era_printk("4", "proc_file_read: Read count exceeded\n");
				}
			} else {
				if (start >= page && start < page + PAGE_SIZE) {
					unsigned long startoff = start - page;

					if (n > (ssize_t)(PAGE_SIZE - startoff)) {
						era_printk("3", "proc_file_read: Apparent buffer overflow!\n");
						n = PAGE_SIZE - startoff;
					}
				}
				if (n > count)
					n = count;
			}
		}
		is_off = start_is_offset(start, page);
		/* the offset trick: data at page, *start says how far the position moves */
		n -= copy_to_user(buf, is_off ? page : start, n);
		if (n == 0) {
			if (retval == 0)
				retval = -EFAULT;
			break;
		}
		*ppos += is_off ? (unsigned long)start : n;
		nbytes -= n;
		buf += n;
		retval += n;
	}
	free_page((unsigned long)page);
	return retval;
}

static ssize_t proc_file_write(struct kemu_pde *dp, struct file *file, const char __user *buffer, size_t count)
{
	unsigned long write_proc = pde_get(dp, PF_WRITE_PROC);

	if (!write_proc)
		return -EIO;
	/* the offset is ignored, as Linux did */
	return ((write_proc_fn)write_proc)(file, buffer, count, pde_data_of(dp));
}

static loff_t proc_file_lseek(struct file *file, loff_t offset, int orig)
{
	loff_t retval = -EINVAL;

	switch (orig) {
	case SEEK_CUR:
		offset += file->f_pos;
		fallthrough;
	case SEEK_SET:
		if (offset < 0 || offset > MAX_NON_LFS)
			break;
		file->f_pos = retval = offset;
	}
	return retval;
}

/* ---- the wrappers ---- */

/* the entry and its opener, with a handler use counted; NULL: removed */
static struct kemu_pde *enter(struct file *file, struct pde_opener **op)
{
	struct kemu_pde *de = kemu_pde_of_inode(file_inode(file));

	*op = opener_of(file);
	if (!de || !*op || (*op)->released || !use_pde(de))
		return NULL;
	return de;
}

static ssize_t proc_reg_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct pde_opener *o;
	struct kemu_pde *de = enter(file, &o);
	ssize_t rv = -EIO;
	read_fn read = NULL;

	if (!de)
		return removed_error();
	if (o->kind == PDE_KIND_PROC_OPS) {
		read = pops(o)->proc_read;
		if (!read && pops(o)->proc_read_iter == seq_read_iter)
			read = seq_read;
	} else if (o->kind == PDE_KIND_FOPS) {
		read = FOP(fops(o), FOP_READ, read_fn);
	} else {
		rv = proc_file_read(de, file, buf, count, ppos);
	}
	if (read)
		rv = read(file, buf, count, ppos);
	unuse_pde(de);
	return rv;
}

static ssize_t proc_reg_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	struct pde_opener *o;
	struct kemu_pde *de = enter(file, &o);
	ssize_t rv = -EIO;
	write_fn write = NULL;

	if (!de)
		return removed_error();
	if (o->kind == PDE_KIND_PROC_OPS)
		write = pops(o)->proc_write;
	else if (o->kind == PDE_KIND_FOPS)
		write = FOP(fops(o), FOP_WRITE, write_fn);
	else
		rv = proc_file_write(de, file, buf, count);
	if (write)
		rv = write(file, buf, count, ppos);
	unuse_pde(de);
	return rv;
}

static loff_t proc_reg_llseek(struct file *file, loff_t offset, int whence)
{
	struct pde_opener *o;
	struct kemu_pde *de = enter(file, &o);
	llseek_fn lseek = NULL;
	loff_t rv;

	if (!de)
		return -EINVAL;
	if (o->kind == PDE_KIND_PROC_OPS)
		lseek = pops(o)->proc_lseek;
	else if (o->kind == PDE_KIND_FOPS)
		lseek = FOP(fops(o), FOP_LLSEEK, llseek_fn);
	else
		lseek = proc_file_lseek;
	if (!lseek)
		lseek = default_llseek;
	rv = lseek(file, offset, whence);
	unuse_pde(de);
	return rv;
}

static __poll_t proc_reg_poll(struct file *file, struct poll_table_struct *pts)
{
	struct pde_opener *o;
	struct kemu_pde *de = enter(file, &o);
	poll_fn poll = NULL;
	__poll_t rv = DEFAULT_POLLMASK;

	if (!de)
		return rv;
	if (o->kind == PDE_KIND_PROC_OPS)
		poll = pops(o)->proc_poll;
	else if (o->kind == PDE_KIND_FOPS)
		poll = FOP(fops(o), FOP_POLL, poll_fn);
	if (poll)
		rv = poll(file, pts);
	unuse_pde(de);
	return rv;
}

static long proc_reg_unlocked_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pde_opener *o;
	struct kemu_pde *de = enter(file, &o);
	long rv = -ENOTTY;

	if (!de)
		return -ENOTTY;
	if (o->kind == PDE_KIND_PROC_OPS) {
		if (pops(o)->proc_ioctl)
			rv = pops(o)->proc_ioctl(file, cmd, arg);
	} else if (o->kind == PDE_KIND_FOPS) {
		ioctl_fn unlocked = FOP(fops(o), FOP_UNLOCKED_IOCTL, ioctl_fn);
		old_ioctl_fn old = FOP(fops(o), FOP_IOCTL, old_ioctl_fn);

		if (unlocked)
			rv = unlocked(file, cmd, arg);
		else if (old && kemu_version_code < V(2, 6, 36))
			rv = old(file_inode(file), file, cmd, arg);
	}
	unuse_pde(de);
	return rv;
}

static int proc_reg_old_ioctl(struct inode *inode, struct file *file, unsigned int cmd, unsigned long arg)
{
	return proc_reg_unlocked_ioctl(file, cmd, arg);
}

static const struct file_operations proc_reg_fops26 = {
	.llseek = proc_reg_llseek,
	.read = proc_reg_read,
	.write = proc_reg_write,
	.poll = proc_reg_poll,
	.unlocked_ioctl = proc_reg_unlocked_ioctl,
	.open = proc_reg_open,
	.release = proc_reg_release,
};

/* 2.2 and 2.4 layouts (slots as in <linux/fs.h>), filled at first use */
static void *proc_reg_fops_old[20];

const struct file_operations *kemu_proc_reg_fops(void)
{
	int b;

	if (kemu_version_code >= V(2, 6, 0))
		return &proc_reg_fops26;
	if (!proc_reg_fops_old[kemu_version_code < V(2, 4, 0) ? 1 : 2]) {
		b = kemu_version_code < V(2, 4, 0) ? 0 : 1;	/* 2.4 starts with owner */
		proc_reg_fops_old[b + 0] = proc_reg_llseek;
		proc_reg_fops_old[b + 1] = proc_reg_read;
		proc_reg_fops_old[b + 2] = proc_reg_write;
		proc_reg_fops_old[b + 4] = proc_reg_poll;
		proc_reg_fops_old[b + 5] = proc_reg_old_ioctl;
		proc_reg_fops_old[b + 7] = proc_reg_open;
		proc_reg_fops_old[b + 9] = proc_reg_release;
	}
	return (const struct file_operations *)proc_reg_fops_old;
}

/* the C inode of a /proc file: fs/proc/inode.c's proc_get_inode */
struct inode *kemu_proc_inode(struct kemu_pde *de)
{
	struct proc_inode *pi = kzalloc(sizeof(*pi), GFP_KERNEL);
	struct inode *inode;

	if (!pi)
		return NULL;
	pi->pde = de;
	inode = &pi->vfs_inode;
	inode->i_mode = de->mode;
	inode->i_ino = de->low_ino;
	inode->i_nlink = 1;
	inode->i_uid = pde_get(de, PF_UID);
	inode->i_gid = pde_get(de, PF_GID);
	inode->i_size = pde_get(de, PF_SIZE);
	inode->i_fop = kemu_proc_reg_fops();
	/* 5.17+: i_private is the entry's data (pde_data() reads it); before: the entry (PDE()) */
	inode->i_private = kemu_version_code >= V(5, 17, 0) ? pde_data_of(de) : de->ent;
	inode->u.generic_ip = de->ent;
	INIT_LIST_HEAD(&inode->i_devices);
	de->inode = pi;
	return inode;
}

/* ---- the core's own proc_ops: proc_create_single and proc_create_seq ---- */

static int proc_single_open(struct inode *inode, struct file *file)
{
	struct kemu_pde *de = kemu_pde_of_inode(inode);

	return single_open(file, de->single_show, pde_data_of(de));
}

const struct proc_ops kemu_proc_single_ops = {
	.proc_open = proc_single_open,
	.proc_read_iter = seq_read_iter,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static int proc_seq_open(struct inode *inode, struct file *file)
{
	struct kemu_pde *de = kemu_pde_of_inode(inode);

	if (de->state_size)
		return seq_open_private(file, de->seq_ops, de->state_size);
	return seq_open(file, de->seq_ops);
}

static int proc_seq_release(struct inode *inode, struct file *file)
{
	struct kemu_pde *de = kemu_pde_of_inode(inode);

	if (de->state_size)
		return seq_release_private(inode, file);
	return seq_release(inode, file);
}

const struct proc_ops kemu_proc_seq_ops = {
	.proc_open = proc_seq_open,
	.proc_read_iter = seq_read_iter,
	.proc_lseek = seq_lseek,
	.proc_release = proc_seq_release,
};
