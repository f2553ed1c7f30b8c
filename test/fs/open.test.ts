// open/read/write/llseek/close (ts/fs/open.ts, read_write.ts): the open flags, shared f_pos,
// unlink while open, pread/pwrite, times from the clock.
import { describe, it, expect } from "vitest";
import {
  EBADF, EEXIST, EINVAL, EISDIR, ELOOP, ENOENT, ENOTDIR, ENXIO, EACCES,
} from "../../ts/include/errno.js";
import {
  O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, O_CLOEXEC,
  SEEK_CUR, SEEK_END, SEEK_SET, SEEK_DATA, SEEK_HOLE, S_IFREG, S_IFCHR, X_OK, F_OK, MKDEV, Vfs,
} from "../../ts/fs/vfs.js";
import { mkvfs, ino, openOk, text, bytes } from "./helpers.js";

describe("open flags", () => {
  it("O_CREAT applies the umask; without O_CREAT a missing file is ENOENT", async () => {
    const { vfs } = mkvfs();
    expect(await vfs.open("/f", O_RDONLY)).toBe(-ENOENT);
    const f = await openOk(vfs, "/f", O_WRONLY | O_CREAT, 0o666);
    expect(vfs.stat("/f")).toMatchObject({ mode: S_IFREG | 0o644, size: 0 });
    await vfs.close(f);
    await openOk(vfs, "/g", O_WRONLY | O_CREAT, 0o777);
    const r = await vfs.open("/h", O_WRONLY | O_CREAT, 0o777, "/", 0o077);
    expect(typeof r).toBe("object");
    expect(vfs.stat("/g")).toMatchObject({ mode: S_IFREG | 0o755 });
    expect(vfs.stat("/h")).toMatchObject({ mode: S_IFREG | 0o700 });
  });

  it("O_EXCL fails on anything existing, a symlink included", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "");
    vfs.symlink("/nowhere", "/dangling");
    expect(await vfs.open("/f", O_WRONLY | O_CREAT | O_EXCL)).toBe(-EEXIST);
    expect(await vfs.open("/dangling", O_WRONLY | O_CREAT | O_EXCL)).toBe(-EEXIST);
    expect(vfs.lookup("/nowhere")).toBe(-ENOENT);
    expect(await vfs.open("/", O_RDONLY | O_CREAT | O_EXCL)).toBe(-EEXIST);
    expect(typeof (await vfs.open("/new", O_WRONLY | O_CREAT | O_EXCL))).toBe("object");
  });

  it("O_CREAT through a dangling symlink creates its target", async () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/d");
    vfs.symlink("d/target", "/link");
    const f = await openOk(vfs, "/link", O_WRONLY | O_CREAT);
    vfs.write(f, bytes("via link"));
    expect(text(vfs.readFile("/d/target"))).toBe("via link");
    expect(await vfs.open("/link", O_WRONLY | O_CREAT | O_NOFOLLOW)).toBe(-ELOOP);
  });

  it("O_TRUNC empties; O_TRUNC on a new file is harmless", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "0123456789");
    const f = await openOk(vfs, "/f", O_RDWR | O_TRUNC);
    expect(vfs.stat("/f")).toMatchObject({ size: 0 });
    vfs.write(f, bytes("ab"));
    expect(text(vfs.readFile("/f"))).toBe("ab");
    await openOk(vfs, "/g", O_WRONLY | O_CREAT | O_TRUNC);
    expect(vfs.stat("/g")).toMatchObject({ size: 0 });
  });

  it("O_APPEND writes at the end, even with a position (pwrite) and after a seek", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/log", "one\n");
    const a = await openOk(vfs, "/log", O_WRONLY | O_APPEND);
    const b = await openOk(vfs, "/log", O_WRONLY);
    expect(vfs.write(a, bytes("two\n"))).toBe(4);
    expect(a.pos).toBe(8);
    vfs.llseek(a, 0, SEEK_SET);
    vfs.write(a, bytes("three\n"));
    vfs.write(a, bytes("four\n"), 0);
    expect(text(vfs.readFile("/log"))).toBe("one\ntwo\nthree\nfour\n");
    // a non-append writer overwrites from its own position
    vfs.write(b, bytes("ONE"));
    expect(text(vfs.readFile("/log"))).toBe("ONE\ntwo\nthree\nfour\n");
    expect(vfs.appendFile("/log", "five\n")).toBe(0);
    expect(vfs.appendFile("/newlog", "x")).toBe(0);
    expect(text(vfs.readFile("/log")).endsWith("four\nfive\n")).toBe(true);
  });

  it("directories: O_DIRECTORY, EISDIR for writing, ENOTDIR for a file", async () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/d");
    vfs.writeFile("/f", "");
    expect(typeof (await vfs.open("/d", O_RDONLY | O_DIRECTORY))).toBe("object");
    expect(await vfs.open("/f", O_RDONLY | O_DIRECTORY)).toBe(-ENOTDIR);
    expect(await vfs.open("/d", O_WRONLY)).toBe(-EISDIR);
    expect(await vfs.open("/d", O_RDWR)).toBe(-EISDIR);
    expect(await vfs.open("/d", O_RDONLY | O_CREAT)).toBe(-EISDIR);
    expect(await vfs.open("/d/", O_RDONLY | O_TRUNC)).toBe(-EISDIR);
    expect(await vfs.open("/new/", O_WRONLY | O_CREAT)).toBe(-EISDIR);
    const d = await openOk(vfs, "/d", O_RDONLY);
    expect(vfs.read(d, new Uint8Array(4))).toBe(-EISDIR);
    expect(vfs.readFile("/d")).toBe(-EISDIR);
  });

  it("O_NOFOLLOW: ELOOP on a final symlink, fine in the middle", async () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/d");
    vfs.writeFile("/d/f", "x");
    vfs.symlink("/d", "/ld");
    vfs.symlink("/d/f", "/lf");
    expect(await vfs.open("/lf", O_RDONLY | O_NOFOLLOW)).toBe(-ELOOP);
    expect(typeof (await vfs.open("/ld/f", O_RDONLY | O_NOFOLLOW))).toBe("object");
  });

  it("access mode: read on O_WRONLY and write on O_RDONLY are EBADF", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "data");
    const r = await openOk(vfs, "/f", O_RDONLY);
    const w = await openOk(vfs, "/f", O_WRONLY);
    expect(vfs.write(r, bytes("x"))).toBe(-EBADF);
    expect(vfs.read(w, new Uint8Array(1))).toBe(-EBADF);
    expect(vfs.ftruncate(r, 0)).toBe(-EINVAL);
    expect(vfs.ftruncate(w, 2)).toBe(0);
    expect(text(vfs.readFile("/f"))).toBe("da");
  });

  it("keeps O_APPEND/O_NONBLOCK in f.flags but not the open-time-only flags", async () => {
    const { vfs } = mkvfs();
    const f = await openOk(vfs, "/f", O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_CLOEXEC);
    expect(f.flags).toBe(O_WRONLY | O_APPEND);
    expect(f.path).toBe("/f");
    vfs.mkdir("/tmp");
    vfs.mkdir("/x");
    const g = await openOk(vfs, "../f", O_RDONLY, 0, "/tmp/..//x/..");
    expect(g.path).toBe("/f");
  });

  it("a char device without a driver is ENXIO; exec needs an x bit", async () => {
    const { vfs } = mkvfs();
    vfs.mknod("/dev0", S_IFCHR | 0o600, MKDEV(200, 0));
    expect(await vfs.open("/dev0", O_RDONLY)).toBe(-ENXIO);
    vfs.writeFile("/prog", "#!/bin/sh\n", 0o644);
    expect(vfs.isExecutable(ino(vfs.lookup("/prog")))).toBe(false);
    expect(vfs.access("/prog", X_OK)).toBe(-EACCES);
    vfs.chmod("/prog", 0o744);
    expect(vfs.isExecutable(ino(vfs.lookup("/prog")))).toBe(true);
    expect(vfs.access("/prog", X_OK)).toBe(0);
    expect(vfs.access("/", X_OK)).toBe(0);
    expect(vfs.access("/missing", F_OK)).toBe(-ENOENT);
  });
});

describe("reading, writing, seeking", () => {
  it("sequential reads advance f.pos; pread does not", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "abcdefgh");
    const f = await openOk(vfs, "/f", O_RDONLY);
    const buf = new Uint8Array(3);
    expect(vfs.read(f, buf)).toBe(3);
    expect(text(buf)).toBe("abc");
    expect(vfs.read(f, buf, 5)).toBe(3);
    expect(text(buf)).toBe("fgh");
    expect(f.pos).toBe(3);
    expect(vfs.read(f, buf)).toBe(3);
    expect(vfs.read(f, buf)).toBe(2);
    expect(vfs.read(f, buf)).toBe(0);
    expect(vfs.read(f, buf, 100)).toBe(0);
  });

  it("dup'ed references share f.pos; release only at the last close", async () => {
    const { vfs } = mkvfs();
    let released = 0;
    let n = 0;
    vfs.mkdir("/proc");
    vfs.createFile("/proc/counter", 0o444, {
      read: (_f, buf, pos) => {
        const s = Buffer.from("0123456789").subarray(pos, pos + buf.length);
        buf.set(s);
        n++;
        return s.length;
      },
      release: () => {
        released++;
      },
      size: () => 10,
    });
    vfs.writeFile("/ram", "0123456789");
    for (const path of ["/proc/counter", "/ram"]) {
      const before = released;
      const f = await openOk(vfs, path, O_RDONLY);
      f.refs++; // dup()
      const b = new Uint8Array(4);
      await vfs.read(f, b);
      await vfs.read(f, b); // through "the other fd": same description
      expect(text(b)).toBe("4567");
      expect(f.pos).toBe(8);
      expect(await vfs.close(f)).toBe(0);
      expect(released).toBe(before);
      expect(await vfs.close(f)).toBe(0);
      expect(await vfs.close(f)).toBe(-EBADF);
    }
    expect(released).toBe(1);
    expect(n).toBe(2);
  });

  it("unlink while open: data stays readable and writable through the file", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/tmpfile", "still here");
    const f = await openOk(vfs, "/tmpfile", O_RDWR);
    expect(vfs.unlink("/tmpfile")).toBe(0);
    expect(vfs.lookup("/tmpfile")).toBe(-ENOENT);
    const buf = new Uint8Array(32);
    expect(text(buf.subarray(0, vfs.read(f, buf) as number))).toBe("still here");
    expect(vfs.write(f, bytes("!"))).toBe(1);
    expect(vfs.fstat(f)).toMatchObject({ nlink: 0, size: 11 });
    expect(vfs.statFile(f)).toEqual(vfs.fstat(f));
  });

  it("writing past the end leaves a zero-filled gap; large files grow", async () => {
    const { vfs } = mkvfs();
    const f = await openOk(vfs, "/sparse", O_RDWR | O_CREAT);
    vfs.write(f, bytes("x"), 5);
    expect([...(vfs.readFile("/sparse") as Uint8Array)]).toEqual([0, 0, 0, 0, 0, 120]);
    vfs.ftruncate(f, 2);
    vfs.write(f, bytes("y"), 4);
    expect([...(vfs.readFile("/sparse") as Uint8Array)]).toEqual([0, 0, 0, 0, 121]);
    const big = new Uint8Array(300_000).fill(7);
    expect(vfs.write(f, big, 0)).toBe(300_000);
    expect(vfs.stat("/sparse")).toMatchObject({ size: 300_000, blocks: Math.ceil(300_000 / 4096) * 8 });
    expect((vfs.readFile("/sparse") as Uint8Array).every((b) => b === 7)).toBe(true);
  });

  it("llseek: SET/CUR/END, negative is EINVAL, past the end is allowed, SEEK_DATA/HOLE", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "0123456789");
    const f = await openOk(vfs, "/f", O_RDONLY);
    expect(vfs.llseek(f, 4, SEEK_SET)).toBe(4);
    expect(vfs.llseek(f, 2, SEEK_CUR)).toBe(6);
    expect(vfs.llseek(f, -3, SEEK_END)).toBe(7);
    expect(vfs.llseek(f, -100, SEEK_CUR)).toBe(-EINVAL);
    expect(f.pos).toBe(7);
    expect(vfs.llseek(f, 50, SEEK_SET)).toBe(50);
    expect(vfs.llseek(f, 0, 99)).toBe(-EINVAL);
    expect(vfs.llseek(f, 3, SEEK_DATA)).toBe(3);
    expect(vfs.llseek(f, 3, SEEK_HOLE)).toBe(10);
    expect(vfs.llseek(f, 10, SEEK_DATA)).toBe(-ENXIO);
  });
});

describe("times", () => {
  it("come from the clock only: create sets all three, write mtime/ctime, chmod ctime", async () => {
    let t = 5_000n;
    const vfs = new Vfs({ clock: () => t });
    t = 100n;
    vfs.writeFile("/f", "");
    expect(vfs.stat("/f")).toMatchObject({ atimeNs: 100n, mtimeNs: 100n, ctimeNs: 100n });
    expect(vfs.stat("/")).toMatchObject({ mtimeNs: 100n });
    t = 200n;
    const f = await openOk(vfs, "/f", O_RDWR);
    vfs.write(f, bytes("x"));
    expect(vfs.stat("/f")).toMatchObject({ atimeNs: 100n, mtimeNs: 200n, ctimeNs: 200n });
    t = 300n;
    vfs.read(f, new Uint8Array(1), 0);
    expect(vfs.stat("/f")).toMatchObject({ atimeNs: 300n }); // relatime: first read after a change
    t = 400n;
    vfs.read(f, new Uint8Array(1), 0);
    expect(vfs.stat("/f")).toMatchObject({ atimeNs: 300n });
    vfs.chmod("/f", 0o600);
    expect(vfs.stat("/f")).toMatchObject({ mtimeNs: 200n, ctimeNs: 400n });
    t = 500n;
    expect(vfs.utimens("/f", 7n, "omit")).toBe(0);
    expect(vfs.stat("/f")).toMatchObject({ atimeNs: 7n, mtimeNs: 200n, ctimeNs: 500n });
    expect(vfs.utimens("/f", "omit", "now")).toBe(0);
    expect(vfs.stat("/f")).toMatchObject({ atimeNs: 7n, mtimeNs: 500n });
  });

  it("two emulations doing the same things see identical stats", () => {
    const run = () => {
      const { vfs } = mkvfs();
      vfs.mkdirp("/a/b");
      vfs.writeFile("/a/b/f", "x");
      vfs.symlink("f", "/a/b/l");
      vfs.createPipe();
      vfs.rename("/a/b/f", "/a/g");
      return ["/", "/a", "/a/b", "/a/g", "/a/b/l"].map((p) => vfs.stat(p, "/", false));
    };
    expect(run()).toEqual(run());
  });
});
