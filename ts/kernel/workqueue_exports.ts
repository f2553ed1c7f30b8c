// kemu: kernel/workqueue.c exports, GPL flags as in Linux 6.1. The C core implements them
// (csrc/kernel/workqueue.c); TS only counts the reports it prints.
import { exportsOf } from "./ksyms.js";

const ONE_CPU = "one CPU: every pool is CPU 0's or unbound";

export const WORKQUEUE_EXPORTS = exportsOf("kernel/workqueue.c", {
  system_wq: ["struct workqueue_struct *system_wq", "c"],
  system_highpri_wq: ["struct workqueue_struct *system_highpri_wq", "c", { gpl: true }],
  system_long_wq: ["struct workqueue_struct *system_long_wq", "c", { gpl: true }],
  system_unbound_wq: ["struct workqueue_struct *system_unbound_wq", "c", { gpl: true }],
  system_freezable_wq: ["struct workqueue_struct *system_freezable_wq", "c", { gpl: true, note: "nothing freezes in kemu" }],
  system_power_efficient_wq: ["struct workqueue_struct *system_power_efficient_wq", "c", { gpl: true }],
  system_freezable_power_efficient_wq: ["struct workqueue_struct *system_freezable_power_efficient_wq", "c", { gpl: true }],
  alloc_workqueue: ["struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)", "c", {
    gpl: true, sleeps: true, status: "partial",
    note: "WQ_FREEZABLE, WQ_SYSFS and WQ_POWER_EFFICIENT are accepted and change nothing; a WQ_MEM_RECLAIM rescuer exists but never has work",
  }],
  destroy_workqueue: ["void destroy_workqueue(struct workqueue_struct *wq)", "c", {
    gpl: true, sleeps: true, note: "kemu reports any later use of the destroyed workqueue instead of a use-after-free",
  }],
  queue_work_on: ["bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)", "c", { note: ONE_CPU }],
  queue_work_node: ["bool queue_work_node(int node, struct workqueue_struct *wq, struct work_struct *work)", "c", { gpl: true, note: "one node" }],
  delayed_work_timer_fn: ["void delayed_work_timer_fn(struct timer_list *t)", "c"],
  queue_delayed_work_on: ["bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)", "c", { note: ONE_CPU }],
  mod_delayed_work_on: ["bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)", "c", { gpl: true }],
  queue_rcu_work: ["bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork)", "c"],
  __flush_workqueue: ["void __flush_workqueue(struct workqueue_struct *wq)", "c", { sleeps: true, note: "flush_workqueue() and flush_scheduled_work() of <linux/workqueue.h>" }],
  __warn_flushing_systemwide_wq: ["void __warn_flushing_systemwide_wq(void)", "c", { note: "a no-op, as in 6.1 (the warning is at compile time)" }],
  drain_workqueue: ["void drain_workqueue(struct workqueue_struct *wq)", "c", { gpl: true, sleeps: true }],
  flush_work: ["bool flush_work(struct work_struct *work)", "c", { gpl: true, sleeps: true }],
  flush_delayed_work: ["bool flush_delayed_work(struct delayed_work *dwork)", "c", { sleeps: true }],
  flush_rcu_work: ["bool flush_rcu_work(struct rcu_work *rwork)", "c", { sleeps: true }],
  cancel_work: ["bool cancel_work(struct work_struct *work)", "c", { note: "exported since 6.0" }],
  cancel_work_sync: ["bool cancel_work_sync(struct work_struct *work)", "c", { gpl: true, sleeps: true }],
  cancel_delayed_work: ["bool cancel_delayed_work(struct delayed_work *dwork)", "c"],
  cancel_delayed_work_sync: ["bool cancel_delayed_work_sync(struct delayed_work *dwork)", "c", { sleeps: true }],
  execute_in_process_context: ["int execute_in_process_context(work_func_t fn, struct execute_work *ew)", "c", { gpl: true, sleeps: true }],
  workqueue_set_max_active: ["void workqueue_set_max_active(struct workqueue_struct *wq, int max_active)", "c", { gpl: true, sleeps: true }],
  current_work: ["struct work_struct *current_work(void)", "c"],
  workqueue_congested: ["bool workqueue_congested(int cpu, struct workqueue_struct *wq)", "c", { gpl: true }],
  work_busy: ["unsigned int work_busy(struct work_struct *work)", "c", { gpl: true }],
  set_worker_desc: ["void set_worker_desc(const char *fmt, ...)", "c", { gpl: true }],
  work_on_cpu: ["long work_on_cpu(int cpu, long (*fn)(void *), void *arg)", "c", { gpl: true, sleeps: true, note: ONE_CPU }],
  work_on_cpu_safe: ["long work_on_cpu_safe(int cpu, long (*fn)(void *), void *arg)", "c", { gpl: true, sleeps: true, note: "-ENODEV for any CPU but 0" }],
  kemu_workqueue_report: ["void kemu_workqueue_report(void)", (k) => () => {
    k.panicState.reports++;
  }, { status: "internal", note: "a workqueue BUG or misuse report is being printed (counted like an Oops)" }],
});
