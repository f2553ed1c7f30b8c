// SPDX-License-Identifier: GPL-2.0
/* kemu: fs/proc/proc_sysctl.c - module-registered sysctl tables as /proc/sys files. The tables
 * are walked in C (child tables of register_sysctl_table, paths of register_sysctl and
 * register_sysctl_paths); TS makes the files (kemu_sysctl_add) and sends their reads and writes
 * to proc_sys_file_operations on the calling process's stack. Unregistering waits for handlers
 * in progress, as Linux's start_unregistering does; later reads of a still-open file give
 * -ENOENT. Differs: no sysctl(2), no poll support, no per-namespace tables. */
#include <linux/sysctl.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/completion.h>
#include <linux/printk.h>
#include <linux/export.h>
#include <linux/sched.h>
#include <linux/mutex.h>
#include "internal.h"
#include "../internal.h"

#define PATH_MAX_SYSCTL 256

/* ---- era layouts ---- */

enum { S_NAME, S_PROCNAME, S_DATA, S_MAXLEN, S_MODE, S_CHILD, S_HANDLER, S_EXTRA1, S_EXTRA2, S_NR };

struct ctl_layout {
	signed char slot[S_NR];
	unsigned char size;
};

static const struct ctl_layout layouts[] = {
	/* < 2.6.21: ctl_name procname data maxlen mode child proc_handler strategy de extra1 extra2 */
	{ { 0, 1, 2, 3, 4, 5, 6, 9, 10 }, 11 },
	/* 2.6.21 - 2.6.32: ctl_name procname data maxlen mode child parent proc_handler strategy extra1 extra2 */
	{ { 0, 1, 2, 3, 4, 5, 7, 9, 10 }, 11 },
	/* 2.6.33 - 2.6.35: procname data maxlen mode child parent proc_handler extra1 extra2 */
	{ { -1, 0, 1, 2, 3, 4, 6, 7, 8 }, 9 },
	/* 2.6.36 - 3.3: procname data maxlen mode child parent proc_handler poll extra1 extra2 */
	{ { -1, 0, 1, 2, 3, 4, 6, 8, 9 }, 10 },
	/* 3.4 - 6.5: procname data maxlen mode child proc_handler poll extra1 extra2 */
	{ { -1, 0, 1, 2, 3, 4, 5, 7, 8 }, 9 },
	/* 6.6+: the child slot holds `type` */
	{ { -1, 0, 1, 2, 3, -1, 5, 7, 8 }, 9 },
};

static const struct ctl_layout *layout(void)
{
	unsigned int v = kemu_version_code;

	if (v < KERNEL_VERSION(2, 6, 21))
		return &layouts[0];
	if (v < KERNEL_VERSION(2, 6, 33))
		return &layouts[1];
	if (v < KERNEL_VERSION(2, 6, 36))
		return &layouts[2];
	if (v < KERNEL_VERSION(3, 4, 0))
		return &layouts[3];
	if (v < KERNEL_VERSION(6, 6, 0))
		return &layouts[4];
	return &layouts[5];
}

int kemu_ctl_stride(void)
{
	return layout()->size;
}

void kemu_ctl_get(const struct ctl_table *table, struct kemu_ctl *out)
{
	const struct ctl_layout *l = layout();
	const unsigned int *w = (const unsigned int *)table;

#define SLOT(s) (l->slot[s] < 0 ? 0 : w[l->slot[s]])
	out->ctl_name = (int)SLOT(S_NAME);
	out->procname = (const char *)SLOT(S_PROCNAME);
	out->data = (void *)SLOT(S_DATA);
	out->maxlen = (int)SLOT(S_MAXLEN);
	out->mode = (umode_t)SLOT(S_MODE);
	out->child = (struct ctl_table *)SLOT(S_CHILD);
	out->proc_handler = (void *)SLOT(S_HANDLER);
	out->extra1 = (void *)SLOT(S_EXTRA1);
	out->extra2 = (void *)SLOT(S_EXTRA2);
#undef SLOT
}

void kemu_ctl_put(struct ctl_table *table, const struct kemu_ctl *c)
{
	const struct ctl_layout *l = layout();
	unsigned int *w = (unsigned int *)table;

	memset(w, 0, l->size * sizeof(*w));
#define PUT(s, v) do { if (l->slot[s] >= 0) w[l->slot[s]] = (unsigned int)(v); } while (0)
	PUT(S_NAME, c->ctl_name);
	PUT(S_PROCNAME, c->procname);
	PUT(S_DATA, c->data);
	PUT(S_MAXLEN, c->maxlen);
	PUT(S_MODE, c->mode);
	PUT(S_CHILD, c->child);
	PUT(S_HANDLER, c->proc_handler);
	PUT(S_EXTRA1, c->extra1);
	PUT(S_EXTRA2, c->extra2);
#undef PUT
}

bool kemu_ctl_is_end(const struct kemu_ctl *c)
{
	return !c->procname && !c->ctl_name;
}

typedef int (*handler_filp)(struct ctl_table *, int, struct file *, void *, size_t *, loff_t *);
typedef int (*handler_now)(struct ctl_table *, int, void *, size_t *, loff_t *);

int kemu_ctl_call(void *handler, struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	if (kemu_version_code < KERNEL_VERSION(2, 6, 32))
		return ((handler_filp)handler)(table, write, NULL, buffer, lenp, ppos);
	return ((handler_now)handler)(table, write, buffer, lenp, ppos);
}

static struct ctl_table *entry_at(struct ctl_table *table, int i)
{
	return (struct ctl_table *)((unsigned int *)table + i * kemu_ctl_stride());
}

/* ---- headers and entries ---- */

struct ctl_table_header {
	struct list_head entries;
	int used;			/* handlers running now */
	int unregistering;
	struct completion *done;	/* start_unregistering waits here */
};

struct sysctl_entry {
	struct list_head list;
	struct ctl_table_header *head;
	struct ctl_table *table;	/* the module's entry */
	struct inode *inode;
	char path[];
};

extern int kemu_sysctl_add(const char *path, struct inode *inode, unsigned int mode);
extern void kemu_sysctl_del(const char *path);

static DEFINE_MUTEX(sysctl_lock);

static const struct file_operations proc_sys_file_operations;

static void drop_entries(struct ctl_table_header *head)
{
	struct sysctl_entry *e, *n;

	list_for_each_entry_safe_reverse(e, n, &head->entries, list) {
		kemu_sysctl_del(e->path);
		list_del(&e->list);
		if (atomic_read(&e->inode->i_count) == 0)
			kfree(e->inode);
		else
			e->inode->i_private = NULL;	/* open files see -ENOENT */
		kfree(e);
	}
}

static int check_entry(const char *path, const struct kemu_ctl *c)
{
	const char *err = NULL;
	void *h = c->proc_handler;

	if (!h)
		err = "No proc_handler";
	else if (h == proc_dostring || h == proc_dointvec || h == proc_douintvec || h == proc_dointvec_minmax ||
		 h == proc_douintvec_minmax || h == proc_dointvec_jiffies || h == proc_dointvec_userhz_jiffies ||
		 h == proc_dointvec_ms_jiffies || h == proc_doulongvec_minmax ||
		 h == proc_doulongvec_ms_jiffies_minmax) {
		if (!c->data)
			err = "No data";
		else if (!c->maxlen)
			err = "No maxlen";
	}
	if (!err && (c->mode & (S_IRUGO | S_IWUGO)) != c->mode)
		err = "bogus .mode";
	if (err) {
		pr_err("sysctl table check failed: %s/%s %s\n", path, c->procname, err);
		return -EINVAL;
	}
	return 0;
}

/* register the entries of table under dir ("kernel", "" for /proc/sys), descending into children */
static int add_table(struct ctl_table_header *head, const char *dir, struct ctl_table *table, int depth)
{
	int i, err;

	if (depth > 16)
		return -ELOOP;
	for (i = 0;; i++) {
		struct ctl_table *t = entry_at(table, i);
		struct kemu_ctl c;
		struct sysctl_entry *e;
		size_t len;

		kemu_ctl_get(t, &c);
		if (kemu_ctl_is_end(&c))
			return 0;
		if (!c.procname)
			continue;	/* binary-only entry of old kernels: no /proc/sys file */
		len = strlen(dir) + strlen(c.procname) + 2;
		if (c.child) {
			char *sub = kmalloc(len, GFP_KERNEL);

			if (!sub)
				return -ENOMEM;
			snprintf(sub, len, "%s%s%s", dir, *dir ? "/" : "", c.procname);
			err = add_table(head, sub, c.child, depth + 1);
			kfree(sub);
			if (err)
				return err;
			continue;
		}
		if (!c.proc_handler && kemu_version_code < KERNEL_VERSION(3, 4, 0))
			continue;	/* old kernels: an entry for sysctl(2) only */
		err = check_entry(dir, &c);
		if (err)
			return err;
		e = kzalloc(sizeof(*e) + len, GFP_KERNEL);
		if (!e)
			return -ENOMEM;
		snprintf(e->path, len, "%s%s%s", dir, *dir ? "/" : "", c.procname);
		e->head = head;
		e->table = t;
		e->inode = kemu_inode_alloc(S_IFREG | c.mode, 0, 0, &proc_sys_file_operations, e);
		if (!e->inode) {
			kfree(e);
			return -ENOMEM;
		}
		err = kemu_sysctl_add(e->path, e->inode, c.mode);
		if (err) {
			if (err == -EEXIST)
				pr_err("sysctl duplicate entry: /%s\n", e->path);
			kfree(e->inode);
			kfree(e);
			return err;
		}
		list_add_tail(&e->list, &head->entries);
	}
}

static struct ctl_table_header *register_at(const char *path, struct ctl_table *table)
{
	struct ctl_table_header *head = kzalloc(sizeof(*head), GFP_KERNEL);
	int err;

	if (!head)
		return NULL;
	INIT_LIST_HEAD(&head->entries);
	mutex_lock(&sysctl_lock);
	err = add_table(head, path, table, 0);
	if (err)
		drop_entries(head);
	mutex_unlock(&sysctl_lock);
	if (err) {
		kfree(head);
		return NULL;
	}
	return head;
}

/* "dev/foo" or "dev.foo" (6.x accepts both); leading and doubled separators are ignored */
static char *normalise_path(const char *path)
{
	size_t len = strlen(path), i, o = 0;
	char *p = kmalloc(len + 1, GFP_KERNEL);

	if (!p)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = path[i] == '.' ? '/' : path[i];

		if (c == '/' && (o == 0 || p[o - 1] == '/'))
			continue;
		p[o++] = c;
	}
	if (o && p[o - 1] == '/')
		o--;
	p[o] = 0;
	return p;
}

/**
 * register_sysctl_sz - register a sysctl table under a path
 * @path: "kernel", "dev/mydriver" ...
 * @table: entries (no child tables); a sentinel ends it unless @table_size says how many
 */
struct ctl_table_header *register_sysctl_sz(const char *path, struct ctl_table *table, size_t table_size)
{
	struct ctl_table_header *head;
	char *dir = normalise_path(path);
	struct ctl_table *copy;
	size_t stride = kemu_ctl_stride() * sizeof(unsigned int);

	if (!dir)
		return NULL;
	/* a sized table needs no sentinel: add one to a copy */
	copy = kzalloc((table_size + 1) * stride, GFP_KERNEL);
	if (!copy) {
		kfree(dir);
		return NULL;
	}
	memcpy(copy, table, table_size * stride);
	head = register_at(dir, copy);
	kfree(dir);
	if (!head) {
		kfree(copy);
		return NULL;
	}
	/* entries point into copy; their handlers get the module's own entries back */
	{
		struct sysctl_entry *e;
		list_for_each_entry(e, &head->entries, list)
			e->table = (struct ctl_table *)((char *)table + ((char *)e->table - (char *)copy));
	}
	kfree(copy);
	return head;
}
EXPORT_SYMBOL(register_sysctl_sz);

struct ctl_table_header *register_sysctl(const char *path, struct ctl_table *table)
{
	struct ctl_table_header *head;
	char *dir = normalise_path(path);

	if (!dir)
		return NULL;
	head = register_at(dir, table);
	kfree(dir);
	return head;
}
EXPORT_SYMBOL(register_sysctl);

struct ctl_table_header *register_sysctl_table(struct ctl_table *table)
{
	return register_at("", table);
}
EXPORT_SYMBOL(register_sysctl_table);

struct ctl_table_header *register_sysctl_paths(const struct ctl_path *path, struct ctl_table *table)
{
	/* struct ctl_path is { procname } or, before 2.6.33, { procname, ctl_name } */
	int stride = kemu_version_code < KERNEL_VERSION(2, 6, 33) ? 2 : 1;
	const char *const *p = (const char *const *)path;
	char *dir = kzalloc(PATH_MAX_SYSCTL, GFP_KERNEL);
	struct ctl_table_header *head;

	if (!dir)
		return NULL;
	for (; *p; p += stride) {
		if (*dir)
			strlcat(dir, "/", PATH_MAX_SYSCTL);
		strlcat(dir, *p, PATH_MAX_SYSCTL);
	}
	head = register_at(dir, table);
	kfree(dir);
	return head;
}
EXPORT_SYMBOL(register_sysctl_paths);

/**
 * unregister_sysctl_table - remove a table's files; waits for handlers running now
 * @header: what a register call returned (NULL is ignored)
 */
void unregister_sysctl_table(struct ctl_table_header *header)
{
	DECLARE_COMPLETION_ONSTACK(done);

	might_sleep();
	if (!header)
		return;
	mutex_lock(&sysctl_lock);
	header->unregistering = 1;
	if (header->used) {
		header->done = &done;
		mutex_unlock(&sysctl_lock);
		wait_for_completion(&done);
		mutex_lock(&sysctl_lock);
	}
	drop_entries(header);
	mutex_unlock(&sysctl_lock);
	kfree(header);
}
EXPORT_SYMBOL(unregister_sysctl_table);

/* ---- the files ---- */

static struct sysctl_entry *grab_entry(struct inode *inode)
{
	struct sysctl_entry *e;

	mutex_lock(&sysctl_lock);
	e = inode->i_private;
	if (!e || e->head->unregistering) {
		mutex_unlock(&sysctl_lock);
		return NULL;
	}
	e->head->used++;
	mutex_unlock(&sysctl_lock);
	return e;
}

static void finish_entry(struct sysctl_entry *e)
{
	struct ctl_table_header *head = e->head;

	mutex_lock(&sysctl_lock);
	if (!--head->used && head->done)
		complete(head->done);
	mutex_unlock(&sysctl_lock);
}

/* test_perm for root: the owner bits decide */
static int sysctl_perm(umode_t mode, int write)
{
	int need = write ? 2 : 4;

	return ((mode >> 6) & need) ? 0 : -EACCES;
}

static int proc_sys_open(struct inode *inode, struct file *filp)
{
	struct sysctl_entry *e = grab_entry(inode);
	struct kemu_ctl c;
	int err = 0;

	if (!e)
		return -ENOENT;
	kemu_ctl_get(e->table, &c);
	/* proc_sys_permission runs at lookup in Linux: same errno */
	if ((filp->f_mode & FMODE_READ) && sysctl_perm(c.mode, 0))
		err = -EACCES;
	if ((filp->f_mode & FMODE_WRITE) && sysctl_perm(c.mode, 1))
		err = -EACCES;
	finish_entry(e);
	return err;
}

static ssize_t proc_sys_call_handler(struct file *filp, char __user *ubuf, size_t count, loff_t *ppos, int write)
{
	struct sysctl_entry *e = grab_entry(file_inode(filp));
	struct task_struct *tsk = current;
	unsigned long ubase, ulen;
	struct kemu_ctl c;
	ssize_t error;
	char *kbuf;

	if (!e)
		return -ENOENT;
	kemu_ctl_get(e->table, &c);
	error = -EPERM;
	if (sysctl_perm(c.mode, write))
		goto out;
	error = -EINVAL;
	if (!c.proc_handler)
		goto out;
	if (kemu_version_code < KERNEL_VERSION(5, 8, 0)) {
		/* handlers of these kernels get the user buffer and copy themselves */
		error = kemu_ctl_call(c.proc_handler, e->table, write, ubuf, &count, ppos);
		if (!error)
			error = count;
		goto out;
	}
	error = -ENOMEM;
	if (count >= KMALLOC_MAX_SIZE)
		goto out;
	kbuf = kzalloc(count + 1, GFP_KERNEL);
	if (!kbuf)
		goto out;
	if (write) {
		error = -EFAULT;
		if (copy_from_user(kbuf, ubuf, count))
			goto out_free;
		kbuf[count] = 0;
	}
	/* kbuf is kernel memory: a handler that still calls copy_*_user on it must reach it */
	ubase = tsk->kemu_ubase;
	ulen = tsk->kemu_ulen;
	tsk->kemu_ubase = (unsigned long)kbuf;
	tsk->kemu_ulen = count + 1;
	error = kemu_ctl_call(c.proc_handler, e->table, write, kbuf, &count, ppos);
	tsk->kemu_ubase = ubase;
	tsk->kemu_ulen = ulen;
	if (error)
		goto out_free;
	if (!write) {
		error = -EFAULT;
		if (copy_to_user(ubuf, kbuf, count))
			goto out_free;
	}
	error = count;
out_free:
	kfree(kbuf);
out:
	finish_entry(e);
	return error;
}

static ssize_t proc_sys_read(struct file *filp, char __user *buf, size_t count, loff_t *ppos)
{
	return proc_sys_call_handler(filp, buf, count, ppos, 0);
}

static ssize_t proc_sys_write(struct file *filp, const char __user *buf, size_t count, loff_t *ppos)
{
	return proc_sys_call_handler(filp, (char __user *)buf, count, ppos, 1);
}

static const struct file_operations proc_sys_file_operations = {
	.open = proc_sys_open,
	.read = proc_sys_read,
	.write = proc_sys_write,
	.llseek = default_llseek,
	KEMU_CORE_FOPS,
};
