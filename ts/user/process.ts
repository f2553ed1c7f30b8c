// kemu: a user process (kernel/fork.c, kernel/exit.c, fs/file.c's fd table): a scheduler task
// whose program is JS. Its system calls are methods here; blocking ones park the program until
// the scheduler runs the task again. Kernel code a syscall reaches (init_module, a sysctl
// handler) runs as a wasm entry on the task's kernel stack, so it may sleep as in Linux.
import type { Task } from "../kernel/sched/task.js";
import type { Kernel } from "../kernel/kernel.js";
import type { OpenFile, Stat } from "../fs/types.js";
import type { Syscalls, SyscallsExt, SpawnOptions, UserProcess, SysResult, ProgramMain } from "./types.js";
import { EBADF, ECHILD, EINVAL, ESRCH, ENOTDIR, EMFILE, EINTR } from "../include/errno.js";
import { K, task_struct } from "../generated/layout.js";
import type { UserSpace } from "./userspace.js";
import type { LoadResult, UnloadResult } from "../kernel/module/main.js";
import type { Inode, TimeSpec } from "../fs/vfs.js";
import type { DirEntry, PollFd } from "./types.js";
import { POLLIN, POLLOUT, POLLNVAL } from "./types.js";
import { FIOCLEX, FIONCLEX } from "../fs/vfs.js";
import { S_IFIFO, S_IFMT } from "../fs/types.js";
import type { KernelPoll } from "../fs/kfile.js";
import { ENOSYS } from "../include/errno.js";

/** A program was killed (SIGKILL/SIGTERM) or its process Oopsed: unwinds its JS. */
export class ProcessKilled extends Error {
  constructor(readonly signal: number) {
    super(`killed by signal ${signal}`);
  }
}

/** Thrown by exit() inside a program to end it at once with a status. */
export class ProcessExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

const MAX_FDS = 1024;
export const SIGKILL = 9;
export const SIGTERM = 15;
export const SIGSEGV = 11;
export const SIGPIPE = 13;

export class Process implements UserProcess {
  readonly pid: number;
  argv: string[];
  envp: string[];
  cwd: string;
  umask = 0o022;
  readonly fds = new Map<number, OpenFile>();
  readonly children = new Set<Process>();
  /** the raw wait status once it exited (exit n: n << 8; signal s: s) */
  status: number | null = null;
  private exitWaiters: ((status: number) => void)[] = [];
  /** resolves the parked program (it goes on) */
  private wake: ((err?: unknown) => void) | null = null;
  /** resolves the driver's wait (the program parked or ended) */
  private parked: (() => void) | null = null;
  private killSignal = 0;
  /** what execve() loaded: runs when the task first returns to user mode */
  program: ProgramMain | null = null;
  private kernelRet: unknown;
  readonly sys: Syscalls;

  constructor(
    readonly us: UserSpace,
    readonly task: Task,
    public parent: Process | null,
    argv: string[],
    envp: string[],
    cwd: string,
  ) {
    this.pid = task.pid;
    this.argv = argv;
    this.envp = envp;
    this.cwd = cwd;
    this.sys = new ProcessSyscalls(this);
    const self = this;
    task.user = {
      inKernel: false,
      kernelReturn(ret: unknown) {
        self.kernelRet = ret;
      },
      resume: () => this.resume(),
    };
    // The kernel ended the task (do_exit from C, an Oops in a system call, a kill).
    task.onExit = (code) => {
      if (this.status === null) this.exit(code);
      const w = this.wake;
      this.wake = null;
      w?.(new ProcessKilled(code & 0x7f || SIGKILL));
    };
  }

  get k(): Kernel {
    return this.us.k;
  }

  get exited(): boolean {
    return this.status !== null;
  }

  // ---- scheduling glue ------------------------------------------------------------------

  /** Driver side: let the program run until it parks again or ends. */
  private resume(): Promise<void> {
    return new Promise((res) => {
      this.parked = res;
      const w = this.wake;
      this.wake = null;
      if (w) w(this.killSignal ? new ProcessKilled(this.killSignal) : undefined);
      else res();
    });
  }

  /** Program side: give the CPU back; resolves when the scheduler runs this task again. */
  park(): Promise<void> {
    if (this.killSignal) return Promise.reject(new ProcessKilled(this.killSignal));
    return new Promise((res, rej) => {
      this.wake = (err) => (err ? rej(err) : res());
      const p = this.parked;
      this.parked = null;
      p?.();
    });
  }

  /** The program ended (returned, exit(), killed): hand the CPU back for good. */
  finish(): void {
    const p = this.parked;
    this.parked = null;
    p?.();
  }

  /** Sleep (user mode) until `arm`'s wake-up: a timer, a child's exit, a pipe's data. */
  async sleepOn(state: number, arm: (wakeUp: () => void) => (() => void) | void): Promise<void> {
    const s = this.k.sched;
    const t = this.task;
    s.writeState(t, state);
    t.blocked = true;
    t.blockedAt = this.k.clock.now();
    const disarm = arm(() => s.tryToWakeUp(t, K.TASK_NORMAL));
    try {
      await this.park();
    } finally {
      disarm?.();
    }
  }

  /** Wait for a Promise from the VFS (a pipe, a device): the task sleeps until it settles. */
  async block<T>(p: T | Promise<T>): Promise<T> {
    if (!(p instanceof Promise)) return p;
    // The file's owner entered kernel code on this task (a driver's read): that promise settles
    // when the kernel returns to user mode; it is not an event to sleep on.
    if (this.task.user!.inKernel) return p;
    let value: T | undefined;
    let error: unknown;
    let settled = false;
    await this.sleepOn(K.TASK_INTERRUPTIBLE, (wakeUp) => {
      p.then(
        (v) => {
          value = v;
          settled = true;
          wakeUp();
        },
        (e) => {
          error = e;
          settled = true;
          wakeUp();
        },
      );
    });
    if (!settled) return -EINTR as T;
    if (error !== undefined) throw error;
    return value as T;
  }

  /**
   * A system call that runs kernel code: `entry` is the bottom wasm frame on this task's
   * kernel stack (it may sleep); its return value, or a Promise of it when the task had to wait
   * (it slept, was preempted, or could not run at once).
   */
  kernel(entry: () => unknown): unknown | Promise<unknown> {
    const t = this.task;
    const s = this.k.sched;
    if (s.canSyscallSync(t)) {
      // Fast path: the entry runs now and, unless it sleeps or is preempted, its value comes
      // back synchronously (no Promise: callers such as block() must not wait on it).
      if (s.syscallSync(t, entry)) return this.kernelRet;
      if (t.exited || this.status !== null) {
        return Promise.reject(new ProcessKilled(this.killSignal || (this.status! & 0x7f) || SIGKILL));
      }
      return this.park().then(() => this.kernelRet);
    }
    t.entry = entry;
    t.started = false;
    t.user!.inKernel = true;
    s.enterKernel(t);
    return this.park().then(() => this.kernelRet);
  }

  /**
   * init_module(2): the module's init runs on this process's kernel stack. An Oops there, or
   * in a parameter callback before it, kills the process with SIGSEGV, as in Linux.
   */
  async initModule(bytes: Uint8Array, args: string, path: string | null): Promise<LoadResult> {
    const r = await this.k.modules.loadFrom(async (e) => this.kernel(e), bytes, args, path);
    if (r.killed) {
      this.signal(SIGSEGV);
      this.checkAlive();
    }
    return r;
  }

  /** delete_module(2): the module's exit runs on this process's kernel stack. */
  deleteModule(name: string): Promise<UnloadResult> {
    return this.k.modules.unloadFrom(async (e) => this.kernel(e), name);
  }

  // ---- exit and signals -------------------------------------------------------------------

  /** do_exit() for a user process: close fds, wake the parent, become a zombie until reaped. */
  exit(status: number): void {
    if (this.status !== null) return;
    this.status = status;
    for (const fd of [...this.fds.keys()]) void this.closeFd(fd);
    const s = this.k.sched;
    const t = this.task;
    if (!t.exited) {
      const how = (status & 0x7f) === 0 ? "exit" : status === SIGSEGV ? "oops" : "killed";
      const prev = s.current;
      s.exitTask(t, status, how);
      if (prev === t) s.switchTo(s.idle);
    }
    for (const c of this.children) c.parent = null;
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    for (const w of waiters) w(status);
    this.us.processExited(this);
    this.finish();
  }

  onExit(fn: (status: number) => void): void {
    if (this.status !== null) fn(this.status);
    else this.exitWaiters.push(fn);
  }

  /** Deliver a fatal signal: a parked program is woken to unwind; the process is gone now. */
  signal(sig: number): void {
    if (this.status !== null) return;
    this.killSignal = sig;
    const t = this.task;
    if (t.user!.inKernel) {
      // In a system call: the kernel side sees a fatal signal pending (wait_event_killable...).
      const mem = this.k.mem;
      mem.writeU32(t.addr + task_struct.kemu_sigpending, 1);
      mem.writeU32(t.addr + task_struct.kemu_sigkill, 1);
      this.k.sched.tryToWakeUp(t, K.TASK_INTERRUPTIBLE | K.TASK_WAKEKILL);
      return;
    }
    if (!t.onCpu && this.k.sched.current !== t) {
      const w = this.wake;
      this.wake = null;
      if (t.queued) this.k.sched.kill(t);
      this.exit(sig);
      // Its JS unwinds on its own: every later call throws ProcessKilled.
      w?.(new ProcessKilled(sig));
    }
  }

  get killed(): number {
    return this.killSignal;
  }

  // ---- fds ----------------------------------------------------------------------------------

  installFd(f: OpenFile, min = 0): number {
    for (let fd = min; fd < MAX_FDS; fd++) {
      if (!this.fds.has(fd)) {
        this.fds.set(fd, f);
        return fd;
      }
    }
    return -EMFILE;
  }

  async closeFd(fd: number): Promise<number> {
    const f = this.fds.get(fd);
    if (!f) return -EBADF;
    this.fds.delete(fd);
    await this.us.vfs.close(f);
    return 0;
  }

  checkAlive(): void {
    if (this.killSignal) throw new ProcessKilled(this.killSignal);
  }
}

/** The Syscalls a program calls; `this.p` is the calling process. */
class ProcessSyscalls implements Syscalls, SyscallsExt {
  constructor(private readonly p: Process) {}

  getpid(): number {
    return this.p.pid;
  }
  getppid(): number {
    return this.p.parent?.pid ?? (this.p.task.parent?.pid ?? 0);
  }

  async open(path: string, flags: number, mode = 0o666): Promise<number> {
    this.p.checkAlive();
    const vfs = this.p.us.vfs;
    // openFile stays synchronous unless the open must block (a FIFO, a driver's open that
    // sleeps): a plain open keeps the CPU, as it does on Linux.
    const f = await this.p.block(vfs.openFile(path, flags, mode, this.p.cwd, this.p.umask));
    if (typeof f === "number") return f;
    const fd = this.p.installFd(f);
    if (fd < 0) await vfs.close(f);
    return fd;
  }

  close(fd: number): Promise<number> {
    return this.p.closeFd(fd);
  }

  read(fd: number, buf: Uint8Array): number | Promise<number> {
    this.p.checkAlive();
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    const r = this.p.us.vfs.read(f, buf);
    return typeof r === "number" ? r : this.p.block(r);
  }

  async write(fd: number, data: Uint8Array): Promise<number> {
    this.p.checkAlive();
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    const r = await this.p.block(this.p.us.vfs.write(f, data));
    if (r === -32 /* EPIPE */) {
      this.p.signal(SIGPIPE);
      this.p.checkAlive();
    }
    return r;
  }

  pread(fd: number, buf: Uint8Array, pos: number): number | Promise<number> {
    this.p.checkAlive();
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    const r = this.p.us.vfs.read(f, buf, pos);
    return typeof r === "number" ? r : this.p.block(r);
  }

  pwrite(fd: number, data: Uint8Array, pos: number): number | Promise<number> {
    this.p.checkAlive();
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    const r = this.p.us.vfs.write(f, data, pos);
    return typeof r === "number" ? r : this.p.block(r);
  }

  lseek(fd: number, offset: number, whence: number): number | Promise<number> {
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    const r = this.p.us.vfs.llseek(f, offset, whence);
    return typeof r === "number" ? r : this.p.block(r);
  }

  dup(fd: number): number {
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    const n = this.p.installFd(f);
    if (n >= 0) f.refs++;
    return n;
  }

  dup2(fd: number, to: number): number {
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    if (fd === to) return to;
    if (to < 0 || to >= MAX_FDS) return -EBADF;
    const old = this.p.fds.get(to);
    f.refs++;
    this.p.fds.set(to, f);
    if (old) void this.p.us.vfs.close(old);
    return to;
  }

  pipe(): SysResult<[number, number]> {
    const [r, w] = this.p.us.vfs.createPipe();
    const a = this.p.installFd(r);
    if (a < 0) return a;
    const b = this.p.installFd(w);
    if (b < 0) {
      this.p.fds.delete(a);
      return b;
    }
    return [a, b];
  }

  fstat(fd: number): SysResult<Stat> {
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    return this.p.us.vfs.statFile(f);
  }

  stat(path: string): SysResult<Stat> {
    return this.p.us.vfs.stat(path, this.p.cwd, true);
  }

  lstat(path: string): SysResult<Stat> {
    return this.p.us.vfs.stat(path, this.p.cwd, false);
  }

  file(fd: number): OpenFile | undefined {
    return this.p.fds.get(fd);
  }

  chdir(path: string): number {
    const st = this.p.us.vfs.stat(path, this.p.cwd, true);
    if (typeof st === "number") return st;
    if ((st.mode & 0o170000) !== 0o040000) return -ENOTDIR;
    this.p.cwd = this.p.us.vfs.normalize(path, this.p.cwd);
    return 0;
  }

  getcwd(): string {
    return this.p.cwd;
  }

  async spawn(path: string, opts: SpawnOptions): Promise<number> {
    this.p.checkAlive();
    const child = await this.p.us.spawn(path, { ...opts, cwd: opts.cwd ?? this.p.cwd }, this.p);
    return typeof child === "number" ? child : child.pid;
  }

  async waitpid(pid: number): Promise<number> {
    this.p.checkAlive();
    const child = [...this.p.children].find((c) => c.pid === pid || pid === -1);
    if (!child) return -ECHILD;
    if (child.status === null) {
      await this.p.sleepOn(K.TASK_INTERRUPTIBLE, (wakeUp) => child.onExit(() => wakeUp()));
      this.p.checkAlive();
      if (child.status === null) return -EINTR;
    }
    this.p.children.delete(child);
    return child.status!;
  }

  kill(pid: number, sig: number): number {
    const target = this.p.us.procs.get(pid);
    if (!target) return -ESRCH;
    if (sig === 0) return 0;
    if (sig !== SIGKILL && sig !== SIGTERM && sig !== 2 && sig !== 1) return -EINVAL;
    target.signal(sig);
    return 0;
  }

  /**
   * exit_files() of a program that ends on its own: its kernel-backed files are closed while the
   * process can still run ->release (Linux runs the last fput as task work of the exiting task,
   * so rmmod right after the program sees the module free). Killed processes leave it to a
   * kworker (delayed fput).
   */
  async exitFiles(): Promise<void> {
    if (this.p.killed || this.p.status !== null) return;
    const kfiles = this.p.us.kfiles;
    for (const [fd, f] of [...this.p.fds]) if (kfiles.isKernelFile(f)) await this.p.closeFd(fd);
  }

  /** ioctl(2): fs/ioctl.c; FIOCLEX/FIONCLEX need no work (exec closes nothing in kemu) */
  async ioctl(fd: number, cmd: number, arg: number | Uint8Array = 0): Promise<number> {
    this.p.checkAlive();
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    cmd >>>= 0;
    if (cmd === FIOCLEX || cmd === FIONCLEX) return 0;
    const r = typeof arg === "number" ? this.p.us.vfs.ioctl(f, cmd, arg) : this.p.us.vfs.ioctl(f, cmd, 0, arg);
    const v = await this.p.block(r);
    this.p.checkAlive();
    return v;
  }

  /**
   * poll(2): kernel-backed files (char devices, /proc) are polled by their drivers, sleeping on
   * their wait queues (fs/select.c); other files are always ready, as regular files are. A set
   * of pipes only cannot be waited on yet: -ENOSYS (the shell and the WASI runner then fall
   * back to a blocking read).
   */
  async poll(pfds: PollFd[], timeoutMs: number): Promise<number> {
    this.p.checkAlive();
    const kfiles = this.p.us.kfiles;
    const kern: KernelPoll[] = [];
    const kidx: number[] = [];
    let ready = 0;
    let pipes = 0;
    pfds.forEach((x, i) => {
      x.revents = 0;
      if (x.fd < 0) return;
      const f = this.p.fds.get(x.fd);
      if (!f) {
        x.revents = POLLNVAL;
      } else if (kfiles.isKernelFile(f)) {
        kern.push({ f, events: x.events });
        kidx.push(i);
        return;
      } else if (((f.inode as Inode).mode & S_IFMT) === S_IFIFO) {
        pipes++;
        return;
      } else {
        x.revents = x.events & (POLLIN | POLLOUT | 0x040 | 0x100);
      }
      if (x.revents) ready++;
    });
    if (pipes && !kern.length && !ready) return -ENOSYS;
    // pipes next to kernel files count as ready (no pipe wait queue yet)
    pfds.forEach((x) => {
      const f = x.fd >= 0 ? this.p.fds.get(x.fd) : undefined;
      if (f && !kfiles.isKernelFile(f) && ((f.inode as Inode).mode & S_IFMT) === S_IFIFO) {
        x.revents = x.events & (POLLIN | POLLOUT | 0x040 | 0x100);
        if (x.revents) ready++;
      }
    });
    if (!kern.length) {
      if (ready || timeoutMs === 0) return ready;
      if (timeoutMs > 0) await this.sleep(BigInt(timeoutMs) * 1_000_000n);
      else await this.p.sleepOn(K.TASK_INTERRUPTIBLE, () => undefined);
      this.p.checkAlive();
      return timeoutMs > 0 ? 0 : -EINTR;
    }
    const r = await this.p.block(kfiles.poll(kern, timeoutMs, ready));
    this.p.checkAlive();
    if (typeof r === "number") return r;
    r.forEach((rev, j) => {
      pfds[kidx[j]].revents = rev;
      if (rev) ready++;
    });
    return ready;
  }

  async sleep(ns: bigint): Promise<number> {
    this.p.checkAlive();
    const s = this.p.k.sched;
    const until = this.p.k.clock.now() + (ns > 0n ? ns : 0n);
    await this.p.sleepOn(K.TASK_INTERRUPTIBLE, (wakeUp) => {
      const timer = s.timers.add(until, wakeUp);
      return () => s.timers.cancel(timer);
    });
    this.p.checkAlive();
    return 0;
  }

  // ---- the rest of the file system calls (the shell's and WASI's extension set) ------------

  getdents(fd: number): SysResult<DirEntry[]> {
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    const vfs = this.p.us.vfs;
    const dir = f.inode as Inode;
    const names = vfs.readdirInode(dir);
    if (typeof names === "number") return names;
    const out: DirEntry[] = [];
    for (const name of names) {
      const ino = name === "." ? dir : name === ".." ? (vfs.lookup("..", f.path) as Inode) : vfs.lookupChild(dir, name);
      if (!ino || typeof ino === "number") continue;
      const st = vfs.statInode(ino);
      out.push({ name, ino: st.ino, type: (st.mode >> 12) & 0xf });
    }
    return out;
  }
  mkdir(path: string, mode: number): number {
    return this.p.us.vfs.mkdir(path, mode & ~this.p.umask, this.p.cwd);
  }
  rmdir(path: string): number {
    return this.p.us.vfs.rmdir(path, this.p.cwd);
  }
  unlink(path: string): number {
    return this.p.us.vfs.unlink(path, this.p.cwd);
  }
  rename(from: string, to: string): number {
    return this.p.us.vfs.rename(from, to, this.p.cwd);
  }
  symlink(target: string, linkpath: string): number {
    return this.p.us.vfs.symlink(target, linkpath, this.p.cwd);
  }
  link(existing: string, newpath: string, _follow: boolean): number {
    return this.p.us.vfs.link(existing, newpath, this.p.cwd);
  }
  readlink(path: string): SysResult<string> {
    return this.p.us.vfs.readlink(path, this.p.cwd);
  }
  chmod(path: string, mode: number): number {
    return this.p.us.vfs.chmod(path, mode, this.p.cwd);
  }
  ftruncate(fd: number, length: number): number {
    const f = this.p.fds.get(fd);
    if (!f) return -EBADF;
    return this.p.us.vfs.ftruncate(f, length);
  }
  utimens(target: string | number, atimeNs: bigint | "now" | null, mtimeNs: bigint | "now" | null, follow: boolean): number {
    const vfs = this.p.us.vfs;
    const now = this.p.us.realtimeNs();
    const conv = (t: bigint | "now" | null) => (t === "now" ? now : t) as TimeSpec;
    const path = typeof target === "number" ? this.p.fds.get(target)?.path : target;
    if (path === undefined) return -EBADF;
    return vfs.utimens(path, conv(atimeNs), conv(mtimeNs), this.p.cwd, follow);
  }
  fsync(fd: number): number {
    return this.p.fds.has(fd) ? 0 : -EBADF;
  }
  async yield(): Promise<number> {
    const s = this.p.k.sched;
    s.writeState(this.p.task, K.TASK_RUNNING);
    s.enqueue(this.p.task);
    await this.p.park();
    return 0;
  }

  clockRealtime(): bigint {
    return this.p.us.realtimeNs();
  }

  clockMonotonic(): bigint {
    return this.p.k.clock.now();
  }
}
