// kemu: scripts/mod/file2alias.c - the aliases modpost makes from MODULE_DEVICE_TABLE(type,
// name) tables (usb, pci, of, platform), read from the .ko's static data as depmod and
// modinfo see them. Differs: a USB bcdDevice range other than "all" or one value gives "d*".
import { exportedGlobalValue, staticData, type ParsedWasm } from "./wasm.js";

const USB_SIZE = 24;
const PCI_SIZE = 32;
const OF_SIZE = 196;
const PLATFORM_SIZE = 24;
const MAX_ENTRIES = 4096;

const hex = (v: number, digits: number) => v.toString(16).toUpperCase().padStart(digits, "0");
/** file2alias's ADD(): the value in hex, or "*" when the field is not matched */
const add = (prefix: string, cond: boolean, v: number, digits: number) => prefix + (cond ? hex(v, digits) : "*");
const wildcard = (s: string) => (s.endsWith("*") ? s : s + "*");
const cstr = (b: Uint8Array) => {
  const n = b.indexOf(0);
  return Buffer.from(n < 0 ? b : b.subarray(0, n)).toString("latin1");
};

function usbAlias(e: DataView): string {
  const f = e.getUint16(0, true);
  const lo = e.getUint16(6, true);
  const hi = e.getUint16(8, true);
  let s = "usb:" + add("v", (f & 0x1) !== 0, e.getUint16(2, true), 4) + add("p", (f & 0x2) !== 0, e.getUint16(4, true), 4);
  // bcdDevice: file2alias splits a range into patterns; kemu handles all versions and one value
  const ranged = (f & 0xc) !== 0;
  s += ranged && lo === hi ? `d${hex(lo, 4)}` : "d*";
  s += add("dc", (f & 0x10) !== 0, e.getUint8(10), 2) + add("dsc", (f & 0x20) !== 0, e.getUint8(11), 2) +
    add("dp", (f & 0x40) !== 0, e.getUint8(12), 2) + add("ic", (f & 0x80) !== 0, e.getUint8(13), 2) +
    add("isc", (f & 0x100) !== 0, e.getUint8(14), 2) + add("ip", (f & 0x200) !== 0, e.getUint8(15), 2) +
    add("in", (f & 0x400) !== 0, e.getUint8(16), 2);
  return wildcard(s);
}

function pciAlias(e: DataView): string | undefined {
  const ANY = 0xffffffff;
  const u = (o: number) => e.getUint32(o, true);
  const cls = u(16);
  const mask = u(20);
  const parts: [string, number, number][] = [["bc", cls >>> 16, mask >>> 16 & 0xff], ["sc", cls >>> 8 & 0xff, mask >>> 8 & 0xff], ["i", cls & 0xff, mask & 0xff]];
  // file2alias refuses masks that are neither all nor nothing for a byte
  if (parts.some(([, , m]) => m !== 0 && m !== 0xff)) return undefined;
  let s = "pci:" + add("v", u(0) !== ANY, u(0), 8) + add("d", u(4) !== ANY, u(4), 8) + add("sv", u(8) !== ANY, u(8), 8) +
    add("sd", u(12) !== ANY, u(12), 8);
  for (const [name, v, m] of parts) s += add(name, m === 0xff, v, 2);
  return wildcard(s);
}

function ofAliases(b: Uint8Array): string[] {
  const name = cstr(b.subarray(0, 32));
  const type = cstr(b.subarray(32, 64));
  const compatible = cstr(b.subarray(64, 192));
  let s = `of:N${name || "*"}T${type || "*"}`;
  if (compatible) s += `${type ? "*" : ""}C${compatible}`;
  s = s.replace(/\s/g, "_");
  return [s, wildcard(s + "C")];
}

const TYPES: Record<string, { size: number; alias: (b: Uint8Array) => string[] }> = {
  usb: { size: USB_SIZE, alias: (b) => [usbAlias(new DataView(b.buffer, b.byteOffset, b.length))] },
  pci: {
    size: PCI_SIZE,
    alias: (b) => {
      const a = pciAlias(new DataView(b.buffer, b.byteOffset, b.length));
      return a ? [a] : [];
    },
  },
  of: { size: OF_SIZE, alias: ofAliases },
  platform: { size: PLATFORM_SIZE, alias: (b) => [`platform:${cstr(b.subarray(0, 20))}`] },
};

/** modpost's MODULE_ALIAS lines for every MODULE_DEVICE_TABLE of a known type, in table order. */
export function deviceTableAliases(p: ParsedWasm): string[] {
  const out: string[] = [];
  for (const name of p.exports.keys()) {
    const m = /^__mod_([a-z0-9_]+?)__(\w+)_device_table$/.exec(name);
    if (!m) continue;
    const t = TYPES[m[1]];
    const at = exportedGlobalValue(p, name);
    if (!t || at === undefined) continue;
    for (let i = 0; i < MAX_ENTRIES; i++) {
      const entry = staticData(p, at + i * t.size, t.size);
      if (entry.every((x) => x === 0)) break; // the table's terminating {}
      out.push(...t.alias(entry));
    }
  }
  return out;
}
