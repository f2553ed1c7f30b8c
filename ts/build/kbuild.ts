// kemu: the reading half of Linux's scripts/Makefile.build + scripts/Makefile.lib (obj-m, NAME-objs,
// ccflags-y, CFLAGS_x.o) for out-of-tree module Makefiles; a small GNU make evaluator, not make itself.
import * as fs from "node:fs";
import * as path from "node:path";
import { BuildError } from "./toolchain.js";

export interface KbuildModule {
  /** Module name as in obj-m (may contain '-'; KBUILD_MODNAME replaces it with '_'). */
  name: string;
  /** Directory of the Kbuild/Makefile that named the module ($(obj)). */
  dir: string;
  /** Absolute .c paths, in link order. */
  sources: string[];
  /** ccflags-y / EXTRA_CFLAGS (plus a parent's subdir-ccflags-y). */
  cflags: string[];
  /** CFLAGS_file.o, keyed by the absolute .c path. */
  perFileCflags: Record<string, string[]>;
  /** Listed in obj-y rather than obj-m (out of tree this makes no .ko; buildDir skips it). */
  builtin: boolean;
}

export interface KbuildOptions {
  /** What $(KERNELRELEASE) and $(shell uname -r) give; kbuild always sets it. */
  kernelRelease?: string;
  /** Command-line variables (make VAR=value): they win over the Makefile's assignments. */
  vars?: Record<string, string>;
  /** Report objects whose .c is missing like make does (default true for files, false for text). */
  checkSources?: boolean;
}

/** Kbuild wins over Makefile, as in scripts/Makefile.build's kbuild-file. */
export function findKbuildFile(dir: string): string | null {
  for (const name of ["Kbuild", "Makefile", "makefile", "GNUmakefile"]) {
    const f = path.join(dir, name);
    if (fs.existsSync(f) && fs.statSync(f).isFile()) return f;
  }
  return null;
}

/** Read DIR/Kbuild (or DIR/Makefile) and return every module it describes, obj-m first. */
export function parseKbuild(dir: string, opts: KbuildOptions = {}): KbuildModule[] {
  const abs = path.resolve(dir);
  const file = findKbuildFile(abs);
  if (!file) {
    throw new BuildError(`make: *** No targets specified and no makefile found in ${abs}.  Stop.`, "kbuild");
  }
  return parseKbuildText(fs.readFileSync(file, "utf8"), abs, { checkSources: true, ...opts }, []);
}

export function parseKbuildText(
  text: string,
  dir: string,
  opts: KbuildOptions = {},
  inheritedCflags: string[] = [],
): KbuildModule[] {
  const absDir = path.resolve(dir);
  const mk = new MakeEval(absDir, opts);
  mk.run(text);
  const words = (name: string) => splitWords(mk.get(name));

  const subdirCflags = [...inheritedCflags, ...shellSplit(mk.get("subdir-ccflags-y"))];
  const cflags = [...subdirCflags, ...shellSplit(mk.get("EXTRA_CFLAGS")), ...shellSplit(mk.get("ccflags-y"))];
  const modules: KbuildModule[] = [];
  const seen = new Set<string>();

  const collect = (list: string[], builtin: boolean) => {
    for (const entry of list) {
      if (entry.endsWith("/")) {
        const sub = path.join(absDir, entry);
        const file = findKbuildFile(sub);
        if (!file) {
          throw new BuildError(`make[2]: *** No rule to make target '${sub}/Makefile'.  Stop.`, "kbuild");
        }
        const subOpts = { ...opts, vars: { ...opts.vars } };
        const subMods = parseKbuildText(fs.readFileSync(file, "utf8"), sub, subOpts, subdirCflags);
        for (const m of subMods) if (!seen.has(`${m.dir}/${m.name}`)) {
          seen.add(`${m.dir}/${m.name}`);
          modules.push(builtin ? { ...m, builtin: true } : m);
        }
        continue;
      }
      if (!entry.endsWith(".o")) {
        throw new BuildError(`kemu build: ${entry} in obj-${builtin ? "y" : "m"}: only .o objects and subdir/ entries are supported`, "kbuild");
      }
      const stem = entry.slice(0, -2);
      const key = `${absDir}/${stem}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const parts = [...words(`${stem}-objs`), ...words(`${stem}-y`), ...words(`${stem}-m`)];
      const objs = parts.length ? [...new Set(parts)] : [entry];
      const target = path.join(absDir, entry);
      const needer = parts.length ? target : path.join(absDir, "modules.order");
      const sources: string[] = [];
      const perFileCflags: Record<string, string[]> = {};
      for (const o of objs) {
        if (!o.endsWith(".o")) {
          throw new BuildError(`kemu build: ${o} in ${stem}-objs: only .o objects are supported`, "kbuild");
        }
        const src = path.join(absDir, `${o.slice(0, -2)}.c`);
        if (opts.checkSources && !fs.existsSync(src)) {
          const asm = path.join(absDir, `${o.slice(0, -2)}.S`);
          if (fs.existsSync(asm)) {
            throw new BuildError(`kemu build: ${asm}: assembler sources are not supported (wasm32 has no assembler)`, "kbuild");
          }
          throw new BuildError(
            `make[2]: *** No rule to make target '${path.join(absDir, o)}', needed by '${needer}'.  Stop.`,
            "kbuild",
          );
        }
        sources.push(src);
        const own = shellSplit(mk.get(`CFLAGS_${path.basename(o)}`));
        if (own.length) perFileCflags[src] = own;
      }
      modules.push({ name: path.basename(stem), dir: absDir, sources, cflags, perFileCflags, builtin });
    }
  };
  collect(words("obj-m"), false);
  collect(words("obj-y"), true);
  return modules;
}

/** Whitespace-separated make words. */
function splitWords(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/** Split compiler flags the way the shell running kbuild's recipe would (quotes, backslashes). */
export function shellSplit(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let have = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      const stop = end < 0 ? s.length : end;
      cur += s.slice(i + 1, stop);
      i = stop;
      have = true;
    } else if (c === '"') {
      i++;
      for (; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === "\\" && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) i++;
        cur += s[i];
      }
      have = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      have = true;
    } else if (/\s/.test(c)) {
      if (have) out.push(cur);
      cur = "";
      have = false;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push(cur);
  return out;
}

interface Var {
  value: string;
  recursive: boolean;
  fromCommandLine?: boolean;
}

interface Cond {
  /** This branch's lines are evaluated. */
  active: boolean;
  /** Some branch of this if/else chain was already taken. */
  taken: boolean;
  /** The enclosing block is active. */
  outer: boolean;
}

const ASSIGN_OPS = [":::=", "::=", ":=", "+=", "?=", "!=", "="];

/** A GNU make subset: assignments, conditionals, common functions; rules and recipes are skipped. */
class MakeEval {
  private readonly vars = new Map<string, Var>();
  private depth = 0;

  constructor(private readonly dir: string, private readonly opts: KbuildOptions) {
    const release = opts.kernelRelease ?? "6.1.0";
    for (const [k, v] of Object.entries({
      src: dir, obj: dir, M: dir, CURDIR: dir, srctree: dir, objtree: dir,
      KERNELRELEASE: release, MAKE: "make", CC: "clang", LD: "wasm-ld", ARCH: "wasm32",
    })) this.vars.set(k, { value: v, recursive: false });
    for (const [k, v] of Object.entries(opts.vars ?? {})) {
      this.vars.set(k, { value: v, recursive: false, fromCommandLine: true });
    }
  }

  get(name: string): string {
    const v = this.vars.get(name);
    if (!v) return "";
    return v.recursive ? this.expand(v.value) : v.value;
  }

  run(text: string): void {
    const lines = logicalLines(text);
    const conds: Cond[] = [];
    const active = () => conds.length === 0 || conds[conds.length - 1].active;
    let inRule = false;
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i];
      if (raw.startsWith("\t") && inRule) continue; // a recipe: kbuild's wrapper rules, never ours
      const line = stripComment(raw).trim();
      if (!line) continue;
      const [word, rest] = splitFirst(line);

      if (word === "ifeq" || word === "ifneq" || word === "ifdef" || word === "ifndef") {
        const outer = active();
        const hit = outer && this.evalCond(word, rest);
        conds.push({ active: hit, taken: hit, outer });
        continue;
      }
      if (word === "else") {
        const top = conds[conds.length - 1];
        if (!top) throw new BuildError(`${this.dir}/Makefile: extraneous 'else'`, "kbuild");
        const [w2, rest2] = splitFirst(rest);
        const isIf = w2 === "ifeq" || w2 === "ifneq" || w2 === "ifdef" || w2 === "ifndef";
        const hit = top.outer && !top.taken && (isIf ? this.evalCond(w2, rest2) : true);
        top.active = hit;
        top.taken ||= hit;
        continue;
      }
      if (word === "endif") {
        if (!conds.pop()) throw new BuildError(`${this.dir}/Makefile: extraneous 'endif'`, "kbuild");
        continue;
      }
      if (word === "define") {
        // Multi-line variables hold recipes or templates in wrapper Makefiles; kbuild modules never need them.
        let nest = 1;
        while (++i < lines.length) {
          const w = splitFirst(stripComment(lines[i]).trim())[0];
          if (w === "define") nest++;
          else if (w === "endef" && --nest === 0) break;
        }
        continue;
      }
      if (!active()) continue;
      inRule = false;

      if (word === "include" || word === "-include" || word === "sinclude") {
        for (const f of splitWords(this.expand(rest))) {
          const file = path.resolve(this.dir, f);
          // Only the module's own fragments can be read; the kernel's own Makefiles are not there.
          if (file.startsWith(this.dir + path.sep) && fs.existsSync(file)) this.run(fs.readFileSync(file, "utf8"));
        }
        continue;
      }
      if (word === "vpath" || word === "unexport" || word === ".PHONY") continue;
      if (word === "undefine") {
        this.vars.delete(this.expand(rest).trim());
        continue;
      }
      let stmt = line;
      let override = false;
      for (;;) {
        const [w, r] = splitFirst(stmt);
        if (w === "export" || w === "private") stmt = r;
        else if (w === "override") { stmt = r; override = true; }
        else break;
      }
      const asg = findAssignment(stmt);
      if (asg) {
        this.assign(this.expand(asg.name).trim(), asg.op, asg.value, override);
        continue;
      }
      if (!findTopLevel(stmt, ":")) {
        // A bare function call such as $(info ...) or $(error ...); a bare "export VAR" ends up here too.
        this.expand(stmt);
        continue;
      }
      inRule = true;
    }
    if (conds.length) throw new BuildError(`${this.dir}/Makefile: missing 'endif'`, "kbuild");
  }

  private assign(name: string, op: string, value: string, override: boolean): void {
    if (!name) return;
    const old = this.vars.get(name);
    if (old?.fromCommandLine && !override) return;
    switch (op) {
      case "=":
        this.vars.set(name, { value, recursive: true });
        break;
      case ":=":
      case "::=":
      case ":::=":
        this.vars.set(name, { value: this.expand(value), recursive: false });
        break;
      case "?=":
        if (!old) this.vars.set(name, { value, recursive: true });
        break;
      case "!=":
        this.vars.set(name, { value: this.shell(this.expand(value)), recursive: false });
        break;
      case "+=":
        if (!old) this.vars.set(name, { value, recursive: true });
        else {
          const add = old.recursive ? value : this.expand(value);
          old.value = old.value ? (add ? `${old.value} ${add}` : old.value) : add;
          old.fromCommandLine = false;
        }
        break;
    }
  }

  private evalCond(kind: string, arg: string): boolean {
    if (kind === "ifdef" || kind === "ifndef") {
      const v = this.vars.get(this.expand(arg).trim());
      const defined = v !== undefined && v.value !== "";
      return kind === "ifdef" ? defined : !defined;
    }
    const [a, b] = parseCondArgs(arg, this.dir);
    const eq = this.expand(a) === this.expand(b);
    return kind === "ifeq" ? eq : !eq;
  }

  /** $(shell ...) is not run: only the probes every wrapper Makefile uses get an answer. */
  private shell(cmd: string): string {
    const c = cmd.trim();
    if (c === "pwd") return this.dir;
    if (c === "uname -r") return this.opts.kernelRelease ?? "6.1.0";
    if (c === "uname -m") return "wasm32";
    return "";
  }

  expand(s: string): string {
    if (!s.includes("$")) return s;
    if (++this.depth > 200) throw new BuildError(`${this.dir}/Makefile: recursive variable references itself`, "kbuild");
    try {
      let out = "";
      for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (c !== "$") { out += c; continue; }
        const n = s[i + 1];
        if (n === undefined) break;
        if (n === "$") { out += "$"; i++; continue; }
        if (n === "(" || n === "{") {
          const close = matchParen(s, i + 1);
          const body = s.slice(i + 2, close);
          out += this.reference(body);
          i = close;
          continue;
        }
        out += this.get(n);
        i++;
      }
      return out;
    } finally {
      this.depth--;
    }
  }

  private reference(body: string): string {
    const fm = /^([a-z-]+)[\s]+/.exec(body);
    if (fm && FUNCTIONS.has(fm[1])) return this.call(fm[1], body.slice(fm[0].length));
    // Substitution reference $(VAR:.c=.o).
    const colon = findTopLevel(body, ":");
    if (colon) {
      const name = this.expand(body.slice(0, colon.index));
      const spec = body.slice(colon.index + 1);
      const eq = spec.indexOf("=");
      if (eq >= 0) {
        let from = this.expand(spec.slice(0, eq));
        let to = this.expand(spec.slice(eq + 1));
        if (!from.includes("%")) { from = `%${from}`; to = `%${to}`; }
        return splitWords(this.get(name)).map((w) => patsubst(from, to, w)).join(" ");
      }
    }
    return this.get(this.expand(body));
  }

  private call(fn: string, argText: string): string {
    const args = splitArgs(argText);
    const e = (k: number) => this.expand(args[k] ?? "");
    const w = (k: number) => splitWords(e(k));
    switch (fn) {
      case "shell": return this.shell(e(0));
      case "wildcard": return w(0).flatMap((p) => glob(this.dir, p)).join(" ");
      case "patsubst": return w(2).map((x) => patsubst(e(0).trim(), e(1).trim(), x)).join(" ");
      case "subst": return e(2).split(e(0)).join(e(1));
      case "addprefix": return w(1).map((x) => e(0) + x).join(" ");
      case "addsuffix": return w(1).map((x) => x + e(0)).join(" ");
      case "notdir": return w(0).map((x) => x.slice(x.lastIndexOf("/") + 1)).join(" ");
      case "dir": return w(0).map((x) => (x.includes("/") ? x.slice(0, x.lastIndexOf("/") + 1) : "./")).join(" ");
      case "basename": return w(0).map((x) => x.replace(/\.[^./]*$/, "")).join(" ");
      case "suffix": return w(0).map((x) => /\.[^./]*$/.exec(x)?.[0] ?? "").filter(Boolean).join(" ");
      case "strip": return w(0).join(" ");
      case "filter": case "filter-out": {
        const pats = w(0);
        const keep = fn === "filter";
        return w(1).filter((x) => pats.some((p) => patMatch(p, x) !== null) === keep).join(" ");
      }
      case "sort": return [...new Set(w(0))].sort().join(" ");
      case "words": return String(w(0).length);
      case "word": return w(1)[Number(e(0)) - 1] ?? "";
      case "firstword": return w(0)[0] ?? "";
      case "lastword": return w(0).at(-1) ?? "";
      case "abspath": case "realpath": return w(0).map((x) => path.resolve(this.dir, x)).join(" ");
      case "if": return e(0).trim() ? e(1) : e(2);
      case "or": { for (let k = 0; k < args.length; k++) { const v = e(k).trim(); if (v) return v; } return ""; }
      case "and": { let v = ""; for (let k = 0; k < args.length; k++) { v = e(k).trim(); if (!v) return ""; } return v; }
      case "foreach": {
        const name = e(0).trim();
        const saved = this.vars.get(name);
        const out = w(1).map((x) => {
          this.vars.set(name, { value: x, recursive: false });
          return this.expand(args[2] ?? "");
        });
        if (saved) this.vars.set(name, saved); else this.vars.delete(name);
        return out.join(" ");
      }
      case "call": {
        const saved = new Map<string, Var | undefined>();
        const vals = args.map((_, k) => e(k));
        for (let k = 1; k < vals.length; k++) { saved.set(String(k), this.vars.get(String(k))); this.vars.set(String(k), { value: vals[k], recursive: false }); }
        const out = this.get(vals[0].trim());
        for (const [k, v] of saved) if (v) this.vars.set(k, v); else this.vars.delete(k);
        return out;
      }
      case "origin": return this.vars.has(e(0).trim()) ? "file" : "undefined";
      case "info": case "warning": return "";
      case "error": throw new BuildError(`${this.dir}/Makefile: *** ${e(0)}.  Stop.`, "kbuild");
      default: return "";
    }
  }
}

const FUNCTIONS = new Set([
  "shell", "wildcard", "patsubst", "subst", "addprefix", "addsuffix", "notdir", "dir", "basename", "suffix",
  "strip", "filter", "filter-out", "sort", "words", "word", "firstword", "lastword", "abspath", "realpath",
  "if", "or", "and", "foreach", "call", "origin", "info", "warning", "error", "value", "eval", "flavor",
]);

/** Join backslash-newline continuations into one line (make turns them and the space around into one space). */
function logicalLines(text: string): string[] {
  const phys = text.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let acc: string | null = null;
  for (const l of phys) {
    let cont = false;
    let body = l;
    const m = /(\\+)$/.exec(l);
    if (m && m[1].length % 2 === 1) {
      cont = true;
      body = l.slice(0, -1);
    }
    acc = acc === null ? body : `${acc.trimEnd()} ${body.trimStart()}`;
    if (!cont) {
      out.push(acc);
      acc = null;
    }
  }
  if (acc !== null) out.push(acc);
  return out;
}

function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") { i++; continue; }
    if (line[i] === "#") return line.slice(0, i);
  }
  return line;
}

function splitFirst(s: string): [string, string] {
  const m = /^(\S+)\s*(.*)$/s.exec(s);
  return m ? [m[1], m[2]] : ["", ""];
}

function matchParen(s: string, open: number): number {
  const o = s[open];
  const c = o === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && --depth === 0) return i;
  }
  return s.length;
}

/** First occurrence of `ch` outside $(...) / ${...}. */
function findTopLevel(s: string, ch: string): { index: number } | null {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "$" && (s[i + 1] === "(" || s[i + 1] === "{")) { i = matchParen(s, i + 1); continue; }
    if (s[i] === ch) return { index: i };
  }
  return null;
}

/** "NAME op VALUE" when the first top-level operator is an assignment rather than a rule's colon. */
function findAssignment(s: string): { name: string; op: string; value: string } | null {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "$" && (s[i + 1] === "(" || s[i + 1] === "{")) { i = matchParen(s, i + 1); continue; }
    if (s[i] === ":" || s[i] === "=" || ((s[i] === "+" || s[i] === "?" || s[i] === "!") && s[i + 1] === "=")) {
      const op = ASSIGN_OPS.find((o) => s.startsWith(o, i));
      if (!op) return null; // "target: prereq" is a rule
      const name = s.slice(0, i).trim();
      if (!name || /\s/.test(name.replace(/\$[({][^)}]*[)}]/g, ""))) return null;
      return { name, op, value: s.slice(i + op.length).replace(/^[ \t]+/, "") };
    }
  }
  return null;
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(" || c === "{") depth++;
    else if (c === ")" || c === "}") depth--;
    else if (c === "," && depth === 0) { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start));
  return out;
}

/** The two operands of ifeq/ifneq: "(a,b)" or quoted "a" "b" / 'a' 'b'. */
function parseCondArgs(arg: string, dir: string): [string, string] {
  const s = arg.trim();
  if (s.startsWith("(")) {
    const close = matchParen(s, 0);
    const parts = splitArgs(s.slice(1, close));
    if (parts.length === 2) return [parts[0].trim(), parts[1].trim()];
  } else {
    const m = /^(["'])(.*?)\1\s+(["'])(.*?)\3\s*$/.exec(s);
    if (m) return [m[2], m[4]];
  }
  throw new BuildError(`${dir}/Makefile: invalid syntax in conditional: ${arg}`, "kbuild");
}

function patMatch(pattern: string, word: string): string | null {
  const p = pattern.indexOf("%");
  if (p < 0) return pattern === word ? "" : null;
  const pre = pattern.slice(0, p);
  const post = pattern.slice(p + 1);
  if (word.length >= pre.length + post.length && word.startsWith(pre) && word.endsWith(post)) {
    return word.slice(pre.length, word.length - post.length);
  }
  return null;
}

function patsubst(from: string, to: string, word: string): string {
  const stem = patMatch(from, word);
  if (stem === null) return word;
  return to.includes("%") ? to.replace("%", stem) : to;
}

/** $(wildcard): '*', '?' and '[...]' per path component; relative patterns give relative names, as make does. */
function glob(dir: string, pattern: string): string[] {
  const abs = path.resolve(dir, pattern);
  let found: string[];
  if (!/[*?[]/.test(abs)) {
    found = fs.existsSync(abs) ? [abs] : [];
  } else {
    const parts = abs.split("/");
    found = ["/"];
    for (const part of parts) {
      if (!part) continue;
      const next: string[] = [];
      for (const base of found) {
        if (!/[*?[]/.test(part)) {
          const f = path.join(base, part);
          if (fs.existsSync(f)) next.push(f);
          continue;
        }
        const re = new RegExp(`^${part.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
        let names: string[] = [];
        try {
          names = fs.readdirSync(base);
        } catch {
          continue;
        }
        for (const n of names.sort()) if (re.test(n) && !(n.startsWith(".") && !part.startsWith("."))) next.push(path.join(base, n));
      }
      found = next;
    }
  }
  return path.isAbsolute(pattern) ? found : found.map((f) => path.relative(dir, f) || ".");
}
