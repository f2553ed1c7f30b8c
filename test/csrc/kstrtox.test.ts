// csrc/lib/kstrtox.c and the simple_strto* of vsprintf.c against Linux 6.1 semantics.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Core, findToolchain, loadCore } from "./cc.js";

const tc = findToolchain();
const EINVAL = -22;
const ERANGE = -34;

type Width = 1 | 2 | 4 | 8;
const SIGNED: Record<string, [Width, boolean]> = {
  kstrtoull: [8, false], kstrtoll: [8, true], _kstrtoul: [4, false], _kstrtol: [4, true],
  kstrtouint: [4, false], kstrtoint: [4, true], kstrtou16: [2, false], kstrtos16: [2, true],
  kstrtou8: [1, false], kstrtos8: [1, true],
};

describe.skipIf(!tc)("kstrtox.c", () => {
  let c: Core;
  beforeAll(async () => {
    c = await loadCore(tc!);
  });
  beforeEach(() => c.reset());

  /** Calls @fn and returns [ret, value]; the value slot is pre-filled to detect stray writes. */
  function kstrto(fn: string, input: string, base = 0): [number, bigint | null] {
    const [width, signed] = SIGNED[fn]!;
    const res = c.alloc(8);
    c.setU64(res, 0x5a5a5a5a5a5a5a5an);
    const ret = c.fn(fn)(c.cstr(input), base, res);
    const raw = c.u64(res);
    const bits = BigInt(width * 8);
    const mask = (1n << bits) - 1n;
    const untouched = 0x5a5a5a5a5a5a5a5an & mask;
    if (ret !== 0) {
      expect(raw & mask).toBe(untouched); // failures leave *res alone
      return [ret, null];
    }
    if (width < 8) expect(raw >> bits).toBe(0x5a5a5a5a5a5a5a5an >> bits); // no wider store
    const v = raw & mask;
    return [ret, signed ? BigInt.asIntN(width * 8, v) : v];
  }

  it("rejects white space and garbage, accepts one trailing newline", () => {
    expect(kstrto("kstrtoint", "  12")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "12\n")).toEqual([0, 12n]);
    expect(kstrto("kstrtoint", "12\n\n")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "12 ")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "\n")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "1x")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "+12")).toEqual([0, 12n]);
    expect(kstrto("kstrtoint", "-12")).toEqual([0, -12n]);
    expect(kstrto("kstrtoint", "--1")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "-+1")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "+-1")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtou8", "-1")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtouint", "-0")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "-0")).toEqual([0, 0n]);
  });

  it("detects the base", () => {
    expect(kstrto("kstrtoint", "0x1f")).toEqual([0, 31n]);
    expect(kstrto("kstrtoint", "0X1F", 16)).toEqual([0, 31n]);
    expect(kstrto("kstrtoint", "1f", 16)).toEqual([0, 31n]);
    expect(kstrto("kstrtoint", "0x", 16)).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "0x", 0)).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "010")).toEqual([0, 8n]);
    expect(kstrto("kstrtoint", "010", 10)).toEqual([0, 10n]);
    expect(kstrto("kstrtoint", "08")).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "0")).toEqual([0, 0n]);
    expect(kstrto("kstrtoint", "101", 2)).toEqual([0, 5n]);
    expect(kstrto("kstrtoint", "102", 2)).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "0x10", 10)).toEqual([EINVAL, null]);
    expect(kstrto("kstrtoint", "-0x10", 0)).toEqual([0, -16n]);
  });

  it("reports overflow as -ERANGE for every width", () => {
    expect(kstrto("kstrtou8", "255")).toEqual([0, 255n]);
    expect(kstrto("kstrtou8", "256")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtos8", "-128")).toEqual([0, -128n]);
    expect(kstrto("kstrtos8", "128")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtos8", "-129")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtou16", "65535")).toEqual([0, 65535n]);
    expect(kstrto("kstrtou16", "65536")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtos16", "-32768")).toEqual([0, -32768n]);
    expect(kstrto("kstrtos16", "-32769")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtoint", "2147483647")).toEqual([0, 2147483647n]);
    expect(kstrto("kstrtoint", "2147483648")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtoint", "-2147483648")).toEqual([0, -2147483648n]);
    expect(kstrto("kstrtoint", "-2147483649")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtouint", "4294967295")).toEqual([0, 4294967295n]);
    expect(kstrto("kstrtouint", "4294967296")).toEqual([ERANGE, null]);
    expect(kstrto("_kstrtoul", "0xffffffff")).toEqual([0, 4294967295n]);
    expect(kstrto("_kstrtoul", "0x100000000")).toEqual([ERANGE, null]);
    expect(kstrto("_kstrtol", "-2147483648")).toEqual([0, -2147483648n]);
    expect(kstrto("_kstrtol", "2147483648")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtoull", "18446744073709551615")).toEqual([0, 18446744073709551615n]);
    expect(kstrto("kstrtoull", "18446744073709551616")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtoull", "0xffffffffffffffff")).toEqual([0, 18446744073709551615n]);
    expect(kstrto("kstrtoull", "0x10000000000000000")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtoull", "01777777777777777777777")).toEqual([0, 18446744073709551615n]);
    expect(kstrto("kstrtoull", "02000000000000000000000")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtoll", "9223372036854775807")).toEqual([0, 9223372036854775807n]);
    expect(kstrto("kstrtoll", "9223372036854775808")).toEqual([ERANGE, null]);
    expect(kstrto("kstrtoll", "-9223372036854775808")).toEqual([0, -9223372036854775808n]);
    expect(kstrto("kstrtoll", "-9223372036854775809")).toEqual([ERANGE, null]);
    // Overflow wins over trailing garbage, as in Linux.
    expect(kstrto("kstrtoull", "99999999999999999999x")).toEqual([ERANGE, null]);
  });

  it("parses booleans from their first characters", () => {
    const bool = (input: string | null): [number, number | null] => {
      const res = c.alloc(4);
      c.u8[res] = 0x5a;
      const ret = c.fn("kstrtobool")(input === null ? 0 : c.cstr(input), res);
      return [ret, ret === 0 ? c.u8[res]! : null];
    };
    for (const t of ["y", "Y", "yes please", "1", "t", "T", "e", "E", "on", "ON", "oN"]) {
      expect([t, bool(t)]).toEqual([t, [0, 1]]);
    }
    for (const t of ["n", "N", "0", "f", "F", "d", "D", "off", "OFF", "no"]) {
      expect([t, bool(t)]).toEqual([t, [0, 0]]);
    }
    for (const t of ["o", "ox", "x", "", "2", " y"]) expect([t, bool(t)]).toEqual([t, [EINVAL, null]]);
    expect(bool(null)).toEqual([EINVAL, null]);
  });
});

describe.skipIf(!tc)("simple_strto*", () => {
  let c: Core;
  beforeAll(async () => {
    c = await loadCore(tc!);
  });
  beforeEach(() => c.reset());

  function simple(fn: string, input: string, base: number): [bigint, number] {
    const s = c.cstr(input);
    const endp = c.alloc(4);
    const raw = c.fn(fn)(s, endp, base) as unknown as number | bigint;
    const v = typeof raw === "bigint" ? raw : BigInt(raw);
    return [v, c.u32(endp) - s];
  }

  it("stops at the first character that is not a digit", () => {
    expect(simple("simple_strtoul", "0x1fz", 0)).toEqual([31n, 4]);
    expect(simple("simple_strtoul", "123abc", 10)).toEqual([123n, 3]);
    expect(simple("simple_strtoul", "  12", 10)).toEqual([0n, 0]);
    expect(simple("simple_strtoul", "777", 8)).toEqual([511n, 3]);
    expect(simple("simple_strtoul", "0777", 0)).toEqual([511n, 4]);
    expect(simple("simple_strtoul", "0x", 0)).toEqual([0n, 1]);
    expect(simple("simple_strtoul", "0xg", 16)).toEqual([0n, 2]); // the prefix is consumed
    expect(simple("simple_strtoul", "fF", 16)).toEqual([255n, 2]);
    expect(simple("simple_strtoul", "4294967297", 10)).toEqual([1n, 10]); // truncated to long
    expect(simple("simple_strtol", "-123abc", 10)).toEqual([-123n, 4]);
    expect(simple("simple_strtol", "-", 10)).toEqual([0n, 1]);
    expect(simple("simple_strtoull", "18446744073709551617", 10)).toEqual([1n, 20]); // wraps
    expect(simple("simple_strtoll", "-0x10", 0)).toEqual([-16n, 5]);
    expect(simple("simple_strtoll", "+5", 10)).toEqual([0n, 0]);
  });

  it("accepts a NULL end pointer", () => {
    expect(c.fn("simple_strtoul")(c.cstr("42"), 0, 10)).toBe(42);
  });
});
