// kemu: fs/open.c (do_sys_open with namei.c's O_CREAT rules, filp_close, truncate, chmod, chown,
// access). Everyone is root: only exec's x bits and read-only mounts refuse anything.
import {
  EACCES, EBADF, EEXIST, EINVAL, EISDIR, ELOOP, ENOENT, ENOTDIR, ENXIO, EROFS,
} from "../include/errno.js";
import {
  O_ACCMODE, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOCTTY, O_NOFOLLOW, O_RDWR, O_TRUNC, O_WRONLY,
  S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR, S_IFIFO, S_ISUID, S_ISGID,
} from "./types.js";
import type { FileOps, OpenFile } from "./types.js";
import { Inode, isDir, isReg } from "./inode.js";
import * as namei from "./namei.js";
import { childOf, walk, walkParent, LAST_NORM, MAXSYMLINKS } from "./namei.js";
import { vfsCreate } from "./namei_ops.js";
import { File, fileOps } from "./file.js";
import { PIPE_FOPS, fifoOpen } from "./pipe.js";
import { ramfsTruncate } from "./ramfs.js";

export const F_OK = 0;
export const X_OK = 1;
export const W_OK = 2;
export const R_OK = 4;

/** set by openCreate: the file did not exist (no O_TRUNC, no EEXIST) */
let created = false;

/**
 * open_last_lookups for O_CREAT: walks to the parent, creates the last component when missing
 * and follows a final symlink (creating its target, as Linux does) unless O_EXCL/O_NOFOLLOW.
 */
function openCreate(root: Inode, start: Inode, path: string, flags: number, mode: number): Inode | number {
  created = false;
  for (let hops = 0; ; hops++) {
    const dir = walkParent(root, start, path);
    if (typeof dir === "number") return dir;
    if (namei.lastType !== LAST_NORM) return flags & O_EXCL ? -EEXIST : -EISDIR;
    if (namei.lastSlash) return -EISDIR;
    const name = namei.lastName; // read before any lookup can reuse namei's results
    const child = childOf(dir, name);
    if (child === undefined) {
      const r = vfsCreate(dir, name, S_IFREG | mode, 0, undefined, -EACCES);
      if (typeof r !== "number") created = true;
      return r;
    }
    if (flags & O_EXCL) return -EEXIST;
    const target = child.target;
    if (target === undefined) return child;
    if (flags & O_NOFOLLOW || hops >= MAXSYMLINKS) return -ELOOP;
    if (target.length === 0) return -ENOENT;
    path = target;
    start = dir;
  }
}

function settle(f: File, r: number | Promise<number>): OpenFile | number | Promise<OpenFile | number> {
  if (typeof r === "number") return r < 0 ? r : f;
  return r.then((n) => (n < 0 ? n : f));
}

/**
 * The whole of open(2) but the fd. mode is already masked by the umask. chrdev finds a char
 * device's ops (chrdev_open). Returns the file, -errno, or a Promise when the open blocks (a
 * FIFO waiting for its other end, an ops.open that sleeps). O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC
 * and O_CLOEXEC (an fd flag) are not kept in f.flags.
 */
export function doOpen(root: Inode, start: Inode, path: string, flags: number, mode: number, name: string,
  chrdev: (rdev: number) => FileOps | undefined): OpenFile | number | Promise<OpenFile | number> {
  let inode: Inode | number;
  let made = false;
  if (flags & O_CREAT) {
    if (flags & O_DIRECTORY) return -EINVAL;
    inode = openCreate(root, start, path, flags, mode & 0o7777);
    made = created;
  } else {
    inode = walk(root, start, path, (flags & O_NOFOLLOW) === 0);
  }
  if (typeof inode === "number") return inode;
  const type = inode.mode & S_IFMT;
  if (type === S_IFLNK) return -ELOOP;
  if (flags & O_DIRECTORY && type !== S_IFDIR) return -ENOTDIR;
  const acc = flags & O_ACCMODE;
  const writes = acc === O_WRONLY || acc === O_RDWR || (flags & O_TRUNC) !== 0;
  let fops = inode.ops;
  switch (type) {
    case S_IFREG:
      if (writes && inode.sb.readonly) return -EROFS;
      break;
    case S_IFDIR:
      if (writes || flags & O_CREAT) return -EISDIR;
      break;
    case S_IFCHR:
      fops ??= chrdev(inode.rdev);
      if (fops === undefined) return -ENXIO;
      break;
    case S_IFIFO:
      fops = PIPE_FOPS;
      break;
    default:
      // no block layer, and sockets cannot be opened
      return -ENXIO;
  }
  if (flags & O_TRUNC && type === S_IFREG && !made) {
    const r = doTruncate(inode, 0);
    if (r < 0) return r;
  }
  const f = new File(name, inode, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC), fops);
  if (type === S_IFIFO) return settle(f, fifoOpen(f));
  if (fops?.open !== undefined) return settle(f, fops.open(f));
  return f;
}

/** filp_close/fput: the last reference calls release */
export function doClose(f: OpenFile): number | Promise<number> {
  if (f.refs <= 0) return -EBADF;
  if (--f.refs > 0) return 0;
  const release = fileOps(f)?.release;
  if (release === undefined) return 0;
  const r = release(f);
  return r instanceof Promise ? r.then(() => 0) : 0;
}

/** do_truncate: TS-backed files have nothing to cut and succeed (procfs ignores O_TRUNC) */
export function doTruncate(inode: Inode, len: number): number {
  if (len < 0 || !Number.isSafeInteger(len)) return -EINVAL;
  if (isDir(inode)) return -EISDIR;
  if (!isReg(inode)) return -EINVAL;
  if (inode.sb.readonly) return -EROFS;
  if (inode.sb.setattr !== undefined) return inode.sb.setattr(inode, { size: len });
  if (inode.ops !== undefined) return 0;
  return ramfsTruncate(inode, len);
}

export function doFtruncate(f: OpenFile, len: number): number {
  const acc = f.flags & O_ACCMODE;
  if (acc !== O_WRONLY && acc !== O_RDWR) return -EINVAL;
  return doTruncate(f.inode as Inode, len);
}

export function doChmod(inode: Inode, mode: number): number {
  if (inode.sb.readonly) return -EROFS;
  if (inode.sb.setattr !== undefined) {
    const r = inode.sb.setattr(inode, { mode: mode & 0o7777 });
    if (r < 0) return r;
  }
  inode.mode = (inode.mode & S_IFMT) | (mode & 0o7777);
  inode.ctimeNs = inode.sb.clock();
  return 0;
}

/** uid/gid -1 leave that id alone; a chown drops set-id bits of a regular file, as Linux does */
export function doChown(inode: Inode, uid: number, gid: number): number {
  if (inode.sb.readonly) return -EROFS;
  if (uid !== -1) inode.uid = uid >>> 0;
  if (gid !== -1) inode.gid = gid >>> 0;
  if ((uid !== -1 || gid !== -1) && isReg(inode)) {
    let m = inode.mode & ~S_ISUID;
    if (m & 0o010) m &= ~S_ISGID;
    inode.mode = m;
  }
  inode.ctimeNs = inode.sb.clock();
  return 0;
}

/** access(2) for root: X needs an x bit (directories are searchable), W fails on EROFS */
export function doAccess(inode: Inode, mode: number): number {
  if (mode & ~7) return -EINVAL;
  if (mode & X_OK && !isDir(inode) && (inode.mode & 0o111) === 0) return -EACCES;
  if (mode & W_OK && inode.sb.readonly && (isReg(inode) || isDir(inode))) return -EROFS;
  return 0;
}

/** what execve requires of the file itself (EACCES otherwise) */
export function isExecutable(inode: Inode): boolean {
  return isReg(inode) && (inode.mode & 0o111) !== 0;
}
