// kemu: fs/inode.c and the struct inode / struct super_block parts of include/linux/fs.h. One
// Inode class serves every filesystem (no dentries: a directory holds its entries itself).
import type { DirOps, FileOps } from "./types.js";
import { S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_IFIFO } from "./types.js";
import type { Pipe } from "./pipe.js";
import { MKDEV } from "./kdev_t.js";

/** Attribute changes for filesystems whose truth lives elsewhere (hostfs): struct iattr. */
export interface SetAttr {
  mode?: number;
  size?: number;
  atimeNs?: bigint;
  mtimeNs?: bigint;
}

export interface SuperBlock {
  /** filesystem type name, as /proc/mounts would show it */
  readonly name: string;
  /** kernel-internal dev_t (MKDEV form) */
  readonly dev: number;
  readonly readonly: boolean;
  /** get_next_ino(), per superblock so two emulations in one process number alike */
  nextIno: number;
  readonly clock: () => bigint;
  /** refresh the inode's attributes before stat (inode_operations.getattr) */
  getattr?(inode: Inode): void;
  /** apply chmod/truncate/utimes where the data lives; 0 or -errno */
  setattr?(inode: Inode, attr: SetAttr): number;
}

/**
 * Directory operations beyond lookup/list, for directories whose entries are not a ramfs Map
 * (hostfs). A missing method makes the operation fail as Linux does when the inode_operations
 * slot is NULL (-EPERM, or -EACCES for open(O_CREAT)).
 */
export interface DirInodeOps extends DirOps {
  /** regular files, directories, device nodes, FIFOs (mode carries the type) */
  create?(name: string, mode: number, rdev: number): Inode | number;
  symlink?(name: string, target: string): Inode | number;
  link?(name: string, inode: Inode): number;
  unlink?(name: string, inode: Inode): number;
  rmdir?(name: string, inode: Inode): number;
  rename?(oldName: string, newDir: Inode, newName: string): number;
}

const EMPTY = new Uint8Array(0);

export class Inode {
  readonly sb: SuperBlock;
  readonly ino: number;
  mode: number;
  nlink: number;
  uid = 0;
  gid = 0;
  /** device number of a char/block node (MKDEV form) */
  rdev: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** ramfs regular file: bytes in use of data; hostfs: the host's size at the last look */
  size = 0;
  /** ramfs regular file contents; bytes past size are always zero */
  data: Uint8Array = EMPTY;
  /** ramfs directory entries in creation order (readdir order) */
  children: Map<string, Inode> | undefined = undefined;
  /** directory made on demand or living elsewhere (procfs, hostfs) */
  dirOps: DirInodeOps | undefined = undefined;
  /** the directory '..' leads to */
  parent: Inode | undefined = undefined;
  /** symlink target */
  target: string | undefined = undefined;
  /** target split at '/', kept by the path walk (valid while targetSplitOf === target) */
  targetParts: string[] | undefined = undefined;
  targetSplitOf: string | undefined = undefined;
  /** TS-backed file (procfs, sysctl, a device node with its own ops, a host file) */
  ops: FileOps | undefined = undefined;
  /** FIFO: the pipe while someone has it open */
  pipe: Pipe | undefined = undefined;
  /** root of the filesystem mounted on this directory */
  mounted: Inode | undefined = undefined;
  /** for a mounted root: the directory it covers */
  mountpoint: Inode | undefined = undefined;
  /** hostfs: where the inode lives on the host */
  hostPath: string | undefined = undefined;
  /** owner's private pointer (i_private) */
  priv: unknown = undefined;

  constructor(sb: SuperBlock, mode: number, rdev = 0) {
    this.sb = sb;
    this.ino = sb.nextIno++;
    this.mode = mode;
    this.nlink = (mode & S_IFMT) === S_IFDIR ? 2 : 1;
    this.rdev = rdev;
    const now = sb.clock();
    this.atimeNs = now;
    this.mtimeNs = now;
    this.ctimeNs = now;
  }
}

export function isDir(i: Inode): boolean {
  return (i.mode & S_IFMT) === S_IFDIR;
}
export function isReg(i: Inode): boolean {
  return (i.mode & S_IFMT) === S_IFREG;
}
export function isLnk(i: Inode): boolean {
  return (i.mode & S_IFMT) === S_IFLNK;
}
export function isFifo(i: Inode): boolean {
  return (i.mode & S_IFMT) === S_IFIFO;
}

/** Anonymous device numbers (get_anon_bdev): major 0, minors handed out in order. */
export class SuperBlocks {
  private nextMinor = 1;
  constructor(private readonly clock: () => bigint) {}
  create(name: string, readonly = false): SuperBlock {
    return { name, dev: MKDEV(0, this.nextMinor++), readonly, nextIno: 1, clock: this.clock };
  }
}

/** A directory inode: ramfs (a Map of entries) unless dirOps says where entries come from. */
export function newDirInode(sb: SuperBlock, mode: number, dirOps?: DirInodeOps): Inode {
  const i = new Inode(sb, S_IFDIR | (mode & 0o7777));
  if (dirOps !== undefined) i.dirOps = dirOps;
  else i.children = new Map();
  return i;
}

export function newSymlinkInode(sb: SuperBlock, target: string): Inode {
  const i = new Inode(sb, S_IFLNK | 0o777);
  i.target = target;
  return i;
}

/** A regular file; with ops its reads and writes go to them instead of data. */
export function newFileInode(sb: SuperBlock, mode: number, ops?: FileOps): Inode {
  const i = new Inode(sb, S_IFREG | (mode & 0o7777));
  if (ops !== undefined) i.ops = ops;
  return i;
}

/** Size as stat and SEEK_END see it: fresh from the host, or what the ops say. */
export function inodeSize(i: Inode): number {
  if (i.sb.getattr !== undefined) i.sb.getattr(i);
  const ops = i.ops;
  if (ops !== undefined && ops.size !== undefined) return ops.size();
  if (i.target !== undefined) return Buffer.byteLength(i.target);
  return i.size;
}

/** Empty directory test for rmdir and rename-over. */
export function dirEmpty(i: Inode): boolean {
  if (i.children !== undefined) return i.children.size === 0;
  return i.dirOps === undefined || i.dirOps.list().length === 0;
}

/** Entry names of a directory, without "." and ".."; not to be modified (it may be list()'s). */
export function dirNames(i: Inode): Iterable<string> {
  if (i.children !== undefined) return i.children.keys();
  return i.dirOps !== undefined ? i.dirOps.list() : [];
}
