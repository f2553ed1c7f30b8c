// kemu: kernel/time/timer.c's timer wheel and hrtimer bases reduced to one ordered queue of
// expiry times in virtual nanoseconds; callbacks are TS closures (C timer_list callbacks are
// wrapped by their callers). Expiry order is (time, insertion order): deterministic.

export interface KTimer {
  /** expiry, ns since boot */
  readonly expires: bigint;
  readonly seq: number;
  fn: () => void;
  /** set by cancel() or when it fired */
  done: boolean;
}

export class TimerBase {
  private heap: KTimer[] = [];
  private seq = 0;
  private live = 0;

  add(expires: bigint, fn: () => void): KTimer {
    const t: KTimer = { expires, seq: this.seq++, fn, done: false };
    this.heap.push(t);
    this.up(this.heap.length - 1);
    this.live++;
    return t;
  }

  cancel(t: KTimer): boolean {
    if (t.done) return false;
    t.done = true;
    this.live--;
    return true;
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.live;
  }

  /** Expiry of the earliest pending timer as a number of ns; Infinity when nothing is pending. */
  nextNs(): number {
    this.dropDone();
    const top = this.heap[0];
    return top ? Number(top.expires) : Infinity;
  }

  /** Take the earliest timer due at or before `now`, marking it fired. */
  popDue(now: bigint): KTimer | undefined {
    this.dropDone();
    const top = this.heap[0];
    if (!top || top.expires > now) return undefined;
    this.pop();
    top.done = true;
    this.live--;
    return top;
  }

  private dropDone(): void {
    while (this.heap.length && this.heap[0].done) this.pop();
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: KTimer, b: KTimer): boolean {
    return a.expires < b.expires || (a.expires === b.expires && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
