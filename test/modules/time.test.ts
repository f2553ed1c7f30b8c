// Module tests: jiffies, ktime and the wall clock seen from C, with Linux 6.1's values for HZ=250
// and the fixed virtual boot time (2026-11-22 10:00:00 UTC).
import { describe, it, expect } from "vitest";
import { bootKernel, buildC, lines, moduleLines } from "../helpers/kemu.js";

/** Let virtual time pass without running anything (no timers are pending in these tests). */
const advance = (sys: Awaited<ReturnType<typeof bootKernel>>, ns: bigint) => sys.kernel.clock.advance(ns);

const HEAD = `
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/time.h>
MODULE_LICENSE("GPL");
/* Values the compiler cannot see through, to take the out-of-line (runtime) paths. */
static volatile unsigned int opaque_u;
#define RT(x) (opaque_u = (x), opaque_u)
`;

const JIFFIES = `${HEAD}
#define MS(x) pr_info("msecs_to_jiffies(%u) = %lu %lu\\n", (unsigned int)(x), msecs_to_jiffies(x), msecs_to_jiffies(RT(x)))
#define US(x) pr_info("usecs_to_jiffies(%u) = %lu %lu\\n", (unsigned int)(x), usecs_to_jiffies(x), usecs_to_jiffies(RT(x)))

/* timespec64_to_jiffies() as Linux computes it, from the header's constants. */
static unsigned long ref_ts_to_jiffies(u64 sec, long nsec)
{
	nsec = nsec + TICK_NSEC - 1;
	if (sec >= MAX_SEC_IN_JIFFIES) {
		sec = MAX_SEC_IN_JIFFIES;
		nsec = 0;
	}
	return ((sec * SEC_CONVERSION) + (((u64)nsec * NSEC_CONVERSION) >> (NSEC_JIFFIE_SC - SEC_JIFFIE_SC))) >> SEC_JIFFIE_SC;
}

static int __init t_init(void)
{
	unsigned long a, b, j = jiffies;
	unsigned int i, bad = 0, n = 0;
	u64 x = 12345;
	struct timespec64 ts;

	pr_info("HZ=%d TICK_NSEC=%lu TICK_USEC=%lu MAX_JIFFY_OFFSET=%lu INITIAL_JIFFIES=%lu\\n",
		HZ, TICK_NSEC, TICK_USEC, MAX_JIFFY_OFFSET, INITIAL_JIFFIES);
	pr_info("SEC_JIFFIE_SC=%d SEC_CONVERSION=%lu NSEC_CONVERSION=%lu MAX_SEC_IN_JIFFIES=%ld\\n",
		SEC_JIFFIE_SC, SEC_CONVERSION, NSEC_CONVERSION, MAX_SEC_IN_JIFFIES);
	pr_info("jiffies=%lu jiffies_64=%llu get_jiffies_64=%llu\\n", jiffies, jiffies_64, get_jiffies_64());
	MS(0); MS(1); MS(3); MS(4); MS(5); MS(10); MS(100); MS(999); MS(1000); MS(1001);
	MS(0x7fffffff); MS(0x80000000); MS(0xffffffff);
	US(1); US(4000); US(4001); US(1000000); US(4294959296u); US(4294959297u);
	pr_info("jiffies_to_msecs: %u %u %u %u\\n", jiffies_to_msecs(1), jiffies_to_msecs(250), jiffies_to_msecs(MAX_JIFFY_OFFSET), jiffies_to_msecs(0xffffffff));
	pr_info("jiffies_to_usecs: %u %u %u\\n", jiffies_to_usecs(1), jiffies_to_usecs(250), jiffies_to_usecs(MAX_JIFFY_OFFSET));
	pr_info("jiffies_to_nsecs(3)=%llu jiffies64_to_nsecs(%llu)=%llu jiffies64_to_msecs=%llu\\n",
		jiffies_to_nsecs(3), x, jiffies64_to_nsecs(x), jiffies64_to_msecs(x));
	pr_info("nsecs_to_jiffies: %lu %lu %lu nsecs_to_jiffies64: %llu\\n", nsecs_to_jiffies(3999999), nsecs_to_jiffies(4000000),
		nsecs_to_jiffies(1000000000000000ULL), nsecs_to_jiffies64(1000000000000000ULL));
	pr_info("clock_t: %ld %ld %lu %lu %llu\\n", jiffies_to_clock_t(250), jiffies_to_clock_t(3), clock_t_to_jiffies(100),
		clock_t_to_jiffies(2000000000), jiffies_64_to_clock_t(2500));
	jiffies_to_timespec64(251, &ts);
	pr_info("jiffies_to_timespec64(251) = %lld.%09ld\\n", ts.tv_sec, ts.tv_nsec);

	/* wrap-safe comparisons, including across the 32-bit wrap INITIAL_JIFFIES is placed before */
	a = 0xfffffff0UL; b = 0x10UL;
	pr_info("time_after(b,a)=%d time_before(a,b)=%d time_after_eq(a,a)=%d time_before(b,a)=%d\\n",
		time_after(b, a), time_before(a, b), time_after_eq(a, a), time_before(b, a));
	pr_info("time_in_range=%d %d time_in_range_open=%d\\n", time_in_range(0UL, a, b), time_in_range(0x20UL, a, b),
		time_in_range_open(b, a, b));
	pr_info("time_after64=%d time_before_eq64=%d time_in_range64=%d\\n", time_after64(x + 1, x), time_before_eq64(x, x),
		time_in_range64(x, x - 1, x + 1));
	pr_info("time_is_before_jiffies(j-1)=%d time_is_after_jiffies(j+1)=%d time_is_after_jiffies(j)=%d time_is_before_eq_jiffies(j)=%d\\n",
		time_is_before_jiffies(j - 1), time_is_after_jiffies(j + 1), time_is_after_jiffies(j), time_is_before_eq_jiffies(j));
	pr_info("time_after32=%d\\n", time_after32(5u, 0xfffffffbu));

	pr_info("round_jiffies: %lu %lu %lu\\n", round_jiffies(j + 10) - j, round_jiffies(j + 100) - j, round_jiffies_up(j + 10) - j);
	pr_info("round_jiffies_relative: %lu %lu %lu %lu\\n", round_jiffies_relative(10), round_jiffies_relative(100),
		round_jiffies_up_relative(10), __round_jiffies_relative(100, 1));

	/* the TS conversions against the same formulas compiled from the header */
	for (i = 0; i < 3000000; i += 977) {
		n++;
		if (msecs_to_jiffies(RT(i)) != _msecs_to_jiffies(i)) bad++;
		if (usecs_to_jiffies(RT(i * 1000u)) != _usecs_to_jiffies(i * 1000u)) bad++;
		if (jiffies_to_msecs(RT(i)) != (unsigned int)(4 * i)) bad++;
		ts.tv_sec = i / 7; ts.tv_nsec = (i * 337u) % NSEC_PER_SEC;
		if (timespec64_to_jiffies(&ts) != ref_ts_to_jiffies(ts.tv_sec, ts.tv_nsec)) bad++;
	}
	ts.tv_sec = 1; ts.tv_nsec = 0;
	pr_info("timespec64_to_jiffies: %lu", timespec64_to_jiffies(&ts));
	ts.tv_sec = 0; ts.tv_nsec = 1;
	pr_cont(" %lu", timespec64_to_jiffies(&ts));
	ts.tv_sec = 5000000; ts.tv_nsec = 0;
	pr_cont(" %lu\\n", timespec64_to_jiffies(&ts));
	pr_info("cross-check: %u values, %u mismatches\\n", n, bad);
	return 0;
}
static void __exit t_exit(void) { }
module_init(t_init);
module_exit(t_exit);
`;

const CLOCKS = `${HEAD}
static void show(const char *when)
{
	struct timespec64 ts, cts, rts, crts, bts, bt;
	struct timeval tv;
	struct timespec old;
	struct tm tm;

	ktime_get_ts64(&ts);
	ktime_get_coarse_ts64(&cts);
	ktime_get_real_ts64(&rts);
	ktime_get_coarse_real_ts64(&crts);
	ktime_get_boottime_ts64(&bts);
	getboottime64(&bt);
	do_gettimeofday(&tv);
	getnstimeofday(&old);
	pr_info("%s: jiffies=%lu ktime_get_ns=%llu ktime_get=%lld boottime_ns=%llu raw_ns=%llu coarse_ns=%llu\\n", when,
		jiffies - INITIAL_JIFFIES, ktime_get_ns(), ktime_get(), ktime_get_boottime_ns(), ktime_get_raw_ns(), ktime_get_coarse_ns());
	pr_info("%s: ts64=%lld.%09ld coarse=%lld.%09ld boottime=%lld.%09ld seconds=%lld\\n", when,
		ts.tv_sec, ts.tv_nsec, cts.tv_sec, cts.tv_nsec, bts.tv_sec, bts.tv_nsec, ktime_get_seconds());
	pr_info("%s: real_ns=%llu real_ts64=%lld.%09ld coarse_real=%lld.%09ld real_seconds=%lld get_seconds=%lu\\n", when,
		ktime_get_real_ns(), rts.tv_sec, rts.tv_nsec, crts.tv_sec, crts.tv_nsec, ktime_get_real_seconds(), get_seconds());
	pr_info("%s: do_gettimeofday=%ld.%06ld getnstimeofday=%ld.%09ld boot=%lld.%09ld\\n", when,
		tv.tv_sec, tv.tv_usec, old.tv_sec, old.tv_nsec, bt.tv_sec, bt.tv_nsec);
	pr_info("%s: sched_clock=%llu local_clock=%llu get_cycles=%llu clocktai_ns=%llu\\n", when,
		sched_clock(), local_clock(), (unsigned long long)get_cycles(), ktime_get_clocktai_ns());
	time64_to_tm(ktime_get_real_seconds(), 0, &tm);
	pr_info("%s: %04ld-%02d-%02d %02d:%02d:%02d wday=%d yday=%d\\n", when, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday);
}

static int __init t_init(void)
{
	ktime_t k = ktime_set(2, 999999999);
	struct timespec64 a = { 5, 100 }, b = { 3, 200 }, d, s;
	struct timespec oa = { 5, 100 }, ob = { 3, 200 }, od;
	struct timeval tv;
	struct tm tm;
	s64 t;

	show("init");
	pr_info("sizes: timespec64=%zu@%zu timespec=%zu timeval=%zu tm=%zu ktime_t=%zu\\n",
		sizeof(struct timespec64), offsetof(struct timespec64, tv_nsec), sizeof(struct timespec),
		sizeof(struct timeval), sizeof(struct tm), sizeof(ktime_t));
	pr_info("ktime: %lld ms=%lld us=%lld cmp=%d before=%d after=%d add_ms=%lld sub_us=%lld\\n", ktime_to_ns(k),
		ktime_to_ms(k), ktime_to_us(k), ktime_compare(k, ms_to_ktime(3000)), ktime_before(k, ms_to_ktime(3000)),
		ktime_after(k, ns_to_ktime(1)), ktime_add_ms(k, 1), ktime_sub_us(k, 1));
	pr_info("ktime_set(KTIME_SEC_MAX)=%lld ktime_add_safe=%lld %lld delta_us=%lld\\n", ktime_set(KTIME_SEC_MAX, 0),
		ktime_add_safe(KTIME_MAX, 1), ktime_add_safe(1, 2), ktime_us_delta(ms_to_ktime(5), ms_to_ktime(2)));
	d = timespec64_sub(b, a);
	s = timespec64_add(a, b);
	pr_info("timespec64_sub=%lld.%09ld add=%lld.%09ld to_ns=%lld cmp=%d\\n", d.tv_sec, d.tv_nsec, s.tv_sec, s.tv_nsec,
		timespec64_to_ns(&a), timespec64_compare(&a, &b));
	d = ns_to_timespec64(-1);
	s = ns_to_timespec64(1234567890123LL);
	pr_info("ns_to_timespec64: %lld.%09ld %lld.%09ld\\n", d.tv_sec, d.tv_nsec, s.tv_sec, s.tv_nsec);
	set_normalized_timespec64(&d, 10, -2500000000LL);
	pr_info("set_normalized_timespec64=%lld.%09ld\\n", d.tv_sec, d.tv_nsec);
	a.tv_sec = TIME64_MAX - 1; a.tv_nsec = 999999999; b.tv_sec = 0; b.tv_nsec = 1;
	d = timespec64_add_safe(a, b);
	pr_info("timespec64_add_safe: %lld.%09ld\\n", d.tv_sec, d.tv_nsec);
	od = timespec_sub(ob, oa);
	tv = ns_to_timeval(-1500);
	pr_info("timespec_sub=%ld.%09ld ns_to_timeval=%ld.%06ld timeval_to_ns=%lld\\n", od.tv_sec, od.tv_nsec,
		tv.tv_sec, tv.tv_usec, timeval_to_ns(&tv));
	t = mktime64(2026, 11, 22, 10, 0, 0);
	pr_info("mktime64=%lld %lld %lld\\n", t, mktime64(1970, 1, 1, 0, 0, 0), mktime64(2000, 2, 29, 23, 59, 60));
	time64_to_tm(-1, 0, &tm);
	pr_info("time64_to_tm(-1): %ld-%d-%d %d:%d:%d wday=%d yday=%d\\n", tm.tm_year, tm.tm_mon, tm.tm_mday,
		tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday);
	time64_to_tm(951868799, 3600, &tm);
	pr_info("time64_to_tm(2000-02-29 23:59:59 +1h): %ld-%d-%d %d:%d:%d wday=%d yday=%d\\n", tm.tm_year, tm.tm_mon, tm.tm_mday,
		tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday);
	return 0;
}
static void __exit t_exit(void) { show("exit"); }
module_init(t_init);
module_exit(t_exit);
`;

describe("time: jiffies", () => {
  it("converts like Linux 6.1 at HZ=250 and compares across the wrap", async () => {
    const ko = await buildC("tjiffies", JIFFIES);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    const l = moduleLines(sys);
    expect(l).toEqual([
      "HZ=250 TICK_NSEC=4000000 TICK_USEC=4000 MAX_JIFFY_OFFSET=1073741822 INITIAL_JIFFIES=4294892296",
      "SEC_JIFFIE_SC=24 SEC_CONVERSION=4194304000 NSEC_CONVERSION=2251799814 MAX_SEC_IN_JIFFIES=4294967",
      "jiffies=4294892296 jiffies_64=4294892296 get_jiffies_64=4294892296",
      "msecs_to_jiffies(0) = 0 0",
      "msecs_to_jiffies(1) = 1 1",
      "msecs_to_jiffies(3) = 1 1",
      "msecs_to_jiffies(4) = 1 1",
      "msecs_to_jiffies(5) = 2 2",
      "msecs_to_jiffies(10) = 3 3",
      "msecs_to_jiffies(100) = 25 25",
      "msecs_to_jiffies(999) = 250 250",
      "msecs_to_jiffies(1000) = 250 250",
      "msecs_to_jiffies(1001) = 251 251",
      "msecs_to_jiffies(2147483647) = 536870912 536870912",
      "msecs_to_jiffies(2147483648) = 1073741822 1073741822",
      "msecs_to_jiffies(4294967295) = 1073741822 1073741822",
      "usecs_to_jiffies(1) = 1 1",
      "usecs_to_jiffies(4000) = 1 1",
      "usecs_to_jiffies(4001) = 2 2",
      "usecs_to_jiffies(1000000) = 250 250",
      "usecs_to_jiffies(4294959296) = 1073740 1073740",
      "usecs_to_jiffies(4294959297) = 1073741822 1073741822",
      "jiffies_to_msecs: 4 1000 4294967288 4294967292",
      "jiffies_to_usecs: 4000 1000000 4294959296",
      "jiffies_to_nsecs(3)=12000000 jiffies64_to_nsecs(12345)=49380000000 jiffies64_to_msecs=49380",
      "nsecs_to_jiffies: 0 1 250000000 nsecs_to_jiffies64: 250000000",
      "clock_t: 100 1 250 4294967295 1000",
      "jiffies_to_timespec64(251) = 1.004000000",
      "time_after(b,a)=1 time_before(a,b)=1 time_after_eq(a,a)=1 time_before(b,a)=0",
      "time_in_range=1 0 time_in_range_open=0",
      "time_after64=1 time_before_eq64=1 time_in_range64=1",
      "time_is_before_jiffies(j-1)=1 time_is_after_jiffies(j+1)=1 time_is_after_jiffies(j)=0 time_is_before_eq_jiffies(j)=1",
      "time_after32=1",
      "round_jiffies: 10 204 204",
      "round_jiffies_relative: 10 204 204 201",
      "timespec64_to_jiffies: 250 1 1073741750",
      "cross-check: 3071 values, 0 mismatches",
    ]);
    expect(sys.reports).toBe(0);
  });
});

describe("time: clocks", () => {
  it("reads 0 at boot and the fixed wall clock; old and new APIs agree", async () => {
    const ko = await buildC("tclocks", CLOCKS);
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(moduleLines(sys)).toEqual([
      "init: jiffies=0 ktime_get_ns=0 ktime_get=0 boottime_ns=0 raw_ns=0 coarse_ns=0",
      "init: ts64=0.000000000 coarse=0.000000000 boottime=0.000000000 seconds=0",
      "init: real_ns=1795341600000000000 real_ts64=1795341600.000000000 coarse_real=1795341600.000000000 real_seconds=1795341600 get_seconds=1795341600",
      "init: do_gettimeofday=1795341600.000000 getnstimeofday=1795341600.000000000 boot=1795341600.000000000",
      "init: sched_clock=0 local_clock=0 get_cycles=0 clocktai_ns=1795341600000000000",
      "init: 2026-11-22 10:00:00 wday=0 yday=325",
      "sizes: timespec64=16@8 timespec=8 timeval=8 tm=32 ktime_t=8",
      "ktime: 2999999999 ms=2999 us=2999999 cmp=-1 before=1 after=1 add_ms=3000999999 sub_us=2999998999",
      "ktime_set(KTIME_SEC_MAX)=9223372036854775807 ktime_add_safe=9223372036854775807 3 delta_us=3000",
      "timespec64_sub=-2.000000100 add=8.000000300 to_ns=5000000100 cmp=1",
      "ns_to_timespec64: -1.999999999 1234.567890123",
      "set_normalized_timespec64=7.500000000",
      "timespec64_add_safe: 9223372036854775807.000000000",
      "timespec_sub=-2.000000100 ns_to_timeval=-1.999998 timeval_to_ns=-2000",
      "mktime64=1795341600 0 951868800",
      "time64_to_tm(-1): 69-11-31 23:59:59 wday=3 yday=364",
      "time64_to_tm(2000-02-29 23:59:59 +1h): 100-2-1 0:59:59 wday=3 yday=60",
    ]);
  });

  it("follows the virtual clock: fine clocks move at once, coarse ones at the tick", async () => {
    const ko = await buildC("tclocks", CLOCKS);
    const sys = await bootKernel();
    await sys.insmod(ko);
    advance(sys, 90_061_004_123_456n); // 1 day 1 h 1 min 1.004123456 s
    expect((await sys.rmmod("tclocks")).status).toBe(0);
    const exit = lines(sys).filter((l) => l.startsWith("exit: "));
    expect(exit).toEqual([
      "exit: jiffies=22515251 ktime_get_ns=90061004123456 ktime_get=90061004123456 boottime_ns=90061004123456 raw_ns=90061004123456 coarse_ns=90061004000000",
      "exit: ts64=90061.004123456 coarse=90061.004000000 boottime=90061.004123456 seconds=90061",
      "exit: real_ns=1795431661004123456 real_ts64=1795431661.004123456 coarse_real=1795431661.004000000 real_seconds=1795431661 get_seconds=1795431661",
      "exit: do_gettimeofday=1795431661.004123 getnstimeofday=1795431661.004123456 boot=1795341600.000000000",
      "exit: sched_clock=90061004123456 local_clock=90061004123456 get_cycles=90061004123456 clocktai_ns=1795431661004123456",
      "exit: 2026-11-23 11:01:01 wday=1 yday=326",
    ]);
  });

  it("round_jiffies and the jiffies word follow the clock after the 32-bit wrap", async () => {
    const ko = await buildC("tjiffies", JIFFIES);
    const sys = await bootKernel();
    advance(sys, 301n * 1_000_000_000n + 8_000_000n); // past the wrap at 300 s, +2 ticks
    expect((await sys.insmod(ko)).status).toBe(0);
    const l = lines(sys);
    expect(l).toContain("jiffies=252 jiffies_64=4294967548 get_jiffies_64=4294967548");
    // 252 % 250 = 2: +10 rounds down to 250 (not in the future: kept), +100 rounds up to 500
    expect(l).toContain("round_jiffies: 10 248 248");
    expect(l).toContain("cross-check: 3071 values, 0 mismatches");
  });

  it("a proprietary 4.x-era module gets the non-GPL readers; the GPL-only ones stay hidden", async () => {
    const ko = await buildC("oldtime", `
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/time.h>
#include <linux/timex.h>
MODULE_LICENSE("Proprietary");
static int __init o_init(void)
{
	struct timeval tv;
	struct timespec ts, now;
	unsigned long end = jiffies + msecs_to_jiffies(2000);

	do_gettimeofday(&tv);
	getnstimeofday(&ts);
	now = current_kernel_time();
	printk(KERN_INFO "tv=%ld.%06ld ts=%ld.%09ld now=%ld.%09ld sec=%lu\\n", tv.tv_sec, tv.tv_usec,
	       ts.tv_sec, ts.tv_nsec, now.tv_sec, now.tv_nsec, get_seconds());
	printk(KERN_INFO "left=%u ms cycles=%llu\\n", jiffies_to_msecs(end - jiffies), (unsigned long long)get_cycles());
	return 0;
}
module_init(o_init);
`, { kernelVersion: "4.4.0" });
    const sys = await bootKernel("4.4.0");
    advance(sys, 1_500_000_000n);
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(lines(sys).slice(-2)).toEqual([
      "tv=1795341601.500000 ts=1795341601.500000000 now=1795341601.500000000 sec=1795341601",
      "left=2000 ms cycles=1500000000",
    ]);

    const gpl = await buildC("gplonly", `
#include <linux/module.h>
#include <linux/ktime.h>
MODULE_LICENSE("Proprietary");
static int __init g_init(void) { return ktime_get_ns() == 0 ? 0 : -EINVAL; }
module_init(g_init);
`, { kernelVersion: "4.4.0" });
    expect((await sys.insmod(gpl)).status).toBe(1);
    expect(lines(sys)).toContain("gplonly: Unknown symbol ktime_get (err -2)");
  });
});
