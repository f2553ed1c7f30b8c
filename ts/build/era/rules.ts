// kemu: the table of era-specific kernel APIs for `--kernel-version auto`: for each call, macro,
// header, struct, initialiser field or callback signature, the Linux versions where it existed
// ([since, until): `until` is the first release without it). Versions come from Linux's own
// history (include/linux/{timer,interrupt,workqueue,kmod,umh,sysctl,proc_fs,fs,module}.h) and
// agree with the LINUX_VERSION_CODE tests of kemu's headers in csrc/include/linux/. See docs/eras.md.

export interface Range {
  /** First version that has it (inclusive), "MAJOR.MINOR.PATCH". */
  since?: string;
  /** First version that no longer has it (exclusive). */
  until?: string;
  /** Why: what came or went in that version. */
  why: string;
}

export interface CallRule extends Range {
  names: string[];
  /** Exact argument count(s) that select this rule (any count when absent). */
  args?: number[];
  /** Shown in --explain; default `NAME(N args)` or `NAME()`. */
  api?: string;
}

export const CALL_RULES: CallRule[] = [
  // ---- timers (include/linux/timer.h) ----
  { names: ["timer_setup"], since: "4.14.0", why: "timer_setup() added in 4.14 (callbacks take struct timer_list *)" },
  { names: ["from_timer"], since: "4.14.0", until: "6.16.0", why: "from_timer() added in 4.14, renamed timer_container_of() in 6.16" },
  { names: ["setup_timer"], since: "2.6.15", until: "4.15.0", why: "setup_timer() added in 2.6.15, removed in 4.15 (timer_setup)" },
  { names: ["init_timer"], until: "4.15.0", why: "init_timer() with .function/.data removed in 4.15 (timer_setup)" },
  { names: ["DEFINE_TIMER"], args: [4], until: "4.15.0", api: "DEFINE_TIMER(4 args)", why: "DEFINE_TIMER(name, fn, expires, data) became DEFINE_TIMER(name, fn) in 4.15" },
  { names: ["DEFINE_TIMER"], args: [2], since: "4.15.0", api: "DEFINE_TIMER(2 args)", why: "DEFINE_TIMER(name, fn) since 4.15" },
  { names: ["TIMER_INITIALIZER"], args: [3], until: "4.15.0", api: "TIMER_INITIALIZER(3 args)", why: "TIMER_INITIALIZER(fn, expires, data) changed in 4.15" },
  // ---- tasklets (include/linux/interrupt.h) ----
  { names: ["tasklet_setup", "from_tasklet"], since: "5.9.0", why: "tasklet_setup()/from_tasklet() added in 5.9 (callbacks take struct tasklet_struct *)" },
  { names: ["DECLARE_TASKLET", "DECLARE_TASKLET_DISABLED"], args: [3], since: "2.3.43", until: "5.9.0", api: "DECLARE_TASKLET(name, func, data)", why: "tasklets came in 2.3.43; the 3-argument DECLARE_TASKLET became DECLARE_TASKLET_OLD in 5.9" },
  { names: ["DECLARE_TASKLET", "DECLARE_TASKLET_DISABLED"], args: [2], since: "5.9.0", api: "DECLARE_TASKLET(name, callback)", why: "2-argument DECLARE_TASKLET (callback) since 5.9" },
  { names: ["DECLARE_TASKLET_OLD", "DECLARE_TASKLET_DISABLED_OLD"], since: "5.9.0", why: "DECLARE_TASKLET_OLD added in 5.9" },
  { names: ["tasklet_init", "tasklet_schedule", "tasklet_hi_schedule", "tasklet_kill"], since: "2.3.43", why: "tasklets came in 2.3.43 (first stable: 2.4)" },
  // ---- work queues (include/linux/workqueue.h) ----
  { names: ["INIT_WORK", "PREPARE_WORK", "DECLARE_WORK"], args: [3], since: "2.5.41", until: "2.6.20", api: "INIT_WORK(work, func, data)", why: "work queues came in 2.5.41; the data argument went in 2.6.20 (work_struct split)" },
  { names: ["INIT_WORK", "DECLARE_WORK"], args: [2], since: "2.6.20", api: "INIT_WORK(work, func)", why: "2-argument INIT_WORK/DECLARE_WORK since 2.6.20" },
  { names: ["INIT_DELAYED_WORK", "DECLARE_DELAYED_WORK", "to_delayed_work"], since: "2.6.20", why: "struct delayed_work split from work_struct in 2.6.20" },
  { names: ["schedule_work", "queue_work", "create_workqueue", "create_singlethread_workqueue", "flush_scheduled_work"], since: "2.5.41", why: "work queues came in 2.5.41 (first stable: 2.6.0)" },
  { names: ["alloc_workqueue"], since: "2.6.36", why: "alloc_workqueue() added in 2.6.36 (concurrency-managed workqueues)" },
  // ---- kernel threads ----
  { names: ["daemonize"], args: [0], until: "2.5.0", api: "daemonize()", why: "daemonize(void) of 2.4 took a name from 2.5" },
  { names: ["daemonize"], since: "2.5.0", until: "3.8.0", api: "daemonize(name, ...)", why: "daemonize(name) of 2.6, removed in 3.8 (kthreads need no daemonizing)" },
  { names: ["kthread_run", "kthread_create", "kthread_stop", "kthread_should_stop"], since: "2.6.4", why: "the kthread API came in 2.6.4" },
  // ---- usermode helper (kernel/kmod.c, include/linux/kmod.h, include/linux/umh.h) ----
  { names: ["call_usermodehelper"], args: [3], until: "2.5.0", api: "call_usermodehelper(path, argv, envp)", why: "2.2/2.4 call_usermodehelper had no wait argument (added in 2.5)" },
  { names: ["call_usermodehelper"], args: [4], since: "2.5.0", api: "call_usermodehelper(path, argv, envp, wait)", why: "the wait argument came in 2.5" },
  { names: ["call_usermodehelper_setup"], args: [3], since: "2.6.23", until: "2.6.24", api: "call_usermodehelper_setup(3 args)", why: "call_usermodehelper_setup() came in 2.6.23 with 3 arguments; gfp_mask was added right after (2.6.24)" },
  { names: ["call_usermodehelper_setup"], args: [4], since: "2.6.24", until: "3.10.0", api: "call_usermodehelper_setup(4 args)", why: "call_usermodehelper_setup(path, argv, envp, gfp) until 3.10 added init/cleanup/data" },
  { names: ["call_usermodehelper_setup"], args: [7], since: "3.10.0", api: "call_usermodehelper_setup(7 args)", why: "call_usermodehelper_setup() takes init, cleanup and data since 3.10" },
  { names: ["call_usermodehelper_exec"], since: "2.6.23", why: "call_usermodehelper_exec() came in 2.6.23" },
  { names: ["call_usermodehelper_fns", "call_usermodehelper_setfns"], since: "2.6.29", until: "3.10.0", why: "call_usermodehelper_fns/setfns existed 2.6.29 - 3.9" },
  // ---- sysctl (include/linux/sysctl.h) ----
  { names: ["register_sysctl_table"], args: [2], until: "2.6.21", api: "register_sysctl_table(table, insert_at_head)", why: "register_sysctl_table lost its insert_at_head argument in 2.6.21" },
  { names: ["register_sysctl_table"], args: [1], since: "2.6.21", until: "6.6.0", api: "register_sysctl_table(table)", why: "1-argument register_sysctl_table 2.6.21 - 6.5 (removed in 6.6)" },
  { names: ["register_sysctl"], since: "3.4.0", why: "register_sysctl(path, table) added in 3.4" },
  // ---- procfs (include/linux/proc_fs.h) ----
  { names: ["proc_register", "proc_register_dynamic", "proc_unregister"], until: "2.4.0", why: "static /proc entries (proc_register) are the 2.2 API; 2.4 uses create_proc_entry" },
  { names: ["create_proc_entry", "create_proc_read_entry"], since: "2.3.29", until: "3.10.0", why: "create_proc_entry() came in 2.3.29 (2.4) and was removed in 3.10 (proc_create)" },
  { names: ["create_proc_info_entry"], since: "2.3.29", until: "2.6.26", why: "create_proc_info_entry() removed in 2.6.26" },
  { names: ["proc_create", "proc_create_data"], since: "2.6.25", why: "proc_create() added in 2.6.25" },
  { names: ["PDE_DATA"], since: "3.10.0", until: "5.17.0", why: "PDE_DATA() 3.10 - 5.16 (pde_data since 5.17)" },
  { names: ["pde_data"], since: "5.17.0", why: "pde_data() since 5.17" },
  { names: ["PDE"], since: "2.3.29", until: "3.10.0", why: "PDE(inode) lost to PDE_DATA in 3.10" },
  { names: ["proc_create_single", "proc_create_seq", "proc_create_single_data", "proc_create_seq_data"], since: "4.18.0", why: "proc_create_single/seq added in 4.18" },
  { names: ["proc_remove"], since: "3.10.0", why: "proc_remove() added in 3.10" },
  // ---- 2.2 bottom halves and sleeping ----
  { names: ["queue_task", "run_task_queue"], until: "2.5.41", why: "task queues (tq_struct, queue_task) were replaced by work queues in 2.5.41" },
  { names: ["schedule_task", "flush_scheduled_tasks", "INIT_TQUEUE", "PREPARE_TQUEUE", "TQ_ACTIVE"], since: "2.3.0", until: "2.5.41", why: "2.4's list_head task queues and keventd (schedule_task) lived from 2.3 until work queues replaced them in 2.5.41" },
  { names: ["sleep_on", "interruptible_sleep_on", "sleep_on_timeout", "interruptible_sleep_on_timeout"], until: "3.15.0", why: "the sleep_on family was removed in 3.15" },
  { names: ["module_sleep_on", "module_interruptible_sleep_on"], until: "2.3.0", why: "module_sleep_on() is 2.0/2.2" },
  // ---- modules (include/linux/module.h) ----
  { names: ["MODULE_LICENSE"], since: "2.4.10", why: "MODULE_LICENSE came in 2.4.10" },
  { names: ["module_param", "module_param_named", "module_param_array", "module_param_string"], since: "2.5.0", why: "module_param() came in 2.5 (2.6)" },
  { names: ["MODULE_PARM"], until: "2.6.17", why: "MODULE_PARM() was removed in 2.6.17 (module_param)" },
  // ---- misc ----
  { names: ["access_ok"], args: [3], until: "5.0.0", api: "access_ok(type, addr, size)", why: "access_ok lost its type argument in 5.0" },
  { names: ["access_ok"], args: [2], since: "5.0.0", api: "access_ok(addr, size)", why: "2-argument access_ok since 5.0" },
  { names: ["do_gettimeofday"], until: "5.0.0", why: "do_gettimeofday() removed in 5.0" },
  { names: ["init_MUTEX", "init_MUTEX_LOCKED", "DECLARE_MUTEX"], until: "2.6.37", why: "init_MUTEX/DECLARE_MUTEX (semaphores) removed in 2.6.37" },
  { names: ["lock_kernel", "unlock_kernel"], until: "2.6.39", why: "the big kernel lock (lock_kernel/unlock_kernel) was removed in 2.6.39" },
  { names: ["init_srcu_struct", "srcu_read_lock", "synchronize_srcu"], since: "2.6.19", why: "SRCU came in 2.6.19" },
  { names: ["class_create"], args: [2], until: "6.4.0", api: "class_create(owner, name)", why: "class_create lost its owner argument in 6.4" },
  { names: ["class_create"], args: [1], since: "6.4.0", api: "class_create(name)", why: "1-argument class_create since 6.4" },
  { names: ["kmap_atomic"], args: [2], until: "3.6.0", api: "kmap_atomic(page, KM_type)", why: "kmap_atomic's km_type argument went in 3.4-3.6" },
];

/** Identifiers (not calls) tied to an era. */
export const IDENT_RULES: (Range & { names: string[] })[] = [
  { names: ["MOD_INC_USE_COUNT", "MOD_DEC_USE_COUNT", "MOD_IN_USE"], until: "2.5.0", why: "modules counted their own users (MOD_INC_USE_COUNT) until 2.5 introduced try_module_get/owner" },
  { names: ["EXPORT_NO_SYMBOLS"], until: "2.5.0", why: "EXPORT_NO_SYMBOLS is the 2.2/2.4 export control (gone in 2.5)" },
  { names: ["tq_timer", "tq_immediate"], until: "2.5.41", why: "2.2/2.4 task queues, replaced by work queues in 2.5.41" },
  { names: ["tq_scheduler"], until: "2.3.0", why: "tq_scheduler (run by schedule()) is 2.2; 2.4 has schedule_task() and keventd" },
  { names: ["UMH_WAIT_PROC", "UMH_WAIT_EXEC", "UMH_NO_WAIT"], since: "2.6.23", why: "enum umh_wait came in 2.6.23" },
  { names: ["UMH_KILLABLE"], since: "3.4.0", why: "UMH_KILLABLE came in 3.4" },
  { names: ["SPIN_LOCK_UNLOCKED", "RW_LOCK_UNLOCKED"], until: "2.6.39", why: "SPIN_LOCK_UNLOCKED/RW_LOCK_UNLOCKED removed in 2.6.39" },
  { names: ["__devinit", "__devexit", "__devexit_p", "__devinitdata"], until: "3.8.0", why: "__devinit/__devexit removed in 3.8" },
  { names: ["wait_queue_head_t"], since: "2.3.1", why: "wait_queue_head_t came in 2.3.1" },
  { names: ["DECLARE_WAIT_QUEUE_HEAD", "DECLARE_WAITQUEUE"], since: "2.3.1", why: "wait_queue_head_t (DECLARE_WAIT_QUEUE_HEAD/DECLARE_WAITQUEUE) came in 2.3.1" },
];

/** Headers. */
export const INCLUDE_RULES: (Range & { header: string })[] = [
  { header: "linux/config.h", until: "2.6.19", why: "include/linux/config.h was removed in 2.6.19" },
  { header: "linux/modversions.h", until: "2.5.0", why: "linux/modversions.h (CONFIG_MODVERSIONS by hand) is 2.2/2.4" },
  { header: "linux/tqueue.h", until: "2.5.41", why: "task queues (linux/tqueue.h) went in 2.5.41" },
  { header: "linux/smp_lock.h", until: "2.6.39", why: "linux/smp_lock.h (the big kernel lock) was removed in 2.6.39" },
  { header: "linux/kthread.h", since: "2.6.4", why: "linux/kthread.h came in 2.6.4" },
  { header: "linux/umh.h", since: "4.13.0", why: "linux/umh.h was split from kmod.h in 4.13" },
  { header: "linux/sched/signal.h", since: "4.11.0", why: "linux/sched/signal.h was split from sched.h in 4.11" },
  { header: "linux/uaccess.h", since: "2.6.18", why: "linux/uaccess.h (instead of asm/uaccess.h) since 2.6.18" },
  { header: "linux/wrapper.h", until: "2.6.0", why: "linux/wrapper.h (mem_map_reserve) is 2.2/2.4" },
];

/** `struct NAME` types. */
export const STRUCT_RULES: (Range & { struct: string })[] = [
  { struct: "proc_ops", since: "5.6.0", why: "struct proc_ops replaced file_operations for /proc in 5.6" },
  { struct: "tq_struct", until: "2.5.41", why: "struct tq_struct (task queues) went in 2.5.41" },
  { struct: "wait_queue", until: "2.3.1", why: "struct wait_queue * lists are 2.2; wait_queue_head_t since 2.3.1" },
  { struct: "delayed_work", since: "2.6.20", why: "struct delayed_work came in 2.6.20" },
];

/** Designated initialiser fields (`.ctl_name = ...`) and assignments to them, by struct family. */
export const FIELD_RULES: (Range & { fields: string[]; types?: RegExp })[] = [
  { fields: ["ctl_name", "strategy"], until: "2.6.33", why: "ctl_table lost .ctl_name and .strategy in 2.6.33 (binary sysctl gone)" },
  { fields: ["de"], types: /ctl_table/, until: "2.6.21", why: "ctl_table's .de (proc entry) went in 2.6.21" },
  { fields: ["parent"], types: /ctl_table/, since: "2.6.21", until: "3.4.0", why: "ctl_table had .parent 2.6.21 - 3.3" },
  { fields: ["child"], types: /ctl_table/, until: "6.6.0", why: "ctl_table's .child was removed in 6.6" },
  { fields: ["ioctl"], types: /file_operations/, until: "2.6.36", why: "file_operations.ioctl (BKL) was removed in 2.6.36" },
  { fields: ["unlocked_ioctl"], types: /file_operations/, since: "2.6.11", why: "file_operations.unlocked_ioctl came in 2.6.11" },
  { fields: ["readdir"], types: /file_operations/, until: "3.11.0", why: "file_operations.readdir became iterate in 3.11" },
  { fields: ["proc_read", "proc_write", "proc_open", "proc_release", "proc_lseek"], types: /proc_ops/, since: "5.6.0", why: "struct proc_ops came in 5.6" },
  { fields: ["read_proc", "write_proc"], until: "3.10.0", why: "proc_dir_entry.read_proc/write_proc were removed in 3.10" },
  { fields: ["get_info"], until: "2.6.26", why: "proc_dir_entry.get_info was removed in 2.6.26" },
  { fields: ["routine"], types: /tq_struct/, until: "2.5.41", why: "struct tq_struct went in 2.5.41" },
];

/** Representative versions kemu picks from (the eras its headers and emulation model). */
export const REPRESENTATIVE_VERSIONS = ["2.2.26", "2.4.37", "2.6.23", "2.6.32", "3.10.0", "4.4.0", "4.19.0", "5.4.0", "5.10.0", "6.1.0"];
