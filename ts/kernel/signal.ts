// kemu: kernel/signal.c for the signals kernel code sends and checks: send_sig, force_sig,
// allow_signal, flush_signals. No handlers run in kernel threads; user processes (later) add
// default actions. The task_struct words signal_pending() reads are kept in step here.
import { K, task_struct } from "../generated/layout.js";
import type { Kernel } from "./kernel.js";
import type { Task } from "./sched/task.js";

export const SIGKILL = 9;
export const SIGSTOP = 19;

/** Whether `t` would take `sig` at all: kthreads ignore everything allow_signal() did not allow. */
function accepts(t: Task, sig: number): boolean {
  if (t.kind === "process" || t.sigAll) return true;
  return t.sigAllowed.has(sig);
}

/** Mirror "pending & ~blocked" and SIGKILL into the task_struct for the C inlines. */
export function recalcSigpending(k: Kernel, t: Task): void {
  const pending = t.sigPending.size > 0 || t.notifySignal;
  k.mem.writeU32(t.addr + task_struct.kemu_sigpending, pending ? 1 : 0);
  k.mem.writeU32(t.addr + task_struct.kemu_sigkill, t.sigPending.has(SIGKILL) ? 1 : 0);
}

/** send_sig(): 0, or -EINVAL for a bad signal number. Ignored signals are dropped, as Linux. */
export function sendSig(k: Kernel, sig: number, t: Task, force = false): number {
  if (sig < 0 || sig > 64) return -22;
  if (sig === 0 || t.exited) return 0;
  if (!force && !accepts(t, sig)) return 0;
  if (force) t.sigAllowed.add(sig);
  t.sigPending.add(sig);
  recalcSigpending(k, t);
  // signal_wake_up(): interruptible sleepers, and killable ones for SIGKILL
  k.sched.tryToWakeUp(t, K.TASK_INTERRUPTIBLE | (sig === SIGKILL ? K.TASK_WAKEKILL : 0));
  return 0;
}

export function flushSignals(k: Kernel, t: Task): void {
  t.sigPending.clear();
  recalcSigpending(k, t);
}
