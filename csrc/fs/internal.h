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

/* the field of fops in the running kernel's layout; NULL when that era has no such field */
void *kemu_fop(const struct file_operations *fops, enum kemu_fop which);
#define FOP(fops, which, type) ((type)kemu_fop((fops), (which)))

/* fs/file_table.c: a C struct inode for a TS inode (char device node, proc or sysctl file) */
struct inode *kemu_inode_alloc(unsigned int mode, unsigned int rdev, unsigned long ino,
			       const struct file_operations *fops, void *private);

#endif
