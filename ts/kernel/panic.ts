// kemu: kernel/panic.c + arch/x86/kernel/dumpstack.c - taint flags, Oops/BUG/WARN reports and
// panic. Traps in wasm code become Oopses; register dumps are omitted (wasm has none to show).
import { Kallsyms, formatSymbol, type Symbolized } from "./kallsyms.js";

/** Thrown through wasm frames by BUG() to unwind the faulting context, as die() does. */
export class KernelOops extends Error {
  constructor(readonly reported: boolean) {
    super("kernel oops");
  }
}

/** panic(): the emulated machine stops. */
export class KernelPanic extends Error {
  constructor(readonly reason: string) {
    super(`Kernel panic - not syncing: ${reason}`);
  }
}

// print_tainted()'s letters, TAINT_PROPRIETARY_MODULE .. TAINT_RANDSTRUCT (Linux 6.1).
const TAINT_CHARS: [string, string][] = [
  ["P", "G"], ["F", " "], ["S", " "], ["R", " "], ["M", " "], ["B", " "], ["U", " "], ["D", " "],
  ["A", " "], ["W", " "], ["C", " "], ["I", " "], ["O", " "], ["E", " "], ["L", " "], ["K", " "],
  ["X", " "], ["T", " "],
];
export const TAINT_PROPRIETARY_MODULE = 0;
export const TAINT_DIE = 7;
export const TAINT_WARN = 9;
export const TAINT_OOT_MODULE = 12;

export interface TaskRef {
  pid: number;
  comm: string;
}

export interface OopsHost {
  log(level: number, text: string): void;
  release: string;
  kallsyms: Kallsyms;
  current(): TaskRef;
  /** "Modules linked in: ..." list */
  modulesLinkedIn(): string;
}

export class PanicState {
  tainted = 0;
  debugLocks = true;
  dieCounter = 0;
  panicked: string | null = null;
  /** number of Oops/BUG/WARNING reports, for `kemu run`'s exit status */
  reports = 0;

  constructor(private readonly host: OopsHost) {}

  test(flag: number): boolean {
    return (this.tainted & (1 << flag)) !== 0;
  }

  /** add_taint(); lockdepUnreliable = LOCKDEP_NOW_UNRELIABLE */
  add(flag: number, lockdepUnreliable: boolean): void {
    if (lockdepUnreliable && this.debugLocks) {
      this.debugLocks = false;
      this.host.log(4, "Disabling lock debugging due to kernel taint\n");
    }
    this.tainted |= 1 << flag;
  }

  /** print_tainted() */
  taintString(): string {
    if (this.tainted === 0) return "Not tainted";
    return "Tainted: " + TAINT_CHARS.map(([t, f], i) => (this.test(i) ? t : f)).join("");
  }

  /** Letters of a module's own taints, for "Modules linked in: hello(O+)". */
  static moduleTaintLetters(mask: number): string {
    let s = "";
    TAINT_CHARS.forEach(([t], i) => {
      if (mask & (1 << i) && i !== TAINT_DIE && i !== TAINT_WARN) s += t;
    });
    return s;
  }

  private cpuLine(): string {
    const t = this.host.current();
    return `CPU: 0 PID: ${t.pid} Comm: ${t.comm} ${this.taintString()} ${this.host.release} #1`;
  }

  /** show_regs()/dump_stack() body: CPU line, hardware name, EIP and the call trace. */
  private context(frames: Symbolized[]): string {
    let s = `${this.cpuLine()}\nHardware name: kemu WebAssembly virtual machine\n`;
    if (frames.length > 0) s += `EIP: ${formatSymbol(frames[0])}\n`;
    return s + this.trace(frames);
  }

  private trace(frames: Symbolized[]): string {
    let s = "Call Trace:\n";
    for (const f of frames) s += ` ${formatSymbol(f)}\n`;
    return s;
  }

  /** die(): print an Oops for a trap or BUG() in wasm code; the caller kills the context. */
  oops(title: string, err: unknown): void {
    const frames = this.host.kallsyms.backtrace(err instanceof Error ? err.stack : undefined);
    this.reports++;
    this.dieCounter++;
    let text = title.endsWith("\n") ? title : title + "\n";
    text += this.context(frames);
    text += `Modules linked in: ${this.host.modulesLinkedIn()}\n`;
    this.host.log(4, text);
    // oops_end(): the taint (and its lockdep message) comes before oops_exit()'s end marker.
    this.add(TAINT_DIE, true);
    this.host.log(4, "---[ end trace 0000000000000000 ]---\n");
  }

  /** The Oops header for a wasm RuntimeError, as the matching x86 exception would print it. */
  trapTitle(err: Error): string {
    const n = this.dieCounter + 1;
    const msg = err.message;
    if (/null function/.test(msg)) {
      return (
        "BUG: kernel NULL pointer dereference, address: 00000000\n" +
        "#PF: supervisor instruction fetch in kernel mode\n" +
        "#PF: error_code(0x0010) - not-present page\n" +
        `Oops: 0010 [#${n}] PREEMPT`
      );
    }
    if (/signature mismatch|table index is out of bounds/.test(msg)) {
      return `general protection fault: 0000 [#${n}] PREEMPT\n(wasm: ${msg})`;
    }
    if (/memory access out of bounds/.test(msg)) {
      return (
        "BUG: unable to handle page fault for address beyond the end of kernel memory\n" +
        "#PF: supervisor access in kernel mode\n" +
        "#PF: error_code(0x0000) - not-present page\n" +
        `Oops: 0000 [#${n}] PREEMPT`
      );
    }
    if (/divide by zero|integer overflow|divide result unrepresentable/.test(msg)) {
      return `divide error: 0000 [#${n}] PREEMPT`;
    }
    if (/unreachable/.test(msg)) return `invalid opcode: 0000 [#${n}] PREEMPT`;
    if (err instanceof RangeError) return `BUG: stack guard page was hit\nkernel stack overflow (double-fault): 0000 [#${n}] PREEMPT`;
    return `Oops: 0000 [#${n}] PREEMPT\n(wasm: ${msg})`;
  }

  /** BUG() at file:line: "kernel BUG at ...!" then the invalid opcode Oops. */
  bug(file: string, line: number): never {
    const err = new Error("BUG");
    this.host.log(0, `kernel BUG at ${file}:${line}!\n`);
    this.oops(`invalid opcode: 0000 [#${this.dieCounter + 1}] PREEMPT`, err);
    throw new KernelOops(true);
  }

  /** __warn(): WARN()/WARN_ON() report; execution continues. */
  warn(file: string, line: number, flags: number): void {
    const BUGFLAG_NO_CUT_HERE = 1 << 3;
    const frames = this.host.kallsyms.backtrace(new Error("WARN").stack);
    this.reports++;
    let text = "";
    if (!(flags & BUGFLAG_NO_CUT_HERE)) text += "------------[ cut here ]------------\n";
    const t = this.host.current();
    const where = frames.length > 0 ? ` ${formatSymbol(frames[0])}` : "";
    text += `WARNING: CPU: 0 PID: ${t.pid} at ${file}:${line}${where}\n`;
    text += `Modules linked in: ${this.host.modulesLinkedIn()}\n`;
    text += this.context(frames);
    text += "---[ end trace 0000000000000000 ]---\n";
    this.host.log(4, text);
    const taint = (flags >> 8) & 0xff;
    // __warn() taints with LOCKDEP_STILL_OK: lock debugging stays on.
    this.add(taint || TAINT_WARN, false);
  }

  /**
   * A "BUG: ..." report after which the kernel carries on (scheduling while atomic, sleeping
   * in atomic context, soft lockup): the lines, the module list, dump_stack(), TAINT_WARN.
   */
  report(lines: string, err: Error, opts: { level?: number; modules?: boolean; taint?: boolean } = {}): void {
    this.reports++;
    let text = lines.endsWith("\n") ? lines : lines + "\n";
    if (opts.modules !== false) text += `Modules linked in: ${this.host.modulesLinkedIn()}\n`;
    this.host.log(opts.level ?? 3, text);
    this.dumpStack(err);
    if (opts.taint !== false) this.add(TAINT_WARN, false);
  }

  /** dump_stack() */
  dumpStack(err: Error): void {
    const frames = this.host.kallsyms.backtrace(err.stack);
    this.host.log(4, `${this.cpuLine()}\nHardware name: kemu WebAssembly virtual machine\n${this.trace(frames)}`);
  }

  /** panic(): prints Linux's lines and stops the machine. */
  panic(reason: string): never {
    const msg = reason.replace(/\n$/, "");
    this.panicked = msg;
    this.reports++;
    this.host.log(0, `Kernel panic - not syncing: ${msg}\n`);
    this.host.log(0, `${this.cpuLine()}\n`);
    this.host.log(0, `---[ end Kernel panic - not syncing: ${msg} ]---\n`);
    throw new KernelPanic(msg);
  }
}
