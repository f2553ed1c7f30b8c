// kemu: kernel/time/{timekeeping,time,timer,timeconv,hrtimer}.c and kernel/sched/clock.c - the
// clock readers and time conversions modules call. Every clock derives from the virtual clock.
import type { KernelMemory } from "../mem.js";
import { HZ, NSEC_PER_SEC, TICK_NSEC, type VirtualClock } from "./clock.js";
import { timespec64, timeval, tm as tmLayout } from "../../generated/layout.js";

/*
 * The wall clock is virtual too: CLOCK_REALTIME is a fixed boot instant plus CLOCK_MONOTONIC, so
 * every run prints the same dates. Reading the host clock would break determinism.
 */

/** CLOCK_REALTIME at boot, 2026-11-22 10:00:00 UTC, in nanoseconds since the epoch. */
export const BOOT_EPOCH_NS = 1_795_341_600n * NSEC_PER_SEC;

// C types of a 32-bit kernel, for exact wrap-around.
const u32 = (x: number): number => x >>> 0;
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);

const MSEC_PER_SEC = 1000;
const USEC_PER_SEC = 1_000_000;
const USER_HZ = 100;
const LONG_MAX = 0x7fffffff;
/** MAX_JIFFY_OFFSET: ((LONG_MAX >> 1) - 1) with a 32-bit long */
export const MAX_JIFFY_OFFSET = (LONG_MAX >> 1) - 1;
const S64_MAX = (1n << 63n) - 1n;
export const KTIME_MAX = S64_MAX;
export const KTIME_SEC_MAX = KTIME_MAX / NSEC_PER_SEC;
export const TIME64_MAX = S64_MAX;

if (MSEC_PER_SEC % HZ !== 0) throw new Error("kemu: HZ must divide 1000 (csrc/include/linux/jiffies.h assumes it)");

// include/linux/jiffies.h's scaled math for timespec64_to_jiffies(), evaluated as its
// preprocessor does (SHIFT_HZ from HZ, SEC_JIFFIE_SC bumped when the top bit is free).
const SHIFT_HZ = BigInt(4 + Math.floor(Math.log2(HZ / 12))); // 12 <= HZ < 24 -> 4, 24 <= HZ < 48 -> 5 ...
const SEC_JIFFIE_SC = ((((NSEC_PER_SEC << 2n) / TICK_NSEC) << (31n - SHIFT_HZ - 2n)) & 0x80000000n) === 0n ? 32n - SHIFT_HZ : 31n - SHIFT_HZ;
const NSEC_JIFFIE_SC = SEC_JIFFIE_SC + 29n;
const SEC_CONVERSION = BigInt.asUintN(32, ((NSEC_PER_SEC << SEC_JIFFIE_SC) + TICK_NSEC - 1n) / TICK_NSEC);
const NSEC_CONVERSION = BigInt.asUintN(32, ((1n << NSEC_JIFFIE_SC) + TICK_NSEC - 1n) / TICK_NSEC);
const MAX_SEC_IN_JIFFIES = (BigInt(MAX_JIFFY_OFFSET) * TICK_NSEC) / NSEC_PER_SEC;

/** enum tk_offsets */
export const TK_OFFS_REAL = 0;
export const TK_OFFS_BOOT = 1;
export const TK_OFFS_TAI = 2;

// ---- kernel/time/timekeeping.c ----

/** The time of the last tick: what Linux's coarse clocks and tk->xtime_sec report. */
export function coarseMonoNs(clock: VirtualClock): bigint {
  return (clock.now() / TICK_NSEC) * TICK_NSEC;
}

/**
 * The offset from CLOCK_MONOTONIC to the clock `offs` names. kemu never suspends (BOOT = 0) and
 * the TAI offset stays 0 until NTP sets it, as in Linux. An out-of-range value, which would index
 * past Linux's offsets[] array, reads as 0.
 */
export function tkOffsetNs(offs: number): bigint {
  return offs === TK_OFFS_REAL || offs === TK_OFFS_TAI ? BOOT_EPOCH_NS : 0n;
}

/** ktime_get_real_ns(): CLOCK_REALTIME. */
export function realNs(clock: VirtualClock): bigint {
  return BOOT_EPOCH_NS + clock.now();
}

// ---- kernel/time/time.c ----

/** jiffies_to_msecs(): (MSEC_PER_SEC / HZ) * j in unsigned int. */
export function jiffies_to_msecs(j: number): number {
  return u32(Math.imul(MSEC_PER_SEC / HZ, j));
}

/** jiffies_to_usecs(): (USEC_PER_SEC / HZ) * j in unsigned int. */
export function jiffies_to_usecs(j: number): number {
  return u32(Math.imul(USEC_PER_SEC / HZ, j));
}

/** __msecs_to_jiffies(): negative (as int) means an infinite timeout; otherwise round up. */
export function __msecs_to_jiffies(m: number): number {
  if ((m | 0) < 0) return MAX_JIFFY_OFFSET;
  const f = MSEC_PER_SEC / HZ;
  return Math.floor(u32(m + f - 1) / f);
}

/** __usecs_to_jiffies(): too large values mean an infinite timeout; otherwise round up. */
export function __usecs_to_jiffies(u: number): number {
  const f = USEC_PER_SEC / HZ;
  if (u32(u) > jiffies_to_usecs(MAX_JIFFY_OFFSET)) return MAX_JIFFY_OFFSET;
  return Math.floor(u32(u + f - 1) / f);
}

export function nsecs_to_jiffies64(n: bigint): bigint {
  return u64(n) / TICK_NSEC;
}

/** nsecs_to_jiffies(): nsecs_to_jiffies64() cut to unsigned long. */
export function nsecs_to_jiffies(n: bigint): number {
  return Number(BigInt.asUintN(32, nsecs_to_jiffies64(n)));
}

export function jiffies64_to_nsecs(j: bigint): bigint {
  return u64(TICK_NSEC * j);
}

export function jiffies64_to_msecs(j: bigint): bigint {
  return u64(BigInt(MSEC_PER_SEC / HZ) * j);
}

/** jiffies_to_clock_t(): TICK_NSEC is no multiple of 1/USER_HZ s at HZ=250, so Linux scales through ns. */
export function jiffies_to_clock_t(x: number): number {
  return Number(BigInt.asIntN(32, (BigInt(u32(x)) * TICK_NSEC) / (NSEC_PER_SEC / BigInt(USER_HZ))));
}

/** clock_t_to_jiffies(): saturates at ~0UL like Linux's HZ % USER_HZ != 0 branch. */
export function clock_t_to_jiffies(x: number): number {
  const limit = Math.floor(0xffffffff / HZ) * USER_HZ;
  if (u32(x) >= limit) return 0xffffffff;
  return Number(BigInt.asUintN(32, (BigInt(u32(x)) * BigInt(HZ)) / BigInt(USER_HZ)));
}

export function jiffies_64_to_clock_t(x: bigint): bigint {
  return u64(u64(x) * TICK_NSEC) / (NSEC_PER_SEC / BigInt(USER_HZ));
}

/**
 * timespec64_to_jiffies() on (tv_sec, tv_nsec): Linux's fixed-point formula, which rounds a
 * partial tick up and clamps at MAX_SEC_IN_JIFFIES seconds.
 */
export function timespec64_to_jiffies(tvSec: bigint, tvNsec: number): number {
  let sec = u64(tvSec);
  let nsec = (tvNsec + Number(TICK_NSEC) - 1) | 0;
  if (sec >= MAX_SEC_IN_JIFFIES) {
    sec = MAX_SEC_IN_JIFFIES;
    nsec = 0;
  }
  const a = u64(sec * SEC_CONVERSION);
  const b = u64(u64(BigInt(nsec)) * NSEC_CONVERSION) >> (NSEC_JIFFIE_SC - SEC_JIFFIE_SC);
  return Number(BigInt.asUintN(32, u64(a + b) >> SEC_JIFFIE_SC));
}

export interface Timespec64 {
  sec: bigint;
  nsec: number;
}

export function jiffies_to_timespec64(j: number): Timespec64 {
  const ns = BigInt(u32(j)) * TICK_NSEC;
  return { sec: ns / NSEC_PER_SEC, nsec: Number(ns % NSEC_PER_SEC) };
}

/** ns_to_timespec64(): for negative values tv_sec is the earlier second, tv_nsec stays positive. */
export function ns_to_timespec64(nsec: bigint): Timespec64 {
  const n = s64(nsec);
  if (n > 0n) return { sec: n / NSEC_PER_SEC, nsec: Number(n % NSEC_PER_SEC) };
  if (n < 0n) {
    const m = -n - 1n;
    return { sec: -(m / NSEC_PER_SEC) - 1n, nsec: Number(NSEC_PER_SEC - (m % NSEC_PER_SEC) - 1n) };
  }
  return { sec: 0n, nsec: 0 };
}

/** set_normalized_timespec64(): fold nsec into [0, NSEC_PER_SEC), carrying into sec. */
export function set_normalized_timespec64(sec: bigint, nsec: bigint): Timespec64 {
  let q = nsec / NSEC_PER_SEC;
  let r = nsec % NSEC_PER_SEC;
  if (r < 0n) {
    r += NSEC_PER_SEC;
    q -= 1n;
  }
  return { sec: s64(sec + q), nsec: Number(r) };
}

/** timespec64_add_safe(): both values assumed positive; TIME64_MAX on overflow. */
export function timespec64_add_safe(lhs: Timespec64, rhs: Timespec64): Timespec64 {
  const res = set_normalized_timespec64(s64(lhs.sec + rhs.sec), BigInt((lhs.nsec + rhs.nsec) | 0));
  if (res.sec < lhs.sec || res.sec < rhs.sec) return { sec: TIME64_MAX, nsec: 0 };
  return res;
}

/**
 * mktime64(): Gauss' algorithm in Linux's unsigned int arithmetic (months rotated so that
 * February, with the leap day, comes last).
 */
export function mktime64(year0: number, mon0: number, day: number, hour: number, min: number, sec: number): bigint {
  let mon = u32(mon0 - 2);
  let year = u32(year0);
  if ((mon | 0) <= 0) {
    mon = u32(mon + 12);
    year = u32(year - 1);
  }
  const days = u32(
    Math.floor(year / 4) - Math.floor(year / 100) + Math.floor(year / 400) + Math.floor(u32(Math.imul(367, mon)) / 12) + u32(day),
  );
  const t = BigInt(days) + BigInt(u32(Math.imul(year, 365))) - 719499n;
  return s64(((t * 24n + BigInt(u32(hour))) * 60n + BigInt(u32(min))) * 60n + BigInt(u32(sec)));
}

// ---- kernel/time/timeconv.c ----

export interface Tm {
  tm_sec: number;
  tm_min: number;
  tm_hour: number;
  tm_mday: number;
  tm_mon: number;
  tm_year: number;
  tm_wday: number;
  tm_yday: number;
}

const SECS_PER_DAY = 86400n;

/** time64_to_tm(): the broken-down UTC time of totalsecs + offset seconds (proleptic Gregorian). */
export function time64_to_tm(totalsecs: bigint, offset: number): Tm {
  let days = s64(totalsecs) / SECS_PER_DAY; // div_s64_rem() truncates, as C does
  let rem = s64(totalsecs) % SECS_PER_DAY + BigInt(offset | 0);
  while (rem < 0n) {
    rem += SECS_PER_DAY;
    days--;
  }
  while (rem >= SECS_PER_DAY) {
    rem -= SECS_PER_DAY;
    days++;
  }
  const r = Number(rem);
  const d = Number(days);
  // Civil date from a day number (Hinnant's days_from_civil inverse, eras of 400 years).
  const z = d + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const mday = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mon = mp < 10 ? mp + 2 : mp - 10;
  const year = yoe + era * 400 + (mon <= 1 ? 1 : 0);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const cumdays = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  return {
    tm_sec: r % 60,
    tm_min: Math.floor(r / 60) % 60,
    tm_hour: Math.floor(r / 3600),
    tm_mday: mday,
    tm_mon: mon,
    tm_year: year - 1900,
    tm_wday: (((d + 4) % 7) + 7) % 7,
    tm_yday: cumdays[mon] + mday - 1 + (leap && mon >= 2 ? 1 : 0),
  };
}

// ---- kernel/time/timer.c ----

/**
 * round_jiffies_common(): round j to a whole second so that timers of many users fire together;
 * round down when just past a second (unless forced up), and keep j if the result is not in
 * the future. `cpu` skews by 3 jiffies per CPU as Linux does (kemu's only CPU is 0).
 */
export function round_jiffies_common(j: number, cpu: number, forceUp: boolean, now: number): number {
  const original = u32(j);
  let x = u32(j + Math.imul(cpu, 3));
  const rem = x % HZ;
  x = rem < HZ / 4 && !forceUp ? u32(x - rem) : u32(x - rem + HZ);
  x = u32(x - Math.imul(cpu, 3));
  // time_is_after_jiffies(x): (long)(jiffies - x) < 0
  return ((u32(now) - x) | 0) < 0 ? x : original;
}

// ---- kernel/time/hrtimer.c ----

/** ktime_add_safe(): lhs + rhs, or ktime_set(KTIME_SEC_MAX, 0) (which is KTIME_MAX) on overflow. */
export function ktime_add_safe(lhs: bigint, rhs: bigint): bigint {
  const res = s64(lhs + rhs);
  if (res < 0n || res < lhs || res < rhs) return KTIME_MAX;
  return res;
}

// ---- struct layouts: from the C headers (ts/generated/layout.ts) ----

export function readTimespec64(mem: KernelMemory, addr: number): Timespec64 {
  return { sec: BigInt.asIntN(64, mem.readU64(addr + timespec64.tv_sec)), nsec: mem.readI32(addr + timespec64.tv_nsec) };
}

export function writeTimespec64(mem: KernelMemory, addr: number, ts: Timespec64): void {
  // Whole struct first: the padding stays zero, so a memcmp of two results compares equal.
  mem.u8().fill(0, addr, addr + timespec64.SIZE);
  mem.writeU64(addr + timespec64.tv_sec, ts.sec);
  mem.writeI32(addr + timespec64.tv_nsec, ts.nsec);
}

/** Store a struct timeval or struct timespec (two 32-bit longs): tv_sec is cut to 32 bits. */
export function writeLongPair(mem: KernelMemory, addr: number, sec: bigint, sub: number): void {
  mem.writeI32(addr + timeval.tv_sec, Number(BigInt.asIntN(32, sec)));
  mem.writeI32(addr + timeval.tv_usec, sub);
}

export function writeTm(mem: KernelMemory, addr: number, tm: Tm): void {
  for (const f of ["tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon", "tm_year", "tm_wday", "tm_yday"] as const) {
    mem.writeI32(addr + tmLayout[f], tm[f]);
  }
}
