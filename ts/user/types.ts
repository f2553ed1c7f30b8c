// kemu: what a user-space program sees of its process: argv, env, cwd, fds and the system calls
// it can make. Built-in programs, the shell and WASI programs all run against this interface.
// Every call that can block returns a Promise: the process task sleeps until it settles.
import type { OpenFile, Stat } from "../fs/types.js";

/** Result of a call: a value, or a negative errno. */
export type SysResult<T> = T | number;

export interface SpawnOptions {
  /** argv[0] included */
  argv: string[];
  /** "NAME=value" strings, in order */
  envp: string[];
  cwd?: string;
  /** child fd -> parent fd to share (default: 0,1,2 inherited) */
  fds?: Map<number, number>;
  /** name shown by ps (default: basename of the path, cut to 15 chars) */
  comm?: string;
}

/** The system calls of a process. fd numbers are per process; paths resolve against cwd. */
export interface Syscalls {
  getpid(): number;
  getppid(): number;
  open(path: string, flags: number, mode?: number): Promise<number>;
  close(fd: number): Promise<number>;
  /** a number when the call did not block (then no Promise round trip is paid) */
  read(fd: number, buf: Uint8Array): number | Promise<number>;
  write(fd: number, data: Uint8Array): number | Promise<number>;
  pread(fd: number, buf: Uint8Array, pos: number): number | Promise<number>;
  pwrite(fd: number, data: Uint8Array, pos: number): number | Promise<number>;
  lseek(fd: number, offset: number, whence: number): number | Promise<number>;
  dup(fd: number): number;
  dup2(fd: number, to: number): number;
  /** a pipe: [read fd, write fd] */
  pipe(): SysResult<[number, number]>;
  fstat(fd: number): SysResult<Stat>;
  stat(path: string): SysResult<Stat>;
  lstat(path: string): SysResult<Stat>;
  /** the OpenFile behind an fd (for WASI fd tables and the shell adapter) */
  file(fd: number): OpenFile | undefined;
  chdir(path: string): number;
  getcwd(): string;
  /** fork+execve: start `path` as a child; returns its pid or -errno (-ENOENT, -EACCES, -ENOEXEC) */
  spawn(path: string, opts: SpawnOptions): Promise<number>;
  /** wait4(): the raw wait status (exit n -> n << 8, killed by signal s -> s) */
  waitpid(pid: number): Promise<number>;
  kill(pid: number, sig: number): number;
  /** nanosleep() on the virtual clock */
  sleep(ns: bigint): Promise<number>;
  /** virtual CLOCK_REALTIME / CLOCK_MONOTONIC in ns */
  clockRealtime(): bigint;
  clockMonotonic(): bigint;
}

/** A running process as its program sees it. */
export interface UserProcess {
  readonly pid: number;
  readonly argv: string[];
  readonly envp: string[];
  readonly sys: Syscalls;
}

/** A program's main: resolves to the exit status (0-255). */
export type ProgramMain = (p: UserProcess) => Promise<number>;

/** One directory entry as getdents64() returns it. */
export interface DirEntry {
  name: string;
  ino: number;
  /** d_type (DT_DIR = S_IFDIR >> 12 ...) or the S_IF* bits; 0: unknown (callers lstat() it) */
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

/**
 * The file system calls the shell and the WASI runner use beyond Syscalls. Every one is
 * optional: both answer ENOSYS for a missing one. Each returns a value or a negative errno; a
 * Promise means it may block.
 */
export interface SyscallsExt {
  /**
   * Every entry of the open directory `fd`, "." and ".." included, in a stable order (the WASI
   * runner serves fd_readdir cookies as indexes into it). -ENOTDIR for a non-directory.
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
  /** chmod(path, mode): the permission bits (07777) of the file a path names, following symlinks */
  chmod?(path: string, mode: number): Maybe<number>;
  ftruncate?(fd: number, length: number): Maybe<number>;
  /**
   * utimensat()/futimens(): `null` leaves a time unchanged (UTIME_OMIT), "now" sets the current
   * virtual time (UTIME_NOW); `target` is a path or an fd; `follow` follows a final symlink.
   */
  utimens?(target: string | number, atimeNs: bigint | "now" | null, mtimeNs: bigint | "now" | null, follow: boolean): Maybe<number>;
  fsync?(fd: number): Maybe<number>;
  /**
   * poll(): fills each entry's revents; resolves with how many entries have a non-zero revents
   * (0 on timeout) or -errno; timeoutMs < 0 waits forever. Without it the shell does one
   * blocking read (sh/spawn.ts) and poll_oneoff reports every fd ready at once.
   */
  poll?(fds: PollFd[], timeoutMs: number): Promise<number>;
  /**
   * ioctl(): `arg` a number (passed as is) or a buffer the driver reads and writes through the
   * pointer it gets (an _IOR/_IOW/_IOWR argument). Returns the driver's value or -errno
   * (-ENOTTY when nobody handles cmd).
   */
  ioctl?(fd: number, cmd: number, arg?: number | Uint8Array): Maybe<number>;
  /** the program ended on its own: close the files whose release is kernel code, as exit does */
  exitFiles?(): Promise<void>;
  /** sched_yield(): let other runnable tasks run */
  yield?(): Promise<number>;
}

/** A process's system calls with whichever extensions it implements. */
export type ExtSyscalls = Syscalls & SyscallsExt;
