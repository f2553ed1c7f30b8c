// kemu: system calls WASI programs need beyond ts/user/types.ts's Syscalls (getdents64, mkdir,
// unlink, rmdir, rename, symlink, link, readlink, ftruncate, utimensat, fsync, poll, sched_yield);
// the shell's ts/user/sh/syscalls-ext.ts has the same signatures. A process's
// `sys` may implement any of them; the WASI runner answers ENOSYS for the ones it lacks.
// Each returns a value or a negative errno; a Promise means the call may block.
import type { SysResult, Syscalls } from "../types.js";

/** One directory entry as getdents64() returns it. */
export interface DirEntry {
  name: string;
  ino: number;
  /** d_type (DT_DIR = S_IFDIR >> 12 ...) or the S_IF* bits; 0: unknown */
  type: number;
}

/** struct pollfd (the same shape as ts/user/sh/syscalls-ext.ts's) */
export interface PollFd {
  fd: number;
  /** POLLIN / POLLOUT wanted */
  events: number;
  /** set by poll(): POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL */
  revents: number;
}

type Maybe<T> = T | Promise<T>;

export interface SyscallsExt {
  /**
   * Every entry of the open directory `fd`, "." and ".." included, in a stable order (the
   * runner keeps the list per fd and serves fd_readdir cookies as indexes into it; it asks again
   * when a program rewinds, i.e. reads from cookie 0). -ENOTDIR when fd is not a directory.
   */
  getdents?(fd: number): Maybe<SysResult<DirEntry[]>>;
  mkdir?(path: string, mode: number): Maybe<number>;
  rmdir?(path: string): Maybe<number>;
  unlink?(path: string): Maybe<number>;
  rename?(from: string, to: string): Maybe<number>;
  /** symlink(target, linkpath) */
  symlink?(target: string, linkpath: string): Maybe<number>;
  /** link(existing, newpath); `follow` is AT_SYMLINK_FOLLOW */
  link?(existing: string, newpath: string, follow: boolean): Maybe<number>;
  readlink?(path: string): Maybe<SysResult<string>>;
  ftruncate?(fd: number, length: number): Maybe<number>;
  /**
   * utimensat()/futimens(): `null` leaves a time unchanged (UTIME_OMIT), "now" sets the current
   * virtual time (UTIME_NOW). `target` is a path (resolved like stat, following symlinks when
   * `follow`) or an fd.
   */
  utimens?(target: string | number, atimeNs: bigint | "now" | null, mtimeNs: bigint | "now" | null, follow: boolean): Maybe<number>;
  fsync?(fd: number): Maybe<number>;
  /**
   * poll(): fills each entry's revents; resolves with how many entries have a non-zero revents
   * (0 on timeout) or -errno; timeoutMs < 0 waits forever. Without it, poll_oneoff reports every
   * fd ready at once (the read or write that follows blocks instead).
   */
  poll?(fds: PollFd[], timeoutMs: number): Promise<number>;
  /** sched_yield(): let other runnable tasks run. Without it the runner sleeps 0 ns. */
  yield?(): Promise<number>;
}

/** A process's system calls with whichever extensions it implements. */
export type WasiSyscalls = Syscalls & SyscallsExt;
