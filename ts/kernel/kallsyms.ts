// kemu: kernel/kallsyms.c - names for code addresses. A wasm "code address" is a function
// table slot (a C function pointer) or a frame in a V8 stack trace; both resolve to
// function+0xoff/0xlen [module] through the name section of the owning object.
import type { ParsedWasm, FunctionBody } from "./module/wasm.js";

export interface CodeObject {
  /** module name, or "vmlinux" for the C core */
  name: string;
  parsed: ParsedWasm;
  tableBase: number;
  /** sorted function bodies for offset lookups */
  bodies: FunctionBody[];
  /** index of the owning module in the Oops "Modules linked in" sense; null for vmlinux */
  isModule: boolean;
  live: boolean;
}

export interface Symbolized {
  func: string;
  offset: number;
  size: number;
  module: string | null;
}

export class Kallsyms {
  private readonly objects: CodeObject[] = [];
  /** table slots filled by the loader (GOT.func of another object's function) */
  private readonly extraSlots = new Map<number, { obj: CodeObject; funcIndex: number }>();

  add(obj: CodeObject): void {
    this.objects.push(obj);
  }
  remove(obj: CodeObject): void {
    obj.live = false;
    const i = this.objects.indexOf(obj);
    if (i >= 0) this.objects.splice(i, 1);
  }
  noteSlot(slot: number, obj: CodeObject, funcIndex: number): void {
    this.extraSlots.set(slot, { obj, funcIndex });
  }

  private describe(obj: CodeObject, funcIndex: number, byteOffset: number | null): Symbolized | null {
    const body = obj.bodies.find((b) => b.index === funcIndex);
    const name = obj.parsed.funcNames.get(funcIndex) ?? `wasm-function[${funcIndex}]`;
    if (!body) return null;
    return {
      func: name,
      offset: byteOffset === null ? 0 : Math.max(0, byteOffset - body.start),
      size: body.size,
      module: obj.isModule ? obj.name : null,
    };
  }

  /** %pS of a function pointer (table slot). */
  lookupSlot(slot: number): Symbolized | null {
    const extra = this.extraSlots.get(slot);
    if (extra) return this.describe(extra.obj, extra.funcIndex, null);
    for (const obj of this.objects) {
      const rel = slot - obj.tableBase;
      const fi = obj.parsed.elems.get(rel);
      if (fi !== undefined && rel >= 0) return this.describe(obj, fi, null);
    }
    return null;
  }

  /** A frame of a V8 stack trace: the name section name, function index and byte offset. */
  lookupFrame(name: string | null, funcIndex: number, byteOffset: number): Symbolized | null {
    for (const obj of this.objects) {
      const body = obj.bodies.find((b) => b.index === funcIndex);
      if (!body || byteOffset < body.start || byteOffset > body.start + body.size) continue;
      const fname = obj.parsed.funcNames.get(funcIndex) ?? null;
      if (name !== null && fname !== null && fname !== name) continue;
      return this.describe(obj, funcIndex, byteOffset);
    }
    return null;
  }

  /** Wasm frames of an Error's stack, innermost first, as Linux prints them. */
  backtrace(stack: string | undefined): Symbolized[] {
    const out: Symbolized[] = [];
    if (!stack) return out;
    // V8: "at hello.ko.hello_init (wasm://wasm/hello.ko-1a2b3c4d:wasm-function[3]:0x1a5)";
    // the "hello.ko." prefix and "-hash" are there when the name section names the module.
    const re = /at (?:(\S+) \()?wasm:\/\/wasm\/(?:(.*)-)?[0-9a-f]+:wasm-function\[(\d+)\]:0x([0-9a-f]+)\)?/;
    for (const line of stack.split("\n")) {
      const m = re.exec(line);
      if (!m) continue;
      let name = m[1] ?? null;
      if (name !== null && m[2] && name.startsWith(m[2] + ".")) name = name.slice(m[2].length + 1);
      const sym = this.lookupFrame(name, Number(m[3]), parseInt(m[4], 16));
      if (sym) out.push(sym);
    }
    return out;
  }
}

export function formatSymbol(s: Symbolized, withOffset = true): string {
  const base = withOffset ? `${s.func}+0x${s.offset.toString(16)}/0x${s.size.toString(16)}` : s.func;
  return s.module ? `${base} [${s.module}]` : base;
}
