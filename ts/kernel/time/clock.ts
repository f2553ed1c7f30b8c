// kemu: kernel/time/ (timekeeping + jiffies) - a virtual clock. Time only moves when the
// emulator moves it (sleeps, busy waits, idle jumps), never with the host's wall clock.

export const HZ = 250;
export const NSEC_PER_SEC = 1_000_000_000n;
export const TICK_NSEC = NSEC_PER_SEC / BigInt(HZ);
/** Linux starts jiffies 5 minutes before the 32-bit wrap (INITIAL_JIFFIES). */
export const INITIAL_JIFFIES = BigInt.asUintN(32, BigInt(-300 * HZ));
const TICK_NS = Number(TICK_NSEC);
const INITIAL_JIFFIES_NUM = Number(INITIAL_JIFFIES);

export class VirtualClock {
  private ns = 0n;
  /** the same as a number (exact for 104 days of virtual time): cheap for the scheduler */
  nsNumber = 0;
  /** called with the new jiffies_64 after every change, to update the C-visible words */
  onJiffies: ((j64: number) => void) | null = null;

  /** advanceToNs() moved nsNumber only: ns is made from it when asked for */
  private stale = false;

  /** nanoseconds since boot (local_clock(), ktime_get()) */
  now(): bigint {
    if (this.stale) {
      this.stale = false;
      this.ns = BigInt(this.nsNumber);
    }
    return this.ns;
  }
  jiffies64(): bigint {
    return INITIAL_JIFFIES + this.now() / TICK_NSEC;
  }
  /** Move time forward; returns the number of timer ticks crossed. */
  advance(deltaNs: bigint): number {
    if (deltaNs <= 0n) return 0;
    const before = Math.floor(this.nsNumber / TICK_NS);
    this.ns = this.now() + deltaNs;
    this.nsNumber = Number(this.ns);
    const after = Math.floor(this.nsNumber / TICK_NS);
    if (after !== before) this.onJiffies?.(INITIAL_JIFFIES_NUM + after);
    return after - before;
  }

  /** advance() to an absolute time given as a number of ns (the timer path's fast form). */
  advanceToNs(ns: number): void {
    if (ns <= this.nsNumber) return;
    const before = Math.floor(this.nsNumber / TICK_NS);
    this.stale = true;
    this.nsNumber = ns;
    const after = Math.floor(ns / TICK_NS);
    if (after !== before) this.onJiffies?.(INITIAL_JIFFIES_NUM + after);
  }

  /** jiffies_64 as a number (exact for a million years of ticks) */
  jiffies64Number(): number {
    return INITIAL_JIFFIES_NUM + Math.floor(this.nsNumber / TICK_NS);
  }
}
