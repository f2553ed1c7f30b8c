// Test helper: builds csrc/lib/*.c + test/csrc/harness.c into one standalone wasm (no kernel
// loader involved) and offers a small C-call toolkit: strings, raw memory and wasm32 varargs.
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
export const LIB_DIR = join(REPO, "csrc/lib");
export const HARNESS = join(REPO, "test/csrc/harness.c");

/** The contract flags shared by modules and the vmlinux core (docs/CONTRACT-helpers.md). */
export const COMMON_FLAGS = [
  "--target=wasm32-unknown-unknown", "-O2", "-g0", "-ffreestanding", "-fno-builtin", "-nostdinc",
  "-nostdlib", "-mbulk-memory", "-fvisibility=default", "-fno-common", "-fno-strict-aliasing",
  "-fshort-wchar", "-funsigned-char", "-std=gnu11", "-Werror=implicit-function-declaration",
  "-Werror=implicit-int", "-Werror=return-type", "-Wno-format-security",
  "-Wno-unused-command-line-argument", "-fdiagnostics-color=never",
  "-isystem", join(REPO, "csrc/include"), "-include", "linux/kconfig.h",
  "-include", "linux/compiler_types.h", "-D__KERNEL__", "-D__KEMU__",
  "-DKEMU_LINUX_VERSION_CODE=393472", '-DKEMU_UTS_RELEASE="6.1.0"',
];

/** Flags of the vmlinux core; the contract adds -fPIC, left out for this standalone link. */
export function coreFlags(file: string): string[] {
  return [...COMMON_FLAGS, '-DKBUILD_MODNAME="vmlinux"', `-DKBUILD_BASENAME="${basename(file, ".c")}"`];
}

/** Flags a loadable module is compiled with. */
export function moduleFlags(file: string, modname: string): string[] {
  return [...COMMON_FLAGS, "-fPIC", "-DMODULE", `-DKBUILD_MODNAME="${modname}"`,
    `-DKBUILD_BASENAME="${basename(file, ".c")}"`];
}

function works(cmd: string): boolean {
  const r = spawnSync(cmd, ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

export interface Toolchain { clang: string; wasmLd: string; objdump: string | null }

let toolchainMemo: Toolchain | null | undefined;

function first(candidates: (string | undefined)[]): string | null {
  return candidates.find((c): c is string => !!c && works(c)) ?? null;
}

/** clang from $KEMU_CLANG or clang-19 on PATH (wasm-ld, llvm-objdump likewise); null if absent. */
export function findToolchain(): Toolchain | null {
  if (toolchainMemo !== undefined) return toolchainMemo;
  const clang = first([process.env.KEMU_CLANG, "clang-19", "clang"]);
  const wasmLd = first([process.env.KEMU_WASM_LD, "wasm-ld-19", "wasm-ld"]);
  const objdump = first([process.env.KEMU_OBJDUMP, "llvm-objdump-19", "llvm-objdump"]);
  toolchainMemo = clang && wasmLd ? { clang, wasmLd, objdump } : null;
  if (!toolchainMemo) {
    console.warn("csrc tests skipped: no clang/wasm-ld found (install clang-19 and lld-19, or set KEMU_CLANG and KEMU_WASM_LD)");
  }
  return toolchainMemo;
}

export interface CompileResult { ok: boolean; stderr: string }

export function compile(tc: Toolchain, src: string, out: string, flags: string[]): Promise<CompileResult> {
  return new Promise((done) => {
    execFile(tc.clang, [...flags, "-c", src, "-o", out], { encoding: "utf8" }, (err, _stdout, stderr) => {
      done({ ok: !err, stderr: stderr + (err && !stderr ? String(err) : "") });
    });
  });
}

/** The C library files under test (csrc/lib also holds files of other subsystems). */
export const LIB_FILES = ["ctype.c", "hexdump.c", "kstrtox.c", "string.c", "vsprintf.c"];

export function libSources(): string[] {
  return LIB_FILES.map((f) => join(LIB_DIR, f));
}

/** Runs @fn in a fresh temporary directory that is removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "kemu-csrc-"));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let wasmMemo: Promise<WebAssembly.Module> | null = null;

/** Compiles and links the test wasm once per test process. */
export function buildTestWasm(tc: Toolchain): Promise<WebAssembly.Module> {
  wasmMemo ??= withTempDir(async (dir) => {
    const srcs = [...libSources(), HARNESS];
    const objs = srcs.map((src) => join(dir, basename(src, ".c") + ".o"));
    const results = await Promise.all(srcs.map((src, i) => compile(tc, src, objs[i]!, coreFlags(src))));
    results.forEach((r, i) => {
      if (!r.ok) throw new Error(`compiling ${srcs[i]} failed:\n${r.stderr}`);
    });
    const out = join(dir, "csrc-test.wasm");
    // Nothing may live in the first page: %s prints "(efault)" for pointers below 4096.
    const r = spawnSync(tc.wasmLd, ["--no-entry", "--export-all", "--allow-undefined", "--global-base=4096",
      "-o", out, ...objs],
      { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`wasm-ld failed:\n${r.stderr}`);
    return new WebAssembly.Module(readFileSync(out));
  });
  return wasmMemo;
}

/** Symbols the stub kallsyms knows, as the TS kernel would describe them. */
export const STUB_SYMBOLS = [
  { start: 0x1000, size: 0x10, name: "my_func", module: "mod" },
  { start: 0x2000, size: 0x200, name: "core_func", module: null },
];

/** A va_list argument: plain numbers are int, bigints long long, strings char * (copied in). */
export type Arg = number | bigint | string | { ptr: number } | { bytes: Uint8Array };

export type Fn = (...args: number[]) => number;

export class Core {
  readonly exports: Record<string, Fn>;
  private readonly memory: WebAssembly.Memory;
  private readonly raw: Record<string, unknown>;

  constructor(instance: WebAssembly.Instance) {
    const ex = instance.exports as Record<string, unknown>;
    this.raw = ex;
    this.memory = ex.memory as WebAssembly.Memory;
    this.exports = Object.fromEntries(
      Object.entries(ex).filter(([, v]) => typeof v === "function"),
    ) as Record<string, Fn>;
  }

  get u8(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  get view(): DataView {
    return new DataView(this.memory.buffer);
  }

  fn(name: string): Fn {
    const f = this.exports[name];
    if (!f) throw new Error(`no export ${name}`);
    return f;
  }

  /** Address of an exported data symbol (wasm-ld --export-all exports them as globals). */
  dataAddr(name: string): number {
    const g = this.raw[name];
    if (!(g instanceof WebAssembly.Global)) throw new Error(`no data export ${name}`);
    return Number(g.value) >>> 0;
  }

  reset(): void {
    this.fn("harness_reset")();
  }

  alloc(size: number): number {
    const p = this.fn("__kmalloc")(size, 0) >>> 0;
    if (!p) throw new Error("harness arena exhausted");
    return p;
  }

  /** Copies bytes (or a JS string as Latin-1/UTF-8 bytes) with a terminating NUL. */
  cstr(s: string | Uint8Array): number {
    const bytes = typeof s === "string" ? new TextEncoder().encode(s) : s;
    const p = this.alloc(bytes.length + 1);
    this.u8.set(bytes, p);
    this.u8[p + bytes.length] = 0;
    return p;
  }

  bytes(b: Uint8Array | number[]): number {
    const arr = b instanceof Uint8Array ? b : Uint8Array.from(b);
    const p = this.alloc(Math.max(arr.length, 1));
    this.u8.set(arr, p);
    return p;
  }

  readCStr(p: number, max = 1 << 16): string {
    const u8 = this.u8;
    let end = p;
    while (end < p + max && u8[end] !== 0) end++;
    return new TextDecoder("latin1").decode(u8.subarray(p, end));
  }

  readBytes(p: number, n: number): Uint8Array {
    return this.u8.slice(p, p + n);
  }

  i32(p: number): number {
    return this.view.getInt32(p, true);
  }

  u32(p: number): number {
    return this.view.getUint32(p, true);
  }

  u64(p: number): bigint {
    return this.view.getBigUint64(p, true);
  }

  setU32(p: number, v: number): void {
    this.view.setUint32(p, v >>> 0, true);
  }

  setU64(p: number, v: bigint): void {
    this.view.setBigUint64(p, BigInt.asUintN(64, v), true);
  }

  /** Lays out arguments the way clang's wasm32 va_arg reads them: 4-byte slots, i64 8-aligned. */
  varargs(args: Arg[]): number {
    const slots: { off: number; size: 4 | 8; value: number | bigint }[] = [];
    let off = 0;
    for (const a of args) {
      if (typeof a === "bigint") {
        off = (off + 7) & ~7;
        slots.push({ off, size: 8, value: a });
        off += 8;
        continue;
      }
      let v: number;
      if (typeof a === "number") v = a;
      else if (typeof a === "string") v = this.cstr(a);
      else if ("ptr" in a) v = a.ptr;
      else v = this.bytes(a.bytes);
      slots.push({ off, size: 4, value: v });
      off += 4;
    }
    const base = this.alloc(Math.max(off, 8));
    for (const s of slots) {
      if (s.size === 8) this.setU64(base + s.off, s.value as bigint);
      else this.setU32(base + s.off, s.value as number);
    }
    return base;
  }

  /** snprintf into a fresh buffer of @size bytes (guarded by 0xAA canaries on both sides). */
  snprintf(size: number, fmt: string, ...args: Arg[]): { ret: number; str: string; overflow: boolean } {
    const guard = 16;
    const raw = this.alloc(size + 2 * guard);
    this.u8.fill(0xaa, raw, raw + size + 2 * guard);
    const buf = raw + guard;
    const ret = this.fn("snprintf")(buf, size, this.cstr(fmt), this.varargs(args));
    const u8 = this.u8;
    let overflow = false;
    for (let i = 0; i < guard; i++) {
      if (u8[raw + i] !== 0xaa || u8[buf + size + i] !== 0xaa) overflow = true;
    }
    return { ret, str: size > 0 ? this.readCStr(buf, size) : "", overflow };
  }

  /** Formats with a large buffer and returns the text (asserting the return value matches). */
  fmt(fmt: string, ...args: Arg[]): string {
    const r = this.snprintf(1024, fmt, ...args);
    if (r.ret !== r.str.length) throw new Error(`snprintf returned ${r.ret} for ${JSON.stringify(r.str)}`);
    return r.str;
  }
}

/** Writes "name+0xoff/0xsize [mod]" like kallsyms' __sprint_symbol(), or 0 if unknown. */
function stubSprintSymbol(getCore: () => Core) {
  return (buf: number, size: number, value: number, withOffset: number): number => {
    const v = value >>> 0;
    const sym = STUB_SYMBOLS.find((s) => v >= s.start && v < s.start + s.size);
    if (!sym) return 0;
    let text = sym.name;
    if (withOffset) text += `+0x${(v - sym.start).toString(16)}/0x${sym.size.toString(16)}`;
    if (sym.module) text += ` [${sym.module}]`;
    const bytes = new TextEncoder().encode(text).subarray(0, size - 1);
    const core = getCore();
    core.u8.set(bytes, buf);
    core.u8[buf + bytes.length] = 0;
    return bytes.length;
  };
}

/** A fresh instance of the test wasm (instances do not share memory). */
export async function loadCore(tc: Toolchain): Promise<Core> {
  const mod = await buildTestWasm(tc);
  let core: Core | null = null;
  const getCore = () => {
    if (!core) throw new Error("core not ready");
    return core;
  };
  const instance = await WebAssembly.instantiate(mod, {
    env: { kemu_sprint_symbol: stubSprintSymbol(getCore) },
  });
  core = new Core(instance);
  core.reset();
  return core;
}
