// kemu: one booted emulated machine as the CLI and the library API see it: a kernel plus the
// user-space tools run against it (insmod, rmmod, lsmod, dmesg).
import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { Kernel } from "./kernel/kernel.js";
import { formatDmesg, type DmesgFormat, type LogRecord } from "./kernel/printk/printk.js";
import { lsmod, insmodError, moduleName, rmmodCheck, rmmodError, unfinished, type ToolResult } from "./user/kmod.js";
import { UserSpace } from "./user/userspace.js";
import type { Process } from "./user/process.js";
import { runUntilAsync } from "./kernel/sched/user.js";
import { FileApi } from "./user/api.js";
import { File, Inode, O_RDONLY, O_WRONLY, S_IFCHR, type FileOps, type OpenFile, type SuperBlock } from "./fs/vfs.js";
import { strerror } from "./include/errno.js";
import { modinfoName } from "./kernel/module/modinfo.js";
import { kobjectUeventEnv, type UeventAction } from "./lib/kobject_uevent.js";
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

export interface ExecOptions {
  cwd?: string;
  /** "NAME=value" strings (default: DEFAULT_ENV) */
  env?: string[];
  stdin?: string;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** virtual time the program may take (default: processLimitNs) */
  limitNs?: bigint;
}

export interface ExecResult {
  /** exit status as a shell shows it ($?): code, or 128 + signal */
  status: number;
  stdout: string;
  stderr: string;
  pending?: boolean;
}

/** A write-only file whose writes go to `write` (a tool's stdout/stderr on the host side). */
function sinkFile(write: (data: Uint8Array) => void): OpenFile {
  const ops: FileOps = { write: (_f, data) => (write(data), data.length) };
  return new File("kemu:output", new Inode(HOST_SB, S_IFCHR | 0o620), O_WRONLY, ops);
}

/** A read-only file holding `text` (a tool's stdin given by the host). */
function sourceFile(text: string): OpenFile {
  const bytes = new TextEncoder().encode(text);
  const ops: FileOps = {
    read: (f, buf) => {
      const n = Math.min(buf.length, bytes.length - f.pos);
      if (n <= 0) return 0;
      buf.set(bytes.subarray(f.pos, f.pos + n));
      f.pos += n;
      return n;
    },
  };
  return new File("kemu:input", new Inode(HOST_SB, S_IFCHR | 0o620), O_RDONLY, ops);
}

const HOST_SB: SuperBlock = { name: "kemu-host", dev: 0, readonly: false, nextIno: 1, clock: () => 0n };

/** The environment kemu's own tools run with (a root login shell's). */
export const DEFAULT_ENV = ["HOME=/root", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", "TERM=linux", "USER=root", "LOGNAME=root", "SHELL=/bin/sh"];

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
    const k = Kernel.boot({ corePath, version, seed: opts.seed });
    k.userspace = new UserSpace(k);
    return new KemuSystem(k);
  }

  get userspace(): UserSpace {
    return this.kernel.userspace!;
  }

  /** Run the machine until `p` exits or `limitNs` passes; what kemu says when it did not exit. */
  private async untilExit(p: Process, limitNs: bigint): Promise<string | null> {
    const k = this.kernel;
    const r = await runUntilAsync(k.sched, () => p.exited, k.clock.now() + limitNs);
    return p.exited ? null : unfinished(k, p.task.comm, p.pid, r);
  }

  /**
   * Run a tool as a user process whose program is `body` (kemu's own code, acting for the
   * library caller), until it exits or the process time limit passes.
   */
  private async tool(comm: string, argv: string[], body: (p: Process) => Promise<ToolResult>): Promise<ToolResult> {
    const us = this.userspace;
    const k = this.kernel;
    // A process that never finishes or dies still reports the module it was loading.
    const before = new Set(k.modules.modules);
    const loading = () => k.modules.modules.find((m) => !before.has(m));
    const p = us.createProcess(null, comm, argv, DEFAULT_ENV, "/");
    let result: ToolResult | undefined;
    us.start(p, async () => {
      result = await body(p);
      return result.status;
    });
    const never = await this.untilExit(p, this.processLimitNs);
    if (never) return { status: 1, stdout: "", stderr: never, pending: true, module: loading() };
    if (!result || (p.status! & 0x7f) !== 0) {
      return { status: 128 + (p.status! & 0x7f), stdout: "", stderr: "Segmentation fault\n", killed: true, module: loading() };
    }
    return result;
  }

  /**
   * Run a program of the emulated system as a child of nobody (like a login shell would):
   * `argv[0]` is looked up on PATH; output is collected (and streamed to the callbacks).
   */
  async exec(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const us = this.userspace;
    const env = opts.env ?? DEFAULT_ENV;
    let path = argv[0];
    if (!path.includes("/")) {
      const dirs = (env.find((e) => e.startsWith("PATH="))?.slice(5) ?? "/bin:/usr/bin").split(":");
      path = dirs.map((d) => `${d}/${argv[0]}`).find((c) => typeof us.vfs.stat(c) !== "number") ?? argv[0];
    }
    const dec = new TextDecoder();
    let stdout = "";
    let stderr = "";
    const sink = (fd: 1 | 2) => sinkFile((data) => {
      const text = dec.decode(data, { stream: true });
      if (fd === 1) {
        stdout += text;
        opts.onStdout?.(text);
      } else {
        stderr += text;
        opts.onStderr?.(text);
      }
    });
    const files = new Map<number, OpenFile>([[0, sourceFile(opts.stdin ?? "")], [1, sink(1)], [2, sink(2)]]);
    const child = await us.spawn(path, { argv, envp: env, cwd: opts.cwd ?? "/", files }, null);
    for (const f of files.values()) f.refs--;
    if (typeof child === "number") {
      const msg = `kemu: ${argv[0]}: ${child === -2 ? "command not found" : strerror(child)}\n`;
      return { status: child === -2 ? 127 : 126, stdout: "", stderr: msg };
    }
    const never = await this.untilExit(child, opts.limitNs ?? this.processLimitNs);
    if (never) return { status: 124, stdout, stderr: stderr + never, pending: true };
    const st = child.status!;
    return { status: st & 0x7f ? 128 + (st & 0x7f) : (st >> 8) & 0xff, stdout, stderr };
  }

  /**
   * Simulate a device arriving or leaving (kobject_uevent_env): the uevent helper, if one is
   * set in /proc/sys/kernel/hotplug, runs with the event's environment; then the machine runs
   * until it settles, so `modprobe $MODALIAS` in the helper has loaded the driver.
   */
  async hotplug(action: UeventAction, subsystem: string, devpath: string, vars: Record<string, string> | string[] = []): Promise<string[]> {
    const extra = Array.isArray(vars) ? vars : Object.entries(vars).map(([k, v]) => `${k}=${v}`);
    const env = await kobjectUeventEnv(this.userspace, action, devpath, subsystem, extra);
    await this.settle();
    return env;
  }

  /** kemu install: put a built module in /lib/modules/<release>/extra/ and run depmod. */
  async install(ko: string | Uint8Array, name?: string): Promise<string> {
    const bytes = typeof ko === "string" ? readFileSync(ko) : ko;
    const file = name ?? `${modinfoName(bytes) ?? (typeof ko === "string" ? basename(ko, ".ko") : "module")}.ko`;
    const dest = `/lib/modules/${this.kernel.release}/extra/${file}`;
    this.userspace.vfs.install(dest, bytes, 0o644);
    const r = await this.exec(["depmod"]);
    if (r.status !== 0) throw new Error(`depmod failed: ${r.stderr}`);
    return dest;
  }

  /** insmod a .ko (path or bytes) with parameters; returns what the insmod process printed. */
  async insmod(ko: string | Uint8Array, params?: string | string[] | Record<string, ParamValue>, display?: string): Promise<ToolResult> {
    const bytes = typeof ko === "string" ? readFileSync(ko) : ko;
    display ??= typeof ko === "string" ? ko : "module.ko";
    const shown = display;
    const args = formatParams(params);
    const path = typeof ko === "string" ? resolve(ko) : null;
    return this.tool("insmod", ["insmod", shown, ...(args ? [args] : [])], async (p) => {
      const lr = await p.initModule(bytes, args, path);
      if (lr.err < 0) return { status: 1, stdout: "", stderr: insmodError(shown, lr.err) };
      return { status: 0, stdout: "", stderr: "", module: lr.module };
    });
  }

  async rmmod(arg: string): Promise<ToolResult> {
    const name = moduleName(arg);
    const bad = rmmodCheck(this.kernel, name);
    if (bad) return { status: 1, stdout: "", stderr: bad };
    return this.tool("rmmod", ["rmmod", name], async (p) => {
      const r = await p.deleteModule(name);
      if (r.err < 0) return { status: 1, stdout: "", stderr: rmmodError(name, r.err) };
      return { status: 0, stdout: "", stderr: "" };
    });
  }

  /** How long (virtual time) insmod/rmmod may take before kemu stops waiting for them. */
  processLimitNs = PROCESS_LIMIT_NS;

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
  async run(ns: bigint): Promise<RunResult> {
    const end = this.kernel.clock.now() + ns;
    const r = await runUntilAsync(this.kernel.sched, () => false, end);
    // Nothing left to do: the machine idles until the time is up.
    if (this.kernel.clock.now() < end) this.kernel.sched.advanceTo(end);
    return r;
  }

  /** Run until nothing is left to do (every task asleep, no timer pending), at most `maxNs`. */
  settle(maxNs: bigint = SETTLE_LIMIT_NS): Promise<RunResult> {
    return runUntilAsync(this.kernel.sched, () => false, this.kernel.clock.now() + maxNs);
  }

  // ---- files from the library: a process of the library's own holds the fds ----

  private fileApi: FileApi | null = null;
  private get files(): FileApi {
    return (this.fileApi ??= new FileApi(this.userspace, this.kernel, () => this.processLimitNs));
  }
  /** open(2) in the emulated system: an fd of the library's process ("kemu-api"), or -errno */
  open(path: string, flags = O_RDONLY, mode = 0o666): Promise<number> {
    return this.files.open(path, flags, mode);
  }
  /** read(2): up to count bytes, or -errno */
  read(fd: number, count: number): Promise<Uint8Array | number> {
    return this.files.read(fd, count);
  }
  write(fd: number, data: string | Uint8Array): Promise<number> {
    return this.files.write(fd, data);
  }
  lseek(fd: number, offset: number, whence: number): Promise<number> {
    return this.files.lseek(fd, offset, whence);
  }
  /** ioctl(2): `arg` a number or a buffer the driver reads/writes through its pointer */
  ioctl(fd: number, cmd: number, arg?: number | Uint8Array): Promise<number> {
    return this.files.ioctl(fd, cmd, arg);
  }
  close(fd: number): Promise<number> {
    return this.files.close(fd);
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
