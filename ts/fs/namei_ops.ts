// kemu: the directory-changing half of fs/namei.c (do_mknodat ... do_renameat2 and the vfs_*
// checks under them), without permission checks: every process is root.
import {
  EBUSY, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EROFS, EXDEV,
} from "../include/errno.js";
import { S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK } from "./types.js";
import { Inode, isDir, dirEmpty, newDirInode, newSymlinkInode } from "./inode.js";
import * as namei from "./namei.js";
import { walk, walkParent, rawChild, LAST_NORM, LAST_DOT, LAST_DOTDOT } from "./namei.js";
import { ramfsAdd, ramfsLink, ramfsRename, ramfsRmdir, ramfsUnlink } from "./ramfs.js";

/**
 * vfs_create/vfs_mkdir/vfs_mknod/vfs_symlink: a new entry `name` in dir. mode carries the type;
 * target is the symlink's. noOp is the error when the directory cannot hold new entries.
 */
export function vfsCreate(dir: Inode, name: string, mode: number, rdev: number, target: string | undefined,
  noOp: number): Inode | number {
  if (dir.nlink === 0) return -ENOENT; // IS_DEADDIR: the directory was removed
  if (dir.sb.readonly) return -EROFS;
  const type = mode & S_IFMT;
  if (dir.children !== undefined) {
    const sb = dir.sb;
    const i = type === S_IFDIR ? newDirInode(sb, mode)
      : type === S_IFLNK ? newSymlinkInode(sb, target!)
      : new Inode(sb, mode, rdev);
    ramfsAdd(dir, name, i);
    return i;
  }
  const ops = dir.dirOps;
  if (type === S_IFLNK) return ops?.symlink !== undefined ? ops.symlink(name, target!) : noOp;
  return ops?.create !== undefined ? ops.create(name, mode, rdev) : noOp;
}

/**
 * The parent walk's results, copied at once: an on-demand directory's lookup may walk paths
 * itself and reuse namei's variables.
 */
let name = "";
let slash = false;

/** Parent of a name to create; EEXIST covers ".", "..", "/" and an existing entry. */
function createParent(root: Inode, start: Inode, path: string): Inode | number {
  const dir = walkParent(root, start, path);
  if (typeof dir === "number") return dir;
  const n = namei.lastName;
  const s = namei.lastSlash;
  if (namei.lastType !== LAST_NORM) return -EEXIST;
  if (rawChild(dir, n) !== undefined) return -EEXIST;
  name = n;
  slash = s;
  return dir;
}

/** mknodat(2): regular files, device nodes, FIFOs, sockets; mode already has the umask applied. */
export function doMknod(root: Inode, start: Inode, path: string, mode: number, rdev: number): number {
  let type = mode & S_IFMT;
  if (type === 0) type = S_IFREG;
  else if (type === S_IFDIR) return -EPERM;
  else if (type !== S_IFREG && type !== S_IFCHR && type !== S_IFBLK && type !== S_IFIFO && type !== S_IFSOCK) {
    return -EINVAL;
  }
  const dir = createParent(root, start, path);
  if (typeof dir === "number") return dir;
  if (slash) return -ENOENT;
  const isDev = type === S_IFCHR || type === S_IFBLK;
  const r = vfsCreate(dir, name, type | (mode & 0o7777), isDev ? rdev : 0, undefined, -EPERM);
  return typeof r === "number" ? r : 0;
}

/** mkdirat(2); mode already has the umask applied */
export function doMkdir(root: Inode, start: Inode, path: string, mode: number): number {
  const dir = createParent(root, start, path);
  if (typeof dir === "number") return dir;
  const r = vfsCreate(dir, name, S_IFDIR | (mode & 0o1777), 0, undefined, -EPERM);
  return typeof r === "number" ? r : 0;
}

export function doSymlink(root: Inode, start: Inode, target: string, path: string): number {
  if (target.length === 0) return -ENOENT;
  const dir = createParent(root, start, path);
  if (typeof dir === "number") return dir;
  if (slash) return -ENOENT;
  const r = vfsCreate(dir, name, S_IFLNK | 0o777, 0, target, -EPERM);
  return typeof r === "number" ? r : 0;
}

/** linkat(2) without AT_SYMLINK_FOLLOW: a symlink itself gets the new name */
export function doLink(root: Inode, start: Inode, oldPath: string, newPath: string): number {
  const src = walk(root, start, oldPath, false);
  if (typeof src === "number") return src;
  if (isDir(src)) return -EPERM;
  const dir = createParent(root, start, newPath);
  if (typeof dir === "number") return dir;
  if (slash) return -ENOENT;
  if (dir.sb !== src.sb) return -EXDEV;
  if (dir.nlink === 0 || src.nlink === 0) return -ENOENT;
  if (dir.sb.readonly) return -EROFS;
  if (dir.children !== undefined) {
    ramfsLink(dir, name, src);
    return 0;
  }
  const ops = dir.dirOps;
  return ops?.link !== undefined ? ops.link(name, src) : -EPERM;
}

export function doUnlink(root: Inode, start: Inode, path: string): number {
  const dir = walkParent(root, start, path);
  if (typeof dir === "number") return dir;
  if (namei.lastType !== LAST_NORM) return -EISDIR;
  const name = namei.lastName;
  const slash = namei.lastSlash;
  const victim = rawChild(dir, name);
  if (victim === undefined) return -ENOENT;
  if (isDir(victim)) return -EISDIR;
  if (slash) return -ENOTDIR;
  if (victim.mounted !== undefined) return -EBUSY;
  if (dir.sb.readonly) return -EROFS;
  if (dir.children !== undefined) {
    ramfsUnlink(dir, name, victim);
    return 0;
  }
  const ops = dir.dirOps;
  return ops?.unlink !== undefined ? ops.unlink(name, victim) : -EPERM;
}

export function doRmdir(root: Inode, start: Inode, path: string): number {
  const dir = walkParent(root, start, path);
  if (typeof dir === "number") return dir;
  const t = namei.lastType;
  if (t === LAST_DOT) return -EINVAL;
  if (t === LAST_DOTDOT) return -ENOTEMPTY;
  if (t !== LAST_NORM) return -EBUSY;
  const name = namei.lastName;
  const victim = rawChild(dir, name);
  if (victim === undefined) return -ENOENT;
  if (!isDir(victim)) return -ENOTDIR;
  if (dir.sb.readonly) return -EROFS;
  const ops = dir.children === undefined ? dir.dirOps : undefined;
  if (dir.children === undefined && ops?.rmdir === undefined) return -EPERM;
  if (victim.mounted !== undefined) return -EBUSY;
  if (ops !== undefined) return ops.rmdir!(name, victim);
  if (!dirEmpty(victim)) return -ENOTEMPTY;
  ramfsRmdir(dir, name, victim);
  return 0;
}

/** renameat(2) without flags: replaces an existing target of a compatible type */
export function doRename(root: Inode, start: Inode, oldPath: string, newPath: string): number {
  const oldDir = walkParent(root, start, oldPath);
  if (typeof oldDir === "number") return oldDir;
  const oldName = namei.lastName;
  const oldType = namei.lastType;
  const oldSlash = namei.lastSlash;
  const newDir = walkParent(root, start, newPath);
  if (typeof newDir === "number") return newDir;
  const newName = namei.lastName;
  const newSlash = namei.lastSlash;
  if (oldType !== LAST_NORM || namei.lastType !== LAST_NORM) return -EBUSY;
  const src = rawChild(oldDir, oldName);
  if (src === undefined) return -ENOENT;
  if (oldDir.sb !== newDir.sb) return -EXDEV;
  const srcIsDir = isDir(src);
  if (!srcIsDir && (oldSlash || newSlash)) return -ENOTDIR;
  const dst = rawChild(newDir, newName);
  if (dst === src) return 0;
  if (src.mounted !== undefined) return -EBUSY;
  if (dst !== undefined) {
    if (dst.mounted !== undefined) return -EBUSY;
    if (srcIsDir) {
      if (!isDir(dst)) return -ENOTDIR;
      if (!dirEmpty(dst)) return -ENOTEMPTY;
    } else if (isDir(dst)) {
      return -EISDIR;
    }
  }
  if (srcIsDir) {
    // a directory cannot move below itself
    for (let p: Inode | undefined = newDir; p !== undefined; p = p.parent === p ? undefined : p.parent) {
      if (p === src) return -EINVAL;
      if (p === root) break;
    }
  }
  if (newDir.nlink === 0) return -ENOENT;
  if (oldDir.sb.readonly) return -EROFS;
  if (oldDir.children !== undefined && newDir.children !== undefined) {
    ramfsRename(oldDir, oldName, newDir, newName, src, dst);
    return 0;
  }
  const ops = oldDir.dirOps;
  return ops?.rename !== undefined ? ops.rename(oldName, newDir, newName) : -EPERM;
}
