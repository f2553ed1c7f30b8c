/* kemu: include/linux/sysfs.h - attributes and attribute groups as files under /sys. Binary
 * attributes, sysfs_notify/poll and namespaces are not supported (no exports: Unknown symbol). */
#ifndef _SYSFS_H_
#define _SYSFS_H_
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/stat.h>
#include <linux/stddef.h>
#include <linux/kernel.h>
#include <linux/stringify.h>

struct kobject;
struct module;

struct attribute {
	const char *name;
	umode_t mode;
};

struct attribute_group {
	const char *name;
	umode_t (*is_visible)(struct kobject *, struct attribute *, int);
	umode_t (*is_bin_visible)(struct kobject *, void *, int);
	struct attribute **attrs;
	void **bin_attrs;
};

#define __ATTR(_name, _mode, _show, _store) {				\
	.attr = { .name = __stringify(_name), .mode = (_mode) },	\
	.show = _show,							\
	.store = _store,						\
}
#define __ATTR_PREALLOC(_name, _mode, _show, _store) __ATTR(_name, _mode, _show, _store)
#define __ATTR_RO(_name) {						\
	.attr = { .name = __stringify(_name), .mode = 0444 },		\
	.show = _name##_show,						\
}
#define __ATTR_RO_MODE(_name, _mode) {					\
	.attr = { .name = __stringify(_name), .mode = (_mode) },	\
	.show = _name##_show,						\
}
#define __ATTR_RW_MODE(_name, _mode) {					\
	.attr = { .name = __stringify(_name), .mode = (_mode) },	\
	.show = _name##_show,						\
	.store = _name##_store,						\
}
#define __ATTR_WO(_name) {						\
	.attr = { .name = __stringify(_name), .mode = 0200 },		\
	.store = _name##_store,						\
}
#define __ATTR_RW(_name) __ATTR(_name, 0644, _name##_show, _name##_store)
#define __ATTR_NULL { .attr = { .name = NULL } }

#define ATTRIBUTE_GROUPS(_name)						\
static const struct attribute_group _name##_group = {			\
	.attrs = _name##_attrs,						\
};									\
static const struct attribute_group *_name##_groups[] = {		\
	&_name##_group,							\
	NULL,								\
}

struct sysfs_ops {
	ssize_t (*show)(struct kobject *, struct attribute *, char *);
	ssize_t (*store)(struct kobject *, struct attribute *, const char *, size_t);
};

int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns);
void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns);
static inline int sysfs_create_file(struct kobject *kobj, const struct attribute *attr)
{
	return sysfs_create_file_ns(kobj, attr, NULL);
}
static inline void sysfs_remove_file(struct kobject *kobj, const struct attribute *attr)
{
	sysfs_remove_file_ns(kobj, attr, NULL);
}
int sysfs_create_files(struct kobject *kobj, const struct attribute * const *attr);
void sysfs_remove_files(struct kobject *kobj, const struct attribute * const *attr);
int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups);
int sysfs_update_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups);
int sysfs_emit(char *buf, const char *fmt, ...) __printf(2, 3);
int sysfs_emit_at(char *buf, int at, const char *fmt, ...) __printf(3, 4);
#endif
