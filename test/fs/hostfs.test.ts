// Host mounts (ts/fs/hostfs.ts) on a temporary host directory: a live view, writes reaching the
// host, EROFS when read-only, nothing of the host outside the mount.
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ENOENT, ENOTEMPTY, EROFS, EXDEV, ENOTDIR } from "../../ts/include/errno.js";
import {
  O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, S_IFDIR, S_IFREG, S_IFLNK, SEEK_END,
} from "../../ts/fs/vfs.js";
import { mkvfs, ino, openOk, text, bytes } from "./helpers.js";

let host: string;

beforeEach(() => {
  host = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-hostfs-"));
  fs.mkdirSync(path.join(host, "sub"));
  fs.writeFileSync(path.join(host, "sub", "a.txt"), "from the host\n");
  fs.writeFileSync(path.join(host, "b.c"), "int x;\n");
  fs.chmodSync(path.join(host, "b.c"), 0o640);
});
afterEach(() => {
  fs.rmSync(host, { recursive: true, force: true });
});

describe("host mounts", () => {
  it("shows the host directory, live, with the host's modes and sizes", async () => {
    const { vfs } = mkvfs();
    expect(vfs.mountHost(host, "/mnt/host", false)).toBe(0);
    expect(vfs.readdir("/mnt/host")).toEqual([".", "..", "b.c", "sub"]);
    expect(text(vfs.readFile("/mnt/host/sub/a.txt"))).toBe("from the host\n");
    expect(vfs.stat("/mnt/host/b.c")).toMatchObject({ mode: S_IFREG | 0o640, size: 7, uid: 0, gid: 0 });
    expect(vfs.stat("/mnt/host/sub")).toMatchObject({ mode: expect.any(Number) });
    expect((vfs.stat("/mnt/host/sub") as { mode: number }).mode & 0o170000).toBe(S_IFDIR);
    // changes on the host show at once
    fs.writeFileSync(path.join(host, "new"), "appeared");
    expect(vfs.readdir("/mnt/host")).toContain("new");
    expect(text(vfs.readFile("/mnt/host/new"))).toBe("appeared");
    fs.rmSync(path.join(host, "new"));
    expect(vfs.lookup("/mnt/host/new")).toBe(-ENOENT);
    // the same file keeps its inode
    expect(vfs.lookup("/mnt/host/sub/a.txt")).toBe(vfs.lookup("/mnt/host/sub/../sub/a.txt"));
    expect(vfs.lookup("/mnt/host/..")).toBe(vfs.lookup("/mnt"));
    expect(vfs.lookup("/mnt/host/sub/../..")).toBe(vfs.lookup("/mnt"));
  });

  it("writes go to the host: create, write, append, truncate, mkdir, rename, unlink, symlink", async () => {
    const { vfs } = mkvfs();
    vfs.mountHost(host, "/h");
    const f = await openOk(vfs, "/h/out.txt", O_WRONLY | O_CREAT, 0o600);
    expect(vfs.write(f, bytes("hello"))).toBe(5);
    await vfs.close(f);
    expect(fs.readFileSync(path.join(host, "out.txt"), "utf8")).toBe("hello");
    expect(fs.statSync(path.join(host, "out.txt")).mode & 0o777).toBe(0o600);
    const a = await openOk(vfs, "/h/out.txt", O_WRONLY | O_APPEND);
    vfs.write(a, bytes(" world"));
    await vfs.close(a);
    expect(fs.readFileSync(path.join(host, "out.txt"), "utf8")).toBe("hello world");
    const rw = await openOk(vfs, "/h/out.txt", O_RDWR);
    expect(vfs.llseek(rw, 0, SEEK_END)).toBe(11);
    const b = new Uint8Array(5);
    expect(vfs.read(rw, b, 6)).toBe(5);
    expect(text(b)).toBe("world");
    await vfs.close(rw);
    const t = await openOk(vfs, "/h/out.txt", O_WRONLY | O_TRUNC);
    await vfs.close(t);
    expect(fs.statSync(path.join(host, "out.txt")).size).toBe(0);
    expect(vfs.writeFile("/h/w.txt", "via writeFile")).toBe(0);
    expect(fs.readFileSync(path.join(host, "w.txt"), "utf8")).toBe("via writeFile");

    expect(vfs.mkdir("/h/dir", 0o700)).toBe(0);
    expect(fs.statSync(path.join(host, "dir")).isDirectory()).toBe(true);
    expect(vfs.rename("/h/w.txt", "/h/dir/moved.txt")).toBe(0);
    expect(fs.existsSync(path.join(host, "dir", "moved.txt"))).toBe(true);
    expect(text(vfs.readFile("/h/dir/moved.txt"))).toBe("via writeFile");
    expect(vfs.rmdir("/h/dir")).toBe(-ENOTEMPTY);
    expect(vfs.unlink("/h/dir/moved.txt")).toBe(0);
    expect(vfs.rmdir("/h/dir")).toBe(0);
    expect(fs.existsSync(path.join(host, "dir"))).toBe(false);
    expect(vfs.symlink("sub/a.txt", "/h/link")).toBe(0);
    expect(fs.readlinkSync(path.join(host, "link"))).toBe("sub/a.txt");
    expect((vfs.stat("/h/link", "/", false) as { mode: number }).mode & 0o170000).toBe(S_IFLNK);
    expect(text(vfs.readFile("/h/link"))).toBe("from the host\n");
    expect(vfs.chmod("/h/b.c", 0o600)).toBe(0);
    expect(fs.statSync(path.join(host, "b.c")).mode & 0o777).toBe(0o600);
    expect(vfs.truncate("/h/b.c", 3)).toBe(0);
    expect(fs.readFileSync(path.join(host, "b.c"), "utf8")).toBe("int");
    expect(vfs.rename("/h/b.c", "/elsewhere")).toBe(-EXDEV);
    expect(vfs.link("/h/b.c", "/h/b2.c")).toBe(0);
    expect(fs.statSync(path.join(host, "b2.c")).nlink).toBe(2);
  });

  it("read-only mounts refuse every change with EROFS but read fine", async () => {
    const { vfs } = mkvfs();
    vfs.mkdir("/ro");
    expect(vfs.mountHost(host, "/ro", true)).toBe(0);
    expect(text(vfs.readFile("/ro/sub/a.txt"))).toBe("from the host\n");
    expect(await vfs.open("/ro/b.c", O_WRONLY)).toBe(-EROFS);
    expect(await vfs.open("/ro/b.c", O_RDONLY | O_TRUNC)).toBe(-EROFS);
    expect(await vfs.open("/ro/new", O_WRONLY | O_CREAT)).toBe(-EROFS);
    expect(vfs.writeFile("/ro/new", "x")).toBe(-EROFS);
    expect(vfs.mkdir("/ro/d")).toBe(-EROFS);
    expect(vfs.unlink("/ro/b.c")).toBe(-EROFS);
    expect(vfs.rmdir("/ro/sub")).toBe(-EROFS);
    expect(vfs.rename("/ro/b.c", "/ro/c.c")).toBe(-EROFS);
    expect(vfs.chmod("/ro/b.c", 0o777)).toBe(-EROFS);
    expect(vfs.truncate("/ro/b.c", 0)).toBe(-EROFS);
    expect(vfs.symlink("x", "/ro/l")).toBe(-EROFS);
    expect(vfs.utimens("/ro/b.c", "now", "now")).toBe(-EROFS);
    expect(fs.readdirSync(host).sort()).toEqual(["b.c", "sub"]);
    expect(typeof (await vfs.open("/ro/b.c", O_RDONLY))).toBe("object");
  });

  it("nothing of the host shows outside the mount; host symlinks resolve in the guest", () => {
    const { vfs } = mkvfs();
    fs.symlinkSync("/etc/passwd", path.join(host, "abs"));
    fs.symlinkSync("../..", path.join(host, "sub", "up"));
    vfs.mountHost(host, "/m");
    expect(vfs.lookup("/etc/passwd")).toBe(-ENOENT);
    expect(vfs.lookup("/m/abs")).toBe(-ENOENT); // /etc/passwd of the guest
    vfs.mkdir("/etc");
    vfs.writeFile("/etc/passwd", "guest\n");
    expect(text(vfs.readFile("/m/abs"))).toBe("guest\n");
    expect(vfs.lookup("/m/sub/up")).toBe(vfs.root); // ../.. from /m/sub
    // a host symlink changed behind our back is followed to its new target
    fs.rmSync(path.join(host, "sub", "up"));
    fs.symlinkSync("../b.c", path.join(host, "sub", "up"));
    expect(text(vfs.readFile("/m/sub/up"))).toBe("int x;\n");
    expect(vfs.lookup("/m/../../..")).toBe(vfs.root);
  });

  it("missing host directories and files are errors, not exceptions", () => {
    const { vfs } = mkvfs();
    expect(vfs.mountHost(path.join(host, "nope"), "/x")).toBe(-ENOENT);
    expect(vfs.mountHost(path.join(host, "b.c"), "/x")).toBe(-ENOTDIR);
    vfs.mountHost(host, "/h");
    expect(vfs.readFile("/h/nope")).toBe(-ENOENT);
    expect(vfs.unlink("/h/nope")).toBe(-ENOENT);
    expect(ino(vfs.lookup("/h/sub")).hostPath).toBe(path.join(fs.realpathSync(host), "sub"));
  });
});
