// kemu: the part of Linux's kbuild that decides "is this target up to date" (fixdep + .cmd files),
// done by content hash instead of mtime so results can be shared across checkouts and processes.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nodeCrypto } from "./builtins.js";

const LAYOUT = "v1";

/** KEMU_CACHE_DIR, else $XDG_CACHE_HOME/kemu, else ~/.cache/kemu (with the layout version appended). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  let base = env.KEMU_CACHE_DIR;
  if (!base) {
    const xdg = env.XDG_CACHE_HOME;
    base = xdg && path.isAbsolute(xdg) ? path.join(xdg, "kemu") : path.join(os.homedir(), ".cache", "kemu");
  }
  return path.join(path.resolve(base), LAYOUT);
}

export function sha256(data: string | Uint8Array): string {
  return nodeCrypto().createHash("sha256").update(data).digest("hex");
}

/**
 * A 64-bit non-cryptographic hash of a string (two 32-bit multiplicative lanes over its UTF-8
 * bytes, a 32-bit word at a time), as 16 hex digits: for names whose input is stored and
 * compared in full anyway, or that only tell versions of kemu's own tables apart. Unlike sha256
 * it does not need node:crypto, which takes ~4 ms to load.
 */
export function quickHash(s: string): string {
  const bytes = new TextEncoder().encode(s); // a fresh buffer: offset 0, so 4-byte aligned
  const words = new Int32Array(bytes.buffer, 0, bytes.length >> 2);
  let a = 0x811c9dc5 ^ bytes.length;
  let b = 0x9747b28c;
  const mix = (c: number) => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  };
  for (let i = 0; i < words.length; i++) mix(words[i]);
  for (let i = words.length * 4; i < bytes.length; i++) mix(bytes[i]);
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/** A dependency: absolute path and the sha256 of its content when recorded. */
export type Dep = [file: string, hash: string];

/** Hashes files at most once per build, since a header is shared by many objects. */
export class FileHasher {
  private readonly memo = new Map<string, string | null>();

  hash(file: string): string | null {
    let h = this.memo.get(file);
    if (h === undefined) {
      try {
        h = sha256(fs.readFileSync(file));
      } catch {
        h = null;
      }
      this.memo.set(file, h);
    }
    return h;
  }

  /** Every recorded dependency still has the content it had when the entry was stored. */
  depsValid(deps: readonly Dep[]): boolean {
    for (const [file, hash] of deps) if (this.hash(file) !== hash) return false;
    return true;
  }
}

/** Dependencies out of a make-style .d file written by clang -MD; relative names are resolved against cwd. */
export function parseDepFile(text: string, cwd: string): string[] {
  const words: string[] = [];
  let cur = "";
  let sawColon = false;
  const flush = () => {
    if (cur !== "") words.push(cur);
    cur = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      const n = text[i + 1];
      if (n === "\n") { flush(); i++; continue; }
      if (n === "\r" && text[i + 2] === "\n") { flush(); i += 2; continue; }
      if (n === " " || n === "#" || n === "\\" || n === ":") { cur += n; i++; continue; }
      cur += c;
    } else if (c === "$" && text[i + 1] === "$") {
      cur += "$";
      i++;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      flush();
    } else if (c === ":" && !sawColon && (text[i + 1] === " " || text[i + 1] === "\n" || text[i + 1] === "\\" || i + 1 === text.length)) {
      // The first unescaped "target:" ends the target list; drive letters (C:\) never appear here.
      sawColon = true;
      cur = "";
      words.length = 0;
    } else {
      cur += c;
    }
  }
  flush();
  return [...new Set(words.map((w) => path.resolve(cwd, w)))];
}

export function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function tmpName(file: string): string {
  return `${file}.tmp-${process.pid}-${nodeCrypto().randomBytes(4).toString("hex")}`;
}

/** Fill a temporary file, then rename it over `file`: a concurrent reader sees the old file or the new one, never half of one. */
function replaceAtomically(file: string, fill: (tmp: string) => void): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  try {
    fill(tmp);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export function atomicWrite(file: string, data: string | Uint8Array): void {
  replaceAtomically(file, (tmp) => fs.writeFileSync(tmp, data));
}

export function atomicCopy(from: string, to: string): void {
  replaceAtomically(to, (tmp) => fs.copyFileSync(from, tmp));
}

/** Copy unless `to` already holds exactly these bytes, so an unchanged output keeps its mtime. */
export function installFile(from: string, to: string): void {
  try {
    const a = fs.statSync(from);
    const b = fs.statSync(to);
    if (a.size === b.size && fs.readFileSync(from).equals(fs.readFileSync(to))) return;
  } catch {
    // `to` missing: fall through and copy.
  }
  atomicCopy(from, to);
}

/** One result of a key, valid while its dependencies have these hashes. */
export interface Variant {
  file: string;
  deps: Dep[];
  created: string;
}

interface EntryManifest {
  version: 2;
  kind: "obj" | "ko";
  name: string;
  /** Most recent first. */
  variants: Variant[];
}

const MAX_VARIANTS = 8;

/**
 * The stored results (objects or linked modules) for one key. The key covers the sources and flags;
 * headers are checked through each variant's dependency list, and several variants are kept (as
 * ccache does) so that switching a header back and forth hits the cache both ways.
 */
export class CacheEntry {
  readonly dir: string;
  readonly manifest: string;

  constructor(readonly root: string, readonly kind: "obj" | "ko", readonly key: string) {
    this.dir = path.join(root, kind, key.slice(0, 2));
    this.manifest = path.join(this.dir, `${key}.json`);
  }

  private read(): EntryManifest | null {
    const m = readJson<EntryManifest>(this.manifest);
    return m && m.version === 2 && Array.isArray(m.variants) ? m : null;
  }

  /** The first variant whose artifact exists and whose dependencies are all unchanged. */
  lookup(hasher: FileHasher): Variant | null {
    const m = this.read();
    if (!m) return null;
    for (const v of m.variants) {
      const file = path.join(this.dir, v.file);
      if (hasher.depsValid(v.deps) && fs.existsSync(file)) return { ...v, file };
    }
    return null;
  }

  /** The artifact goes in first: a manifest only ever names complete artifacts. Returns its path. */
  store(artifact: string | Uint8Array, name: string, deps: Dep[]): string {
    const id = sha256(JSON.stringify(deps)).slice(0, 16);
    const fileName = `${this.key}-${id}.${this.kind === "obj" ? "o" : "ko"}`;
    const file = path.join(this.dir, fileName);
    if (typeof artifact === "string") atomicCopy(artifact, file);
    else atomicWrite(file, artifact);
    const old = this.read()?.variants ?? [];
    const variants = [{ file: fileName, deps, created: new Date().toISOString() }, ...old.filter((v) => v.file !== fileName)];
    for (const v of variants.splice(MAX_VARIANTS)) fs.rmSync(path.join(this.dir, v.file), { force: true });
    const m: EntryManifest = { version: 2, kind: this.kind, name, variants };
    atomicWrite(this.manifest, JSON.stringify(m));
    return file;
  }
}

/** A file's identity as stat(2) gives it: path, size, mtime, ctime, inode. */
type StatSig = [file: string, size: number, mtimeMs: number, ctimeMs: number, ino: number];

interface DirectManifest {
  version: 1;
  desc: string;
  artifact: string;
  files: StatSig[];
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // EACCES, ENOTDIR ...
  }
}


/**
 * ccache's "direct mode" (and make's view of a target): the artifact a build description
 * resolved to, with the stat signature of every file it was built from (sources and headers).
 * When every file still has its signature the artifact is returned without reading or hashing
 * any of them; otherwise the caller falls back to the content-hash lookup, which is the
 * authority (a direct entry only ever points at an artifact that lookup returned or stored).
 */
export class DirectEntry {
  /** A file changed less than this long (ms) before a result is stored may change again within
   * the same timestamp tick: such a result gets no direct entry (the content-hash lookup still
   * finds it). */
  static racyMs = 2000;

  readonly file: string;

  /** `desc` must name everything the artifact depends on besides the files' contents. */
  constructor(root: string, readonly desc: string) {
    const h = quickHash(desc);
    this.file = path.join(root, "direct", h.slice(0, 2), `${h}.json`);
  }

  lookup(): string | null {
    const m = readJson<DirectManifest>(this.file);
    if (!m || m.version !== 1 || m.desc !== this.desc || !Array.isArray(m.files)) return null;
    for (const [file, size, mtimeMs, ctimeMs, ino] of m.files) {
      const st = statOf(file);
      if (!st || st.size !== size || st.mtimeMs !== mtimeMs || st.ctimeMs !== ctimeMs || st.ino !== ino) return null;
    }
    return fs.existsSync(m.artifact) ? m.artifact : null;
  }

  /** Record `artifact` as built from `files` (absolute paths), unless one changed very recently. */
  store(artifact: string, files: Iterable<string>): void {
    const now = Date.now();
    const sigs: StatSig[] = [];
    for (const file of new Set(files)) {
      const st = statOf(file);
      if (!st || Math.max(st.mtimeMs, st.ctimeMs) > now - DirectEntry.racyMs) return;
      sigs.push([file, st.size, st.mtimeMs, st.ctimeMs, st.ino]);
    }
    const m: DirectManifest = { version: 1, desc: this.desc, artifact, files: sigs };
    try {
      atomicWrite(this.file, JSON.stringify(m));
    } catch {
      // a read-only cache only costs hashing next time
    }
  }
}

/** A private scratch directory inside the cache (same filesystem, so results can be renamed in). */
export function makeBuildDir(root: string): string {
  const parent = path.join(root, "tmp");
  fs.mkdirSync(parent, { recursive: true });
  // Leftovers of killed builds; a day is far longer than any build, so no live one is touched.
  const stale = Date.now() - 24 * 3600 * 1000;
  for (const name of fs.readdirSync(parent)) {
    const p = path.join(parent, name);
    try {
      if (fs.statSync(p).mtimeMs < stale) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // raced with another process cleaning up
    }
  }
  return fs.mkdtempSync(path.join(parent, `build-${process.pid}-`));
}
