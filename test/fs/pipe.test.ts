// Pipes and FIFOs (ts/fs/pipe.ts): blocking read resolved by a later write, EOF, EPIPE,
// O_NONBLOCK, the 64 KiB limit with a blocked writer, PIPE_BUF atomicity, FIFO opens.
import { describe, it, expect } from "vitest";
import { EAGAIN, EINTR, ENXIO, EPIPE, ESPIPE } from "../../ts/include/errno.js";
import {
  O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY, S_IFIFO, SEEK_SET, PIPE_SIZE, createPipe,
} from "../../ts/fs/vfs.js";
import type { OpenFile } from "../../ts/fs/vfs.js";
import { mkvfs, text, bytes } from "./helpers.js";

const tick = () => new Promise<void>((r) => setImmediate(r));

/** settles? (without waiting for it) */
async function state<T>(p: T | Promise<T>): Promise<{ done: boolean; value?: T }> {
  let done = false;
  let value: T | undefined;
  void Promise.resolve(p).then((v) => {
    done = true;
    value = v;
  });
  await tick();
  return { done, value };
}

describe("anonymous pipes", () => {
  it("moves bytes in order", () => {
    const { vfs } = mkvfs();
    const [r, w] = vfs.createPipe();
    expect(vfs.write(w, bytes("hello "))).toBe(6);
    expect(vfs.write(w, bytes("world"))).toBe(5);
    const buf = new Uint8Array(8);
    expect(vfs.read(r, buf)).toBe(8);
    expect(text(buf)).toBe("hello wo");
    expect(vfs.read(r, buf)).toBe(3);
    expect(text(buf.subarray(0, 3))).toBe("rld");
    expect(vfs.fstat(r)).toMatchObject({ mode: S_IFIFO | 0o600 });
    expect(r.path).toMatch(/^pipe:\[\d+\]$/);
    expect(r.pos).toBe(0);
  });

  it("a read on an empty pipe blocks until a write, then EOF when every writer closed", async () => {
    const { vfs } = mkvfs();
    const [r, w] = vfs.createPipe();
    const buf = new Uint8Array(16);
    const pending = vfs.read(r, buf);
    expect(pending).toBeInstanceOf(Promise);
    expect((await state(pending)).done).toBe(false);
    expect(vfs.write(w, bytes("late"))).toBe(4);
    expect(await pending).toBe(4);
    expect(text(buf.subarray(0, 4))).toBe("late");
    const eof = vfs.read(r, buf);
    w.refs++; // a dup'ed write end keeps the pipe open
    await vfs.close(w);
    expect((await state(eof)).done).toBe(false);
    await vfs.close(w);
    expect(await eof).toBe(0);
    expect(vfs.read(r, buf)).toBe(0);
  });

  it("EPIPE without readers; O_NONBLOCK gives EAGAIN; no pread or lseek", async () => {
    const { vfs } = mkvfs();
    const [r, w] = vfs.createPipe(O_NONBLOCK);
    expect(vfs.read(r, new Uint8Array(1))).toBe(-EAGAIN);
    expect(vfs.read(r, new Uint8Array(1), 0)).toBe(-ESPIPE);
    expect(vfs.write(w, bytes("x"), 0)).toBe(-ESPIPE);
    expect(vfs.llseek(r, 0, SEEK_SET)).toBe(-ESPIPE);
    await vfs.close(r);
    expect(vfs.write(w, bytes("x"))).toBe(-EPIPE);
  });

  it("a full pipe (64 KiB) blocks the writer until a reader makes room", async () => {
    const { vfs } = mkvfs();
    const [r, w] = vfs.createPipe();
    const big = new Uint8Array(PIPE_SIZE + 1000);
    for (let i = 0; i < big.length; i++) big[i] = i & 0xff;
    const wr = vfs.write(w, big);
    expect((await state(wr)).done).toBe(false);
    const got = new Uint8Array(big.length);
    let off = 0;
    while (off < big.length) {
      const n = await vfs.read(r, got.subarray(off, off + 30000));
      expect(n).toBeGreaterThan(0);
      off += n;
    }
    expect(await wr).toBe(big.length);
    expect(got).toEqual(big);
  });

  it("nonblocking writes: partial when some room, EAGAIN when none; small writes are atomic", () => {
    const { vfs } = mkvfs();
    const [r, w] = vfs.createPipe(O_NONBLOCK);
    expect(vfs.write(w, new Uint8Array(PIPE_SIZE - 100))).toBe(PIPE_SIZE - 100);
    expect(vfs.write(w, new Uint8Array(200))).toBe(-EAGAIN); // <= PIPE_BUF: all or nothing
    expect(vfs.write(w, new Uint8Array(5000))).toBe(100); // > PIPE_BUF: what fits
    expect(vfs.write(w, new Uint8Array(5000))).toBe(-EAGAIN);
    expect(vfs.read(r, new Uint8Array(PIPE_SIZE))).toBe(PIPE_SIZE);
  });

  it("a blocked writer gets EPIPE (or its partial count) when the reader goes", async () => {
    const { vfs } = mkvfs();
    const [r, w] = vfs.createPipe();
    const wr = vfs.write(w, new Uint8Array(PIPE_SIZE + 10));
    await vfs.close(r);
    expect(await wr).toBe(PIPE_SIZE);
  });

  it("interrupt ends a blocked read with EINTR without eating later data", async () => {
    const { vfs } = mkvfs();
    const [r, w] = vfs.createPipe();
    const b1 = new Uint8Array(4);
    const p = vfs.read(r, b1);
    expect(vfs.interrupt(r)).toBe(true);
    expect(await p).toBe(-EINTR);
    vfs.write(w, bytes("data"));
    const b2 = new Uint8Array(4);
    expect(vfs.read(r, b2)).toBe(4);
    expect(text(b2)).toBe("data");
    expect(vfs.interrupt(r)).toBe(false);
  });

  it("the free function works without a Vfs", () => {
    const [r, w] = createPipe();
    const vfsLess = w as OpenFile;
    expect((vfsLess.inode as { pipe: unknown }).pipe).toBeDefined();
    const { vfs } = mkvfs();
    vfs.write(w, bytes("ok"));
    const b = new Uint8Array(2);
    vfs.read(r, b);
    expect(text(b)).toBe("ok");
  });
});

describe("FIFOs", () => {
  it("a reader's open waits for a writer and the other way round", async () => {
    const { vfs } = mkvfs();
    vfs.mknod("/fifo", S_IFIFO | 0o644);
    const ro = vfs.open("/fifo", O_RDONLY);
    expect((await state(ro)).done).toBe(false);
    const wo = await vfs.open("/fifo", O_WRONLY);
    const r = await ro;
    if (typeof r === "number" || typeof wo === "number") throw new Error("open");
    vfs.write(wo, bytes("through the fifo"));
    const buf = new Uint8Array(32);
    expect(text(buf.subarray(0, vfs.read(r, buf) as number))).toBe("through the fifo");
    await vfs.close(wo);
    expect(vfs.read(r, buf)).toBe(0);
    await vfs.close(r);
  });

  it("O_NONBLOCK: reader opens at once, writer without reader is ENXIO; O_RDWR never waits", async () => {
    const { vfs } = mkvfs();
    vfs.mknod("/fifo", S_IFIFO | 0o644);
    expect(await vfs.open("/fifo", O_WRONLY | O_NONBLOCK)).toBe(-ENXIO);
    const r = await vfs.open("/fifo", O_RDONLY | O_NONBLOCK);
    expect(typeof r).toBe("object");
    const rw = await vfs.open("/fifo", O_RDWR);
    if (typeof rw === "number" || typeof r === "number") throw new Error("open");
    vfs.write(rw, bytes("x"));
    expect(vfs.read(r, new Uint8Array(1))).toBe(1);
    await vfs.close(rw);
    await vfs.close(r);
    // the buffer goes with the last opener
    expect((vfs.lookup("/fifo") as { pipe?: unknown }).pipe).toBeUndefined();
  });
});
