// TS-backed files, dynamic directories, the char device registry, mounts of detached trees,
// the standard rootfs and its /dev/null, /dev/zero, /dev/full, /dev/urandom.
import { describe, it, expect } from "vitest";
import { EACCES, EEXIST, ENOENT, ENOSPC, EPERM, EAGAIN, EINVAL } from "../../ts/include/errno.js";
import {
  O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, S_IFCHR, S_IFDIR, S_IFREG, SEEK_END, SEEK_SET,
  MKDEV, Vfs, populateRootfs, userMajor, userMinor,
} from "../../ts/fs/vfs.js";
import type { FileOps, OpenFile, Inode } from "../../ts/fs/vfs.js";
import { mkvfs, ino, openOk, text, bytes } from "./helpers.js";

describe("TS-backed files", () => {
  it("ops get the right positions; the VFS advances f.pos by what they return", async () => {
    const { vfs } = mkvfs();
    const calls: string[] = [];
    const content = Buffer.from("abcdefghij");
    let written = "";
    const ops: FileOps = {
      open: (f) => {
        calls.push(`open ${f.flags & 3}`);
        f.privateData = "mine";
        return 0;
      },
      read: (f, buf, pos) => {
        calls.push(`read ${pos} ${buf.length} ${String(f.privateData)}`);
        const s = content.subarray(pos, pos + buf.length);
        buf.set(s);
        return s.length;
      },
      write: (_f, data, pos) => {
        calls.push(`write ${pos} ${data.length}`);
        written += Buffer.from(data).toString();
        return data.length;
      },
      release: () => {
        calls.push("release");
      },
      size: () => 0,
    };
    vfs.mkdir("/proc");
    const i = ino(vfs.createFile("/proc/thing", 0o644, ops));
    expect(vfs.stat("/proc/thing")).toMatchObject({ mode: S_IFREG | 0o644, size: 0, ino: i.ino });
    const f = await openOk(vfs, "/proc/thing", O_RDWR);
    const b = new Uint8Array(4);
    expect(vfs.read(f, b)).toBe(4);
    expect(vfs.read(f, b)).toBe(4);
    expect(vfs.read(f, b, 1)).toBe(4);
    expect(vfs.read(f, b)).toBe(2);
    expect(vfs.read(f, b)).toBe(0);
    expect(vfs.write(f, bytes("xyz"))).toBe(3);
    expect(vfs.write(f, bytes("Q"), 2)).toBe(1);
    expect(vfs.llseek(f, 0, SEEK_END)).toBe(0); // default_llseek with size() = 0
    await vfs.close(f);
    expect(calls).toEqual([
      "open 2", "read 0 4 mine", "read 4 4 mine", "read 1 4 mine", "read 8 4 mine", "read 10 4 mine",
      "write 10 3", "write 2 1", "release",
    ]);
    expect(written).toBe("xyzQ");
    // O_TRUNC does not cut a TS-backed file (as procfs ignores it); O_APPEND writes at size()
    calls.length = 0;
    const g = await openOk(vfs, "/proc/thing", O_WRONLY | O_TRUNC | O_APPEND);
    vfs.write(g, bytes("12"));
    expect(calls).toEqual(["open 1", "write 0 2"]);
    expect(vfs.truncate("/proc/thing", 0)).toBe(0);
  });

  it("async ops: the read's Promise resolves and f.pos moves then", async () => {
    const { vfs } = mkvfs();
    let wake: (() => void) | undefined;
    vfs.createFile("/slow", 0o444, {
      read: (_f, buf, pos) =>
        new Promise<number>((res) => {
          wake = () => {
            buf[0] = 65 + pos;
            res(1);
          };
        }),
    });
    const f = await openOk(vfs, "/slow", O_RDONLY);
    const b = new Uint8Array(1);
    const p = vfs.read(f, b);
    expect(p).toBeInstanceOf(Promise);
    expect(f.pos).toBe(0);
    wake!();
    expect(await p).toBe(1);
    expect(f.pos).toBe(1);
    expect(vfs.readFile("/slow")).toBe(-EAGAIN);
    vfs.createFile("/later", 0o444, {
      read: async (_f, buf, pos) => {
        const s = Buffer.from("async text").subarray(pos, pos + Math.min(buf.length, 3));
        buf.set(s);
        return s.length;
      },
      write: async (_f, d) => Math.min(d.length, 2),
    });
    expect(text(await vfs.readFileAsync("/later"))).toBe("async text");
    expect(await vfs.writeFileAsync("/later", "12345")).toBe(0);
  });

  it("managesPos leaves f.pos to the ops (a C driver's *ppos)", async () => {
    const { vfs } = mkvfs();
    vfs.createFile("/drv", 0o666, {
      managesPos: true,
      read: (f, buf) => {
        f.pos += 100;
        buf[0] = 1;
        return 1;
      },
    });
    const f = await openOk(vfs, "/drv", O_RDONLY);
    vfs.read(f, new Uint8Array(1));
    expect(f.pos).toBe(100);
  });

  it("readFile/writeFile go through sync ops; createFile refuses an existing name", () => {
    const { vfs } = mkvfs();
    let value = "42\n";
    vfs.createFile("/knob", 0o644, {
      read: (_f, buf, pos) => {
        const s = Buffer.from(value).subarray(pos, pos + buf.length);
        buf.set(s);
        return s.length;
      },
      write: (_f, data) => {
        value = Buffer.from(data).toString();
        return data.length;
      },
    });
    expect(text(vfs.readFile("/knob"))).toBe("42\n");
    expect(vfs.writeFile("/knob", "7\n")).toBe(0);
    expect(value).toBe("7\n");
    expect(vfs.createFile("/knob", 0o644, {})).toBe(-EEXIST);
    expect(vfs.createFile("/nodir/x", 0o644, {})).toBe(-ENOENT);
  });

  it("ops without read/write are EINVAL", async () => {
    const { vfs } = mkvfs();
    vfs.createFile("/wo", 0o200, { write: (_f, d) => d.length });
    const f = await openOk(vfs, "/wo", O_RDWR);
    expect(vfs.read(f, new Uint8Array(1))).toBe(-EINVAL);
  });
});

describe("dynamic directories", () => {
  function procLike(vfs: Vfs) {
    const pids = [1, 42];
    const cache = new Map<string, Inode>();
    const looked: string[] = [];
    const dir = (pid: number) => vfs.newDirInode(0o555, {
      lookup: (name) => {
        if (name !== "comm") return undefined;
        return vfs.newFileInode(0o444, {
          read: (_f, buf, pos) => {
            const s = Buffer.from(`task${pid}\n`).subarray(pos, pos + buf.length);
            buf.set(s);
            return s.length;
          },
        });
      },
      list: () => ["comm"],
    });
    const root = ino(vfs.createDynamicDir("/proc", 0o555, {
      lookup: (name) => {
        looked.push(name);
        if (name === "self") return cache.get("self") ?? cache.set("self", vfs.newSymlinkInode("42")).get("self");
        const pid = Number(name);
        if (!pids.includes(pid)) return undefined;
        return cache.get(name) ?? cache.set(name, dir(pid)).get(name);
      },
      list: () => [...pids.map(String), "self"],
    }));
    return { root, pids, looked };
  }

  it("lookup and list on the fly; '..' leads back; symlinks inside work", () => {
    const { vfs } = mkvfs();
    const { pids, looked } = procLike(vfs);
    expect(vfs.readdir("/proc")).toEqual([".", "..", "1", "42", "self"]);
    expect(text(vfs.readFile("/proc/42/comm"))).toBe("task42\n");
    expect(text(vfs.readFile("/proc/self/comm"))).toBe("task42\n");
    expect(vfs.lookup("/proc/42/..")).toBe(vfs.lookup("/proc"));
    expect(vfs.lookup("/proc/42/../..")).toBe(vfs.root);
    expect(vfs.lookup("/proc/7")).toBe(-ENOENT);
    pids.push(7);
    expect(vfs.readdir("/proc")).toContain("7");
    expect(text(vfs.readFile("/proc/7/comm"))).toBe("task7\n");
    expect(vfs.stat("/proc")).toMatchObject({ mode: S_IFDIR | 0o555 });
    expect(looked).toContain("self");
  });

  it("cannot be changed through the namespace calls", async () => {
    const { vfs } = mkvfs();
    procLike(vfs);
    expect(vfs.mkdir("/proc/x")).toBe(-EPERM);
    expect(vfs.unlink("/proc/42/comm")).toBe(-EPERM);
    expect(vfs.rmdir("/proc/1")).toBe(-EPERM);
    expect(await vfs.open("/proc/new", O_WRONLY | O_CREAT)).toBe(-EACCES);
    expect(vfs.symlink("x", "/proc/l")).toBe(-EPERM);
  });

  it("a detached tree mounted over a directory, and unmounted again", () => {
    const { vfs } = mkvfs();
    vfs.mkdirp("/sys");
    vfs.writeFile("/sys/hidden", "under the mount");
    const sb = vfs.newSuper("sysfs");
    const root = vfs.newDirInode(0o755, undefined, sb);
    expect(vfs.mount("/sys", root)).toBe(0);
    expect(vfs.readdir("/sys")).toEqual([".", ".."]);
    expect(vfs.mkdir("/sys/kernel")).toBe(0);
    expect(vfs.lookup("/sys/kernel/..")).toBe(root);
    expect(vfs.lookup("/sys/..")).toBe(vfs.root);
    const st = vfs.stat("/sys/kernel");
    const rst = vfs.stat("/");
    if (typeof st === "number" || typeof rst === "number") throw new Error();
    expect(st.dev).not.toBe(rst.dev);
    expect(vfs.rename("/sys/kernel", "/kernel")).toBe(-18); // EXDEV
    expect(vfs.umount("/sys")).toBe(0);
    expect(text(vfs.readFile("/sys/hidden"))).toBe("under the mount");
    expect(vfs.umount("/sys")).toBe(-EINVAL);
  });
});

describe("char devices and the rootfs", () => {
  it("looks device ops up by rdev at open: registry first, then the callback", async () => {
    const seen: number[] = [];
    const ops: FileOps = { read: (_f, buf) => ((buf[0] = 9), 1) };
    const vfs = new Vfs({ clock: () => 0n, chrdevOps: (rdev) => (seen.push(rdev), rdev === MKDEV(10, 1) ? ops : undefined) });
    vfs.mknod("/a", S_IFCHR | 0o600, MKDEV(10, 1));
    vfs.mknod("/b", S_IFCHR | 0o600, MKDEV(10, 2));
    const f = await vfs.open("/a", O_RDONLY);
    if (typeof f === "number") throw new Error();
    const b = new Uint8Array(1);
    expect(vfs.read(f, b)).toBe(1);
    expect(b[0]).toBe(9);
    expect(await vfs.open("/b", O_RDONLY)).toBe(-6); // ENXIO
    vfs.registerChrdev(MKDEV(10, 2), ops);
    expect(typeof (await vfs.open("/b", O_RDONLY))).toBe("object");
    expect(seen).toEqual([MKDEV(10, 1), MKDEV(10, 2)]);
  });

  it("populateRootfs: layout, modes, device numbers, files", () => {
    const { vfs } = mkvfs();
    populateRootfs(vfs, "6.1.0-kemu");
    for (const d of ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/etc", "/root", "/var/log", "/proc", "/sys", "/dev",
      "/lib/modules/6.1.0-kemu", "/home"]) {
      const st = vfs.stat(d);
      expect(typeof st === "object" && (st.mode & 0o170000) === S_IFDIR, d).toBe(true);
    }
    expect(vfs.stat("/tmp")).toMatchObject({ mode: S_IFDIR | 0o1777, uid: 0, gid: 0 });
    const want: [string, number][] = [["null", 3], ["zero", 5], ["full", 7], ["random", 8], ["urandom", 9]];
    for (const [name, minor] of want) {
      const st = vfs.stat(`/dev/${name}`);
      if (typeof st === "number") throw new Error(name);
      expect(st.mode).toBe(S_IFCHR | 0o666);
      expect([userMajor(st.rdev), userMinor(st.rdev)]).toEqual([1, minor]);
    }
    expect(text(vfs.readFile("/etc/hostname"))).toBe("kemu\n");
    expect(text(vfs.readFile("/etc/passwd"))).toMatch(/^root:x:0:0:/);
    expect(vfs.stat("/var/log/messages")).toMatchObject({ size: 0, mode: S_IFREG | 0o640 });
  });

  it("/dev/null, /dev/zero, /dev/full, /dev/urandom behave", async () => {
    const { vfs } = mkvfs();
    populateRootfs(vfs, "r");
    const nul = await openOk(vfs, "/dev/null", O_RDWR);
    expect(vfs.write(nul, bytes("gone"))).toBe(4);
    expect(vfs.read(nul, new Uint8Array(10))).toBe(0);
    expect(vfs.llseek(nul, 100, SEEK_SET)).toBe(0);
    expect(vfs.writeFile("/dev/null", "x")).toBe(0);
    expect((vfs.readFile("/dev/null") as Uint8Array).length).toBe(0);
    const zero = await openOk(vfs, "/dev/zero", O_RDWR);
    const buf = new Uint8Array(8).fill(5);
    expect(vfs.read(zero, buf)).toBe(8);
    expect([...buf]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(vfs.write(zero, bytes("abc"))).toBe(3);
    const full = await openOk(vfs, "/dev/full", O_WRONLY | O_APPEND);
    expect(vfs.write(full, bytes("x"))).toBe(-ENOSPC);
    const rnd = async () => {
      const v = mkvfs().vfs;
      populateRootfs(v, "r");
      const f = await openOk(v, "/dev/urandom", O_RDONLY);
      const b = new Uint8Array(16);
      v.read(f, b);
      return [...b];
    };
    const a = await rnd();
    expect(a).toEqual(await rnd()); // deterministic
    expect(new Set(a).size).toBeGreaterThan(8);
  });

  it("install makes parents and sets the mode exactly", () => {
    const { vfs } = mkvfs();
    expect(vfs.install("/usr/local/bin/tool", "#!/bin/sh\n", 0o755)).toBe(0);
    expect(vfs.stat("/usr/local/bin/tool")).toMatchObject({ mode: S_IFREG | 0o755, size: 10 });
    expect(vfs.writeFile("/no/such/dir/f", "x")).toBe(-ENOENT);
  });

  it("f.inode of an open file is the Inode", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "");
    const f: OpenFile = await openOk(vfs, "/f", O_RDONLY);
    expect(f.inode).toBe(vfs.lookup("/f"));
  });
});
