// kemu: kernel/exit.c - do_exit() and 2.6's daemonize(). A task's exit unwinds its wasm frames
// with a JS exception that only the scheduler catches (C has no way to catch it).
import { exportsOf } from "./ksyms.js";
import type { Kernel } from "./kernel.js";
import { TaskExit } from "./sched/core.js";

function doExit(k: Kernel, code: number): never {
  const t = k.sched.current;
  if (t === k.sched.idle || k.sched.tsDepth > 0) {
    k.panicState.panic("Aiee, killing interrupt handler!");
  }
  throw new TaskExit(code);
}

export const EXIT_EXPORTS = exportsOf("kernel/exit.c", {
  do_exit: ["void do_exit(long code)", (k) => (code: number) => doExit(k, code)],
  daemonize: ["void daemonize(const char *name, ...)", "c", { note: "2.6-era; removed in 3.4" }],
  kemu_daemonize: ["void kemu_daemonize(const char *name)", (k) => (name: number) => {
    const t = k.sched.current;
    k.sched.setComm(t, k.mem.readCString(name, 64));
    // daemonize() blocks every signal; allow_signal() unblocks them one by one.
    t.sigAll = false;
    t.sigPending.clear();
  }, { status: "internal", note: "daemonize()'s TS half" }],
});
