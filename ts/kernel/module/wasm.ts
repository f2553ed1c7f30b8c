// kemu: the "ELF reader" of kernel/module/main.c for wasm side modules: reads the dylink.0
// section, exports, global initialisers, the data segment, function bodies and names.

export interface DylinkInfo {
  memorySize: number;
  memoryAlign: number;
  tableSize: number;
  tableAlign: number;
  needed: string[];
  /** names of imports marked weak (WASM_DYLINK_IMPORT_INFO) */
  weakImports: Set<string>;
}

export interface WasmExport {
  name: string;
  kind: number; // 0 func, 1 table, 2 memory, 3 global
  index: number;
}

export interface FunctionBody {
  index: number; // function index (imports first)
  start: number; // byte offset of the body in the file
  size: number;
}

export interface ParsedWasm {
  dylink: DylinkInfo | null;
  exports: Map<string, WasmExport>;
  importedFuncs: number;
  importedGlobals: number;
  /** i32.const initial value of each defined global (imported globals are not included) */
  globalInits: (number | null)[];
  /** bytes of the (single, PIC) data segment, offset relative to __memory_base */
  data: { offset: number; bytes: Uint8Array }[];
  bodies: FunctionBody[];
  /** function index -> name (the "name" section, decoded on first use: only symbolizing needs it) */
  readonly funcNames: Map<number, string>;
  /** element segments: table slot (relative to __table_base) -> function index */
  elems: Map<number, number>;
}

class Reader {
  pos: number;
  constructor(readonly buf: Uint8Array, pos = 0, readonly end = buf.length) {
    this.pos = pos;
  }
  u8(): number {
    if (this.pos >= this.end) throw new Error("unexpected end of wasm data");
    return this.buf[this.pos++];
  }
  uleb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }
  sleb(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new Error("unexpected end of wasm data");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name(): string {
    const n = this.uleb();
    if (this.pos + n > this.end) throw new Error("unexpected end of wasm data");
    const s = bufferView(this.buf).toString("utf8", this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  skipName(): void {
    const n = this.uleb();
    if (this.pos + n > this.end) throw new Error("unexpected end of wasm data");
    this.pos += n;
  }
}

/** The bytes as a Buffer (the same memory), for Buffer's native UTF-8 decoding: a TextDecoder
 * call per name made parsing the C core's ~1000 names take milliseconds. */
let lastView: { buf: Uint8Array; view: Buffer } | null = null;
function bufferView(buf: Uint8Array): Buffer {
  if (Buffer.isBuffer(buf)) return buf;
  if (lastView?.buf !== buf) lastView = { buf, view: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) };
  return lastView.view;
}

const WASM_DYLINK_MEM_INFO = 1;
const WASM_DYLINK_NEEDED = 2;
const WASM_DYLINK_IMPORT_INFO = 4;
const WASM_SYMBOL_BINDING_WEAK = 1;

function parseDylink(r: Reader): DylinkInfo {
  const info: DylinkInfo = { memorySize: 0, memoryAlign: 0, tableSize: 0, tableAlign: 0, needed: [], weakImports: new Set() };
  while (r.pos < r.end) {
    const type = r.u8();
    const len = r.uleb();
    const sub = new Reader(r.buf, r.pos, r.pos + len);
    r.pos += len;
    if (type === WASM_DYLINK_MEM_INFO) {
      info.memorySize = sub.uleb();
      info.memoryAlign = sub.uleb();
      info.tableSize = sub.uleb();
      info.tableAlign = sub.uleb();
    } else if (type === WASM_DYLINK_NEEDED) {
      for (let n = sub.uleb(); n > 0; n--) info.needed.push(sub.name());
    } else if (type === WASM_DYLINK_IMPORT_INFO) {
      for (let n = sub.uleb(); n > 0; n--) {
        const mod = sub.name();
        const field = sub.name();
        const flags = sub.uleb();
        if (flags & WASM_SYMBOL_BINDING_WEAK) info.weakImports.add(`${mod}.${field}`);
      }
    }
  }
  return info;
}

function skipLimits(r: Reader): void {
  const flags = r.u8();
  r.uleb();
  if (flags & 1) r.uleb();
}

function readConstExpr(r: Reader): number | null {
  let value: number | null = null;
  for (;;) {
    const op = r.u8();
    if (op === 0x0b) return value;
    if (op === 0x41) value = r.sleb() | 0; // i32.const
    else if (op === 0x42) { r.sleb(); value = null; } // i64.const
    else if (op === 0x23) { r.uleb(); value = null; } // global.get
    else if (op === 0x43) { r.bytes(4); value = null; }
    else if (op === 0x44) { r.bytes(8); value = null; }
    else if (op === 0xd2) { r.uleb(); value = null; } // ref.func
    else if (op === 0xd0) { r.u8(); value = null; } // ref.null
    else if (op === 0x6a) value = null; // i32.add (extended const)
    else throw new Error(`unsupported constant expression opcode 0x${op.toString(16)}`);
  }
}

/** Parse the parts of a wasm binary the module loader needs. Throws on malformed input. */
export function parseWasm(buf: Uint8Array): ParsedWasm {
  if (buf.length < 8 || buf[0] !== 0 || buf[1] !== 0x61 || buf[2] !== 0x73 || buf[3] !== 0x6d) {
    throw new Error("not a WebAssembly module");
  }
  const out: ParsedWasm = {
    dylink: null,
    exports: new Map(),
    importedFuncs: 0,
    importedGlobals: 0,
    globalInits: [],
    data: [],
    bodies: [],
    funcNames: new Map(),
    elems: new Map(),
  };
  let nameSection: Reader | null = null;
  const r = new Reader(buf, 8);
  while (r.pos < buf.length) {
    const id = r.u8();
    const size = r.uleb();
    const start = r.pos;
    const s = new Reader(buf, start, start + size);
    r.pos = start + size;
    if (id === 0) {
      const name = s.name();
      if (name === "dylink.0") out.dylink = parseDylink(s);
      else if (name === "name") nameSection = s;
    } else if (id === 2) {
      for (let n = s.uleb(); n > 0; n--) {
        s.skipName();
        s.skipName();
        const kind = s.u8();
        if (kind === 0) { s.uleb(); out.importedFuncs++; }
        else if (kind === 1) { s.u8(); skipLimits(s); }
        else if (kind === 2) skipLimits(s);
        else if (kind === 3) { s.u8(); s.u8(); out.importedGlobals++; }
        else if (kind === 4) { s.u8(); s.uleb(); }
      }
    } else if (id === 6) {
      for (let n = s.uleb(); n > 0; n--) {
        s.u8();
        s.u8();
        out.globalInits.push(readConstExpr(s));
      }
    } else if (id === 7) {
      for (let n = s.uleb(); n > 0; n--) {
        const name = s.name();
        const kind = s.u8();
        const index = s.uleb();
        out.exports.set(name, { name, kind, index });
      }
    } else if (id === 9) {
      for (let n = s.uleb(); n > 0; n--) {
        const flags = s.uleb();
        if (flags !== 0) break; // PIC modules only use active funcref segments at __table_base
        const offset = readConstExpr(s) ?? 0;
        for (let k = 0, m = s.uleb(); k < m; k++) out.elems.set(offset + k, s.uleb());
      }
    } else if (id === 10) {
      let index = out.importedFuncs;
      for (let n = s.uleb(); n > 0; n--) {
        const len = s.uleb();
        out.bodies.push({ index: index++, start: s.pos, size: len });
        s.pos += len;
      }
    } else if (id === 11) {
      for (let n = s.uleb(); n > 0; n--) {
        const flags = s.uleb();
        let offset = 0;
        if (flags === 0 || flags === 2) {
          if (flags === 2) s.uleb();
          // PIC segments are placed at `global.get __memory_base` (+ const): offset 0 relative.
          offset = readConstExpr(s) ?? 0;
        }
        const len = s.uleb();
        out.data.push({ offset, bytes: s.bytes(len) });
      }
    }
  }
  if (nameSection) {
    const section = nameSection;
    let names: Map<number, string> | null = null;
    Object.defineProperty(out, "funcNames", {
      get: () => {
        if (!names) {
          names = new Map();
          try {
            parseNames(section, names);
          } catch {
            // a malformed name section only costs names (symbolizing falls back to indices)
          }
        }
        return names;
      },
      enumerable: true,
    });
  }
  return out;
}

function parseNames(s: Reader, names: Map<number, string>): void {
  while (s.pos < s.end) {
    const id = s.u8();
    const len = s.uleb();
    const end = s.pos + len;
    if (id === 1) {
      for (let n = s.uleb(); n > 0; n--) {
        const idx = s.uleb();
        names.set(idx, s.name());
      }
    }
    s.pos = end;
  }
}

/** Value of an exported i32 global (for PIC data symbols: the offset from __memory_base). */
export function exportedGlobalValue(p: ParsedWasm, name: string): number | undefined {
  const e = p.exports.get(name);
  if (!e || e.kind !== 3) return undefined;
  const v = p.globalInits[e.index - p.importedGlobals];
  return v === null || v === undefined ? undefined : v >>> 0;
}

/** Static (pre-relocation) contents of the module's data at [offset, offset+len). */
export function staticData(p: ParsedWasm, offset: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (const seg of p.data) {
    const a = Math.max(offset, seg.offset);
    const b = Math.min(offset + len, seg.offset + seg.bytes.length);
    if (a < b) out.set(seg.bytes.subarray(a - seg.offset, b - seg.offset), a - offset);
  }
  return out;
}
