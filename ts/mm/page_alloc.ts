// mm/page_alloc.c: the buddy allocator of 4 KiB pages over the linear memory.
// Differences: one zone, no per-cpu lists or migrate types; metadata lives in JS typed arrays (never in the
// managed memory); free blocks are taken lowest address first so runs are deterministic; RAM grows on demand.
//
// Bug reports (onBug(kind, msg)); the state is left untouched when one is made:
//   kind "bad-page-free"     "kernel BUG at mm/page_alloc.c: bad free of page 0x%08x (order %d): <reason>"
//                            reasons: "page not allocated", "not the first page of an allocation",
//                            "allocated by alloc_pages_exact()"
//   kind "page-double-free"  "kernel BUG at mm/page_alloc.c: bad free of page 0x%08x (order %d): page already free (double free)"
//   kind "page-wrong-order"  "kernel BUG at mm/page_alloc.c: bad free of page 0x%08x (order %d): allocated with order %d"
//   kind "bad-page-free"     "kernel BUG at mm/page_alloc.c: free_pages_exact: bad free of 0x%08x (%d pages): <reason>"
//                            reasons: "page not allocated", "allocated with %d pages", "allocated by alloc_pages()"
// Warnings (also through onBug; kinds start with "warn"):
//   kind "warn-order"        "WARNING: at mm/page_alloc.c: __alloc_pages: order %d > MAX_ORDER (10)"   (once, like WARN_ON_ONCE)
//   kind "warn-alloc"        "page allocation failure: order:%d, mode:0x%x(%pGg), nodemask=(null)"     (not with __GFP_NOWARN;
//                            Linux prefixes the task name: "insmod: page allocation failure: ...")

import { __GFP_NOWARN, __GFP_ZERO, gfp_mode, type gfp_t } from "./gfp.js";
import { WASM_PAGE_SIZE, type PhysMem } from "./physmem.js";

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
/** Largest buddy order, inclusive (Linux >= 6.4 meaning; 6.1 spelled this MAX_ORDER - 1). 4 MiB blocks. */
export const MAX_ORDER = 10;
export const NR_PAGE_ORDERS = MAX_ORDER + 1;
export const MAX_ORDER_NR_PAGES = 1 << MAX_ORDER;
/** Growth is done in steps of at least this many bytes so that boot-time growth stays rare. */
export const DEFAULT_GROW_STEP = 4 << 20;

export type BugReporter = (kind: string, msg: string) => void;

export function hex8(addr: number): string {
  return "0x" + (addr >>> 0).toString(16).padStart(8, "0");
}

/** include/asm-generic/getorder.h for a 32-bit size_t: get_order(0) is 32 - PAGE_SHIFT like Linux. */
export function get_order(size: number): number {
  const s = ((size >>> 0) - 1) >>> 0;
  const v = s >>> PAGE_SHIFT;
  return v === 0 ? 0 : 32 - Math.clz32(v);
}

export interface PageAllocOptions {
  onBug?: BugReporter;
  /** Minimum growth, in bytes (default 4 MiB). */
  growStep?: number;
}

// Per-pfn state byte: 0 = interior page / not managed; FREE_HEAD+order = first page of a free block;
// ALLOC_HEAD|order = first page of an alloc_pages() block; EXACT_HEAD = first page of an alloc_pages_exact() run.
const FREE_HEAD = 1;
const ALLOC_HEAD = 0x40;
const EXACT_HEAD = 0x80;

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class PageAllocator {
  readonly pm: PhysMem;
  private readonly onBug: BugReporter;
  private readonly growStep: number;
  private st: Uint8Array;
  /** One bitmap per order, bit i = block (i << order) is a free head of that order. */
  private freeMap: Uint32Array[] = [];
  private readonly freeCount = new Int32Array(NR_PAGE_ORDERS);
  /** Lowest word of each bitmap that may be non-zero, so the lowest-address search stays short. */
  private readonly hint = new Int32Array(NR_PAGE_ORDERS);
  private capPfn = 0;
  private readonly exactRuns = new Map<number, number>();
  private nrFree = 0;
  private nrManaged = 0;
  private warnedOrder = false;

  constructor(pm: PhysMem, start: number, end: number, opts: PageAllocOptions = {}) {
    this.pm = pm;
    this.onBug = opts.onBug ?? (() => {});
    this.growStep = Math.max(opts.growStep ?? DEFAULT_GROW_STEP, WASM_PAGE_SIZE);
    const memBytes = pm.memory.buffer.byteLength;
    // Page 0 is never handed out: address 0 is NULL and ZERO_SIZE_PTR (16) lives there.
    const startPfn = Math.max(1, Math.ceil(start / PAGE_SIZE));
    const endPfn = Math.floor(Math.min(end, memBytes) / PAGE_SIZE);
    this.st = new Uint8Array(0);
    this.ensureCapacity(Math.max(endPfn, memBytes / PAGE_SIZE));
    if (endPfn > startPfn) this.addRange(startPfn, endPfn);
  }

  /** Number of free pages (the NR_FREE_PAGES counter). */
  nr_free_pages(): number {
    return this.nrFree;
  }

  /** Pages handed to the buddy allocator so far (grows with the memory). */
  totalram_pages(): number {
    return this.nrManaged;
  }

  /** Free block count per order, as in /proc/buddyinfo. */
  buddyinfo(): number[] {
    return Array.from(this.freeCount);
  }

  /** __get_free_pages(): physical address of 2^order contiguous pages, or 0. */
  alloc_pages(order: number, gfp: gfp_t = 0): number {
    if (!(order >= 0 && order <= MAX_ORDER) || !Number.isInteger(order)) {
      if (!this.warnedOrder && !(gfp & __GFP_NOWARN)) {
        this.warnedOrder = true;
        this.onBug("warn-order", `WARNING: at mm/page_alloc.c: __alloc_pages: order ${order} > MAX_ORDER (${MAX_ORDER})`);
      }
      return 0;
    }
    let pfn = this.take(order);
    if (pfn < 0 && this.expand(1 << order, order)) pfn = this.take(order);
    if (pfn < 0) {
      this.warnAlloc(order, gfp);
      return 0;
    }
    this.st[pfn] = ALLOC_HEAD | order;
    this.nrFree -= 1 << order;
    const addr = pfn * PAGE_SIZE;
    if (gfp & __GFP_ZERO) this.pm.bytes().fill(0, addr, addr + (PAGE_SIZE << order));
    return addr;
  }

  /** free_pages(): addr 0 is ignored; an unaligned addr names its page, like virt_to_page(). */
  free_pages(addr: number, order: number): void {
    if (addr === 0) return;
    const pfn = Math.floor((addr >>> 0) / PAGE_SIZE);
    const s = pfn < this.capPfn ? this.st[pfn]! : 0;
    if (s === (ALLOC_HEAD | order) && order >= 0 && order <= MAX_ORDER) {
      this.st[pfn] = 0;
      this.nrFree += 1 << order;
      this.freeBlock(pfn, order);
      return;
    }
    const pre = `kernel BUG at mm/page_alloc.c: bad free of page ${hex8(pfn * PAGE_SIZE)} (order ${order}): `;
    if (s & ALLOC_HEAD) {
      this.onBug("page-wrong-order", pre + `allocated with order ${s & 0x3f}`);
    } else if (s === EXACT_HEAD) {
      this.onBug("bad-page-free", pre + "allocated by alloc_pages_exact()");
    } else if (this.inFreeBlock(pfn)) {
      this.onBug("page-double-free", pre + "page already free (double free)");
    } else if (this.inAllocatedBlock(pfn)) {
      this.onBug("bad-page-free", pre + "not the first page of an allocation");
    } else {
      this.onBug("bad-page-free", pre + "page not allocated");
    }
  }

  /**
   * alloc_pages_exact() counted in pages: exactly nrPages contiguous pages, the tail of the power-of-two
   * block going back to the buddy lists like Linux's split_page(); runs above MAX_ORDER are built from
   * consecutive free MAX_ORDER blocks (growing the memory when there are none).
   */
  alloc_pages_exact(nrPages: number, gfp: gfp_t = 0): number {
    if (!(nrPages > 0) || !Number.isInteger(nrPages)) return 0;
    let pfn: number;
    let taken: number;
    if (nrPages <= MAX_ORDER_NR_PAGES) {
      const order = get_order(nrPages * PAGE_SIZE);
      pfn = this.take(order);
      if (pfn < 0 && this.expand(1 << order, order)) pfn = this.take(order);
      if (pfn < 0) {
        this.warnAlloc(order, gfp);
        return 0;
      }
      taken = 1 << order;
    } else {
      const blocks = Math.ceil(nrPages / MAX_ORDER_NR_PAGES);
      pfn = this.takeMaxOrderRun(blocks);
      if (pfn < 0 && this.expand(blocks * MAX_ORDER_NR_PAGES, MAX_ORDER)) pfn = this.takeMaxOrderRun(blocks);
      if (pfn < 0) {
        this.warnAlloc(get_order(nrPages * PAGE_SIZE), gfp);
        return 0;
      }
      taken = blocks * MAX_ORDER_NR_PAGES;
    }
    this.nrFree -= taken;
    if (taken > nrPages) {
      this.nrFree += taken - nrPages;
      this.freeRange(pfn + nrPages, pfn + taken);
    }
    this.st[pfn] = EXACT_HEAD;
    this.exactRuns.set(pfn, nrPages);
    const addr = pfn * PAGE_SIZE;
    if (gfp & __GFP_ZERO) this.pm.bytes().fill(0, addr, addr + nrPages * PAGE_SIZE);
    return addr;
  }

  free_pages_exact(addr: number, nrPages: number): void {
    if (addr === 0) return;
    const pfn = Math.floor((addr >>> 0) / PAGE_SIZE);
    const s = pfn < this.capPfn ? this.st[pfn]! : 0;
    const have = s === EXACT_HEAD ? this.exactRuns.get(pfn) : undefined;
    if (have !== undefined && have === nrPages && addr % PAGE_SIZE === 0) {
      this.st[pfn] = 0;
      this.exactRuns.delete(pfn);
      this.nrFree += nrPages;
      this.freeRange(pfn, pfn + nrPages);
      return;
    }
    const reason =
      have !== undefined
        ? have !== nrPages
          ? `allocated with ${have} pages`
          : "not page aligned"
        : s & ALLOC_HEAD
          ? "allocated by alloc_pages()"
          : "page not allocated";
    this.onBug(
      "bad-page-free",
      `kernel BUG at mm/page_alloc.c: free_pages_exact: bad free of ${hex8(addr)} (${nrPages} pages): ${reason}`,
    );
  }

  /** Order of the alloc_pages() block whose first page is at addr, or -1. */
  page_order(addr: number): number {
    if (addr % PAGE_SIZE !== 0) return -1;
    const pfn = addr / PAGE_SIZE;
    const s = pfn < this.capPfn ? this.st[pfn]! : 0;
    return s & ALLOC_HEAD ? s & 0x3f : -1;
  }

  /** Length in pages of the alloc_pages_exact() run starting at addr, or 0. */
  exact_pages(addr: number): number {
    if (addr % PAGE_SIZE !== 0) return 0;
    return this.exactRuns.get(addr / PAGE_SIZE) ?? 0;
  }

  /** Highest pfn + 1 the allocator has metadata for (for callers keeping their own pfn-indexed tables). */
  max_pfn(): number {
    return this.capPfn;
  }

  // ---- internals ----

  private warnAlloc(order: number, gfp: gfp_t): void {
    if (gfp & __GFP_NOWARN) return;
    this.onBug("warn-alloc", `page allocation failure: order:${order}, mode:${gfp_mode(gfp)}, nodemask=(null)`);
  }

  private ensureCapacity(nPfn: number): void {
    if (nPfn <= this.capPfn) return;
    const cap = Math.max(nPfn, this.capPfn * 2, 1024);
    const st = new Uint8Array(cap);
    st.set(this.st);
    this.st = st;
    for (let k = 0; k <= MAX_ORDER; k++) {
      const words = ((cap >>> k) >>> 5) + 1;
      const m = new Uint32Array(words);
      const old = this.freeMap[k];
      if (old) m.set(old);
      this.freeMap[k] = m;
    }
    this.capPfn = cap;
  }

  private insert(pfn: number, k: number): void {
    this.st[pfn] = FREE_HEAD + k;
    const idx = pfn >>> k;
    const w = idx >>> 5;
    this.freeMap[k]![w]! |= 1 << (idx & 31);
    this.freeCount[k]!++;
    if (w < this.hint[k]!) this.hint[k] = w;
  }

  private remove(pfn: number, k: number): void {
    this.st[pfn] = 0;
    const idx = pfn >>> k;
    this.freeMap[k]![idx >>> 5]! &= ~(1 << (idx & 31));
    this.freeCount[k]!--;
  }

  private lowestFree(k: number): number {
    const m = this.freeMap[k]!;
    let w = this.hint[k]!;
    while (m[w] === 0) w++;
    this.hint[k] = w;
    return ((w << 5) + ctz32(m[w]!)) << k;
  }

  /** Smallest order that has a free block, lowest address in it; split down keeping the low half. */
  private take(order: number): number {
    for (let k = order; k <= MAX_ORDER; k++) {
      if (this.freeCount[k] === 0) continue;
      const pfn = this.lowestFree(k);
      this.remove(pfn, k);
      while (k > order) {
        k--;
        this.insert(pfn + (1 << k), k);
      }
      return pfn;
    }
    return -1;
  }

  /** Lowest run of `blocks` consecutive free MAX_ORDER blocks, removed from the free lists; -1 if none. */
  private takeMaxOrderRun(blocks: number): number {
    if (this.freeCount[MAX_ORDER]! < blocks) return -1;
    const m = this.freeMap[MAX_ORDER]!;
    let runStart = -1;
    let runLen = 0;
    for (let w = this.hint[MAX_ORDER]!; w < m.length; w++) {
      const word = m[w]!;
      for (let b = 0; b < 32; b++) {
        const idx = (w << 5) + b;
        if (word & (1 << b)) {
          if (runLen === 0) runStart = idx;
          if (++runLen === blocks) {
            for (let i = 0; i < blocks; i++) this.remove((runStart + i) << MAX_ORDER, MAX_ORDER);
            return runStart << MAX_ORDER;
          }
        } else {
          runLen = 0;
        }
      }
    }
    return -1;
  }

  /** __free_one_page(): merge with free buddies of the same order while possible. */
  private freeBlock(pfn: number, k: number): void {
    const st = this.st;
    while (k < MAX_ORDER) {
      const buddy = pfn ^ (1 << k);
      if (buddy >= this.capPfn || st[buddy] !== FREE_HEAD + k) break;
      this.remove(buddy, k);
      pfn &= ~(1 << k);
      k++;
    }
    this.insert(pfn, k);
  }

  /** Frees [start, end) as the largest naturally aligned blocks (like __free_pages_core at boot). */
  private freeRange(start: number, end: number): void {
    let p = start;
    while (p < end) {
      let k = p === 0 ? MAX_ORDER : Math.min(ctz32(p), MAX_ORDER);
      while (p + (1 << k) > end) k--;
      this.freeBlock(p, k);
      p += 1 << k;
    }
  }

  private addRange(startPfn: number, endPfn: number): void {
    this.ensureCapacity(endPfn);
    this.nrManaged += endPfn - startPfn;
    this.nrFree += endPfn - startPfn;
    this.freeRange(startPfn, endPfn);
  }

  private inFreeBlock(pfn: number): boolean {
    if (pfn >= this.capPfn) return false;
    for (let k = 0; k <= MAX_ORDER; k++) {
      const head = pfn & ~((1 << k) - 1);
      const s = this.st[head]!;
      if (s >= FREE_HEAD && s <= FREE_HEAD + MAX_ORDER && s - FREE_HEAD >= k) return true;
    }
    return false;
  }

  private inAllocatedBlock(pfn: number): boolean {
    if (pfn >= this.capPfn) return false;
    for (let k = 1; k <= MAX_ORDER; k++) {
      const s = this.st[pfn & ~((1 << k) - 1)]!;
      if (s & ALLOC_HEAD && (s & 0x3f) >= k) return true;
    }
    for (const [head, n] of this.exactRuns) if (pfn > head && pfn < head + n) return true;
    return false;
  }

  /**
   * Grows the memory so that an aligned block of `nPages` pages (aligned to 2^alignOrder) fits in the new
   * range; at least growStep bytes, falling back to the bare minimum when the cap refuses the full step.
   */
  private expand(nPages: number, alignOrder: number): boolean {
    const oldBytes = this.pm.memory.buffer.byteLength;
    const startPfn = Math.ceil(oldBytes / PAGE_SIZE);
    const align = 1 << alignOrder;
    const alignedStart = Math.ceil(startPfn / align) * align;
    const needBytes = (alignedStart + nPages) * PAGE_SIZE - oldBytes;
    const minPages = Math.ceil(needBytes / WASM_PAGE_SIZE);
    const stepPages = Math.max(minPages, Math.ceil(this.growStep / WASM_PAGE_SIZE));
    if (!this.pm.grow(stepPages) && (stepPages === minPages || !this.pm.grow(minPages))) return false;
    const newEndPfn = Math.floor(this.pm.memory.buffer.byteLength / PAGE_SIZE);
    if (newEndPfn > startPfn) this.addRange(startPfn, newEndPfn);
    return true;
  }
}
