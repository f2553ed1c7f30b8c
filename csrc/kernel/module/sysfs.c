// SPDX-License-Identifier: GPL-2.0
/* kemu: kernel/module/sysfs.c and kernel/params.c's sysfs half - /sys/module/NAME with
 * initstate, refcnt and parameters/ (one file per module_param whose perm is not 0; a write
 * calls the param's ops->set under the param lock, as param_attr_store does). TS calls
 * kemu_module_sysfs_setup after parse_args and kemu_module_sysfs_teardown after exit. */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include "../../fs/sysfs/kernfs.h"
#include "../../fs/sysfs/sysfs.h"

static DEFINE_MUTEX(param_lock);

struct mod_file {
	struct kemu_sysfs_file sf;
	struct module *mod;
	const struct kernel_param *kp;	/* NULL: initstate or refcnt */
	int what;
};

struct mod_sysfs {
	char *dir;			/* /sys/module/NAME */
	int nfiles;
	struct mod_file files[];
};

enum { F_PARAM, F_INITSTATE, F_REFCNT };

static ssize_t mod_show(struct kemu_sysfs_file *sf, char *page)
{
	struct mod_file *f = container_of(sf, struct mod_file, sf);
	static const char *const states[] = { "live", "coming", "going", "unformed" };
	int count;

	switch (f->what) {
	case F_INITSTATE:
		return sprintf(page, "%s\n", f->mod->state <= 3 ? states[f->mod->state] : "unknown");
	case F_REFCNT:
		return sprintf(page, "%i\n", module_refcount(f->mod));
	}
	if (!f->kp->ops->get)
		return -EPERM;
	mutex_lock(&param_lock);
	count = f->kp->ops->get(page, f->kp);
	mutex_unlock(&param_lock);
	return count;
}

static ssize_t mod_store(struct kemu_sysfs_file *sf, const char *buf, size_t len)
{
	struct mod_file *f = container_of(sf, struct mod_file, sf);
	int err;

	if (!f->kp->ops->set)
		return -EPERM;
	mutex_lock(&param_lock);
	if (f->kp->flags & KERNEL_PARAM_FL_UNSAFE)
		pr_notice("Setting dangerous option %s - tainting kernel\n", f->kp->name);
	err = f->kp->ops->set(buf, f->kp);
	mutex_unlock(&param_lock);
	return err ? err : len;
}

static int add(struct mod_sysfs *ms, const char *dir, const char *name, umode_t mode, struct module *mod,
	       const struct kernel_param *kp, int what)
{
	struct mod_file *f = &ms->files[ms->nfiles];
	int err;

	f->mod = mod;
	f->kp = kp;
	f->what = what;
	if (mode & S_IRUGO)
		f->sf.show = mod_show;
	if ((mode & S_IWUGO) && what == F_PARAM)
		f->sf.store = mod_store;
	f->sf.show_fn = kp ? (void *)kp->ops->get : (void *)mod_show;
	f->sf.dir = kstrdup(dir, GFP_KERNEL);
	err = kemu_sysfs_add_file(dir, name, mode & 0777, &f->sf);
	if (!err)
		ms->nfiles++;
	else
		kfree(f->sf.dir);
	return err;
}

struct mod_sysfs *kemu_module_sysfs_setup(struct module *mod, const char *name, const struct kernel_param *kp, int num)
{
	size_t len = strlen(name) + 32;
	struct mod_sysfs *ms = kzalloc(sizeof(*ms) + (num + 2) * sizeof(struct mod_file), GFP_KERNEL);
	char *pdir;
	int i, params = 0;

	if (!ms)
		return NULL;
	ms->dir = kmalloc(len, GFP_KERNEL);
	pdir = kmalloc(len + 12, GFP_KERNEL);
	if (!ms->dir || !pdir)
		goto fail;
	snprintf(ms->dir, len, "/sys/module/%s", name);
	snprintf(pdir, len + 12, "%s/parameters", ms->dir);
	if (kemu_kernfs_mkdir(ms->dir, 0755))
		goto fail;
	add(ms, ms->dir, "initstate", 0444, mod, NULL, F_INITSTATE);
	add(ms, ms->dir, "refcnt", 0444, mod, NULL, F_REFCNT);
	for (i = 0; i < num; i++) {
		if (!kp[i].name || !kp[i].perm)
			continue;
		if (!params++ && kemu_kernfs_mkdir(pdir, 0755))
			break;
		add(ms, pdir, kp[i].name, kp[i].perm, mod, &kp[i], F_PARAM);
	}
	kfree(pdir);
	return ms;
fail:
	kfree(pdir);
	kfree(ms->dir);
	kfree(ms);
	return NULL;
}

void kemu_module_sysfs_teardown(struct mod_sysfs *ms)
{
	int i;

	if (!ms)
		return;
	for (i = 0; i < ms->nfiles; i++) {
		struct mod_file *f = &ms->files[i];
		const char *name = f->kp ? f->kp->name : f->what == F_INITSTATE ? "initstate" : "refcnt";

		kemu_sysfs_remove_file(f->sf.dir, name, &f->sf);
		kfree(f->sf.dir);
	}
	kemu_kernfs_rmdir(ms->dir);
	kfree(ms->dir);
	kfree(ms);
}
