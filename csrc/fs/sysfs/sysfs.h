/* kemu: fs/sysfs/sysfs.h - one attribute file: show fills a page, store takes a chunk. */
#ifndef _KEMU_SYSFS_H
#define _KEMU_SYSFS_H
#include <linux/types.h>
struct inode;
struct kobject;

struct kemu_sysfs_file {
	ssize_t (*show)(struct kemu_sysfs_file *sf, char *page);
	ssize_t (*store)(struct kemu_sysfs_file *sf, const char *buf, size_t len);
	void *show_fn;			/* for the "returned bad count" report */
	struct inode *inode;
	char *dir;			/* directory when not the kobject's own (groups) */
};

int kemu_sysfs_add_file(const char *dir, const char *name, umode_t mode, struct kemu_sysfs_file *sf);
void kemu_sysfs_remove_file(const char *dir, const char *name, struct kemu_sysfs_file *sf);
void kemu_sysfs_remove_kobj_files(struct kobject *kobj);
#endif
