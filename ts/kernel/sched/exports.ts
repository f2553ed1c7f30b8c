// kemu: kernel/sched/core.c exports: current, preempt_count and the scheduler entry points.
import { K, task_struct } from "../../generated/layout.js";
import { exportsOf } from "../ksyms.js";
import type { Kernel } from "../kernel.js";

const task = (k: Kernel, p: number) => k.sched.taskAt(p);

export const SCHED_EXPORTS = exportsOf("kernel/sched/core.c", {
  current_task: ["struct task_struct *current_task", "c", { status: "internal", note: "`current` (x86's per-cpu current_task)" }],
  __preempt_count: ["int __preempt_count", "c", { status: "internal", note: "preempt_count() (x86's per-cpu __preempt_count)" }],
  kemu_irq_flags: ["unsigned long kemu_irq_flags", "c", { status: "internal", note: "the emulated CPU's interrupt flag (local_irq_save ...)" }],
  schedule: ["void schedule(void)", (k) => k.sched.schedule, { sleeps: true }],
  yield: ["void yield(void)", (k) => k.sched.yield, { preempts: true }],
  __cond_resched: ["int __cond_resched(void)", (k) => k.sched.condResched, { preempts: true }],
  _cond_resched: ["int _cond_resched(void)", (k) => k.sched.condResched, { preempts: true }],
  kemu_need_resched: ["bool kemu_need_resched(void)", (k) => () => (k.sched.needResched ? 1 : 0), {
    status: "internal", note: "need_resched()",
  }],
  wake_up_process: ["int wake_up_process(struct task_struct *p)", (k) => (p: number) => {
    const t = task(k, p);
    return t ? k.sched.wakeUpProcess(t) : 0;
  }],
  wake_up_state: ["int wake_up_state(struct task_struct *p, unsigned int state)", (k) => (p: number, state: number) => {
    const t = task(k, p);
    return t ? k.sched.tryToWakeUp(t, state) : 0;
  }],
  try_to_wake_up: ["int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)", (k) => (p: number, state: number) => {
    const t = task(k, p);
    return t ? k.sched.tryToWakeUp(t, state) : 0;
  }, { note: "static in Linux; kemu's C wait queues call it" }],
  __might_sleep: ["void __might_sleep(const char *file, int line)", "c", { note: "the report itself is TS (Scheduler.mightSleep)" }],
  __get_task_comm: ["char *__get_task_comm(char *buf, size_t buf_size, struct task_struct *tsk)", (k) => (buf: number, size: number, p: number) => {
    const u8 = k.mem.u8();
    const n = Math.min(size, K.TASK_COMM_LEN);
    if (n > 0) {
      u8.copyWithin(buf, p + task_struct.comm, p + task_struct.comm + n);
      u8[buf + n - 1] = 0;
    }
    return buf;
  }],
  __set_task_comm: ["void __set_task_comm(struct task_struct *tsk, const char *buf, bool exec)", (k) => (p: number, buf: number) => {
    const t = task(k, p);
    const name = k.mem.readCString(buf, 256);
    if (t) k.sched.setComm(t, name);
    else k.sched.writeComm(p, name);
  }],
  set_user_nice: ["void set_user_nice(struct task_struct *p, long nice)", (k) => (p: number, nice: number) => {
    const n = Math.max(-20, Math.min(19, nice));
    k.mem.writeU32(p + task_struct.static_prio, 120 + n);
    k.mem.writeU32(p + task_struct.prio, 120 + n);
    const t = task(k, p);
    if (t) k.sched.setNice(t, n);
  }, { note: "the task's CFS weight: its runtime is charged by sched_prio_to_weight[]" }],
  task_nice: ["int task_nice(const struct task_struct *p)", (k) => (p: number) => k.mem.readI32(p + task_struct.static_prio) - 120],
  sched_setscheduler: ["int sched_setscheduler(struct task_struct *p, int policy, const struct sched_param *param)", (k) => (p: number, policy: number) => {
    k.mem.writeU32(p + task_struct.policy, policy);
    return 0;
  }, { status: "partial", note: "recorded; kemu's round robin ignores policies" }],
  sched_set_fifo: ["void sched_set_fifo(struct task_struct *p)", (k) => (p: number) => k.mem.writeU32(p + task_struct.policy, 1), {
    status: "partial", note: "recorded only",
  }],
  sched_set_fifo_low: ["void sched_set_fifo_low(struct task_struct *p)", (k) => (p: number) => k.mem.writeU32(p + task_struct.policy, 1), {
    status: "partial", note: "recorded only",
  }],
  sched_set_normal: ["void sched_set_normal(struct task_struct *p, int nice)", (k) => (p: number) => k.mem.writeU32(p + task_struct.policy, 0), {
    status: "partial", note: "recorded only",
  }],
  find_task_by_vpid: ["struct task_struct *find_task_by_vpid(pid_t nr)", (k) => (nr: number) => k.sched.tasks.get(nr)?.addr ?? 0],
  find_task_by_pid_ns: ["struct task_struct *find_task_by_pid_ns(pid_t nr, struct pid_namespace *ns)", (k) => (nr: number) => k.sched.tasks.get(nr)?.addr ?? 0],
  kemu_next_task: ["struct task_struct *kemu_next_task(struct task_struct *p)", (k) => (p: number) => {
    const all = [...k.sched.tasks.values()].sort((a, b) => a.pid - b.pid);
    if (!p) return all[0]?.addr ?? 0;
    const i = all.findIndex((t) => t.addr === p >>> 0);
    return i >= 0 && i + 1 < all.length ? all[i + 1].addr : 0;
  }, { status: "internal", note: "for_each_process()" }],
  __put_task_struct: ["void __put_task_struct(struct task_struct *t)", () => () => {}, {
    status: "partial", note: "task_structs live as long as the machine",
  }],
});

export const SCHED_C_EXPORTS = exportsOf("kernel/sched/wait.c", {
  __init_waitqueue_head: ["void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name, struct lock_class_key *key)", "c"],
  add_wait_queue: ["void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)", "c"],
  add_wait_queue_exclusive: ["void add_wait_queue_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)", "c"],
  add_wait_queue_priority: ["void add_wait_queue_priority(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)", "c"],
  remove_wait_queue: ["void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)", "c"],
  __wake_up: ["void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr, void *key)", "c"],
  __wake_up_locked: ["void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode, int nr)", "c"],
  __wake_up_locked_key: ["void __wake_up_locked_key(struct wait_queue_head *wq_head, unsigned int mode, void *key)", "c"],
  __wake_up_sync_key: ["void __wake_up_sync_key(struct wait_queue_head *wq_head, unsigned int mode, void *key)", "c"],
  __wake_up_sync: ["void __wake_up_sync(struct wait_queue_head *wq_head, unsigned int mode)", "c"],
  __wake_up_pollfree: ["void __wake_up_pollfree(struct wait_queue_head *wq_head)", "c"],
  prepare_to_wait: ["void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)", "c"],
  prepare_to_wait_exclusive: ["bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)", "c"],
  prepare_to_wait_event: ["long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state)", "c"],
  init_wait_entry: ["void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)", "c"],
  finish_wait: ["void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)", "c"],
  default_wake_function: ["int default_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int flags, void *key)", "c"],
  autoremove_wake_function: ["int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int sync, void *key)", "c"],
  woken_wake_function: ["int woken_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int sync, void *key)", "c"],
  wait_woken: ["long wait_woken(struct wait_queue_entry *wq_entry, unsigned mode, long timeout)", "c", { sleeps: true }],
  sleep_on: ["void sleep_on(wait_queue_head_t *q)", "c", { sleeps: true, note: "removed in Linux 3.15; kept for old documents" }],
  sleep_on_timeout: ["long sleep_on_timeout(wait_queue_head_t *q, long timeout)", "c", { sleeps: true, note: "removed in Linux 3.15" }],
  interruptible_sleep_on: ["void interruptible_sleep_on(wait_queue_head_t *q)", "c", { sleeps: true, note: "removed in Linux 3.15" }],
  interruptible_sleep_on_timeout: ["long interruptible_sleep_on_timeout(wait_queue_head_t *q, long timeout)", "c", { sleeps: true, note: "removed in Linux 3.15" }],
  kemu_wq_check: ["void kemu_wq_check(struct wait_queue_head *wq_head, const char *what)", "c", {
    status: "internal", note: "reports a wait queue head that was never initialised",
  }],
}).concat(exportsOf("kernel/sched.c (2.2)", {
  __wake_up_22: ["void __wake_up(struct wait_queue **q, unsigned int mode)", "c", { note: "Linux 2.2's wake_up(); headers map it for LINUX_VERSION_CODE < 2.3.0" }],
  add_wait_queue_22: ["void add_wait_queue(struct wait_queue **p, struct wait_queue *wait)", "c", { note: "Linux 2.2" }],
  remove_wait_queue_22: ["void remove_wait_queue(struct wait_queue **p, struct wait_queue *wait)", "c", { note: "Linux 2.2" }],
  sleep_on_22: ["void sleep_on(struct wait_queue **p)", "c", { sleeps: true, note: "Linux 2.2" }],
  sleep_on_timeout_22: ["long sleep_on_timeout(struct wait_queue **p, long timeout)", "c", { sleeps: true, note: "Linux 2.2" }],
  interruptible_sleep_on_22: ["void interruptible_sleep_on(struct wait_queue **p)", "c", { sleeps: true, note: "Linux 2.2" }],
  interruptible_sleep_on_timeout_22: ["long interruptible_sleep_on_timeout(struct wait_queue **p, long timeout)", "c", { sleeps: true, note: "Linux 2.2" }],
})).concat(exportsOf("kernel/sched/completion.c", {
  complete: ["void complete(struct completion *x)", "c"],
  complete_all: ["void complete_all(struct completion *x)", "c"],
  wait_for_completion: ["void wait_for_completion(struct completion *x)", "c", { sleeps: true }],
  wait_for_completion_io: ["void wait_for_completion_io(struct completion *x)", "c", { sleeps: true }],
  wait_for_completion_timeout: ["unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)", "c", { sleeps: true }],
  wait_for_completion_io_timeout: ["unsigned long wait_for_completion_io_timeout(struct completion *x, unsigned long timeout)", "c", { sleeps: true }],
  wait_for_completion_interruptible: ["int wait_for_completion_interruptible(struct completion *x)", "c", { sleeps: true }],
  wait_for_completion_interruptible_timeout: ["long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout)", "c", { sleeps: true }],
  wait_for_completion_killable: ["int wait_for_completion_killable(struct completion *x)", "c", { sleeps: true }],
  wait_for_completion_killable_timeout: ["long wait_for_completion_killable_timeout(struct completion *x, unsigned long timeout)", "c", { sleeps: true }],
  wait_for_completion_state: ["int wait_for_completion_state(struct completion *x, unsigned int state)", "c", { sleeps: true }],
  try_wait_for_completion: ["bool try_wait_for_completion(struct completion *x)", "c"],
  completion_done: ["bool completion_done(struct completion *x)", "c"],
}));
