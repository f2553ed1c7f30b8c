// kemu: include/linux/fs.h and include/uapi/linux/stat.h for the TS half: inode modes, stat,
// open flags and the operations a file's owner (ramfs, /proc, a device, the host) provides.
// File operations may return a Promise: a read that must block suspends the calling process.

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_CLOEXEC = 0o2000000;

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;

/** struct stat / statx as user space sees it; times are virtual-clock ns since the epoch. */
export interface Stat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/** One open file description (struct file): shared by dup()ed fds and forked children. */
export interface OpenFile {
  readonly path: string;
  readonly inode: unknown;
  flags: number;
  pos: number;
  /** the file's owner keeps per-open state here (file->private_data) */
  privateData?: unknown;
  /** open fds referring to this description; the last close() calls release */
  refs: number;
}

/**
 * struct file_operations for TS-backed files. Each returns bytes done or a negative errno;
 * a Promise means the caller blocks (the process task sleeps) until it settles.
 */
export interface FileOps {
  open?(f: OpenFile): number | Promise<number>;
  /** explicit: pread/pwrite (pos is the caller's, f.pos stays) */
  read?(f: OpenFile, buf: Uint8Array, pos: number, explicit?: boolean): number | Promise<number>;
  write?(f: OpenFile, data: Uint8Array, pos: number, explicit?: boolean): number | Promise<number>;
  /** returns the new position or -errno (the owner keeps f.pos); absent = default_llseek with the inode's size */
  llseek?(f: OpenFile, offset: number, whence: number): number | Promise<number>;
  release?(f: OpenFile): void | Promise<void>;
  /** size reported by stat (procfs files report 0) */
  size?(): number;
}

// ---- added with the VFS (issue 5) ----
import type { Inode } from "./inode.js";

export interface FileOps {
  /**
   * true when read/write move f.pos themselves (a C driver updating *ppos, a stream such as a
   * pipe that has no position); otherwise the VFS advances f.pos by the bytes done.
   */
  managesPos?: boolean;
}

// ---- added with char devices (issue 6) ----
export interface FileOps {
  /**
   * ioctl(2) (unlocked_ioctl): `arg` as a number, or `user`, a buffer the driver reads and
   * writes through the pointer it is given. Absent: -ENOTTY.
   */
  ioctl?(f: OpenFile, cmd: number, arg: number, user?: Uint8Array): number | Promise<number>;
}

/**
 * A directory whose entries are made on demand (/proc, /proc/<pid>, /proc/sys), as procfs's
 * lookup/readdir inode operations do. lookup returns the entry (undefined: ENOENT); list gives
 * the names readdir shows after "." and "..", in that order.
 */
export interface DirOps {
  lookup(name: string): Inode | undefined;
  list(): string[];
}
