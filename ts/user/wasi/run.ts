// kemu: binfmt for wasm32-wasi programs (fs/binfmt_*.c's role for ELF): loads a WASI preview1
// command and runs it as the calling process. Every WASI import is answered through the
// process's system calls (p.sys); one that returns a Promise suspends the program with
// binaryen's asyncify (unwind the wasm stack into a save area, await, rewind) so a read that
// blocks on a device blocks only this process.
import {
  O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, O_ACCMODE,
  S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK, SEEK_CUR, type Stat,
} from "../../fs/types.js";
import { EBADF, ENOSYS, ERANGE } from "../../include/errno.js";
import type { ProgramMain, UserProcess } from "../types.js";
import {
  ASYNC_WASI_IMPORTS, ASYNC_KEMU_IMPORTS, ASYNCIFY_BUF_EXPORT, ASYNCIFY_BUF_SIZE_EXPORT, KEMU_MODULE, WASI_MODULE,
} from "./abi.js";
import { WASI_ERRNO as E, wasiErrno } from "./errno.js";
import type { DirEntry, ExtSyscalls as WasiSyscalls } from "../types.js";
import { nodeCrypto } from "../../build/builtins.js";

/** Linux's O_DSYNC and __O_SYNC (O_SYNC is both), which ts/fs/types.ts does not list. */
const O_DSYNC = 0o10000;
const O__SYNC = 0o4000000;

export interface RunWasiOptions {
  /** Seed of random_get's xorshift generator; default derived from the pid (deterministic). */
  seed?: number;
  /** Name used in the runner's own messages (exec format error, traps); default argv[0]. */
  name?: string;
}

/** A loadable WASI command: the compiled module and what it carries. */
interface Prepared {
  module: WebAssembly.Module;
  /** asyncify_* exports present. */
  asyncify: boolean;
  /** A program built by `kemu build --user` (has the helper's save area). */
  helper: boolean;
}

/** proc_exit() unwinds the wasm stack as a JS exception carrying the status. */
export class WasiExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = "WasiExit";
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** "\0asm": what an exec dispatch looks for. */
export function isWasm(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

// ---- Loading ---------------------------------------------------------------------------------

/** Every WASI preview1 function this runner provides (a module importing another is refused). */
const WASI_FUNCTIONS = new Set([
  "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
  "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
  "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
  "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
  "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
  "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
  "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
  "sock_recv", "sock_send", "sock_shutdown",
]);
const KEMU_FUNCTIONS = new Set(["getcwd", "chdir", "getpid", "ioctl"]);
const ASYNC_SET = new Set(ASYNC_WASI_IMPORTS);
const ASYNC_KEMU_SET = new Set(ASYNC_KEMU_IMPORTS);
/** Linux's mmap_min_addr: user memory below it is never mapped, so such an ioctl argument is a number. */
const MMAP_MIN_ADDR = 65536;
/** What an _IOW/_IOWR argument's window holds beyond _IOC_SIZE (a string behind an `_IOW(..., char *)`). */
const IOCTL_SPAN = 4096;

const MODULE_CACHE_MAX = 32;
const moduleCache = new Map<string, Promise<Prepared | string>>();

async function prepareUncached(bytes: Uint8Array): Promise<Prepared | string> {
  if (!isWasm(bytes)) return "not a WebAssembly module";
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    return `invalid WebAssembly module: ${(e as Error).message}`;
  }
  const exports = new Map(WebAssembly.Module.exports(module).map((x) => [x.name, x.kind]));
  if (exports.get("_start") !== "function") {
    return exports.has("_initialize") ? "a WASI reactor (no _start), not a command" : "no _start: not a WASI command";
  }
  if (exports.get("memory") !== "memory") return "no exported memory: not a WASI command";
  let needsAsync = false;
  for (const imp of WebAssembly.Module.imports(module)) {
    const ok =
      imp.kind === "function" &&
      ((imp.module === WASI_MODULE && WASI_FUNCTIONS.has(imp.name)) || (imp.module === KEMU_MODULE && KEMU_FUNCTIONS.has(imp.name)));
    if (!ok) return `needs ${imp.kind} ${imp.module}.${imp.name}, which is not part of WASI preview1`;
    if (imp.module === WASI_MODULE && ASYNC_SET.has(imp.name)) needsAsync = true;
    if (imp.module === KEMU_MODULE && ASYNC_KEMU_SET.has(imp.name)) needsAsync = true;
  }
  const asyncify = exports.get("asyncify_start_unwind") === "function";
  const helper = exports.get(ASYNCIFY_BUF_EXPORT) === "function";
  if (!asyncify && needsAsync) {
    // Not built by `kemu build --user`: run the same asyncify pass now (binaryen, cached on disk).
    const { asyncifyWasiCommand } = await import("../../build/user.js");
    let out: Uint8Array;
    try {
      out = await asyncifyWasiCommand(bytes);
    } catch (e) {
      return `asyncify failed: ${(e as Error).message}`;
    }
    return { module: await WebAssembly.compile(out as Uint8Array<ArrayBuffer>), asyncify: true, helper };
  }
  return { module, asyncify, helper };
}

/** Compile (and if needed asyncify) once per distinct program: exec of the same bytes is cheap. */
function prepare(bytes: Uint8Array): Promise<Prepared | string> {
  const key = nodeCrypto().createHash("sha256").update(bytes).digest("hex");
  let p = moduleCache.get(key);
  if (p) {
    moduleCache.delete(key);
  } else {
    p = prepareUncached(bytes);
    if (moduleCache.size >= MODULE_CACHE_MAX) moduleCache.delete(moduleCache.keys().next().value as string);
  }
  moduleCache.set(key, p);
  return p;
}

// ---- Constants of wasi/api.h -----------------------------------------------------------------

const FILETYPE = { UNKNOWN: 0, BLOCK_DEVICE: 1, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4, SOCKET_DGRAM: 5, SOCKET_STREAM: 6, SYMBOLIC_LINK: 7 };
const R = (bit: number) => 1n << BigInt(bit);
const RIGHTS = {
  FD_DATASYNC: R(0), FD_READ: R(1), FD_SEEK: R(2), FD_TELL: R(5), FD_WRITE: R(6), FD_ALLOCATE: R(8),
  FD_READDIR: R(14), FD_FILESTAT_SET_SIZE: R(22), ALL: R(30) - 1n,
};
const FDFLAGS = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 };
const OFLAGS = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 };
const LOOKUP_SYMLINK_FOLLOW = 1;
const FSTFLAGS = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 };
const CLOCK = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME: 2, THREAD_CPUTIME: 3 };
const EVENTTYPE = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 };
const SUBCLOCK_ABSTIME = 1;
const PREOPEN_DIR = 0;
/** Not a preopen type: wasi-libc skips such fds while it enumerates preopens. */
const PREOPEN_NONE = 1;

function filetype(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFREG: return FILETYPE.REGULAR_FILE;
    case S_IFDIR: return FILETYPE.DIRECTORY;
    case S_IFCHR: return FILETYPE.CHARACTER_DEVICE;
    case S_IFBLK: return FILETYPE.BLOCK_DEVICE;
    case S_IFLNK: return FILETYPE.SYMBOLIC_LINK;
    case S_IFSOCK: return FILETYPE.SOCKET_STREAM;
    default: return FILETYPE.UNKNOWN; // FIFOs have no WASI type
  }
}

/** Linux tty majors: tty/ttyS (4), tty/console/ptmx (5), pts (136-143); st_rdev is new_encode_dev()'s form. */
function isTty(st: Stat): boolean {
  if ((st.mode & S_IFMT) !== S_IFCHR) return false;
  const major = (st.rdev >>> 8) & 0xfff;
  return major === 4 || major === 5 || (major >= 136 && major <= 143);
}

/** WASI signal numbers (no SIGSTKFLT) to Linux's. */
function linuxSignal(wasiSig: number): number {
  return wasiSig >= 16 ? wasiSig + 1 : wasiSig;
}

type Imp = (...args: never[]) => number;
type Result = number | Promise<number>;

function then(r: Result, f: (n: number) => number): Result {
  return typeof r === "number" ? f(r) : r.then(f);
}

function joinPath(base: string, rel: string): string {
  if (rel.startsWith("/")) return rel;
  if (rel === "" || rel === ".") return base;
  return base.endsWith("/") ? base + rel : `${base}/${rel}`;
}

/** The trap's signal, as Linux would deliver it for the same fault on x86. */
function trapSignal(e: unknown): { sig: number; name: string; what: string } {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError) return { sig: 11, name: "SIGSEGV", what: "stack overflow" };
  if (/unreachable/.test(msg)) return { sig: 6, name: "SIGABRT", what: "unreachable executed (abort)" };
  if (/out of bounds|null function|signature mismatch|table index/.test(msg)) return { sig: 11, name: "SIGSEGV", what: msg };
  if (/divide by zero|integer overflow|remainder by zero|unrepresentable/.test(msg)) return { sig: 8, name: "SIGFPE", what: msg };
  return { sig: 4, name: "SIGILL", what: msg };
}

/** libc's start-up frames, left out of a trap's backtrace. */
const START_FRAMES = new Set(["_start", "command_export", "__main_void", "__original_main", "__main_argc_argv"]);

/** Up to 6 wasm function names of a trap's stack, innermost first ("in f <- main"). */
function wasmBacktrace(e: unknown): string {
  const stack = e instanceof Error && typeof e.stack === "string" ? e.stack : "";
  const names: string[] = [];
  for (const line of stack.split("\n")) {
    const m = /at (\S+) \(wasm:/.exec(line);
    if (!m) continue;
    const name = m[1].replace(/^.*\.wasm\./, "").replace(/^.*\./, "");
    if (START_FRAMES.has(name) || name.startsWith("asyncify_")) continue;
    names.push(name);
    if (names.length >= 6) break;
  }
  return names.length ? ` in ${names.join(" <- ")}` : "";
}

// ---- One running program ---------------------------------------------------------------------

class WasiRun {
  readonly sys: WasiSyscalls;
  private memory!: WebAssembly.Memory;
  private u8 = new Uint8Array(0);
  private dv = new DataView(new ArrayBuffer(0));
  private x!: Record<string, (...a: number[]) => number>;
  private asyncBuf = 0;
  private asyncBufSize = 0;
  private canUnwind = false;
  private pending: Promise<number> | null = null;
  private resumeValue = 0;
  private rewinding = false;
  private preopenFd = -1;
  private rng: number;
  private readonly dirs = new Map<number, DirEntry[]>();
  private readonly args: Uint8Array[];
  private readonly env: Uint8Array[];

  constructor(
    readonly p: UserProcess,
    readonly name: string,
    seed: number,
  ) {
    this.sys = p.sys as WasiSyscalls;
    this.rng = seed >>> 0 || 0x9e3779b9;
    this.args = p.argv.map((a) => enc.encode(`${a}\0`));
    this.env = p.envp.map((a) => enc.encode(`${a}\0`));
  }

  // -- memory

  private mem(): Uint8Array {
    if (this.u8.buffer !== this.memory.buffer) {
      this.u8 = new Uint8Array(this.memory.buffer);
      this.dv = new DataView(this.memory.buffer);
    }
    return this.u8;
  }
  private view(): DataView {
    this.mem();
    return this.dv;
  }
  private setU32(ptr: number, v: number): void {
    this.view().setUint32(ptr, v, true);
  }
  private setU64(ptr: number, v: bigint | number): void {
    this.view().setBigUint64(ptr, BigInt(v), true);
  }
  private str(ptr: number, len: number): string {
    return dec.decode(this.mem().subarray(ptr, ptr + len));
  }
  private cstr(ptr: number): string {
    const m = this.mem();
    let end = ptr;
    while (end < m.length && m[end] !== 0) end++;
    return dec.decode(m.subarray(ptr, end));
  }
  /** [ptr, len] of each iovec (wasi __wasi_iovec_t: buf u32, buf_len u32). */
  private iovecs(iovs: number, n: number): [number, number][] {
    const dv = this.view();
    const out: [number, number][] = [];
    for (let i = 0; i < n; i++) out.push([dv.getUint32(iovs + 8 * i, true), dv.getUint32(iovs + 8 * i + 4, true)]);
    return out;
  }
  private gather(iovs: number, n: number): Uint8Array {
    const m = this.mem();
    if (n === 1) {
      const [ptr, len] = this.iovecs(iovs, 1)[0];
      if (ptr + len > m.length) throw new RangeError("iovec out of bounds");
      return m.slice(ptr, ptr + len);
    }
    const vecs = this.iovecs(iovs, n);
    let total = 0;
    for (const [ptr, len] of vecs) {
      if (ptr + len > m.length) throw new RangeError("iovec out of bounds");
      total += len;
    }
    const data = new Uint8Array(total);
    let off = 0;
    for (const [ptr, len] of vecs) {
      data.set(m.subarray(ptr, ptr + len), off);
      off += len;
    }
    return data;
  }
  /** One read into the iovecs: straight into wasm memory when there is a single buffer. */
  private readInto(iovs: number, n: number, nPtr: number, op: (buf: Uint8Array) => number | Promise<number>): Result {
    const vecs = this.iovecs(iovs, n).filter(([, len]) => len > 0);
    const m = this.mem();
    for (const [ptr, len] of vecs) if (ptr + len > m.length) throw new RangeError("iovec out of bounds");
    if (vecs.length <= 1) {
      const [ptr, len] = vecs[0] ?? [0, 0];
      return then(op(new Uint8Array(this.memory.buffer, ptr, len)), (r) => this.wrote(nPtr, r));
    }
    const tmp = new Uint8Array(vecs.reduce((s, [, len]) => s + len, 0));
    return then(op(tmp), (r) => {
      if (r < 0) return wasiErrno(r);
      const mm = this.mem();
      let off = 0;
      for (const [ptr, len] of vecs) {
        if (off >= r) break;
        const k = Math.min(len, r - off);
        mm.set(tmp.subarray(off, off + k), ptr);
        off += k;
      }
      this.setU32(nPtr, r);
      return 0;
    });
  }
  /** A byte count or -errno: store the count, return the WASI errno. */
  private wrote(nPtr: number, r: number): number {
    if (r < 0) return wasiErrno(r);
    this.setU32(nPtr, r);
    return 0;
  }

  /** A new offset or -errno: store the offset, return the WASI errno. */
  private seeked(out: number, r: number): number {
    if (r < 0) return wasiErrno(r);
    this.setU64(out, r);
    return 0;
  }

  private statOut(ptr: number, st: Stat): void {
    const dv = this.view();
    dv.setBigUint64(ptr, BigInt(st.dev), true);
    dv.setBigUint64(ptr + 8, BigInt(st.ino), true);
    dv.setUint8(ptr + 16, filetype(st.mode));
    dv.setBigUint64(ptr + 24, BigInt(st.nlink), true);
    dv.setBigUint64(ptr + 32, BigInt(st.size), true);
    dv.setBigUint64(ptr + 40, st.atimeNs, true);
    dv.setBigUint64(ptr + 48, st.mtimeNs, true);
    dv.setBigUint64(ptr + 56, st.ctimeNs, true);
  }

  /** The absolute (or, for an fd with a relative path, cwd-relative) name of dirfd + path. */
  private resolve(dirfd: number, ptr: number, len: number): string | number {
    const rel = this.str(ptr, len);
    if (rel.startsWith("/")) return rel;
    if (dirfd === this.preopenFd) return joinPath("/", rel);
    const f = this.sys.file(dirfd);
    if (!f) return -EBADF;
    return joinPath(f.path, rel);
  }

  // -- asyncify

  private startUnwind(): void {
    const dv = this.view();
    dv.setUint32(this.asyncBuf, this.asyncBuf + 8, true);
    dv.setUint32(this.asyncBuf + 4, this.asyncBuf + this.asyncBufSize, true);
    this.x.asyncify_start_unwind(this.asyncBuf);
  }

  /** An import that may suspend: a Promise result unwinds, and the rewound call returns its value. */
  private async_(f: (...a: never[]) => Result): Imp {
    return (...a: never[]) => {
      if (this.rewinding) {
        this.x.asyncify_stop_rewind();
        this.rewinding = false;
        return this.resumeValue;
      }
      let r: Result;
      try {
        r = f(...a);
      } catch (e) {
        if (e instanceof RangeError) return E.FAULT;
        throw e;
      }
      if (typeof r === "number") return r;
      if (!this.canUnwind) throw new Error("kemu: WASI program without asyncify called a blocking import");
      this.pending = r.catch((e: unknown) => {
        if (e instanceof RangeError) return E.FAULT;
        throw e;
      });
      this.startUnwind();
      return 0;
    };
  }

  /** An import answered on the spot. */
  private sync_(f: (...a: never[]) => number): Imp {
    return (...a: never[]) => {
      try {
        return f(...a);
      } catch (e) {
        if (e instanceof RangeError) return E.FAULT;
        throw e;
      }
    };
  }

  // -- the imports

  private wasiImports(): Record<string, Imp> {
    const s = this.sys;
    const A = (f: (...a: never[]) => Result) => this.async_(f);
    const S = (f: (...a: never[]) => number) => this.sync_(f);
    const ext = <K extends keyof WasiSyscalls>(k: K) => (typeof s[k] === "function" ? (s[k] as (...a: unknown[]) => unknown).bind(s) : null);
    const imports: Record<string, Imp> = {
      args_sizes_get: S((argc: number, size: number) => {
        this.setU32(argc, this.args.length);
        this.setU32(size, this.args.reduce((n, a) => n + a.length, 0));
        return 0;
      }),
      args_get: S((argv: number, buf: number) => this.strings(this.args, argv, buf)),
      environ_sizes_get: S((count: number, size: number) => {
        this.setU32(count, this.env.length);
        this.setU32(size, this.env.reduce((n, a) => n + a.length, 0));
        return 0;
      }),
      environ_get: S((envp: number, buf: number) => this.strings(this.env, envp, buf)),
      clock_res_get: S((id: number, out: number) => {
        if (id < 0 || id > 3) return E.INVAL;
        this.setU64(out, 1n);
        return 0;
      }),
      clock_time_get: S((id: number, _precision: bigint, out: number) => {
        const t = this.now(id);
        if (t === null) return E.INVAL;
        this.setU64(out, t);
        return 0;
      }),

      fd_write: A((fd: number, iovs: number, n: number, nPtr: number) =>
        then(s.write(fd, this.gather(iovs, n)), (r) => this.wrote(nPtr, r))),
      fd_pwrite: A((fd: number, iovs: number, n: number, off: bigint, nPtr: number) =>
        then(s.pwrite(fd, this.gather(iovs, n), Number(off)), (r) => this.wrote(nPtr, r))),
      fd_read: A((fd: number, iovs: number, n: number, nPtr: number) => this.readInto(iovs, n, nPtr, (b) => s.read(fd, b))),
      fd_pread: A((fd: number, iovs: number, n: number, off: bigint, nPtr: number) =>
        this.readInto(iovs, n, nPtr, (b) => s.pread(fd, b, Number(off)))),
      fd_seek: A((fd: number, off: bigint, whence: number, out: number) => {
        if (whence > 2) return E.INVAL;
        return then(s.lseek(fd, Number(off), whence), (r) => this.seeked(out, r));
      }),
      fd_tell: A((fd: number, out: number) => then(s.lseek(fd, 0, SEEK_CUR), (r) => this.seeked(out, r))),
      fd_close: A((fd: number) => {
        this.dirs.delete(fd);
        return then(s.close(fd), (r) => {
          if (r >= 0 && fd === this.preopenFd) this.preopenFd = -1;
          return wasiErrno(r);
        });
      }),
      fd_renumber: A((from: number, to: number) => {
        if (from === to) return this.fstat(from) === null ? E.BADF : 0;
        const r = s.dup2(from, to);
        if (r < 0) return wasiErrno(r);
        this.dirs.delete(to);
        if (to === this.preopenFd) this.preopenFd = -1;
        if (from === this.preopenFd) this.preopenFd = to;
        this.dirs.delete(from);
        return then(s.close(from), (c) => wasiErrno(c));
      }),
      fd_sync: A((fd: number) => this.fsync(fd)),
      fd_datasync: A((fd: number) => this.fsync(fd)),
      fd_advise: S((fd: number) => (this.fstat(fd) === null ? E.BADF : 0)),
      fd_allocate: A((fd: number, off: bigint, len: bigint) => {
        const st = s.fstat(fd);
        if (typeof st === "number") return wasiErrno(st);
        const end = Number(off + len);
        if (end <= st.size) return 0;
        const truncate = ext("ftruncate");
        if (!truncate) return E.NOSYS;
        return then(truncate(fd, end) as Result, wasiErrno);
      }),
      fd_fdstat_get: S((fd: number, out: number) => {
        const st = s.fstat(fd);
        if (typeof st === "number") return wasiErrno(st);
        const f = s.file(fd);
        const flags = f?.flags ?? O_RDWR;
        const acc = flags & O_ACCMODE;
        let rights = RIGHTS.ALL;
        if (acc === O_RDONLY) rights &= ~(RIGHTS.FD_WRITE | RIGHTS.FD_DATASYNC | RIGHTS.FD_ALLOCATE | RIGHTS.FD_FILESTAT_SET_SIZE);
        if (acc === O_WRONLY) rights &= ~(RIGHTS.FD_READ | RIGHTS.FD_READDIR);
        const type = st.mode & S_IFMT;
        if (isTty(st) || type === S_IFIFO || type === S_IFSOCK) rights &= ~(RIGHTS.FD_SEEK | RIGHTS.FD_TELL);
        let fdflags = 0;
        if (flags & O_APPEND) fdflags |= FDFLAGS.APPEND;
        if (flags & O_NONBLOCK) fdflags |= FDFLAGS.NONBLOCK;
        if (flags & O__SYNC) fdflags |= FDFLAGS.SYNC | FDFLAGS.RSYNC;
        else if (flags & O_DSYNC) fdflags |= FDFLAGS.DSYNC;
        const dv = this.view();
        dv.setUint8(out, filetype(st.mode));
        dv.setUint16(out + 2, fdflags, true);
        dv.setBigUint64(out + 8, rights, true);
        dv.setBigUint64(out + 16, RIGHTS.ALL, true);
        return 0;
      }),
      fd_fdstat_set_flags: S((fd: number, fdflags: number) => {
        const f = s.file(fd);
        if (!f) return E.BADF;
        // fcntl(F_SETFL) changes only O_APPEND and O_NONBLOCK (and O_ASYNC, O_DIRECT, O_NOATIME).
        f.flags = (f.flags & ~(O_APPEND | O_NONBLOCK)) | (fdflags & FDFLAGS.APPEND ? O_APPEND : 0) | (fdflags & FDFLAGS.NONBLOCK ? O_NONBLOCK : 0);
        return 0;
      }),
      fd_fdstat_set_rights: S((fd: number) => (this.fstat(fd) === null ? E.BADF : 0)),
      fd_filestat_get: S((fd: number, out: number) => {
        const st = s.fstat(fd);
        if (typeof st === "number") return wasiErrno(st);
        this.statOut(out, st);
        return 0;
      }),
      fd_filestat_set_size: A((fd: number, size: bigint) => {
        const truncate = ext("ftruncate");
        return truncate ? then(truncate(fd, Number(size)) as Result, wasiErrno) : E.NOSYS;
      }),
      fd_filestat_set_times: A((fd: number, atim: bigint, mtim: bigint, fst: number) => this.utimens(fd, atim, mtim, fst, true)),
      fd_prestat_get: S((fd: number, out: number) => {
        if (fd === this.preopenFd) {
          this.setU32(out, PREOPEN_DIR);
          this.setU32(out + 4, 1);
          return 0;
        }
        // Inherited fds below the preopen: valid, but not preopened directories.
        if (fd >= 3 && fd < this.preopenFd && this.fstat(fd) !== null) {
          this.setU32(out, PREOPEN_NONE);
          this.setU32(out + 4, 0);
          return 0;
        }
        return E.BADF;
      }),
      fd_prestat_dir_name: S((fd: number, ptr: number, len: number) => {
        if (fd !== this.preopenFd) return E.BADF;
        if (len < 1) return E.NAMETOOLONG;
        this.mem()[ptr] = 0x2f; // "/"
        return 0;
      }),
      fd_readdir: A((fd: number, buf: number, len: number, cookie: bigint, usedPtr: number) => {
        const cached = cookie === 0n ? undefined : this.dirs.get(fd);
        if (cached) return this.fillDir(cached, buf, len, cookie, usedPtr);
        const getdents = ext("getdents");
        if (!getdents) return E.NOSYS;
        const done = (r: DirEntry[] | number): number => {
          if (typeof r === "number") return wasiErrno(r);
          this.dirs.set(fd, r);
          return this.fillDir(r, buf, len, cookie, usedPtr);
        };
        const r = getdents(fd) as DirEntry[] | number | Promise<DirEntry[] | number>;
        return r instanceof Promise ? r.then(done) : done(r);
      }),

      path_open: A((dirfd: number, dirflags: number, ptr: number, len: number, oflags: number, base: bigint, _inh: bigint, fdflags: number, fdPtr: number) => {
        const path = this.resolve(dirfd, ptr, len);
        if (typeof path === "number") return wasiErrno(path);
        const rd = (BigInt(base) & (RIGHTS.FD_READ | RIGHTS.FD_READDIR)) !== 0n;
        const wr = (BigInt(base) & RIGHTS.FD_WRITE) !== 0n;
        let flags = rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
        if (oflags & OFLAGS.CREAT) flags |= O_CREAT;
        if (oflags & OFLAGS.DIRECTORY) flags |= O_DIRECTORY;
        if (oflags & OFLAGS.EXCL) flags |= O_EXCL;
        if (oflags & OFLAGS.TRUNC) flags |= O_TRUNC;
        if (fdflags & FDFLAGS.APPEND) flags |= O_APPEND;
        if (fdflags & FDFLAGS.NONBLOCK) flags |= O_NONBLOCK;
        if (fdflags & (FDFLAGS.SYNC | FDFLAGS.RSYNC)) flags |= O__SYNC | O_DSYNC;
        else if (fdflags & FDFLAGS.DSYNC) flags |= O_DSYNC;
        if (!(dirflags & LOOKUP_SYMLINK_FOLLOW)) flags |= O_NOFOLLOW;
        return then(s.open(path, flags, 0o666), (fd) => {
          if (fd < 0) return wasiErrno(fd);
          this.dirs.delete(fd);
          this.setU32(fdPtr, fd);
          return 0;
        });
      }),
      path_filestat_get: S((dirfd: number, flags: number, ptr: number, len: number, out: number) => {
        const path = this.resolve(dirfd, ptr, len);
        if (typeof path === "number") return wasiErrno(path);
        const st = flags & LOOKUP_SYMLINK_FOLLOW ? s.stat(path) : s.lstat(path);
        if (typeof st === "number") return wasiErrno(st);
        this.statOut(out, st);
        return 0;
      }),
      path_filestat_set_times: A((dirfd: number, flags: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number) => {
        const path = this.resolve(dirfd, ptr, len);
        if (typeof path === "number") return wasiErrno(path);
        return this.utimens(path, atim, mtim, fst, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0);
      }),
      path_create_directory: A((dirfd: number, ptr: number, len: number) => this.pathOp("mkdir", dirfd, ptr, len, 0o777)),
      path_remove_directory: A((dirfd: number, ptr: number, len: number) => this.pathOp("rmdir", dirfd, ptr, len)),
      path_unlink_file: A((dirfd: number, ptr: number, len: number) => this.pathOp("unlink", dirfd, ptr, len)),
      path_rename: A((fd1: number, p1: number, l1: number, fd2: number, p2: number, l2: number) => {
        const rename = ext("rename");
        if (!rename) return E.NOSYS;
        const a = this.resolve(fd1, p1, l1);
        const b = this.resolve(fd2, p2, l2);
        if (typeof a === "number") return wasiErrno(a);
        if (typeof b === "number") return wasiErrno(b);
        return then(rename(a, b) as Result, wasiErrno);
      }),
      path_symlink: A((p1: number, l1: number, dirfd: number, p2: number, l2: number) => {
        const symlink = ext("symlink");
        if (!symlink) return E.NOSYS;
        const link = this.resolve(dirfd, p2, l2);
        if (typeof link === "number") return wasiErrno(link);
        return then(symlink(this.str(p1, l1), link) as Result, wasiErrno);
      }),
      path_link: A((fd1: number, flags: number, p1: number, l1: number, fd2: number, p2: number, l2: number) => {
        const link = ext("link");
        if (!link) return E.NOSYS;
        const a = this.resolve(fd1, p1, l1);
        const b = this.resolve(fd2, p2, l2);
        if (typeof a === "number") return wasiErrno(a);
        if (typeof b === "number") return wasiErrno(b);
        return then(link(a, b, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0) as Result, wasiErrno);
      }),
      path_readlink: A((dirfd: number, ptr: number, len: number, buf: number, bufLen: number, usedPtr: number) => {
        const readlink = ext("readlink");
        if (!readlink) return E.NOSYS;
        const path = this.resolve(dirfd, ptr, len);
        if (typeof path === "number") return wasiErrno(path);
        const done = (r: string | number): number => {
          if (typeof r === "number") return wasiErrno(r);
          const bytes = enc.encode(r).subarray(0, bufLen);
          this.mem().set(bytes, buf);
          this.setU32(usedPtr, bytes.length);
          return 0;
        };
        const r = readlink(path) as string | number | Promise<string | number>;
        return r instanceof Promise ? r.then(done) : done(r);
      }),

      poll_oneoff: A((inPtr: number, outPtr: number, nsubs: number, nPtr: number) => this.poll(inPtr, outPtr, nsubs, nPtr)),
      proc_exit: (code: number) => {
        throw new WasiExit(code);
      },
      proc_raise: S((sig: number) => wasiErrno(s.kill(this.p.pid, linuxSignal(sig)))),
      sched_yield: A(() => {
        const y = ext("yield");
        return then((y ? y() : s.sleep(0n)) as Result, () => 0);
      }),
      random_get: S((buf: number, len: number) => {
        const m = this.mem();
        if (buf + len > m.length) return E.FAULT;
        let x = this.rng;
        for (let i = 0; i < len; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          m[buf + i] = x & 0xff;
        }
        this.rng = x >>> 0;
        return 0;
      }),
      sock_accept: S(() => E.NOTSOCK),
      sock_recv: S(() => E.NOTSOCK),
      sock_send: S(() => E.NOTSOCK),
      sock_shutdown: S(() => E.NOTSOCK),
    };
    return imports;
  }

  private kemuImports(): Record<string, Imp> {
    return {
      getcwd: this.sync_((buf: number, len: number) => {
        const b = enc.encode(`${this.sys.getcwd()}\0`);
        if (b.length > len) return -ERANGE;
        this.mem().set(b, buf);
        return b.length - 1;
      }),
      chdir: this.sync_((ptr: number) => this.sys.chdir(this.cstr(ptr))),
      getpid: this.sync_(() => this.sys.getpid()),
      ioctl: this.async_((fd: number, cmd: number, argp: number) => this.ioctl(fd, cmd >>> 0, argp >>> 0)),
    };
  }

  /**
   * ioctl(fd, cmd, arg) of the program: an _IOR/_IOW/_IOWR argument (a direction and a size in
   * cmd) at or above mmap_min_addr is a pointer: the driver gets a window holding _IOC_SIZE
   * bytes there (and up to IOCTL_SPAN more that a write-direction command may read, such as
   * a string), and _IOC_READ commands get their _IOC_SIZE bytes copied back. Anything else
   * goes through as a number, so the driver's copy_*_user on it faults (-EFAULT).
   * Returns the result, or -(WASI errno).
   */
  private ioctl(fd: number, cmd: number, argp: number): Result {
    const ioctl = this.sys.ioctl;
    if (!ioctl) return -E.NOSYS;
    const dir = (cmd >>> 30) & 3;
    const size = (cmd >>> 16) & 0x3fff;
    const m = this.mem();
    const ret = (r: number) => (r < 0 ? -wasiErrno(r) : r);
    if (dir === 0 || size === 0 || argp < MMAP_MIN_ADDR || argp + size > m.length) {
      return then(ioctl.call(this.sys, fd, cmd, argp) as Result, ret);
    }
    const span = dir & 1 ? Math.min(m.length - argp, Math.max(size, IOCTL_SPAN)) : size;
    const buf = m.slice(argp, argp + span);
    return then(ioctl.call(this.sys, fd, cmd, buf) as Result, (r) => {
      if (dir & 2) this.mem().set(buf.subarray(0, size), argp);
      return ret(r);
    });
  }

  private strings(list: Uint8Array[], ptrs: number, buf: number): number {
    const m = this.mem();
    let off = buf;
    list.forEach((a, i) => {
      this.setU32(ptrs + 4 * i, off);
      m.set(a, off);
      off += a.length;
    });
    return 0;
  }

  private now(id: number): bigint | null {
    if (id === CLOCK.REALTIME) return this.sys.clockRealtime();
    if (id === CLOCK.MONOTONIC || id === CLOCK.PROCESS_CPUTIME || id === CLOCK.THREAD_CPUTIME) return this.sys.clockMonotonic();
    return null;
  }

  private fstat(fd: number): Stat | null {
    const st = this.sys.fstat(fd);
    return typeof st === "number" ? null : st;
  }

  private fsync(fd: number): Result {
    const fsync = this.sys.fsync;
    if (fsync) return then(fsync.call(this.sys, fd), wasiErrno);
    return this.fstat(fd) === null ? E.BADF : 0;
  }

  private pathOp(op: "mkdir" | "rmdir" | "unlink", dirfd: number, ptr: number, len: number, mode = 0): Result {
    const fn = this.sys[op];
    if (typeof fn !== "function") return E.NOSYS;
    const path = this.resolve(dirfd, ptr, len);
    if (typeof path === "number") return wasiErrno(path);
    return then((fn as (p: string, m: number) => Result).call(this.sys, path, mode), wasiErrno);
  }

  private utimens(target: string | number, atim: bigint, mtim: bigint, fst: number, follow: boolean): Result {
    const utimens = this.sys.utimens;
    if (!utimens) return E.NOSYS;
    const a = fst & FSTFLAGS.ATIM_NOW ? "now" : fst & FSTFLAGS.ATIM ? BigInt(atim) : null;
    const m = fst & FSTFLAGS.MTIM_NOW ? "now" : fst & FSTFLAGS.MTIM ? BigInt(mtim) : null;
    return then(utimens.call(this.sys, target, a, m, follow), wasiErrno);
  }

  /** __wasi_dirent_t records from `cookie` on, the last one cut at the buffer's end (libc retries). */
  private fillDir(entries: DirEntry[], buf: number, len: number, cookie: bigint, usedPtr: number): number {
    const out = new Uint8Array(len);
    let off = 0;
    for (let i = Number(cookie); i < entries.length && off < len; i++) {
      const name = enc.encode(entries[i].name);
      const rec = new Uint8Array(24 + name.length);
      const rv = new DataView(rec.buffer);
      rv.setBigUint64(0, BigInt(i + 1), true);
      rv.setBigUint64(8, BigInt(entries[i].ino), true);
      rv.setUint32(16, name.length, true);
      const t = entries[i].type;
      rv.setUint8(20, t ? filetype(t < 16 ? t << 12 : t) : FILETYPE.UNKNOWN);
      rec.set(name, 24);
      const k = Math.min(rec.length, len - off);
      out.set(rec.subarray(0, k), off);
      off += k;
    }
    this.mem().set(out.subarray(0, off), buf);
    this.setU32(usedPtr, off);
    return 0;
  }

  /**
   * Clock subscriptions sleep on the virtual clock (p.sys.sleep) until the earliest one is due.
   * fd subscriptions go to p.sys.poll when the process has it (with the earliest clock as its
   * timeout); without it they are reported ready at once (the read or write that follows blocks).
   */
  private poll(inPtr: number, outPtr: number, nsubs: number, nPtr: number): Result {
    if (nsubs === 0) return E.INVAL;
    const dv = this.view();
    interface Sub { userdata: bigint; tag: number; fd: number; due: bigint; error: number; hangup: boolean }
    const subs: Sub[] = [];
    for (let i = 0; i < nsubs; i++) {
      const b = inPtr + 48 * i;
      const userdata = dv.getBigUint64(b, true);
      const tag = dv.getUint8(b + 8);
      if (tag === EVENTTYPE.CLOCK) {
        const id = dv.getUint32(b + 16, true);
        const timeout = dv.getBigUint64(b + 24, true);
        const flags = dv.getUint16(b + 40, true);
        const now = this.now(id);
        if (now === null) return E.INVAL;
        const rel = flags & SUBCLOCK_ABSTIME ? timeout - now : timeout;
        subs.push({ userdata, tag, fd: -1, due: rel < 0n ? 0n : rel, error: 0, hangup: false });
      } else if (tag === EVENTTYPE.FD_READ || tag === EVENTTYPE.FD_WRITE) {
        const fd = dv.getUint32(b + 16, true);
        subs.push({ userdata, tag, fd, due: 0n, error: this.fstat(fd) === null ? E.BADF : 0, hangup: false });
      } else {
        return E.INVAL;
      }
    }
    const report = (ready: Sub[]) => {
      const v = this.view();
      ready.forEach((sub, i) => {
        const o = outPtr + 32 * i;
        for (let k = 0; k < 32; k += 8) v.setBigUint64(o + k, 0n, true);
        v.setBigUint64(o, sub.userdata, true);
        v.setUint16(o + 8, sub.error, true);
        v.setUint8(o + 10, sub.tag);
        if (sub.hangup) v.setUint16(o + 24, 1, true); // __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP
      });
      this.setU32(nPtr, ready.length);
      return 0;
    };
    const clocks = subs.filter((x) => x.tag === EVENTTYPE.CLOCK);
    const fds = subs.filter((x) => x.tag !== EVENTTYPE.CLOCK);
    const min = clocks.length ? clocks.reduce((m, x) => (x.due < m ? x.due : m), clocks[0].due) : null;
    const dueClocks = () => clocks.filter((x) => x.due === min);
    const pollFn = this.sys.poll;
    if (fds.length && pollFn && !fds.some((x) => x.error)) {
      const POLLIN = 0x001, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010, POLLNVAL = 0x020;
      const pfds = fds.map((x) => ({ fd: x.fd, events: x.tag === EVENTTYPE.FD_READ ? POLLIN : POLLOUT, revents: 0 }));
      const timeoutMs = min === null ? -1 : Number((min + 999_999n) / 1_000_000n);
      return then(pollFn.call(this.sys, pfds, timeoutMs), (n) => {
        // files the kernel cannot wait on (pipes): ready at once, the read that follows blocks
        if (n === -ENOSYS) return report(fds);
        if (n < 0) return wasiErrno(n);
        if (n === 0) return report(min === null ? [] : dueClocks());
        const ready: Sub[] = [];
        fds.forEach((x, i) => {
          const r = pfds[i].revents;
          if (!r) return;
          if (r & POLLNVAL) x.error = E.BADF;
          else if (r & POLLERR && !(r & (POLLIN | POLLOUT))) x.error = E.IO;
          x.hangup = (r & POLLHUP) !== 0;
          ready.push(x);
        });
        return report(ready);
      });
    }
    if (fds.length) return report(fds);
    if (min === 0n) return report(dueClocks());
    return then(this.sys.sleep(min!), (r) => (r < 0 ? wasiErrno(r) : report(dueClocks())));
  }

  // -- running

  private async say(text: string): Promise<void> {
    await this.sys.write(2, enc.encode(text));
  }

  async run(prep: Prepared): Promise<number> {
    // The root directory as a real fd: wasi-libc resolves every absolute (and, through its own
    // cwd, every relative) path against a preopened directory.
    this.preopenFd = await this.openRoot();
    const ownPreopen = this.preopenFd;
    try {
      const instance = await WebAssembly.instantiate(prep.module, {
        [WASI_MODULE]: this.wasiImports(),
        [KEMU_MODULE]: this.kemuImports(),
      });
      this.x = instance.exports as unknown as Record<string, (...a: number[]) => number>;
      this.memory = instance.exports.memory as WebAssembly.Memory;
      this.canUnwind = prep.asyncify;
      if (prep.asyncify) {
        if (prep.helper) {
          this.asyncBuf = this.x[ASYNCIFY_BUF_EXPORT]();
          this.asyncBufSize = this.x[ASYNCIFY_BUF_SIZE_EXPORT]?.() ?? 16384;
        } else {
          // A page past everything malloc knows of (its heap ends at the initial memory's end).
          this.asyncBuf = this.memory.grow(1) * 65536;
          this.asyncBufSize = 65536;
        }
      }
      const code = await this.start();
      await this.sys.exitFiles?.();
      return code;
    } catch (e) {
      if (e instanceof WasiExit) {
        await this.sys.exitFiles?.();
        return e.code & 0xff;
      }
      if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
        let t = trapSignal(e);
        if (this.pending && e instanceof WebAssembly.RuntimeError && /unreachable/.test(e.message)) {
          // asyncify traps when the frames to save do not fit: a stack overflow of sorts.
          const kib = Math.round(this.asyncBufSize / 1024);
          t = { sig: 11, name: "SIGSEGV", what: `stack overflow: too deep to suspend (the ${kib} KiB asyncify save area is full)` };
        }
        await this.say(`kemu: ${this.name}: wasm trap: ${t.what}${wasmBacktrace(e)} (${t.name})\n`);
        return 128 + t.sig;
      }
      if (e instanceof WebAssembly.LinkError) {
        await this.say(`${this.name}: cannot execute binary file: Exec format error (${e.message})\n`);
        return 126;
      }
      throw e;
    } finally {
      if (ownPreopen >= 0 && this.preopenFd === ownPreopen) {
        try {
          await this.sys.close(ownPreopen);
        } catch {
          // a process being torn down: its fds go with it
        }
      }
    }
  }

  private async start(): Promise<number> {
    const start = this.x._start;
    for (;;) {
      start();
      if (!this.pending) return 0;
      this.x.asyncify_stop_unwind();
      const pr = this.pending;
      this.resumeValue = await pr;
      this.pending = null;
      this.rewinding = true;
      this.x.asyncify_start_rewind(this.asyncBuf);
    }
  }

  /** open("/", O_DIRECTORY) at fd >= 3 (fds 0-2 are stdio even when closed); -1 without one. */
  private async openRoot(): Promise<number> {
    const held: number[] = [];
    let fd = await this.sys.open("/", O_RDONLY | O_DIRECTORY);
    while (fd >= 0 && fd < 3) {
      held.push(fd);
      fd = this.sys.dup(fd);
    }
    for (const h of held) await this.sys.close(h);
    return fd >= 0 ? fd : -1;
  }
}

/**
 * Run a wasm32-wasi command as process `p`; resolves to its exit status (0-255). A module that is
 * not a WASI command (no _start, foreign imports, not wasm) writes an "Exec format error" line on
 * fd 2 and returns 126; a trap writes a line and returns 128 + the signal Linux would deliver
 * (SIGSEGV for out-of-bounds accesses, SIGABRT for unreachable/abort()). Exceptions from p.sys
 * (a killed process) propagate.
 */
export async function runWasi(bytes: Uint8Array, p: UserProcess, opts: RunWasiOptions = {}): Promise<number> {
  const name = opts.name ?? p.argv[0] ?? "wasi";
  const prep = await prepare(bytes);
  const seed = opts.seed ?? Math.imul(p.pid + 1, 0x9e3779b1) ^ 0x5bd1e995;
  const run = new WasiRun(p, name, seed);
  if (typeof prep === "string") {
    await p.sys.write(2, enc.encode(`${name}: cannot execute binary file: Exec format error (${prep})\n`));
    return 126;
  }
  return run.run(prep);
}

/** A ProgramMain for one program's bytes (what exec installs for a wasm file). */
export function wasiProgram(bytes: Uint8Array, opts: RunWasiOptions = {}): ProgramMain {
  return (p) => runWasi(bytes, p, opts);
}

/** Compile (and asyncify if needed) ahead of the first exec; returns the reason it cannot run, or null. */
export async function preloadWasi(bytes: Uint8Array): Promise<string | null> {
  const prep = await prepare(bytes);
  return typeof prep === "string" ? prep : null;
}
