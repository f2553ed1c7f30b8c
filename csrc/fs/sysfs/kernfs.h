/* kemu: the TS half of kernfs (ts/fs/kernfs.ts): directories and kernel-backed files at
 * absolute paths of the VFS (/sys, /sys/kernel/debug). */
#ifndef _KEMU_KERNFS_H
#define _KEMU_KERNFS_H
struct inode;
extern int kemu_kernfs_mkdir(const char *path, unsigned int mode);
extern void kemu_kernfs_rmdir(const char *path);
extern int kemu_kernfs_add(const char *path, struct inode *inode, unsigned int mode);
extern void kemu_kernfs_del(const char *path);
#endif
