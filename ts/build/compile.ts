// kemu: scripts/Makefile.build + scripts/Makefile.modpost + scripts/Makefile.modfinal: .c -> .o with
// clang, NAME.mod.c, link to a wasm32 PIC side module (.ko) with wasm-ld; content-hash cached, no make.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CacheEntry, cacheDir, type Dep, DirectEntry, FileHasher, installFile, makeBuildDir, parseDepFile, sha256 } from "./cache.js";
import { kemuPostLink, postLinkId } from "./asyncify.js";
import { parseKbuild } from "./kbuild.js";
import { BuildError, findToolchain, type Toolchain } from "./toolchain.js";
import { childProcess } from "./builtins.js";
import { type KernelVersion, parseKernelVersion } from "./version.js";

export { BuildError } from "./toolchain.js";

export interface BuildOptions {
  /** The module's .c files, spelled as the user gave them (relative names stay relative in diagnostics). */
  sources: string[];
  /** Module name; defaults to the first source's basename. KBUILD_MODNAME is it with '-' -> '_'. */
  name?: string;
  /** Copy the .ko here (otherwise it is only in the cache and `ko` points there). */
  out?: string;
  /** "6.1.0", "2.6.23", "2.2.x"...; default 6.1.0. */
  kernelVersion?: string;
  /** Extra flags for every file (ccflags-y). */
  cflags?: string[];
  /** Extra flags for one file (CFLAGS_x.o), keyed by source path (as given or absolute) or "x.o". */
  perFileCflags?: Record<string, string[]>;
  /** Print the clang/wasm-ld command lines (kbuild V=1) through `log`, or stdout without one. */
  verbose?: boolean;
  /** kbuild-style progress lines ("  CC [M]  hello.o"); nothing is printed without it. */
  log?: (line: string) => void;
  /** Runs on the linked module before it is cached (the asyncify pass plugs in here). */
  postLink?: (wasm: Uint8Array) => Promise<Uint8Array>;
  /** Identifies what postLink does, for the cache key; defaults to a hash of postLink's source. */
  postLinkId?: string;
  /** Colored diagnostics (the CLI sets this when stderr is a TTY). */
  color?: boolean;
  /** Where relative source paths are resolved and clang runs; default process.cwd(). */
  cwd?: string;
  /** The kernel headers (-isystem); default <repo>/csrc/include. */
  includeDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface BuildResult {
  ko: string;
  name: string;
  cached: boolean;
  /** Compiler warnings of the files compiled by this call (empty on a cache hit). */
  warnings: string;
}

/** The repository root: this file is ts/build/compile.ts or dist/build/compile.js. */
export function repoRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
}

const MODPOST_SOURCE = "#include <linux/module.h>\n#include <linux/kemu_modpost.h>\n";
const LD_FLAGS = ["--experimental-pic", "-shared", "--export-dynamic", "--unresolved-symbols=import-dynamic"];
/** Section bounds the loader reads before running any code (see <linux/kemu_modpost.h>). */
const MODULE_LD_FLAGS = ["__ksymtab", "__param", "modinfo"].flatMap((s) => [`--export=__start_${s}`, `--export=__stop_${s}`]);

/** The contract's clang flags, in its order; only the color flag is added at spawn time. */
export function compileFlags(
  kv: KernelVersion,
  o: { module: boolean; modname: string; basename: string; extra?: string[]; includeDir?: string },
): string[] {
  return [
    "--target=wasm32-unknown-unknown", "-O2", "-g0", "-fPIC", "-ffreestanding", "-fno-builtin", "-nostdinc", "-nostdlib",
    "-mbulk-memory",
    "-fvisibility=default", "-fno-common", "-fno-strict-aliasing", "-fshort-wchar", "-funsigned-char", "-std=gnu11",
    "-Werror=implicit-function-declaration", "-Werror=implicit-int", "-Werror=return-type", "-Wno-format-security", "-Wno-pointer-sign",
    "-Wno-unused-command-line-argument",
    "-isystem", o.includeDir ?? path.join(repoRoot(), "csrc", "include"), "-include", "linux/kconfig.h", "-include", "linux/compiler_types.h",
    "-D__KERNEL__", ...(o.module ? ["-DMODULE"] : []), "-D__KEMU__",
    `-DKBUILD_MODNAME="${o.modname}"`, `-DKBUILD_BASENAME="${o.basename}"`,
    `-DKEMU_LINUX_VERSION_CODE=${kv.code}`, `-DKEMU_UTS_RELEASE="${kv.release}"`,
    ...(o.extra ?? []),
  ];
}

/** kbuild's name-fix: what KBUILD_MODNAME / KBUILD_BASENAME are made of. */
export function modName(name: string): string {
  return name.replace(/[-,]/g, "_");
}

/** One translation unit: a user source, or a generated one (NAME.mod.c) written into the build dir. */
export interface Unit {
  /** Path handed to clang, relative to `cwd` when the user spelled it so. */
  spelling: string;
  /** Absolute path on disk; for generated units, filled in once the build dir exists. */
  abs: string;
  cwd: string;
  /** Stand-ins for abs/cwd in the cache key (generated units live in a random temp dir). */
  keyPath: string;
  keyCwd: string;
  generated?: string;
  flags: string[];
  /** Object name shown in "CC" lines and given to wasm-ld. */
  objName: string;
}

export interface TargetSpec {
  kind: "module" | "core";
  /** Output file name without directory, e.g. "hello.ko" or "vmlinux.wasm". */
  fileName: string;
  name: string;
  units: Unit[];
  out?: string;
  cwd: string;
  verbose?: boolean;
  log?: (line: string) => void;
  postLink?: (wasm: Uint8Array) => Promise<Uint8Array>;
  postLinkId?: string;
  color?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** One slot per CPU, shared by every build in this process (buildDir builds modules concurrently). */
const slots = { free: Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length), waiting: [] as (() => void)[] };

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((r) => slots.waiting.push(r));
  try {
    return await fn();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Variables that would make clang read headers the cache does not know about. */
const SCRUB_ENV = ["CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "CCC_OVERRIDE_OPTIONS"];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const clean = { ...env };
    for (const k of SCRUB_ENV) delete clean[k];
    const child = childProcess().spawn(cmd, args, { cwd, env: clean, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + (signal ? `${cmd}: killed by ${signal}\n` : ""),
      }),
    );
  });
}

function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function commandLine(cwd: string, here: string, cmd: string, args: string[]): string {
  const line = [cmd, ...args].map(shellQuote).join(" ");
  return cwd === here ? `  ${line}` : `  cd ${shellQuote(cwd)} && ${line}`;
}

function readSource(u: Unit): Buffer {
  if (u.generated !== undefined) return Buffer.from(u.generated);
  try {
    return fs.readFileSync(u.abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EISDIR" ? "Is a directory" : code === "EACCES" ? "Permission denied" : "No such file or directory";
    throw new BuildError(`kemu build: cannot access '${u.spelling}': ${why}`, "input");
  }
}

function objKey(tc: Toolchain, u: Unit, content: Buffer): string {
  return sha256(JSON.stringify(["obj", 1, tc.id, u.keyCwd, u.keyPath, u.spelling, u.flags, sha256(content)]));
}

/** Compile and link one target, or return the cached result; the hit path spawns nothing. */
export async function buildTarget(spec: TargetSpec): Promise<BuildResult> {
  const env = spec.env ?? process.env;
  const tc = findToolchain(env);
  const root = cacheDir(env);
  const postLinkId = spec.postLink ? (spec.postLinkId ?? sha256(spec.postLink.toString())) : "";
  const outAbs = spec.out ? path.resolve(spec.cwd, spec.out) : undefined;
  const here = process.cwd();
  const rel = outAbs ? path.relative(here, outAbs) : "";
  const shown = !outAbs ? spec.fileName : rel && !rel.startsWith("..") ? rel : outAbs;
  const cachedResult = (file: string): BuildResult => {
    if (outAbs) installFile(file, outAbs);
    if (spec.verbose) (spec.log ?? console.log)(`  CACHED  ${shown}`);
    return { ko: outAbs ?? file, name: spec.name, cached: true, warnings: "" };
  };

  // Everything the keys below are made of except the files' contents; those the direct entry
  // checks by stat, so an unchanged module is found without reading or hashing its headers.
  const direct = new DirectEntry(root, JSON.stringify([
    "ko", 1, tc.id, spec.kind, spec.fileName, LD_FLAGS, postLinkId,
    spec.units.map((u) => [u.keyCwd, u.keyPath, u.spelling, u.flags, u.generated ?? null]),
  ]));
  const sourceFiles = spec.units.filter((u) => u.generated === undefined).map((u) => u.abs);
  const quick = direct.lookup();
  if (quick) return cachedResult(quick);

  const hasher = new FileHasher();
  const contents = spec.units.map(readSource);
  const keys = spec.units.map((u, i) => objKey(tc, u, contents[i]));
  const koKey = sha256(JSON.stringify(["ko", 1, tc.id, spec.kind, spec.fileName, LD_FLAGS, postLinkId, keys]));
  const entry = new CacheEntry(root, "ko", koKey);
  const hit = entry.lookup(hasher);
  if (hit) {
    direct.store(hit.file, [...sourceFiles, ...hit.deps.map(([f]) => f)]);
    return cachedResult(hit.file);
  }

  const log = spec.log ?? (() => {});
  const vlog = spec.verbose ? (spec.log ?? console.log) : () => {};
  const tag = spec.kind === "module" ? "[M] " : "    ";
  const buildDir = makeBuildDir(root);
  try {
    const objs: string[] = [];
    const deps = new Map<string, string>();
    const failures: string[] = [];
    const warnings: string[] = [];
    let sourceRaced = false;
    await Promise.all(
      spec.units.map(async (u, i) => {
        const obj = new CacheEntry(root, "obj", keys[i]);
        const cachedObj = obj.lookup(hasher);
        if (cachedObj) {
          objs[i] = cachedObj.file;
          for (const [f, h] of cachedObj.deps) deps.set(f, h);
          return;
        }
        if (u.generated !== undefined) {
          u.abs = path.join(buildDir, u.spelling);
          u.cwd = buildDir;
          fs.writeFileSync(u.abs, u.generated);
        }
        const o = path.join(buildDir, `${i}.o`);
        const d = path.join(buildDir, `${i}.d`);
        const args = [
          ...u.flags,
          `-fdiagnostics-color=${spec.color ? "always" : "never"}`,
          "-MD", "-MF", d, "-c", u.spelling, "-o", o,
        ];
        const r = await withSlot(async () => {
          if (u.generated !== undefined && spec.kind === "module") log(`  MODPOST ${u.objName.replace(/\.o$/, ".c")}`);
          log(`  CC ${tag} ${u.objName}`);
          vlog(commandLine(u.cwd, here, tc.clang, args));
          return run(tc.clang, args, u.cwd, env);
        });
        if (r.code !== 0) {
          failures[i] = r.stderr || `${tc.clang} exited with status ${r.code}\n`;
          return;
        }
        if (r.stderr) warnings[i] = r.stderr;
        const own = path.resolve(u.cwd, u.spelling);
        const list: Dep[] = parseDepFile(fs.readFileSync(d, "utf8"), u.cwd)
          .filter((f) => f !== own)
          .map((f) => [f, hasher.hash(f) ?? ""]);
        // A source edited while clang ran would be cached under the old content's key.
        const unchanged = u.generated !== undefined || sha256(readSource(u)) === sha256(contents[i]);
        if (unchanged) obj.store(o, u.objName, list);
        else sourceRaced = true;
        objs[i] = o;
        for (const [f, h] of list) deps.set(f, h);
      }),
    );
    const failed = failures.filter(Boolean);
    if (failed.length) throw new BuildError(failed.join("").replace(/\n$/, ""), "compile");

    // Give wasm-ld readable names, so its messages say "hello.o" rather than a cache hash.
    const linkDir = path.join(buildDir, "link");
    const used = new Set<string>();
    const inputs = spec.units.map((u, i) => {
      let name = u.objName;
      if (path.isAbsolute(name) || name.split("/").includes("..") || used.has(name)) {
        name = path.basename(name);
        if (used.has(name)) name = `${i}/${name}`;
      }
      used.add(name);
      const dst = path.join(linkDir, name);
      fs.mkdirSync(path.dirname(dst), { recursive: true });
      try {
        fs.linkSync(objs[i], dst);
      } catch {
        fs.copyFileSync(objs[i], dst);
      }
      return name;
    });
    const linked = path.join(buildDir, spec.fileName);
    const ldArgs = [...LD_FLAGS, ...(spec.kind === "module" ? MODULE_LD_FLAGS : []), "-o", linked, ...inputs];
    log(`  LD ${tag} ${shown}`);
    vlog(commandLine(linkDir, here, tc.wasmLd, ldArgs));
    const r = await run(tc.wasmLd, ldArgs, linkDir, env);
    if (r.code !== 0) throw new BuildError((r.stderr || `${tc.wasmLd} exited with status ${r.code}`).replace(/\n$/, ""), "link");
    if (r.stderr) warnings.push(r.stderr);

    let bytes: Uint8Array = fs.readFileSync(linked);
    if (spec.postLink) {
      try {
        bytes = await spec.postLink(bytes);
      } catch (e) {
        throw new BuildError(`kemu build: post-link step failed for ${spec.fileName}: ${(e as Error).message}`, "postlink");
      }
    }
    let stored: string;
    if (sourceRaced) {
      // Not cached, but the caller still gets a file that outlives the build dir.
      stored = path.join(root, "tmp", `uncached-${path.basename(buildDir)}-${spec.fileName}`);
      fs.writeFileSync(stored, bytes);
    } else {
      stored = entry.store(bytes, spec.fileName, [...deps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      direct.store(stored, [...sourceFiles, ...deps.keys()]);
    }
    if (outAbs) installFile(stored, outAbs);
    return { ko: outAbs ?? stored, name: spec.name, cached: false, warnings: warnings.filter(Boolean).join("") };
  } finally {
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
}

function userUnit(src: string, cwd: string, flags: string[]): Unit {
  const abs = path.resolve(cwd, src);
  return { spelling: src, abs, cwd, keyPath: abs, keyCwd: cwd, flags, objName: src.replace(/\.c$/, "") + ".o" };
}

function perFile(map: Record<string, string[]> | undefined, src: string, cwd: string): string[] {
  if (!map) return [];
  const abs = path.resolve(cwd, src);
  const objBase = `${path.basename(src, ".c")}.o`;
  return map[src] ?? map[abs] ?? map[objBase] ?? [];
}

/** Build one module from its .c files (kbuild's obj-m += NAME.o with NAME-objs). */
export async function buildModule(opts: BuildOptions): Promise<BuildResult> {
  if (!opts.sources.length) throw new BuildError("kemu build: no source files given", "input");
  const cwd = opts.cwd ?? process.cwd();
  const name = opts.name ?? path.basename(opts.sources[0]).replace(/\.c$/, "");
  const modname = modName(name);
  const kv = parseKernelVersion(opts.kernelVersion ?? "6.1.0");
  const base = (f: string) => modName(path.basename(f).replace(/\.c$/, ""));
  const units = opts.sources.map((src) =>
    userUnit(src, cwd, compileFlags(kv, {
      module: true, modname, basename: base(src), includeDir: opts.includeDir,
      extra: [...(opts.cflags ?? []), ...perFile(opts.perFileCflags, src, cwd)],
    })),
  );
  const modc = `${name}.mod.c`;
  // Shown beside the module's first object, as kbuild's NAME.mod.o sits beside NAME.o.
  const firstDir = path.dirname(units[0].objName);
  units.push({
    spelling: modc, abs: "", cwd: "", keyPath: `<modpost>/${modc}`, keyCwd: "<modpost>", generated: MODPOST_SOURCE,
    flags: compileFlags(kv, { module: true, modname, basename: base(modc), includeDir: opts.includeDir, extra: opts.cflags ?? [] }),
    objName: firstDir === "." ? `${name}.mod.o` : path.join(firstDir, `${name}.mod.o`),
  });
  return buildTarget({
    kind: "module", fileName: `${name}.ko`, name, units, out: opts.out, cwd,
    verbose: opts.verbose, log: opts.log,
    postLink: opts.postLink ?? ((w) => kemuPostLink(w, "module")),
    postLinkId: opts.postLink ? opts.postLinkId : postLinkId("module"),
    color: opts.color, env: opts.env,
  });
}

export type BuildDirOptions = Omit<BuildOptions, "sources" | "name" | "out"> & {
  /** Put each NAME.ko here (kbuild puts them next to the sources: the CLI passes the module's dir). */
  outDir?: string | ((moduleDir: string) => string);
  /** make VAR=value on the command line. */
  vars?: Record<string, string>;
};

/** Build every obj-m module of DIR/Kbuild (or DIR/Makefile), concurrently. */
export async function buildDir(dir: string, opts: BuildDirOptions = {}): Promise<BuildResult[]> {
  const cwd = opts.cwd ?? process.cwd();
  const absDir = path.resolve(cwd, dir);
  if (!fs.existsSync(absDir) || !fs.statSync(absDir).isDirectory()) {
    throw new BuildError(`kemu build: cannot access '${dir}': No such file or directory`, "input");
  }
  const kv = parseKernelVersion(opts.kernelVersion ?? "6.1.0");
  const modules = parseKbuild(absDir, { kernelRelease: kv.release, vars: opts.vars }).filter((m) => !m.builtin);
  if (!modules.length) throw new BuildError(`kemu build: ${dir}: no modules (obj-m) in its Kbuild/Makefile`, "kbuild");
  // Keep the user's spelling: a relative DIR gives relative paths in diagnostics.
  const spell = (abs: string) => (path.isAbsolute(dir) ? abs : path.relative(cwd, abs) || ".");
  const settled = await Promise.allSettled(
    modules.map((m) => {
      const od = typeof opts.outDir === "function" ? opts.outDir(m.dir) : opts.outDir;
      const perFileCflags: Record<string, string[]> = { ...opts.perFileCflags };
      for (const [abs, flags] of Object.entries(m.perFileCflags)) perFileCflags[abs] = [...(perFileCflags[abs] ?? []), ...flags];
      return buildModule({
        ...opts,
        cwd,
        name: m.name,
        sources: m.sources.map(spell),
        cflags: [...(opts.cflags ?? []), ...m.cflags],
        perFileCflags,
        out: od ? path.join(od, `${m.name}.ko`) : undefined,
      });
    }),
  );
  const errors = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  if (errors.length) {
    const first = errors[0];
    if (errors.length === 1 || !errors.every((e) => e instanceof BuildError)) throw first;
    throw new BuildError(errors.map((e) => (e as BuildError).message).join("\n"), (first as BuildError).kind);
  }
  return settled.map((s) => (s as PromiseFulfilledResult<BuildResult>).value);
}

/** A .ko (returned as is), one or more .c files (one module), or a directory with a Kbuild/Makefile. */
export async function buildPath(
  input: string | string[],
  opts: BuildDirOptions & { out?: string; name?: string } = {},
): Promise<BuildResult[]> {
  const list = typeof input === "string" ? [input] : input;
  const cwd = opts.cwd ?? process.cwd();
  if (!list.length) throw new BuildError("kemu build: no input given", "input");
  for (const f of list) {
    if (!fs.existsSync(path.resolve(cwd, f))) throw new BuildError(`kemu build: cannot access '${f}': No such file or directory`, "input");
  }
  if (list.length === 1 && list[0].endsWith(".ko")) {
    const ko = path.resolve(cwd, list[0]);
    if (opts.out) installFile(ko, path.resolve(cwd, opts.out));
    return [{ ko: opts.out ? path.resolve(cwd, opts.out) : ko, name: path.basename(ko, ".ko"), cached: true, warnings: "" }];
  }
  if (list.length === 1 && fs.statSync(path.resolve(cwd, list[0])).isDirectory()) {
    const { out, name: _name, ...rest } = opts;
    return buildDir(list[0], out ? { ...rest, outDir: out } : rest);
  }
  const bad = list.find((f) => !f.endsWith(".c"));
  if (bad) throw new BuildError(`kemu build: ${bad}: expected a .c file, a directory with a Kbuild/Makefile, or a .ko`, "input");
  const { outDir, vars: _vars, ...rest } = opts;
  const first = list[0];
  const name = opts.name ?? path.basename(first).replace(/\.c$/, "");
  const od = typeof outDir === "function" ? outDir(path.dirname(path.resolve(cwd, first))) : outDir;
  return [await buildModule({ ...rest, sources: list, out: opts.out ?? (od ? path.join(od, `${name}.ko`) : undefined) })];
}
