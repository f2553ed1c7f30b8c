// kemu: the kernel's symbol table - every EXPORT_SYMBOL of the emulated kernel, in one place.
// Modules can link only against these names; docs/api.md is generated from this table.
import type { Kernel } from "./kernel.js";
import type { KernelExport } from "./ksyms.js";
import { MM_EXPORTS } from "../mm/exports.js";
import { MODULE_EXPORTS } from "./module/exports.js";
import { PANIC_EXPORTS } from "./panic_exports.js";
import { PRINTK_EXPORTS } from "./printk/exports.js";
import { PARAMS_EXPORTS, TIME_EXPORTS } from "./params_exports.js";
import { LIB_EXPORTS } from "../lib/exports.js";
import { LOCKING_EXPORTS } from "./locking/exports.js";
import { RCU_EXPORTS } from "./rcu/exports.js";
import { TIMEKEEPING_EXPORTS } from "./time/exports.js";
import { SCHED_EXPORTS, SCHED_C_EXPORTS } from "./sched/exports.js";
import { KTHREAD_EXPORTS } from "./kthread.js";
import { SOFTIRQ_EXPORTS } from "./softirq_exports.js";
import { WORKQUEUE_EXPORTS } from "./workqueue_exports.js";
import { EXIT_EXPORTS } from "./exit.js";
import { SIGNAL_EXPORTS } from "./signal_exports.js";
import { TIMER_SLEEP_EXPORTS } from "./time/timer_exports.js";
import { UMH_EXPORTS, KMOD_EXPORTS, umhFork, umhExecve } from "./umh.js";
import { FS_EXPORTS } from "../fs/exports.js";
import { SYSCTL_EXPORTS } from "./sysctl_exports.js";
import { sysctlAdd, sysctlDel } from "../fs/proc/proc_sysctl.js";
import { kernfsAdd, kernfsDel, kernfsMkdir, kernfsRmdir } from "../fs/kernfs.js";
import { SYSFS_EXPORTS } from "../fs/sysfs/exports.js";
import { DEBUGFS_EXPORTS } from "../fs/debugfs_exports.js";
import { PROC_EXPORTS, procCoreImports } from "../fs/proc/exports.js";
import { CHRDEV_EXPORTS, chrdevCoreImports } from "../fs/char_dev_exports.js";

export const KSYMTAB: readonly KernelExport[] = [
  ...PRINTK_EXPORTS,
  ...PANIC_EXPORTS,
  ...MODULE_EXPORTS,
  ...PARAMS_EXPORTS,
  ...TIME_EXPORTS,
  ...MM_EXPORTS,
  ...LIB_EXPORTS,
  ...LOCKING_EXPORTS,
  ...RCU_EXPORTS,
  ...SCHED_EXPORTS,
  ...TIMEKEEPING_EXPORTS,
  ...SCHED_C_EXPORTS,
  ...KTHREAD_EXPORTS,
  ...SOFTIRQ_EXPORTS,
  ...WORKQUEUE_EXPORTS,
  ...EXIT_EXPORTS,
  ...SIGNAL_EXPORTS,
  ...TIMER_SLEEP_EXPORTS,
  ...UMH_EXPORTS,
  ...KMOD_EXPORTS,
  ...FS_EXPORTS,
  ...SYSCTL_EXPORTS,
  ...SYSFS_EXPORTS,
  ...DEBUGFS_EXPORTS,
  ...PROC_EXPORTS,
  ...CHRDEV_EXPORTS,
];

{
  const seen = new Set<string>();
  for (const e of KSYMTAB) {
    if (seen.has(e.name)) throw new Error(`ksymtab: ${e.name} exported twice`);
    seen.add(e.name);
  }
}

/** Names of exports that may sleep: the asyncify import list is made from this. */
export function sleepingExports(): string[] {
  return KSYMTAB.filter((e) => e.sleeps).map((e) => e.name);
}

/**
 * Functions only the C core imports (not exported to modules): the TS halves of printk,
 * panic and %pS.
 */
export function CORE_ONLY_IMPORTS(k: Kernel): Record<string, Function> {
  return {
    ...procCoreImports(k),
    ...chrdevCoreImports(k),
    kemu_might_sleep_report: (file: number, line: number) => k.sched.mightSleep(file, line),
    kemu_log_store: (text: number, len: number) => k.printk.store(Buffer.from(k.mem.u8().subarray(text >>> 0, (text >>> 0) + len)).toString("utf8")),
    kemu_umh_fork: (sub: number, exited: number, status: number) => umhFork(k, sub, exited, status),
    kemu_execve: (path: number, argv: number, envp: number) => umhExecve(k, path, argv, envp),
    kemu_sysctl_add: (path: number, inode: number, mode: number) => sysctlAdd(k, path, inode, mode),
    kemu_sysctl_del: (path: number) => sysctlDel(k, path),
    kemu_kernfs_mkdir: (path: number, mode: number) => kernfsMkdir(k, path, mode),
    kemu_kernfs_rmdir: (path: number) => kernfsRmdir(k, path),
    kemu_kernfs_add: (path: number, inode: number, mode: number) => kernfsAdd(k, path, inode, mode),
    kemu_kernfs_del: (path: number) => kernfsDel(k, path),
    kemu_panic: (msg: number) => k.panicState.panic(k.mem.readCStringUtf8(msg, 1024)),
    kemu_sprint_symbol: (buf: number, size: number, value: number, withOffset: number) => {
      const name = k.symbolize(value >>> 0, withOffset !== 0) ?? `0x${(value >>> 0).toString(16)}`;
      const bytes = Buffer.from(name, "latin1").subarray(0, Math.max(0, size - 1));
      if (size > 0) k.mem.writeCString(buf, bytes);
      return bytes.length;
    },
  };
}
