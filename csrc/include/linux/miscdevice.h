/* kemu: include/linux/miscdevice.h - as Linux 6.1: misc devices share major 10; a minor of
 * MISC_DYNAMIC_MINOR is given one from 127 down, as 6.1's misc_register does. */
#ifndef _LINUX_MISCDEVICE_H
#define _LINUX_MISCDEVICE_H
#include <linux/major.h>
#include <linux/list.h>
#include <linux/types.h>
#include <linux/device.h>

#define PSMOUSE_MINOR		1
#define WATCHDOG_MINOR		130
#define TEMP_MINOR		131
#define RTC_MINOR		135
#define TUN_MINOR		200
#define HPET_MINOR		228
#define FUSE_MINOR		229
#define LOOP_CTRL_MINOR		237
#define MISC_DYNAMIC_MINOR	255

struct file_operations;
struct attribute_group;

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;
	struct device *this_device;
	const struct attribute_group **groups;
	const char *nodename;
	umode_t mode;
};

extern int misc_register(struct miscdevice *misc);
extern void misc_deregister(struct miscdevice *misc);

#define module_misc_device(__misc_device) \
	static int __init __misc_device##_init(void) { return misc_register(&(__misc_device)); } \
	module_init(__misc_device##_init); \
	static void __exit __misc_device##_exit(void) { misc_deregister(&(__misc_device)); } \
	module_exit(__misc_device##_exit)

#endif
