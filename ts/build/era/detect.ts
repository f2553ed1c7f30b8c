// kemu: `--kernel-version auto`: which Linux era a module's C source was written for. Collects
// evidence (era-specific calls, macros with their argument counts, headers, struct types,
// initialiser fields, callback signatures: ts/build/era/rules.ts) from tree-sitter syntax trees,
// intersects the version ranges, and picks a representative version kemu emulates. Code under
// `#if LINUX_VERSION_CODE ...` is portable on purpose and gives no evidence. See docs/eras.md.
import * as fs from "node:fs";
import * as path from "node:path";
import { calls, fieldAssignments, functions, identifiers, includes, initializers, structSpecifiers } from "./ast.js";
import { CALL_RULES, FIELD_RULES, IDENT_RULES, INCLUDE_RULES, REPRESENTATIVE_VERSIONS, STRUCT_RULES, type Range } from "./rules.js";
import { parseFiles, type ParsedFile } from "./treesitter.js";
import { DEFAULT_KERNEL_VERSION, parseKernelVersion } from "../version.js";

export interface Evidence extends Range {
  file: string;
  line: number;
  col: number;
  /** What was seen: `DECLARE_TASKLET(name, func, data)`, `#include <linux/config.h>`... */
  api: string;
}

export interface EraResult {
  /** The chosen version, "MAJOR.MINOR.PATCH". */
  version: string;
  /** The intersection of every piece of evidence (open ends undefined); empty when conflicting. */
  range: { since?: string; until?: string };
  evidence: Evidence[];
  /** Two pieces of evidence that never existed in one kernel, and the message saying so. */
  conflict?: { newer: Evidence; older: Evidence; message: string };
  /** One sentence: why this version. */
  reason: string;
}

const code = (v: string) => parseKernelVersion(v).code;

function rangeText(e: { since?: string; until?: string }): string {
  if (e.since && e.until) return `${e.since} <= v < ${e.until}`;
  if (e.since) return `since ${e.since}`;
  if (e.until) return `before ${e.until}`;
  return "any";
}

/** Evidence found in one parsed file. */
export function collectEvidence(f: ParsedFile): Evidence[] {
  const out: Evidence[] = [];
  const add = (line: number, col: number, api: string, r: Range) => {
    if (!r.since && !r.until) return;
    out.push({ file: f.path, line, col, api, since: r.since, until: r.until, why: r.why });
  };
  const callNames = new Set<number>();

  // calls and macro invocations
  for (const c of calls(f)) {
    if (c.guarded) continue;
    for (const r of CALL_RULES) {
      if (!r.names.includes(c.name)) continue;
      if (r.args && !r.args.includes(c.args.length)) continue;
      callNames.add(c.start);
      add(c.line, c.col, r.api ? r.api.replace(/^[A-Za-z_]\w*/, c.name) : `${c.name}()`, r);
    }
  }

  // identifiers, headers, struct types
  for (const id of identifiers(f)) {
    if (callNames.has(id.start) || id.guarded) continue;
    const r = IDENT_RULES.find((x) => x.names.includes(id.name));
    if (r) add(id.line, id.col, id.name, r);
  }
  // annotations are blanked for the parser (treesitter.ts), so look for the era-specific ones in the text
  for (const m of f.text.matchAll(/\b(__devinit|__devexit|__devinitdata|__devexit_p)\b/g)) {
    const r = IDENT_RULES.find((x) => x.names.includes(m[1]));
    const before = f.text.slice(0, m.index);
    const line = before.split("\n").length;
    if (r) add(line, m.index - before.lastIndexOf("\n"), m[1], r);
  }
  for (const { node: n, guarded } of includes(f)) {
    const p = n.childForFieldName("path")?.text.replace(/^[<"]|[>"]$/g, "");
    const r = p ? INCLUDE_RULES.find((x) => x.header === p) : undefined;
    if (r && !guarded) add(n.startPosition.row + 1, n.startPosition.column + 1, `#include <${p}>`, r);
  }
  for (const { node: n, guarded } of structSpecifiers(f)) {
    const name = n.childForFieldName("name")?.text;
    const r = name ? STRUCT_RULES.find((x) => x.struct === name) : undefined;
    if (r && !guarded) add(n.startPosition.row + 1, n.startPosition.column + 1, `struct ${name}`, r);
  }

  // initialisers: designated fields and the 2.2/2.4 positional layouts
  const fnByName = new Map(functions(f).map((d) => [d.name, d]));
  for (const init of initializers(f)) {
    if (init.guarded) continue;
    for (const e of init.elements) {
      if (!e.field) continue;
      for (const r of FIELD_RULES) {
        if (!r.fields.includes(e.field)) continue;
        if (r.types && !r.types.test(init.type)) continue;
        const p = e.node.startPosition;
        add(p.row + 1, p.column + 1, `.${e.field} = ... (${init.type ? init.type : "initialiser"})`, r);
      }
      if (e.field === "proc_handler") handlerSignature(e.value, e.node.startPosition.row + 1, e.node.startPosition.column + 1);
      if (e.field === "read_proc") readProcSignature(e.value, e.node.startPosition.row + 1, e.node.startPosition.column + 1);
    }
    const positional = init.elements.length > 0 && init.elements.every((e) => !e.field);
    if (positional && /^(struct\s+)?file_operations$/.test(init.type)) {
      if (init.elements[0].value.trim() === "THIS_MODULE") {
        add(init.line, init.col, "positional struct file_operations (owner first)", { since: "2.4.0", until: "2.5.0", why: "2.4's file_operations began with .owner; positional initialisers follow that layout" });
      } else {
        add(init.line, init.col, "positional struct file_operations (no owner)", { until: "2.4.0", why: "2.2's file_operations had no .owner (lseek first)" });
      }
    }
    if (positional && /^(struct\s+)?proc_dir_entry$/.test(init.type)) {
      add(init.line, init.col, "static struct proc_dir_entry initialiser", { until: "2.4.0", why: "statically initialised /proc entries (proc_register) are the 2.2 API" });
    }
  }
  for (const a of fieldAssignments(f)) {
    for (const r of FIELD_RULES) {
      if (!r.fields.includes(a.field) || r.types) continue;
      if (!a.guarded) add(a.line, a.col, `${a.object}->${a.field} = ...`, r);
    }
    if (a.field === "read_proc" && !a.guarded) readProcSignature(a.value, a.line, a.col);
  }
  for (const c of calls(f)) {
    if (c.name === "create_proc_read_entry" && c.args.length === 5 && !c.guarded) readProcSignature(c.args[3], c.line, c.col);
  }

  // 2.2's proc get_info(buffer, start, offset, len, unused): 5 parameters
  for (const d of functions(f)) {
    const p = d.params;
    if (p.length === 5 && /char\s*\*\s*\*/.test(p[1]) && /\boff_t\b/.test(p[2]) && /\bint\b/.test(p[4])) {
      add(d.line, d.col, `${d.name}(char *, char **, off_t, int, int)`, { until: "2.4.0", why: "the 2.2 /proc read/get_info callback had 5 parameters (2.4's get_info took 4)" });
    }
  }
  return out;

  function handlerSignature(value: string, line: number, col: number) {
    const d = fnByName.get(value.replace(/^&\s*/, "").trim());
    if (!d) return;
    if (d.params.length === 6) add(line, col, `proc_handler ${d.name}(6 args, struct file *)`, { until: "2.6.32", why: "sysctl proc_handlers took a struct file * until 2.6.32" });
    else if (d.params.length === 5) add(line, col, `proc_handler ${d.name}(5 args)`, { since: "2.6.32", why: "sysctl proc_handlers lost the struct file * in 2.6.32" });
  }
  function readProcSignature(value: string, line: number, col: number) {
    const d = fnByName.get(value.replace(/^&\s*/, "").trim());
    if (d && d.params.length === 6) add(line, col, `read_proc ${d.name}(page, start, off, count, eof, data)`, { since: "2.3.29", until: "3.10.0", why: "read_proc_t (6 parameters) existed from 2.4 until 3.10" });
  }
}

const fits = (e: Range, c: number) => (!e.since || code(e.since) <= c) && (!e.until || c < code(e.until));

/** Chooses a version from the evidence. */
export function chooseVersion(evidence: Evidence[]): EraResult {
  // one line per API in --explain (the first place it is used), but every use counts
  const seen = new Set<string>();
  const shown = evidence.filter((e) => {
    const k = `${e.api}\0${e.since}\0${e.until}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (!shown.length) {
    return { version: DEFAULT_KERNEL_VERSION, range: {}, evidence: [], reason: `nothing era-specific found: the default, ${DEFAULT_KERNEL_VERSION}` };
  }
  let newest: Evidence | undefined; // the largest `since`
  let oldest: Evidence | undefined; // the smallest `until`
  for (const e of shown) {
    if (e.since && (!newest || code(e.since) > code(newest.since!))) newest = e;
    if (e.until && (!oldest || code(e.until) < code(oldest.until!))) oldest = e;
  }
  const lo = newest ? code(newest.since!) : 0;
  const hi = oldest ? code(oldest.until!) : Infinity;
  const range = { since: newest?.since, until: oldest?.until };
  const where = (e: Evidence) => `${e.file}:${e.line}`;

  if (lo >= hi && newest && oldest) {
    // Mixed eras: the version that satisfies most of the evidence (ties: the newer), as a fallback.
    let best = DEFAULT_KERNEL_VERSION;
    let bestScore = -1;
    for (const v of [...REPRESENTATIVE_VERSIONS].reverse()) {
      const score = shown.filter((e) => fits(e, code(v))).length;
      if (score > bestScore) (best = v), (bestScore = score);
    }
    const message =
      `mixed API eras: ${where(newest)}: ${newest.api} (since ${newest.since}) and ` +
      `${where(oldest)}: ${oldest.api} (removed in ${oldest.until}) never existed in the same kernel; ` +
      `building for ${best}, which fits ${bestScore} of ${shown.length} era-specific APIs (choose with --kernel-version)`;
    return { version: best, range: {}, evidence: shown, conflict: { newer: newest, older: oldest, message }, reason: message };
  }

  if (hi === Infinity) {
    const dflt = code(DEFAULT_KERNEL_VERSION);
    const version = lo <= dflt ? DEFAULT_KERNEL_VERSION : newest!.since!;
    return { version, range, evidence: shown, reason: `every API used exists ${rangeText(range)}: the default, ${version}` };
  }
  // Bounded above: the oldest kemu era in which everything exists, at least 2.6 unless the
  // evidence itself is older (code without 2.2/2.4 markers is taken as 2.6-or-later code).
  const floor = hi > code("2.6.0") ? Math.max(lo, code("2.6.0")) : lo;
  const reps = REPRESENTATIVE_VERSIONS.filter((v) => code(v) >= floor && code(v) < hi);
  const version = reps[0] ?? releaseOf(floor);
  return {
    version,
    range,
    evidence: shown,
    reason: `the APIs used existed together ${rangeText(range)}: the oldest kemu era there${floor > lo ? " from 2.6 on" : ""}, ${version}`,
  };
}

function releaseOf(c: number): string {
  return `${c >> 16}.${(c >> 8) & 255}.${c & 255}`;
}

/** Detects the era of C source files (parsed with tree-sitter). */
export async function detectEra(files: string[]): Promise<EraResult> {
  const parsed = await parseFiles(files);
  return chooseVersion(parsed.flatMap(collectEvidence));
}

/** Detects the era of already-parsed files (lint reuses its trees). */
export function detectEraParsed(files: ParsedFile[]): EraResult {
  return chooseVersion(files.flatMap(collectEvidence));
}

/** The .c sources behind build/run inputs: FILE.c as is, DIR through its Kbuild/Makefile; .ko none. */
export async function sourcesOf(inputs: string[], opts: { cwd?: string; vars?: Record<string, string> } = {}): Promise<string[]> {
  const cwd = opts.cwd ?? process.cwd();
  const out: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if (!fs.existsSync(abs)) continue;
    if (fs.statSync(abs).isDirectory()) {
      const { parseKbuild } = await import("../kbuild.js");
      try {
        for (const m of parseKbuild(abs, { kernelRelease: DEFAULT_KERNEL_VERSION, vars: opts.vars })) {
          for (const s of m.sources) out.push(path.isAbsolute(input) ? s : path.relative(cwd, s) || s);
        }
      } catch {
        // no Kbuild: the build itself reports it
      }
    } else if (input.endsWith(".c")) out.push(input);
  }
  return [...new Set(out)].filter((s) => s.endsWith(".c") && fs.existsSync(path.resolve(cwd, s)));
}

/** Words that can bound the era from above (or beyond 6.1): without any of them in the text, the
 * answer is the default and tree-sitter need not be loaded (~100 ms plus its wasm compile). */
let bounding: { words: Set<string>; other: RegExp | null } | undefined;
export function mayBeEraSpecific(text: string): boolean {
  if (!bounding) {
    const words = new Set<string>(["file_operations", "proc_dir_entry", "off_t", "proc_handler", "read_proc", "__devinit", "__devexit"]);
    const dflt = code(DEFAULT_KERNEL_VERSION);
    const bounds = (r: Range) => !!r.until || (!!r.since && code(r.since) > dflt);
    for (const r of CALL_RULES) if (bounds(r)) r.names.forEach((n) => words.add(n));
    for (const r of IDENT_RULES) if (bounds(r)) r.names.forEach((n) => words.add(n));
    for (const r of INCLUDE_RULES) if (bounds(r)) words.add(r.header.replace(/^.*\//, "").replace(/\.h$/, ""));
    for (const r of STRUCT_RULES) if (bounds(r)) words.add(r.struct);
    for (const r of FIELD_RULES) if (bounds(r)) r.fields.forEach((n) => words.add(n));
    // `\bWORD\b` for a word of \w characters is the same as WORD being one of the text's \w+
    // runs: a set lookup per run costs far less than compiling and running one big alternation
    // (a cached `kemu run` does this once). Any other word keeps the regular expression.
    const plain = [...words].filter((w) => /^\w+$/.test(w));
    const other = [...words].filter((w) => !/^\w+$/.test(w));
    bounding = { words: new Set(plain), other: other.length ? new RegExp(`\\b(${other.join("|")})\\b`) : null };
  }
  for (const run of text.match(/\w+/g) ?? []) if (bounding.words.has(run)) return true;
  return bounding.other?.test(text) ?? false;
}

/** `--kernel-version auto` for the given build/run inputs. With `quick`, sources without any
 * era-bounding word get the default without being parsed (the evidence list is then empty). */
export async function detectEraOfInputs(
  inputs: string[],
  opts: { cwd?: string; vars?: Record<string, string>; quick?: boolean } = {},
): Promise<EraResult> {
  const cwd = opts.cwd ?? process.cwd();
  const srcs = await sourcesOf(inputs, opts);
  if (!srcs.length) return chooseVersion([]);
  if (opts.quick && !srcs.some((s) => mayBeEraSpecific(fs.readFileSync(path.resolve(cwd, s), "utf8")))) return chooseVersion([]);
  const parsed = await parseFiles(srcs.map((s) => path.resolve(cwd, s)));
  for (let i = 0; i < parsed.length; i++) parsed[i].path = srcs[i];
  return detectEraParsed(parsed);
}

/** The --explain text: the version, why, and one line per piece of evidence. */
export function formatExplain(r: EraResult): string {
  const lines = [`kernel version ${r.version} (auto): ${r.reason}`];
  const width = Math.min(60, Math.max(0, ...r.evidence.map((e) => `${e.file}:${e.line}:${e.col}: ${e.api}`.length)));
  for (const e of r.evidence) {
    const head = `${e.file}:${e.line}:${e.col}: ${e.api}`;
    lines.push(`  ${head.padEnd(width)}  ${rangeText(e).padEnd(22)} ${e.why}`);
  }
  return lines.join("\n") + "\n";
}
