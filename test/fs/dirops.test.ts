// Namespace changes (ts/fs/namei_ops.ts, ramfs.ts): mkdir, rmdir, unlink, link, rename,
// mknod, chmod/chown/utimens, readdir order, nlink counts and the times they set.
import { describe, it, expect } from "vitest";
import {
  EBUSY, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM,
} from "../../ts/include/errno.js";
import {
  S_IFCHR, S_IFIFO, S_IFREG, S_IFDIR, O_RDONLY, MKDEV, MAJOR, MINOR, userMajor, userMinor,
} from "../../ts/fs/vfs.js";
import { mkvfs, ino, openOk, text } from "./helpers.js";

describe("directories", () => {
  it("mkdir, EEXIST, ENOENT parent, nlink of parent", () => {
    const { vfs } = mkvfs();
    expect(vfs.mkdir("/d", 0o750)).toBe(0);
    expect(vfs.mkdir("/d")).toBe(-EEXIST);
    expect(vfs.mkdir("/")).toBe(-EEXIST);
    expect(vfs.mkdir("/d/.")).toBe(-EEXIST);
    expect(vfs.mkdir("/x/y")).toBe(-ENOENT);
    expect(vfs.mkdir("/d/sub/")).toBe(0);
    expect(vfs.stat("/d")).toMatchObject({ mode: S_IFDIR | 0o750, nlink: 3, uid: 0, gid: 0 });
    expect(vfs.stat("/")).toMatchObject({ nlink: 3 });
    vfs.writeFile("/f", "");
    expect(vfs.mkdir("/f/x")).toBe(-ENOTDIR);
  });

  it("mkdirp makes every level and tolerates existing ones", () => {
    const { vfs } = mkvfs();
    expect(vfs.mkdirp("/p/q/r/")).toBe(0);
    expect(vfs.mkdirp("/p/q")).toBe(0);
    vfs.writeFile("/p/file", "");
    expect(vfs.mkdirp("/p/file/z")).toBe(-ENOTDIR);
    expect(vfs.mkdirp("/p/file")).toBe(-EEXIST);
    expect(vfs.mkdirp("q/s", 0o755, "/p")).toBe(0);
    expect(typeof vfs.lookup("/p/q/s")).toBe("object");
  });

  it("rmdir: ENOTEMPTY, ENOTDIR, '.', '..', '/', mountpoints", () => {
    const { vfs } = mkvfs();
    vfs.mkdirp("/d/sub");
    vfs.writeFile("/d/sub/f", "x");
    expect(vfs.rmdir("/d")).toBe(-ENOTEMPTY);
    expect(vfs.rmdir("/d/sub")).toBe(-ENOTEMPTY);
    expect(vfs.rmdir("/d/sub/f")).toBe(-ENOTDIR);
    expect(vfs.rmdir("/d/sub/.")).toBe(-EINVAL);
    expect(vfs.rmdir("/d/sub/..")).toBe(-ENOTEMPTY);
    expect(vfs.rmdir("/")).toBe(-EBUSY);
    expect(vfs.rmdir("/nope")).toBe(-ENOENT);
    expect(vfs.unlink("/d/sub/f")).toBe(0);
    expect(vfs.rmdir("/d/sub/")).toBe(0);
    expect(vfs.stat("/d")).toMatchObject({ nlink: 2 });
    vfs.mkdir("/m");
    expect(vfs.mount("/m", vfs.newDirInode(0o755))).toBe(0);
    expect(vfs.rmdir("/m")).toBe(-EBUSY);
    expect(vfs.umount("/m")).toBe(0);
    expect(vfs.rmdir("/m")).toBe(0);
  });

  it("a removed directory refuses new entries and lists nothing", () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/gone");
    const d = ino(vfs.lookup("/gone"));
    expect(vfs.rmdir("/gone")).toBe(0);
    expect(vfs.mkdir("x", 0o755, d)).toBe(-ENOENT);
    expect(vfs.writeFile("x", "", 0o644, d)).toBe(-ENOENT);
    expect(vfs.readdirInode(d)).toBe(-ENOENT);
  });

  it("readdir lists '.', '..' then entries in creation order", () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/d");
    for (const n of ["zeta", "alpha", "mid"]) vfs.writeFile(`/d/${n}`, "");
    expect(vfs.readdir("/d")).toEqual([".", "..", "zeta", "alpha", "mid"]);
    vfs.unlink("/d/alpha");
    vfs.writeFile("/d/alpha", "");
    expect(vfs.readdir("/d")).toEqual([".", "..", "zeta", "mid", "alpha"]);
    expect(vfs.readdir("/d/zeta")).toBe(-ENOTDIR);
    expect(vfs.readdir("d", "/")).toEqual(vfs.readdir("/d"));
  });

  it("unlink: EISDIR for directories, ENOTDIR with a trailing slash", () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/d");
    vfs.writeFile("/f", "");
    expect(vfs.unlink("/d")).toBe(-EISDIR);
    expect(vfs.unlink("/f/")).toBe(-ENOTDIR);
    expect(vfs.unlink("/nope")).toBe(-ENOENT);
    expect(vfs.unlink("/")).toBe(-EISDIR);
    expect(vfs.unlink("/f")).toBe(0);
    expect(vfs.lookup("/f")).toBe(-ENOENT);
  });

  it("unlinking a symlink removes the link, not the target", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/t", "data");
    vfs.symlink("/t", "/l");
    expect(vfs.unlink("/l")).toBe(0);
    expect(text(vfs.readFile("/t"))).toBe("data");
  });
});

describe("hard links", () => {
  it("share the inode and count links; data survives unlink of one name", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/a", "shared");
    expect(vfs.link("/a", "/b")).toBe(0);
    expect(vfs.lookup("/a")).toBe(vfs.lookup("/b"));
    expect(vfs.stat("/a")).toMatchObject({ nlink: 2 });
    expect(vfs.link("/a", "/b")).toBe(-EEXIST);
    expect(vfs.unlink("/a")).toBe(0);
    expect(vfs.stat("/b")).toMatchObject({ nlink: 1 });
    expect(text(vfs.readFile("/b"))).toBe("shared");
    vfs.mkdir("/d");
    expect(vfs.link("/d", "/d2")).toBe(-EPERM);
    expect(vfs.link("/nope", "/x")).toBe(-ENOENT);
  });

  it("link does not follow a symlink (linkat without AT_SYMLINK_FOLLOW)", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/t", "");
    vfs.symlink("/t", "/s");
    expect(vfs.link("/s", "/s2")).toBe(0);
    expect(vfs.readlink("/s2")).toBe("/t");
  });
});

describe("rename", () => {
  it("moves files and replaces an existing file", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/a", "A");
    vfs.writeFile("/b", "B");
    const a = vfs.lookup("/a");
    expect(vfs.rename("/a", "/b")).toBe(0);
    expect(vfs.lookup("/a")).toBe(-ENOENT);
    expect(vfs.lookup("/b")).toBe(a);
    expect(text(vfs.readFile("/b"))).toBe("A");
    expect(vfs.readdir("/")).toEqual([".", "..", "b"]);
  });

  it("replacing keeps an open file of the old target readable", async () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/old", "old contents");
    vfs.writeFile("/new", "new");
    const f = await openOk(vfs, "/old", O_RDONLY);
    expect(vfs.rename("/new", "/old")).toBe(0);
    const buf = new Uint8Array(64);
    expect(text(buf.subarray(0, vfs.read(f, buf) as number))).toBe("old contents");
    expect(text(vfs.readFile("/old"))).toBe("new");
  });

  it("directories: over an empty dir, not over a non-empty one, not into itself", () => {
    const { vfs } = mkvfs();
    vfs.mkdirp("/x/inner");
    vfs.mkdir("/empty");
    vfs.mkdirp("/full/child");
    vfs.writeFile("/file", "");
    expect(vfs.rename("/x", "/full")).toBe(-ENOTEMPTY);
    expect(vfs.rename("/x", "/file")).toBe(-ENOTDIR);
    expect(vfs.rename("/file", "/empty")).toBe(-EISDIR);
    expect(vfs.rename("/x", "/x/inner/y")).toBe(-EINVAL);
    expect(vfs.rename("/x", "/empty")).toBe(0);
    expect(vfs.lookup("/empty/inner/..")).toBe(vfs.lookup("/empty"));
    expect(vfs.stat("/")).toMatchObject({ nlink: 4 }); // empty, full + . and ..
    expect(vfs.rename("/empty/inner", "/full/inner")).toBe(0);
    expect(vfs.lookup("/full/inner/..")).toBe(vfs.lookup("/full"));
    expect(vfs.stat("/full")).toMatchObject({ nlink: 4 });
    expect(vfs.stat("/empty")).toMatchObject({ nlink: 2 });
  });

  it("same inode is a no-op; '.'/'..' are EBUSY; missing source ENOENT; trailing slash on a file ENOTDIR", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/a", "");
    vfs.link("/a", "/b");
    expect(vfs.rename("/a", "/b")).toBe(0);
    expect(typeof vfs.lookup("/a")).toBe("object");
    vfs.mkdir("/d");
    expect(vfs.rename("/d/.", "/e")).toBe(-EBUSY);
    expect(vfs.rename("/d", "/d/..")).toBe(-EBUSY);
    expect(vfs.rename("/nope", "/z")).toBe(-ENOENT);
    expect(vfs.rename("/a/", "/z")).toBe(-ENOTDIR);
    expect(vfs.rename("/d/", "/d2/")).toBe(0);
  });

  it("relative paths against cwd", () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/w");
    vfs.writeFile("/w/a", "1");
    expect(vfs.rename("a", "b", "/w")).toBe(0);
    expect(vfs.link("b", "/c", "/w")).toBe(0);
    expect(text(vfs.readFile("/c"))).toBe("1");
  });
});

describe("mknod and attributes", () => {
  it("mknod makes device nodes with rdev and FIFOs; stat shows the user-space encoding", () => {
    const { vfs } = mkvfs();
    expect(vfs.mknod("/c", S_IFCHR | 0o620, MKDEV(240, 300))).toBe(0);
    const st = vfs.stat("/c");
    if (typeof st === "number") throw new Error();
    expect(st.mode).toBe(S_IFCHR | 0o620);
    expect(userMajor(st.rdev)).toBe(240);
    expect(userMinor(st.rdev)).toBe(300);
    expect(ino(vfs.lookup("/c")).rdev).toBe(MKDEV(240, 300));
    expect(MAJOR(MKDEV(4095, 5))).toBe(4095);
    expect(MINOR(MKDEV(4095, 5))).toBe(5);
    expect(vfs.mknod("/p", S_IFIFO | 0o644)).toBe(0);
    expect(vfs.stat("/p")).toMatchObject({ mode: S_IFIFO | 0o644, rdev: 0 });
    expect(vfs.mknod("/r", 0o600)).toBe(0);
    expect(vfs.stat("/r")).toMatchObject({ mode: S_IFREG | 0o600 });
    expect(vfs.mknod("/d", S_IFDIR | 0o755)).toBe(-EPERM);
    expect(vfs.mknod("/c", S_IFCHR, 0)).toBe(-EEXIST);
    expect(vfs.mknod("/bad", 0o170000)).toBe(-EINVAL);
    expect(vfs.mkdev(1, 3)).toBe(MKDEV(1, 3));
  });

  it("chmod keeps the type, chown follows unless asked not to, -1 keeps an id", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "");
    vfs.symlink("/f", "/l");
    expect(vfs.chmod("/l", 0o4711)).toBe(0);
    expect(vfs.stat("/f")).toMatchObject({ mode: S_IFREG | 0o4711 });
    expect(vfs.chown("/l", 1000, -1)).toBe(0);
    expect(vfs.stat("/f")).toMatchObject({ uid: 1000, gid: 0, mode: S_IFREG | 0o711 });
    expect(vfs.chown("/l", -1, 50, "/", false)).toBe(0);
    expect(vfs.stat("/l", "/", false)).toMatchObject({ uid: 0, gid: 50 });
    expect(vfs.chmod("/nope", 0)).toBe(-ENOENT);
  });

  it("truncate grows with zeros and shrinks; EISDIR for directories", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/f", "abcdef");
    expect(vfs.truncate("/f", 3)).toBe(0);
    expect(text(vfs.readFile("/f"))).toBe("abc");
    expect(vfs.truncate("/f", 5)).toBe(0);
    expect([...(vfs.readFile("/f") as Uint8Array)]).toEqual([97, 98, 99, 0, 0]);
    expect(vfs.truncate("/", 0)).toBe(-EISDIR);
    expect(vfs.truncate("/f", -1)).toBe(-EINVAL);
  });
});
