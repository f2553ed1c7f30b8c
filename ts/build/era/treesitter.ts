// kemu: loads web-tree-sitter and the tree-sitter-c grammar (both wasm, no native build) on first
// use only, so a `kemu run` with an explicit --kernel-version never pays for them; parses C source.
// Used by era detection (ts/build/era/detect.ts) and kemu lint (ts/lint/).
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Language, Node, Parser, Tree } from "web-tree-sitter";
import { importExternal } from "../builtins.js";

export type { Node, Tree };

/** One parsed C file: its path as the user spelled it, its text and its syntax tree. */
export interface ParsedFile {
  path: string;
  text: string;
  tree: Tree;
}

let parserPromise: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  // Found at run time from node_modules (a file URL, not a specifier), so the CLI bundler
  // (rolldown, build.sh) leaves web-tree-sitter out of kemu.bundle.cjs: commands that do not detect
  // an era never parse it, and it finds its own web-tree-sitter.wasm beside its module file.
  const require = createRequire(import.meta.url);
  const runtimeWasm = require.resolve("web-tree-sitter/web-tree-sitter.wasm");
  const ts = await importExternal<typeof import("web-tree-sitter")>(pathToFileURL(path.join(path.dirname(runtimeWasm), "web-tree-sitter.js")).href);
  await ts.Parser.init({ locateFile: () => runtimeWasm });
  const grammarPath = require.resolve("tree-sitter-c/tree-sitter-c.wasm");
  const language: Language = await ts.Language.load(new Uint8Array(fs.readFileSync(grammarPath)));
  const parser = new ts.Parser();
  parser.setLanguage(language);
  return parser;
}

/** The shared C parser (created once per process). */
export function cParser(): Promise<Parser> {
  parserPromise ??= loadParser();
  return parserPromise;
}

/** Kernel annotations that tree-sitter (no preprocessor) would take for type names:
 * `static void __exit f(void)` parses as a declaration of `__exit`. They carry no syntax, so
 * they are blanked (same length: positions do not move) in the text given to the parser. */
export const ANNOTATIONS =
  /\b(__init|__exit|__initdata|__exitdata|__initconst|__devinit|__devexit|__devinitdata|__devexitdata|__cpuinit|__user|__iomem|__kernel|__force|__rcu|__percpu|__must_check|__always_inline|__maybe_unused|__read_mostly|__cold|__weak|notrace|asmlinkage|__visible|__noreturn)\b/g;

export function blankAnnotations(text: string): string {
  return text.replace(ANNOTATIONS, (m) => " ".repeat(m.length));
}

/** Parses C text; `path` is only carried along for messages. */
export async function parseC(path: string, text: string): Promise<ParsedFile> {
  const parser = await cParser();
  const tree = parser.parse(blankAnnotations(text));
  if (!tree) throw new Error(`tree-sitter could not parse ${path}`);
  return { path, text, tree };
}

/** Reads and parses each file. */
export async function parseFiles(paths: string[]): Promise<ParsedFile[]> {
  const out: ParsedFile[] = [];
  for (const p of paths) out.push(await parseC(p, fs.readFileSync(p, "utf8")));
  return out;
}
