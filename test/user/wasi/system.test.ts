// WASI programs inside a booted kemu: exec from the VFS, files of the real VFS, stdin, the
// kernel's virtual clock, and a shell pipeline through them.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUserProgram } from "../../../ts/build/user.js";
import { findToolchain } from "../../../ts/build/toolchain.js";
import { KemuSystem } from "../../../ts/system.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-wasi-sys-"));
const env = { ...process.env, KEMU_CACHE_DIR: path.join(tmp, "cache") };
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let haveToolchain = true;
try {
  findToolchain(env);
} catch {
  haveToolchain = false;
}

describe.skipIf(!haveToolchain)("WASI programs in the emulated system", () => {
  let sys: KemuSystem;
  beforeAll(async () => {
    const built = await Promise.all(
      [path.join(repo, "modules/user/hello.c"), path.join(repo, "modules/user/readfile.c"), path.join(here, "progs/probe.c")].map((src) =>
        buildUserProgram({ sources: [src], env }),
      ),
    );
    sys = await KemuSystem.boot();
    const vfs = sys.userspace.vfs;
    for (const [name, r] of [["hello", built[0]], ["readfile", built[1]], ["probe", built[2]]] as const) {
      expect(vfs.install(`/usr/bin/${name}`, fs.readFileSync(r.path), 0o755)).toBe(0);
    }
  }, 180_000);

  it("hello from PATH with the default environment", async () => {
    const r = await sys.exec(["hello", "kemu"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Hello, kemu!\nHOME=/root\n");
    expect(r.status).toBe(0);
  });

  it("readfile reads the VFS; a missing file is exit 1 with perror's text", async () => {
    expect(sys.userspace.vfs.writeFile("/tmp/note.txt", "a note\n")).toBe(0);
    const ok = await sys.exec(["readfile", "/tmp/note.txt"]);
    expect(ok.stdout).toBe("a note\n");
    expect(ok.status).toBe(0);
    const rel = await sys.exec(["readfile", "note.txt"], { cwd: "/tmp" });
    expect(rel.stdout).toBe("a note\n");
    const bad = await sys.exec(["readfile", "/no/such"]);
    expect(bad.stderr).toBe("readfile: /no/such: No such file or directory\n");
    expect(bad.status).toBe(1);
  });

  it("stdin, exit status, directories and the virtual clock", async () => {
    const cat = await sys.exec(["probe", "cat"], { stdin: "x\ny\n" });
    expect(cat.stdout).toBe("got: x\ngot: y\n");
    expect((await sys.exec(["probe", "exit3"])).status).toBe(3);
    const files = await sys.exec(["probe", "files"]);
    expect(files.stderr).toBe("");
    expect(files.stdout).toBe("size=14 reg=1\nbyte5=1\nexists=0 errno=No such file or directory\n");
    const ls = await sys.exec(["probe", "ls", "/tmp"]);
    expect(ls.stdout.split("\n")).toEqual(expect.arrayContaining([".", "..", "d", "note.txt"]));
    const t = await sys.exec(["probe", "time"]);
    const m = /^t0=(\d+) t1=(\d+) mono=(\d+)\.(\d+)\n$/.exec(t.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![2]) - Number(m![1])).toBeGreaterThanOrEqual(2);
  });

  it("a pipeline of WASI programs in the shell", async () => {
    const r = await sys.exec(["/bin/sh", "-c", "hello pipe | probe cat; echo status=$?"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("got: Hello, pipe!\ngot: HOME=/root\nstatus=0\n");
  });
});
