// kemu: EXPORT_SYMBOLs of fs/debugfs/ and fs/libfs.c's simple_attr (csrc/fs/debugfs/inode.c,
// csrc/fs/simple_attr.c).
import { exportsOf } from "../kernel/ksyms.js";

const D = "const char *name, umode_t mode, struct dentry *parent";
const values: [string, string][] = [["u8", "u8"], ["u16", "u16"], ["u32", "u32"], ["u64", "u64"], ["ulong", "unsigned long"],
  ["x8", "u8"], ["x16", "u16"], ["x32", "u32"], ["x64", "u64"], ["size_t", "size_t"], ["bool", "bool"], ["atomic_t", "atomic_t"]];

export const DEBUGFS_EXPORTS = [
  ...exportsOf("fs/debugfs/inode.c", {
    debugfs_initialized: ["bool debugfs_initialized(void)", "c", { gpl: true }],
    debugfs_create_dir: ["struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)", "c", { gpl: true }],
    debugfs_create_file: [`struct dentry *debugfs_create_file(${D}, void *data, const struct file_operations *fops)`, "c", { gpl: true, note: "no full_proxy_fops: removal does not cut off open files" }],
    debugfs_create_file_unsafe: [`struct dentry *debugfs_create_file_unsafe(${D}, void *data, const struct file_operations *fops)`, "c", { gpl: true }],
    debugfs_create_file_size: [`void debugfs_create_file_size(${D}, void *data, const struct file_operations *fops, loff_t file_size)`, "c", { gpl: true }],
    debugfs_remove: ["void debugfs_remove(struct dentry *dentry)", "c", { gpl: true, note: "recursive; debugfs_remove_recursive() is a macro over it" }],
  }),
  ...exportsOf("fs/debugfs/file.c", {
    ...Object.fromEntries(values.map(([n, t]) => [`debugfs_create_${n}`, [`void debugfs_create_${n}(${D}, ${t} *value)`, "c", { gpl: true, note: "returns void, as since 5.x" }]])),
    debugfs_create_blob: [`struct dentry *debugfs_create_blob(${D}, struct debugfs_blob_wrapper *blob)`, "c", { gpl: true }],
  }),
  ...exportsOf("fs/libfs.c", {
    simple_open: ["int simple_open(struct inode *inode, struct file *file)", "c"],
    simple_attr_open: ["int simple_attr_open(struct inode *inode, struct file *file, int (*get)(void *, u64 *), int (*set)(void *, u64), const char *fmt)", "c", { gpl: true }],
    simple_attr_release: ["int simple_attr_release(struct inode *inode, struct file *file)", "c", { gpl: true }],
    simple_attr_read: ["ssize_t simple_attr_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)", "c", { gpl: true, sleeps: true }],
    simple_attr_write: ["ssize_t simple_attr_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)", "c", { gpl: true, sleeps: true }],
    simple_attr_write_signed: ["ssize_t simple_attr_write_signed(struct file *file, const char __user *buf, size_t len, loff_t *ppos)", "c", { gpl: true, sleeps: true }],
  }),
];
