// kemu: `cc prog.c -o prog` for the emulated user space: C -> wasm32-wasi command with clang and
// wasi-libc, linked with kemu's small runtime (ts/user/wasi/abi.ts), then binaryen's asyncify on
// the WASI imports that may block, so a blocking read suspends only the calling process.
// Content-hash cached like modules (ts/build/cache.ts); a cache hit spawns nothing and never
// loads binaryen.
import * as fs from "node:fs";
import * as path from "node:path";
import { ASYNC_WASI_IMPORTS, HELPER_C_SOURCE, USER_ABI_VERSION, asyncifyImportList } from "../user/wasi/abi.js";
import { repoRoot } from "./compile.js";
import { CacheEntry, cacheDir, type Dep, FileHasher, installFile, makeBuildDir, parseDepFile, sha256 } from "./cache.js";
import { BuildError, findToolchain, type Toolchain } from "./toolchain.js";
import { childProcess, importExternal } from "./builtins.js";

export { BuildError } from "./toolchain.js";

export interface UserBuildOptions {
  /** The program's .c files, spelled as the user gave them (relative names stay relative in diagnostics). */
  sources: string[];
  /** Copy the program here (otherwise it is only in the cache and `path` points there). */
  output?: string;
  /** Extra flags: compiler flags (-D, -I, -W, -std=...), and -l/-L/-Wl,... for the link. */
  flags?: string[];
  /** Where relative paths are resolved and clang runs; default process.cwd(). */
  cwd?: string;
  /** Progress lines ("  CC      prog.o", "  LD      prog", "  ASYNCIFY prog"); nothing without it. */
  log?: (line: string) => void;
  /** Print the clang and wasm-ld command lines through `log` (or stdout). */
  verbose?: boolean;
  /** Colored diagnostics. */
  color?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface UserBuildResult {
  /** The built program: `output` when given, else the cached file. */
  path: string;
  cached: boolean;
  /** Compiler and linker warnings (empty on a cache hit). */
  warnings: string;
  /** Milliseconds spent per step on a miss (compile, link, asyncify). */
  timings?: { compile: number; link: number; asyncify: number };
}

/** Bump when flags or passes change so cached programs are rebuilt. */
const PIPELINE_VERSION = 1;

/** wasm-ld's default 64 KiB stack is far below Linux's 8 MiB `ulimit -s`; stack-first makes overflow trap. */
const STACK_SIZE = 1024 * 1024;
const EMULATED = ["signal", "process-clocks", "mman"];

/** binaryen passes after asyncify (at optimize level 0: asyncify's own -O pipeline costs seconds). */
const POST_PASSES = ["simplify-locals-nostructure", "vacuum", "reorder-locals", "merge-blocks"];

// ---- wasi-libc and compiler-rt -------------------------------------------------------------------

export interface WasiSysroot {
  /** Where <stdio.h> is. */
  include: string;
  /** Where crt1-command.o and libc.a are. */
  lib: string;
  /** libclang_rt.builtins-wasm32.a */
  builtins: string;
  /** Changes when any of them changes (part of the cache key). */
  id: string;
}

const SYSROOT_HINT =
  "Install it with: apt-get install wasi-libc libclang-rt-19-dev-wasm32   (Debian/Ubuntu)\n" +
  "or point kemu at a wasi-sdk sysroot: export KEMU_WASI_SYSROOT=/opt/wasi-sdk/share/wasi-sysroot";

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}

function stamp(f: string): string {
  const st = fs.statSync(f);
  return `${fs.realpathSync(f)}@${st.mtimeMs}:${st.size}`;
}

function sysrootCandidates(env: NodeJS.ProcessEnv): { include: string; lib: string }[] {
  const out: { include: string; lib: string }[] = [];
  const add = (root: string) => {
    for (const inc of [path.join(root, "include", "wasm32-wasi"), path.join(root, "include")]) {
      out.push({ include: inc, lib: path.join(root, "lib", "wasm32-wasi") });
    }
  };
  if (env.KEMU_WASI_SYSROOT) add(env.KEMU_WASI_SYSROOT);
  if (env.WASI_SYSROOT) add(env.WASI_SYSROOT);
  if (env.WASI_SDK_PATH) add(path.join(env.WASI_SDK_PATH, "share", "wasi-sysroot"));
  out.push({ include: "/usr/include/wasm32-wasi", lib: "/usr/lib/wasm32-wasi" }); // Debian's wasi-libc
  add("/opt/wasi-sdk/share/wasi-sysroot");
  return out;
}

let builtinsProbe: { clang: string; file: string | null } | null = null;

/** compiler-rt for wasm32: beside clang's resource dir, in the sysroot, or where clang says. */
function findBuiltins(tc: Toolchain, lib: string, env: NodeJS.ProcessEnv): string | null {
  const name = "libclang_rt.builtins-wasm32.a";
  if (env.KEMU_WASI_BUILTINS) return isFile(env.KEMU_WASI_BUILTINS) ? path.resolve(env.KEMU_WASI_BUILTINS) : null;
  const major = tc.version.split(".")[0];
  const llvm = path.dirname(path.dirname(fs.realpathSync(tc.clang)));
  for (const f of [
    path.join(llvm, "lib", "clang", major, "lib", "wasi", name),
    path.join(llvm, "lib", "clang", tc.version, "lib", "wasi", name),
    path.join(llvm, "lib", "clang", major, "lib", "wasm32-unknown-wasi", "libclang_rt.builtins.a"),
    path.join(lib, name),
    path.join(path.dirname(lib), "wasi", name),
  ]) {
    if (isFile(f)) return f;
  }
  if (builtinsProbe?.clang !== tc.clang) {
    let file: string | null = null;
    try {
      const out = childProcess().execFileSync(tc.clang, ["--target=wasm32-wasi", "--rtlib=compiler-rt", "-print-libgcc-file-name"], { encoding: "utf8" }).trim();
      if (isFile(out)) file = out;
    } catch {
      // no answer: reported below
    }
    builtinsProbe = { clang: tc.clang, file };
  }
  return builtinsProbe.file;
}

/** Find wasi-libc (KEMU_WASI_SYSROOT, WASI_SYSROOT, $WASI_SDK_PATH, Debian's /usr layout) and compiler-rt. */
export function findWasiSysroot(tc: Toolchain, env: NodeJS.ProcessEnv = process.env): WasiSysroot {
  for (const c of sysrootCandidates(env)) {
    if (!isFile(path.join(c.include, "stdio.h")) || !isFile(path.join(c.lib, "crt1-command.o")) || !isFile(path.join(c.lib, "libc.a"))) continue;
    const builtins = findBuiltins(tc, c.lib, env);
    if (!builtins) {
      throw new BuildError(`kemu build --user: compiler-rt for wasm32 (libclang_rt.builtins-wasm32.a) was not found.\n${SYSROOT_HINT}`, "toolchain");
    }
    const id = [c.include, stamp(path.join(c.lib, "libc.a")), stamp(path.join(c.lib, "crt1-command.o")), stamp(builtins)].join("|");
    return { include: c.include, lib: c.lib, builtins, id };
  }
  throw new BuildError(`kemu build --user: wasi-libc (the C library for wasm32-wasi) was not found.\n${SYSROOT_HINT}`, "toolchain");
}

// ---- flags -------------------------------------------------------------------------------------

/** clang flags for one user C file. */
export function userCompileFlags(sys: WasiSysroot, extra: string[] = []): string[] {
  return [
    "--target=wasm32-wasi", "-O2", "-nostdlibinc", "-idirafter", sys.include,
    // <linux/ioctl.h>, <asm-generic/ioctl.h> (the _IO* macros a driver's header shares with its users)
    "-idirafter", path.join(repoRoot(), "csrc", "include", "uapi"),
    ...EMULATED.map((e) => `-D_WASI_EMULATED_${e.toUpperCase().replace("-", "_")}`), "-D_WASI_EMULATED_GETPID", "-D__KEMU__",
    ...extra,
  ];
}

function splitFlags(flags: string[]): { cc: string[]; ld: string[] } {
  const cc: string[] = [];
  const ld: string[] = [];
  for (const f of flags) {
    if (f.startsWith("-Wl,")) ld.push(...f.slice(4).split(",").filter(Boolean));
    else if (/^-[lL]./.test(f)) ld.push(f);
    else cc.push(f);
  }
  return { cc, ld };
}

function linkArgs(sys: WasiSysroot, objs: string[], extraLd: string[], out: string): string[] {
  const emulated = EMULATED.filter((e) => isFile(path.join(sys.lib, `libwasi-emulated-${e}.a`))).map((e) => `-lwasi-emulated-${e}`);
  return [
    "-m", "wasm32", `-L${sys.lib}`, path.join(sys.lib, "crt1-command.o"), ...objs, ...extraLd,
    "-lc", ...emulated, sys.builtins,
    "--wrap=chdir", "--wrap=ioctl", "--strip-debug", "--stack-first", "-z", `stack-size=${STACK_SIZE}`,
    "-o", out,
  ];
}

// ---- running tools -----------------------------------------------------------------------------

interface RunResult {
  code: number;
  stderr: string;
}

const SCRUB_ENV = ["CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "CCC_OVERRIDE_OPTIONS"];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const clean = { ...env };
    for (const k of SCRUB_ENV) delete clean[k];
    const child = childProcess().spawn(cmd, args, { cwd, env: clean, stdio: ["ignore", "ignore", "pipe"] });
    const err: Buffer[] = [];
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stderr: Buffer.concat(err).toString("utf8") + (signal ? `${cmd}: killed by ${signal}\n` : "") }),
    );
  });
}

function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

// ---- asyncify ----------------------------------------------------------------------------------

type Binaryen = typeof import("binaryen").default;
let binaryenPromise: Promise<Binaryen> | null = null;
/** binaryen.js costs ~0.4-1 s to load: only builds pay for it. */
function loadBinaryen(): Promise<Binaryen> {
  binaryenPromise ??= importExternal<typeof import("binaryen")>("binaryen").then((m) => m.default);
  return binaryenPromise;
}

/** Identifies the asyncify step for cache keys. */
export function userPostLinkId(): string {
  return sha256(JSON.stringify([PIPELINE_VERSION, USER_ABI_VERSION, ASYNC_WASI_IMPORTS, asyncifyImportList(), POST_PASSES]));
}

/**
 * binaryen's asyncify on a WASI command: only functions that can reach a blocking WASI import
 * (directly or through an indirect call) are instrumented. Level 0 plus a few cheap cleanup
 * passes: asyncify's own optimizing pipeline takes seconds for a printf program and saves little.
 */
export async function asyncifyBytes(wasm: Uint8Array): Promise<Uint8Array> {
  const binaryen = await loadBinaryen();
  binaryen.setDebugInfo(true);
  const mod = binaryen.readBinary(wasm);
  try {
    binaryen.setOptimizeLevel(0);
    binaryen.setShrinkLevel(0);
    binaryen.clearPassArguments();
    binaryen.setPassArgument("asyncify-imports", asyncifyImportList().join(","));
    mod.runPasses(["asyncify", ...POST_PASSES]);
    binaryen.clearPassArguments();
    if (!mod.validate()) throw new Error("binaryen: the asyncified program does not validate");
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

/** asyncify for a WASI command not built by kemu (runWasi calls this), cached by content. */
export async function asyncifyWasiCommand(wasm: Uint8Array, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const entry = new CacheEntry(path.join(cacheDir(env), "user"), "ko", sha256(JSON.stringify(["asyncify", userPostLinkId(), sha256(wasm)])));
  const hit = entry.lookup(new FileHasher());
  if (hit) return fs.readFileSync(hit.file);
  const out = await asyncifyBytes(wasm);
  try {
    entry.store(out, "asyncified", []);
  } catch {
    // a read-only cache only costs the pass next time
  }
  return out;
}

// ---- the build ---------------------------------------------------------------------------------

interface Source {
  spelling: string;
  abs: string;
  content: Buffer;
}

function readSource(spelling: string, cwd: string): Source {
  const abs = path.resolve(cwd, spelling);
  try {
    return { spelling, abs, content: fs.readFileSync(abs) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EISDIR" ? "Is a directory" : code === "EACCES" ? "Permission denied" : "No such file or directory";
    throw new BuildError(`kemu build: cannot access '${spelling}': ${why}`, "input");
  }
}

/** Compile the helper runtime once per toolchain and sysroot (its own cache entry). */
async function helperObject(tc: Toolchain, sys: WasiSysroot, root: string, buildDir: string, env: NodeJS.ProcessEnv, hasher: FileHasher): Promise<string> {
  const flags = userCompileFlags(sys);
  const entry = new CacheEntry(root, "obj", sha256(JSON.stringify(["helper", tc.id, sys.id, flags, HELPER_C_SOURCE])));
  const hit = entry.lookup(hasher);
  if (hit) return hit.file;
  const src = path.join(buildDir, "kemu_wasi_rt.c");
  const obj = path.join(buildDir, "kemu_wasi_rt.o");
  fs.writeFileSync(src, HELPER_C_SOURCE);
  const r = await run(tc.clang, [...flags, "-fdiagnostics-color=never", "-c", src, "-o", obj], buildDir, env);
  if (r.code !== 0) throw new BuildError(`kemu build --user: the runtime helper failed to compile:\n${r.stderr}`, "toolchain");
  return entry.store(obj, "kemu_wasi_rt.o", []);
}

/** Build a wasm32-wasi command from C sources (cached by content of sources, headers and flags). */
export async function buildUserProgram(opts: UserBuildOptions): Promise<UserBuildResult> {
  if (!opts.sources.length) throw new BuildError("kemu build: no source files given", "input");
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const bad = opts.sources.find((f) => !f.endsWith(".c"));
  if (bad) throw new BuildError(`kemu build --user: ${bad}: expected a .c file`, "input");
  const sources = opts.sources.map((s) => readSource(s, cwd));
  const tc = findToolchain(env);
  const sys = findWasiSysroot(tc, env);
  const { cc, ld } = splitFlags(opts.flags ?? []);
  const flags = userCompileFlags(sys, cc);
  const progName = path.basename(opts.sources[0], ".c");
  const root = path.join(cacheDir(env), "user");
  const hasher = new FileHasher();
  const key = sha256(JSON.stringify([
    "user", PIPELINE_VERSION, USER_ABI_VERSION, tc.id, sys.id, cwd, flags, linkArgs(sys, ["<objs>"], ld, "<out>"), userPostLinkId(),
    sources.map((s) => [s.spelling, s.abs, sha256(s.content)]),
  ]));
  const entry = new CacheEntry(root, "ko", key);
  const outAbs = opts.output ? path.resolve(cwd, opts.output) : undefined;
  const log = opts.log ?? (() => {});
  const vlog = opts.verbose ? (opts.log ?? console.log) : () => {};

  const hit = entry.lookup(hasher);
  if (hit) {
    if (outAbs) installExecutable(hit.file, outAbs);
    vlog(`  CACHED  ${opts.output ?? progName}`);
    return { path: outAbs ?? hit.file, cached: true, warnings: "" };
  }

  fs.mkdirSync(root, { recursive: true });
  // binaryen.js takes ~1 s to load: overlap that with clang, which runs in its own process.
  void loadBinaryen().catch(() => {});
  const buildDir = makeBuildDir(cacheDir(env));
  try {
    const t0 = performance.now();
    const warnings: string[] = [];
    const failures: string[] = [];
    const deps = new Map<string, string>();
    const objs: string[] = [];
    const helper = helperObject(tc, sys, root, buildDir, env, hasher);
    await Promise.all(
      sources.map(async (s, i) => {
        const o = path.join(buildDir, `${i}.o`);
        const d = path.join(buildDir, `${i}.d`);
        const args = [...flags, `-fdiagnostics-color=${opts.color ? "always" : "never"}`, "-MD", "-MF", d, "-c", s.spelling, "-o", o];
        log(`  CC      ${s.spelling.replace(/\.c$/, ".o")}`);
        vlog(`  ${[tc.clang, ...args].map(shellQuote).join(" ")}`);
        const r = await run(tc.clang, args, cwd, env);
        if (r.code !== 0) {
          failures[i] = r.stderr || `${tc.clang} exited with status ${r.code}\n`;
          return;
        }
        if (r.stderr) warnings[i] = r.stderr;
        for (const f of parseDepFile(fs.readFileSync(d, "utf8"), cwd)) {
          if (f !== s.abs) deps.set(f, hasher.hash(f) ?? "");
        }
        objs[i] = o;
      }),
    );
    const failed = failures.filter(Boolean);
    if (failed.length) throw new BuildError(failed.join("").replace(/\n$/, ""), "compile");
    const helperObj = await helper;
    const t1 = performance.now();

    const linked = path.join(buildDir, `${progName}.wasm`);
    const args = linkArgs(sys, [...objs, helperObj], ld, linked);
    log(`  LD      ${opts.output ?? progName}`);
    vlog(`  ${[tc.wasmLd, ...args].map(shellQuote).join(" ")}`);
    const r = await run(tc.wasmLd, args, buildDir, env);
    if (r.code !== 0) throw new BuildError((r.stderr || `${tc.wasmLd} exited with status ${r.code}`).replace(/\n$/, ""), "link");
    if (r.stderr) warnings.push(r.stderr);
    const t2 = performance.now();

    log(`  ASYNCIFY ${opts.output ?? progName}`);
    let bytes: Uint8Array = fs.readFileSync(linked);
    if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) {
      let why = "";
      try {
        new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      } catch (e) {
        why = `: ${(e as Error).message}`;
      }
      throw new BuildError(`kemu build: wasm-ld produced an invalid module for ${progName}${why}`, "link");
    }
    try {
      bytes = await asyncifyBytes(bytes);
    } catch (e) {
      throw new BuildError(`kemu build: post-link step failed for ${progName}: ${(e as Error).message}`, "postlink");
    }
    const t3 = performance.now();

    // A source edited while clang ran would be cached under the old content's key.
    const unchanged = sources.every((s) => {
      try {
        return fs.readFileSync(s.abs).equals(s.content);
      } catch {
        return false;
      }
    });
    let stored: string;
    if (unchanged) {
      const list: Dep[] = [...deps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      stored = entry.store(bytes, progName, list);
    } else {
      stored = path.join(cacheDir(env), "tmp", `uncached-${path.basename(buildDir)}-${progName}.wasm`);
      fs.writeFileSync(stored, bytes);
    }
    if (outAbs) installExecutable(stored, outAbs);
    return {
      path: outAbs ?? stored,
      cached: false,
      warnings: warnings.filter(Boolean).join(""),
      timings: { compile: t1 - t0, link: t2 - t1, asyncify: t3 - t2 },
    };
  } finally {
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

/** Install as cc does: the output is executable (a kemu exec recognizes it by "\0asm"). */
function installExecutable(from: string, to: string): void {
  installFile(from, to);
  try {
    fs.chmodSync(to, 0o755);
  } catch {
    // not ours to chmod: leave it
  }
}
