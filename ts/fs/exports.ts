// kemu: EXPORT_SYMBOLs of fs/read_write.c, fs/libfs.c, fs/open.c and lib/usercopy.c; the C core
// (csrc/fs/, csrc/lib/usercopy.c) implements them.
import { exportsOf } from "../kernel/ksyms.js";

export const FS_EXPORTS = [
  ...exportsOf("fs/read_write.c", {
    no_llseek: ["loff_t no_llseek(struct file *file, loff_t offset, int whence)", "c", { note: "removed from Linux in 6.12; kept for older modules" }],
    noop_llseek: ["loff_t noop_llseek(struct file *file, loff_t offset, int whence)", "c"],
    default_llseek: ["loff_t default_llseek(struct file *file, loff_t offset, int whence)", "c"],
    generic_file_llseek: ["loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)", "c"],
    generic_file_llseek_size: ["loff_t generic_file_llseek_size(struct file *file, loff_t offset, int whence, loff_t maxsize, loff_t eof)", "c"],
    fixed_size_llseek: ["loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size)", "c"],
    no_seek_end_llseek: ["loff_t no_seek_end_llseek(struct file *file, loff_t offset, int whence)", "c"],
    vfs_setpos: ["loff_t vfs_setpos(struct file *file, loff_t offset, loff_t maxsize)", "c"],
  }),
  ...exportsOf("fs/open.c", {
    generic_file_open: ["int generic_file_open(struct inode *inode, struct file *filp)", "c"],
    nonseekable_open: ["int nonseekable_open(struct inode *inode, struct file *filp)", "c"],
    stream_open: ["int stream_open(struct inode *inode, struct file *filp)", "c"],
  }),
  ...exportsOf("fs/libfs.c", {
    simple_read_from_buffer: ["ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from, size_t available)", "c"],
    simple_write_to_buffer: ["ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos, const void __user *from, size_t count)", "c"],
    memory_read_from_buffer: ["ssize_t memory_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from, size_t available)", "c"],
  }),
  ...exportsOf("lib/usercopy.c", {
    kemu_access_ok: ["bool kemu_access_ok(const void __user *addr, unsigned long size)", "c", {
      status: "internal", note: "access_ok() (2 or 3 arguments) and verify_area() are macros over it: the address must lie in the calling task's user window",
    }],
    _copy_to_user: ["unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n)", "c", { note: "copy_to_user()/put_user() are inline over it; a fault copies nothing" }],
    _copy_from_user: ["unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n)", "c", { note: "copy_from_user()/get_user() are inline over it; a fault zeroes the destination" }],
    clear_user: ["unsigned long clear_user(void __user *to, unsigned long n)", "c"],
    strncpy_from_user: ["long strncpy_from_user(char *dst, const char __user *src, long count)", "c"],
    strnlen_user: ["long strnlen_user(const char __user *str, long n)", "c"],
  }),
];
