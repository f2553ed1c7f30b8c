/* kemu: include/linux/cdev.h - struct cdev as Linux 6.1 has it, except that the embedded
 * kobject is a stand-in carrying only a name and a reference count (cdevs are not in sysfs). */
#ifndef _LINUX_CDEV_H
#define _LINUX_CDEV_H
#include <linux/types.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/fs.h>
#include <linux/atomic.h>

struct kemu_cdev_kobj {
	const char *name;
	atomic_t refcount;
};

struct module;
struct device;

struct cdev {
	struct kemu_cdev_kobj kobj;
	struct module *owner;
	const struct file_operations *ops;
	struct list_head list;
	dev_t dev;
	unsigned int count;
	/* kemu: cdev_add's map entry (kobj_map) and whether cdev_alloc made it */
	struct cdev *kemu_next;
	int kemu_dynamic;
};

void cdev_init(struct cdev *, const struct file_operations *);
struct cdev *cdev_alloc(void);
void cdev_put(struct cdev *p);
int cdev_add(struct cdev *, dev_t, unsigned);
struct kobject;
void cdev_set_parent(struct cdev *p, struct kobject *kobj);
int cdev_device_add(struct cdev *cdev, struct device *dev);
void cdev_device_del(struct cdev *cdev, struct device *dev);
void cdev_del(struct cdev *);
void cd_forget(struct inode *);

#endif
