// kemu: the TS half of fs/file_table.c and fs/read_write.c for files whose operations are kernel
// C (char devices, /proc and /proc/sys files): every operation runs on the calling process's
// kernel stack (it may sleep), with the user buffer as a window of kernel memory (uaccess.h).
import type { Kernel } from "../kernel/kernel.js";
import type { Task } from "../kernel/sched/task.js";
import type { FileOps, OpenFile } from "./types.js";
import { O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY, S_IFCHR, S_IFMT } from "./types.js";
import type { Inode } from "./inode.js";
import type { Vfs } from "./vfs.js";
import { EIO, ENOMEM, ENXIO, EINTR, ENOTTY } from "../include/errno.js";
import { K, file, task_struct } from "../generated/layout.js";
import { HZ } from "../kernel/time/clock.js";
import { fileOps } from "./file.js";

/** What the bridge needs of the calling process (ts/user/process.ts). */
export interface KernelCaller {
  readonly task: Task;
  readonly status: number | null;
  readonly killed: number;
  kernel(entry: () => unknown): unknown | Promise<unknown>;
  onExit(fn: (status: number) => void): void;
}

/** One entry of a poll(2) on kernel-backed files. */
export interface KernelPoll {
  f: OpenFile;
  events: number;
}

/** A driver's read or write sees at most this much of the user buffer per call. */
const MAX_CHUNK = 1 << 20;

const ERESTARTSYS = 512;
const ERESTARTNOINTR = 513;
const ERESTARTNOHAND = 514;
const ERESTART_RESTARTBLOCK = 516;

/** -ERESTART* never reach user space: without a handler to restart, they are -EINTR */
export function syscallReturn(r: number): number {
  if (r === -ERESTARTSYS || r === -ERESTARTNOINTR || r === -ERESTARTNOHAND || r === -ERESTART_RESTARTBLOCK) return -EINTR;
  return r;
}

function fmodeOf(flags: number): number {
  const acc = flags & O_ACCMODE;
  let m = K.FMODE_LSEEK | K.FMODE_PREAD | K.FMODE_PWRITE;
  if (acc === O_RDONLY || acc === O_RDWR) m |= K.FMODE_READ;
  if (acc === O_WRONLY || acc === O_RDWR) m |= K.FMODE_WRITE;
  return m;
}

interface Bounce {
  addr: number;
  size: number;
}

export class KernelFiles {
  /** the C struct inode of each kernel-backed TS inode */
  private readonly cInodes = new WeakMap<Inode, number>();
  private readonly bounces = new WeakMap<KernelCaller, Bounce>();
  readonly fops: FileOps;

  constructor(
    private readonly k: Kernel,
    /** the process whose task is current, if a process is */
    private readonly caller: () => KernelCaller | undefined,
  ) {
    const self = this;
    this.fops = {
      managesPos: true,
      open: (f) => self.open(f),
      read: (f, buf, pos, explicit) => self.rw(f, buf, pos, explicit === true, false),
      write: (f, data, pos, explicit) => self.rw(f, data, pos, explicit === true, true),
      llseek: (f, offset, whence) => self.llseek(f, offset, whence),
      release: (f) => self.release(f),
      ioctl: (f, cmd, arg, user) => self.ioctl(f, cmd, arg, user),
      size: () => 0,
    };
  }

  /** Whether f is an open file description whose operations are kernel C (a struct file). */
  isKernelFile(f: OpenFile): boolean {
    return typeof f.privateData === "number" && fileOps(f) === this.fops;
  }

  /**
   * The C struct inode of a char device node (mknod, devtmpfs) on its first open: its i_fop is
   * def_chr_fops, whose chrdev_open finds the driver's cdev (fs/char_dev.c).
   */
  private chrdevInode(inode: Inode): number | undefined {
    if ((inode.mode & S_IFMT) !== S_IFCHR) return undefined;
    const ci = this.k.callCore("kemu_chrdev_inode", inode.mode, inode.rdev >>> 0, inode.ino) as number;
    if (!ci) return undefined;
    this.cInodes.set(inode, ci);
    return ci;
  }

  /** The C file sees the flags fcntl(F_SETFL) and FIONBIO changed on the TS side (O_NONBLOCK). */
  private syncFlags(f: OpenFile, cf: number): void {
    this.k.mem.writeU32(cf + file.f_flags, f.flags >>> 0);
  }

  /**
   * ioctl(2) to the driver (fs/ioctl.c's vfs_ioctl). With `user`, the argument is a user buffer:
   * the driver gets a pointer to a window holding a copy of it, copied back afterwards (what
   * the driver wrote through copy_to_user); otherwise `arg` goes through as a number.
   */
  ioctl(f: OpenFile, cmd: number, arg: number, user?: Uint8Array): number | Promise<number> {
    if (!this.isKernelFile(f)) return -ENOTTY;
    const cf = this.cFile(f);
    this.syncFlags(f, cf);
    let karg = arg >>> 0;
    const win = user ? this.lend(user.length, user) : null;
    if (user) {
      if (!win) return -EIO;
      karg = win.addr;
    }
    const fn = this.k.coreFunction("kemu_vfs_ioctl") as (...a: unknown[]) => unknown;
    const r = this.syscall(() => fn(cf, cmd >>> 0, karg));
    const done = (ret: number) => {
      if (user && win) {
        user.set(this.k.mem.u8().subarray(karg, karg + user.length));
        win.close();
      }
      return ret;
    };
    return typeof r === "number" ? done(r) : r.then(done);
  }

  /**
   * The kernel half of poll(2) for kernel-backed files (fs/select.c's do_poll on the calling
   * process's stack, sleeping on the drivers' wait queues). `ready`: entries the caller already
   * found ready elsewhere (then nobody sleeps). Resolves with each entry's revents, or -errno
   * (-EINTR for a signal).
   */
  poll(list: KernelPoll[], timeoutMs: number, ready: number): Promise<number[] | number> | number[] | number {
    const k = this.k;
    const n = list.length;
    const buf = k.mm.kzalloc(8 * n + 8);
    if (!buf) return -ENOMEM;
    const files = buf, events = buf + 4 * n, revents = buf + 6 * n;
    const u8 = k.mem.u8();
    list.forEach((e, i) => {
      const cf = this.cFile(e.f);
      this.syncFlags(e.f, cf);
      k.mem.writeU32(files + 4 * i, cf);
      u8[events + 2 * i] = e.events & 0xff;
      u8[events + 2 * i + 1] = (e.events >> 8) & 0xff;
    });
    const jiffies = timeoutMs < 0 ? -1 : Math.ceil((timeoutMs * HZ) / 1000);
    const fn = k.coreFunction("kemu_do_poll") as (...a: unknown[]) => unknown;
    const r = this.syscall(() => fn(files, events, revents, n, jiffies, ready));
    const done = (ret: number): number[] | number => {
      const out = list.map((_, i) => k.mem.readU16(revents + 2 * i));
      k.mm.kfree(buf);
      return ret < 0 ? ret : out;
    };
    return typeof r === "number" ? done(r) : r.then(done);
  }

  /** Tie a TS inode to a C struct inode (kemu_inode_alloc); opens then use its i_fop. */
  attach(inode: Inode, cInode: number): void {
    this.cInodes.set(inode, cInode);
    inode.ops = this.fops;
  }

  /** A file at path (in a ramfs directory) whose operations are the C inode's i_fop. */
  createAt(vfs: Vfs, path: string, mode: number, cInode: number): Inode | number {
    const inode = vfs.createFile(path, mode, this.fops);
    if (typeof inode !== "number") this.attach(inode, cInode);
    return inode;
  }

  cInodeOf(inode: Inode): number | undefined {
    return this.cInodes.get(inode);
  }

  /** The struct file of an open file description made by this bridge. */
  cFile(f: OpenFile): number {
    return f.privateData as number;
  }

  /**
   * Run `entry` (a C function of the core) as a system call of the calling process. Returns
   * -EIO when no process is calling (kernel-backed files are opened by processes only).
   */
  syscall(entry: () => unknown): Promise<number> | number {
    const p = this.caller();
    if (!p || p.status !== null) return -EIO;
    const r = p.kernel(entry);
    return r instanceof Promise ? r.then((v) => syscallReturn(Number(v))) : syscallReturn(Number(r));
  }

  /**
   * Lend the calling task a user window of n bytes (filled from data when given): its address,
   * and `close`, which ends the window on that same task (the call may have slept meanwhile).
   */
  private lend(n: number, data?: Uint8Array): { addr: number; close: () => void } | null {
    const p = this.caller();
    if (!p) return null;
    let b = this.bounces.get(p);
    if (!b || b.size < n) {
      if (b) this.k.mm.kfree(b.addr);
      const size = Math.max(4096, n);
      const addr = this.k.mm.kzalloc(size);
      if (!addr) return null;
      b = { addr, size };
      this.bounces.set(p, b);
      const k = this.k;
      const owned = b;
      p.onExit(() => k.mm.kfree(owned.addr));
    }
    const mem = this.k.mem;
    const task = p.task.addr;
    if (data) mem.writeBytes(b.addr, data.subarray(0, n));
    mem.writeU32(task + task_struct.kemu_ubase, b.addr);
    mem.writeU32(task + task_struct.kemu_ulen, n);
    return { addr: b.addr, close: () => mem.writeU32(task + task_struct.kemu_ulen, 0) };
  }

  private open(f: OpenFile): number | Promise<number> {
    const ci = this.cInodes.get(f.inode as Inode) ?? this.chrdevInode(f.inode as Inode);
    if (ci === undefined) return -ENXIO;
    const name = f.path.slice(f.path.lastIndexOf("/") + 1);
    const k = this.k;
    const namePtr = k.mm.kstrdup(name);
    const cf = k.callCore("kemu_file_alloc", ci, namePtr, f.flags, fmodeOf(f.flags)) as number;
    k.mm.kfree(namePtr);
    if (!cf) return -ENOMEM;
    const open = k.coreFunction("kemu_vfs_open");
    const r = this.syscall(() => open(cf));
    const done = (n: number) => {
      if (n < 0) {
        k.callCore("kemu_file_free", cf);
        return n;
      }
      f.privateData = cf;
      f.pos = 0;
      return 0;
    };
    return typeof r === "number" ? done(r) : r.then(done);
  }

  private syncPos(f: OpenFile, cf: number): void {
    f.pos = Number(BigInt.asIntN(64, this.k.mem.readU64(cf + file.f_pos)));
  }

  private rw(f: OpenFile, buf: Uint8Array, pos: number, explicit: boolean, write: boolean): number | Promise<number> {
    const cf = this.cFile(f);
    const n = Math.min(buf.length, MAX_CHUNK);
    const win = this.lend(n, write ? buf : undefined);
    if (!win) return -EIO;
    const ub = win.addr;
    this.syncFlags(f, cf);
    const fn = this.k.coreFunction(write ? "kemu_vfs_write" : "kemu_vfs_read") as (...a: unknown[]) => unknown;
    const r = this.syscall(() => fn(cf, ub, n, BigInt(pos), explicit ? 0 : 1));
    const done = (ret: number) => {
      win.close();
      this.syncPos(f, cf);
      // a handler that claims more than it was given: the caller gets what its buffer holds
      if (ret > n) ret = n;
      if (!write && ret > 0) buf.set(this.k.mem.u8().subarray(ub, ub + ret));
      return ret;
    };
    return typeof r === "number" ? done(r) : r.then(done);
  }

  private llseek(f: OpenFile, offset: number, whence: number): number | Promise<number> {
    const cf = this.cFile(f);
    const fn = this.k.coreFunction("kemu_vfs_llseek") as (...a: unknown[]) => unknown;
    const r = this.syscall(() => fn(cf, BigInt(offset), whence));
    const done = (ret: number) => {
      this.syncPos(f, cf);
      return ret;
    };
    return typeof r === "number" ? done(r) : r.then(done);
  }

  private release(f: OpenFile): void | Promise<void> {
    const cf = f.privateData as number | undefined;
    if (!cf) return;
    f.privateData = undefined;
    const p = this.caller();
    if (p && p.status === null && !p.killed) {
      const fn = this.k.coreFunction("kemu_vfs_release");
      const r = p.kernel(() => fn(cf));
      return r instanceof Promise ? r.then(() => undefined) : undefined;
    }
    // The process is exiting (or none calls): a kworker runs ->release, as delayed_fput does.
    this.k.callCore("kemu_fput_async", cf);
  }
}
