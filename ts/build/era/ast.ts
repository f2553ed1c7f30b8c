// kemu: small queries over tree-sitter-c syntax trees of kernel module source, shared by era
// detection and kemu lint: calls and macro invocations (with their arguments), function
// definitions, initialisers, and whether code sits under an `#if LINUX_VERSION_CODE` test.
// Kernel macros (DECLARE_TASKLET(...), static DECLARE_WAIT_QUEUE_HEAD(q)...) are parsed by
// tree-sitter in several shapes, so a call is any identifier followed by '(' in the source, and
// its arguments are split from the text with a small scanner that knows strings and comments.
import type { Node, ParsedFile } from "./treesitter.js";

export interface Call {
  name: string;
  /** Arguments as source text, trimmed; [] for `f()`. */
  args: string[];
  /** Offsets (UTF-16) of the name and of the closing parenthesis + 1. */
  start: number;
  end: number;
  /** 1-based line and column of the name. */
  line: number;
  col: number;
  /** The enclosing function definition's name, if any. */
  fn?: string;
  /** Inside `#if ... LINUX_VERSION_CODE ...` (either branch): written to be portable. */
  guarded: boolean;
}

export interface FunctionDef {
  name: string;
  /** Parameter declarations as text (`(void)` and `()` give []). */
  params: string[];
  node: Node;
  body: Node | null;
  line: number;
  col: number;
  isStatic: boolean;
}

/** Every node below `root` (depth first, in source order). */
export function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
}

const VERSION_TEST = /\bLINUX_VERSION_CODE\b|\bKERNEL_VERSION\b/;

/** Whether the node is inside a preprocessor conditional that tests the kernel version. */
export function versionGuarded(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === "preproc_if" || p.type === "preproc_elif") {
      const cond = p.childForFieldName("condition");
      if (cond && VERSION_TEST.test(cond.text)) return true;
    }
  }
  return false;
}

/** Splits the parenthesised argument list starting at text[open] === '('. */
export function splitArgs(text: string, open: number): { args: string[]; end: number } | null {
  if (text[open] !== "(") return null;
  const args: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      if (depth >= 1) cur += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const j = text.indexOf("*/", i + 2);
      i = j < 0 ? text.length : j + 1;
      cur += " ";
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      const j = text.indexOf("\n", i);
      i = j < 0 ? text.length : j - 1;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") {
      depth++;
      if (depth === 1) continue;
    } else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) {
        const last = cur.trim();
        if (last || args.length) args.push(last);
        return { args, end: i + 1 };
      }
    } else if (c === "," && depth === 1) {
      args.push(cur.trim());
      cur = "";
      continue;
    }
    cur += c;
  }
  return null;
}

/** The name a function definition or declarator declares. */
export function declaratorName(d: Node | null): string | undefined {
  while (d) {
    if (d.type === "identifier" || d.type === "field_identifier") return d.text;
    const inner: Node | null = d.childForFieldName("declarator");
    if (!inner) {
      const id = d.namedChildren.find((c) => c?.type === "identifier");
      return id?.text;
    }
    d = inner;
  }
  return undefined;
}

function functionDeclarator(d: Node | null): Node | null {
  while (d) {
    if (d.type === "function_declarator") return d;
    d = d.childForFieldName("declarator");
  }
  return null;
}

/** The function definition enclosing a node. */
export function enclosingFunction(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === "function_definition") return p;
  return null;
}

/** Everything the queries need, gathered in one TreeCursor pass (creating tree-sitter Node
 * objects is costly: only the few interesting nodes get one). */
interface FileIndex {
  calls: Call[];
  fnNodes: Node[];
  initNodes: { node: Node; guarded: boolean }[];
  assignNodes: { node: Node; guarded: boolean }[];
  includes: { node: Node; guarded: boolean }[];
  structs: { node: Node; guarded: boolean }[];
  idents: { name: string; start: number; line: number; col: number; guarded: boolean }[];
}

const indexCache = new WeakMap<ParsedFile, FileIndex>();
const fnCache = new WeakMap<ParsedFile, FunctionDef[]>();

interface Frame {
  type: string;
  field: string | null;
  guard: boolean;
  fn?: string;
}

function indexFile(f: ParsedFile): FileIndex {
  const hit = indexCache.get(f);
  if (hit) return hit;
  const ix: FileIndex = { calls: [], fnNodes: [], initNodes: [], assignNodes: [], includes: [], structs: [], idents: [] };
  const text = f.text;
  const cur = f.tree.rootNode.walk();
  const stack: Frame[] = [];
  const visit = (): void => {
    do {
      const type = cur.nodeType;
      const field = cur.currentFieldName;
      const top = stack[stack.length - 1];
      const guarded = top?.guard ?? false;
      let frame: Frame = { type, field, guard: guarded, fn: top?.fn };
      if (type === "identifier" || type === "type_identifier") {
        const start = cur.startIndex;
        const end = cur.endIndex;
        const name = text.slice(start, end);
        const p = cur.startPosition;
        ix.idents.push({ name, start, line: p.row + 1, col: p.column + 1, guarded });
        let i = end;
        while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
        if (text[i] === "(") {
          let isDefName = false;
          if (top?.type === "function_declarator" && field === "declarator") {
            let k = stack.length - 2;
            while (k >= 0 && stack[k].type === "pointer_declarator") k--;
            const up = stack[k]?.type;
            isDefName = up === "function_definition" || up === "declaration" || up === "field_declaration";
          }
          const split = isDefName ? null : splitArgs(text, i);
          if (split) ix.calls.push({ name, args: split.args, start, end: split.end, line: p.row + 1, col: p.column + 1, fn: top?.fn, guarded });
        }
      } else if (type === "preproc_if" || type === "preproc_elif") {
        const cond = cur.currentNode.childForFieldName("condition");
        if (cond && VERSION_TEST.test(cond.text)) frame.guard = true;
      } else if (type === "function_definition") {
        const node = cur.currentNode;
        ix.fnNodes.push(node);
        frame = { ...frame, fn: declaratorName(node.childForFieldName("declarator")) };
      } else if (type === "initializer_list") ix.initNodes.push({ node: cur.currentNode, guarded });
      else if (type === "assignment_expression") ix.assignNodes.push({ node: cur.currentNode, guarded });
      else if (type === "preproc_include") ix.includes.push({ node: cur.currentNode, guarded });
      else if (type === "struct_specifier") ix.structs.push({ node: cur.currentNode, guarded });
      if (cur.gotoFirstChild()) {
        stack.push(frame);
        visit();
        stack.pop();
        cur.gotoParent();
      }
    } while (cur.gotoNextSibling());
  };
  visit();
  indexCache.set(f, ix);
  return ix;
}

/** Function definitions of the file. */
export function functions(f: ParsedFile): FunctionDef[] {
  const hit = fnCache.get(f);
  if (hit) return hit;
  const out: FunctionDef[] = [];
  for (const n of indexFile(f).fnNodes) {
    const decl = n.childForFieldName("declarator");
    const fd = functionDeclarator(decl);
    const name = declaratorName(fd?.childForFieldName("declarator") ?? decl);
    if (!name) continue;
    const plist = fd?.childForFieldName("parameters");
    let params = (plist?.namedChildren ?? [])
      .filter((p): p is Node => !!p && (p.type === "parameter_declaration" || p.type === "variadic_parameter"))
      .map((p) => p.text);
    if (params.length === 1 && params[0].trim() === "void") params = [];
    const isStatic = n.children.some((k) => k?.type === "storage_class_specifier" && k.text === "static");
    out.push({
      name,
      params,
      node: n,
      body: n.childForFieldName("body"),
      line: n.startPosition.row + 1,
      col: n.startPosition.column + 1,
      isStatic,
    });
  }
  fnCache.set(f, out);
  return out;
}

/** Calls and macro invocations: every identifier followed by '(' (not a definition's own name). */
export function calls(f: ParsedFile): Call[] {
  return indexFile(f).calls;
}

/** Identifiers and type names (with position and version guard). */
export function identifiers(f: ParsedFile): FileIndex["idents"] {
  return indexFile(f).idents;
}

/** `#include` lines, struct specifiers (with their version guard). */
export function includes(f: ParsedFile): FileIndex["includes"] {
  return indexFile(f).includes;
}
export function structSpecifiers(f: ParsedFile): FileIndex["structs"] {
  return indexFile(f).structs;
}

/** Strips casts, '&', parentheses and spaces: `&my_tasklet`, `(&t)` -> `my_tasklet`, `t`. */
export function objectKey(arg: string): string {
  let s = arg.trim();
  for (;;) {
    const before = s;
    s = s.replace(/^\((?:const\s+)?(?:struct\s+)?[A-Za-z_]\w*(?:\s+\w+)*\s*\**\s*\)\s*/, ""); // a cast
    s = s.replace(/^&\s*/, "");
    if (s.startsWith("(") && s.endsWith(")")) s = s.slice(1, -1).trim();
    if (s === before) break;
  }
  return s.replace(/\s+/g, "");
}

/** The first identifier of an expression (`&foo.bar` -> foo), or the expression itself. */
export function baseIdentifier(arg: string): string {
  const m = /[A-Za-z_]\w*/.exec(objectKey(arg));
  return m ? m[0] : arg.trim();
}

/** Initializer lists with the struct they initialise (`struct file_operations f = {...}`). */
export interface Initializer {
  /** "file_operations", "ctl_table" (a typedef), or "" when unknown (nested lists). */
  type: string;
  /** The variable name, if declared. */
  variable?: string;
  node: Node;
  /** Elements: designated (`.read = x` or GNU `read: x`) or positional. */
  elements: { field?: string; value: string; node: Node }[];
  line: number;
  col: number;
  guarded: boolean;
}

export function initializers(f: ParsedFile): Initializer[] {
  const out: Initializer[] = [];
  for (const { node: n, guarded } of indexFile(f).initNodes) {
    let type = "";
    let variable: string | undefined;
    const idecl = n.parent?.type === "init_declarator" ? n.parent : null;
    if (idecl) {
      variable = declaratorName(idecl.childForFieldName("declarator"));
      const decl = idecl.parent;
      const t = decl?.childForFieldName("type");
      if (t?.type === "struct_specifier") type = t.childForFieldName("name")?.text ?? "";
      else if (t) type = t.text;
    } else if (n.parent?.type === "initializer_list") {
      // element of an array of structs: the array's type
      const outer = n.parent.parent;
      if (outer?.type === "init_declarator") {
        const t = outer.parent?.childForFieldName("type");
        type = t?.type === "struct_specifier" ? (t.childForFieldName("name")?.text ?? "") : (t?.text ?? "");
        variable = declaratorName(outer.childForFieldName("declarator"));
      }
    }
    const elements: Initializer["elements"] = [];
    for (const e of n.namedChildren) {
      if (!e || e.type === "comment") continue;
      if (e.type === "initializer_pair") {
        const des = e.childForFieldName("designator") ?? e.namedChildren.find((k) => k?.type === "field_designator" || k?.type === "field_identifier") ?? null;
        const field = des ? des.text.replace(/^\./, "").trim() : undefined;
        const value = e.childForFieldName("value")?.text ?? e.namedChildren[e.namedChildren.length - 1]?.text ?? "";
        elements.push({ field, value, node: e });
      } else elements.push({ value: e.text, node: e });
    }
    out.push({ type, variable, node: n, elements, line: n.startPosition.row + 1, col: n.startPosition.column + 1, guarded });
  }
  return out;
}

/** `X.field = value;` and `X->field = value;` assignments. */
export interface FieldAssignment {
  object: string;
  field: string;
  value: string;
  line: number;
  col: number;
  node: Node;
  guarded: boolean;
}

export function fieldAssignments(f: ParsedFile): FieldAssignment[] {
  const out: FieldAssignment[] = [];
  for (const { node: n, guarded } of indexFile(f).assignNodes) {
    const left = n.childForFieldName("left");
    if (left?.type !== "field_expression") continue;
    const field = left.childForFieldName("field")?.text;
    const obj = left.childForFieldName("argument")?.text;
    const right = n.childForFieldName("right")?.text;
    if (!field || !obj || right === undefined) continue;
    out.push({ object: obj, field, value: right, line: n.startPosition.row + 1, col: n.startPosition.column + 1, node: n, guarded });
  }
  return out;
}

/** Position of a node as 1-based line/column. */
export function pos(n: Node): { line: number; col: number } {
  return { line: n.startPosition.row + 1, col: n.startPosition.column + 1 };
}
