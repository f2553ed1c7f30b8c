// kemu: one booted emulated machine as the CLI and the library API see it: a kernel plus the
// user-space tools run against it (insmod, rmmod, lsmod, dmesg).
import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { Kernel } from "./kernel/kernel.js";
import { formatDmesg, type DmesgFormat, type LogRecord } from "./kernel/printk/printk.js";
import { insmod, rmmod, lsmod, type ToolResult } from "./user/kmod.js";
import { parseKernelVersion } from "./build/version.js";
import type { RunResult } from "./kernel/sched/core.js";

export interface SystemOptions {
  /** kernel release "6.1.0" (default), "2.6.23", "2.2.x" ... */
  kernelVersion?: string;
  /** path of build/vmlinux.wasm; found (and built if missing) when not given */
  corePath?: string;
  /** perturb scheduling decisions to explore interleavings (0 or absent: none) */
  seed?: number;
}

export type ParamValue = string | number | boolean;

/** Format insmod arguments like kmod joins argv: "a=1 b=x". */
export function formatParams(params: string | string[] | Record<string, ParamValue> | undefined): string {
  if (params === undefined) return "";
  if (typeof params === "string") return params;
  if (Array.isArray(params)) return params.join(" ");
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === "boolean" ? (v ? "Y" : "N") : String(v)}`)
    .join(" ");
}

/** insmod/rmmod may run this long in virtual time before kemu gives up: past the 120 s hung-task
 * timeout, so a process blocked in D state gets its hung task report first. */
export const PROCESS_LIMIT_NS = 180n * 1_000_000_000n;
/** `kemu run` lets a loaded module run at most this long when the machine does not go idle. */
export const SETTLE_LIMIT_NS = 10n * 1_000_000_000n;

export class KemuSystem {
  private constructor(readonly kernel: Kernel) {}

  static async boot(opts: SystemOptions = {}): Promise<KemuSystem> {
    const { release, code } = parseKernelVersion(opts.kernelVersion && opts.kernelVersion !== "auto" ? opts.kernelVersion : undefined);
    const version = { release, code };
    let corePath = opts.corePath;
    if (!corePath) {
      const core = await import("./build/core.js");
      corePath = core.corePath();
      if (!existsSync(corePath)) corePath = await core.buildCore({ kernelVersion: version.release });
    }
    return new KemuSystem(Kernel.boot({ corePath, version, seed: opts.seed }));
  }

  /** insmod a .ko (path or bytes) with parameters; returns what the insmod process printed. */
  insmod(ko: string | Uint8Array, params?: string | string[] | Record<string, ParamValue>, display?: string): ToolResult {
    const bytes = typeof ko === "string" ? readFileSync(ko) : ko;
    display ??= typeof ko === "string" ? ko : "module.ko";
    return insmod(this.kernel, bytes, display, formatParams(params), typeof ko === "string" ? resolve(ko) : null, this.deadline());
  }

  rmmod(name: string): ToolResult {
    return rmmod(this.kernel, basename(name), this.deadline());
  }

  /** How long (virtual time) insmod/rmmod may take before kemu stops waiting for them. */
  processLimitNs = PROCESS_LIMIT_NS;

  private deadline(): bigint {
    return this.kernel.clock.now() + this.processLimitNs;
  }

  lsmod(): string {
    return lsmod(this.kernel).stdout;
  }

  /** The kernel log as dmesg prints it. */
  dmesg(format: DmesgFormat = {}): string {
    return formatDmesg(this.kernel.printk.visible(), format);
  }

  /** The kernel log records. */
  log(): LogRecord[] {
    return this.kernel.printk.visible();
  }

  /** Let the machine run for `ns` of virtual time: tasks, timers, sleeps. */
  run(ns: bigint): RunResult {
    const end = this.kernel.clock.now() + ns;
    const r = this.kernel.sched.runUntil(() => false, end);
    // Nothing left to do: the machine idles until the time is up.
    if (this.kernel.clock.now() < end) this.kernel.sched.advanceTo(end);
    return r;
  }

  /** Run until nothing is left to do (every task asleep, no timer pending), at most `maxNs`. */
  settle(maxNs: bigint = SETTLE_LIMIT_NS): RunResult {
    return this.kernel.sched.runUntil(() => false, this.kernel.clock.now() + maxNs);
  }

  /** ps: pid, state and name of every task (kernel threads in brackets). */
  ps(): string {
    const s = this.kernel.sched;
    let out = "  PID STAT COMMAND\n";
    for (const t of [...s.tasks.values()].sort((a, b) => a.pid - b.pid)) {
      out += `${String(t.pid).padStart(5)} ${s.stateLetter(t).padEnd(4)} ${t.isKthread ? `[${t.comm}]` : t.comm}\n`;
    }
    return out;
  }

  /** Number of Oops/BUG/WARNING/panic reports so far. */
  get reports(): number {
    return this.kernel.panicState.reports;
  }
}
