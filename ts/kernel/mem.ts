// kemu: raw access to the kernel address space (one WebAssembly.Memory) from TS. Views are
// re-created when memory.grow() replaced the buffer.

export class KernelMemory {
  private buf: ArrayBuffer;
  private u8v: Uint8Array;
  private dv: DataView;
  private i32v: Int32Array;
  private static readonly decoder = new TextDecoder("latin1");

  constructor(readonly memory: WebAssembly.Memory) {
    this.buf = memory.buffer;
    this.u8v = new Uint8Array(this.buf);
    this.dv = new DataView(this.buf);
    this.i32v = new Int32Array(this.buf);
  }

  private refresh(): void {
    // memory.grow() detaches the old buffer, so a zero-length view means "re-read": cheaper
    // than the memory.buffer getter on every access.
    if (this.u8v.length === 0 && this.buf !== this.memory.buffer) {
      this.buf = this.memory.buffer;
      this.u8v = new Uint8Array(this.buf);
      this.dv = new DataView(this.buf);
      this.i32v = new Int32Array(this.buf);
    }
  }

  get size(): number {
    return this.memory.buffer.byteLength;
  }
  u8(): Uint8Array {
    this.refresh();
    return this.u8v;
  }
  /** Word view for 4-aligned hot fields (index = addr >> 2); little-endian like wasm. */
  i32(): Int32Array {
    this.refresh();
    return this.i32v;
  }
  view(): DataView {
    this.refresh();
    return this.dv;
  }
  readU8(addr: number): number {
    return this.u8()[addr >>> 0];
  }
  readU16(addr: number): number {
    return this.view().getUint16(addr >>> 0, true);
  }
  readI8(addr: number): number {
    return this.view().getInt8(addr >>> 0);
  }
  readU32(addr: number): number {
    return this.view().getUint32(addr >>> 0, true);
  }
  readI32(addr: number): number {
    return this.view().getInt32(addr >>> 0, true);
  }
  readU64(addr: number): bigint {
    return this.view().getBigUint64(addr >>> 0, true);
  }
  writeU8(addr: number, v: number): void {
    this.u8()[addr >>> 0] = v;
  }
  writeU32(addr: number, v: number): void {
    this.view().setUint32(addr >>> 0, v >>> 0, true);
  }
  writeI32(addr: number, v: number): void {
    this.view().setInt32(addr >>> 0, v | 0, true);
  }
  writeU64(addr: number, v: bigint): void {
    this.view().setBigUint64(addr >>> 0, BigInt.asUintN(64, v), true);
  }
  /** NUL-terminated string at addr (at most max bytes), decoded as Latin-1 to keep bytes intact. */
  readCString(addr: number, max = 4096): string {
    const u8 = this.u8();
    const start = addr >>> 0;
    const limit = Math.min(u8.length, start + max);
    let end = start;
    while (end < limit && u8[end] !== 0) end++;
    return KernelMemory.decoder.decode(u8.subarray(start, end));
  }
  /** Same as readCString, decoded as UTF-8 (for text shown to the user). */
  readCStringUtf8(addr: number, max = 4096): string {
    const u8 = this.u8();
    const start = addr >>> 0;
    const limit = Math.min(u8.length, start + max);
    let end = start;
    while (end < limit && u8[end] !== 0) end++;
    return Buffer.from(u8.subarray(start, end)).toString("utf8");
  }
  readBytes(addr: number, len: number): Uint8Array {
    return this.u8().slice(addr >>> 0, (addr >>> 0) + len);
  }
  writeBytes(addr: number, bytes: Uint8Array): void {
    this.u8().set(bytes, addr >>> 0);
  }
  /** Write a NUL-terminated string (bytes of a Latin-1/UTF-8 string as given). */
  writeCString(addr: number, s: string | Uint8Array): number {
    const bytes = typeof s === "string" ? Buffer.from(s, "utf8") : s;
    const u8 = this.u8();
    u8.set(bytes, addr >>> 0);
    u8[(addr >>> 0) + bytes.length] = 0;
    return bytes.length + 1;
  }
  fill(addr: number, value: number, len: number): void {
    this.u8().fill(value, addr >>> 0, (addr >>> 0) + len);
  }
}
