// User C programs built with buildUserProgram (wasm32-wasi + asyncify) and run by runWasi against a
// fake process: argv/env, files, errors, exit status, stdout/stderr, the virtual clock, blocking.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { BuildError, buildUserProgram, findWasiSysroot, userCompileFlags } from "../../../ts/build/user.js";
import { findToolchain } from "../../../ts/build/toolchain.js";
import { runWasi } from "../../../ts/user/wasi/index.js";
import { FakeProcess, type FakeOptions } from "./fake-process.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-wasi-"));
const env = { ...process.env, KEMU_CACHE_DIR: path.join(tmp, "cache") };
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let haveToolchain = true;
try {
  findToolchain(env);
} catch {
  haveToolchain = false;
}

const bins: Record<string, Uint8Array> = {};

async function build(name: string, src: string): Promise<Uint8Array> {
  const r = await buildUserProgram({ sources: [src], output: path.join(tmp, name), env });
  if (r.timings) console.log(`build ${name}: compile ${r.timings.compile.toFixed(0)} ms, link ${r.timings.link.toFixed(0)} ms, asyncify ${r.timings.asyncify.toFixed(0)} ms`);
  return fs.readFileSync(r.path);
}

async function run(prog: string, o: FakeOptions): Promise<{ status: number; p: FakeProcess }> {
  const p = new FakeProcess(o);
  const status = await runWasi(bins[prog], p);
  return { status, p };
}

describe.skipIf(!haveToolchain)("WASI user programs", () => {
  beforeAll(async () => {
    const [hello, readfile, probe] = await Promise.all([
      build("hello", path.join(repo, "modules/user/hello.c")),
      build("readfile", path.join(repo, "modules/user/readfile.c")),
      build("probe", path.join(here, "progs/probe.c")),
    ]);
    Object.assign(bins, { hello, readfile, probe });
  }, 180_000);

  it("hello: argv and an environment variable", async () => {
    const { status, p } = await run("hello", { argv: ["hello", "Alice"], envp: ["HOME=/root", "PATH=/bin"] });
    expect(p.stderr).toBe("");
    expect(p.stdout).toBe("Hello, Alice!\nHOME=/root\n");
    expect(status).toBe(0);
  });

  it("argv and environ arrive in order", async () => {
    const { status, p } = await run("probe", { argv: ["probe", "args", "A", "EMPTY", "MISSING"], envp: ["A=1=2", "EMPTY="] });
    expect(status).toBe(0);
    expect(p.stdout).toBe(
      "argv[0]=probe\nargv[1]=args\nargv[2]=A\nargv[3]=EMPTY\nargv[4]=MISSING\nA=1=2\nEMPTY=\nMISSING=(null)\n",
    );
  });

  it("readfile prints a file's content and exits 0", async () => {
    const text = "first line\nsecond line\n".repeat(500); // > 4096: several reads
    const { status, p } = await run("readfile", { argv: ["readfile", "/etc/motd"], files: { "/etc/motd": text } });
    expect(p.stderr).toBe("");
    expect(p.stdout).toBe(text);
    expect(status).toBe(0);
  });

  it("readfile on a missing file: perror text and exit status 1", async () => {
    const { status, p } = await run("readfile", { argv: ["readfile", "/nope"] });
    expect(p.stdout).toBe("");
    expect(p.stderr).toBe("readfile: /nope: No such file or directory\n");
    expect(status).toBe(1);
  });

  it("readfile on a directory: EISDIR from read", async () => {
    const { status, p } = await run("readfile", { argv: ["readfile", "/tmp"] });
    expect(p.stderr).toBe("readfile: /tmp: Is a directory\n");
    expect(status).toBe(1);
  });

  it("relative paths resolve against the process's cwd; chdir moves it", async () => {
    const { status, p } = await run("readfile", { argv: ["readfile", "notes.txt"], cwd: "/home/u", files: { "/home/u/notes.txt": "mine\n" } });
    expect(p.stderr).toBe("");
    expect(p.stdout).toBe("mine\n");
    expect(status).toBe(0);

    const r = await run("probe", { argv: ["probe", "cwd", "../v"], cwd: "/home/u", dirs: ["/home/u"], files: { "/home/v/rel.txt": "in v\n" } });
    expect(r.p.stderr).toBe("");
    expect(r.p.stdout).toBe("cwd=/home/u\ncwd=/home/v\nrel.txt: in v\n");
    expect(r.p.cwd).toBe("/home/v");
  });

  it("exit(3) and return 7 are the exit status", async () => {
    expect((await run("probe", { argv: ["probe", "exit3"] })).status).toBe(3);
    expect((await run("probe", { argv: ["probe", "return7"] })).status).toBe(7);
  });

  it("stdout and stderr are separate; stdout to a tty is line buffered", async () => {
    const { status, p } = await run("probe", { argv: ["probe", "outerr"] });
    expect(status).toBe(0);
    expect(p.stdout).toBe("out1\nout2\n");
    expect(p.stderr).toBe("err1\n");
    // musl (wasi-libc) starts stdout line buffered and drops that at its first flush to a non-tty,
    // as it does on Linux: "out1" is written at once, "out2" at exit.
    expect(p.writes).toEqual([[1, "out1\n"], [2, "err1\n"], [1, "out2\n"]]);
    const tty = await run("probe", { argv: ["probe", "isatty"], ttyStdout: true });
    expect(tty.p.stdout).toBe("isatty(1)=1\n");
    const pipe = await run("probe", { argv: ["probe", "isatty"] });
    expect(pipe.p.stdout).toBe("isatty(1)=0\n");
  });

  it("time() and clock_gettime() read the virtual clock; sleep() advances it", async () => {
    const { status, p } = await run("probe", { argv: ["probe", "time"] });
    expect(status).toBe(0);
    expect(p.stdout).toBe("t0=1700000000 t1=1700000002 mono=2.250000000\n");
    expect(p.clock).toBe(2_250_000_000n);
  });

  it("directories: opendir/readdir, mkdir, create, stat, seek, unlink", async () => {
    const ls = await run("probe", { argv: ["probe", "ls", "/etc"], files: { "/etc/a": "", "/etc/b": "", "/etc/sub/c": "" } });
    expect(ls.p.stderr).toBe("");
    expect(ls.p.stdout).toBe(".\n..\na\nb\nsub\n");
    const { status, p } = await run("probe", { argv: ["probe", "files"] });
    expect(p.stderr).toBe("");
    expect(p.stdout).toBe("size=14 reg=1\nbyte5=1\nexists=0 errno=No such file or directory\n");
    expect(status).toBe(0);
    expect(p.nodes.get("/tmp/d")?.kind).toBe("dir");
  });

  it("a read that blocks suspends the program until data arrives", async () => {
    const p = new FakeProcess({ argv: ["probe", "cat"] });
    const chunks = ["one\n", "two\n", ""];
    const realRead = p.sys.read.bind(p.sys);
    p.sys.read = (fd, buf) => {
      if (fd !== 0) return realRead(fd, buf);
      // Resolves on a later macrotask: the program really is suspended in between.
      return new Promise((resolve) =>
        setTimeout(() => {
          const c = new TextEncoder().encode(chunks.shift() ?? "");
          buf.set(c);
          resolve(c.length);
        }, 5),
      );
    };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const status = await runWasi(bins.probe, p);
    clearInterval(timer);
    expect(status).toBe(0);
    expect(p.stdout).toBe("got: one\ngot: two\n");
    expect(ticks).toBeGreaterThan(0);
  });

  it("getpid() is the emulated pid; random_get is deterministic", async () => {
    expect((await run("probe", { argv: ["probe", "pid"], pid: 1234 })).p.stdout).toBe("pid=1234\n");
    const a = (await run("probe", { argv: ["probe", "random"] })).p.stdout;
    const b = (await run("probe", { argv: ["probe", "random"] })).p.stdout;
    expect(a).toMatch(/^[0-9a-f]{16}\n$/);
    expect(b).toBe(a);
  });

  it("an inherited fd 3 stays usable; the root preopen goes above it", async () => {
    const { status, p } = await run("readfile", { argv: ["readfile", "/etc/motd"], files: { "/etc/motd": "hi\n" }, inherit: { 3: "/etc/motd" } });
    expect(p.stderr).toBe("");
    expect(p.stdout).toBe("hi\n");
    expect(status).toBe(0);
    expect([...p.fds.keys()].sort()).toEqual([0, 1, 2, 3]);
  });

  it("deep recursion across a blocking call fits the asyncify save area; too deep is SIGSEGV", async () => {
    const { status, p } = await run("probe", { argv: ["probe", "recurse", "1000"] });
    expect(p.stderr).toBe("");
    expect(p.stdout).toBe("depth 1000\n");
    expect(status).toBe(0);
    // Deeper, either the asyncify save area or V8's own stack runs out: a stack overflow.
    const deep = await run("probe", { argv: ["probe", "recurse", "100000"] });
    expect(deep.status).toBe(139);
    // Where it overflows depends on V8's frame sizes (Liftoff or TurboFan code): in walk or in
    // the snprintf it calls; the chain shows the innermost frames.
    expect(deep.p.stderr).toMatch(/^kemu: probe: wasm trap: stack overflow.* in .*(walk|printf|memcpy|fwritex).* \(SIGSEGV\)\n$/);
  });

  it("abort() and a NULL function call are reported as SIGABRT/SIGSEGV statuses", async () => {
    const a = await run("probe", { argv: ["probe", "abort"] });
    expect(a.status).toBe(134);
    expect(a.p.stderr).toMatch(/^kemu: probe: wasm trap: .*\(SIGABRT\)\n$/);
    const n = await run("probe", { argv: ["probe", "null"] });
    expect(n.status).toBe(139);
    expect(n.p.stderr).toBe("kemu: probe: wasm trap: null function or function signature mismatch in main (SIGSEGV)\n");
  });

  it("a wasm module that is not a WASI command: exit 126, Exec format error", async () => {
    const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    const p = new FakeProcess({ argv: ["./mod.ko"] });
    expect(await runWasi(empty, p)).toBe(126);
    expect(p.stderr).toBe("./mod.ko: cannot execute binary file: Exec format error (no _start: not a WASI command)\n");
    const junk = new FakeProcess({ argv: ["./junk"] });
    expect(await runWasi(new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 9]), junk)).toBe(126);
    expect(junk.stderr).toMatch(/^\.\/junk: cannot execute binary file: Exec format error \(/);
  });

  it("10000 small writes: the cost of one suspend/resume round trip", async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const p = new FakeProcess({ argv: ["probe", "writes", "10000"] });
      const t0 = performance.now();
      expect(await runWasi(bins.probe, p)).toBe(0);
      times.push(performance.now() - t0);
      expect(p.syscalls).toBe(10003); // open("/"), open("/dev/null"), 10000 writes, close("/")
    }
    const us = times.map((ms) => ((ms * 1000) / 10000).toFixed(2));
    console.log(`10000 writes: ${times.map((t) => t.toFixed(0)).join(", ")} ms, ${us.join(", ")} us per write round trip (cold, warmer, warm)`);
  });

  it("a WASI command built elsewhere (no asyncify) is asyncified on first exec and runs", async () => {
    const tc = findToolchain(env);
    const sys = findWasiSysroot(tc, env);
    const obj = path.join(tmp, "foreign.o");
    const out = path.join(tmp, "foreign.wasm");
    execFileSync(tc.clang, [...userCompileFlags(sys), "-c", path.join(repo, "modules/user/readfile.c"), "-o", obj]);
    execFileSync(tc.wasmLd, ["-m", "wasm32", `-L${sys.lib}`, path.join(sys.lib, "crt1-command.o"), obj, "-lc", sys.builtins, "-o", out]);
    const bytes = fs.readFileSync(out);
    expect(WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name)).not.toContain("asyncify_start_unwind");
    const prevCache = process.env.KEMU_CACHE_DIR;
    process.env.KEMU_CACHE_DIR = env.KEMU_CACHE_DIR;
    try {
      const p = new FakeProcess({ argv: ["foreign", "/etc/motd"], files: { "/etc/motd": "from elsewhere\n" } });
      expect(await runWasi(bytes, p)).toBe(0);
      expect(p.stdout).toBe("from elsewhere\n");
      const q = new FakeProcess({ argv: ["foreign", "/missing"] });
      expect(await runWasi(bytes, q)).toBe(1);
      expect(q.stderr).toBe("foreign: /missing: No such file or directory\n");
    } finally {
      if (prevCache === undefined) delete process.env.KEMU_CACHE_DIR;
      else process.env.KEMU_CACHE_DIR = prevCache;
    }
  }, 60_000);

  it("a second build of the same sources is a cache hit", async () => {
    const r = await buildUserProgram({ sources: [path.join(repo, "modules/user/hello.c")], env });
    expect(r.cached).toBe(true);
  });

  it("a compile error fails with clang's file:line:col diagnostic", async () => {
    const dir = path.join(tmp, "bad");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "bad.c"), "#include <stdio.h>\nint main(void)\n{\n\tprintf(\"x\\n\")\n\treturn 0;\n}\n");
    const err = await buildUserProgram({ sources: ["bad.c"], cwd: dir, env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    expect((err as BuildError).kind).toBe("compile");
    expect((err as BuildError).message).toMatch(/^bad\.c:4:15: error: expected ';' after expression/m);
  });
});
