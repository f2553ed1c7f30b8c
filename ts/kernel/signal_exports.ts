// kemu: kernel/signal.c exports (the logic is in signal.ts).
import { exportsOf } from "./ksyms.js";
import { flushSignals, recalcSigpending, sendSig } from "./signal.js";

export const SIGNAL_EXPORTS = exportsOf("kernel/signal.c", {
  send_sig: ["int send_sig(int sig, struct task_struct *p, int priv)", (k) => (sig: number, p: number) => {
    const t = k.sched.taskAt(p);
    return t ? sendSig(k, sig, t) : -3;
  }],
  send_sig_info: ["int send_sig_info(int sig, struct kernel_siginfo *info, struct task_struct *p)", (k) => (sig: number, _info: number, p: number) => {
    const t = k.sched.taskAt(p);
    return t ? sendSig(k, sig, t) : -3;
  }],
  kill_proc: ["int kill_proc(pid_t pid, int sig, int priv)", (k) => (pid: number, sig: number) => {
    const t = k.sched.tasks.get(pid);
    return t ? sendSig(k, sig, t) : -3;
  }, { note: "2.6-era; removed in 2.6.27" }],
  force_sig: ["void force_sig(int sig)", (k) => (sig: number) => {
    sendSig(k, sig, k.sched.current, true);
  }],
  flush_signals: ["void flush_signals(struct task_struct *t)", (k) => (p: number) => {
    const t = k.sched.taskAt(p);
    if (t) flushSignals(k, t);
  }],
  allow_signal: ["void allow_signal(int sig)", (k) => (sig: number) => {
    k.sched.current.sigAllowed.add(sig);
  }],
  disallow_signal: ["void disallow_signal(int sig)", (k) => (sig: number) => {
    const t = k.sched.current;
    t.sigAllowed.delete(sig);
    t.sigPending.delete(sig);
    recalcSigpending(k, t);
  }],
  ignore_signals: ["void ignore_signals(struct task_struct *t)", (k) => (p: number) => {
    const t = k.sched.taskAt(p);
    if (!t) return;
    t.sigAll = false;
    t.sigAllowed.clear();
    flushSignals(k, t);
  }],
});
