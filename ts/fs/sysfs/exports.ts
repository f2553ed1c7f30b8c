// kemu: EXPORT_SYMBOLs of lib/kobject.c and fs/sysfs/ (csrc/lib/kobject.c, csrc/fs/sysfs/file.c).
import { exportsOf } from "../../kernel/ksyms.js";

const NO_KSET = "kemu has no ksets for modules: a kobject without one gets -EINVAL, as in Linux";

export const SYSFS_EXPORTS = [
  ...exportsOf("lib/kobject.c", {
    kobject_set_name: ["int kobject_set_name(struct kobject *kobj, const char *name, ...)", "c"],
    kobject_init: ["void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)", "c"],
    kobject_add: ["int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)", "c"],
    kobject_init_and_add: ["int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype, struct kobject *parent, const char *fmt, ...)", "c", { gpl: true }],
    kobject_del: ["void kobject_del(struct kobject *kobj)", "c"],
    kobject_get: ["struct kobject *kobject_get(struct kobject *kobj)", "c"],
    kobject_put: ["void kobject_put(struct kobject *kobj)", "c"],
    kobject_create_and_add: ["struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)", "c", { gpl: true }],
    kobject_get_path: ["char *kobject_get_path(const struct kobject *kobj, gfp_t flag)", "c", { gpl: true }],
    kobject_uevent: ["int kobject_uevent(struct kobject *kobj, enum kobject_action action)", "c", { gpl: true, status: "partial", note: NO_KSET }],
    kobject_uevent_env: ["int kobject_uevent_env(struct kobject *kobj, enum kobject_action action, char *envp[])", "c", { gpl: true, status: "partial", note: NO_KSET }],
    kobj_sysfs_ops: ["const struct sysfs_ops kobj_sysfs_ops", "c", { gpl: true }],
    kernel_kobj: ["struct kobject *kernel_kobj", "c", { gpl: true, note: "/sys/kernel" }],
    mm_kobj: ["struct kobject *mm_kobj", "c", { gpl: true, note: "/sys/kernel/mm" }],
    firmware_kobj: ["struct kobject *firmware_kobj", "c", { gpl: true, note: "/sys/firmware" }],
    fs_kobj: ["struct kobject *fs_kobj", "c", { gpl: true, note: "/sys/fs" }],
  }),
  ...exportsOf("fs/sysfs/file.c", {
    sysfs_create_file_ns: ["int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns)", "c", { gpl: true, note: "sysfs_create_file() is inline over it; namespaces ignored" }],
    sysfs_remove_file_ns: ["void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns)", "c", { gpl: true }],
    sysfs_create_files: ["int sysfs_create_files(struct kobject *kobj, const struct attribute * const *attr)", "c", { gpl: true }],
    sysfs_remove_files: ["void sysfs_remove_files(struct kobject *kobj, const struct attribute * const *attr)", "c", { gpl: true }],
    sysfs_create_group: ["int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)", "c", { gpl: true, note: "binary attributes not supported" }],
    sysfs_create_groups: ["int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups)", "c", { gpl: true }],
    sysfs_update_group: ["int sysfs_update_group(struct kobject *kobj, const struct attribute_group *grp)", "c", { gpl: true }],
    sysfs_remove_group: ["void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)", "c", { gpl: true }],
    sysfs_remove_groups: ["void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups)", "c", { gpl: true }],
    sysfs_emit: ["int sysfs_emit(char *buf, const char *fmt, ...)", "c", { gpl: true }],
    sysfs_emit_at: ["int sysfs_emit_at(char *buf, int at, const char *fmt, ...)", "c", { gpl: true }],
  }),
];
