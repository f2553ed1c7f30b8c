// kemu: the user half of one emulated machine: the root filesystem, the process table, exec,
// and syslogd/klogd writing /var/log/messages. Linux has no such object; it is what init and
// the daemons a distribution starts would provide.
import type { Kernel } from "../kernel/kernel.js";
import { BOOT_EPOCH_NS } from "../kernel/time/timekeeping.js";
import { formatTimestamp, type LogRecord } from "../kernel/printk/printk.js";
import type { OpenFile } from "../fs/types.js";
import { Vfs, populateRootfs } from "../fs/vfs.js";
import { Process, ProcessExit, ProcessKilled, SIGSEGV } from "./process.js";
import { loadProgram, BUILTIN_MAGIC, commOf } from "./exec.js";
import { BUILTIN_PROGRAMS } from "./programs/index.js";
import type { ProgramMain, SpawnOptions } from "./types.js";
import { KernelFiles } from "../fs/kfile.js";
import { registerProcBase } from "../fs/proc/base.js";
import { registerKernelSysctls, type KernelSysctls } from "../kernel/sysctl.js";

export interface SpawnInternal extends SpawnOptions {
  /** open files for the child's fds (spawns from the kernel or the library API) */
  files?: Map<number, OpenFile>;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** syslog's "Nov 22 10:00:00" (RFC 3164 timestamp; UTC: the emulated machine has no zone). */
export function syslogTime(realtimeNs: bigint): string {
  const d = new Date(Number(realtimeNs / 1_000_000n));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export class UserSpace {
  readonly procs = new Map<number, Process>();
  readonly vfs: Vfs;
  /** uevent_seqnum */
  ueventSeqnum = 0;
  /** kernel.hotplug (uevent_helper) and kernel.hostname */
  readonly sysctls: KernelSysctls;

  get hostname(): string {
    return this.sysctls.hostname;
  }
  /** files whose operations are kernel C (char devices, module /proc and /proc/sys files) */
  readonly kfiles: KernelFiles;
  /** kernel messages also go to /var/log/messages (klogd) */
  klogd = true;

  constructor(readonly k: Kernel) {
    this.vfs = new Vfs({ clock: () => this.realtimeNs() });
    this.kfiles = new KernelFiles(k, () => this.procs.get(k.sched.current.pid));
    populateRootfs(this.vfs, k.release);
    for (const [name, dirs] of BUILTIN_PROGRAMS) {
      for (const dir of dirs) this.vfs.install(`${dir}/${name}`, `${BUILTIN_MAGIC}${name}\n`, 0o755);
    }
    // CONFIG_UEVENT_HELPER_PATH: "/sbin/hotplug" in the 2.6 days, empty in distributions since
    this.sysctls = { ueventHelper: k.versionCode < 0x030000 ? "/sbin/hotplug" : "", hostname: "kemu" };
    registerKernelSysctls(k, this.vfs, this.sysctls);
    // sysfs's boot-time directories and the kobjects modules hang theirs under (kernel_kobj ...)
    for (const d of ["/sys/module", "/sys/kernel/mm", "/sys/kernel/debug", "/sys/firmware", "/sys/fs"]) this.vfs.mkdirp(d, 0o755);
    k.callCore("kemu_kobject_boot");
    registerProcBase(k, this.vfs);
    k.printk.listeners.add((r) => this.klog(r));
  }

  realtimeNs(): bigint {
    return BOOT_EPOCH_NS + this.k.clock.now();
  }

  // ---- syslog ---------------------------------------------------------------------------

  /** Append one line to /var/log/messages as syslogd does (O_APPEND: a truncation by someone
   * else is respected, the next line goes at the new end). */
  syslog(tag: string, msg: string): void {
    this.appendMessages(`${syslogTime(this.realtimeNs())} ${this.hostname} ${tag}: ${msg}\n`);
  }

  private appendMessages(line: string): void {
    this.vfs.appendFile("/var/log/messages", line);
  }

  private klog(r: LogRecord): void {
    if (!this.klogd) return;
    this.appendMessages(`${syslogTime(BOOT_EPOCH_NS + r.tsNs)} ${this.hostname} kernel: ${formatTimestamp(r.tsNs)} ${r.text}\n`);
  }

  // ---- processes ------------------------------------------------------------------------

  /** A new process in the task table running nothing yet (fork). */
  createProcess(parent: Process | null, comm: string, argv: string[], envp: string[], cwd: string): Process {
    const t = this.k.sched.createTask(comm, "process", () => 0);
    const p = new Process(this, t, parent, argv, envp, cwd);
    parent?.children.add(p);
    this.procs.set(p.pid, p);
    return p;
  }

  /** fork + execve of `path`: the child, or -errno when the file cannot be executed. */
  async spawn(path: string, opts: SpawnInternal, parent: Process | null): Promise<Process | number> {
    const cwd = opts.cwd ?? parent?.cwd ?? "/";
    const prog = loadProgram(this, path, opts.argv, cwd);
    if (typeof prog === "number") return prog;
    const p = this.createProcess(parent, commOf(opts.comm ?? prog.filename), prog.argv, opts.envp, cwd);
    if (opts.files) {
      for (const [fd, f] of opts.files) {
        f.refs++;
        p.fds.set(fd, f);
      }
    } else if (parent) {
      const map = opts.fds ?? new Map([[0, 0], [1, 1], [2, 2]]);
      for (const [cfd, pfd] of map) {
        const f = parent.fds.get(pfd);
        if (!f) continue;
        f.refs++;
        p.fds.set(cfd, f);
      }
    }
    this.start(p, prog.main);
    return p;
  }

  /** Make the process runnable; its program starts when the scheduler first runs it. */
  start(p: Process, main: ProgramMain | null): void {
    p.program = main;
    void this.runProgram(p);
    this.k.sched.wakeUpNew(p.task);
  }

  private async runProgram(p: Process): Promise<void> {
    try {
      await p.park();
      const main = p.program;
      if (!main) {
        p.exit(SIGSEGV);
        return;
      }
      const st = await main(p);
      p.exit((st & 0xff) << 8);
    } catch (e) {
      if (e instanceof ProcessExit) p.exit((e.status & 0xff) << 8);
      else if (e instanceof ProcessKilled) p.exit(e.signal);
      else {
        // A bug in kemu's program, not in the emulated system: say so loudly.
        this.k.printk.log(2, `kemu: ${p.task.comm}[${p.pid}]: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        p.exit(SIGSEGV);
      }
    }
  }

  processExited(p: Process): void {
    this.procs.delete(p.pid);
  }

  /** ps: every task, user processes with their command line. */
  psLines(): { pid: number; ppid: number; stat: string; cmd: string }[] {
    const s = this.k.sched;
    const out: { pid: number; ppid: number; stat: string; cmd: string }[] = [];
    for (const t of [...s.tasks.values()].sort((a, b) => a.pid - b.pid)) {
      const p = this.procs.get(t.pid);
      const cmd = t.isKthread ? `[${t.comm}]` : p ? p.argv.join(" ") : t.comm;
      out.push({ pid: t.pid, ppid: p?.parent?.pid ?? t.parent?.pid ?? (t.isKthread ? 2 : 0), stat: s.stateLetter(t), cmd });
    }
    return out;
  }
}
