// A module starts compiled user C programs (WASI, modules/user/) with call_usermodehelper and
// UMH_WAIT_PROC. A helper has no open file descriptors (Linux's are children of kthreadd, whose
// file table is init_task's empty one), so what a helper writes to stdout goes nowhere:
// readfile's write(1) fails with EBADF and it exits 1. copyfile makes the run observable: it
// copies argv[1] to argv[2], and the test reads the copy.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildUserProgram } from "../../ts/build/user.js";
import { findToolchain } from "../../ts/build/toolchain.js";
import type { KemuSystem } from "../../ts/system.js";
import { buildC, bootKernel, lines, repo } from "../helpers/kemu.js";

let haveToolchain = true;
try {
  findToolchain(process.env);
} catch {
  haveToolchain = false;
}

const HELPERS = `
#include <linux/module.h>
#include <linux/kmod.h>
MODULE_LICENSE("GPL");
static char *envp[] = { "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
static int run(char *prog, char *a1, char *a2)
{
	char *argv[] = { prog, a1, a2, NULL };
	return call_usermodehelper(prog, argv, envp, UMH_WAIT_PROC);
}
static int __init w_init(void)
{
	pr_info("copy %d\\n", run("/usr/bin/copyfile", "/tmp/data.bin", "/tmp/copy.bin"));
	pr_info("copy relative %d\\n", run("/usr/bin/copyfile", "tmp/data.bin", "tmp/rel.bin"));
	pr_info("copy missing %d\\n", run("/usr/bin/copyfile", "/tmp/no-such", "/tmp/copy2.bin"));
	pr_info("copy to missing dir %d\\n", run("/usr/bin/copyfile", "/tmp/data.bin", "/no/dir/x"));
	pr_info("readfile %d\\n", run("/usr/bin/readfile", "/tmp/data.bin", NULL));
	pr_info("readfile empty %d\\n", run("/usr/bin/readfile", "/tmp/empty", NULL));
	pr_info("readfile missing %d\\n", run("/usr/bin/readfile", "/tmp/no-such", NULL));
	return 0;
}
static void __exit w_exit(void) { }
module_init(w_init);
module_exit(w_exit);
`;

/** 10000 bytes (more than the programs' 4096-byte buffer), every byte value. */
const DATA = Uint8Array.from({ length: 10000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);

describe.skipIf(!haveToolchain)("usermode helpers that are compiled C programs", () => {
  let sys: KemuSystem;
  let log: string[];
  beforeAll(async () => {
    const [copyfile, readfile] = await Promise.all(
      ["copyfile", "readfile"].map((p) => buildUserProgram({ sources: [path.join(repo, `modules/user/${p}.c`)] })),
    );
    const ko = await buildC("umhwasi", HELPERS);
    sys = await bootKernel();
    const vfs = sys.userspace.vfs;
    expect(vfs.install("/usr/bin/copyfile", fs.readFileSync(copyfile.path), 0o755)).toBe(0);
    expect(vfs.install("/usr/bin/readfile", fs.readFileSync(readfile.path), 0o755)).toBe(0);
    expect(vfs.writeFile("/tmp/data.bin", DATA)).toBe(0);
    expect(vfs.writeFile("/tmp/empty", "")).toBe(0);
    const r = await sys.insmod(ko);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    log = lines(sys).filter((l) => !l.includes("taint"));
  }, 180_000);

  it("copyfile copies the data file and returns 0; its file gets mode 0666 less umask 022", () => {
    expect(log).toContain("copy 0");
    const copy = sys.userspace.vfs.readFile("/tmp/copy.bin");
    expect(copy).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(copy as Uint8Array).equals(Buffer.from(DATA))).toBe(true);
    const st = sys.userspace.vfs.stat("/tmp/copy.bin");
    expect(typeof st === "number" ? st : st.mode).toBe(0o100644);
  });

  it("relative paths are resolved from the helper's cwd, /", () => {
    expect(log).toContain("copy relative 0");
    const copy = sys.userspace.vfs.readFile("/tmp/rel.bin");
    expect(Buffer.from(copy as Uint8Array).equals(Buffer.from(DATA))).toBe(true);
  });

  it("a missing input file is exit status 1, which call_usermodehelper returns as 256", () => {
    expect(log).toContain("copy missing 256");
    expect(sys.userspace.vfs.stat("/tmp/copy2.bin")).toBeLessThan(0);
    expect(log).toContain("copy to missing dir 256");
  });

  it("readfile exits 1 (256) when it has something to write: a helper has no stdout", () => {
    expect(log).toContain("readfile 256");
    expect(log).toContain("readfile empty 0");
    expect(log).toContain("readfile missing 256");
  });

  it("nothing else was logged", () => {
    expect(log).toEqual([
      "copy 0",
      "copy relative 0",
      "copy missing 256",
      "copy to missing dir 256",
      "readfile 256",
      "readfile empty 0",
      "readfile missing 256",
    ]);
  });
});
