/* kemu: include/linux/module.h. struct module keeps the fields modules touch; the rest of the
 * module's life (state, refcount, sections) is kept by the TS loader (ts/kernel/module/). */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H
#include <linux/list.h>
#include <linux/stat.h>
#include <linux/compiler.h>
#include <linux/cache.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/stringify.h>
#include <linux/moduleparam.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/version.h>
/* Linux's module.h reaches these through kobject.h and workqueue.h; course code relies on it. */
#include <linux/jiffies.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/atomic.h>
#include <linux/kref.h>
/* include/linux/module.h includes <linux/kmod.h> (request_module, call_usermodehelper) in every era */
#include <linux/kmod.h>

#define MODULE_NAME_LEN (64 - sizeof(unsigned long))

enum module_state {
	MODULE_STATE_LIVE,
	MODULE_STATE_COMING,
	MODULE_STATE_GOING,
	MODULE_STATE_UNFORMED,
};

struct module {
	enum module_state state;
	struct list_head list;
	char name[MODULE_NAME_LEN];
	const char *version;
	const char *srcversion;
	int (*init)(void);
	void (*exit)(void);
	atomic_t refcnt;
	unsigned long taints;
	unsigned int num_kp;
	struct kernel_param *kp;
	void *kemu_private;
};

#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)
#define MODULE_SOFTDEP(_softdep) MODULE_INFO(softdep, _softdep)
#define MODULE_FIRMWARE(_firmware) MODULE_INFO(firmware, _firmware)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
#define MODULE_VERSION(_version) MODULE_INFO(version, _version)
#define MODULE_SUPPORTED_DEVICE(name)
#define MODULE_DEVICE_TABLE(type, name) \
	extern typeof(name) __mod_##type##__##name##_device_table __attribute__((unused, alias(__stringify(name))))

extern bool try_module_get(struct module *module);
extern void module_put(struct module *module);
extern void __module_get(struct module *module);
extern int module_refcount(struct module *mod);
extern struct module *find_module(const char *name);
static inline const char *module_name(const struct module *mod) { return mod ? mod->name : "kernel"; }
static inline bool module_is_live(struct module *mod) { return mod->state != MODULE_STATE_GOING; }
#define symbol_get(x) ((typeof(&x))(__symbol_get(__stringify(x))))
#define symbol_put(x) __symbol_put(__stringify(x))
extern void *__symbol_get(const char *symbol);
extern void __symbol_put(const char *symbol);
/* 2.4-era use counting, kept as no-ops over the real count. */
#define MOD_INC_USE_COUNT __module_get(THIS_MODULE)
#define MOD_DEC_USE_COUNT module_put(THIS_MODULE)
#define MOD_IN_USE (module_refcount(THIS_MODULE) != 0)
#endif
