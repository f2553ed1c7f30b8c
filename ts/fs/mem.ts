// kemu: drivers/char/mem.c (null, zero, full) and random.c's /dev/[u]random, here because the
// rootfs registers them; the random bytes are a constant-seeded xorshift, the same every run.
import { ENOSPC } from "../include/errno.js";
import type { FileOps } from "./types.js";
import { MKDEV } from "./kdev_t.js";

export const MEM_MAJOR = 1;
export const DEV_NULL = MKDEV(MEM_MAJOR, 3);
export const DEV_ZERO = MKDEV(MEM_MAJOR, 5);
export const DEV_FULL = MKDEV(MEM_MAJOR, 7);
export const DEV_RANDOM = MKDEV(MEM_MAJOR, 8);
export const DEV_URANDOM = MKDEV(MEM_MAJOR, 9);

/** null_lseek/zero_lseek: position always 0 */
const seek0 = (): number => 0;

export const nullOps: FileOps = {
  read: () => 0,
  write: (_f, data) => data.length,
  llseek: seek0,
};

export const zeroOps: FileOps = {
  read: (_f, buf) => {
    buf.fill(0);
    return buf.length;
  },
  write: (_f, data) => data.length,
  llseek: seek0,
};

export const fullOps: FileOps = {
  read: (_f, buf) => {
    buf.fill(0);
    return buf.length;
  },
  write: () => -ENOSPC,
  llseek: seek0,
};

export const RANDOM_SEED = 0x2545f491;

/** /dev/random and /dev/urandom share one pool, as in Linux; reads never block (5.6+). */
export function randomOps(seed = RANDOM_SEED): FileOps {
  let x = seed >>> 0 || 1;
  const read = (_f: unknown, buf: Uint8Array): number => {
    for (let i = 0; i < buf.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      buf[i] = x;
      if (i + 1 < buf.length) buf[i + 1] = x >>> 8;
      if (i + 2 < buf.length) buf[i + 2] = x >>> 16;
      if (i + 3 < buf.length) buf[i + 3] = x >>> 24;
    }
    return buf.length;
  };
  // writing mixes into the pool in Linux; credit nothing and keep the sequence reproducible
  return { read, write: (_f, data) => data.length, llseek: seek0 };
}
