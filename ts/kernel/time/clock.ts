// kemu: kernel/time/ (timekeeping + jiffies) - a virtual clock. Time only moves when the
// emulator moves it (sleeps, busy waits, idle jumps), never with the host's wall clock.

export const HZ = 250;
export const NSEC_PER_SEC = 1_000_000_000n;
export const TICK_NSEC = NSEC_PER_SEC / BigInt(HZ);
/** Linux starts jiffies 5 minutes before the 32-bit wrap (INITIAL_JIFFIES). */
export const INITIAL_JIFFIES = BigInt.asUintN(32, BigInt(-300 * HZ));

export class VirtualClock {
  private ns = 0n;
  /** the same as a number (exact for 104 days of virtual time): cheap for the scheduler */
  nsNumber = 0;
  /** called with the new jiffies_64 after every change, to update the C-visible words */
  onJiffies: ((j64: bigint) => void) | null = null;

  /** nanoseconds since boot (local_clock(), ktime_get()) */
  now(): bigint {
    return this.ns;
  }
  jiffies64(): bigint {
    return INITIAL_JIFFIES + this.ns / TICK_NSEC;
  }
  /** Move time forward; returns the number of timer ticks crossed. */
  advance(deltaNs: bigint): number {
    if (deltaNs <= 0n) return 0;
    const before = this.jiffies64();
    this.ns += deltaNs;
    this.nsNumber = Number(this.ns);
    const after = this.jiffies64();
    if (after !== before) this.onJiffies?.(after);
    return Number(after - before);
  }
}
