// kemu: kernel/time/timer.c (schedule_timeout, msleep, usleep_range) and arch/x86/lib/delay.c
// (udelay/ndelay: busy waits that advance virtual time, letting ticks and timers run inside).
import { exportsOf } from "../ksyms.js";
import { K } from "../../generated/layout.js";

export const TIMER_SLEEP_EXPORTS = exportsOf("kernel/time/timer.c", {
  schedule_timeout: ["signed long schedule_timeout(signed long timeout)", (k) => k.sched.scheduleTimeout, { sleeps: true }],
  schedule_timeout_interruptible: ["signed long schedule_timeout_interruptible(signed long timeout)", "c", { sleeps: true }],
  schedule_timeout_killable: ["signed long schedule_timeout_killable(signed long timeout)", "c", { sleeps: true }],
  schedule_timeout_uninterruptible: ["signed long schedule_timeout_uninterruptible(signed long timeout)", "c", { sleeps: true }],
  schedule_timeout_idle: ["signed long schedule_timeout_idle(signed long timeout)", "c", { sleeps: true }],
  io_schedule: ["void io_schedule(void)", "c", { sleeps: true }],
  io_schedule_timeout: ["long io_schedule_timeout(long timeout)", "c", { sleeps: true }],
  schedule_preempt_disabled: ["void schedule_preempt_disabled(void)", "c", { sleeps: true }],
  msleep: ["void msleep(unsigned int msecs)", "c", { sleeps: true }],
  msleep_interruptible: ["unsigned long msleep_interruptible(unsigned int msecs)", "c", { sleeps: true }],
  usleep_range_state: ["void usleep_range_state(unsigned long min, unsigned long max, unsigned int state)", (k) =>
    (_min: number, max: number, state: number) => k.sched.sleepUntilNs(state, k.clock.now() + BigInt(max >>> 0) * 1000n, "usleep_range"),
    { sleeps: true, note: "wakes at max: an hrtimer range on an idle CPU fires at its hard expiry" }],
  usleep_range: ["void usleep_range(unsigned long min, unsigned long max)", (k) =>
    (_min: number, max: number) => k.sched.sleepUntilNs(K.TASK_UNINTERRUPTIBLE, k.clock.now() + BigInt(max >>> 0) * 1000n, "usleep_range"),
    { sleeps: true, note: "a static inline over usleep_range_state() in Linux" }],
}).concat(exportsOf("arch/x86/lib/delay.c", {
  __udelay: ["void __udelay(unsigned long usecs)", (k) => (us: number) => k.sched.delay(BigInt(us >>> 0) * 1000n), { preempts: true }],
  __ndelay: ["void __ndelay(unsigned long nsecs)", (k) => (ns: number) => k.sched.delay(BigInt(ns >>> 0)), { preempts: true }],
  __const_udelay: ["void __const_udelay(unsigned long xloops)", (k) => (xloops: number) =>
    // xloops = usecs * 2^32 / 10^6 (udelay()'s 0x10c7 multiplier)
    k.sched.delay((BigInt(xloops >>> 0) * 1_000_000_000n) >> 32n), { preempts: true }],
}));
