// kemu: EXPORT_SYMBOLs of kernel/sysctl.c and fs/proc/proc_sysctl.c; the C core implements
// them (csrc/kernel/sysctl.c, csrc/fs/proc/proc_sysctl.c).
import { exportsOf } from "./ksyms.js";

const H = "(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)";
const FILP = "(struct ctl_table *table, int write, struct file *filp, void *buffer, size_t *lenp, loff_t *ppos)";
const OLD = "the struct file * form of kernels before 2.6.32: <linux/sysctl.h> maps the handler's name to it";
const STRATEGY = "(struct ctl_table *table, int __user *name, int nlen, void __user *oldval, size_t __user *oldlenp, void __user *newval, size_t newlen)";
const NO_SYSCALL = "sysctl(2) strategy routine (before 2.6.33); kemu has no sysctl(2): accepted in tables, never called";

const handlers = ["proc_dostring", "proc_dointvec", "proc_dointvec_minmax", "proc_dointvec_jiffies", "proc_dointvec_userhz_jiffies",
  "proc_dointvec_ms_jiffies", "proc_doulongvec_minmax", "proc_doulongvec_ms_jiffies_minmax"];

export const SYSCTL_EXPORTS = [
  ...exportsOf("kernel/sysctl.c", {
    sysctl_vals: ["const int sysctl_vals[]", "c"],
    sysctl_long_vals: ["const unsigned long sysctl_long_vals[]", "c", { gpl: true }],
    proc_dostring: [`int proc_dostring${H}`, "c"],
    proc_dobool: [`int proc_dobool${H}`, "c"],
    proc_dointvec: [`int proc_dointvec${H}`, "c"],
    proc_douintvec: [`int proc_douintvec${H}`, "c"],
    proc_dointvec_minmax: [`int proc_dointvec_minmax${H}`, "c"],
    proc_douintvec_minmax: [`int proc_douintvec_minmax${H}`, "c", { gpl: true }],
    proc_dou8vec_minmax: [`int proc_dou8vec_minmax${H}`, "c", { gpl: true }],
    proc_dointvec_jiffies: [`int proc_dointvec_jiffies${H}`, "c"],
    proc_dointvec_userhz_jiffies: [`int proc_dointvec_userhz_jiffies${H}`, "c"],
    proc_dointvec_ms_jiffies: [`int proc_dointvec_ms_jiffies${H}`, "c"],
    proc_doulongvec_minmax: [`int proc_doulongvec_minmax${H}`, "c"],
    proc_doulongvec_ms_jiffies_minmax: [`int proc_doulongvec_ms_jiffies_minmax${H}`, "c"],
    ...Object.fromEntries(handlers.map((h) => [`kemu_${h}_filp`, [`int kemu_${h}_filp${FILP}`, "c", { status: "internal", note: OLD }]])),
    ...Object.fromEntries(["sysctl_data", "sysctl_string", "sysctl_intvec", "sysctl_jiffies", "sysctl_ms_jiffies"].map((s) =>
      [s, [`int ${s}${STRATEGY}`, "c", { status: "partial", note: NO_SYSCALL }]])),
  }),
  ...exportsOf("fs/proc/proc_sysctl.c", {
    register_sysctl: ["struct ctl_table_header *register_sysctl(const char *path, struct ctl_table *table)", "c", {
      sleeps: true, note: "6.6+ spells it as a macro over register_sysctl_sz(); paths may use / or .",
    }],
    register_sysctl_sz: ["struct ctl_table_header *register_sysctl_sz(const char *path, struct ctl_table *table, size_t table_size)", "c", { sleeps: true }],
    register_sysctl_table: ["struct ctl_table_header *register_sysctl_table(struct ctl_table *table)", "c", {
      sleeps: true, note: "removed in 6.6; child tables are directories; the 2-argument form of 2.6.20 and before is a macro",
    }],
    register_sysctl_paths: ["struct ctl_table_header *register_sysctl_paths(const struct ctl_path *path, struct ctl_table *table)", "c", { sleeps: true, note: "2.6.25-6.5" }],
    unregister_sysctl_table: ["void unregister_sysctl_table(struct ctl_table_header *table)", "c", { sleeps: true, note: "waits for handlers running now" }],
  }),
];
