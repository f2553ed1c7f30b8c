// kemu: what Linux's top Makefile does with CC/LD and scripts/cc-version.sh (pick and vet the
// compiler), here finding a clang that targets wasm32 and its wasm-ld, with the probe cached.
import * as fs from "node:fs";
import * as path from "node:path";
import { atomicWrite, cacheDir, readJson } from "./cache.js";
import { childProcess } from "./builtins.js";

/** Every failure of the build driver; `message` is what the user should see, verbatim. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly kind: "compile" | "link" | "kbuild" | "input" | "toolchain" | "postlink" = "compile",
  ) {
    super(message);
    this.name = "BuildError";
  }
}

export interface Toolchain {
  clang: string;
  wasmLd: string;
  /** clang's version, e.g. "19.1.7". */
  version: string;
  /** Where it was found: "KEMU_CLANG", "EMSDK", "PATH", ... */
  source: string;
  /** Changes whenever either binary changes; part of every cache key. */
  id: string;
}

const MIN_CLANG_MAJOR = 15;
const INSTALL_HINT =
  "Install it with: apt-get install clang-19 lld-19   (Debian/Ubuntu)\n" +
  "or point kemu at one: export KEMU_CLANG=/path/to/clang KEMU_WASM_LD=/path/to/wasm-ld";

interface Candidate {
  clang: string;
  wasmLd: string[];
  source: string;
}

function isExecutable(file: string): boolean {
  try {
    // throwIfNoEntry: most names tried on PATH do not exist, and an exception each costs more
    // than the stat
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name: string, env: NodeJS.ProcessEnv): string | null {
  if (name.includes("/")) return isExecutable(name) ? path.resolve(name) : null;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const f = path.join(dir, name);
    if (isExecutable(f)) return f;
  }
  return null;
}

/** In order of preference; generated lazily, so PATH is searched only as far as needed. */
function* candidates(env: NodeJS.ProcessEnv): Generator<Candidate> {
  const envLd = env.KEMU_WASM_LD ? [env.KEMU_WASM_LD] : [];
  const make = (clang: string, ld: string[], source: string): Candidate => ({ clang, wasmLd: [...envLd, ...ld], source });
  if (env.KEMU_CLANG) yield make(which(env.KEMU_CLANG, env) ?? env.KEMU_CLANG, ["wasm-ld"], "KEMU_CLANG");
  if (env.EMSDK) {
    const bin = path.join(env.EMSDK, "upstream", "bin");
    yield make(path.join(bin, "clang"), [path.join(bin, "wasm-ld")], "EMSDK");
  }
  const onPath = function* (name: string, ld: string[], source: string) {
    const clang = which(name, env);
    if (clang) yield make(clang, ld, source);
  };
  yield* onPath("clang-19", ["wasm-ld-19", "wasm-ld"], "PATH (clang-19)");
  yield* onPath("clang", ["wasm-ld"], "PATH");
  for (let v = 20; v >= MIN_CLANG_MAJOR; v--) {
    if (v !== 19) yield* onPath(`clang-${v}`, [`wasm-ld-${v}`, "wasm-ld"], `PATH (clang-${v})`);
  }
  for (const dir of ["/opt/homebrew/opt/llvm/bin", "/usr/local/opt/llvm/bin"]) {
    yield make(path.join(dir, "clang"), [path.join(dir, "wasm-ld")], dir);
  }
}

/** The linker paired with a clang: as named, on PATH, or beside clang's real location. */
function findLinker(c: Candidate, env: NodeJS.ProcessEnv): string | null {
  const besides = [path.dirname(c.clang)];
  try {
    besides.push(path.dirname(fs.realpathSync(c.clang)));
  } catch {
    // unresolvable clang is rejected by the caller anyway
  }
  for (const name of c.wasmLd) {
    if (name.includes("/")) {
      if (isExecutable(name)) return path.resolve(name);
      continue;
    }
    for (const dir of besides) {
      const f = path.join(dir, name);
      if (isExecutable(f)) return f;
    }
    const f = which(name, env);
    if (f) return f;
  }
  return null;
}

function stamp(file: string): string {
  const real = fs.realpathSync(file);
  const st = fs.statSync(real);
  return `${real}@${st.mtimeMs}:${st.size}`;
}

interface Probe {
  ok: boolean;
  version: string;
  reason: string;
}

type ProbeCache = Record<string, Probe>;

function probe(clang: string): Probe {
  let text: string;
  try {
    text = childProcess().execFileSync(clang, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    return { ok: false, version: "", reason: `${clang} --version failed: ${(e as Error).message}` };
  }
  const m = /clang version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return { ok: false, version: "", reason: `${clang} does not look like clang` };
  const version = `${m[1]}.${m[2]}.${m[3] ?? 0}`;
  if (Number(m[1]) < MIN_CLANG_MAJOR) {
    return { ok: false, version, reason: `${clang} is clang ${version}; kemu needs clang >= ${MIN_CLANG_MAJOR}` };
  }
  try {
    const targets = childProcess().execFileSync(clang, ["-print-targets"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (!/\bwasm32\b/.test(targets)) {
      return { ok: false, version, reason: `${clang} was built without the WebAssembly target` };
    }
  } catch {
    // very old or unusual drivers lack -print-targets; the first compile will tell.
  }
  return { ok: true, version, reason: "" };
}

let memo: { key: string; tc: Toolchain } | null = null;

/**
 * Discovery order: KEMU_CLANG/KEMU_WASM_LD, $EMSDK/upstream/bin, clang-19 on PATH, clang on PATH
 * (then other clang-N and Homebrew's llvm). The `clang --version` probe is cached on disk keyed by
 * the binary's real path, mtime and size, so a warm run only stats files.
 */
export function findToolchain(env: NodeJS.ProcessEnv = process.env): Toolchain {
  const memoKey = `${env.KEMU_CLANG}|${env.KEMU_WASM_LD}|${env.EMSDK}|${env.PATH}|${env.KEMU_CACHE_DIR}`;
  const tried: string[] = [];
  const cacheFile = path.join(cacheDir(env), "toolchain.json");
  let cache: ProbeCache | null = null;
  for (const c of candidates(env)) {
    if (!isExecutable(c.clang)) {
      if (c.source === "KEMU_CLANG") {
        throw new BuildError(`kemu: KEMU_CLANG=${env.KEMU_CLANG} is not an executable file`, "toolchain");
      }
      continue;
    }
    const wasmLd = findLinker(c, env);
    if (!wasmLd) {
      tried.push(`${c.clang} (no ${c.wasmLd.join(" or ")} found)`);
      continue;
    }
    const clangStamp = stamp(c.clang);
    const key = `${clangStamp}|${stamp(wasmLd)}`;
    if (memo && memo.key === `${memoKey}|${key}`) return memo.tc;
    cache ??= readJson<ProbeCache>(cacheFile) ?? {};
    let p = cache[clangStamp];
    if (!p) {
      p = probe(c.clang);
      cache[clangStamp] = p;
      try {
        atomicWrite(cacheFile, JSON.stringify(cache, null, 1));
      } catch {
        // a read-only cache only costs a re-probe next time
      }
    }
    if (!p.ok) {
      if (c.source === "KEMU_CLANG") throw new BuildError(`kemu: ${p.reason}\n${INSTALL_HINT}`, "toolchain");
      tried.push(p.reason);
      continue;
    }
    const tc: Toolchain = { clang: c.clang, wasmLd, version: p.version, source: c.source, id: `clang ${p.version}|${key}` };
    memo = { key: `${memoKey}|${key}`, tc };
    return tc;
  }
  const detail = tried.length ? `\n(rejected: ${tried.join("; ")})` : "";
  throw new BuildError(`kemu: no clang able to compile for wasm32 (with wasm-ld) was found.\n${INSTALL_HINT}${detail}`, "toolchain");
}
