// Shared set-up for the VFS tests: a Vfs on a counting clock (each call is 1 µs later).
import { Vfs, Inode } from "../../ts/fs/vfs.js";
import type { OpenFile } from "../../ts/fs/vfs.js";

export function mkvfs(start = 1_000_000_000n): { vfs: Vfs; now: () => bigint } {
  let t = start;
  const clock = (): bigint => (t += 1000n);
  return { vfs: new Vfs({ clock }), now: () => t };
}

export function ino(r: Inode | number): Inode {
  if (typeof r === "number") throw new Error(`expected an inode, got ${r}`);
  return r;
}

export async function openOk(vfs: Vfs, path: string, flags: number, mode = 0o644, cwd = "/"): Promise<OpenFile> {
  const f = await vfs.open(path, flags, mode, cwd);
  if (typeof f === "number") throw new Error(`open ${path}: ${f}`);
  return f;
}

export const text = (b: Uint8Array | number): string =>
  typeof b === "number" ? `errno ${b}` : Buffer.from(b).toString();

export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
