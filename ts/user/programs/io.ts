// kemu: what the C library gives the built-in programs: stdio on fds 0-2, getenv, reading a
// whole file. The programs are trusted kemu code, so they may reach the kernel through
// `kernelOf` for system calls the Syscalls interface does not carry (init_module, syslog ...).
import type { UserProcess } from "../types.js";
import { Process } from "../process.js";
import { O_RDONLY } from "../../fs/types.js";
import { concatBytes } from "../../fs/vfs.js";

const enc = new TextEncoder();

export async function writeAll(p: UserProcess, fd: number, s: string | Uint8Array): Promise<number> {
  let data = typeof s === "string" ? enc.encode(s) : s;
  while (data.length > 0) {
    const n = await p.sys.write(fd, data);
    if (n < 0) return n;
    data = data.subarray(n);
  }
  return 0;
}

export const out = (p: UserProcess, s: string) => writeAll(p, 1, s);
export const err = (p: UserProcess, s: string) => writeAll(p, 2, s);

export function getenv(p: UserProcess, name: string): string | undefined {
  for (let i = p.envp.length - 1; i >= 0; i--) {
    const e = p.envp[i];
    if (e.startsWith(name + "=")) return e.slice(name.length + 1);
  }
  return undefined;
}

/** Read a whole file through the process's own syscalls; -errno on failure. */
export async function readAll(p: UserProcess, path: string): Promise<Uint8Array | number> {
  const fd = await p.sys.open(path, O_RDONLY);
  if (fd < 0) return fd;
  const r = await readFd(p, fd);
  await p.sys.close(fd);
  return r;
}

/** Read an open fd to its end; -errno on failure. */
export async function readFd(p: UserProcess, fd: number): Promise<Uint8Array | number> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const buf = new Uint8Array(65536);
    const n = await p.sys.read(fd, buf);
    if (n < 0) return n;
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
  }
  return concatBytes(chunks, total);
}

/** Read all of stdin as text, keeping what came before an error (fgets-style loop). */
export async function readStdin(p: UserProcess): Promise<string> {
  const chunks: Buffer[] = [];
  for (;;) {
    const buf = new Uint8Array(4096);
    const n = await p.sys.read(0, buf);
    if (n <= 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function kernelOf(p: UserProcess): Process {
  if (!(p instanceof Process)) throw new Error("kemu: this program needs a kemu process");
  return p;
}
