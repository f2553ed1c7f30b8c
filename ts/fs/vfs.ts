// kemu: the fs/*.c system-call entry points over one in-memory tree (ramfs at /, others mounted
// on it). Paths resolve against a per-call cwd; errors are -errno; times come from the clock.
import * as npath from "node:path";
import { EAGAIN, EBUSY, EEXIST, EINVAL, ENOENT, ENOTDIR, ENOTTY, EPERM } from "../include/errno.js";
import { O_APPEND, O_CREAT, O_NONBLOCK, O_RDONLY, O_TRUNC, O_WRONLY, S_IFDIR, S_IFMT, S_IFREG } from "./types.js";
import { MKDEV } from "./kdev_t.js";
import type { DirOps, FileOps, OpenFile, Stat } from "./types.js";
import {
  Inode, SuperBlocks, isDir, newDirInode, newFileInode, newSymlinkInode,
} from "./inode.js";
import type { SuperBlock } from "./inode.js";
import * as namei from "./namei.js";
import { childOf, dotdot, walk, walkParent, LAST_NORM } from "./namei.js";
import {
  doLink, doMkdir, doMknod, doRename, doRmdir, doSymlink, doUnlink, vfsCreate,
} from "./namei_ops.js";
import {
  doAccess, doChmod, doChown, doClose, doFtruncate, doOpen, doTruncate, isExecutable,
} from "./open.js";
import { vfsLlseek, vfsRead, vfsWrite } from "./read_write.js";
import { doReadlink, statInode } from "./stat.js";
import { doReaddir } from "./readdir.js";
import { doUtimens } from "./utimes.js";
import type { TimeSpec } from "./utimes.js";
import { createPipe } from "./pipe.js";
import { hostfsRoot } from "./hostfs.js";
import { ramfsAdd } from "./ramfs.js";
import { File, fileOps } from "./file.js";

/** fs/ioctl.c's generic commands (include/uapi/asm-generic/ioctls.h) */
export const FIONBIO = 0x5421;
export const FIONREAD = 0x541b;
export const FIOCLEX = 0x5451;
export const FIONCLEX = 0x5450;

export * from "./types.js";
export * from "./kdev_t.js";
export { Inode, isDir, isReg, isLnk, isFifo, inodeSize } from "./inode.js";
export type { SuperBlock, DirInodeOps, SetAttr } from "./inode.js";
export { File } from "./file.js";
export { Pipe, PIPE_SIZE, PIPE_BUF, createPipe } from "./pipe.js";
export { F_OK, R_OK, W_OK, X_OK, isExecutable } from "./open.js";
export { SEEK_DATA, SEEK_HOLE } from "./read_write.js";
export { MAXSYMLINKS, NAME_MAX, PATH_MAX } from "./namei.js";
export type { TimeSpec } from "./utimes.js";
export {
  nullOps, zeroOps, fullOps, randomOps, DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_URANDOM,
} from "./mem.js";
export { populateRootfs } from "./rootfs.js";

export interface VfsOptions {
  /** virtual CLOCK_REALTIME in ns: every inode time comes from here */
  clock: () => bigint;
  /** the char device registry: ops for a device number (MKDEV form), undefined = ENXIO */
  chrdevOps?: (rdev: number) => FileOps | undefined;
}

/** A cwd: a path (resolved per call) or a directory inode (what a process holds in Linux). */
export type Cwd = string | Inode;

const CHUNK = 4096;
/** a path part that normalising would change: empty, "." or "..", or a trailing slash */
const UNCLEAN = /\/(?:\.{0,2})(?:\/|$)/;

export class Vfs {
  readonly clock: () => bigint;
  readonly root: Inode;
  /** the superblock of the ramfs at / (the default for detached inodes) */
  readonly rootSb: SuperBlock;
  /** asked for a char device's ops after the devices registered here */
  chrdevOps: ((rdev: number) => FileOps | undefined) | undefined;
  private readonly sbs: SuperBlocks;
  private readonly pipefs: SuperBlock;
  private readonly chrdevs = new Map<number, FileOps>();
  private readonly chrdev = (rdev: number): FileOps | undefined =>
    this.chrdevs.get(rdev) ?? this.chrdevOps?.(rdev);

  constructor(opts: VfsOptions) {
    this.clock = opts.clock;
    this.chrdevOps = opts.chrdevOps;
    this.sbs = new SuperBlocks(opts.clock);
    this.rootSb = this.sbs.create("rootfs");
    this.pipefs = this.sbs.create("pipefs");
    this.root = newDirInode(this.rootSb, 0o755);
  }

  /** A new superblock (anonymous dev 0:N) for a filesystem made of detached inodes (procfs). */
  newSuper(name: string, readonly = false): SuperBlock {
    return this.sbs.create(name, readonly);
  }

  /** register_chrdev for one device number; looked up before the chrdevOps callback */
  registerChrdev(rdev: number, ops: FileOps): void {
    this.chrdevs.set(rdev, ops);
  }
  unregisterChrdev(rdev: number): void {
    this.chrdevs.delete(rdev);
  }

  /** where a walk of `path` begins */
  private start(path: string, cwd: Cwd): Inode | number {
    if (path.charCodeAt(0) === 47 || cwd === "/") return this.root;
    if (typeof cwd !== "string") return cwd;
    const r = walk(this.root, this.root, cwd, true);
    if (typeof r === "number") return r;
    return isDir(r) ? r : -ENOTDIR;
  }

  /** the name an open file carries (/proc/<pid>/fd shows it) */
  private absPath(path: string, cwd: Cwd): string {
    if (typeof cwd !== "string") return path;
    // the common case needs no normalising: an absolute path without "//", "." or ".." parts
    if (path.charCodeAt(0) === 47) return UNCLEAN.test(path) ? npath.posix.resolve(path) : path;
    return npath.posix.resolve("/", cwd, path);
  }

  /** the absolute, lexically normalised form of path seen from cwd (no symlinks resolved) */
  normalize(path: string, cwd: string = "/"): string {
    // the leading "/" keeps a relative cwd from reaching Node's own process.cwd()
    return npath.posix.resolve("/", cwd, path);
  }

  /** MKDEV(major, minor): the kernel-internal dev_t mknod takes */
  mkdev(major: number, minor: number): number {
    return MKDEV(major, minor);
  }

  // ---- lookup and attributes ----

  lookup(path: string, cwd: Cwd = "/", follow = true): Inode | number {
    const s = this.start(path, cwd);
    return typeof s === "number" ? s : walk(this.root, s, path, follow);
  }

  /** one directory entry, "." and ".." included; crosses mounts */
  lookupChild(dir: Inode, name: string): Inode | undefined {
    if (!isDir(dir)) return undefined;
    if (name === "." || name === "") return dir;
    if (name === "..") return dotdot(this.root, dir);
    return childOf(dir, name);
  }

  stat(path: string, cwd: Cwd = "/", follow = true): Stat | number {
    const i = this.lookup(path, cwd, follow);
    return typeof i === "number" ? i : statInode(i);
  }
  lstat(path: string, cwd: Cwd = "/"): Stat | number {
    return this.stat(path, cwd, false);
  }
  statInode(inode: Inode): Stat {
    return statInode(inode);
  }
  fstat(f: OpenFile): Stat {
    return statInode(f.inode as Inode);
  }
  /** same as fstat */
  statFile(f: OpenFile): Stat {
    return statInode(f.inode as Inode);
  }

  readlink(path: string, cwd: Cwd = "/"): string | number {
    const i = this.lookup(path, cwd, false);
    return typeof i === "number" ? i : doReadlink(i);
  }

  readdir(path: string, cwd: Cwd = "/"): string[] | number {
    const i = this.lookup(path, cwd, true);
    return typeof i === "number" ? i : doReaddir(i);
  }
  /** getdents on an open directory's inode */
  readdirInode(dir: Inode): string[] | number {
    return doReaddir(dir);
  }

  chmod(path: string, mode: number, cwd: Cwd = "/"): number {
    const i = this.lookup(path, cwd, true);
    return typeof i === "number" ? i : doChmod(i, mode);
  }
  /** uid/gid -1: unchanged; follow=false is lchown */
  chown(path: string, uid: number, gid: number, cwd: Cwd = "/", follow = true): number {
    const i = this.lookup(path, cwd, follow);
    return typeof i === "number" ? i : doChown(i, uid, gid);
  }
  utimens(path: string, atimeNs: TimeSpec, mtimeNs: TimeSpec, cwd: Cwd = "/", follow = true): number {
    const i = this.lookup(path, cwd, follow);
    return typeof i === "number" ? i : doUtimens(i, atimeNs, mtimeNs);
  }
  truncate(path: string, len: number, cwd: Cwd = "/"): number {
    const i = this.lookup(path, cwd, true);
    return typeof i === "number" ? i : doTruncate(i, len);
  }
  ftruncate(f: OpenFile, len: number): number {
    return doFtruncate(f, len);
  }
  /** access(2) as root: mode is F_OK/R_OK/W_OK/X_OK bits */
  access(path: string, mode: number, cwd: Cwd = "/"): number {
    const i = this.lookup(path, cwd, true);
    return typeof i === "number" ? i : doAccess(i, mode);
  }
  isExecutable(inode: Inode): boolean {
    return isExecutable(inode);
  }

  // ---- namespace changes (modes already have the caller's umask applied) ----

  mkdir(path: string, mode = 0o755, cwd: Cwd = "/"): number {
    const s = this.start(path, cwd);
    return typeof s === "number" ? s : doMkdir(this.root, s, path, mode);
  }

  /** mkdir -p: existing directories are fine, an existing non-directory is ENOTDIR/EEXIST */
  mkdirp(path: string, mode = 0o755, cwd: Cwd = "/"): number {
    const s = this.start(path, cwd);
    if (typeof s === "number") return s;
    const parts = path.split("/");
    let last = parts.length - 1;
    while (last > 0 && parts[last].length === 0) last--;
    let cur = s;
    for (let k = 0; k <= last; k++) {
      const name = parts[k];
      if (name.length === 0 || name === ".") continue;
      let next = walk(this.root, cur, name, true);
      // missing (not a dangling symlink, which mkdir -p leaves alone): make it
      if (next === -ENOENT && childOf(cur, name) === undefined) {
        next = vfsCreate(cur, name, S_IFDIR | (mode & 0o1777), 0, undefined, -EPERM);
      }
      if (typeof next === "number") return next;
      if (!isDir(next)) return k === last ? -EEXIST : -ENOTDIR;
      cur = next;
    }
    return 0;
  }

  /** mknod(2): mode carries the type (S_IFCHR...); rdev in MKDEV form */
  mknod(path: string, mode: number, rdev = 0, cwd: Cwd = "/"): number {
    const s = this.start(path, cwd);
    return typeof s === "number" ? s : doMknod(this.root, s, path, mode, rdev);
  }
  symlink(target: string, path: string, cwd: Cwd = "/"): number {
    const s = this.start(path, cwd);
    return typeof s === "number" ? s : doSymlink(this.root, s, target, path);
  }
  link(oldPath: string, newPath: string, cwd: Cwd = "/"): number {
    const s = this.start(oldPath.charCodeAt(0) === 47 ? newPath : oldPath, cwd);
    return typeof s === "number" ? s : doLink(this.root, s, oldPath, newPath);
  }
  unlink(path: string, cwd: Cwd = "/"): number {
    const s = this.start(path, cwd);
    return typeof s === "number" ? s : doUnlink(this.root, s, path);
  }
  rmdir(path: string, cwd: Cwd = "/"): number {
    const s = this.start(path, cwd);
    return typeof s === "number" ? s : doRmdir(this.root, s, path);
  }
  rename(oldPath: string, newPath: string, cwd: Cwd = "/"): number {
    const s = this.start(oldPath.charCodeAt(0) === 47 ? newPath : oldPath, cwd);
    return typeof s === "number" ? s : doRename(this.root, s, oldPath, newPath);
  }

  // ---- open files ----

  /** open(2) without the fd: resolves to the open file description or -errno */
  open(path: string, flags: number, mode = 0o666, cwd: Cwd = "/", umask = 0o022): Promise<OpenFile | number> {
    return Promise.resolve(this.openFile(path, flags, mode, cwd, umask));
  }

  /** open() that stays synchronous unless the open must block (FIFO, an ops.open that sleeps) */
  openFile(path: string, flags: number, mode = 0o666, cwd: Cwd = "/", umask = 0o022):
    OpenFile | number | Promise<OpenFile | number> {
    const s = this.start(path, cwd);
    if (typeof s === "number") return s;
    return doOpen(this.root, s, path, flags, mode & ~umask, this.absPath(path, cwd), this.chrdev);
  }

  /** read(2), or pread(2) when pos is given */
  read(f: OpenFile, buf: Uint8Array, pos?: number): number | Promise<number> {
    return vfsRead(f, buf, pos);
  }
  /**
   * ioctl(2) after the fd's own commands (FIOCLEX/FIONCLEX are the caller's): fs/ioctl.c's
   * do_vfs_ioctl answers FIONBIO (an int through the pointer: `user`, or `arg` itself from JS)
   * and FIONREAD of regular files; everything else goes to the file's unlocked_ioctl, -ENOTTY
   * without one.
   */
  ioctl(f: OpenFile, cmd: number, arg: number, user?: Uint8Array): number | Promise<number> {
    cmd >>>= 0;
    const inode = f.inode as Inode;
    if (cmd === FIONBIO) {
      const on = user ? new DataView(user.buffer, user.byteOffset, user.byteLength).getInt32(0, true) : arg;
      f.flags = on ? f.flags | O_NONBLOCK : f.flags & ~O_NONBLOCK;
      return 0;
    }
    if (cmd === FIONREAD && (inode.mode & S_IFMT) === S_IFREG && user && user.length >= 4) {
      new DataView(user.buffer, user.byteOffset, user.byteLength).setInt32(0, Math.max(0, statInode(inode).size - f.pos), true);
      return 0;
    }
    const ops = fileOps(f);
    if (ops?.ioctl === undefined) return -ENOTTY;
    return ops.ioctl(f, cmd, arg, user);
  }

  /** write(2), or pwrite(2) when pos is given */
  write(f: OpenFile, data: Uint8Array, pos?: number): number | Promise<number> {
    return vfsWrite(f, data, pos);
  }
  llseek(f: OpenFile, offset: number, whence: number): number | Promise<number> {
    return vfsLlseek(f, offset, whence);
  }
  /** drops one reference; the last one releases the file */
  close(f: OpenFile): number | Promise<number> {
    return doClose(f);
  }

  /** a signal arrived for the task blocked on f (a pipe read/write): that call ends with -EINTR */
  interrupt(f: OpenFile): boolean {
    return (f.inode as Inode).pipe?.interrupt(f) ?? false;
  }

  /** pipe2(): [read end, write end] */
  createPipe(flags = 0): [OpenFile, OpenFile] {
    return createPipe(flags, this.pipefs);
  }

  // ---- whole files ----

  /**
   * The whole file, synchronously. A file whose ops block gives -EAGAIN (use readFileAsync).
   */
  readFile(path: string, cwd: Cwd = "/"): Uint8Array | number {
    const f = this.openFile(path, O_RDONLY, 0, cwd);
    if (f instanceof Promise) {
      void f.then((x) => typeof x !== "number" && this.close(x));
      return -EAGAIN;
    }
    if (typeof f === "number") return f;
    const inode = f.inode as Inode;
    if (f instanceof File && f.fops === undefined && !isDir(inode)) {
      const out = inode.data.slice(0, inode.size);
      void this.close(f);
      return out;
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buf = new Uint8Array(CHUNK);
      const r = this.read(f, buf);
      if (typeof r !== "number") {
        void r.finally(() => this.close(f));
        return -EAGAIN;
      }
      if (r < 0) {
        void this.close(f);
        return r;
      }
      if (r === 0) break;
      chunks.push(r === CHUNK ? buf : buf.subarray(0, r));
      total += r;
    }
    void this.close(f);
    return concatBytes(chunks, total);
  }

  async readFileAsync(path: string, cwd: Cwd = "/"): Promise<Uint8Array | number> {
    const f = await this.openFile(path, O_RDONLY, 0, cwd);
    if (typeof f === "number") return f;
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const buf = new Uint8Array(CHUNK);
        const r = await this.read(f, buf);
        if (r < 0) return r;
        if (r === 0) break;
        chunks.push(buf.subarray(0, r));
        total += r;
      }
    } finally {
      await this.close(f);
    }
    return concatBytes(chunks, total);
  }

  /**
   * Creates or truncates and writes, synchronously; the parent must exist (ENOENT). An existing
   * file keeps its mode. A file whose ops block gives -EAGAIN (use writeFileAsync).
   */
  writeFile(path: string, data: string | Uint8Array, mode = 0o644, cwd: Cwd = "/"): number {
    return this.writeFlags(path, data, O_WRONLY | O_CREAT | O_TRUNC, mode, cwd);
  }

  private writeFlags(path: string, data: string | Uint8Array, flags: number, mode: number, cwd: Cwd): number {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    const f = this.openFile(path, flags, mode, cwd, 0);
    if (f instanceof Promise) {
      void f.then((x) => typeof x !== "number" && this.close(x));
      return -EAGAIN;
    }
    if (typeof f === "number") return f;
    let done = 0;
    while (done < bytes.length) {
      const r = this.write(f, done === 0 ? bytes : bytes.subarray(done));
      if (typeof r !== "number") {
        void r.finally(() => this.close(f));
        return -EAGAIN;
      }
      if (r <= 0) {
        void this.close(f);
        return r < 0 ? r : -EAGAIN;
      }
      done += r;
    }
    const c = this.close(f);
    return typeof c === "number" ? c : 0;
  }

  async writeFileAsync(path: string, data: string | Uint8Array, mode = 0o644, cwd: Cwd = "/"): Promise<number> {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    const f = await this.openFile(path, O_WRONLY | O_CREAT | O_TRUNC, mode, cwd, 0);
    if (typeof f === "number") return f;
    try {
      let done = 0;
      while (done < bytes.length) {
        const r = await this.write(f, bytes.subarray(done));
        if (r < 0) return r;
        if (r === 0) return -EAGAIN;
        done += r;
      }
    } finally {
      await this.close(f);
    }
    return 0;
  }

  /** Appends, creating the file (mode) when missing; synchronous like writeFile. */
  appendFile(path: string, data: string | Uint8Array, mode = 0o644, cwd: Cwd = "/"): number {
    return this.writeFlags(path, data, O_WRONLY | O_CREAT | O_APPEND, mode, cwd);
  }

  /** Setup helper: makes the parent directories, writes the file and gives it exactly `mode`. */
  install(path: string, data: string | Uint8Array, mode = 0o644): number {
    const slash = path.lastIndexOf("/");
    if (slash > 0) {
      const r = this.mkdirp(path.slice(0, slash));
      if (r < 0) return r;
    }
    const r = this.writeFile(path, data, mode);
    return r < 0 ? r : this.chmod(path, mode);
  }

  // ---- TS-backed files and directories ----

  /** A regular file whose reads and writes go to ops (procfs, sysctl...), in a ramfs directory. */
  createFile(path: string, mode: number, ops: FileOps, cwd: Cwd = "/"): Inode | number {
    const dir = this.newEntryDir(path, cwd);
    if (typeof dir === "number") return dir;
    const i = newFileInode(dir.sb, mode, ops);
    ramfsAdd(dir, this.entryName, i);
    return i;
  }

  /** A directory whose entries dirOps makes on demand, in a ramfs directory. */
  createDynamicDir(path: string, mode: number, dirOps: DirOps, cwd: Cwd = "/"): Inode | number {
    const dir = this.newEntryDir(path, cwd);
    if (typeof dir === "number") return dir;
    const i = newDirInode(dir.sb, mode, dirOps);
    ramfsAdd(dir, this.entryName, i);
    return i;
  }

  private entryName = "";

  /** parent for createFile/createDynamicDir; entryName is the new name */
  private newEntryDir(path: string, cwd: Cwd): Inode | number {
    const s = this.start(path, cwd);
    if (typeof s === "number") return s;
    const dir = walkParent(this.root, s, path);
    if (typeof dir === "number") return dir;
    const name = namei.lastName;
    if (namei.lastType !== LAST_NORM || childOf(dir, name) !== undefined) return -EEXIST;
    this.entryName = name;
    if (dir.children === undefined) return -EPERM;
    return dir;
  }

  /** Detached inodes for a DirOps.lookup to return (sb defaults to the root ramfs's). */
  newFileInode(mode: number, ops?: FileOps, sb: SuperBlock = this.rootSb): Inode {
    return newFileInode(sb, mode, ops);
  }
  newDirInode(mode: number, dirOps?: DirOps, sb: SuperBlock = this.rootSb): Inode {
    return newDirInode(sb, mode, dirOps);
  }
  newSymlinkInode(target: string, sb: SuperBlock = this.rootSb): Inode {
    return newSymlinkInode(sb, target);
  }

  // ---- mounts ----

  /** Puts the directory inode `root` (a detached tree, procfs, a host dir) over path. */
  mount(path: string, root: Inode, cwd: Cwd = "/"): number {
    const t = this.lookup(path, cwd, true);
    if (typeof t === "number") return t;
    if (!isDir(t) || !isDir(root)) return -ENOTDIR;
    if (t === this.root || root.mountpoint !== undefined) return -EBUSY;
    t.mounted = root;
    root.mountpoint = t;
    return 0;
  }

  umount(path: string, cwd: Cwd = "/"): number {
    const r = this.lookup(path, cwd, true);
    if (typeof r === "number") return r;
    const mp = r.mountpoint;
    if (mp === undefined) return -EINVAL;
    mp.mounted = undefined;
    r.mountpoint = undefined;
    return 0;
  }

  /**
   * Shows the host directory hostDir at guestPath (made when missing), live; readonly makes
   * every change -EROFS.
   */
  mountHost(hostDir: string, guestPath: string, readonly = false): number {
    const sb = this.newSuper("hostfs", readonly);
    const root = hostfsRoot(hostDir, sb);
    if (typeof root === "number") return root;
    const r = this.mkdirp(guestPath);
    if (r < 0) return r;
    return this.mount(guestPath, root);
  }
}

/** The chunks of a read loop as one array (the only chunk itself when there is one). */
export function concatBytes(chunks: Uint8Array[], total = chunks.reduce((n, c) => n + c.length, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
