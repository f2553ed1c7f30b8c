// kemu: EXPORT_SYMBOLs of fs/char_dev.c, drivers/char/misc.c, drivers/base (class, device) and
// fs/select.c; the C core implements them (csrc/fs/char_dev.c, csrc/fs/select.c,
// csrc/drivers/base/core.c, csrc/drivers/char/misc.c).
import type { Kernel } from "../kernel/kernel.js";
import { exportsOf, type KernelExport } from "../kernel/ksyms.js";
import { chrdevHook } from "./char_dev.js";
import { devtmpfsNode } from "../drivers/base/devtmpfs.js";

export const CHRDEV_EXPORTS: KernelExport[] = [
  ...exportsOf("fs/char_dev.c", {
    register_chrdev_region: ["int register_chrdev_region(dev_t from, unsigned count, const char *name)", "c", { sleeps: true }],
    alloc_chrdev_region: ["int alloc_chrdev_region(dev_t *dev, unsigned baseminor, unsigned count, const char *name)", "c", { sleeps: true }],
    unregister_chrdev_region: ["void unregister_chrdev_region(dev_t from, unsigned count)", "c", { sleeps: true }],
    __register_chrdev: ["int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char *name, const struct file_operations *fops)", "c", {
      sleeps: true, note: "register_chrdev() is inline over it (major 0: a dynamic major from 254 down); unregister_chrdev() over __unregister_chrdev (int before 2.6.23)",
    }],
    __unregister_chrdev: ["void __unregister_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char *name)", "c", { sleeps: true }],
    cdev_init: ["void cdev_init(struct cdev *cdev, const struct file_operations *fops)", "c"],
    cdev_alloc: ["struct cdev *cdev_alloc(void)", "c", { sleeps: true }],
    cdev_add: ["int cdev_add(struct cdev *p, dev_t dev, unsigned count)", "c", { sleeps: true }],
    cdev_del: ["void cdev_del(struct cdev *p)", "c", { sleeps: true, note: "open files keep the cdev and its module reference until their last close, as in Linux" }],
    cdev_set_parent: ["void cdev_set_parent(struct cdev *p, struct kobject *kobj)", "c", { status: "partial", note: "no kobjects: does nothing" }],
    cdev_device_add: ["int cdev_device_add(struct cdev *cdev, struct device *dev)", "c", { sleeps: true }],
    cdev_device_del: ["void cdev_device_del(struct cdev *cdev, struct device *dev)", "c", { sleeps: true }],
  }),
  ...exportsOf("fs/select.c", {
    vfs_poll: ["__poll_t vfs_poll(struct file *file, struct poll_table_struct *pt)", "c", { note: "inline in Linux's <linux/poll.h>" }],
    poll_initwait: ["void poll_initwait(struct poll_wqueues *pwq)", "c"],
    poll_freewait: ["void poll_freewait(struct poll_wqueues *pwq)", "c", { sleeps: true }],
  }),
  ...exportsOf("drivers/base/class.c", {
    __class_create: ["struct class *__class_create(struct module *owner, const char *name, struct lock_class_key *key)", "c", {
      gpl: true, sleeps: true, note: "class_create(owner, name) is a macro over it before 6.4 (LINUX_VERSION_CODE)",
    }],
    kemu_class_create: ["struct class *kemu_class_create(const char *name)", "c", {
      gpl: true, sleeps: true, status: "internal", note: "class_create(name) from 6.4 on (LINUX_VERSION_CODE >= 6.4)",
    }],
    class_destroy: ["void class_destroy(struct class *cls)", "c", { gpl: true, sleeps: true }],
    class_register: ["int class_register(struct class *cls)", "c", { gpl: true, sleeps: true, status: "partial", note: "no sysfs directory; names must be unique" }],
    class_unregister: ["void class_unregister(struct class *cls)", "c", { gpl: true, sleeps: true }],
  }),
  ...exportsOf("drivers/base/core.c", {
    device_create: ["struct device *device_create(struct class *cls, struct device *parent, dev_t devt, void *drvdata, const char *fmt, ...)", "c", {
      gpl: true, sleeps: true, status: "partial", note: "a node /dev/NAME (0600 root:root unless the class's devnode says otherwise) as devtmpfs makes it; no sysfs, no uevent",
    }],
    device_create_with_groups: ["struct device *device_create_with_groups(struct class *cls, struct device *parent, dev_t devt, void *drvdata, const struct attribute_group **groups, const char *fmt, ...)", "c", {
      gpl: true, sleeps: true, status: "partial", note: "the attribute groups are ignored (no sysfs)",
    }],
    device_destroy: ["void device_destroy(struct class *cls, dev_t devt)", "c", { gpl: true, sleeps: true }],
    device_initialize: ["void device_initialize(struct device *dev)", "c", { gpl: true }],
    device_add: ["int device_add(struct device *dev)", "c", { gpl: true, sleeps: true, status: "partial", note: "no sysfs, no uevent; the /dev node when it has a dev_t" }],
    device_del: ["void device_del(struct device *dev)", "c", { gpl: true, sleeps: true }],
    device_register: ["int device_register(struct device *dev)", "c", { gpl: true, sleeps: true, status: "partial" }],
    device_unregister: ["void device_unregister(struct device *dev)", "c", { gpl: true, sleeps: true }],
    get_device: ["struct device *get_device(struct device *dev)", "c", { gpl: true }],
    put_device: ["void put_device(struct device *dev)", "c", { gpl: true }],
    dev_set_name: ["int dev_set_name(struct device *dev, const char *fmt, ...)", "c", { gpl: true }],
    dev_driver_string: ["const char *dev_driver_string(const struct device *dev)", "c"],
    _dev_printk: ["void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)", "c", {
      note: "dev_info()/dev_err()/dev_warn()... are macros over it: \"<driver or class> <device>: message\"",
    }],
  }),
  ...exportsOf("drivers/char/misc.c", {
    misc_register: ["int misc_register(struct miscdevice *misc)", "c", { sleeps: true }],
    misc_deregister: ["void misc_deregister(struct miscdevice *misc)", "c", { sleeps: true }],
  }),
];

/** TS functions only the C core's char device code imports. */
export function chrdevCoreImports(k: Kernel): Record<string, Function> {
  return {
    kemu_chrdev_hook: () => chrdevHook(k),
    kemu_devtmpfs_node: (name: number, mode: number, devt: number) => devtmpfsNode(k, name, mode, devt),
  };
}
