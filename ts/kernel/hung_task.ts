// kemu: kernel/hung_task.c - the "blocked for more than 120 seconds" report for tasks in
// TASK_UNINTERRUPTIBLE. khungtaskd is not a task: the scheduler runs the check when the clock
// has moved (and when nothing else can happen), with the same threshold and text.
import { task_struct } from "../generated/layout.js";
import { formatSymbol } from "./kallsyms.js";
import type { Kernel } from "./kernel.js";
import { HUNG_TASK_TIMEOUT_NS } from "./sched/core.js";
import type { Task } from "./sched/task.js";

/** sched_show_task(): the task line and its call trace. */
export function showTask(k: Kernel, t: Task): string {
  const ppid = t.parent?.pid ?? (t.isKthread ? 2 : 1);
  const flags = k.mem.readU32(t.addr + task_struct.flags);
  let s = `task:${t.comm.slice(0, 15).padEnd(15)} state:${k.sched.stateLetter(t)} stack:0     pid:${String(t.pid).padEnd(5)} ppid:${String(ppid).padEnd(6)} flags:0x${flags.toString(16).padStart(8, "0")}\n`;
  const stack = k.sched.probeStack(t);
  const frames = k.kallsyms.backtrace(stack);
  s += "Call Trace:\n <TASK>\n";
  for (const f of frames) s += ` ${formatSymbol(f)}\n`;
  s += " </TASK>\n";
  return s;
}

/**
 * check_hung_uninterruptible_tasks(): report D-state tasks asleep for the timeout or longer.
 * Returns when the next check can find something: the first unreported D-state sleeper's
 * deadline, or a whole timeout from now (a task that blocks later is hung later than that).
 */
export function checkHungTasks(k: Kernel): bigint {
  const now = k.clock.now();
  let due = now + HUNG_TASK_TIMEOUT_NS;
  for (const t of k.sched.blockedTasks()) {
    if (t.hungReported || k.sched.stateLetter(t) !== "D") continue;
    const at = t.blockedAt + HUNG_TASK_TIMEOUT_NS;
    if (now < at) {
      if (at < due) due = at;
      continue;
    }
    t.hungReported = true;
    k.panicState.reports++;
    k.printk.log(3, `INFO: task ${t.comm}:${t.pid} blocked for more than ${HUNG_TASK_TIMEOUT_NS / 1_000_000_000n} seconds.\n`);
    k.printk.log(3, `      ${k.panicState.taintString()} ${k.release} #1\n`);
    k.printk.log(3, `"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.\n`);
    k.printk.log(6, showTask(k, t));
  }
  return due;
}

/**
 * Nothing can run and no timer is pending: let khungtaskd's time pass for D-state sleepers
 * (their report is what Linux would print), then describe every task still waiting.
 */
export function reportStall(k: Kernel): string {
  // The kernel's own idle threads (ksoftirqd, kworkers: boot pids) wait like that by design.
  const blocked = k.sched.blockedTasks().filter((t) => t.started && !(t.isKthread && (t.pid < 100 || k.sched.stateLetter(t) === "I") && k.sched.stateLetter(t) !== "D"));
  const d = blocked.filter((t) => k.sched.stateLetter(t) === "D" && !t.hungReported);
  if (d.length) {
    const first = d.reduce((a, b) => (a.blockedAt < b.blockedAt ? a : b));
    const at = first.blockedAt + HUNG_TASK_TIMEOUT_NS;
    if (at > k.clock.now()) k.clock.advance(at - k.clock.now());
    checkHungTasks(k);
  }
  let s = "kemu: every task is blocked and no timer is pending; nothing can wake:\n";
  for (const t of blocked) {
    const frames = k.kallsyms.backtrace(k.sched.probeStack(t));
    const where = frames.find((f) => f.module !== null) ?? frames[0];
    s += `kemu:   ${t.comm}:${t.pid} (state ${k.sched.stateLetter(t)})${where ? ` in ${formatSymbol(where)}` : ""}\n`;
  }
  return s;
}
