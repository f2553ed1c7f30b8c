// kemu: the return to user space of kernel/entry/common.c. User programs are JS (built-ins, the
// shell, the WASI runner), so the synchronous scheduler stops when one is next ("user") and
// this async loop lets that program run until it blocks, enters the kernel or exits.
import type { RunResult, Scheduler } from "./core.js";

/** runUntil() for a machine with user processes: same contract, but runs user-mode tasks too. */
export async function runUntilAsync(sched: Scheduler, done: () => boolean, deadline?: bigint): Promise<RunResult> {
  for (;;) {
    const r = sched.runUntil(done, deadline);
    if (r === "idle" || r === "stalled") {
      // A program's JS may still be unwinding (a process killed by an Oops in a system call
      // wakes its parent when its promise chain settles): let it, then look again.
      await new Promise<void>((res) => setImmediate(res));
      if (sched.runnable > 0) continue;
    }
    if (r !== "user") return r;
    const t = sched.userNext!;
    sched.userNext = null;
    sched.switchTo(t);
    sched.userDeadline = deadline ?? null;
    try {
      await t.user!.resume();
    } finally {
      sched.userDeadline = null;
      if (sched.current === t) {
        sched.updateCurr();
        sched.switchTo(sched.idle);
      }
    }
    const stopped = sched.machineError;
    if (stopped) {
      sched.machineError = null;
      throw stopped.error;
    }
  }
}
