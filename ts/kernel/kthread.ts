// kemu: kernel/kthread.c + kernel/fork.c's kernel_thread(), the TS halves: making the task.
// The C half (csrc/kernel/kthread.c) holds struct kthread and the kthread() trampoline.
import { kthread, task_struct } from "../generated/layout.js";
import { exportsOf } from "./ksyms.js";
import type { Kernel } from "./kernel.js";
import type { Task } from "./sched/task.js";

/** When a kthread is gone, whatever the way, kthread_stop() must be able to return. */
function completeExited(k: Kernel, t: Task): void {
  const kt = k.mem.readU32(t.addr + task_struct.kemu_kthread);
  if (kt) k.callCore("complete", kt + kthread.exited);
}

export const KTHREAD_EXPORTS = exportsOf("kernel/kthread.c", {
  kemu_task_create: ["struct task_struct *kemu_task_create(int (*fn)(void *), void *arg, const char *comm, unsigned int flags)", (k) =>
    (fn: number, arg: number, comm: number, flags: number) => {
      const name = k.mem.readCString(comm, 256);
      const entry = k.entryOf(fn);
      const t = k.sched.createTask(name, "kthread", () => entry(arg), { flags });
      k.sched.setComm(t, name);
      t.entrySlot = k.mem.readU32(arg + kthread.threadfn);
      t.onExit = () => completeExited(k, t);
      return t.addr;
    }, { status: "internal", note: "kthread_create()'s task creation" }],
  kemu_kthread_notify_stop: ["void kemu_kthread_notify_stop(struct task_struct *k)", (k) => (p: number) => {
    // TIF_NOTIFY_SIGNAL: since 5.11 kthread_stop() makes signal_pending() true in the thread.
    const t = k.sched.taskAt(p);
    if (!t || k.versionCode < 0x050b00) return;
    t.notifySignal = true;
    k.mem.writeU32(t.addr + task_struct.kemu_sigpending, 1);
  }, { status: "internal", note: "kthread_stop()'s TIF_NOTIFY_SIGNAL (5.11+)" }],
  kthread_create_on_node: ["struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node, const char namefmt[], ...)", "c"],
  kthread_create_on_cpu: ["struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data, unsigned int cpu, const char *namefmt)", "c"],
  kthread_bind: ["void kthread_bind(struct task_struct *k, unsigned int cpu)", "c", { note: "one CPU: accepted" }],
  kthread_bind_mask: ["void kthread_bind_mask(struct task_struct *k, const struct cpumask *mask)", "c", { note: "one CPU: accepted" }],
  kthread_set_per_cpu: ["void kthread_set_per_cpu(struct task_struct *k, int cpu)", "c"],
  kthread_is_per_cpu: ["bool kthread_is_per_cpu(struct task_struct *k)", "c"],
  kthread_stop: ["int kthread_stop(struct task_struct *k)", "c", { sleeps: true }],
  kthread_should_stop: ["bool kthread_should_stop(void)", "c"],
  kthread_should_park: ["bool kthread_should_park(void)", "c"],
  __kthread_should_park: ["bool __kthread_should_park(struct task_struct *k)", "c"],
  kthread_freezable_should_stop: ["bool kthread_freezable_should_stop(bool *was_frozen)", "c", { note: "nothing freezes in kemu" }],
  kthread_func: ["void *kthread_func(struct task_struct *k)", "c"],
  kthread_data: ["void *kthread_data(struct task_struct *k)", "c"],
  kthread_probe_data: ["void *kthread_probe_data(struct task_struct *k)", "c"],
  get_kthread_comm: ["void get_kthread_comm(char *buf, size_t buf_size, struct task_struct *tsk)", "c"],
  kthread_park: ["int kthread_park(struct task_struct *k)", "c", { sleeps: true }],
  kthread_unpark: ["void kthread_unpark(struct task_struct *k)", "c"],
  kthread_parkme: ["void kthread_parkme(void)", "c", { sleeps: true }],
  kthread_exit: ["void kthread_exit(long result)", "c"],
  kthread_complete_and_exit: ["void kthread_complete_and_exit(struct completion *comp, long code)", "c"],
  complete_and_exit: ["void complete_and_exit(struct completion *comp, long code)", "c", { note: "removed in 5.17 (renamed kthread_complete_and_exit)" }],
  free_kthread_struct: ["void free_kthread_struct(struct task_struct *k)", "c"],
}).concat(exportsOf("kernel/fork.c", {
  kernel_thread: ["pid_t kernel_thread(int (*fn)(void *), void *arg, unsigned long flags)", (k) => (fn: number, arg: number) => {
    if (k.sched.rewinding) return k.sched.resume();
    const parent = k.sched.current;
    const entry = k.entryOf(fn);
    const t = k.sched.createTask(parent.comm, "kthread", () => entry(arg));
    t.sigAll = true;
    t.entrySlot = fn;
    t.onReturn = (ret) => {
      t.exitCode = typeof ret === "number" ? ret : 0;
    };
    k.sched.wakeUpNew(t);
    // 2.6.23-2.6.31 CFS: sched_child_runs_first=1, and the parent is preempted at once
    if (k.versionCode < 0x020620) k.sched.childRunsFirst(t, () => t.pid);
    return t.pid;
  }, { preempts: true, note: "exported until 4.x; the child starts as a copy of the caller (comm and all) until daemonize(); before 2.6.32 the child runs first (sched_child_runs_first)" }],
}));
