// kemu: kernel/module/main.c get_modinfo() + include/linux/license.h. The "modinfo" section is
// read from the file's data before anything runs, like Linux reads .modinfo.
import { staticData, exportedGlobalValue, parseWasm, type ParsedWasm } from "./wasm.js";
import { deviceTableAliases } from "./file2alias.js";

/** All key=value strings of the modinfo section, in file order. */
export function readModinfo(p: ParsedWasm, start: number, stop: number): [string, string][] {
  const bytes = staticData(p, start, Math.max(0, stop - start));
  const out: [string, string][] = [];
  let i = 0;
  while (i < bytes.length) {
    let e = i;
    while (e < bytes.length && bytes[e] !== 0) e++;
    if (e > i) {
      const s = Buffer.from(bytes.subarray(i, e)).toString("utf8");
      const eq = s.indexOf("=");
      if (eq > 0) out.push([s.slice(0, eq), s.slice(eq + 1)]);
    }
    i = e + 1;
  }
  return out;
}

/**
 * The modinfo strings of a parsed .ko, or undefined when it has no modinfo section; the
 * aliases of its MODULE_DEVICE_TABLEs follow, as modpost adds them to Linux's .modinfo.
 */
export function modinfoOf(p: ParsedWasm): [string, string][] | undefined {
  const a = exportedGlobalValue(p, "__start_modinfo");
  const b = exportedGlobalValue(p, "__stop_modinfo");
  if (a === undefined || b === undefined) return undefined;
  const info = readModinfo(p, a, b);
  const aliases = deviceTableAliases(p).map((al): [string, string] => ["alias", al]);
  // modpost writes them into NAME.mod.c ahead of name= and vermagic=
  const at = info.findIndex(([key]) => key === "name");
  return at < 0 ? [...info, ...aliases] : [...info.slice(0, at), ...aliases, ...info.slice(at)];
}

/** license_is_gpl_compatible() */
export function licenseIsGplCompatible(license: string): boolean {
  return (
    license === "GPL" ||
    license === "GPL v2" ||
    license === "GPL and additional rights" ||
    license === "Dual BSD/GPL" ||
    license === "Dual MIT/GPL" ||
    license === "Dual MPL/GPL"
  );
}

/** The name in a .ko's .modinfo (a cached build's file name is a hash); undefined if none. */
export function modinfoName(bytes: Uint8Array): string | undefined {
  try {
    return modinfoOf(parseWasm(bytes))?.find(([key]) => key === "name")?.[1];
  } catch {
    return undefined;
  }
}
