// kemu: fs/namei.c's path walk (link_path_walk, walk_component, follow_dotdot). No dcache or
// nameidata: directories are asked per component, and a walk allocates only the split path.
import { ENAMETOOLONG, ENOENT, ENOTDIR, ELOOP } from "../include/errno.js";
import { Inode, isDir } from "./inode.js";

export const MAXSYMLINKS = 40;
export const NAME_MAX = 255;
export const PATH_MAX = 4096;

/** What the last component of a parent walk was (enum last_type). */
export const LAST_NORM = 0;
export const LAST_DOT = 1;
export const LAST_DOTDOT = 2;
export const LAST_ROOT = 3;

/** Results of the last walkParent(): read them right after the call. */
export let lastName = "";
export let lastType = LAST_NORM;
/** the path ended in '/' (the last component must then be a directory) */
export let lastSlash = false;

/** symlinks followed by the walk in progress (MAXSYMLINKS is per lookup, as in Linux) */
let links = 0;

// A shell looks the same path up several times in a row (stat, then open, then exec), each
// relative one with the same cwd: the last two splits are kept. The parts arrays are never
// modified, so sharing them is safe.
let splitPath0 = "";
let splitParts0: string[] = [""];
let splitPath1 = "";
let splitParts1: string[] = [""];
let splitNext = 0;

function split(path: string): string[] {
  if (path === splitPath0) return splitParts0;
  if (path === splitPath1) return splitParts1;
  const parts = path.split("/");
  if (splitNext === 0) {
    splitPath0 = path;
    splitParts0 = parts;
  } else {
    splitPath1 = path;
    splitParts1 = parts;
  }
  splitNext ^= 1;
  return parts;
}

function nameTooLong(name: string): boolean {
  // a UTF-16 unit is at most 3 UTF-8 bytes, so short names need no byte count
  return name.length > 85 && (name.length > NAME_MAX || Buffer.byteLength(name) > NAME_MAX);
}

export function pathTooLong(path: string): boolean {
  return path.length > 1364 && (path.length >= PATH_MAX || Buffer.byteLength(path) >= PATH_MAX);
}

/** '..' of a directory: stays at the root, leaves a mounted filesystem through its mountpoint. */
export function dotdot(root: Inode, cur: Inode): Inode {
  if (cur === root) return cur;
  while (cur.mountpoint !== undefined) {
    cur = cur.mountpoint;
    if (cur === root) return cur;
  }
  return cur.parent ?? cur;
}

/** The entry itself (a mountpoint is not crossed): what unlink, rmdir, rename act on. */
export function rawChild(dir: Inode, name: string): Inode | undefined {
  const ch = dir.children;
  if (ch !== undefined) return ch.get(name);
  const ops = dir.dirOps;
  if (ops === undefined) return undefined;
  const c = ops.lookup(name);
  // entries made on demand learn their parent here, for '..'
  if (c !== undefined && c.parent === undefined) c.parent = dir;
  return c;
}

/** walk_component: the entry, crossing onto whatever is mounted on it. */
export function childOf(dir: Inode, name: string): Inode | undefined {
  let c = rawChild(dir, name);
  if (c === undefined) return undefined;
  while (c.mounted !== undefined) c = c.mounted;
  return c;
}

/**
 * Resolves parts[0, to) from dir. Every component but the last, and the last when followLast,
 * has its symlinks followed. An empty component (from "//" or a trailing '/') or "." needs a
 * directory before it, which gives ENOTDIR for "file/" and "file/.".
 */
function walkParts(root: Inode, dir: Inode, parts: string[], to: number, followLast: boolean): Inode | number {
  let cur = dir;
  for (let i = 0; i < to; i++) {
    const name = parts[i];
    if (name.length === 0) {
      if (i > 0 && !isDir(cur)) return -ENOTDIR;
      continue;
    }
    if (!isDir(cur)) return -ENOTDIR;
    if (name === ".") continue;
    if (name === "..") {
      cur = dotdot(root, cur);
      continue;
    }
    if (nameTooLong(name)) return -ENAMETOOLONG;
    let next = childOf(cur, name);
    if (next === undefined) return -ENOENT;
    const target = next.target;
    if (target !== undefined && (followLast || i < to - 1)) {
      if (++links > MAXSYMLINKS) return -ELOOP;
      if (target.length === 0) return -ENOENT;
      let tparts = next.targetParts;
      if (next.targetSplitOf !== target || tparts === undefined) {
        tparts = next.targetParts = target.split("/");
        next.targetSplitOf = target;
      }
      const r = walkParts(root, target.charCodeAt(0) === 47 ? root : cur, tparts, tparts.length, true);
      if (typeof r === "number") return r;
      next = r;
    }
    cur = next;
  }
  return cur;
}

/** filename_lookup: the inode a path names, or -errno. */
export function walk(root: Inode, start: Inode, path: string, follow: boolean): Inode | number {
  if (path.length === 0) return -ENOENT;
  if (pathTooLong(path)) return -ENAMETOOLONG;
  const saved = links;
  links = 0;
  const parts = split(path);
  const r = walkParts(root, path.charCodeAt(0) === 47 ? root : start, parts, parts.length, follow);
  links = saved;
  return r;
}

/**
 * filename_parentat: the directory the last component lives in. Sets lastName, lastType and
 * lastSlash. Trailing slashes are not part of the last name.
 */
export function walkParent(root: Inode, start: Inode, path: string): Inode | number {
  if (path.length === 0) return -ENOENT;
  if (pathTooLong(path)) return -ENAMETOOLONG;
  const parts = split(path);
  let end = parts.length - 1;
  while (end >= 0 && parts[end].length === 0) end--;
  const slash = end < parts.length - 1;
  if (end < 0) {
    lastSlash = slash;
    lastName = "/";
    lastType = LAST_ROOT;
    return root;
  }
  const saved = links;
  links = 0;
  const r = walkParts(root, path.charCodeAt(0) === 47 ? root : start, parts, end, true);
  links = saved;
  if (typeof r === "number") return r;
  if (!isDir(r)) return -ENOTDIR;
  const name = parts[end];
  if (nameTooLong(name)) return -ENAMETOOLONG;
  lastName = name;
  lastSlash = slash;
  lastType = name === "." ? LAST_DOT : name === ".." ? LAST_DOTDOT : LAST_NORM;
  return r;
}
