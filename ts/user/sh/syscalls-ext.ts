// kemu: the system calls the shell needs beyond ts/user/types.ts's Syscalls. The signatures are
// the same as ts/user/wasi/syscalls-ext.ts's (one implementation serves both) plus chmod() and
// poll(). Every one is optional: the shell answers ENOSYS for a missing one (and works without
// poll, see sh/spawn.ts). Each returns a value or a negative errno; a Promise means it may block.
import type { SysResult, Syscalls } from "../types.js";

/** One directory entry as getdents64() returns it. */
export interface DirEntry {
  name: string;
  ino: number;
  /** d_type (DT_DIR = S_IFDIR >> 12 ...) or the S_IF* bits; 0: unknown (the shell lstat()s it) */
  type: number;
}

/** struct pollfd */
export interface PollFd {
  fd: number;
  /** POLLIN / POLLOUT wanted */
  events: number;
  /** set by poll(): POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL */
  revents: number;
}

export const POLLIN = 0x001;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;

type Maybe<T> = T | Promise<T>;

export interface ShellSyscallsExt {
  /** every entry of the open directory `fd`, "." and ".." included; -ENOTDIR for a non-directory */
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
  /** chmod(path, mode): the permission bits (07777) of the file a path names, following symlinks */
  chmod?(path: string, mode: number): Maybe<number>;
  /**
   * utimensat(): `null` leaves a time unchanged (UTIME_OMIT), "now" sets the current virtual
   * time (UTIME_NOW); `target` is a path or an fd; `follow` follows a final symlink.
   */
  utimens?(target: string | number, atimeNs: bigint | "now" | null, mtimeNs: bigint | "now" | null, follow: boolean): Maybe<number>;
  /**
   * poll(): fills each entry's revents; resolves with how many entries have a non-zero revents
   * (0 on timeout) or -errno. timeoutMs < 0 waits forever. Only pipes need to be supported.
   */
  poll?(fds: PollFd[], timeoutMs: number): Promise<number>;
  /** sched_yield(): let other runnable tasks run (the shell calls it every few commands) */
  yield?(): Promise<number>;
}

/** The system calls the shell uses: Syscalls plus whichever extensions the process implements. */
export type ShellSyscalls = Syscalls & ShellSyscallsExt;
