// kemu: the VFS half of fs/proc/generic.c and fs/proc/inode.c for entries modules register.
// The C core keeps the entry tree (csrc/fs/proc/generic.c); these make and remove the nodes
// under /proc: files tied to their C inode (reads and writes reach the proc_reg_* wrappers),
// directories and symlinks, all on one "proc" superblock whose getattr reads the entry's mode,
// owner and size as they are now (a 2.6 module sets ->mode, ->uid, ->size after creating it).
// Differs: /proc itself is a ramfs directory, so the shell can still create plain files in it.
import type { Kernel } from "../../kernel/kernel.js";
import { Inode, isDir } from "../inode.js";
import type { SuperBlock } from "../inode.js";
import { ramfsAdd, ramfsRmdir, ramfsUnlink } from "../ramfs.js";
import { EEXIST, ENOENT, ENOTDIR } from "../../include/errno.js";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../types.js";

interface ProcState {
  sb: SuperBlock;
  /** struct kemu_pde address -> its VFS node */
  nodes: Map<number, Inode>;
  /** VFS node -> struct kemu_pde address */
  pdes: WeakMap<Inode, number>;
}

const states = new WeakMap<Kernel, ProcState>();

function stateOf(k: Kernel): ProcState | undefined {
  let st = states.get(k);
  if (st) return st;
  const us = k.userspace;
  if (!us) return undefined;
  const sb = us.vfs.newSuper("proc");
  st = { sb, nodes: new Map(), pdes: new WeakMap() };
  const s = st;
  sb.getattr = (inode: Inode) => {
    const pde = s.pdes.get(inode);
    if (pde === undefined) return;
    const a = (k.callCore("kemu_proc_attr", pde) as number) >>> 0;
    const m = k.mem;
    const mode = m.readU32(a);
    inode.mode = (inode.mode & S_IFMT) | (mode & 0o7777);
    inode.uid = m.readU32(a + 4);
    inode.gid = m.readU32(a + 8);
    const nlink = m.readU32(a + 12);
    if (nlink > 0 && !isDir(inode)) inode.nlink = nlink;
    if ((inode.mode & S_IFMT) === S_IFREG) inode.size = m.readU32(a + 16) + m.readU32(a + 20) * 2 ** 32;
  };
  states.set(k, st);
  return st;
}

/**
 * kemu_proc_add(parent, pde, name, mode, inode, link, uid, gid, ino): the node of a new entry
 * under the node of parent (0: /proc). -EEXIST when the name is taken, -ENOENT without parent.
 */
export function procAdd(k: Kernel, parent: number, pde: number, namePtr: number, mode: number, cInode: number,
  linkPtr: number, uid: number, gid: number, ino: number): number {
  const st = stateOf(k);
  const us = k.userspace;
  if (!st || !us) return 0;
  const vfs = us.vfs;
  let dir: Inode | number | undefined;
  if (parent === 0) dir = vfs.lookup("/proc");
  else dir = st.nodes.get(parent >>> 0);
  if (dir === undefined || typeof dir === "number") return -ENOENT;
  if (dir.children === undefined) return -ENOTDIR;
  const name = k.mem.readCStringUtf8(namePtr, 256);
  if (dir.children.has(name)) return -EEXIST;
  let node: Inode;
  const type = mode & S_IFMT;
  if (type === S_IFDIR) {
    node = vfs.newDirInode(mode & 0o7777, undefined, st.sb);
  } else if (type === S_IFLNK) {
    node = vfs.newSymlinkInode(k.mem.readCStringUtf8(linkPtr, 4096), st.sb);
  } else {
    node = vfs.newFileInode(mode & 0o7777, undefined, st.sb);
    us.kfiles.attach(node, cInode >>> 0);
    const ops = node.ops!;
    node.ops = { ...ops, size: () => node.size };
  }
  (node as { ino: number }).ino = ino >>> 0;
  node.uid = uid >>> 0;
  node.gid = gid >>> 0;
  ramfsAdd(dir, name, node);
  st.nodes.set(pde >>> 0, node);
  st.pdes.set(node, pde >>> 0);
  return 0;
}

/** kemu_proc_del(parent, pde, name): take the entry's node out of its directory (with what is
 * below it: remove_proc_entry of a non-empty directory leaks the children, as in Linux). */
export function procDel(k: Kernel, parent: number, pde: number, namePtr: number): void {
  const st = stateOf(k);
  const us = k.userspace;
  if (!st || !us) return;
  const node = st.nodes.get(pde >>> 0);
  if (!node) return;
  st.nodes.delete(pde >>> 0);
  let dir: Inode | number | undefined;
  if (parent === 0) dir = us.vfs.lookup("/proc");
  else dir = st.nodes.get(parent >>> 0);
  if (dir === undefined || typeof dir === "number" || dir.children === undefined) return;
  const name = k.mem.readCStringUtf8(namePtr, 256);
  if (dir.children.get(name) !== node) return;
  if (isDir(node)) ramfsRmdir(dir, name, node);
  else ramfsUnlink(dir, name, node);
}

/** The struct kemu_pde of a /proc node a module registered (tests, ls -i). */
export function pdeOfNode(k: Kernel, node: Inode): number | undefined {
  return states.get(k)?.pdes.get(node);
}
