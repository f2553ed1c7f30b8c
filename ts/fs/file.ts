// kemu: struct file and fs/file_table.c's alloc_file. f_op is fixed at open (the chrdev
// registry is asked once, as chrdev_open replaces f_op); undefined f_op means a ramfs file.
import type { FileOps, OpenFile } from "./types.js";
import type { Inode } from "./inode.js";

export class File implements OpenFile {
  pos = 0;
  privateData: unknown = undefined;
  refs = 1;
  constructor(
    readonly path: string,
    readonly inode: Inode,
    public flags: number,
    public fops: FileOps | undefined,
  ) {}
}

/** f_op of any OpenFile: a File's own, else the inode's (an OpenFile made outside the VFS). */
export function fileOps(f: OpenFile): FileOps | undefined {
  return f instanceof File ? f.fops : (f.inode as Inode).ops;
}
