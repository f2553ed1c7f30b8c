// kemu: the EXPORT_SYMBOLs of kernel/time/ (timekeeping, conversions, round_jiffies) and
// kernel/sched/clock.c, implemented in TS over the virtual clock (./timekeeping.ts).
// jiffies and jiffies_64 themselves are C data, registered in ../params_exports.ts.
import type { Kernel } from "../kernel.js";
import { exportsOf } from "../ksyms.js";
import {
  BOOT_EPOCH_NS, coarseMonoNs, realNs, tkOffsetNs,
  jiffies_to_msecs, jiffies_to_usecs, __msecs_to_jiffies, __usecs_to_jiffies, nsecs_to_jiffies64, nsecs_to_jiffies,
  jiffies64_to_nsecs, jiffies64_to_msecs, jiffies_to_clock_t, clock_t_to_jiffies, jiffies_64_to_clock_t,
  timespec64_to_jiffies, jiffies_to_timespec64, ns_to_timespec64, set_normalized_timespec64, timespec64_add_safe,
  mktime64, time64_to_tm, round_jiffies_common, ktime_add_safe,
  readTimespec64, writeTimespec64, writeLongPair, writeTm,
} from "./timekeeping.js";
import { NSEC_PER_SEC } from "./clock.js";

/** the current jiffies (the low word of jiffies_64), as module code reads it */
const jiffiesNow = (k: Kernel): number => Number(BigInt.asUintN(32, k.clock.jiffies64()));

/** a writer of a timespec64 at a C pointer from a nanosecond clock reading */
const tsWriter = (k: Kernel, read: () => bigint) => (ts: number) => writeTimespec64(k.mem, ts, ns_to_timespec64(read()));

const REMOVED_4_20 = "Linux 4.x API (removed in 4.20/5.0); kept for old modules";

export const TIMEKEEPING_EXPORTS = [
  ...exportsOf("kernel/time/timekeeping.c", {
    ktime_get: ["ktime_t ktime_get(void)", (k) => () => k.clock.now(), { gpl: true, note: "virtual nanoseconds since boot" }],
    ktime_get_with_offset: ["ktime_t ktime_get_with_offset(enum tk_offsets offs)",
      (k) => (offs: number) => k.clock.now() + tkOffsetNs(offs), { gpl: true, note: "REALTIME = 2026-11-22 10:00:00 UTC at boot + monotonic; BOOT = monotonic; TAI = REALTIME" }],
    ktime_get_coarse_with_offset: ["ktime_t ktime_get_coarse_with_offset(enum tk_offsets offs)",
      (k) => (offs: number) => coarseMonoNs(k.clock) + tkOffsetNs(offs), { gpl: true }],
    ktime_mono_to_any: ["ktime_t ktime_mono_to_any(ktime_t tmono, enum tk_offsets offs)",
      () => (tmono: bigint, offs: number) => BigInt.asIntN(64, tmono + tkOffsetNs(offs)), { gpl: true }],
    ktime_get_raw: ["ktime_t ktime_get_raw(void)", (k) => () => k.clock.now(), { gpl: true }],
    ktime_get_resolution_ns: ["u32 ktime_get_resolution_ns(void)", () => () => 1, { gpl: true, note: "the virtual clocksource counts single nanoseconds" }],
    ktime_get_ts64: ["void ktime_get_ts64(struct timespec64 *ts)", (k) => tsWriter(k, () => k.clock.now()), { gpl: true }],
    ktime_get_raw_ts64: ["void ktime_get_raw_ts64(struct timespec64 *ts)", (k) => tsWriter(k, () => k.clock.now()), { gpl: true }],
    ktime_get_real_ts64: ["void ktime_get_real_ts64(struct timespec64 *tv)", (k) => tsWriter(k, () => realNs(k.clock))],
    ktime_get_coarse_ts64: ["void ktime_get_coarse_ts64(struct timespec64 *ts)", (k) => tsWriter(k, () => coarseMonoNs(k.clock))],
    ktime_get_coarse_real_ts64: ["void ktime_get_coarse_real_ts64(struct timespec64 *ts)",
      (k) => tsWriter(k, () => BOOT_EPOCH_NS + coarseMonoNs(k.clock))],
    getboottime64: ["void getboottime64(struct timespec64 *ts)", (k) => tsWriter(k, () => BOOT_EPOCH_NS), { gpl: true }],
    ktime_get_seconds: ["time64_t ktime_get_seconds(void)", (k) => () => coarseMonoNs(k.clock) / NSEC_PER_SEC, { gpl: true }],
    ktime_get_real_seconds: ["time64_t ktime_get_real_seconds(void)",
      (k) => () => (BOOT_EPOCH_NS + coarseMonoNs(k.clock)) / NSEC_PER_SEC, { gpl: true }],
    ktime_get_mono_fast_ns: ["u64 ktime_get_mono_fast_ns(void)", (k) => () => k.clock.now(), { gpl: true }],
    ktime_get_raw_fast_ns: ["u64 ktime_get_raw_fast_ns(void)", (k) => () => k.clock.now(), { gpl: true }],
    ktime_get_boot_fast_ns: ["u64 ktime_get_boot_fast_ns(void)", (k) => () => k.clock.now(), { gpl: true }],
    ktime_get_real_fast_ns: ["u64 ktime_get_real_fast_ns(void)", (k) => () => realNs(k.clock), { gpl: true }],
    ktime_get_tai_fast_ns: ["u64 ktime_get_tai_fast_ns(void)", (k) => () => realNs(k.clock), { gpl: true }],
    do_gettimeofday: ["void do_gettimeofday(struct timeval *tv)", (k) => (tv: number) => {
      const ts = ns_to_timespec64(realNs(k.clock));
      writeLongPair(k.mem, tv, ts.sec, Math.trunc(ts.nsec / 1000));
    }, { note: REMOVED_4_20 }],
    getnstimeofday64: ["void getnstimeofday64(struct timespec64 *ts)", (k) => tsWriter(k, () => realNs(k.clock)), { note: REMOVED_4_20 }],
    getrawmonotonic64: ["void getrawmonotonic64(struct timespec64 *ts)", (k) => tsWriter(k, () => k.clock.now()), { note: REMOVED_4_20 }],
    get_seconds: ["unsigned long get_seconds(void)",
      (k) => () => Number(BigInt.asUintN(32, (BOOT_EPOCH_NS + coarseMonoNs(k.clock)) / NSEC_PER_SEC)), { note: REMOVED_4_20 }],
    current_kernel_time64: ["struct timespec64 current_kernel_time64(void)",
      (k) => (ret: number) => writeTimespec64(k.mem, ret, ns_to_timespec64(BOOT_EPOCH_NS + coarseMonoNs(k.clock))), { note: REMOVED_4_20 }],
    get_monotonic_coarse64: ["struct timespec64 get_monotonic_coarse64(void)",
      (k) => (ret: number) => writeTimespec64(k.mem, ret, ns_to_timespec64(coarseMonoNs(k.clock))), { note: REMOVED_4_20 }],
  }),
  ...exportsOf("kernel/time/time.c", {
    jiffies_to_msecs: ["unsigned int jiffies_to_msecs(const unsigned long j)", () => jiffies_to_msecs],
    jiffies_to_usecs: ["unsigned int jiffies_to_usecs(const unsigned long j)", () => jiffies_to_usecs],
    __msecs_to_jiffies: ["unsigned long __msecs_to_jiffies(const unsigned int m)", () => __msecs_to_jiffies],
    __usecs_to_jiffies: ["unsigned long __usecs_to_jiffies(const unsigned int u)", () => __usecs_to_jiffies],
    nsecs_to_jiffies64: ["u64 nsecs_to_jiffies64(u64 n)", () => nsecs_to_jiffies64],
    nsecs_to_jiffies: ["unsigned long nsecs_to_jiffies(u64 n)", () => nsecs_to_jiffies, { gpl: true }],
    jiffies64_to_nsecs: ["u64 jiffies64_to_nsecs(u64 j)", () => jiffies64_to_nsecs],
    jiffies64_to_msecs: ["u64 jiffies64_to_msecs(u64 j)", () => jiffies64_to_msecs],
    jiffies_to_clock_t: ["clock_t jiffies_to_clock_t(unsigned long x)", () => jiffies_to_clock_t],
    clock_t_to_jiffies: ["unsigned long clock_t_to_jiffies(unsigned long x)", () => clock_t_to_jiffies],
    jiffies_64_to_clock_t: ["u64 jiffies_64_to_clock_t(u64 x)", () => jiffies_64_to_clock_t],
    timespec64_to_jiffies: ["unsigned long timespec64_to_jiffies(const struct timespec64 *value)", (k) => (value: number) => {
      const ts = readTimespec64(k.mem, value);
      return timespec64_to_jiffies(ts.sec, ts.nsec);
    }],
    jiffies_to_timespec64: ["void jiffies_to_timespec64(const unsigned long jiffies, struct timespec64 *value)",
      (k) => (j: number, value: number) => writeTimespec64(k.mem, value, jiffies_to_timespec64(j))],
    ns_to_timespec64: ["struct timespec64 ns_to_timespec64(s64 nsec)",
      (k) => (ret: number, nsec: bigint) => writeTimespec64(k.mem, ret, ns_to_timespec64(nsec))],
    ns_to_kernel_old_timeval: ["struct __kernel_old_timeval ns_to_kernel_old_timeval(s64 nsec)", (k) => (ret: number, nsec: bigint) => {
      const ts = ns_to_timespec64(nsec);
      writeLongPair(k.mem, ret, ts.sec, Math.trunc(ts.nsec / 1000));
    }],
    set_normalized_timespec64: ["void set_normalized_timespec64(struct timespec64 *ts, time64_t sec, s64 nsec)",
      (k) => (ts: number, sec: bigint, nsec: bigint) => writeTimespec64(k.mem, ts, set_normalized_timespec64(sec, nsec))],
    timespec64_add_safe: ["struct timespec64 timespec64_add_safe(const struct timespec64 lhs, const struct timespec64 rhs)",
      (k) => (ret: number, lhs: number, rhs: number) =>
        writeTimespec64(k.mem, ret, timespec64_add_safe(readTimespec64(k.mem, lhs), readTimespec64(k.mem, rhs)))],
    mktime64: ["time64_t mktime64(const unsigned int year, const unsigned int mon, const unsigned int day, const unsigned int hour, const unsigned int min, const unsigned int sec)",
      () => mktime64],
  }),
  ...exportsOf("kernel/time/timeconv.c", {
    time64_to_tm: ["void time64_to_tm(time64_t totalsecs, int offset, struct tm *result)",
      (k) => (totalsecs: bigint, offset: number, result: number) => writeTm(k.mem, result, time64_to_tm(totalsecs, offset))],
  }),
  ...exportsOf("kernel/time/timer.c", {
    __round_jiffies: ["unsigned long __round_jiffies(unsigned long j, int cpu)",
      (k) => (j: number, cpu: number) => round_jiffies_common(j, cpu, false, jiffiesNow(k)), { gpl: true }],
    __round_jiffies_relative: ["unsigned long __round_jiffies_relative(unsigned long j, int cpu)", (k) => (j: number, cpu: number) => {
      const j0 = jiffiesNow(k);
      return (round_jiffies_common(j + j0, cpu, false, j0) - j0) >>> 0;
    }, { gpl: true }],
    round_jiffies: ["unsigned long round_jiffies(unsigned long j)",
      (k) => (j: number) => round_jiffies_common(j, 0, false, jiffiesNow(k)), { gpl: true }],
    round_jiffies_relative: ["unsigned long round_jiffies_relative(unsigned long j)", (k) => (j: number) => {
      const j0 = jiffiesNow(k);
      return (round_jiffies_common(j + j0, 0, false, j0) - j0) >>> 0;
    }, { gpl: true }],
    __round_jiffies_up: ["unsigned long __round_jiffies_up(unsigned long j, int cpu)",
      (k) => (j: number, cpu: number) => round_jiffies_common(j, cpu, true, jiffiesNow(k)), { gpl: true }],
    __round_jiffies_up_relative: ["unsigned long __round_jiffies_up_relative(unsigned long j, int cpu)", (k) => (j: number, cpu: number) => {
      const j0 = jiffiesNow(k);
      return (round_jiffies_common(j + j0, cpu, true, j0) - j0) >>> 0;
    }, { gpl: true }],
    round_jiffies_up: ["unsigned long round_jiffies_up(unsigned long j)",
      (k) => (j: number) => round_jiffies_common(j, 0, true, jiffiesNow(k)), { gpl: true }],
    round_jiffies_up_relative: ["unsigned long round_jiffies_up_relative(unsigned long j)", (k) => (j: number) => {
      const j0 = jiffiesNow(k);
      return (round_jiffies_common(j + j0, 0, true, j0) - j0) >>> 0;
    }, { gpl: true }],
  }),
  ...exportsOf("kernel/time/hrtimer.c", {
    ktime_add_safe: ["ktime_t ktime_add_safe(const ktime_t lhs, const ktime_t rhs)", () => ktime_add_safe, { gpl: true }],
  }),
  ...exportsOf("kernel/sched/clock.c", {
    sched_clock: ["unsigned long long sched_clock(void)", (k) => () => k.clock.now(), { gpl: true, note: "virtual nanoseconds since boot" }],
    local_clock: ["u64 local_clock(void)", (k) => () => k.clock.now(), { gpl: true, note: "virtual nanoseconds since boot" }],
  }),
  ...exportsOf("arch/x86/include/asm/tsc.h", {
    kemu_get_cycles: ["cycles_t kemu_get_cycles(void)", (k) => () => k.clock.now(),
      { status: "internal", note: "get_cycles() (x86 rdtsc): a 1 GHz counter of virtual nanoseconds" }],
  }),
];
