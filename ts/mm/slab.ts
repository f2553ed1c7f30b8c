// mm/slub.c + mm/slab_common.c: kmem_cache, kmalloc caches and kmalloc_large over the buddy allocator.
// Differences: free lists and allocation state are out of band (a module scribbling over memory cannot corrupt
// them, and a freed object keeps its old bytes, as with the 2.6-era SLAB); one CPU; no cache merging; no
// debug redzones. Poisoning (0x6b/0xa5 on free, 0x5a on alloc) is opt-in.
//
// Bug reports (onBug(kind, msg)); the allocator state is left untouched when one is made:
//   kind "double-free"     "BUG <cache> (Not tainted): Object already free"
//   kind "invalid-free"    "BUG <cache> (Not tainted): Invalid object pointer 0x%08x"   (inside a slab, not an object start)
//   kind "invalid-free"    "kfree(): invalid pointer 0x%08x"                            (not owned by any slab or kmalloc_large)
//   kind "invalid-free"    "kmem_cache_free(): invalid pointer 0x%08x"
//   kind "wrong-cache"     "kmem_cache_free: Wrong slab cache. <given> but object is from <actual>"  (then freed to <actual>, like Linux)
//   kind "poison-overwritten" "BUG <cache> (Not tainted): Poison overwritten"
//                          + "\nINFO: 0x%08x-0x%08x @offset=%d. First byte 0x%x instead of 0x%x"   (poison mode only)
//   kind "cache-busy"      "kmem_cache_destroy <cache>: Slab cache still has objects[ when called from <caller>]"
//   kind "bad-cache"       "kmem_cache_destroy: <cache> is a kmalloc cache" / "<fn>: cache <cache> already destroyed"
//   kind "warn-cache-create" "kmem_cache_create(<name>) failed with error -22"
//   kind "panic"           "kmem_cache_create: Failed to create slab '<name>'. Error -22"       (SLAB_PANIC)

import { MAX_ORDER, PAGE_SHIFT, PAGE_SIZE, get_order, hex8, type BugReporter, type PageAllocator } from "./page_alloc.js";
import { __GFP_ZERO, type gfp_t } from "./gfp.js";

export const ZERO_SIZE_PTR = 16;
export function ZERO_OR_NULL_PTR(p: number): boolean {
  return p >>> 0 <= ZERO_SIZE_PTR;
}

export const KMALLOC_SHIFT_LOW = 3;
export const KMALLOC_SHIFT_HIGH = PAGE_SHIFT + 1;
export const KMALLOC_MIN_SIZE = 1 << KMALLOC_SHIFT_LOW;
export const KMALLOC_MAX_CACHE_SIZE = 1 << KMALLOC_SHIFT_HIGH;
export const KMALLOC_MAX_SIZE = PAGE_SIZE << MAX_ORDER;
/** __alignof__(unsigned long long) on wasm32. */
export const ARCH_KMALLOC_MINALIGN = 8;
export const ARCH_SLAB_MINALIGN = 8;
const CACHE_LINE_SIZE = 64;
const WORD = 4;

// include/linux/slab.h (6.1) flag values; only SLAB_HWCACHE_ALIGN and SLAB_POISON change behaviour here.
export const SLAB_CONSISTENCY_CHECKS = 0x00000100;
export const SLAB_RED_ZONE = 0x00000400;
export const SLAB_POISON = 0x00000800;
export const SLAB_HWCACHE_ALIGN = 0x00002000;
export const SLAB_CACHE_DMA = 0x00004000;
export const SLAB_CACHE_DMA32 = 0x00008000;
export const SLAB_STORE_USER = 0x00010000;
export const SLAB_RECLAIM_ACCOUNT = 0x00020000;
export const SLAB_TEMPORARY = SLAB_RECLAIM_ACCOUNT;
export const SLAB_PANIC = 0x00040000;
export const SLAB_TYPESAFE_BY_RCU = 0x00080000;
export const SLAB_MEM_SPREAD = 0x00100000;
export const SLAB_TRACE = 0x00200000;
export const SLAB_DEBUG_OBJECTS = 0x00400000;
export const SLAB_NOLEAKTRACE = 0x00800000;
export const SLAB_ACCOUNT = 0x04000000;

export const POISON_INUSE = 0x5a;
export const POISON_FREE = 0x6b;
export const POISON_END = 0xa5;

export interface SlabOptions {
  onBug?: BugReporter;
  /** SLUB-debug-like poisoning of every cache (caches with a ctor or SLAB_TYPESAFE_BY_RCU excepted, like SLUB). */
  poison?: boolean;
  /** Used only for SLUB's min_objects = 4 * (fls(nr_cpus) + 1). */
  nrCpus?: number;
}

export interface SlabInfoRow {
  name: string;
  active_objs: number;
  num_objs: number;
  /** s->size: the object stride, the <objsize> column of /proc/slabinfo. */
  objsize: number;
  /** s->object_size: what kmem_cache_create() was asked for. */
  object_size: number;
  objperslab: number;
  pagesperslab: number;
  active_slabs: number;
  num_slabs: number;
}

export interface Allocation {
  addr: number;
  /** Requested size (kmalloc) or object size (kmem_cache_alloc). */
  size: number;
  /** Cache name, or "kmalloc_large". */
  cache: string;
}

class Slab {
  prev: Slab | null = null;
  next: Slab | null = null;
  onPartial = false;
  inuse = 0;
  nfree: number;
  /** LIFO stack of free object indices (top = next to hand out), like SLUB's freelist. */
  readonly free: Uint16Array;
  /** 1 = allocated. */
  readonly state: Uint8Array;
  /** Owner tag and requested size per object, created on the first tagged allocation in this slab. */
  owner: Int32Array | null = null;
  reqSize: Uint32Array | null = null;

  constructor(
    readonly id: number,
    readonly cache: KmemCache,
    readonly base: number,
  ) {
    const n = cache.objsPerSlab;
    this.free = new Uint16Array(n);
    for (let i = 0; i < n; i++) this.free[i] = n - 1 - i;
    this.nfree = n;
    this.state = new Uint8Array(n);
  }
}

/** struct kmem_cache. Fields named after Linux's. */
export class KmemCache {
  readonly name: string;
  readonly object_size: number;
  readonly size: number;
  readonly align: number;
  readonly flags: number;
  readonly ctor: ((addr: number) => void) | undefined;
  readonly order: number;
  readonly objsPerSlab: number;
  readonly pagesPerSlab: number;
  readonly min_partial: number;
  readonly isKmalloc: boolean;
  readonly poison: boolean;
  /** The "cpu slab": allocations come from here until it is full. */
  cpuSlab: Slab | null = null;
  partialHead: Slab | null = null;
  nrPartial = 0;
  nrSlabs = 0;
  totalObjs = 0;
  activeObjs = 0;
  /** shutdown_cache() failed: the cache stays listed and usable (like Linux); a later destroy may succeed. */
  shutdownFailed = false;
  destroyed = false;

  constructor(
    name: string,
    objectSize: number,
    size: number,
    align: number,
    flags: number,
    ctor: ((addr: number) => void) | undefined,
    order: number,
    isKmalloc: boolean,
    poison: boolean,
  ) {
    this.name = name;
    this.object_size = objectSize;
    this.size = size;
    this.align = align;
    this.flags = flags;
    this.ctor = ctor;
    this.order = order;
    this.pagesPerSlab = 1 << order;
    this.objsPerSlab = Math.floor((PAGE_SIZE << order) / size);
    this.min_partial = Math.min(10, Math.max(5, Math.floor(Math.log2(size) / 2)));
    this.isKmalloc = isKmalloc;
    this.poison = poison;
  }
}

// mm/slab_common.c size_index[]: kmalloc cache index for sizes 1..192, by (size - 1) / 8.
const SIZE_INDEX = new Uint8Array([3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2]);

function kmallocName(size: number): string {
  return size >= 1024 ? `kmalloc-${size >> 10}k` : `kmalloc-${size}`;
}

function fls(x: number): number {
  return 32 - Math.clz32(x);
}

/** mm/slub.c calculate_order()/calc_slab_order() with slub_min_order 0 and slub_max_order 3. */
function calculateOrder(size: number, nrCpus: number): number {
  const slubMaxOrder = 3;
  const orderObjects = (order: number) => Math.floor((PAGE_SIZE << order) / size);
  const calcSlabOrder = (minObjects: number, maxOrder: number, fract: number): number => {
    let order = Math.max(0, get_order(minObjects * size));
    for (; order <= maxOrder; order++) {
      const slabSize = PAGE_SIZE << order;
      if (slabSize % size <= slabSize / fract) break;
    }
    return order;
  };
  let minObjects = 4 * (fls(nrCpus) + 1);
  minObjects = Math.min(minObjects, orderObjects(slubMaxOrder));
  while (minObjects > 1) {
    for (let fraction = 16; fraction >= 4; fraction /= 2) {
      const order = calcSlabOrder(minObjects, slubMaxOrder, fraction);
      if (order <= slubMaxOrder) return order;
    }
    minObjects--;
  }
  let order = calcSlabOrder(1, slubMaxOrder, 1);
  if (order <= slubMaxOrder) return order;
  order = calcSlabOrder(1, MAX_ORDER, 1);
  return order <= MAX_ORDER ? order : -1;
}

export class SlabAllocator {
  readonly pages: PageAllocator;
  private readonly onBug: BugReporter;
  private readonly poisonAll: boolean;
  private readonly nrCpus: number;
  /** All caches, newest first (list_add() onto slab_caches, as /proc/slabinfo shows them). */
  private caches: KmemCache[] = [];
  /** kmalloc_caches[KMALLOC_NORMAL][index]; index 1 = 96, 2 = 192, n = 2^n otherwise. */
  private readonly kmallocCaches: KmemCache[] = [];
  private slabs: (Slab | null)[] = [];
  private freeSlabIds: number[] = [];
  /** Slab id + 1 for each pfn of a slab page, 0 elsewhere. */
  private slabByPfn = new Int32Array(0);
  /** kmalloc_large allocations: address -> order, and owner/requested size when tagged. */
  private readonly large = new Map<number, number>();
  private readonly largeOwner = new Map<number, number>();
  private readonly largeReq = new Map<number, number>();

  constructor(pages: PageAllocator, opts: SlabOptions = {}) {
    this.pages = pages;
    this.onBug = opts.onBug ?? (() => {});
    this.poisonAll = opts.poison ?? false;
    this.nrCpus = Math.max(1, opts.nrCpus ?? 1);
    // create_kmalloc_caches(): 96 right after 64 and 192 right after 128.
    for (let i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
      this.newKmallocCache(i, 1 << i);
      if (i === 6) this.newKmallocCache(1, 96);
      if (i === 7) this.newKmallocCache(2, 192);
    }
  }

  // ---- kmem_cache API ----

  kmem_cache_create(
    name: string,
    size: number,
    align: number,
    flags: number,
    ctor?: (addr: number) => void,
  ): KmemCache | null {
    size = size >>> 0;
    align = align >>> 0;
    const bad = size === 0 || size > KMALLOC_MAX_SIZE || (align & (align - 1)) !== 0;
    const cache = bad ? null : this.createCache(name, size, this.calculateAlignment(flags, align, size), flags, ctor, false);
    if (!cache) {
      if (flags & SLAB_PANIC) this.onBug("panic", `kmem_cache_create: Failed to create slab '${name}'. Error -22`);
      else this.onBug("warn-cache-create", `kmem_cache_create(${name}) failed with error -22`);
    }
    return cache;
  }

  kmem_cache_destroy(cache: KmemCache | null | undefined, caller?: string): void {
    if (!cache) return;
    if (cache.isKmalloc) {
      this.onBug("bad-cache", `kmem_cache_destroy: ${cache.name} is a kmalloc cache`);
      return;
    }
    if (cache.destroyed) {
      this.onBug("bad-cache", `kmem_cache_destroy: cache ${cache.name} already destroyed`);
      return;
    }
    // __kmem_cache_shutdown(): empty slabs go back to the page allocator either way.
    this.kmem_cache_shrink(cache);
    if (cache.activeObjs > 0) {
      cache.shutdownFailed = true;
      this.onBug(
        "cache-busy",
        `kmem_cache_destroy ${cache.name}: Slab cache still has objects` + (caller ? ` when called from ${caller}` : ""),
      );
      return;
    }
    cache.destroyed = true;
    this.caches = this.caches.filter((c) => c !== cache);
  }

  /** Gives the empty slabs (kept as partial ones, or the cpu slab) back to the page allocator. */
  kmem_cache_shrink(cache: KmemCache): number {
    const cpu = cache.cpuSlab;
    if (cpu && cpu.inuse === 0) {
      cache.cpuSlab = null;
      this.discardSlab(cpu);
    }
    for (let s = cache.partialHead; s; ) {
      const next = s.next;
      if (s.inuse === 0) this.discardSlab(s);
      s = next;
    }
    return 0;
  }

  /** kmem_cache_shrink() on every cache (like writing to /proc/sys/vm/drop_caches). */
  shrink_all(): void {
    for (const c of this.caches) this.kmem_cache_shrink(c);
  }

  kmem_cache_alloc(cache: KmemCache, gfp: gfp_t, owner = 0): number {
    if (cache.destroyed) {
      this.onBug("bad-cache", `kmem_cache_alloc: cache ${cache.name} already destroyed`);
      return 0;
    }
    return this.slabAlloc(cache, gfp, owner, cache.object_size);
  }

  kmem_cache_zalloc(cache: KmemCache, gfp: gfp_t, owner = 0): number {
    return this.kmem_cache_alloc(cache, gfp | __GFP_ZERO, owner);
  }

  kmem_cache_free(cache: KmemCache, addr: number): void {
    if (addr === 0) return;
    const slab = this.slabOf(addr);
    if (!slab) {
      this.onBug("invalid-free", `kmem_cache_free(): invalid pointer ${hex8(addr)}`);
      return;
    }
    if (slab.cache !== cache) {
      this.onBug("wrong-cache", `kmem_cache_free: Wrong slab cache. ${cache.name} but object is from ${slab.cache.name}`);
    }
    this.slabFree(slab, addr);
  }

  kmem_cache_size(cache: KmemCache): number {
    return cache.object_size;
  }

  /** The kmalloc cache serving `size`, or null above KMALLOC_MAX_CACHE_SIZE (for tests and /proc). */
  kmalloc_slab(size: number): KmemCache | null {
    size = size >>> 0;
    if (size === 0 || size > KMALLOC_MAX_CACHE_SIZE) return null;
    return this.kmallocCaches[size <= 192 ? SIZE_INDEX[(size - 1) >> 3]! : fls(size - 1)]!;
  }

  // ---- kmalloc family ----

  kmalloc(size: number, gfp: gfp_t, owner = 0): number {
    size = size >>> 0;
    if (size <= 192) {
      if (size === 0) return ZERO_SIZE_PTR;
      return this.slabAlloc(this.kmallocCaches[SIZE_INDEX[(size - 1) >> 3]!]!, gfp, owner, size);
    }
    if (size <= KMALLOC_MAX_CACHE_SIZE) return this.slabAlloc(this.kmallocCaches[fls(size - 1)]!, gfp, owner, size);
    return this.kmalloc_large(size, gfp, owner);
  }

  /** Page-allocator backed kmalloc above 8 KiB; order > MAX_ORDER fails with the page allocator's warning. */
  kmalloc_large(size: number, gfp: gfp_t, owner = 0): number {
    size = size >>> 0;
    const order = get_order(size);
    const addr = this.pages.alloc_pages(order, gfp);
    if (addr === 0) return 0;
    this.large.set(addr, order);
    if (owner !== 0) {
      this.largeOwner.set(addr, owner);
      this.largeReq.set(addr, size);
    }
    return addr;
  }

  kzalloc(size: number, gfp: gfp_t, owner = 0): number {
    return this.kmalloc(size, gfp | __GFP_ZERO, owner);
  }

  /** kmalloc_array(): 0 when n * size overflows size_t (32 bits). */
  kmalloc_array(n: number, size: number, gfp: gfp_t, owner = 0): number {
    n = n >>> 0;
    size = size >>> 0;
    if (size !== 0 && n > Math.floor(0xffffffff / size)) return 0;
    return this.kmalloc(n * size, gfp, owner);
  }

  kcalloc(n: number, size: number, gfp: gfp_t, owner = 0): number {
    return this.kmalloc_array(n, size, gfp | __GFP_ZERO, owner);
  }

  kmemdup(src: number, len: number, gfp: gfp_t, owner = 0): number {
    const p = this.kmalloc(len, gfp, owner);
    if (p > ZERO_SIZE_PTR && len > 0) this.pages.pm.bytes().copyWithin(p, src, src + len);
    return p;
  }

  kfree(addr: number): void {
    if (addr >>> 0 <= ZERO_SIZE_PTR) return;
    const slab = this.slabOf(addr);
    if (slab) {
      this.slabFree(slab, addr);
      return;
    }
    const order = this.large.get(addr);
    if (order === undefined) {
      this.onBug("invalid-free", `kfree(): invalid pointer ${hex8(addr)}`);
      return;
    }
    this.large.delete(addr);
    this.largeOwner.delete(addr);
    this.largeReq.delete(addr);
    this.pages.free_pages(addr, order);
  }

  /** Usable size: the cache's object stride (object_size when poisoning), or the page run; 0 if unknown. */
  ksize(addr: number): number {
    if (addr >>> 0 <= ZERO_SIZE_PTR) return 0;
    const slab = this.slabOf(addr);
    if (slab) return slab.cache.poison ? slab.cache.object_size : slab.cache.size;
    const order = this.large.get(addr);
    return order === undefined ? 0 : PAGE_SIZE << order;
  }

  /**
   * krealloc() of Linux 6.1: keeps the object when ksize() already covers newSize, else allocates, copies
   * ksize() bytes and frees the old one; newSize 0 frees and returns ZERO_SIZE_PTR. The owner defaults to
   * the old allocation's.
   */
  krealloc(addr: number, newSize: number, gfp: gfp_t, owner?: number): number {
    newSize = newSize >>> 0;
    if (newSize === 0) {
      this.kfree(addr);
      return ZERO_SIZE_PTR;
    }
    const ks = ZERO_OR_NULL_PTR(addr) ? 0 : this.ksize(addr);
    if (ks >= newSize) {
      this.setReqSize(addr, newSize);
      return addr;
    }
    const ret = this.kmalloc(newSize, gfp, owner ?? this.ownerOf(addr));
    if (ret !== 0 && !ZERO_OR_NULL_PTR(addr)) {
      if (ks > 0) this.pages.pm.bytes().copyWithin(ret, addr, addr + ks);
      this.kfree(addr);
    }
    return ret;
  }

  // ---- introspection ----

  /** Owner tag given at allocation time (0 if none or not a live allocation start). */
  ownerOf(addr: number): number {
    const slab = this.slabOf(addr);
    if (slab) {
      const idx = (addr - slab.base) / slab.cache.size;
      return Number.isInteger(idx) && slab.owner && slab.state[idx] ? slab.owner[idx]! : 0;
    }
    return this.largeOwner.get(addr) ?? 0;
  }

  /** Live allocations tagged with `owner`, by address (for a kmemleak-like report at module removal). */
  allocations(owner: number): Allocation[] {
    const out: Allocation[] = [];
    for (const slab of this.slabs) {
      if (!slab || !slab.owner) continue;
      const { owner: own, reqSize, state, cache } = slab;
      for (let i = 0; i < cache.objsPerSlab; i++) {
        if (state[i] && own[i] === owner) out.push({ addr: slab.base + i * cache.size, size: reqSize![i]!, cache: cache.name });
      }
    }
    for (const [addr, o] of this.largeOwner) {
      if (o === owner) out.push({ addr, size: this.largeReq.get(addr)!, cache: "kmalloc_large" });
    }
    return out.sort((a, b) => a.addr - b.addr);
  }

  /** Rows for /proc/slabinfo, newest cache first like Linux's slab_caches list. */
  slabinfo(): SlabInfoRow[] {
    return this.caches.map((c) => ({
      name: c.name,
      active_objs: c.activeObjs,
      num_objs: c.totalObjs,
      objsize: c.size,
      object_size: c.object_size,
      objperslab: c.objsPerSlab,
      pagesperslab: c.pagesPerSlab,
      active_slabs: c.nrSlabs,
      num_slabs: c.nrSlabs,
    }));
  }

  /** /proc/slabinfo text in Linux's "slabinfo - version: 2.1" format. */
  slabinfo_text(): string {
    const pad = (v: number, w: number) => String(v).padStart(w);
    let s =
      "slabinfo - version: 2.1\n" +
      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>" +
      " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n";
    for (const r of this.slabinfo()) {
      s +=
        `${r.name.padEnd(17)} ${pad(r.active_objs, 6)} ${pad(r.num_objs, 6)} ${pad(r.objsize, 6)} ` +
        `${pad(r.objperslab, 4)} ${pad(r.pagesperslab, 4)} : tunables ${pad(0, 4)} ${pad(0, 4)} ${pad(0, 4)}` +
        ` : slabdata ${pad(r.active_slabs, 6)} ${pad(r.num_slabs, 6)} ${pad(0, 6)}\n`;
    }
    return s;
  }

  /** Every live allocation (any owner): [addr, size] pairs, for invariant checks in tests. */
  liveRanges(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const slab of this.slabs) {
      if (!slab) continue;
      for (let i = 0; i < slab.cache.objsPerSlab; i++) {
        if (slab.state[i]) out.push([slab.base + i * slab.cache.size, slab.cache.size]);
      }
    }
    for (const [addr, order] of this.large) out.push([addr, PAGE_SIZE << order]);
    return out;
  }

  // ---- internals ----

  private calculateAlignment(flags: number, align: number, size: number): number {
    if (flags & SLAB_HWCACHE_ALIGN) {
      let ralign = CACHE_LINE_SIZE;
      while (size <= ralign / 2) ralign /= 2;
      align = Math.max(align, ralign);
    }
    align = Math.max(align, ARCH_SLAB_MINALIGN);
    return (align + WORD - 1) & ~(WORD - 1);
  }

  private createCache(
    name: string,
    objectSize: number,
    align: number,
    flags: number,
    ctor: ((addr: number) => void) | undefined,
    isKmalloc: boolean,
  ): KmemCache | null {
    let size = (objectSize + WORD - 1) & ~(WORD - 1);
    size = Math.ceil(size / align) * align;
    const order = calculateOrder(size, this.nrCpus);
    if (order < 0) return null;
    const poison = (this.poisonAll || (flags & SLAB_POISON) !== 0) && !ctor && !(flags & SLAB_TYPESAFE_BY_RCU);
    const cache = new KmemCache(name, objectSize, size, align, flags, ctor, order, isKmalloc, poison);
    this.caches.unshift(cache);
    return cache;
  }

  private newKmallocCache(index: number, size: number): void {
    // create_boot_cache(): power-of-two kmalloc caches are naturally aligned.
    const align = (size & (size - 1)) === 0 ? Math.max(ARCH_KMALLOC_MINALIGN, size) : ARCH_KMALLOC_MINALIGN;
    this.kmallocCaches[index] = this.createCache(kmallocName(size), size, align, 0, undefined, true)!;
  }

  private slabOf(addr: number): Slab | null {
    const pfn = Math.floor((addr >>> 0) / PAGE_SIZE);
    const id = pfn < this.slabByPfn.length ? this.slabByPfn[pfn]! : 0;
    return id === 0 ? null : this.slabs[id - 1]!;
  }

  private slabAlloc(cache: KmemCache, gfp: gfp_t, owner: number, reqSize: number): number {
    let slab = cache.cpuSlab;
    if (slab === null || slab.nfree === 0) {
      slab = this.refill(cache, gfp);
      if (slab === null) return 0;
    }
    const idx = slab.free[--slab.nfree]!;
    slab.state[idx] = 1;
    slab.inuse++;
    cache.activeObjs++;
    if (owner !== 0 || slab.owner) this.tag(slab, idx, owner, reqSize);
    const addr = slab.base + idx * cache.size;
    if (cache.poison) this.checkPoison(cache, addr);
    if (gfp & __GFP_ZERO) this.pages.pm.bytes().fill(0, addr, addr + cache.object_size);
    else if (cache.poison) this.pages.pm.bytes().fill(POISON_INUSE, addr, addr + cache.object_size);
    return addr;
  }

  private tag(slab: Slab, idx: number, owner: number, reqSize: number): void {
    if (!slab.owner) {
      slab.owner = new Int32Array(slab.cache.objsPerSlab);
      slab.reqSize = new Uint32Array(slab.cache.objsPerSlab);
    }
    slab.owner[idx] = owner;
    slab.reqSize![idx] = reqSize;
  }

  private setReqSize(addr: number, size: number): void {
    const slab = this.slabOf(addr);
    if (slab) {
      if (slab.reqSize) slab.reqSize[(addr - slab.base) / slab.cache.size] = size;
    } else if (this.largeReq.has(addr)) {
      this.largeReq.set(addr, size);
    }
  }

  /** ___slab_alloc(): the cpu slab is full (SLUB forgets full slabs); take a partial one or a new one. */
  private refill(cache: KmemCache, gfp: gfp_t): Slab | null {
    let slab = cache.partialHead;
    if (slab) {
      this.removePartial(slab);
    } else {
      slab = this.newSlab(cache, gfp);
      if (!slab) return null;
    }
    cache.cpuSlab = slab;
    return slab;
  }

  private newSlab(cache: KmemCache, gfp: gfp_t): Slab | null {
    const base = this.pages.alloc_pages(cache.order, gfp & ~__GFP_ZERO);
    if (base === 0) return null;
    const id = this.freeSlabIds.length > 0 ? this.freeSlabIds.pop()! : this.slabs.length;
    const slab = new Slab(id, cache, base);
    this.slabs[id] = slab;
    const pfn = base / PAGE_SIZE;
    const endPfn = pfn + cache.pagesPerSlab;
    if (endPfn > this.slabByPfn.length) {
      const grown = new Int32Array(Math.max(endPfn, this.pages.max_pfn(), this.slabByPfn.length * 2));
      grown.set(this.slabByPfn);
      this.slabByPfn = grown;
    }
    this.slabByPfn.fill(id + 1, pfn, endPfn);
    cache.nrSlabs++;
    cache.totalObjs += cache.objsPerSlab;
    if (cache.poison) {
      const mem = this.pages.pm.bytes();
      for (let i = 0; i < cache.objsPerSlab; i++) this.poisonFree(mem, base + i * cache.size, cache.object_size);
    }
    if (cache.ctor) {
      for (let i = 0; i < cache.objsPerSlab; i++) cache.ctor(base + i * cache.size);
    }
    return slab;
  }

  private discardSlab(slab: Slab): void {
    const cache = slab.cache;
    if (slab.onPartial) this.removePartial(slab);
    const pfn = slab.base / PAGE_SIZE;
    this.slabByPfn.fill(0, pfn, pfn + cache.pagesPerSlab);
    this.slabs[slab.id] = null;
    this.freeSlabIds.push(slab.id);
    cache.nrSlabs--;
    cache.totalObjs -= cache.objsPerSlab;
    this.pages.free_pages(slab.base, cache.order);
  }

  private slabFree(slab: Slab, addr: number): void {
    const cache = slab.cache;
    const off = addr - slab.base;
    const idx = Math.floor(off / cache.size);
    if (off % cache.size !== 0 || idx >= cache.objsPerSlab) {
      this.onBug("invalid-free", `BUG ${cache.name} (Not tainted): Invalid object pointer ${hex8(addr)}`);
      return;
    }
    if (slab.state[idx] === 0) {
      this.onBug("double-free", `BUG ${cache.name} (Not tainted): Object already free`);
      return;
    }
    slab.state[idx] = 0;
    slab.free[slab.nfree++] = idx;
    slab.inuse--;
    cache.activeObjs--;
    if (slab.owner) slab.owner[idx] = 0;
    if (cache.poison) this.poisonFree(this.pages.pm.bytes(), addr, cache.object_size);
    if (slab === cache.cpuSlab) return;
    // __slab_free(): a full slab becomes partial; an empty one is discarded once enough partials are kept.
    if (!slab.onPartial) this.pushPartial(slab);
    if (slab.inuse === 0 && cache.nrPartial > cache.min_partial) this.discardSlab(slab);
  }

  private pushPartial(slab: Slab): void {
    const cache = slab.cache;
    slab.prev = null;
    slab.next = cache.partialHead;
    if (cache.partialHead) cache.partialHead.prev = slab;
    cache.partialHead = slab;
    slab.onPartial = true;
    cache.nrPartial++;
  }

  private removePartial(slab: Slab): void {
    const cache = slab.cache;
    if (slab.prev) slab.prev.next = slab.next;
    else cache.partialHead = slab.next;
    if (slab.next) slab.next.prev = slab.prev;
    slab.prev = slab.next = null;
    slab.onPartial = false;
    cache.nrPartial--;
  }

  private poisonFree(mem: Uint8Array, addr: number, len: number): void {
    mem.fill(POISON_FREE, addr, addr + len - 1);
    mem[addr + len - 1] = POISON_END;
  }

  private checkPoison(cache: KmemCache, addr: number): void {
    const mem = this.pages.pm.bytes();
    const len = cache.object_size;
    for (let i = 0; i < len; i++) {
      const want = i === len - 1 ? POISON_END : POISON_FREE;
      if (mem[addr + i] !== want) {
        let last = len - 1;
        while (last > i && mem[addr + last] === (last === len - 1 ? POISON_END : POISON_FREE)) last--;
        this.onBug(
          "poison-overwritten",
          `BUG ${cache.name} (Not tainted): Poison overwritten\n` +
            `INFO: ${hex8(addr + i)}-${hex8(addr + last)} @offset=${i}. ` +
            `First byte 0x${mem[addr + i]!.toString(16)} instead of 0x${want.toString(16)}`,
        );
        return;
      }
    }
  }
}
