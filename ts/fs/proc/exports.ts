// kemu: EXPORT_SYMBOLs of fs/proc/ (procfs of every era) and fs/seq_file.c. The C core implements
// them (csrc/fs/proc/generic.c, csrc/fs/proc/inode.c, csrc/fs/seq_file.c); the VFS nodes under
// /proc come from ts/fs/proc/generic.ts through the core's imports below.
import type { Kernel } from "../../kernel/kernel.js";
import { exportsOf, type KernelExport } from "../../kernel/ksyms.js";
import { procAdd, procDel } from "./generic.js";

const PDE = "struct proc_dir_entry";
const OPS = "const struct proc_ops *proc_ops";
const OPS_NOTE = "the last argument is a struct file_operations * before 5.6 and a struct proc_ops * from 5.6, as <linux/proc_fs.h> declares it";

export const PROC_EXPORTS: KernelExport[] = [
  ...exportsOf("fs/proc/root.c", {
    proc_root: [`${PDE} proc_root`, "c", { note: "2.2-2.6.25 modules passed &proc_root; the core's record of /proc itself" }],
  }),
  ...exportsOf("fs/proc/generic.c", {
    proc_register: [`int proc_register(${PDE} *dir, ${PDE} *dp)`, "c", {
      sleeps: true, note: "2.2: registers the module's own (positionally initialised) entry; low_ino 0 gets a dynamic number from 4096",
    }],
    proc_register_dynamic: [`int proc_register_dynamic(${PDE} *dir, ${PDE} *dp)`, "c", { sleeps: true, note: "2.0/2.2: always a dynamic inode number" }],
    proc_unregister: [`int proc_unregister(${PDE} *dir, int ino)`, "c", { sleeps: true, note: "2.2; -EINVAL when no entry of dir has that inode number" }],
    create_proc_entry: [`${PDE} *create_proc_entry(const char *name, mode_t mode, ${PDE} *parent)`, "c", {
      sleeps: true, note: "2.4-3.9; reads use ->read_proc/->get_info with each era's *start rules; create_proc_read_entry and create_proc_info_entry are inline over it",
    }],
    proc_root_fs: [`${PDE} *proc_root_fs`, "c", { note: "2.4-2.6.25" }],
    proc_root_driver: [`${PDE} *proc_root_driver`, "c", { note: "2.4-2.6.25" }],
    proc_bus: [`${PDE} *proc_bus`, "c", { note: "2.4-2.6.25" }],
    proc_create: [`${PDE} *proc_create(const char *name, umode_t mode, ${PDE} *parent, ${OPS})`, "c", { sleeps: true, note: OPS_NOTE }],
    proc_create_data: [`${PDE} *proc_create_data(const char *name, umode_t mode, ${PDE} *parent, ${OPS}, void *data)`, "c", { sleeps: true, note: OPS_NOTE }],
    proc_create_single_data: [`${PDE} *proc_create_single_data(const char *name, umode_t mode, ${PDE} *parent, int (*show)(struct seq_file *, void *), void *data)`, "c", {
      sleeps: true, note: "4.18+; proc_create_single is a macro over it",
    }],
    proc_create_seq_private: [`${PDE} *proc_create_seq_private(const char *name, umode_t mode, ${PDE} *parent, const struct seq_operations *ops, unsigned int state_size, void *data)`, "c", {
      sleeps: true, note: "4.18+; proc_create_seq and proc_create_seq_data are macros over it",
    }],
    proc_mkdir: [`${PDE} *proc_mkdir(const char *name, ${PDE} *parent)`, "c", { sleeps: true }],
    proc_mkdir_mode: [`${PDE} *proc_mkdir_mode(const char *name, umode_t mode, ${PDE} *parent)`, "c", { sleeps: true }],
    proc_mkdir_data: [`${PDE} *proc_mkdir_data(const char *name, umode_t mode, ${PDE} *parent, void *data)`, "c", { sleeps: true, gpl: true }],
    proc_symlink: [`${PDE} *proc_symlink(const char *name, ${PDE} *parent, const char *dest)`, "c", { sleeps: true }],
    remove_proc_entry: [`void remove_proc_entry(const char *name, ${PDE} *parent)`, "c", {
      sleeps: true, note: "waits for handlers in progress and releases files still open (later reads: -EIO); 6.1's WARNs for a missing name and a non-empty directory",
    }],
    remove_proc_subtree: [`int remove_proc_subtree(const char *name, ${PDE} *parent)`, "c", { sleeps: true }],
    proc_remove: [`void proc_remove(${PDE} *de)`, "c", { sleeps: true }],
    proc_set_size: [`void proc_set_size(${PDE} *de, loff_t size)`, "c"],
    proc_set_user: [`void proc_set_user(${PDE} *de, kuid_t uid, kgid_t gid)`, "c"],
    PDE_DATA: ["void *PDE_DATA(const struct inode *inode)", "c", { note: "3.10-5.16; 5.17+ pde_data() is inline (inode->i_private), PDE() before 3.10" }],
    proc_get_parent_data: ["void *proc_get_parent_data(const struct inode *inode)", "c", { gpl: true }],
  }),
  ...exportsOf("fs/seq_file.c", {
    seq_open: ["int seq_open(struct file *file, const struct seq_operations *op)", "c"],
    seq_read: ["ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)", "c", {
      sleeps: true, note: "6.1's seq_read_iter rules: a record that overflows the buffer is retried with a doubled one",
    }],
    seq_read_iter: ["ssize_t seq_read_iter(struct kiocb *iocb, struct iov_iter *iter)", "c", {
      status: "partial", note: "kemu has no iov_iter: procfs calls seq_read for a proc_ops naming it; called directly it WARNs and returns -EINVAL",
    }],
    seq_lseek: ["loff_t seq_lseek(struct file *file, loff_t offset, int whence)", "c", { sleeps: true }],
    seq_release: ["int seq_release(struct inode *inode, struct file *file)", "c"],
    seq_release_private: ["int seq_release_private(struct inode *inode, struct file *file)", "c"],
    seq_open_private: ["int seq_open_private(struct file *filp, const struct seq_operations *ops, int psize)", "c"],
    __seq_open_private: ["void *__seq_open_private(struct file *f, const struct seq_operations *ops, int psize)", "c"],
    single_open: ["int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data)", "c"],
    single_open_size: ["int single_open_size(struct file *file, int (*show)(struct seq_file *, void *), void *data, size_t size)", "c"],
    single_release: ["int single_release(struct inode *inode, struct file *file)", "c"],
    seq_printf: ["void seq_printf(struct seq_file *m, const char *fmt, ...)", "c", { note: "before 4.3 <linux/seq_file.h> makes it return int (0, or -1 on overflow)" }],
    seq_vprintf: ["void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)", "c"],
    seq_puts: ["void seq_puts(struct seq_file *m, const char *s)", "c", { note: "int before 4.3, as seq_printf" }],
    seq_putc: ["void seq_putc(struct seq_file *m, char c)", "c", { note: "int before 4.3, as seq_printf" }],
    seq_write: ["int seq_write(struct seq_file *seq, const void *data, size_t len)", "c"],
    seq_pad: ["void seq_pad(struct seq_file *m, char c)", "c"],
    seq_put_decimal_ull: ["void seq_put_decimal_ull(struct seq_file *m, const char *delimiter, unsigned long long num)", "c"],
    seq_put_decimal_ll: ["void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num)", "c"],
    seq_hex_dump: ["void seq_hex_dump(struct seq_file *m, const char *prefix_str, int prefix_type, int rowsize, int groupsize, const void *buf, size_t len, bool ascii)", "c"],
    seq_list_start: ["struct list_head *seq_list_start(struct list_head *head, loff_t pos)", "c"],
    seq_list_start_head: ["struct list_head *seq_list_start_head(struct list_head *head, loff_t pos)", "c"],
    seq_list_next: ["struct list_head *seq_list_next(void *v, struct list_head *head, loff_t *ppos)", "c"],
    seq_hlist_start: ["struct hlist_node *seq_hlist_start(struct hlist_head *head, loff_t pos)", "c"],
    seq_hlist_start_head: ["struct hlist_node *seq_hlist_start_head(struct hlist_head *head, loff_t pos)", "c"],
    seq_hlist_next: ["struct hlist_node *seq_hlist_next(void *v, struct hlist_head *head, loff_t *ppos)", "c"],
  }),
];

/** TS functions only the C core's procfs imports. */
export function procCoreImports(k: Kernel): Record<string, Function> {
  return {
    kemu_proc_add: (parent: number, pde: number, name: number, mode: number, inode: number, link: number, uid: number, gid: number, ino: number) =>
      procAdd(k, parent, pde, name, mode, inode, link, uid, gid, ino),
    kemu_proc_del: (parent: number, pde: number, name: number) => procDel(k, parent, pde, name),
  };
}
