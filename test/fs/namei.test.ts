// Path resolution (ts/fs/namei.ts through the Vfs): absolute/relative paths, ".", "..",
// repeated and trailing slashes, symlinks in the middle and at the end, ELOOP, ENAMETOOLONG.
import { describe, it, expect } from "vitest";
import { ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EINVAL } from "../../ts/include/errno.js";
import { S_IFMT, S_IFLNK, S_IFDIR } from "../../ts/fs/vfs.js";
import { mkvfs, ino } from "./helpers.js";

function tree() {
  const { vfs } = mkvfs();
  expect(vfs.mkdirp("/a/b/c")).toBe(0);
  expect(vfs.writeFile("/a/b/c/f", "hello")).toBe(0);
  expect(vfs.writeFile("/a/file", "x")).toBe(0);
  return vfs;
}

describe("path walk", () => {
  it("resolves absolute, relative, '.', '..' and repeated slashes to the same inode", () => {
    const vfs = tree();
    const f = ino(vfs.lookup("/a/b/c/f"));
    expect(vfs.lookup("//a///b/./c//f")).toBe(f);
    expect(vfs.lookup("b/c/f", "/a")).toBe(f);
    expect(vfs.lookup("./c/../c/f", "/a/b")).toBe(f);
    expect(vfs.lookup("../../a/b/c/f", "/a/b")).toBe(f);
    // '..' of the root is the root
    expect(vfs.lookup("/../../..")).toBe(vfs.root);
    expect(vfs.lookup("/..//a/../a/b/c/f")).toBe(f);
    expect(vfs.lookup("/")).toBe(vfs.root);
    expect(vfs.lookup(".", "/a")).toBe(vfs.lookup("/a"));
  });

  it("accepts a directory inode as cwd", () => {
    const vfs = tree();
    const b = ino(vfs.lookup("/a/b"));
    expect(vfs.lookup("c/f", b)).toBe(vfs.lookup("/a/b/c/f"));
    expect(vfs.lookup("..", b)).toBe(vfs.lookup("/a"));
  });

  it("gives ENOENT, ENOTDIR and the trailing-slash rules", () => {
    const vfs = tree();
    expect(vfs.lookup("")).toBe(-ENOENT);
    expect(vfs.lookup("/nope")).toBe(-ENOENT);
    expect(vfs.lookup("/a/nope/x")).toBe(-ENOENT);
    expect(vfs.lookup("/a/file/x")).toBe(-ENOTDIR);
    expect(vfs.lookup("/a/file/")).toBe(-ENOTDIR);
    expect(vfs.lookup("/a/file/.")).toBe(-ENOTDIR);
    expect(vfs.lookup("/a/file/..")).toBe(-ENOTDIR);
    expect(vfs.lookup("/a/b/")).toBe(vfs.lookup("/a/b"));
    expect(vfs.lookup("/a/b//")).toBe(vfs.lookup("/a/b"));
    expect(vfs.lookup("x", "/a/file")).toBe(-ENOTDIR);
  });

  it("ENAMETOOLONG for a component over 255 bytes and a path of 4096", () => {
    const vfs = tree();
    expect(vfs.lookup("/" + "x".repeat(255))).toBe(-ENOENT);
    expect(vfs.lookup("/" + "x".repeat(256))).toBe(-ENAMETOOLONG);
    // 100 three-byte characters are 300 bytes
    expect(vfs.lookup("/" + "€".repeat(100))).toBe(-ENAMETOOLONG);
    expect(vfs.mkdir("/" + "y".repeat(256))).toBe(-ENAMETOOLONG);
    expect(vfs.lookup("/" + "a/".repeat(2048))).toBe(-ENAMETOOLONG);
  });

  it("follows symlinks in the middle and, when asked, at the end", () => {
    const vfs = tree();
    expect(vfs.symlink("b/c", "/a/rel")).toBe(0);
    expect(vfs.symlink("/a/b", "/abs")).toBe(0);
    expect(vfs.symlink("../file", "/a/b/up")).toBe(0);
    const f = ino(vfs.lookup("/a/b/c/f"));
    expect(vfs.lookup("/a/rel/f")).toBe(f);
    expect(vfs.lookup("/abs/c/f")).toBe(f);
    expect(vfs.lookup("/a/b/up")).toBe(vfs.lookup("/a/file"));
    const link = ino(vfs.lookup("/a/rel", "/", false));
    expect(link.mode & S_IFMT).toBe(S_IFLNK);
    expect(ino(vfs.lookup("/a/rel")).mode & S_IFMT).toBe(S_IFDIR);
    // a trailing slash follows even without follow
    expect(vfs.lookup("/a/rel/", "/", false)).toBe(vfs.lookup("/a/b/c"));
    // '..' after a symlink is the parent of where it led (physical walk)
    expect(vfs.lookup("/abs/..")).toBe(vfs.lookup("/a"));
    expect(vfs.readlink("/a/rel")).toBe("b/c");
    expect(vfs.readlink("/a/b")).toBe(-EINVAL);
    expect(vfs.stat("/a/rel", "/", false)).toMatchObject({ size: 3 });
  });

  it("ELOOP after 40 links, and for a cycle; 40 in a chain are fine", () => {
    const { vfs } = mkvfs();
    vfs.writeFile("/target", "t");
    vfs.symlink("/target", "/l0");
    for (let i = 1; i <= 40; i++) vfs.symlink(`/l${i - 1}`, `/l${i}`);
    expect(vfs.lookup("/l39")).toBe(vfs.lookup("/target")); // 40 links
    expect(vfs.lookup("/l40")).toBe(-ELOOP); // 41 links
    vfs.symlink("/loop2", "/loop1");
    vfs.symlink("/loop1", "/loop2");
    expect(vfs.lookup("/loop1")).toBe(-ELOOP);
    expect(vfs.lookup("/loop1", "/", false)).not.toBe(-ELOOP);
    expect(vfs.lookup("/loop1/x", "/", false)).toBe(-ELOOP);
    vfs.symlink("self/x", "/self");
    expect(vfs.lookup("/self")).toBe(-ELOOP);
  });

  it("dangling symlinks: ENOENT when followed, the link itself otherwise", () => {
    const { vfs } = mkvfs();
    vfs.symlink("/nowhere", "/dangling");
    expect(vfs.lookup("/dangling")).toBe(-ENOENT);
    expect(typeof vfs.lookup("/dangling", "/", false)).toBe("object");
    expect(vfs.symlink("", "/empty")).toBe(-ENOENT);
  });

  it("a relative cwd that is not a directory is ENOTDIR; a missing one ENOENT", () => {
    const vfs = tree();
    expect(vfs.stat("f", "/a/file")).toBe(-ENOTDIR);
    expect(vfs.stat("f", "/zz")).toBe(-ENOENT);
    // an absolute path ignores the cwd
    expect(typeof vfs.stat("/a", "/zz")).toBe("object");
  });

  it("many different paths in turn resolve correctly (the split cache never confuses them)", () => {
    const vfs = tree();
    vfs.symlink("b", "/a/lb");
    const paths = ["/a/b/c/f", "c/f", "/a/file", "../file", "/a/lb/c/f", "b/c"];
    const cwds = ["/", "/a/b", "/", "/a/b", "/", "/a"];
    const want = paths.map((p, i) => vfs.lookup(p, cwds[i]));
    for (let round = 0; round < 5; round++) {
      for (let i = paths.length - 1; i >= 0; i--) expect(vfs.lookup(paths[i], cwds[i])).toBe(want[i]);
    }
    expect(want[0]).toBe(want[4]);
  });

  it("a lookup of an on-demand directory may walk paths itself", () => {
    const { vfs } = mkvfs();
    vfs.mkdirp("/real/x");
    vfs.createDynamicDir("/dyn", 0o555, {
      lookup: (name) => {
        // re-enters the walk, including a parent walk that sets namei's results
        vfs.mkdir(`/real/side-${name}`);
        const r = vfs.lookup(`/real/${name}`);
        return typeof r === "number" ? undefined : r;
      },
      list: () => ["x"],
    });
    expect(vfs.mkdir("/dyn/x/made")).toBe(0);
    expect(typeof vfs.lookup("/real/x/made")).toBe("object");
    expect(vfs.rename("/dyn/x/made", "/dyn/x/renamed/")).toBe(0);
    expect(vfs.readdir("/real/x")).toEqual([".", "..", "renamed"]);
    expect(vfs.readdir("/real")).toContain("side-x");
  });

  it("normalize is lexical", () => {
    const { vfs } = mkvfs();
    expect(vfs.normalize("b/../c//d/", "/a")).toBe("/a/c/d");
    expect(vfs.normalize("/x/./y")).toBe("/x/y");
  });
});
