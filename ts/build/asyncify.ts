// kemu: no Linux counterpart - the post-link step that makes module code able to sleep. Every
// .ko (and the C core) goes through binaryen's Asyncify so that a task's wasm stack can be
// unwound and rewound by the scheduler; modules also get preemption points at loop heads.
import type binaryenTypes from "binaryen";
import { KSYMTAB } from "../kernel/ksymtab.js";
import { instrumentLoops } from "./preempt.js";
import { inlineCountedLoops } from "./preempt_counted.js";
import { importExternal } from "./builtins.js";
import { quickHash } from "./cache.js";

/** Bump when the pass pipeline changes, so cached .ko files are rebuilt. */
const PIPELINE_VERSION = 3;

/** Imports that never unwind: kernel exports that neither sleep nor preempt. */
function nonUnwindingExports(): string[] {
  return KSYMTAB.filter((e) => !e.sleeps && !e.preempts).map((e) => e.name).sort();
}

/** Identifies the post-link step for the build cache: a new export list means new code. (Not
 * sha256: a cached `kemu run` computes it and should not have to load node:crypto.) */
export function postLinkId(kind: "module" | "core"): string {
  return `asyncify:${quickHash(JSON.stringify([PIPELINE_VERSION, kind, nonUnwindingExports()]))}`;
}

type Binaryen = typeof import("binaryen").default;
let binaryenPromise: Promise<Binaryen> | null = null;
/** binaryen.js costs ~0.4 s to load: only builds pay for it. */
function loadBinaryen(): Promise<Binaryen> {
  binaryenPromise ??= importExternal<typeof import("binaryen")>("binaryen").then((m) => m.default);
  return binaryenPromise;
}

/**
 * The imports of `wasm` that may unwind: everything except kernel exports known not to sleep
 * (a symbol of another module may sleep, so it is assumed to).
 */
export function unwindingImports(wasm: Uint8Array, kind: "module" | "core"): string[] {
  const quiet = new Set(nonUnwindingExports());
  const mod = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  const out: string[] = [];
  for (const imp of WebAssembly.Module.imports(mod)) {
    if (imp.kind !== "function" || imp.module !== "env") continue;
    if (quiet.has(imp.name)) continue;
    // The C core's private imports (printk's store, %pS) are TS and never sleep.
    if (kind === "core" && imp.name.startsWith("kemu_")) continue;
    out.push(`env.${imp.name}`);
  }
  return out;
}

/**
 * binaryen's asyncify as kemu runs it (relocatable: the state and data pointer are imported
 * globals shared by every module), unwinding at `imports` ("env.name"); then the counted loops'
 * copies, kept out of asyncify's reach in functions of their own, go back into their callers
 * (`inline: false` leaves them out, for tests and benchmarks).
 */
export function asyncifyModule(binaryen: Binaryen, mod: binaryenTypes.Module, imports: readonly string[], opts: { inline?: boolean } = {}): void {
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(0);
  binaryen.setPassArgument("asyncify-relocatable", "true");
  binaryen.setPassArgument("asyncify-imports", imports.join(","));
  try {
    mod.runPasses(["asyncify"]);
  } finally {
    binaryen.clearPassArguments();
  }
  if (opts.inline !== false) inlineCountedLoops(binaryen, mod);
}

/** Run the kemu pipeline on a linked side module: preemption points (modules), then asyncify. */
export async function kemuPostLink(wasm: Uint8Array, kind: "module" | "core", opts: { preempt?: boolean } = {}): Promise<Uint8Array> {
  const binaryen = await loadBinaryen();
  binaryen.setDebugInfo(true);
  const mod = binaryen.readBinary(wasm);
  try {
    if (kind === "module" && opts.preempt !== false) {
      instrumentLoops(binaryen, mod);
    }
    asyncifyModule(binaryen, mod, unwindingImports(kind === "module" ? mod.emitBinary() : wasm, kind));
    if (!mod.validate()) throw new Error("binaryen: the asyncified module does not validate");
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}
