// Unit tests: ts/kernel/time/timekeeping.ts against Linux's formulas, JS's own calendar, and the
// wasm calling convention of every C prototype in the export table.
import { describe, it, expect, vi, afterEach } from "vitest";
import { VirtualClock, INITIAL_JIFFIES } from "../../../ts/kernel/time/clock.js";
import { KernelMemory } from "../../../ts/kernel/mem.js";
import { TIMEKEEPING_EXPORTS } from "../../../ts/kernel/time/exports.js";
import type { Kernel } from "../../../ts/kernel/kernel.js";
import {
  BOOT_EPOCH_NS, MAX_JIFFY_OFFSET, KTIME_MAX, TK_OFFS_REAL, TK_OFFS_BOOT, TK_OFFS_TAI,
  coarseMonoNs, tkOffsetNs, realNs, jiffies_to_msecs, jiffies_to_usecs, __msecs_to_jiffies, __usecs_to_jiffies,
  nsecs_to_jiffies, nsecs_to_jiffies64, jiffies64_to_nsecs, jiffies_to_clock_t, clock_t_to_jiffies,
  timespec64_to_jiffies, jiffies_to_timespec64, ns_to_timespec64, set_normalized_timespec64, timespec64_add_safe,
  mktime64, time64_to_tm, round_jiffies_common, ktime_add_safe, readTimespec64, writeTimespec64,
} from "../../../ts/kernel/time/timekeeping.js";

/** A deterministic sample of values (xorshift), so failures reproduce. */
function* sample(n: number, seed = 0x9e3779b9): Generator<number> {
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    yield x;
  }
}

describe("constants", () => {
  it("boots the wall clock at 2026-11-22 10:00:00 UTC", () => {
    expect(BOOT_EPOCH_NS).toBe(BigInt(Date.UTC(2026, 10, 22, 10, 0, 0)) * 1_000_000n);
    expect(MAX_JIFFY_OFFSET).toBe(0x3ffffffe);
  });
});

describe("jiffies conversions (HZ=250, 32-bit unsigned long)", () => {
  it("msecs/usecs to jiffies round up and saturate like __msecs_to_jiffies", () => {
    expect([0, 1, 4, 5, 10, 1000, 1001].map(__msecs_to_jiffies)).toEqual([0, 1, 1, 2, 3, 250, 251]);
    // wasm passes unsigned int as a signed i32
    expect(__msecs_to_jiffies(0x80000000 | 0)).toBe(MAX_JIFFY_OFFSET);
    expect(__msecs_to_jiffies(-1)).toBe(MAX_JIFFY_OFFSET);
    expect(__msecs_to_jiffies(0x7fffffff)).toBe(536870912);
    expect([1, 4000, 4001].map(__usecs_to_jiffies)).toEqual([1, 1, 2]);
    expect(__usecs_to_jiffies(4294959296 | 0)).toBe(1073740);
    expect(__usecs_to_jiffies(4294959297 | 0)).toBe(MAX_JIFFY_OFFSET);
  });

  it("jiffies to msecs/usecs wrap at 32 bits", () => {
    expect(jiffies_to_msecs(1)).toBe(4);
    expect(jiffies_to_msecs(-1)).toBe(4294967292);
    expect(jiffies_to_usecs(MAX_JIFFY_OFFSET)).toBe(4294959296);
    for (const j of sample(200)) {
      expect(jiffies_to_msecs(j | 0)).toBe(Number((BigInt(j) * 4n) % (1n << 32n)));
      expect(__msecs_to_jiffies(jiffies_to_msecs(j & 0x1fffffff))).toBe(j & 0x1fffffff);
    }
  });

  it("nsecs, clock_t and timespec64 conversions", () => {
    expect(nsecs_to_jiffies64(-1n)).toBe(((1n << 64n) - 1n) / 4_000_000n); // u64 argument
    expect(nsecs_to_jiffies(4_000_000n * 0x1_0000_0001n)).toBe(1); // cut to unsigned long
    expect(jiffies64_to_nsecs(3n)).toBe(12_000_000n);
    expect([jiffies_to_clock_t(250), jiffies_to_clock_t(-1)]).toEqual([100, 1717986918]);
    expect([clock_t_to_jiffies(100), clock_t_to_jiffies(1717986900), clock_t_to_jiffies(1717986899)]).toEqual([250, 0xffffffff, 4294967247]);
    expect(timespec64_to_jiffies(1n, 0)).toBe(250);
    expect(timespec64_to_jiffies(0n, 1)).toBe(1);
    expect(timespec64_to_jiffies(0n, 4_000_000)).toBe(1);
    expect(timespec64_to_jiffies(0n, 4_000_001)).toBe(2);
    expect(timespec64_to_jiffies(-1n, 0)).toBe(1073741750); // (u64)-1 clamps to MAX_SEC_IN_JIFFIES
    expect(jiffies_to_timespec64(-1)).toEqual({ sec: 17179869n, nsec: 180000000 });
  });

  it("round_jiffies rounds to whole seconds around the current jiffies", () => {
    const now = Number(INITIAL_JIFFIES); // 46 past a whole second
    expect(round_jiffies_common(now + 10, 0, false, now)).toBe(now + 10);
    expect(round_jiffies_common(now + 100, 0, false, now)).toBe(now + 204);
    expect(round_jiffies_common(now + 10, 0, true, now)).toBe(now + 204);
    expect(round_jiffies_common(now + 100, 1, false, now)).toBe(now + 201);
    expect(round_jiffies_common(now + 100, 0, false, now + 300)).toBe(now + 100); // already past
    expect(round_jiffies_common(0xffffffff, 0, false, 0xfffffff0)).toBe(0xffffffff); // rounds down into the past: kept
    expect(round_jiffies_common(0xfffffff0 + 200, 0, false, 0xfffffff0)).toBe(250); // rounds up across the wrap
  });
});

describe("timespec64 and ktime", () => {
  it("ns_to_timespec64 keeps tv_nsec positive, down to S64_MIN", () => {
    expect(ns_to_timespec64(-1n)).toEqual({ sec: -1n, nsec: 999999999 });
    expect(ns_to_timespec64(-1_000_000_000n)).toEqual({ sec: -1n, nsec: 0 });
    expect(ns_to_timespec64(-(1n << 63n))).toEqual({ sec: -9223372037n, nsec: 145224192 });
    expect(ns_to_timespec64((1n << 63n) - 1n)).toEqual({ sec: 9223372036n, nsec: 854775807 });
    expect(ns_to_timespec64(1n << 63n)).toEqual(ns_to_timespec64(-(1n << 63n))); // s64 argument
  });

  it("set_normalized_timespec64 matches Linux's loops", () => {
    const loops = (sec: bigint, nsec: bigint) => {
      while (nsec >= 1_000_000_000n) { nsec -= 1_000_000_000n; ++sec; }
      while (nsec < 0n) { nsec += 1_000_000_000n; --sec; }
      return { sec, nsec: Number(nsec) };
    };
    for (const x of sample(300)) {
      const nsec = BigInt((x | 0) * 3);
      expect(set_normalized_timespec64(7n, nsec)).toEqual(loops(7n, nsec));
    }
    expect(set_normalized_timespec64(10n, -2_500_000_000n)).toEqual({ sec: 7n, nsec: 500000000 });
  });

  it("the _safe adders saturate", () => {
    expect(ktime_add_safe(KTIME_MAX, 1n)).toBe(KTIME_MAX);
    expect(ktime_add_safe(-5n, 2n)).toBe(KTIME_MAX); // negative results count as overflow too
    expect(ktime_add_safe(1n, 2n)).toBe(3n);
    expect(timespec64_add_safe({ sec: KTIME_MAX, nsec: 0 }, { sec: 1n, nsec: 0 })).toEqual({ sec: KTIME_MAX, nsec: 0 });
    expect(timespec64_add_safe({ sec: 1n, nsec: 600000000 }, { sec: 2n, nsec: 600000000 })).toEqual({ sec: 4n, nsec: 200000000 });
  });

  it("reads and writes struct timespec64 at wasm32 offsets", () => {
    const mem = new KernelMemory(new WebAssembly.Memory({ initial: 1 }));
    mem.fill(64, 0xff, 16);
    writeTimespec64(mem, 64, { sec: -2n, nsec: 5 });
    expect(readTimespec64(mem, 64)).toEqual({ sec: -2n, nsec: 5 });
    expect([...mem.readBytes(64, 16)]).toEqual([0xfe, ...Array(7).fill(0xff), 5, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("calendar", () => {
  it("time64_to_tm agrees with JS Date over ±100000 years", () => {
    for (const x of sample(2000)) {
      const t = BigInt(Math.round(((x / 0xffffffff) * 2 - 1) * 3.1e12));
      const tm = time64_to_tm(t, 0);
      const d = new Date(Number(t) * 1000);
      expect(tm).toEqual({
        tm_sec: d.getUTCSeconds(), tm_min: d.getUTCMinutes(), tm_hour: d.getUTCHours(), tm_mday: d.getUTCDate(),
        tm_mon: d.getUTCMonth(), tm_year: d.getUTCFullYear() - 1900, tm_wday: d.getUTCDay(),
        tm_yday: Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000),
      });
    }
  });

  it("time64_to_tm applies the offset across day boundaries", () => {
    expect(time64_to_tm(0n, -1)).toMatchObject({ tm_year: 69, tm_mon: 11, tm_mday: 31, tm_hour: 23, tm_min: 59, tm_sec: 59, tm_wday: 3, tm_yday: 364 });
    expect(time64_to_tm(86399n, 1)).toMatchObject({ tm_year: 70, tm_mday: 2, tm_hour: 0, tm_wday: 5, tm_yday: 1 });
    expect(time64_to_tm(-86400n * 365n, 0)).toMatchObject({ tm_year: 69, tm_mon: 0, tm_mday: 1, tm_yday: 0 });
  });

  it("mktime64 inverts time64_to_tm and normalizes like Linux", () => {
    for (const x of sample(1000, 12345)) {
      const t = BigInt(Math.floor((x / 0xffffffff) * 2.5e11)) - 62_000_000_000n; // years 5..9900
      const tm = time64_to_tm(t, 0);
      expect(mktime64(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)).toBe(t);
    }
    expect(mktime64(2026, 11, 22, 10, 0, 0)).toBe(BOOT_EPOCH_NS / 1_000_000_000n);
    expect(mktime64(2000, 2, 29, 23, 59, 60)).toBe(951868800n); // leap second rolls over
    expect(mktime64(2000, 1, 0, 24, 0, 0)).toBe(946684800n); // day 0 + 24 h
  });
});

describe("clocks", () => {
  it("coarse clocks stop at the last tick; REALTIME and TAI add the boot epoch", () => {
    const c = new VirtualClock();
    c.advance(9_999_999n);
    expect(coarseMonoNs(c)).toBe(8_000_000n);
    expect(realNs(c)).toBe(BOOT_EPOCH_NS + 9_999_999n);
    expect([TK_OFFS_REAL, TK_OFFS_BOOT, TK_OFFS_TAI, 7].map(tkOffsetNs)).toEqual([BOOT_EPOCH_NS, 0n, BOOT_EPOCH_NS, 0n]);
  });
});

describe("export table", () => {
  afterEach(() => vi.restoreAllMocks());

  /** The JS values wasm passes for a C prototype's parameters, with the sret pointer first. */
  function wasmCall(sig: string, ptr: number): { args: unknown[]; ret: "void" | "i32" | "i64" } {
    const open = sig.indexOf("(");
    const head = sig.slice(0, open);
    const name = head.match(/(\w+)\s*$/)![1];
    const retType = head.slice(0, head.lastIndexOf(name)).trim();
    const params = sig.slice(open + 1, sig.lastIndexOf(")")).split(",").map((p) => p.trim()).filter((p) => p && p !== "void");
    const is64 = (t: string) => /\b(u64|s64|ktime_t|time64_t|cycles_t|long long)\b/.test(t) && !t.includes("*");
    const byMemory = (t: string) => /^(const )?struct /.test(t) && !t.includes("*");
    const args: unknown[] = [];
    let p = ptr;
    if (byMemory(retType)) args.push((p += 64));
    for (const t of params) args.push(t.includes("*") || byMemory(t) ? (p += 64) : is64(t) ? 5n : 5);
    const ret = byMemory(retType) || retType === "void" ? "void" : is64(retType) ? "i64" : "i32";
    return { args, ret };
  }

  it("every TS export returns the JS type its C prototype needs, and none reads the host clock", () => {
    const clock = new VirtualClock();
    clock.advance(123_456_789n);
    const k = { clock, mem: new KernelMemory(new WebAssembly.Memory({ initial: 1 })) } as unknown as Kernel;
    const spies = [vi.spyOn(Date, "now"), vi.spyOn(performance, "now"), vi.spyOn(process, "hrtime")];
    for (const e of TIMEKEEPING_EXPORTS) {
      expect(e.impl).not.toBe("c");
      const fn = (e.impl as (k: Kernel) => (...a: unknown[]) => unknown)(k);
      const { args, ret } = wasmCall(e.sig, 1024);
      const r = fn(...args);
      const got = r === undefined ? "void" : typeof r === "bigint" ? "i64" : typeof r === "number" ? "i32" : typeof r;
      expect(`${e.name}: ${got}`).toBe(`${e.name}: ${ret}`);
    }
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });
});
