// csrc/lib/vsprintf.c against what Linux 6.1's lib/vsprintf.c prints (cases follow
// lib/test_printf.c where it has them).
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Core, findToolchain, loadCore } from "./cc.js";

const tc = findToolchain();
const ptr = (p: number) => ({ ptr: p >>> 0 });
const ERR_PTR = (e: number) => ptr(e);
const bytes = (b: number[]) => ({ bytes: Uint8Array.from(b) });

// SipHash-2-4 (reference algorithm) to check that %p really is siphash_1u32 under kemu's key.
function siphash24(k0: bigint, k1: bigint, msg: Uint8Array): bigint {
  const M = (1n << 64n) - 1n;
  const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M;
  let v0 = k0 ^ 0x736f6d6570736575n, v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n, v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & M; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const word = (i: number) => {
    let m = 0n;
    for (let j = 7; j >= 0; j--) m = (m << 8n) | BigInt(msg[i + j] ?? 0);
    return m;
  };
  const full = msg.length & ~7;
  for (let i = 0; i < full; i += 8) {
    const m = word(i);
    v3 ^= m; round(); round(); v0 ^= m;
  }
  let b = BigInt(msg.length & 0xff) << 56n;
  for (let j = msg.length - 1; j >= full; j--) b |= BigInt(msg[j]!) << BigInt(8 * (j - full));
  v3 ^= b; round(); round(); v0 ^= b;
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return (v0 ^ v1 ^ v2 ^ v3) & M;
}

describe.skipIf(!tc)("vsprintf.c", () => {
  let c: Core;
  beforeAll(async () => {
    c = await loadCore(tc!);
  });
  beforeEach(() => c.reset());

  it("formats the example line like Linux", () => {
    expect(c.fmt("%5.2s|%-4d|%04x|%llu|%zu|%px", "abc", 7, 255, 1234567890123n, 42, ptr(0x1234)))
      .toBe("   ab|7   |00ff|1234567890123|42|00001234");
  });

  it("reads the arguments of a clang-generated variadic call", () => {
    const buf = c.alloc(128);
    const ret = c.fn("harness_c_snprintf")(buf, 128);
    expect(c.readCStr(buf)).toBe("   ab|7   |00ff|1234567890123|42|00001234|44|Z|-5");
    expect(ret).toBe(49);
  });

  it("matches lib/test_printf.c number and string cases", () => {
    expect(c.fmt("%hhu|%hhu|%hhu|%hhu|%hhu", 0, 1, 257, 128, -1)).toBe("0|1|1|128|255");
    expect(c.fmt("%hhd|%hhd|%hhd|%hhd|%hhd", 0, 1, 257, 128, -1)).toBe("0|1|1|-128|-1");
    expect(c.fmt("%ho%ho%#ho", 1037, 5282, -11627)).toBe("2015122420151225");
    expect(c.fmt("%#-12x|%#12x", 0x1234abcd, 0x1234abcd)).toBe("0x1234abcd  |  0x1234abcd");
    expect(c.fmt("%d|%03d|%3d|%+d|% d|%+d|% d", 0, 1, 12, 123, 1234, -123, -1234))
      .toBe("0|001| 12|+123| 1234|-123|-1234");
    expect(c.fmt("%.2d|%.1d|%.0d|%.*d|%1.0d", 0, 0, 0, 0, 0, 0)).toBe("00|0|0|0|0");
    expect(c.fmt("%4.*s", -5, "123456")).toBe("    ");
    expect(c.fmt("%-3s|%3s|%.3s", "", "", "abcdef")).toBe("   |   |abc");
  });

  it("prints integers in all bases with the # flag", () => {
    expect(c.fmt("%d %i %u", -5, -5, -1)).toBe("-5 -5 4294967295");
    expect(c.fmt("%x %X %o", -1, 0xabc, 8)).toBe("ffffffff ABC 10");
    expect(c.fmt("%#o %#o %#x %#X %#x", 8, 0, 255, 255, 0)).toBe("010 0 0xff 0XFF 0x0");
    expect(c.fmt("%#08x|%#8x|%-#8x|", 255, 255, 255)).toBe("0x0000ff|    0xff|0xff    |");
    expect(c.fmt("%#.3x %#.3o", 10, 8)).toBe("0x00a 0010");
  });

  it("handles sign flags and padding", () => {
    expect(c.fmt("%+d|% d|%+d|% 05d", 5, 5, -5, 5)).toBe("+5| 5|-5| 0005");
    expect(c.fmt("%+5d|%-+5d|%05d|%-05d|", 5, 5, -5, -5)).toBe("   +5|+5   |-0005|-5   |");
    expect(c.fmt("%+u|% x", 5, 10)).toBe("5|a");
    expect(c.fmt("%-5u|%5u", 42, 42)).toBe("42   |   42");
  });

  it("applies precision to integers the kernel way", () => {
    expect(c.fmt("%.3d|%5.3d|%-5.3d|", 5, 5, 5)).toBe("005|  005|005  |");
    // Linux prints the digit for a zero precision and keeps 0-padding next to a precision.
    expect(c.fmt("%.0d|%05.3d|%.3x", 0, 5, 10)).toBe("0|00005|00a");
    expect(c.fmt("%.2d", 12345)).toBe("12345");
  });

  it("takes width and precision from the arguments", () => {
    expect(c.fmt("%*d|%-*d|%*d|", 5, 42, 5, 42, -5, 42)).toBe("   42|42   |42   |");
    expect(c.fmt("%.*d|%.*s|%*.*s|", 4, 7, 2, "abcdef", 6, 2, "abcdef")).toBe("0007|ab|    ab|");
    // A negative precision argument becomes 0 in Linux (C would ignore it).
    expect(c.fmt("[%.*s]", -1, "abc")).toBe("[]");
  });

  it("honours length qualifiers", () => {
    expect(c.fmt("%hhd %hhu %hd %hu", 300, -1, 70000, -1)).toBe("44 255 4464 65535");
    expect(c.fmt("%ld %lu %lx", -2147483648, 4294967295, 0xdeadbeef)).toBe("-2147483648 4294967295 deadbeef");
    expect(c.fmt("%lld %llu %llx %Lu", -1n, 18446744073709551615n, 0xdeadbeefcafen, 5n))
      .toBe("-1 18446744073709551615 deadbeefcafe 5");
    expect(c.fmt("%lli|%llX", -9223372036854775808n, 0xabcdef0123n)).toBe("-9223372036854775808|ABCDEF0123");
    expect(c.fmt("%zd %zu %zx %td", -3, 4294967295, 255, -7)).toBe("-3 4294967295 ff -7");
    // Qualifiers Linux does not know, accepted as their C meaning.
    expect(c.fmt("%Zu %jd %qu %ju", 7, -1n, 5n, 18446744073709551615n)).toBe("7 -1 5 18446744073709551615");
    // ptrdiff_t is always read as signed, so %tx of -1 sign-extends to 64 bits (as on i386).
    expect(c.fmt("%tx", -1)).toBe("ffffffffffffffff");
    // 64-bit arguments stay aligned after a 32-bit one.
    expect(c.fmt("%d %lld %d %llu", 1, 2n, 3, 4n)).toBe("1 2 3 4");
  });

  it("prints characters, including NUL, with padding", () => {
    expect(c.fmt("%c|%3c|%-3c|", 65, 66, 67)).toBe("A|  B|C  |");
    const r = c.snprintf(16, "a%cb", 0);
    expect(r.ret).toBe(3);
  });

  it("prints strings and bad string pointers", () => {
    expect(c.fmt("%s|%-6s|%6s|%.1s", "ab", "ab", "ab", "ab")).toBe("ab|ab    |    ab|a");
    expect(c.fmt("%s|%10s|%.3s", ptr(0), ptr(0), ptr(0))).toBe("(null)|    (null)|(nu");
    expect(c.fmt("%s|%s|%s", ptr(0x10), ptr(4095), ERR_PTR(-12))).toBe("(efault)|(efault)|(efault)");
    expect(c.fmt("100%%|%5%|")).toBe("100%|%|");
  });

  it("stops at %n and at unknown conversions, like Linux", () => {
    expect(c.fmt("a%nb%d", ptr(c.alloc(4)), 5)).toBe("a");
    expect(c.fmt("x%yz", 1)).toBe("x");
    expect(c.fmt("%d%", 1)).toBe("1");
  });

  it("hashes %p deterministically and keeps NULL/ERR_PTR readable", async () => {
    const h = c.fmt("%p", ptr(0x12345678));
    expect(h).toMatch(/^[0-9a-f]{8}$/);
    expect(h).not.toBe("12345678");
    expect(c.fmt("%p", ptr(0x12345678))).toBe(h);
    expect(c.fmt("%p", ptr(0x12345679))).not.toBe(h);
    const other = await loadCore(tc!);
    expect(other.fmt("%p", ptr(0x12345678))).toBe(h);
    expect(c.fmt("%pK", ptr(0x12345678))).toBe(h);
    expect(c.fmt("%p|%p", ptr(0), ERR_PTR(-22))).toBe("00000000|ffffffea");
    expect(c.fmt("%12p|%-12p|", ptr(0), ptr(0))).toBe("           0|0           |");
  });

  it("%p is SipHash-2-4 of the 32-bit value under the fixed key", () => {
    const paper = siphash24(0x0706050403020100n, 0x0f0e0d0c0b0a0908n,
      Uint8Array.from({ length: 15 }, (_, i) => i));
    expect(paper).toBe(0xa129ca6149be45e5n);
    for (const p of [0x1000, 0x12345678, 0xdeadbeef, 0x80000000]) {
      const msg = new Uint8Array(4);
      new DataView(msg.buffer).setUint32(0, p, true);
      const want = siphash24(0x6b656d752d707472n, 0x2d6b65792d763101n, msg) & 0xffffffffn;
      expect(c.fmt("%p", ptr(p))).toBe(want.toString(16).padStart(8, "0"));
    }
  });

  it("prints raw pointers with %px, and %p unhashed under no_hash_pointers", () => {
    expect(c.fmt("%px|%10px|%-10px|", ptr(0xdeadbeef), ptr(0x12345678), ptr(0x1))).toBe(
      "deadbeef|  12345678|1         |");
    const flag = c.dataAddr("no_hash_pointers");
    c.u8[flag] = 1;
    try {
      expect(c.fmt("%p", ptr(0x12345678))).toBe("12345678");
    } finally {
      c.u8[flag] = 0;
    }
  });

  it("resolves symbols through kemu_sprint_symbol", () => {
    expect(c.fmt("%pS|%ps", ptr(0x1004), ptr(0x1004))).toBe("my_func+0x4/0x10 [mod]|my_func [mod]");
    expect(c.fmt("%pSR|%pB|%pF|%pf", ptr(0x1000), ptr(0x1001), ptr(0x2010), ptr(0x2010)))
      .toBe("my_func+0x0/0x10 [mod]|my_func+0x1/0x10 [mod]|core_func+0x10/0x200|core_func");
    expect(c.fmt("%pS|%ps", ptr(0x5000), ptr(0xc0ffee))).toBe("0x5000|0xc0ffee");
    expect(c.fmt("[%12ps][%-12ps]", ptr(0x2000), ptr(0x2000))).toBe("[   core_func][core_func   ]");
  });

  it("prints phys/dma addresses, MACs and netdev features", () => {
    const a = c.alloc(4);
    c.setU32(a, 0x1234);
    expect(c.fmt("%pa|%pap|%pad", ptr(a), ptr(a), ptr(a))).toBe("0x00001234|0x00001234|0x00001234");
    const mac = bytes([0x2d, 0x48, 0xd6, 0xfc, 0x7a, 0x05]);
    expect(c.fmt("%pM", mac)).toBe("2d:48:d6:fc:7a:05");
    expect(c.fmt("%pMR", mac)).toBe("05:7a:fc:d6:48:2d");
    expect(c.fmt("%pMF", mac)).toBe("2d-48-d6-fc-7a-05");
    expect(c.fmt("%pm", mac)).toBe("2d48d6fc7a05");
    expect(c.fmt("%pmR", mac)).toBe("057afcd6482d");
    const f = c.alloc(8);
    c.setU64(f, 0xabcdn);
    expect(c.fmt("%pNF", ptr(f))).toBe("0x000000000000abcd");
  });

  it("prints IPv4 and IPv6 addresses", () => {
    const v4 = bytes([127, 0, 0, 1]);
    expect(c.fmt("%pI4|%pi4", v4, v4)).toBe("127.0.0.1|127.000.000.001");
    expect(c.fmt("%pI4h|%pI4l|%pI4n", v4, v4, v4)).toBe("1.0.0.127|1.0.0.127|127.0.0.1");
    const v6 = bytes([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(c.fmt("%pI6", v6)).toBe("2001:0db8:0000:0000:0000:0000:0000:0001");
    expect(c.fmt("%pI6c|%pi6", v6, v6)).toBe("2001:db8::1|20010db8000000000000000000000001");
    const mapped = bytes([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    expect(c.fmt("%pI6c", mapped)).toBe("::ffff:1.2.3.4");
    expect(c.fmt("%pI6c", bytes(new Array(16).fill(0)))).toBe("::");
    expect(c.fmt("%pI6c", bytes([0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 4]))).toBe("1:0:2::3:0:4");
    expect(c.fmt("%pI5", v4)).toBe("(%pI?)");
  });

  it("prints struct sockaddr with %pIS", () => {
    const sin = bytes([2, 0, 0x1f, 0x90, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(c.fmt("%pIS|%pISp|%piS", sin, sin, sin)).toBe("10.0.0.1|10.0.0.1:8080|010.000.000.001");
    const sin6 = bytes([10, 0, 0x01, 0xbb, 0, 0, 0, 0,
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0, 0, 0]);
    expect(c.fmt("%pISpc|%pISc|%pISsc", sin6, sin6, sin6)).toBe("[2001:db8::1]:443|2001:db8::1|[2001:db8::1]%5");
    expect(c.fmt("%pIS", bytes([99, 0, 0, 0]))).toBe("(einval)");
  });

  it("escapes buffers with %pE", () => {
    const s = bytes([0x61, 0x0a, 0x62, 0x01, 0x5c, 0x22, 0x00, 0xe9]);
    // Printable characters (backslash and quote included) pass through with the default flags.
    expect(c.fmt("%*pE", 8, s)).toBe("a\\nb\\001\\\"\\0\xe9");
    expect(c.fmt("%*pEhp", 8, s)).toBe("a\\x0ab\\x01\\\"\\x00\xe9");
    expect(c.fmt("%*pEo", 2, s)).toBe("\\141\\012");
    expect(c.fmt("%pE|%*pE|", s, 0, s)).toBe("a||");
  });

  it("dumps small buffers with %ph", () => {
    const b = bytes([1, 2, 0xab, 0xff]);
    expect(c.fmt("%*ph|%*phC|%*phD|%*phN", 4, b, 4, b, 4, b, 4, b)).toBe("01 02 ab ff|01:02:ab:ff|01-02-ab-ff|0102abff");
    expect(c.fmt("%ph|%*ph|", b, 0, b)).toBe("01||");
    const big = bytes(Array.from({ length: 100 }, (_, i) => i));
    expect(c.fmt("%*phN", 100, big)).toHaveLength(128);
  });

  it("names error pointers with %pe", () => {
    expect(c.fmt("%pe|%pe|%pe", ERR_PTR(-12), ERR_PTR(-517), ERR_PTR(-11))).toBe("-ENOMEM|-EPROBE_DEFER|-EAGAIN");
    expect(c.fmt("%pe|%pe|%pe", ERR_PTR(-35), ERR_PTR(-524), ERR_PTR(-133))).toBe("-EDEADLK|-ENOTSUPP|-EHWPOISON");
    expect(c.fmt("%pe|%pe", ERR_PTR(-4000), ERR_PTR(-520))).toBe("-4000|-520");
    expect(c.fmt("%pe", ptr(0))).toBe("00000000");
    expect(c.fmt("%pe", ptr(0x12345678))).toBe(c.fmt("%p", ptr(0x12345678)));
    expect(c.fmt("[%10pe]", ERR_PTR(-1))).toBe("[    -EPERM]");
  });

  it("expands struct va_format with %pV", () => {
    const va = c.varargs(["x", 5]);
    const cell = c.alloc(4);
    c.setU32(cell, va);
    const vaf = c.alloc(8);
    c.setU32(vaf, c.cstr("%s=%d"));
    c.setU32(vaf + 4, cell);
    expect(c.fmt("<%pV>", ptr(vaf))).toBe("<x=5>");
    const r = c.snprintf(4, "<%pV>", ptr(vaf));
    expect(r).toMatchObject({ ret: 5, str: "<x=", overflow: false });
    expect(c.fmt("%pV", ptr(0))).toBe("(null)");
  });

  it("prints UUIDs with %pU", () => {
    const u = bytes(Array.from({ length: 16 }, (_, i) => i));
    expect(c.fmt("%pUb", u)).toBe("00010203-0405-0607-0809-0a0b0c0d0e0f");
    expect(c.fmt("%pUB", u)).toBe("00010203-0405-0607-0809-0A0B0C0D0E0F");
    expect(c.fmt("%pUl", u)).toBe("03020100-0504-0706-0809-0a0b0c0d0e0f");
    expect(c.fmt("%pUL", u)).toBe("03020100-0504-0706-0809-0A0B0C0D0E0F");
  });

  it("decodes struct resource with %pR and %pr", () => {
    const res = (start: number, end: number, flags: number) => {
      const p = c.alloc(32);
      c.u8.fill(0, p, p + 32);
      c.setU32(p, start);
      c.setU32(p + 4, end);
      c.setU32(p + 12, flags);
      return ptr(p);
    };
    expect(c.fmt("%pR", res(0x1000, 0x1fff, 0x200))).toBe("[mem 0x00001000-0x00001fff]");
    expect(c.fmt("%pr", res(0x1000, 0x1fff, 0x200))).toBe("[mem 0x00001000-0x00001fff flags 0x200]");
    expect(c.fmt("%pR", res(0x3f8, 0x3ff, 0x100))).toBe("[io  0x03f8-0x03ff]");
    expect(c.fmt("%pR", res(5, 5, 0x400))).toBe("[irq 5]");
    expect(c.fmt("%pR", res(0x1000, 0x1fff, 0x200 | 0x2000 | 0x100000))).toBe("[mem 0x00001000-0x00001fff 64bit pref]");
    expect(c.fmt("%pR", res(0, 0xfff, 0x200 | 0x20000000))).toBe("[mem size 0x00001000]");
    expect(c.fmt("%pR", res(1, 2, 0))).toBe("[??? 0x00000001-0x00000002 flags 0x0]");
  });

  it("prints bitmaps with %*pb and %*pbl", () => {
    const bm = c.alloc(8);
    c.setU32(bm, 0x0000f00f);
    c.setU32(bm + 4, 0xab);
    expect(c.fmt("%*pb|%*pbl", 40, ptr(bm), 40, ptr(bm))).toBe("ab,0000f00f|0-3,12-15,32-33,35,37,39");
    expect(c.fmt("%*pb|%*pbl", 12, ptr(bm), 12, ptr(bm))).toBe("00f|0-3");
  });

  it("prints times with %ptR and %ptT (lib/test_printf.c values)", () => {
    const tm = c.alloc(36);
    [43, 35, 5, 26, 10, 118, 0, 0, 0].forEach((v, i) => c.setU32(tm + 4 * i, v));
    expect(c.fmt("%ptR|%ptRr", ptr(tm), ptr(tm))).toBe("2018-11-26T05:35:43|0118-10-26T05:35:43");
    expect(c.fmt("%ptRd|%ptRt|%ptRs", ptr(tm), ptr(tm), ptr(tm))).toBe("2018-11-26|05:35:43|2018-11-26 05:35:43");
    const t = c.alloc(8);
    c.setU64(t, 1546615943n);
    expect(c.fmt("%ptT|%ptTs|%ptTtrs|%ptTdr", ptr(t), ptr(t), ptr(t), ptr(t)))
      .toBe("2019-01-04T15:32:23|2019-01-04 15:32:23|15:32:23|0119-00-04");
    c.setU64(t, -1n);
    expect(c.fmt("%ptT", ptr(t))).toBe("1969-12-31T23:59:59");
    expect(c.fmt("%pt", ptr(t))).toBe("(%pt?)");
  });

  it("prints fourcc codes and kernel/user strings", () => {
    const code = c.alloc(4);
    c.setU32(code, 0x34325241);
    expect(c.fmt("%p4cc", ptr(code))).toBe("AR24 little-endian (0x34325241)");
    c.setU32(code, 0x34325241 | 0x80000000);
    expect(c.fmt("%p4cc", ptr(code))).toBe("AR24 big-endian (0xb4325241)");
    expect(c.fmt("%pks|%pus|%pkx", "kern", "user", "x")).toBe("kern|user|(einval)");
  });

  it("returns the would-be length and truncates safely", () => {
    expect(c.snprintf(5, "%d", 123456)).toEqual({ ret: 6, str: "1234", overflow: false });
    expect(c.snprintf(1, "%d", 123456)).toEqual({ ret: 6, str: "", overflow: false });
    expect(c.snprintf(0, "%d", 123456)).toEqual({ ret: 6, str: "", overflow: false });
    expect(c.snprintf(5, "%5s", "abc")).toEqual({ ret: 5, str: "  ab", overflow: false });
    expect(c.snprintf(4, "%8s|", "abcdef")).toEqual({ ret: 9, str: "  a", overflow: false });
    expect(c.snprintf(3, "%-6s", "abcdef")).toEqual({ ret: 6, str: "ab", overflow: false });
    expect(c.snprintf(6, "%#010x", 0x1234)).toEqual({ ret: 10, str: "0x000", overflow: false });
    expect(c.snprintf(8, "%pS", ptr(0x1004))).toEqual({ ret: 22, str: "my_func", overflow: false });
    // sizes above INT_MAX are refused
    expect(c.fn("snprintf")(c.alloc(8), 0x80000000, c.cstr("abc"), 0)).toBe(0);
  });

  it("scnprintf/vscnprintf/sprintf return what was written", () => {
    const buf = c.alloc(64);
    const call = (name: string, size: number, fmt: string, ...a: number[]) =>
      c.fn(name)(buf, size, c.cstr(fmt), c.varargs(a));
    expect(call("scnprintf", 5, "%d", 123456)).toBe(4);
    expect(c.readCStr(buf)).toBe("1234");
    expect(call("scnprintf", 0, "%d", 123456)).toBe(0);
    expect(call("scnprintf", 10, "%d", 42)).toBe(2);
    expect(call("vscnprintf", 3, "%d", 123)).toBe(2);
    expect(c.fn("harness_c_vscnprintf")(buf, 8)).toBe(7);
    expect(c.readCStr(buf)).toBe("[trunca");
    expect(c.fn("sprintf")(buf, c.cstr("%s-%03d"), c.varargs(["ab", 7]))).toBe(6);
    expect(c.readCStr(buf)).toBe("ab-007");
    expect(c.fn("vsprintf")(buf, c.cstr("%x"), c.varargs([255]))).toBe(2);
  });

  it("allocates with kasprintf/kvasprintf/kvasprintf_const", () => {
    expect(c.readCStr(c.fn("harness_c_kasprintf")())).toBe("abc-42-deadbeefcafe");
    const fmt = c.cstr("%d:%s");
    const p = c.fn("kvasprintf")(0, fmt, c.varargs([-3, "z"]));
    expect(c.readCStr(p)).toBe("-3:z");
    const constant = c.cstr("no conversions");
    const q = c.fn("kvasprintf_const")(0, constant, 0);
    expect(c.readCStr(q)).toBe("no conversions");
    const r = c.fn("kvasprintf_const")(0, c.cstr("%s"), c.varargs(["only"]));
    expect(c.readCStr(r)).toBe("only");
  });

  it("num_to_str pads and refuses small buffers", () => {
    const buf = c.alloc(32);
    c.u8.fill(0, buf, buf + 32);
    const nts = (size: number, n: bigint, width: number) => {
      c.u8.fill(0, buf, buf + 32);
      const len = c.fn("num_to_str")(buf, size, n as unknown as number, width);
      return [len, c.readCStr(buf)];
    };
    expect(nts(10, 12345n, 0)).toEqual([5, "12345"]);
    expect(nts(10, 12345n, 8)).toEqual([8, "   12345"]);
    expect(nts(4, 12345n, 0)).toEqual([0, ""]);
    expect(nts(6, 1n, 7)).toEqual([0, ""]);
    expect(nts(20, 0n, 0)).toEqual([1, "0"]);
    expect(nts(20, 18446744073709551615n, 0)).toEqual([20, "18446744073709551615"]);
  });
});

describe.skipIf(!tc)("vsscanf", () => {
  let c: Core;
  beforeAll(async () => {
    c = await loadCore(tc!);
  });
  beforeEach(() => c.reset());

  /** Runs sscanf with one result slot of @size bytes per conversion. */
  function scan(input: string, fmt: string, sizes: number[]): { n: number; slots: number[] } {
    const slots = sizes.map((s) => {
      const p = c.alloc(Math.max(s, 8));
      c.u8.fill(0xee, p, p + Math.max(s, 8));
      return p;
    });
    const n = c.fn("sscanf")(c.cstr(input), c.cstr(fmt), c.varargs(slots.map(ptr)));
    return { n, slots };
  }

  it("converts the usual integer and string forms", () => {
    const r = scan("12 abc -7", "%d %s %d", [4, 16, 4]);
    expect(r.n).toBe(3);
    expect(c.i32(r.slots[0]!)).toBe(12);
    expect(c.readCStr(r.slots[1]!)).toBe("abc");
    expect(c.i32(r.slots[2]!)).toBe(-7);
  });

  it("handles bases, prefixes and widths", () => {
    let r = scan("0x1F 0x10 010 -0x10 777", "%x %i %i %i %o", [4, 4, 4, 4, 4]);
    expect(r.n).toBe(5);
    expect(r.slots.map((s) => c.i32(s))).toEqual([31, 16, 8, -16, 511]);
    r = scan("12345", "%2d%3d", [4, 4]);
    expect(r.slots.map((s) => c.i32(s))).toEqual([12, 345]);
    r = scan("ffffffff", "%x", [4]);
    expect(c.u32(r.slots[0]!)).toBe(0xffffffff);
    r = scan("8", "%o", [4]);
    expect(r.n).toBe(0);
    r = scan("-1", "%u", [4]);
    expect(r.n).toBe(0);
  });

  it("stores through every qualifier", () => {
    const r = scan("300 70000 4294967295 -5 18446744073709551615 -9 65535 255",
      "%hhu %hu %lu %ld %llu %lld %hd %zu", [1, 2, 4, 4, 8, 8, 2, 4]);
    expect(r.n).toBe(8);
    const s = r.slots;
    expect(c.u8[s[0]!]).toBe(44);
    expect(c.u8[s[0]! + 1]).toBe(0xee); // exactly one byte written
    expect(c.view.getUint16(s[1]!, true)).toBe(4464);
    expect(c.u32(s[2]!)).toBe(4294967295);
    expect(c.i32(s[3]!)).toBe(-5);
    expect(c.u64(s[4]!)).toBe(18446744073709551615n);
    expect(c.view.getBigInt64(s[5]!, true)).toBe(-9n);
    expect(c.view.getInt16(s[6]!, true)).toBe(-1);
    expect(c.u32(s[7]!)).toBe(255);
  });

  it("supports %*, %c, %n, %[ and literal matching", () => {
    let r = scan("1 2", "%*d %d", [4]);
    expect(r.n).toBe(1);
    expect(c.i32(r.slots[0]!)).toBe(2);
    r = scan("xyzw", "%c%3c", [1, 4]);
    expect(r.n).toBe(2);
    expect(String.fromCharCode(c.u8[r.slots[0]!]!)).toBe("x");
    expect(c.readCStr(r.slots[1]!, 3)).toBe("yzw");
    r = scan("abc", "abc%n", [4]);
    expect(r.n).toBe(0);
    expect(c.i32(r.slots[0]!)).toBe(3);
    r = scan("ab:12", "%5[^:]:%d", [8, 4]);
    expect(r.n).toBe(2);
    expect(c.readCStr(r.slots[0]!)).toBe("ab");
    expect(c.i32(r.slots[1]!)).toBe(12);
    r = scan("abcd", "%5[abc]", [8]);
    expect(c.readCStr(r.slots[0]!)).toBe("abc");
    r = scan("a-z", "%3[a-]", [8]);
    expect(c.readCStr(r.slots[0]!)).toBe("a-"); // no ranges in the kernel
    expect(scan("b1", "a%d", [4]).n).toBe(0);
    expect(scan("", "%d", [4]).n).toBe(0);
    expect(scan("5%", "%d%%", [4]).n).toBe(1);
  });

  it("reads the arguments of a clang-generated variadic call", () => {
    const a = c.alloc(4), b = c.alloc(8), word = c.alloc(16), ch = c.alloc(4), consumed = c.alloc(4);
    expect(c.fn("harness_c_sscanf")(a, b, word, ch, consumed)).toBe(4);
    expect(c.i32(a)).toBe(-17);
    expect(c.u64(b)).toBe(0x1fffffffffn);
    expect(c.readCStr(word)).toBe("hello");
    expect(c.u8[ch]).toBe(200);
    expect(c.i32(consumed)).toBe(28);
  });
});
