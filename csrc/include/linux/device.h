/* kemu: include/linux/device.h (and device/class.h) - struct device and struct class as char
 * drivers use them: class_create/class_destroy, device_create/device_destroy, drvdata, the
 * dev_* printk helpers. There is no sysfs behind them yet: a class device with a dev_t gets its
 * /dev node as devtmpfs makes it (mode 0600 unless devnode() says otherwise, root:root). */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H
#include <linux/types.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/version.h>
#include <linux/compiler.h>
#include <linux/stddef.h>

struct module;
struct device;
struct attribute_group;
struct kobj_uevent_env;
struct device_driver;

#ifndef _KEMU_KUID_T
#define _KEMU_KUID_T
typedef struct { unsigned int val; } kuid_t;
typedef struct { unsigned int val; } kgid_t;
#endif

struct device_type {
	const char *name;
	const struct attribute_group **groups;
	int (*uevent)(struct device *dev, struct kobj_uevent_env *env);
	char *(*devnode)(struct device *dev, umode_t *mode, kuid_t *uid, kgid_t *gid);
	void (*release)(struct device *dev);
	const void *pm;
};

struct class {
	const char *name;
	struct module *owner;
	const struct attribute_group **class_groups;
	const struct attribute_group **dev_groups;
	void *dev_kobj;
	int (*dev_uevent)(struct device *dev, struct kobj_uevent_env *env);
	char *(*devnode)(struct device *dev, umode_t *mode);
	void (*class_release)(struct class *class);
	void (*dev_release)(struct device *dev);
	int (*shutdown_pre)(struct device *dev);
	const void *ns_type;
	const void *(*namespace)(struct device *dev);
	void (*get_ownership)(struct device *dev, kuid_t *uid, kgid_t *gid);
	const void *pm;
	/* kemu: the class's devices, and whether class_create allocated it */
	struct list_head kemu_devices;
	int kemu_dynamic;
};

struct device_driver {
	const char *name;
	void *bus;
	struct module *owner;
};

struct device {
	struct device *parent;
	void *p;
	const char *init_name;
	const struct device_type *type;
	void *bus;
	struct device_driver *driver;
	void *platform_data;
	void *driver_data;
	dev_t devt;
	u32 id;
	struct class *class;
	const struct attribute_group **groups;
	void (*release)(struct device *dev);
	/* kemu: the name device_add gave it, its place in the class's list, a reference count */
	char *kemu_name;
	struct list_head kemu_node;
	int kemu_refs;
	int kemu_node_made;
};

static inline const char *dev_name(const struct device *dev)
{
	if (dev->kemu_name)
		return dev->kemu_name;
	return dev->init_name;
}
static inline void *dev_get_drvdata(const struct device *dev) { return dev->driver_data; }
static inline void dev_set_drvdata(struct device *dev, void *data) { dev->driver_data = data; }

extern int dev_set_name(struct device *dev, const char *name, ...) __printf(2, 3);
extern const char *dev_driver_string(const struct device *dev);
extern void device_initialize(struct device *dev);
extern int device_add(struct device *dev);
extern void device_del(struct device *dev);
extern int device_register(struct device *dev);
extern void device_unregister(struct device *dev);
extern struct device *get_device(struct device *dev);
extern void put_device(struct device *dev);

extern struct device *device_create(struct class *cls, struct device *parent, dev_t devt,
				    void *drvdata, const char *fmt, ...) __printf(5, 6);
extern struct device *device_create_with_groups(struct class *cls, struct device *parent, dev_t devt,
						void *drvdata, const struct attribute_group **groups,
						const char *fmt, ...) __printf(6, 7);
extern void device_destroy(struct class *cls, dev_t devt);

extern struct class *__class_create(struct module *owner, const char *name, void *key);
extern struct class *kemu_class_create(const char *name);
extern void class_destroy(struct class *cls);
extern int class_register(struct class *cls);
extern void class_unregister(struct class *cls);
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
#define class_create(owner, name) __class_create((owner), (name), NULL)
#else
#define class_create(name) kemu_class_create(name)
#endif
/* 2.6.13-2.6.25: class_device_* became device_*; class_simple_* before that are not provided */

/* dev_printk: "<driver or class> <device>: message" */
extern __printf(3, 4) void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...);
#define dev_printk(level, dev, fmt, ...) _dev_printk(level, dev, fmt, ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)	_dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...)	_dev_printk(KERN_ALERT, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)		_dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		_dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		_dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	_dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		_dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)		({ if (0) _dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__); })

#endif
