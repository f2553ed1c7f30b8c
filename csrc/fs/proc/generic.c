// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/proc/generic.c (and 2.2's fs/proc/root.c proc_register) - the /proc entry tree of
 * every era: 2.2's proc_register/proc_unregister of a module's own struct, 2.4-3.9's
 * create_proc_entry, proc_create* (file_operations before 5.6, proc_ops after), proc_mkdir*,
 * proc_symlink, remove_proc_entry/remove_proc_subtree/proc_remove with 6.1's warnings, and
 * proc_create_single/seq. Entries live here in C; TS makes the VFS nodes under /proc
 * (kemu_proc_add/kemu_proc_del, ts/fs/proc/generic.ts). Differs: children are kept in
 * registration order (Linux: an rbtree by name); the core's directories driver, fs, bus and tty
 * appear when the first module uses procfs; duplicate names that old kernels accepted stay
 * registered but invisible until the first one goes. */
#define __KEMU_PROC_CORE
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/completion.h>
#include "pde.h"

extern int kemu_proc_add(struct kemu_pde *parent, struct kemu_pde *de, const char *name, unsigned int mode,
			 struct inode *inode, const char *link, unsigned int uid, unsigned int gid, unsigned int ino);
extern void kemu_proc_del(struct kemu_pde *parent, struct kemu_pde *de, const char *name);

#define V(a, b, c) KERNEL_VERSION(a, b, c)

/* ---- the era layouts ---- */

struct pfield {
	unsigned short off;
	unsigned char size;	/* 0: not in this era */
};

#define PF(T, f) { offsetof(struct T, f), sizeof(((struct T *)0)->f) }
#define PF_NONE { 0, 0 }

static const struct pfield pf22[PF_NR] = {
	[PF_LOW_INO] = PF(kemu_pde22, low_ino), [PF_NAMELEN] = PF(kemu_pde22, namelen),
	[PF_NAME] = PF(kemu_pde22, name), [PF_MODE] = PF(kemu_pde22, mode), [PF_NLINK] = PF(kemu_pde22, nlink),
	[PF_UID] = PF(kemu_pde22, uid), [PF_GID] = PF(kemu_pde22, gid), [PF_SIZE] = PF(kemu_pde22, size),
	[PF_IOPS] = PF(kemu_pde22, ops), [PF_FOPS] = PF_NONE, [PF_GET_INFO] = PF(kemu_pde22, get_info),
	[PF_FILL_INODE] = PF(kemu_pde22, fill_inode), [PF_OWNER] = PF_NONE,
	[PF_NEXT] = PF(kemu_pde22, next), [PF_PARENT] = PF(kemu_pde22, parent), [PF_SUBDIR] = PF(kemu_pde22, subdir),
	[PF_DATA] = PF(kemu_pde22, data), [PF_READ_PROC] = PF(kemu_pde22, read_proc),
	[PF_WRITE_PROC] = PF(kemu_pde22, write_proc),
};
static const struct pfield pf24[PF_NR] = {
	[PF_LOW_INO] = PF(kemu_pde24, low_ino), [PF_NAMELEN] = PF(kemu_pde24, namelen),
	[PF_NAME] = PF(kemu_pde24, name), [PF_MODE] = PF(kemu_pde24, mode), [PF_NLINK] = PF(kemu_pde24, nlink),
	[PF_UID] = PF(kemu_pde24, uid), [PF_GID] = PF(kemu_pde24, gid), [PF_SIZE] = PF(kemu_pde24, size),
	[PF_IOPS] = PF(kemu_pde24, proc_iops), [PF_FOPS] = PF(kemu_pde24, proc_fops),
	[PF_GET_INFO] = PF(kemu_pde24, get_info), [PF_FILL_INODE] = PF_NONE, [PF_OWNER] = PF(kemu_pde24, owner),
	[PF_NEXT] = PF(kemu_pde24, next), [PF_PARENT] = PF(kemu_pde24, parent), [PF_SUBDIR] = PF(kemu_pde24, subdir),
	[PF_DATA] = PF(kemu_pde24, data), [PF_READ_PROC] = PF(kemu_pde24, read_proc),
	[PF_WRITE_PROC] = PF(kemu_pde24, write_proc),
};
static const struct pfield pf26[PF_NR] = {
	[PF_LOW_INO] = PF(kemu_pde26, low_ino), [PF_NAMELEN] = PF(kemu_pde26, namelen),
	[PF_NAME] = PF(kemu_pde26, name), [PF_MODE] = PF(kemu_pde26, mode), [PF_NLINK] = PF(kemu_pde26, nlink),
	[PF_UID] = PF(kemu_pde26, uid), [PF_GID] = PF(kemu_pde26, gid), [PF_SIZE] = PF(kemu_pde26, size),
	[PF_IOPS] = PF(kemu_pde26, proc_iops), [PF_FOPS] = PF(kemu_pde26, proc_fops),
	[PF_GET_INFO] = PF(kemu_pde26, get_info), [PF_FILL_INODE] = PF_NONE, [PF_OWNER] = PF(kemu_pde26, owner),
	[PF_NEXT] = PF(kemu_pde26, next), [PF_PARENT] = PF(kemu_pde26, parent), [PF_SUBDIR] = PF(kemu_pde26, subdir),
	[PF_DATA] = PF(kemu_pde26, data), [PF_READ_PROC] = PF(kemu_pde26, read_proc),
	[PF_WRITE_PROC] = PF(kemu_pde26, write_proc),
};

static const struct pfield *layout(void)
{
	if (kemu_version_code < V(2, 4, 0))
		return pf22;
	if (kemu_version_code < V(2, 6, 0))
		return pf24;
	return pf26;	/* also the kernel-private layout of 3.10+ */
}

/* a field of the module-visible entry, as an unsigned long (sizes are at most 4 bytes except 2.6's loff_t size) */
unsigned long pde_get(const struct kemu_pde *de, int field)
{
	const struct pfield *f = &layout()[field];
	const char *p = (const char *)de->ent + f->off;

	switch (f->size) {
	case 2: return *(const unsigned short *)p;
	case 4: return *(const unsigned int *)p;
	case 8: return (unsigned long)*(const unsigned long long *)p;
	default: return 0;
	}
}

void pde_set(struct kemu_pde *de, int field, unsigned long v)
{
	const struct pfield *f = &layout()[field];
	char *p = (char *)de->ent + f->off;

	switch (f->size) {
	case 2: *(unsigned short *)p = v; break;
	case 4: *(unsigned int *)p = v; break;
	case 8: *(unsigned long long *)p = v; break;
	}
}

void *pde_data_of(const struct kemu_pde *de)
{
	return (void *)pde_get(de, PF_DATA);
}

/* ---- the tree ---- */

/* the root: /proc itself (6.1 names it "/proc", which the warnings show) */
struct kemu_pde proc_root = {
	.ent = &proc_root,
	.name = "/proc",
	.namelen = 5,
	.mode = S_IFDIR | S_IRUGO | S_IXUGO,
	.subdir = LIST_HEAD_INIT(proc_root.subdir),
	.sibling = LIST_HEAD_INIT(proc_root.sibling),
	.all = LIST_HEAD_INIT(proc_root.all),
	.openers = LIST_HEAD_INIT(proc_root.openers),
	.flags = PDE_F_PERMANENT,
	.refcnt = 1,
};

static LIST_HEAD(all_pdes);
static LIST_HEAD(zombies);	/* removed entries whose inode is still open */
static bool proc_ready;

static struct kemu_pde *pde_driver, *pde_fs, *pde_bus, *pde_tty;
/* 2.4 - 2.6.25 exported these directories */
struct proc_dir_entry *proc_root_fs, *proc_root_driver, *proc_bus;
EXPORT_SYMBOL(proc_root_fs);
EXPORT_SYMBOL(proc_root_driver);
EXPORT_SYMBOL(proc_bus);
EXPORT_SYMBOL(proc_root);

static struct kemu_pde *root(void)
{
	return &proc_root;
}

static const char *pde_name(const struct kemu_pde *de)
{
	return de->name;
}

static void proc_init_once(void);

/* the kernel's entry of a module-visible pointer (NULL: /proc) */
static struct kemu_pde *pde_of_ent(const void *ent)
{
	struct kemu_pde *de;

	if (!ent || ent == (void *)&proc_root)
		return root();
	list_for_each_entry(de, &all_pdes, all)
		if (de->ent == ent)
			return de;
	return NULL;
}

struct kemu_pde *kemu_pde_of_inode(const struct inode *inode)
{
	if (!inode || inode->i_fop != kemu_proc_reg_fops())
		return NULL;
	return container_of(inode, struct proc_inode, vfs_inode)->pde;
}

static struct kemu_pde *find_child(struct kemu_pde *dir, const char *name, unsigned int len)
{
	struct kemu_pde *de;

	list_for_each_entry(de, &dir->subdir, sibling)
		if (de->namelen == len && !memcmp(de->name, name, len))
			return de;
	return NULL;
}

/* __xlate_proc_name: "a/b/c" from *ret (or /proc) -> the directory of "c", and "c" */
static int xlate_proc_name(const char *name, struct kemu_pde **ret, const char **residual)
{
	const char *cp = name, *next;
	struct kemu_pde *de = *ret;

	while ((next = strchr(cp, '/')) != NULL) {
		de = find_child(de, cp, next - cp);
		if (!de) {
			WARN(1, "name '%s'\n", name);
			return -ENOENT;
		}
		cp = next + 1;
	}
	*residual = cp;
	*ret = de;
	return 0;
}

/* the lowest free inode number from the era's PROC_DYNAMIC_FIRST */
static unsigned int alloc_inum(void)
{
	unsigned int base = kemu_version_code < V(2, 6, 0) ? 4096 : 0xF0000000U;
	unsigned int ino = base;
	struct kemu_pde *de;
	bool again = true;

	while (again) {
		again = false;
		list_for_each_entry(de, &all_pdes, all) {
			if (de->low_ino == ino) {
				ino++;
				again = true;
				break;
			}
		}
	}
	return ino;
}

static void reap_zombies(void)
{
	struct kemu_pde *de, *n;

	list_for_each_entry_safe(de, n, &zombies, all) {
		if (de->inode && atomic_read(&de->inode->vfs_inode.i_count))
			continue;
		list_del(&de->all);
		kfree(de->inode);
		kfree(de->name);
		kfree(de->link);
		kfree(de);
	}
}

static struct kemu_pde *pde_alloc(const char *name, unsigned int len, umode_t mode, nlink_t nlink)
{
	struct kemu_pde *de = kzalloc(sizeof(*de), GFP_KERNEL);

	if (!de)
		return NULL;
	de->name = kmalloc(len + 1, GFP_KERNEL);
	if (!de->name) {
		kfree(de);
		return NULL;
	}
	memcpy(de->name, name, len);
	de->name[len] = 0;
	de->namelen = len;
	de->mode = mode;
	de->ent = &de->pub;
	INIT_LIST_HEAD(&de->subdir);
	INIT_LIST_HEAD(&de->sibling);
	INIT_LIST_HEAD(&de->all);
	INIT_LIST_HEAD(&de->openers);
	de->refcnt = 1;
	/* the module-visible fields an old module reads back */
	pde_set(de, PF_NAMELEN, len);
	pde_set(de, PF_NAME, (unsigned long)de->name);
	pde_set(de, PF_MODE, mode);
	pde_set(de, PF_NLINK, nlink);
	return de;
}

static void pde_free(struct kemu_pde *de)
{
	kfree(de->name);
	kfree(de->link);
	kfree(de);
}

void kemu_pde_put(struct kemu_pde *de)
{
	if (--de->refcnt)
		return;
	list_del(&de->all);
	if (de->inode && atomic_read(&de->inode->vfs_inode.i_count)) {
		/* a file is still open on it: freed once it is closed */
		list_add_tail(&de->all, &zombies);
		return;
	}
	kfree(de->inode);
	pde_free(de);
}

/* make the VFS node; -EEXIST when the name is taken there */
static int vfs_add(struct kemu_pde *dir, struct kemu_pde *de)
{
	struct inode *inode = NULL;
	unsigned int mode = pde_get(de, PF_MODE) ? pde_get(de, PF_MODE) : de->mode;

	if (S_ISREG(de->mode)) {
		inode = kemu_proc_inode(de);
		if (!inode)
			return -ENOMEM;
	}
	return kemu_proc_add(dir == root() ? NULL : dir, de, de->name, mode, inode, de->link,
			     pde_get(de, PF_UID), pde_get(de, PF_GID), de->low_ino);
}

static void link_ent(struct kemu_pde *dir, struct kemu_pde *dp)
{
	/* the old public next/parent/subdir chain, for modules that walk it */
	if (dir == root() || layout()[PF_SUBDIR].size == 0)
		return;
	pde_set(dp, PF_NEXT, pde_get(dir, PF_SUBDIR));
	pde_set(dir, PF_SUBDIR, (unsigned long)dp->ent);
}

static void unlink_ent(struct kemu_pde *dir, struct kemu_pde *dp)
{
	unsigned long cur, prev = 0;

	if (dir == root())
		return;
	for (cur = pde_get(dir, PF_SUBDIR); cur; prev = cur, cur = pde_get(pde_of_ent((void *)cur), PF_NEXT)) {
		struct kemu_pde *c = pde_of_ent((void *)cur);

		if (!c)
			return;
		if (c == dp) {
			if (prev)
				pde_set(pde_of_ent((void *)prev), PF_NEXT, pde_get(dp, PF_NEXT));
			else
				pde_set(dir, PF_SUBDIR, pde_get(dp, PF_NEXT));
			pde_set(dp, PF_NEXT, 0);
			return;
		}
	}
}

static void nlink_add(struct kemu_pde *dir, int n)
{
	if (dir != root())
		pde_set(dir, PF_NLINK, pde_get(dir, PF_NLINK) + n);
}

/* proc_register: give dp an inode number, put it under dir, make its /proc node */
static int pde_register(struct kemu_pde *dir, struct kemu_pde *dp)
{
	struct kemu_pde *dup = find_child(dir, dp->name, dp->namelen);
	int err;

	if (!dp->low_ino)
		dp->low_ino = alloc_inum();
	pde_set(dp, PF_LOW_INO, dp->low_ino);
	if (dup) {
		if (kemu_version_code >= V(3, 19, 0)) {
			WARN(1, "proc_dir_entry '%s/%s' already registered\n", pde_name(dir), dp->name);
			return -EEXIST;
		}
		if (kemu_version_code >= V(2, 6, 26)) {
			era_printk("4", "proc_dir_entry '%s/%s' already registered\n", pde_name(dir), dp->name);
			dump_stack();
		}
		dp->flags |= PDE_F_HIDDEN;
	} else {
		err = vfs_add(dir, dp);
		if (err == -EEXIST) {
			/* a name kemu's own /proc has (sys, self...): Linux has an entry there too */
			if (kemu_version_code >= V(3, 19, 0)) {
				WARN(1, "proc_dir_entry '%s/%s' already registered\n", pde_name(dir), dp->name);
				kfree(dp->inode);
				dp->inode = NULL;
				return -EEXIST;
			}
			dp->flags |= PDE_F_HIDDEN;
		} else if (err) {
			kfree(dp->inode);
			dp->inode = NULL;
			return err;
		}
	}
	dp->parent = dir;
	pde_set(dp, PF_PARENT, dir == root() ? (unsigned long)&proc_root : (unsigned long)dir->ent);
	list_add_tail(&dp->sibling, &dir->subdir);
	list_add_tail(&dp->all, &all_pdes);
	link_ent(dir, dp);
	if (S_ISDIR(dp->mode))
		nlink_add(dir, 1);
	return 0;
}

/* take dp out of its directory and out of /proc (rundown is the caller's) */
static void pde_unlink(struct kemu_pde *dp)
{
	struct kemu_pde *dir = dp->parent, *next;

	list_del_init(&dp->sibling);
	unlink_ent(dir, dp);
	if (S_ISDIR(dp->mode))
		nlink_add(dir, -1);
	dp->flags |= PDE_F_REMOVED;
	if (dp->flags & PDE_F_HIDDEN)
		return;
	kemu_proc_del(dir == root() ? NULL : dir, dp, dp->name);
	/* an old kernel's duplicate of the same name shows now */
	next = find_child(dir, dp->name, dp->namelen);
	if (next && (next->flags & PDE_F_HIDDEN) && !vfs_add(dir, next))
		next->flags &= ~PDE_F_HIDDEN;
}

static struct kemu_pde *builtin_dir(const char *name)
{
	struct kemu_pde *de = pde_alloc(name, strlen(name), S_IFDIR | S_IRUGO | S_IXUGO, 2);

	if (!de)
		return NULL;
	de->flags |= PDE_F_PERMANENT;
	if (pde_register(root(), de)) {
		pde_free(de);
		return NULL;
	}
	return de;
}

/* proc_root_init's directories, made when a module first uses procfs */
static void proc_init_once(void)
{
	reap_zombies();
	if (proc_ready)
		return;
	proc_ready = true;
	pde_fs = builtin_dir("fs");
	pde_driver = builtin_dir("driver");
	pde_bus = builtin_dir("bus");
	pde_tty = builtin_dir("tty");
	proc_root_fs = pde_fs ? pde_fs->ent : NULL;
	proc_root_driver = pde_driver ? pde_driver->ent : NULL;
	proc_bus = pde_bus ? pde_bus->ent : NULL;
}

/* the parent of a creation call: NULL is /proc; an unknown pointer is a bug */
static struct kemu_pde *parent_of(const void *ent)
{
	struct kemu_pde *dir;

	proc_init_once();
	dir = pde_of_ent(ent);
	if (!dir)
		WARN(1, "proc: unknown parent entry %p\n", ent);
	else if (!S_ISDIR(dir->mode))
		dir = NULL;
	return dir;
}

/* __proc_create: check the name, walk to its directory, allocate the entry */
static struct kemu_pde *__proc_create(struct kemu_pde **parent, const char *name, umode_t mode, nlink_t nlink)
{
	const char *fn;
	unsigned int len;
	unsigned int i;

	if (!*parent)
		return NULL;
	if (xlate_proc_name(name, parent, &fn) != 0)
		return NULL;
	len = strlen(fn);
	if (len == 0 || len >= 256) {
		WARN(1, "name len %u\n", len);
		return NULL;
	}
	if (len == 1 && fn[0] == '.') {
		WARN(1, "name '.'\n");
		return NULL;
	}
	if (len == 2 && fn[0] == '.' && fn[1] == '.') {
		WARN(1, "name '..'\n");
		return NULL;
	}
	if (*parent == root()) {
		for (i = 0; i < len && fn[i] >= '0' && fn[i] <= '9'; i++)
			;
		if (i == len && (len == 1 || fn[0] != '0')) {
			WARN(1, "create '/proc/%s' by hand\n", fn);
			return NULL;
		}
	}
	return pde_alloc(fn, len, mode, nlink);
}

static struct proc_dir_entry *register_or_free(struct kemu_pde *dir, struct kemu_pde *de)
{
	if (pde_register(dir, de)) {
		pde_free(de);
		return NULL;
	}
	return de->ent;
}

static umode_t reg_mode(umode_t mode)
{
	if ((mode & S_IFMT) == 0)
		mode |= S_IFREG;
	if ((mode & S_IALLUGO) == 0)
		mode |= S_IRUGO;
	return mode;
}

/* ---- 2.2: proc_register / proc_unregister ---- */

static int register_22(struct proc_dir_entry *dir, struct proc_dir_entry *ent, bool dynamic)
{
	struct kemu_pde *parent, *de;
	struct kemu_pde tmp = { .ent = ent };
	const char *name;
	unsigned int len;

	might_sleep();
	proc_init_once();
	parent = pde_of_ent(dir);
	if (!parent || !ent)
		return -EINVAL;
	if (pde_of_ent(ent))
		return -EBUSY;	/* registered twice: kemu refuses (2.2 corrupted its list) */
	name = (const char *)pde_get(&tmp, PF_NAME);
	len = pde_get(&tmp, PF_NAMELEN);
	if (!name)
		return -EINVAL;
	if (!len)
		len = strlen(name);
	de = kzalloc(sizeof(*de), GFP_KERNEL);
	if (!de)
		return -ENOMEM;
	de->name = kmalloc(len + 1, GFP_KERNEL);
	if (!de->name) {
		kfree(de);
		return -ENOMEM;
	}
	memcpy(de->name, name, len);
	de->name[len] = 0;
	de->namelen = len;
	de->ent = ent;
	de->mode = pde_get(de, PF_MODE);
	if (!(de->mode & S_IFMT))
		de->mode |= S_IFREG;
	INIT_LIST_HEAD(&de->subdir);
	INIT_LIST_HEAD(&de->sibling);
	INIT_LIST_HEAD(&de->all);
	INIT_LIST_HEAD(&de->openers);
	de->refcnt = 1;
	if (!dynamic)
		de->low_ino = pde_get(de, PF_LOW_INO);
	/* 2.2 put its own inode_operations in an entry that had none */
	if (!pde_get(de, PF_IOPS))
		pde_set(de, PF_IOPS, (unsigned long)&kemu_proc_iops22_marker);
	if (pde_register(parent, de)) {
		pde_free(de);
		return -EEXIST;
	}
	return 0;
}

int proc_register(struct proc_dir_entry *dir, struct proc_dir_entry *dp)
{
	return register_22(dir, dp, false);
}
EXPORT_SYMBOL(proc_register);

int proc_register_dynamic(struct proc_dir_entry *dir, struct proc_dir_entry *dp)
{
	return register_22(dir, dp, true);
}
EXPORT_SYMBOL(proc_register_dynamic);

int proc_unregister(struct proc_dir_entry *dir, int ino)
{
	struct kemu_pde *parent, *de;

	might_sleep();
	proc_init_once();
	parent = pde_of_ent(dir);
	if (!parent)
		return -EINVAL;
	list_for_each_entry(de, &parent->subdir, sibling) {
		if (de->low_ino == (unsigned int)ino) {
			pde_unlink(de);
			kemu_proc_entry_rundown(de);
			/* 2.2 cleared the inode number from its bitmap: register again gets a new one */
			pde_set(de, PF_LOW_INO, 0);
			kemu_pde_put(de);
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL(proc_unregister);

/* ---- 2.4 - 3.9: create_proc_entry ---- */

struct proc_dir_entry *create_proc_entry(const char *name, mode_t mode, struct proc_dir_entry *parent)
{
	struct kemu_pde *dir = parent_of(parent), *de;
	nlink_t nlink;

	might_sleep();
	if (S_ISDIR(mode)) {
		if ((mode & S_IALLUGO) == 0)
			mode |= S_IRUGO | S_IXUGO;
		nlink = 2;
	} else {
		mode = reg_mode(mode);
		nlink = 1;
	}
	de = __proc_create(&dir, name, mode, nlink);
	if (!de)
		return NULL;
	if (S_ISREG(mode))
		pde_set(de, PF_FOPS, (unsigned long)&kemu_proc_legacy_marker);
	return register_or_free(dir, de);
}
EXPORT_SYMBOL(create_proc_entry);

/* ---- proc_create and friends ---- */

/* ops: a struct file_operations before 5.6, a struct proc_ops from 5.6 */
struct proc_dir_entry *proc_create_data(const char *name, umode_t mode, struct proc_dir_entry *parent,
				       const struct proc_ops *ops, void *data)
{
	struct kemu_pde *dir = parent_of(parent), *de;

	might_sleep();
	if (kemu_version_code < V(3, 10, 0)) {
		/* 2.6.25 - 3.9: a directory could be made this way too */
		nlink_t nlink = 1;

		if (S_ISDIR(mode)) {
			if ((mode & S_IALLUGO) == 0)
				mode |= S_IRUGO | S_IXUGO;
			nlink = 2;
		} else {
			mode = reg_mode(mode);
		}
		de = __proc_create(&dir, name, mode, nlink);
		if (!de)
			return NULL;
		pde_set(de, PF_FOPS, (unsigned long)ops);
		pde_set(de, PF_DATA, (unsigned long)data);
		return register_or_free(dir, de);
	}
	mode = reg_mode(mode);
	if (WARN_ON_ONCE(!S_ISREG(mode)))
		return NULL;
	de = __proc_create(&dir, name, mode, 1);
	if (!de)
		return NULL;
	pde_set(de, PF_DATA, (unsigned long)data);
	de->ops = ops;
	de->kind = kemu_version_code < V(5, 6, 0) ? PDE_KIND_FOPS : PDE_KIND_PROC_OPS;
	return register_or_free(dir, de);
}
EXPORT_SYMBOL(proc_create_data);

struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
				  const struct proc_ops *ops)
{
	return proc_create_data(name, mode, parent, ops, NULL);
}
EXPORT_SYMBOL(proc_create);

static struct kemu_pde *create_reg(const char *name, umode_t mode, struct kemu_pde **dir, void *data)
{
	struct kemu_pde *de;

	mode = reg_mode(mode);
	if (WARN_ON_ONCE(!S_ISREG(mode)))
		return NULL;
	de = __proc_create(dir, name, mode, 1);
	if (de)
		pde_set(de, PF_DATA, (unsigned long)data);
	return de;
}

struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode, struct proc_dir_entry *parent,
					      int (*show)(struct seq_file *, void *), void *data)
{
	struct kemu_pde *dir = parent_of(parent), *de;

	might_sleep();
	de = create_reg(name, mode, &dir, data);
	if (!de)
		return NULL;
	de->ops = &kemu_proc_single_ops;
	de->kind = PDE_KIND_PROC_OPS;
	de->single_show = show;
	return register_or_free(dir, de);
}
EXPORT_SYMBOL(proc_create_single_data);

struct proc_dir_entry *proc_create_seq_private(const char *name, umode_t mode, struct proc_dir_entry *parent,
					      const struct seq_operations *ops, unsigned int state_size, void *data)
{
	struct kemu_pde *dir = parent_of(parent), *de;

	might_sleep();
	de = create_reg(name, mode, &dir, data);
	if (!de)
		return NULL;
	de->ops = &kemu_proc_seq_ops;
	de->kind = PDE_KIND_PROC_OPS;
	de->seq_ops = ops;
	de->state_size = state_size;
	return register_or_free(dir, de);
}
EXPORT_SYMBOL(proc_create_seq_private);

struct proc_dir_entry *proc_mkdir_data(const char *name, umode_t mode, struct proc_dir_entry *parent, void *data)
{
	struct kemu_pde *dir = parent_of(parent), *de;

	might_sleep();
	if (mode == 0)
		mode = S_IRUGO | S_IXUGO;
	de = __proc_create(&dir, name, S_IFDIR | mode, 2);
	if (!de)
		return NULL;
	pde_set(de, PF_DATA, (unsigned long)data);
	return register_or_free(dir, de);
}
EXPORT_SYMBOL_GPL(proc_mkdir_data);

struct proc_dir_entry *proc_mkdir_mode(const char *name, umode_t mode, struct proc_dir_entry *parent)
{
	return proc_mkdir_data(name, mode, parent, NULL);
}
EXPORT_SYMBOL(proc_mkdir_mode);

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent)
{
	return proc_mkdir_data(name, 0, parent, NULL);
}
EXPORT_SYMBOL(proc_mkdir);

struct proc_dir_entry *proc_symlink(const char *name, struct proc_dir_entry *parent, const char *dest)
{
	struct kemu_pde *dir = parent_of(parent), *de;
	size_t len = strlen(dest);

	might_sleep();
	de = __proc_create(&dir, name, S_IFLNK | S_IRUGO | S_IWUGO | S_IXUGO, 1);
	if (!de)
		return NULL;
	de->link = kmalloc(len + 1, GFP_KERNEL);
	if (!de->link) {
		pde_free(de);
		return NULL;
	}
	memcpy(de->link, dest, len + 1);
	pde_set(de, PF_SIZE, len);
	pde_set(de, PF_DATA, (unsigned long)de->link);
	return register_or_free(dir, de);
}
EXPORT_SYMBOL(proc_symlink);

/* ---- removal ---- */

static struct kemu_pde *first_child(struct kemu_pde *de)
{
	return list_first_entry_or_null(&de->subdir, struct kemu_pde, sibling);
}

void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	struct kemu_pde *dir, *de;
	const char *fn = name;

	might_sleep();
	proc_init_once();
	dir = pde_of_ent(parent);
	if (!dir) {
		WARN(1, "remove_proc_entry: unknown parent %p\n", parent);
		return;
	}
	if (xlate_proc_name(name, &dir, &fn) != 0)
		return;
	de = find_child(dir, fn, strlen(fn));
	if (de && (de->flags & PDE_F_PERMANENT)) {
		WARN(1, "removing permanent /proc entry '%s'", de->name);
		return;
	}
	if (!de) {
		if (kemu_version_code >= V(2, 6, 0))
			WARN(1, "name '%s'\n", name);
		return;
	}
	pde_unlink(de);
	kemu_proc_entry_rundown(de);
	if (first_child(de)) {
		WARN(1, "%s: removing non-empty directory '%s/%s', leaking at least '%s'\n",
		     __func__, pde_name(de->parent), de->name, first_child(de)->name);
		/* the children keep pointing at it: leaked with them, as in Linux */
		de->flags |= PDE_F_LEAKED;
		return;
	}
	kemu_pde_put(de);
}
EXPORT_SYMBOL(remove_proc_entry);

int remove_proc_subtree(const char *name, struct proc_dir_entry *parent)
{
	struct kemu_pde *dir, *top, *de, *next;
	const char *fn = name;

	might_sleep();
	proc_init_once();
	dir = pde_of_ent(parent);
	if (!dir || xlate_proc_name(name, &dir, &fn) != 0)
		return -ENOENT;
	top = find_child(dir, fn, strlen(fn));
	if (!top)
		return -ENOENT;
	if (top->flags & PDE_F_PERMANENT) {
		WARN(1, "removing permanent /proc entry '%s/%s'", pde_name(top->parent), top->name);
		return -EINVAL;
	}
	pde_unlink(top);
	de = top;
	while (1) {
		next = first_child(de);
		if (next) {
			pde_unlink(next);
			de = next;
			continue;
		}
		next = de->parent;
		kemu_proc_entry_rundown(de);
		if (de == top)
			break;
		kemu_pde_put(de);
		de = next;
	}
	kemu_pde_put(top);
	return 0;
}
EXPORT_SYMBOL(remove_proc_subtree);

void proc_remove(struct proc_dir_entry *ent)
{
	struct kemu_pde *de;

	proc_init_once();
	de = ent ? pde_of_ent(ent) : NULL;
	if (de && de != root() && !(de->flags & PDE_F_REMOVED))
		remove_proc_subtree(de->name, de->parent == root() ? NULL : de->parent->ent);
}
EXPORT_SYMBOL(proc_remove);

/* ---- attributes and data ---- */

void proc_set_size(struct proc_dir_entry *ent, loff_t size)
{
	struct kemu_pde *de = pde_of_ent(ent);

	if (de) {
		pde_set(de, PF_SIZE, size);
		if (de->inode)
			de->inode->vfs_inode.i_size = size;
	}
}
EXPORT_SYMBOL(proc_set_size);

void proc_set_user(struct proc_dir_entry *ent, kuid_t uid, kgid_t gid)
{
	struct kemu_pde *de = pde_of_ent(ent);

	if (de) {
		pde_set(de, PF_UID, uid.val);
		pde_set(de, PF_GID, gid.val);
	}
}
EXPORT_SYMBOL(proc_set_user);

void *PDE_DATA(const struct inode *inode)
{
	struct kemu_pde *de = kemu_pde_of_inode(inode);

	return de ? pde_data_of(de) : NULL;
}
EXPORT_SYMBOL(PDE_DATA);

void *proc_get_parent_data(const struct inode *inode)
{
	struct kemu_pde *de = kemu_pde_of_inode(inode);

	return de && de->parent ? pde_data_of(de->parent) : NULL;
}
EXPORT_SYMBOL_GPL(proc_get_parent_data);

/* for stat: mode, uid, gid, nlink, size (low, high) as the entry has them now (old modules
 * change them after creation; Linux reads them when it makes the inode) */
unsigned int *kemu_proc_attr(struct kemu_pde *de)
{
	static unsigned int attr[6];
	unsigned long long size;

	attr[0] = pde_get(de, PF_MODE) ? pde_get(de, PF_MODE) : de->mode;
	attr[1] = pde_get(de, PF_UID);
	attr[2] = pde_get(de, PF_GID);
	attr[3] = pde_get(de, PF_NLINK);
	size = layout()[PF_SIZE].size == 8 ? *(unsigned long long *)((char *)de->ent + layout()[PF_SIZE].off)
					     : pde_get(de, PF_SIZE);
	attr[4] = (unsigned int)size;
	attr[5] = (unsigned int)(size >> 32);
	return attr;
}
