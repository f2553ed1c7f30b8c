// csrc/lib/string.c, ctype.c and hexdump.c against Linux 6.1 semantics (return values included:
// strcmp gives -1/0/1, memcmp the byte difference, strscpy -E2BIG, ...).
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Core, findToolchain, loadCore } from "./cc.js";

const tc = findToolchain();
const E2BIG = 7;
const EINVAL = 22;

describe.skipIf(!tc)("string.c", () => {
  let c: Core;
  let s: (str: string) => number;
  let f: (name: string, ...args: number[]) => number;
  beforeAll(async () => {
    c = await loadCore(tc!);
    s = (str) => c.cstr(str);
    f = (name, ...args) => c.fn(name)(...args);
  });
  beforeEach(() => c.reset());

  /** A zeroed buffer pre-filled with @fill bytes so that padding and terminators are visible. */
  function buf(n: number, fill = 0x78): number {
    const p = c.alloc(n);
    c.u8.fill(fill, p, p + n);
    return p;
  }

  it("measures strings", () => {
    expect(f("strlen", s(""))).toBe(0);
    expect(f("strlen", s("hello"))).toBe(5);
    expect(f("strnlen", s("hello"), 3)).toBe(3);
    expect(f("strnlen", s("hi"), 10)).toBe(2);
  });

  it("copies with strcpy/strncpy/stpcpy", () => {
    const d = buf(16);
    expect(f("strcpy", d, s("abc"))).toBe(d);
    expect(c.readCStr(d)).toBe("abc");
    const n = buf(8);
    f("strncpy", n, s("ab"), 6);
    expect([...c.readBytes(n, 8)]).toEqual([0x61, 0x62, 0, 0, 0, 0, 0x78, 0x78]);
    f("strncpy", n, s("abcdefgh"), 3);
    expect([...c.readBytes(n, 4)]).toEqual([0x61, 0x62, 0x63, 0]);
    const e = f("stpcpy", d, s("xyz")) >>> 0;
    expect(e).toBe(d + 3);
    expect(c.u8[e]).toBe(0);
  });

  it("strlcpy returns the source length and always terminates", () => {
    const d = buf(8);
    expect(f("strlcpy", d, s("hello world"), 6)).toBe(11);
    expect(c.readCStr(d)).toBe("hello");
    expect(f("strlcpy", d, s("hi"), 6)).toBe(2);
    expect(c.readCStr(d)).toBe("hi");
    const untouched = buf(4);
    expect(f("strlcpy", untouched, s("abc"), 0)).toBe(3);
    expect(c.u8[untouched]).toBe(0x78);
  });

  it("strscpy returns the length or -E2BIG", () => {
    const d = buf(8);
    expect(f("strscpy", d, s("hello"), 3)).toBe(-E2BIG);
    expect(c.readCStr(d)).toBe("he");
    expect(f("strscpy", d, s("abc"), 4)).toBe(3);
    expect(f("strscpy", d, s("abc"), 3)).toBe(-E2BIG);
    expect(c.readCStr(d)).toBe("ab");
    expect(f("strscpy", d, s("abc"), 0)).toBe(-E2BIG);
    expect(f("strscpy", d, s("abc"), 0x80000000)).toBe(-E2BIG);
    const p = buf(8);
    expect(f("strscpy_pad", p, s("ab"), 6)).toBe(2);
    expect([...c.readBytes(p, 8)]).toEqual([0x61, 0x62, 0, 0, 0, 0, 0x78, 0x78]);
    expect(f("strscpy_pad", p, s("abcdefg"), 4)).toBe(-E2BIG);
    expect(c.readCStr(p)).toBe("abc");
  });

  it("concatenates with strcat/strncat/strlcat", () => {
    const d = buf(16);
    f("strcpy", d, s("ab"));
    expect(f("strcat", d, s("cd"))).toBe(d);
    expect(c.readCStr(d)).toBe("abcd");
    f("strncat", d, s("efgh"), 2);
    expect(c.readCStr(d)).toBe("abcdef");
    f("strncat", d, s("XY"), 5);
    expect(c.readCStr(d)).toBe("abcdefXY");
    f("strncat", d, s("Z"), 0);
    expect(c.readCStr(d)).toBe("abcdefXY");
    const l = buf(8);
    f("strcpy", l, s("abc"));
    expect(f("strlcat", l, s("defgh"), 6)).toBe(8);
    expect(c.readCStr(l)).toBe("abcde");
  });

  it("compares like Linux", () => {
    expect(f("strcmp", s("a"), s("b"))).toBe(-1);
    expect(f("strcmp", s("b"), s("a"))).toBe(1);
    expect(f("strcmp", s("abc"), s("abc"))).toBe(0);
    expect(f("strcmp", s("abc"), s("abcd"))).toBe(-1);
    expect(f("strcmp", c.cstr(Uint8Array.of(0xff)), s("a"))).toBe(1);
    expect(f("strncmp", s("abcX"), s("abcY"), 3)).toBe(0);
    expect(f("strncmp", s("abcX"), s("abcY"), 4)).toBe(-1);
    expect(f("strncmp", s("a"), s("b"), 0)).toBe(0);
    expect(f("strcasecmp", s("Hello"), s("hELLO"))).toBe(0);
    expect(f("strcasecmp", s("a"), s("B"))).toBe(-1);
    expect(f("strcasecmp", s("abc"), s("ab"))).toBe(99);
    expect(f("strncasecmp", s("abcX"), s("ABCy"), 3)).toBe(0);
    expect(f("strncasecmp", s("ab"), s("AC"), 2)).toBe(-1);
    expect(f("strncasecmp", s("x"), s("y"), 0)).toBe(0);
    expect(f("memcmp", s("a"), s("c"), 1)).toBe(-2);
    expect(f("memcmp", s("abc"), s("abd"), 2)).toBe(0);
    expect(f("memcmp", c.cstr(Uint8Array.of(0xff)), s("\x01"), 1)).toBe(254);
    expect(f("bcmp", s("abc"), s("abd"), 3)).not.toBe(0);
  });

  it("searches characters and substrings", () => {
    const h = s("hello");
    expect(f("strchr", h, 0x6c)).toBe(h + 2);
    expect(f("strchr", h, 0)).toBe(h + 5);
    expect(f("strchr", h, 0x7a)).toBe(0);
    expect(f("strchr", h, 0x16c)).toBe(h + 2); // c is converted to char
    expect(f("strrchr", h, 0x6c)).toBe(h + 3);
    expect(f("strrchr", h, 0)).toBe(h + 5);
    expect(f("strrchr", h, 0x7a)).toBe(0);
    expect(f("strnchr", h, 2, 0x6c)).toBe(0);
    expect(f("strnchr", h, 3, 0x6c)).toBe(h + 2);
    expect(f("strchrnul", h, 0x7a)).toBe(h + 5);
    expect(f("strchrnul", h, 0x65)).toBe(h + 1);
    expect(f("strnchrnul", h, 2, 0x6f)).toBe(h + 2);
    const w = s("hello world");
    expect(f("strstr", w, s("o w"))).toBe(w + 4);
    expect(f("strstr", w, s(""))).toBe(w);
    expect(f("strstr", w, s("xyz"))).toBe(0);
    expect(f("strnstr", h, s("llo"), 4)).toBe(0);
    expect(f("strnstr", h, s("llo"), 5)).toBe(h + 2);
    expect(f("strpbrk", w, s("wo"))).toBe(w + 4);
    expect(f("strpbrk", w, s("xyz"))).toBe(0);
    expect(f("strspn", s("aaabc"), s("ab"))).toBe(4);
    expect(f("strcspn", h, s("lo"))).toBe(2);
    expect(f("strcspn", h, s(""))).toBe(5);
    const m = c.bytes([1, 2, 3, 2]);
    expect(f("memchr", m, 2, 4)).toBe(m + 1);
    expect(f("memchr", m, 0x102, 4)).toBe(m + 1);
    expect(f("memchr", m, 9, 4)).toBe(0);
    expect(f("memscan", m, 3, 4)).toBe(m + 2);
    expect(f("memscan", m, 9, 4)).toBe(m + 4);
    const z = c.bytes([0, 0, 0, 5, 0]);
    expect(f("memchr_inv", z, 0, 5)).toBe(z + 3);
    expect(f("memchr_inv", z, 0, 3)).toBe(0);
  });

  it("splits and trims", () => {
    const str = s("a,b,,c");
    const cursor = c.alloc(4);
    c.setU32(cursor, str);
    const parts: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const tok = f("strsep", cursor, s(",")) >>> 0;
      parts.push(tok ? c.readCStr(tok) : null);
    }
    expect(parts).toEqual(["a", "b", "", "c", null]);
    const t = s("  \thi there \n ");
    const r = f("strim", t) >>> 0;
    expect(r).toBe(t + 3);
    expect(c.readCStr(r)).toBe("hi there");
    const blank = s("   ");
    expect(c.readCStr(f("strim", blank) >>> 0)).toBe("");
    expect(f("strim", s(""))).toBeGreaterThan(0);
    const sp = s(" \n\tx ");
    expect(f("skip_spaces", sp)).toBe(sp + 3);
  });

  it("fills, copies and moves memory", () => {
    const d = buf(8);
    expect(f("memset", d, 0x141, 5)).toBe(d);
    expect([...c.readBytes(d, 6)]).toEqual([0x41, 0x41, 0x41, 0x41, 0x41, 0x78]);
    const o = c.bytes([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(f("memmove", o + 2, o, 5)).toBe(o + 2);
    expect([...c.readBytes(o, 8)]).toEqual([1, 2, 1, 2, 3, 4, 5, 8]);
    expect(f("memmove", o, o + 3, 5)).toBe(o);
    expect([...c.readBytes(o, 8)]).toEqual([2, 3, 4, 5, 8, 4, 5, 8]);
    const q = buf(4);
    expect(f("memcpy", q, s("wxyz"), 4)).toBe(q);
    expect(c.readCStr(q, 4)).toBe("wxyz");
    expect(f("memcpy", q, 0, 0)).toBe(q);
    const w = buf(16);
    f("memset16", w, 0xbeef, 3);
    expect(c.view.getUint16(w + 4, true)).toBe(0xbeef);
    expect(c.u8[w + 6]).toBe(0x78);
    f("memset32", w, 0xdeadbeef, 2);
    expect(c.u32(w + 4)).toBe(0xdeadbeef);
    (c.fn("memset64") as unknown as (p: number, v: bigint, n: number) => number)(w, 0x0102030405060708n, 2);
    expect(c.u64(w + 8)).toBe(0x0102030405060708n);
  });

  it("replaces characters and matches sysfs strings", () => {
    const r = s("a.b.c");
    expect(f("strreplace", r, 0x2e, 0x5f)).toBe(r + 5);
    expect(c.readCStr(r)).toBe("a_b_c");
    const streq = (a: string, b: string) => f("sysfs_streq", s(a), s(b)) & 1;
    expect(streq("abc", "abc\n")).toBe(1);
    expect(streq("abc\n", "abc")).toBe(1);
    expect(streq("abc", "abc")).toBe(1);
    expect(streq("abc", "ab")).toBe(0);
    expect(streq("abc\n\n", "abc")).toBe(0);
    expect(streq("abc\n", "abc\n")).toBe(1);
    const arr = c.alloc(16);
    ["off", "on", "auto"].forEach((x, i) => c.setU32(arr + 4 * i, s(x)));
    c.setU32(arr + 12, 0);
    expect(f("match_string", arr, 3, s("auto"))).toBe(2);
    expect(f("match_string", arr, 2, s("auto"))).toBe(-EINVAL);
    expect(f("match_string", arr, 4, s("nope"))).toBe(-EINVAL);
    expect(f("__sysfs_match_string", arr, 3, s("on\n"))).toBe(1);
    c.setU32(arr, 0); // a NULL hole ends match_string but is skipped by __sysfs_match_string
    expect(f("match_string", arr, 3, s("on"))).toBe(-EINVAL);
    expect(f("__sysfs_match_string", arr, 3, s("on"))).toBe(1);
  });

  it("duplicates with the k*dup family", () => {
    const src = s("dup me");
    const d = f("kstrdup", src, 0) >>> 0;
    expect(d).not.toBe(src);
    expect(c.readCStr(d)).toBe("dup me");
    expect(f("kstrdup", 0, 0)).toBe(0);
    expect(c.readCStr(f("kstrndup", src, 3, 0) >>> 0)).toBe("dup");
    expect(c.readCStr(f("kstrndup", src, 99, 0) >>> 0)).toBe("dup me");
    expect(f("kstrndup", 0, 3, 0)).toBe(0);
    const m = f("kmemdup", c.bytes([9, 8, 7]), 3, 0) >>> 0;
    expect([...c.readBytes(m, 3)]).toEqual([9, 8, 7]);
    const n = f("kmemdup_nul", s("abcdef"), 4, 0) >>> 0;
    expect(c.readCStr(n)).toBe("abcd");
    expect(f("kmemdup_nul", 0, 4, 0)).toBe(0);
    const k = f("kstrdup_const", src, 0) >>> 0;
    expect(c.readCStr(k)).toBe("dup me");
    f("kfree_const", k);
    expect(c.i32(c.dataAddr("harness_kfree_calls"))).toBe(1);
  });

  it("runs the static inline helpers of the headers", () => {
    expect(f("harness_inline_checks")).toBe(0);
  });
});

describe.skipIf(!tc)("ctype.c", () => {
  let c: Core;
  beforeAll(async () => {
    c = await loadCore(tc!);
  });

  it("has Linux's _ctype table (ISO 8859-1)", () => {
    const U = 1, L = 2, D = 4, C = 8, P = 0x10, S = 0x20, X = 0x40, SP = 0x80;
    const want = (ch: number): number => {
      if (ch >= 9 && ch <= 13) return C | S;
      if (ch < 32 || (ch >= 127 && ch < 160)) return C;
      if (ch === 32 || ch === 160) return S | SP;
      if (ch >= 48 && ch <= 57) return D;
      if (ch >= 65 && ch <= 70) return U | X;
      if (ch >= 97 && ch <= 102) return L | X;
      if ((ch >= 71 && ch <= 90) || (ch >= 192 && ch <= 222 && ch !== 215)) return U;
      if ((ch >= 103 && ch <= 122) || (ch >= 223 && ch !== 247)) return L;
      return P;
    };
    const table = c.readBytes(c.dataAddr("_ctype"), 256);
    for (let ch = 0; ch < 256; ch++) expect([ch, table[ch]]).toEqual([ch, want(ch)]);
  });
});

describe.skipIf(!tc)("hexdump.c", () => {
  let c: Core;
  let f: (name: string, ...args: number[]) => number;
  beforeAll(async () => {
    c = await loadCore(tc!);
    f = (name, ...args) => c.fn(name)(...args);
  });
  beforeEach(() => c.reset());

  it("converts single hex digits", () => {
    const cases: [string, number][] = [["0", 0], ["9", 9], ["a", 10], ["F", 15], ["g", -1], ["G", -1], [" ", -1], ["/", -1], [":", -1]];
    for (const [ch, v] of cases) expect([ch, f("hex_to_bin", ch.charCodeAt(0))]).toEqual([ch, v]);
    expect(f("hex_to_bin", 0xff)).toBe(-1);
    expect(c.readCStr(c.dataAddr("hex_asc"))).toBe("0123456789abcdef");
    expect(c.readCStr(c.dataAddr("hex_asc_upper"))).toBe("0123456789ABCDEF");
  });

  it("hex2bin / bin2hex", () => {
    const out = c.alloc(8);
    expect(f("hex2bin", out, c.cstr("01aBff"), 3)).toBe(0);
    expect([...c.readBytes(out, 3)]).toEqual([0x01, 0xab, 0xff]);
    expect(f("hex2bin", out, c.cstr("0g"), 1)).toBe(-EINVAL);
    expect(f("hex2bin", out, c.cstr("g0"), 1)).toBe(-EINVAL);
    const txt = c.alloc(16);
    c.u8.fill(0x78, txt, txt + 16);
    const end = f("bin2hex", txt, c.bytes([0xde, 0xad, 0xbe, 0xef]), 4) >>> 0;
    expect(end).toBe(txt + 8);
    expect(c.readCStr(txt, 8)).toBe("deadbeef");
    expect(c.u8[txt + 8]).toBe(0x78); // no terminator
  });

  it("mac_pton parses colon separated MACs only", () => {
    const mac = c.alloc(8);
    expect(f("mac_pton", c.cstr("00:11:22:aa:BB:cc"), mac) & 1).toBe(1);
    expect([...c.readBytes(mac, 6)]).toEqual([0, 0x11, 0x22, 0xaa, 0xbb, 0xcc]);
    expect(f("mac_pton", c.cstr("00-11-22-aa-bb-cc"), mac) & 1).toBe(0);
    expect(f("mac_pton", c.cstr("00:11:22:aa:bb"), mac) & 1).toBe(0);
    expect(f("mac_pton", c.cstr("00:11:22:aa:bb:cg"), mac) & 1).toBe(0);
  });

  it("hex_dump_to_buffer formats a line like Linux", () => {
    const line = c.alloc(256);
    const data = c.bytes(Array.from({ length: 32 }, (_, i) => 0x41 + i));
    const dump = (len: number, rowsize: number, group: number, linelen: number, ascii: boolean) => {
      const ret = f("hex_dump_to_buffer", data, len, rowsize, group, line, linelen, ascii ? 1 : 0);
      return [ret, linelen ? c.readCStr(line) : ""];
    };
    const hex16 = Array.from({ length: 16 }, (_, i) => (0x41 + i).toString(16)).join(" ");
    expect(dump(16, 16, 1, 256, true)).toEqual([65, `${hex16}  ABCDEFGHIJKLMNOP`]);
    expect(dump(16, 16, 1, 256, false)).toEqual([47, hex16]);
    expect(dump(8, 16, 4, 256, false)).toEqual([17, "44434241 48474645"]);
    expect(dump(8, 16, 8, 256, true)).toEqual([43, `4847464544434241${" ".repeat(19)}ABCDEFGH`]);
    expect(dump(4, 16, 2, 256, false)).toEqual([9, "4241 4443"]);
    expect(dump(5, 16, 2, 256, false)).toEqual([14, "41 42 43 44 45"]); // mixed sizes fall back to bytes
    expect(dump(40, 7, 1, 256, false)[0]).toBe(47); // bad rowsize -> 16, len clamped to it
    expect(dump(32, 32, 1, 256, false)[0]).toBe(95);
    expect(dump(0, 16, 1, 256, true)).toEqual([0, ""]);
    // Too small: the would-be length comes back and the text is cut but terminated.
    expect(dump(16, 16, 1, 10, false)).toEqual([47, "41 42 43 "]);
    expect(dump(16, 16, 1, 10, true)[0]).toBe(65);
    expect(dump(8, 16, 4, 12, false)).toEqual([17, "44434241 48"]);
    expect(dump(16, 16, 1, 0, false)[0]).toBe(47);
  });
});
