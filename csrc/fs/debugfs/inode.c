// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/debugfs/inode.c and file.c - debugfs mounted at /sys/kernel/debug. A dentry here
 * is a C struct dentry whose d_fsdata is its path; files carry the module's file_operations
 * (no full_proxy_fops: a file left open after its module removed it is the module's problem,
 * as without the proxy). debugfs_remove() is recursive, as since 5.x. */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/list.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/atomic.h>
#include "../internal.h"
#include "../sysfs/kernfs.h"

#define DEBUGFS_ROOT "/sys/kernel/debug"

struct debugfs_node {
	struct dentry dentry;
	struct list_head list;
	struct debugfs_node *parent;
	bool dir;
	char path[];
};

static LIST_HEAD(nodes);

bool debugfs_initialized(void)
{
	return true;
}
EXPORT_SYMBOL_GPL(debugfs_initialized);

static struct debugfs_node *node_of(struct dentry *d)
{
	return d ? container_of(d, struct debugfs_node, dentry) : NULL;
}

static struct debugfs_node *new_node(const char *name, struct dentry *parent, bool dir)
{
	struct debugfs_node *p = node_of(parent);
	const char *base = p ? p->path : DEBUGFS_ROOT;
	size_t len = strlen(base) + strlen(name) + 2;
	struct debugfs_node *n;

	if (p && !p->dir)
		return ERR_PTR(-ENOTDIR);
	n = kzalloc(sizeof(*n) + len, GFP_KERNEL);
	if (!n)
		return ERR_PTR(-ENOMEM);
	snprintf(n->path, len, "%s/%s", base, name);
	n->parent = p;
	n->dir = dir;
	n->dentry.d_name.name = (const unsigned char *)(n->path + strlen(base) + 1);
	n->dentry.d_name.len = strlen(name);
	n->dentry.d_parent = parent ? parent : &n->dentry;
	n->dentry.d_fsdata = n->path;
	return n;
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	struct debugfs_node *n;
	int err;

	if (IS_ERR(parent))
		return parent;
	n = new_node(name, parent, true);
	if (IS_ERR(n))
		return ERR_CAST(n);
	err = kemu_kernfs_mkdir(n->path, 0755);
	if (err) {
		if (err == -EEXIST)
			pr_err("Directory '%s' with parent '%s' already present!\n", name,
			       parent ? (const char *)parent->d_name.name : "/");
		kfree(n);
		return ERR_PTR(err);
	}
	list_add_tail(&n->list, &nodes);
	return &n->dentry;
}
EXPORT_SYMBOL_GPL(debugfs_create_dir);

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data,
				   const struct file_operations *fops)
{
	struct debugfs_node *n;
	struct inode *inode;
	int err;

	if (IS_ERR(parent))
		return parent;
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	n = new_node(name, parent, false);
	if (IS_ERR(n))
		return ERR_CAST(n);
	inode = kemu_inode_alloc(mode, 0, 0, fops, data);
	if (!inode) {
		kfree(n);
		return ERR_PTR(-ENOMEM);
	}
	err = kemu_kernfs_add(n->path, inode, mode & 0777);
	if (err) {
		if (err == -EEXIST)
			pr_err("File '%s' in directory '%s' already present!\n", name,
			       parent ? (const char *)parent->d_name.name : "/");
		kfree(inode);
		kfree(n);
		return ERR_PTR(err);
	}
	n->dentry.d_inode = inode;
	list_add_tail(&n->list, &nodes);
	return &n->dentry;
}
EXPORT_SYMBOL_GPL(debugfs_create_file);

struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode, struct dentry *parent, void *data,
					  const struct file_operations *fops)
{
	return debugfs_create_file(name, mode, parent, data, fops);
}
EXPORT_SYMBOL_GPL(debugfs_create_file_unsafe);

void debugfs_create_file_size(const char *name, umode_t mode, struct dentry *parent, void *data,
			      const struct file_operations *fops, loff_t file_size)
{
	struct dentry *d = debugfs_create_file(name, mode, parent, data, fops);

	if (!IS_ERR(d))
		d->d_inode->i_size = file_size;
}
EXPORT_SYMBOL_GPL(debugfs_create_file_size);

static void remove_node(struct debugfs_node *n)
{
	struct debugfs_node *c, *t;

	if (n->dir) {
		list_for_each_entry_safe(c, t, &nodes, list)
			if (c->parent == n)
				remove_node(c);
		kemu_kernfs_rmdir(n->path);
	} else {
		kemu_kernfs_del(n->path);
		if (n->dentry.d_inode && !atomic_read(&n->dentry.d_inode->i_count))
			kfree(n->dentry.d_inode);
	}
	list_del(&n->list);
	kfree(n);
}

void debugfs_remove(struct dentry *dentry)
{
	if (IS_ERR_OR_NULL(dentry))
		return;
	remove_node(node_of(dentry));
}
EXPORT_SYMBOL_GPL(debugfs_remove);

/* ---- the value files (fs/debugfs/file.c) ---- */

#define VALUE_FILE(name, type, fmt, signed_)						\
static int name##_get(void *data, u64 *val) { *val = *(type *)data; return 0; }		\
static int name##_set(void *data, u64 val) { *(type *)data = (type)val; return 0; }	\
DEFINE_SIMPLE_ATTRIBUTE_XSIGNED(fops_##name, name##_get, name##_set, fmt, signed_);	\
DEFINE_SIMPLE_ATTRIBUTE_XSIGNED(fops_##name##_ro, name##_get, NULL, fmt, signed_);	\
DEFINE_SIMPLE_ATTRIBUTE_XSIGNED(fops_##name##_wo, NULL, name##_set, fmt, signed_);	\
void debugfs_create_##name(const char *n, umode_t mode, struct dentry *parent, type *value) \
{											\
	const struct file_operations *f = &fops_##name;					\
											\
	if (!(mode & 0222))								\
		f = &fops_##name##_ro;							\
	else if (!(mode & 0444))							\
		f = &fops_##name##_wo;							\
	debugfs_create_file(n, mode, parent, value, f);					\
}											\
EXPORT_SYMBOL_GPL(debugfs_create_##name);

VALUE_FILE(u8, u8, "%llu\n", false)
VALUE_FILE(u16, u16, "%llu\n", false)
VALUE_FILE(u32, u32, "%llu\n", false)
VALUE_FILE(u64, u64, "%llu\n", false)
VALUE_FILE(ulong, unsigned long, "%llu\n", false)
VALUE_FILE(x8, u8, "0x%02llx\n", false)
VALUE_FILE(x16, u16, "0x%04llx\n", false)
VALUE_FILE(x32, u32, "0x%08llx\n", false)
VALUE_FILE(x64, u64, "0x%016llx\n", false)
VALUE_FILE(size_t, size_t, "%llu\n", false)

static int atomic_t_get(void *data, u64 *val) { *val = atomic_read((atomic_t *)data); return 0; }
static int atomic_t_set(void *data, u64 val) { atomic_set((atomic_t *)data, val); return 0; }
DEFINE_SIMPLE_ATTRIBUTE_XSIGNED(fops_atomic_t, atomic_t_get, atomic_t_set, "%lld\n", true);
DEFINE_SIMPLE_ATTRIBUTE_XSIGNED(fops_atomic_t_ro, atomic_t_get, NULL, "%lld\n", true);
void debugfs_create_atomic_t(const char *name, umode_t mode, struct dentry *parent, atomic_t *value)
{
	debugfs_create_file(name, mode, parent, value, (mode & 0222) ? &fops_atomic_t : &fops_atomic_t_ro);
}
EXPORT_SYMBOL_GPL(debugfs_create_atomic_t);

static ssize_t bool_read(struct file *file, char __user *user_buf, size_t count, loff_t *ppos)
{
	char buf[2] = { *(bool *)file_inode(file)->i_private ? 'Y' : 'N', '\n' };

	return simple_read_from_buffer(user_buf, count, ppos, buf, 2);
}

static ssize_t bool_write(struct file *file, const char __user *user_buf, size_t count, loff_t *ppos)
{
	bool *val = file_inode(file)->i_private;
	char buf[8] = { 0 };
	size_t n = count < sizeof(buf) - 1 ? count : sizeof(buf) - 1;
	bool bv;
	int r;

	if (copy_from_user(buf, user_buf, n))
		return -EFAULT;
	r = kstrtobool(buf, &bv);
	if (r)
		return r;
	*val = bv;
	return count;
}

static const struct file_operations fops_bool = {
	.read = bool_read,
	.write = bool_write,
	.open = simple_open,
	.llseek = default_llseek,
};

void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value)
{
	debugfs_create_file(name, mode, parent, value, &fops_bool);
}
EXPORT_SYMBOL_GPL(debugfs_create_bool);

static ssize_t blob_read(struct file *file, char __user *user_buf, size_t count, loff_t *ppos)
{
	struct debugfs_blob_wrapper *blob = file_inode(file)->i_private;

	return simple_read_from_buffer(user_buf, count, ppos, blob->data, blob->size);
}

static const struct file_operations fops_blob = {
	.read = blob_read,
	.open = simple_open,
	.llseek = default_llseek,
};

struct dentry *debugfs_create_blob(const char *name, umode_t mode, struct dentry *parent,
				   struct debugfs_blob_wrapper *blob)
{
	return debugfs_create_file(name, mode & 0444, parent, blob, &fops_blob);
}
EXPORT_SYMBOL_GPL(debugfs_create_blob);
