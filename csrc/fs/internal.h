/* kemu: fs/internal.h - what the C half of the VFS shares: the era-independent view of a
 * struct file_operations (2.2 and 2.4 modules lay it out differently, see <linux/fs.h>). */
#ifndef _KEMU_FS_INTERNAL_H
#define _KEMU_FS_INTERNAL_H
#include <linux/fs.h>

enum kemu_fop {
	FOP_OWNER, FOP_LLSEEK, FOP_READ, FOP_WRITE, FOP_POLL, FOP_IOCTL, FOP_UNLOCKED_IOCTL,
	FOP_COMPAT_IOCTL, FOP_MMAP, FOP_OPEN, FOP_FLUSH, FOP_RELEASE, FOP_FASYNC, FOP_NR
};

extern int kemu_version_code;

/*
 * The core is compiled once, with 6.x's struct file_operations; its own tables (def_chr_fops,
 * misc_fops...) carry this mark so that kemu_fop reads them in that layout whatever era the
 * running kernel emulates. Put KEMU_CORE_FOPS in every file_operations the core defines.
 */
#define KEMU_CORE_FOPS_MAGIC 0x6b656d75UL
#define KEMU_CORE_FOPS .mmap_supported_flags = KEMU_CORE_FOPS_MAGIC

/* the field of fops in the running kernel's layout; NULL when that era has no such field */
void *kemu_fop(const struct file_operations *fops, enum kemu_fop which);
#define FOP(fops, which, type) ((type)kemu_fop((fops), (which)))

/* fs/file_table.c: a C struct inode for a TS inode (char device node, proc or sysctl file) */
struct inode *kemu_inode_alloc(unsigned int mode, unsigned int rdev, unsigned long ino,
			       const struct file_operations *fops, void *private);

/* fs/char_dev.c: the cdev reference an open char device file holds, dropped at its last fput */
void kemu_chrdev_fput(struct file *f);

/* fs/read_write.c and fs/select.c: what the TS system calls enter */
long kemu_vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg);
__poll_t kemu_vfs_poll(struct file *f, __poll_t events);

#endif
