// Physical memory of the emulated machine: the single WebAssembly.Memory every module and the core share.
// Linux has no equivalent file; this replaces memblock/e820: "RAM" is the linear memory and it can grow.

export const WASM_PAGE_SIZE = 65536;

export interface PhysMem {
  readonly memory: WebAssembly.Memory;
  /** A view of the whole memory, valid until the next grow(): never keep it across calls that may allocate. */
  bytes(): Uint8Array;
  /** Grows by `wasmPages` 64 KiB pages; false when the configured maximum (or the engine) refuses. */
  grow(wasmPages: number): boolean;
}

export interface PhysMemImpl extends PhysMem {
  readonly maxBytes: number;
  /** Current size in bytes. */
  size(): number;
}

/** `maxBytes` caps growth below the memory's own declared maximum (which may be absent). */
export function createPhysMem(memory: WebAssembly.Memory, maxBytes: number): PhysMemImpl {
  // The view is rebuilt only when the buffer object changed: growth replaces (detaches) it.
  let buf: ArrayBuffer = memory.buffer;
  let view = new Uint8Array(buf);
  return {
    memory,
    maxBytes,
    size: () => memory.buffer.byteLength,
    bytes(): Uint8Array {
      const b = memory.buffer;
      if (b !== buf) {
        buf = b;
        view = new Uint8Array(b);
      }
      return view;
    },
    grow(wasmPages: number): boolean {
      if (!Number.isInteger(wasmPages) || wasmPages < 0) return false;
      if (wasmPages === 0) return true;
      if (memory.buffer.byteLength + wasmPages * WASM_PAGE_SIZE > maxBytes) return false;
      try {
        memory.grow(wasmPages);
        return true;
      } catch {
        // RangeError: beyond the memory's declared maximum or the engine's limit.
        return false;
      }
    },
  };
}

export function zeroRange(pm: PhysMem, addr: number, len: number): void {
  if (len > 0) pm.bytes().fill(0, addr, addr + len);
}

export function fillRange(pm: PhysMem, addr: number, len: number, value: number): void {
  if (len > 0) pm.bytes().fill(value & 0xff, addr, addr + len);
}

/** memmove semantics (overlap allowed). */
export function copyRange(pm: PhysMem, dst: number, src: number, len: number): void {
  if (len > 0 && dst !== src) pm.bytes().copyWithin(dst, src, src + len);
}
