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
  read(fd: number, buf: Uint8Array): Promise<number>;
  write(fd: number, data: Uint8Array): Promise<number>;
  pread(fd: number, buf: Uint8Array, pos: number): Promise<number>;
  pwrite(fd: number, data: Uint8Array, pos: number): Promise<number>;
  lseek(fd: number, offset: number, whence: number): number;
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
