// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/char_dev.c - device number ranges (register_chrdev_region and friends, dynamic majors
 * from 254 down as Linux 6.1 gives them), struct cdev and chrdev_open. Differs: kobj_map is a
 * plain list (same lookup rule: the smallest range holding the number, the newest on a tie);
 * cdevs have no sysfs kobject; /proc/devices text comes from kemu_chrdev_show for TS to serve.
 * A char node's struct inode is made by kemu_chrdev_inode (TS calls it on the first open). */
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/major.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sprintf.h>
#include <linux/export.h>
#include "internal.h"

#define CHRDEV_MAJOR_HASH_SIZE 255

/* ts/fs/char_dev.ts: char nodes whose number has a cdev open through chrdev_open from now on */
extern void kemu_chrdev_hook(void);

static DEFINE_MUTEX(chrdevs_lock);

struct char_device_struct {
	struct char_device_struct *next;
	unsigned int major;
	unsigned int baseminor;
	int minorct;
	char name[64];
	struct cdev *cdev;		/* will die */
};

static struct char_device_struct *chrdevs[CHRDEV_MAJOR_HASH_SIZE];

/* what a booted kernel already holds: /dev/mem's major and the misc major (drivers/char) */
static struct char_device_struct boot_mem = { .major = MEM_MAJOR, .baseminor = 0, .minorct = 256, .name = "mem" };
static struct char_device_struct boot_misc = { .major = MISC_MAJOR, .baseminor = 0, .minorct = 256, .name = "misc" };
static int chrdevs_booted;

static inline int major_to_index(unsigned major)
{
	return major % CHRDEV_MAJOR_HASH_SIZE;
}

static void chrdev_boot(void)
{
	if (chrdevs_booted)
		return;
	chrdevs_booted = 1;
	chrdevs[major_to_index(MEM_MAJOR)] = &boot_mem;
	chrdevs[major_to_index(MISC_MAJOR)] = &boot_misc;
}

/* fs/proc/devices.c's "Character devices:" part of /proc/devices; returns the length */
int kemu_chrdev_show(char *buf, int size)
{
	struct char_device_struct *cd;
	int off, n = 0;

	chrdev_boot();
	n += scnprintf(buf + n, size - n, "Character devices:\n");
	for (off = 0; off < CHRDEV_MAJOR_MAX; off++)
		for (cd = chrdevs[major_to_index(off)]; cd; cd = cd->next)
			if (cd->major == off)
				n += scnprintf(buf + n, size - n, "%3d %s\n", cd->major, cd->name);
	return n;
}

static int find_dynamic_major(void)
{
	int i;
	struct char_device_struct *cd;

	for (i = ARRAY_SIZE(chrdevs) - 1; i >= CHRDEV_MAJOR_DYN_END; i--) {
		if (chrdevs[i] == NULL)
			return i;
	}
	for (i = CHRDEV_MAJOR_DYN_EXT_START; i >= CHRDEV_MAJOR_DYN_EXT_END; i--) {
		for (cd = chrdevs[major_to_index(i)]; cd; cd = cd->next)
			if (cd->major == i)
				break;
		if (cd == NULL)
			return i;
	}
	return -EBUSY;
}

static struct char_device_struct *
__register_chrdev_region(unsigned int major, unsigned int baseminor, int minorct, const char *name)
{
	struct char_device_struct *cd, *curr, *prev = NULL;
	int ret;
	int i;

	if (major >= CHRDEV_MAJOR_MAX) {
		pr_err("CHRDEV \"%s\" major requested (%u) is greater than the maximum (%u)\n",
		       name, major, CHRDEV_MAJOR_MAX - 1);
		return ERR_PTR(-EINVAL);
	}
	if (minorct > MINORMASK + 1 - baseminor) {
		pr_err("CHRDEV \"%s\" minor range requested (%u-%u) is out of range of maximum range (%u-%u) for a single major\n",
		       name, baseminor, baseminor + minorct - 1, 0, MINORMASK);
		return ERR_PTR(-EINVAL);
	}
	cd = kzalloc(sizeof(struct char_device_struct), GFP_KERNEL);
	if (cd == NULL)
		return ERR_PTR(-ENOMEM);

	mutex_lock(&chrdevs_lock);
	chrdev_boot();
	if (major == 0) {
		ret = find_dynamic_major();
		if (ret < 0) {
			pr_err("CHRDEV \"%s\" dynamic allocation region is full\n", name);
			goto out;
		}
		major = ret;
	}

	ret = -EBUSY;
	i = major_to_index(major);
	for (curr = chrdevs[i]; curr; prev = curr, curr = curr->next) {
		if (curr->major < major)
			continue;
		if (curr->major > major)
			break;
		if (curr->baseminor + curr->minorct <= baseminor)
			continue;
		if (curr->baseminor >= baseminor + minorct)
			break;
		goto out;
	}

	cd->major = major;
	cd->baseminor = baseminor;
	cd->minorct = minorct;
	strscpy(cd->name, name, sizeof(cd->name));

	if (!prev) {
		cd->next = curr;
		chrdevs[i] = cd;
	} else {
		cd->next = prev->next;
		prev->next = cd;
	}
	mutex_unlock(&chrdevs_lock);
	return cd;
out:
	mutex_unlock(&chrdevs_lock);
	kfree(cd);
	return ERR_PTR(ret);
}

static struct char_device_struct *
__unregister_chrdev_region(unsigned major, unsigned baseminor, int minorct)
{
	struct char_device_struct *cd = NULL, **cp;
	int i = major_to_index(major);

	mutex_lock(&chrdevs_lock);
	chrdev_boot();
	for (cp = &chrdevs[i]; *cp; cp = &(*cp)->next)
		if ((*cp)->major == major && (*cp)->baseminor == baseminor && (*cp)->minorct == minorct)
			break;
	if (*cp) {
		cd = *cp;
		*cp = cd->next;
	}
	mutex_unlock(&chrdevs_lock);
	return cd;
}

static void free_cd(struct char_device_struct *cd)
{
	if (cd != &boot_mem && cd != &boot_misc)
		kfree(cd);
}

int register_chrdev_region(dev_t from, unsigned count, const char *name)
{
	struct char_device_struct *cd;
	dev_t to = from + count;
	dev_t n, next;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		cd = __register_chrdev_region(MAJOR(n), MINOR(n), next - n, name);
		if (IS_ERR(cd))
			goto fail;
	}
	return 0;
fail:
	to = n;
	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		free_cd(__unregister_chrdev_region(MAJOR(n), MINOR(n), next - n));
	}
	return PTR_ERR(cd);
}
EXPORT_SYMBOL(register_chrdev_region);

int alloc_chrdev_region(dev_t *dev, unsigned baseminor, unsigned count, const char *name)
{
	struct char_device_struct *cd;

	cd = __register_chrdev_region(0, baseminor, count, name);
	if (IS_ERR(cd))
		return PTR_ERR(cd);
	*dev = MKDEV(cd->major, cd->baseminor);
	return 0;
}
EXPORT_SYMBOL(alloc_chrdev_region);

void unregister_chrdev_region(dev_t from, unsigned count)
{
	dev_t to = from + count;
	dev_t n, next;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		free_cd(__unregister_chrdev_region(MAJOR(n), MINOR(n), next - n));
	}
}
EXPORT_SYMBOL(unregister_chrdev_region);

/* ---- kobj_map: dev_t -> cdev ---- */

static struct cdev *cdev_map;

static struct cdev *cdev_lookup(dev_t dev)
{
	struct cdev *p, *best = NULL;

	for (p = cdev_map; p; p = p->kemu_next)
		if (dev >= p->dev && dev - p->dev < p->count && (!best || p->count < best->count))
			best = p;
	return best;
}

/* TS asks before it sends an open of a char node to chrdev_open */
int kemu_cdev_exists(dev_t dev)
{
	return cdev_lookup(dev) != NULL;
}

static struct cdev *cdev_get(struct cdev *p)
{
	struct module *owner = p->owner;

	if (owner && !try_module_get(owner))
		return NULL;
	atomic_inc(&p->kobj.refcount);
	return p;
}

/* kobject_put(&p->kobj): cdev_dynamic_release frees what cdev_alloc made */
static void cdev_kobj_put(struct cdev *p)
{
	if (atomic_dec_and_test(&p->kobj.refcount) && p->kemu_dynamic)
		kfree(p);
}

void cdev_put(struct cdev *p)
{
	struct module *owner;

	if (!p)
		return;
	owner = p->owner;
	cdev_kobj_put(p);
	module_put(owner);
}

/* chrdev_open: find the cdev (cached in inode->i_cdev), then its fops replace def_chr_fops */
int chrdev_open(struct inode *inode, struct file *filp)
{
	const struct file_operations *fops;
	struct cdev *p;
	int ret = 0;
	int (*open)(struct inode *, struct file *);

	mutex_lock(&chrdevs_lock);
	p = inode->i_cdev;
	if (!p) {
		struct cdev *new = cdev_lookup(inode->i_rdev);

		if (!new || !cdev_get(new)) {
			mutex_unlock(&chrdevs_lock);
			return -ENXIO;
		}
		p = inode->i_cdev = new;
		list_add(&inode->i_devices, &p->list);
	} else if (!cdev_get(p)) {
		ret = -ENXIO;
	}
	mutex_unlock(&chrdevs_lock);
	if (ret)
		return ret;

	ret = -ENXIO;
	fops = p->ops;
	if (!fops)
		goto out_cdev_put;
	if (FOP(fops, FOP_OWNER, struct module *) && !try_module_get(FOP(fops, FOP_OWNER, struct module *)))
		goto out_cdev_put;
	/* replace_fops: def_chr_fops has no owner to put */
	filp->f_op = fops;
	open = FOP(fops, FOP_OPEN, int (*)(struct inode *, struct file *));
	if (open) {
		ret = open(inode, filp);
		if (ret)
			goto out_cdev_put;
	}
	return 0;

out_cdev_put:
	cdev_put(p);
	return ret;
}

/* called at the last fput of a char device file (__fput) */
void kemu_chrdev_fput(struct file *f)
{
	struct inode *inode = f->f_inode;

	if (S_ISCHR(inode->i_mode) && inode->i_cdev && inode->i_fop == &def_chr_fops)
		cdev_put(inode->i_cdev);
}

void cd_forget(struct inode *inode)
{
	mutex_lock(&chrdevs_lock);
	list_del_init(&inode->i_devices);
	inode->i_cdev = NULL;
	mutex_unlock(&chrdevs_lock);
}

static void cdev_purge(struct cdev *cdev)
{
	mutex_lock(&chrdevs_lock);
	while (!list_empty(&cdev->list)) {
		struct inode *inode;

		inode = container_of(cdev->list.next, struct inode, i_devices);
		list_del_init(&inode->i_devices);
		inode->i_cdev = NULL;
	}
	mutex_unlock(&chrdevs_lock);
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
	.llseek = noop_llseek,
	KEMU_CORE_FOPS,
};

/* the struct inode of a char node TS made (mknod, devtmpfs): opens go through def_chr_fops */
struct inode *kemu_chrdev_inode(unsigned int mode, dev_t rdev, unsigned long ino)
{
	return kemu_inode_alloc(mode, rdev, ino, &def_chr_fops, NULL);
}

int cdev_add(struct cdev *p, dev_t dev, unsigned count)
{
	struct cdev **s;

	p->dev = dev;
	p->count = count;
	if (WARN_ON(dev == MKDEV(0, 0) && count == 1))	/* WHITEOUT_DEV */
		return -EBUSY;
	mutex_lock(&chrdevs_lock);
	for (s = &cdev_map; *s && (*s)->count < count; s = &(*s)->kemu_next)
		;
	p->kemu_next = *s;
	*s = p;
	mutex_unlock(&chrdevs_lock);
	kemu_chrdev_hook();
	return 0;
}
EXPORT_SYMBOL(cdev_add);

void cdev_set_parent(struct cdev *p, struct kobject *kobj)
{
}
EXPORT_SYMBOL(cdev_set_parent);

static void cdev_unmap(struct cdev *p)
{
	struct cdev **s;

	mutex_lock(&chrdevs_lock);
	for (s = &cdev_map; *s; s = &(*s)->kemu_next) {
		if (*s == p) {
			*s = p->kemu_next;
			break;
		}
	}
	mutex_unlock(&chrdevs_lock);
}

/* open files keep the cdev (and its module) until their last close, as in Linux */
void cdev_del(struct cdev *p)
{
	cdev_unmap(p);
	cdev_purge(p);
	cdev_kobj_put(p);
}
EXPORT_SYMBOL(cdev_del);

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof *cdev);
	INIT_LIST_HEAD(&cdev->list);
	atomic_set(&cdev->kobj.refcount, 1);
	cdev->ops = fops;
}
EXPORT_SYMBOL(cdev_init);

struct cdev *cdev_alloc(void)
{
	struct cdev *p = kzalloc(sizeof(struct cdev), GFP_KERNEL);

	if (p) {
		INIT_LIST_HEAD(&p->list);
		atomic_set(&p->kobj.refcount, 1);
		p->kemu_dynamic = 1;
	}
	return p;
}
EXPORT_SYMBOL(cdev_alloc);

int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		      const char *name, const struct file_operations *fops)
{
	struct char_device_struct *cd;
	struct cdev *cdev;
	int err = -ENOMEM;

	cd = __register_chrdev_region(major, baseminor, count, name);
	if (IS_ERR(cd))
		return PTR_ERR(cd);

	cdev = cdev_alloc();
	if (!cdev)
		goto out2;

	cdev->owner = FOP(fops, FOP_OWNER, struct module *);
	cdev->ops = fops;
	cdev->kobj.name = cd->name;	/* kobject_set_name(&cdev->kobj, "%s", name) */

	err = cdev_add(cdev, MKDEV(cd->major, baseminor), count);
	if (err)
		goto out;

	cd->cdev = cdev;

	return major ? 0 : cd->major;
out:
	cdev_kobj_put(cdev);
out2:
	free_cd(__unregister_chrdev_region(cd->major, baseminor, count));
	return err;
}
EXPORT_SYMBOL(__register_chrdev);

void __unregister_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char *name)
{
	struct char_device_struct *cd;

	cd = __unregister_chrdev_region(major, baseminor, count);
	if (cd && cd->cdev)
		cdev_del(cd->cdev);
	if (cd)
		free_cd(cd);
}
EXPORT_SYMBOL(__unregister_chrdev);
