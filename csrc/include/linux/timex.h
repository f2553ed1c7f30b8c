/* kemu: include/linux/timex.h + uapi/linux/timex.h + x86's asm/timex.h, reduced to what modules
 * use: the NTP status constants and get_cycles(), whose "TSC" counts virtual nanoseconds. */
#ifndef _LINUX_TIMEX_H
#define _LINUX_TIMEX_H
#include <linux/types.h>
#include <linux/time64.h>

/* Mode codes (timex.mode) */
#define ADJ_OFFSET		0x0001	/* time offset */
#define ADJ_FREQUENCY		0x0002	/* frequency offset */
#define ADJ_MAXERROR		0x0004	/* maximum time error */
#define ADJ_ESTERROR		0x0008	/* estimated time error */
#define ADJ_STATUS		0x0010	/* clock status */
#define ADJ_TIMECONST		0x0020	/* pll time constant */
#define ADJ_TAI			0x0080	/* set TAI offset */
#define ADJ_SETOFFSET		0x0100	/* add 'time' to current time */
#define ADJ_MICRO		0x1000	/* select microsecond resolution */
#define ADJ_NANO		0x2000	/* select nanosecond resolution */
#define ADJ_TICK		0x4000	/* tick value */
#define ADJ_ADJTIME		0x8000	/* switch between adjtime/adjtimex modes */
#define ADJ_OFFSET_SINGLESHOT	0x0001	/* old-fashioned adjtime */
#define ADJ_OFFSET_READONLY	0x2000	/* read-only adjtime */

/* Status codes (timex.status) */
#define STA_PLL		0x0001	/* enable PLL updates (rw) */
#define STA_PPSFREQ	0x0002	/* enable PPS freq discipline (rw) */
#define STA_PPSTIME	0x0004	/* enable PPS time discipline (rw) */
#define STA_FLL		0x0008	/* select frequency-lock mode (rw) */
#define STA_INS		0x0010	/* insert leap (rw) */
#define STA_DEL		0x0020	/* delete leap (rw) */
#define STA_UNSYNC	0x0040	/* clock unsynchronized (rw) */
#define STA_FREQHOLD	0x0080	/* hold frequency (rw) */
#define STA_PPSSIGNAL	0x0100	/* PPS signal present (ro) */
#define STA_PPSJITTER	0x0200	/* PPS signal jitter exceeded (ro) */
#define STA_PPSWANDER	0x0400	/* PPS signal wander exceeded (ro) */
#define STA_PPSERROR	0x0800	/* PPS signal calibration error (ro) */
#define STA_CLOCKERR	0x1000	/* clock hardware fault (ro) */
#define STA_NANO	0x2000	/* resolution (0 = us, 1 = ns) (ro) */
#define STA_MODE	0x4000	/* mode (0 = PLL, 1 = FLL) (ro) */
#define STA_CLK		0x8000	/* clock source (0 = A, 1 = B) (ro) */

/* Clock states (time_state) */
#define TIME_OK		0	/* clock synchronized, no leap second */
#define TIME_INS	1	/* insert leap second */
#define TIME_DEL	2	/* delete leap second */
#define TIME_OOP	3	/* leap second in progress */
#define TIME_WAIT	4	/* leap second has occurred */
#define TIME_ERROR	5	/* clock not synchronized */
#define TIME_BAD	TIME_ERROR /* bw compat */

#define NTP_SCALE_SHIFT		32
#define NTP_INTERVAL_FREQ	(HZ)
#define NTP_INTERVAL_LENGTH	(NSEC_PER_SEC / NTP_INTERVAL_FREQ)
#define SHIFT_PLL		2
#define SHIFT_FLL		2
#define MAXTC			10
#define SHIFT_USEC		16
#define PPM_SCALE		((s64)NSEC_PER_USEC << (NTP_SCALE_SHIFT - SHIFT_USEC))
#define PPM_SCALE_INV_SHIFT	19
#define PPM_SCALE_INV		((1LL << (PPM_SCALE_INV_SHIFT + NTP_SCALE_SHIFT)) / PPM_SCALE + 1)
#define MAXPHASE		500000000L	/* max phase error (ns) */
#define MAXFREQ			500000		/* max frequency error (ns/s) */
#define MAXFREQ_SCALED		((s64)MAXFREQ << NTP_SCALE_SHIFT)
#define MINSEC			256		/* min interval between updates (s) */
#define MAXSEC			2048		/* max interval between updates (s) */
#define NTP_PHASE_LIMIT		((MAXPHASE / NSEC_PER_USEC) << 5) /* beyond max. dispersion */

/* x86: the i8253 PIT input clock, kept for LATCH and old drivers. */
#define PIT_TICK_RATE		1193182ul
#define CLOCK_TICK_RATE		PIT_TICK_RATE

/* kemu-internal: the virtual clock in nanoseconds (no GPL restriction, as rdtsc has none). */
extern cycles_t kemu_get_cycles(void);

/**
 * get_cycles - read the CPU cycle counter (x86: rdtsc)
 *
 * kemu's CPU runs at a virtual 1 GHz: one cycle per nanosecond of the virtual clock, so the
 * value only moves when virtual time does (sleeps, delays, timer ticks), never with host time.
 */
static inline cycles_t get_cycles(void)
{
	return kemu_get_cycles();
}
#define get_cycles get_cycles

#define random_get_entropy()	((unsigned long)get_cycles())
#endif
