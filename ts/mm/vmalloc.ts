// mm/vmalloc.c (+ kvmalloc/kvfree of mm/util.c): page-granular areas that are physically contiguous runs
// of the single address space (alloc_pages_exact), so there is no separate VMALLOC_START range and no guard page.
//
// Bug reports / warnings (onBug(kind, msg)):
//   kind "bad-vfree"     "Trying to vfree() bad address (0x%08x)"          (not page aligned)
//   kind "bad-vfree"     "Trying to vfree() nonexistent vm area (0x%08x)"  (not an area start, or already freed)
//   kind "warn-vmalloc"  "WARNING: at mm/vmalloc.c: __vmalloc_node_range: size 0"   (once, like WARN_ON_ONCE)
//   kind "warn-vmalloc"  "vmalloc error: size %d, failed to allocate pages, mode:0x%x(%pGg), nodemask=(null)"
//                        (not with __GFP_NOWARN; Linux prefixes the task name)

import {
  GFP_KERNEL,
  __GFP_NOFAIL,
  __GFP_NORETRY,
  __GFP_NOWARN,
  __GFP_RETRY_MAYFAIL,
  __GFP_ZERO,
  gfp_mode,
  gfpflags_allow_blocking,
  type gfp_t,
} from "./gfp.js";
import { PAGE_SIZE, hex8, type BugReporter, type PageAllocator } from "./page_alloc.js";
import { ZERO_OR_NULL_PTR, type Allocation, type SlabAllocator } from "./slab.js";

export interface VmallocOptions {
  onBug?: BugReporter;
}

export interface VmArea {
  addr: number;
  /** Bytes, a multiple of PAGE_SIZE. */
  size: number;
  nr_pages: number;
  owner: number;
  /** Requested size. */
  requested: number;
}

const INT_MAX = 0x7fffffff;

export class Vmalloc {
  readonly pages: PageAllocator;
  readonly slab: SlabAllocator;
  private readonly onBug: BugReporter;
  /** Areas by first pfn. */
  private readonly areas = new Map<number, VmArea>();
  /** First pfn + 1 of the covering area for each pfn, 0 elsewhere (is_vmalloc_addr on interior pointers). */
  private areaByPfn = new Int32Array(0);
  private warnedZero = false;

  constructor(pages: PageAllocator, slab: SlabAllocator, opts: VmallocOptions = {}) {
    this.pages = pages;
    this.slab = slab;
    this.onBug = opts.onBug ?? (() => {});
  }

  vmalloc(size: number, owner = 0): number {
    return this.__vmalloc(size, GFP_KERNEL, owner);
  }

  vzalloc(size: number, owner = 0): number {
    return this.__vmalloc(size, GFP_KERNEL | __GFP_ZERO, owner);
  }

  __vmalloc(size: number, gfp: gfp_t, owner = 0): number {
    size = size >>> 0;
    if (size === 0) {
      if (!this.warnedZero) {
        this.warnedZero = true;
        this.onBug("warn-vmalloc", "WARNING: at mm/vmalloc.c: __vmalloc_node_range: size 0");
      }
      return 0;
    }
    const nrPages = Math.ceil(size / PAGE_SIZE);
    const addr = this.pages.alloc_pages_exact(nrPages, gfp | __GFP_NOWARN);
    if (addr === 0) {
      if (!(gfp & __GFP_NOWARN)) {
        this.onBug(
          "warn-vmalloc",
          `vmalloc error: size ${nrPages * PAGE_SIZE}, failed to allocate pages, mode:${gfp_mode(gfp)}, nodemask=(null)`,
        );
      }
      return 0;
    }
    const pfn = addr / PAGE_SIZE;
    this.areas.set(pfn, { addr, size: nrPages * PAGE_SIZE, nr_pages: nrPages, owner, requested: size });
    if (pfn + nrPages > this.areaByPfn.length) {
      const grown = new Int32Array(Math.max(pfn + nrPages, this.pages.max_pfn(), this.areaByPfn.length * 2));
      grown.set(this.areaByPfn);
      this.areaByPfn = grown;
    }
    this.areaByPfn.fill(pfn + 1, pfn, pfn + nrPages);
    return addr;
  }

  vfree(addr: number): void {
    if (addr === 0) return;
    if (addr % PAGE_SIZE !== 0) {
      this.onBug("bad-vfree", `Trying to vfree() bad address (${hex8(addr)})`);
      return;
    }
    const pfn = addr / PAGE_SIZE;
    const area = this.areas.get(pfn);
    if (!area) {
      this.onBug("bad-vfree", `Trying to vfree() nonexistent vm area (${hex8(addr)})`);
      return;
    }
    this.areas.delete(pfn);
    this.areaByPfn.fill(0, pfn, pfn + area.nr_pages);
    this.pages.free_pages_exact(addr, area.nr_pages);
  }

  /** Size in bytes of the area starting at addr (page multiple), 0 if addr does not start one. */
  vmalloc_size(addr: number): number {
    if (addr % PAGE_SIZE !== 0) return 0;
    return this.areas.get(addr / PAGE_SIZE)?.size ?? 0;
  }

  /** True for any address inside a live vmalloc area (Linux tests the VMALLOC_START..END range). */
  is_vmalloc_addr(addr: number): boolean {
    const pfn = Math.floor((addr >>> 0) / PAGE_SIZE);
    return pfn < this.areaByPfn.length && this.areaByPfn[pfn] !== 0;
  }

  /** The area containing addr, if any. */
  find_vm_area(addr: number): VmArea | undefined {
    const pfn = Math.floor((addr >>> 0) / PAGE_SIZE);
    const head = pfn < this.areaByPfn.length ? this.areaByPfn[pfn]! : 0;
    return head === 0 ? undefined : this.areas.get(head - 1);
  }

  /** kvmalloc_node() of Linux 6.1: kmalloc first (quietly when above a page), vmalloc as the fallback. */
  kvmalloc(size: number, gfp: gfp_t, owner = 0): number {
    size = size >>> 0;
    let kflags = gfp;
    if (size > PAGE_SIZE) {
      kflags |= __GFP_NOWARN;
      if (!(kflags & __GFP_RETRY_MAYFAIL)) kflags |= __GFP_NORETRY;
      kflags &= ~__GFP_NOFAIL;
    }
    const p = this.slab.kmalloc(size, kflags, owner);
    if (p !== 0 || size <= PAGE_SIZE) return p;
    if (!gfpflags_allow_blocking(gfp)) return 0;
    if (size > INT_MAX) return 0;
    return this.__vmalloc(size, gfp, owner);
  }

  kvzalloc(size: number, gfp: gfp_t, owner = 0): number {
    return this.kvmalloc(size, gfp | __GFP_ZERO, owner);
  }

  kvmalloc_array(n: number, size: number, gfp: gfp_t, owner = 0): number {
    n = n >>> 0;
    size = size >>> 0;
    if (size !== 0 && n > Math.floor(0xffffffff / size)) return 0;
    return this.kvmalloc(n * size, gfp, owner);
  }

  kvcalloc(n: number, size: number, gfp: gfp_t, owner = 0): number {
    return this.kvmalloc_array(n, size, gfp | __GFP_ZERO, owner);
  }

  kvfree(addr: number): void {
    if (this.is_vmalloc_addr(addr)) this.vfree(addr);
    else this.slab.kfree(addr);
  }

  /** kvrealloc() of 6.1: a new kvmalloc() of newSize, oldSize bytes copied, the old one kvfree()d. */
  kvrealloc(addr: number, oldSize: number, newSize: number, gfp: gfp_t, owner?: number): number {
    oldSize = oldSize >>> 0;
    newSize = newSize >>> 0;
    if (oldSize >= newSize) return addr;
    const p = this.kvmalloc(newSize, gfp, owner ?? this.ownerOf(addr));
    if (p === 0) return 0;
    if (!ZERO_OR_NULL_PTR(addr) && oldSize > 0) this.pages.pm.bytes().copyWithin(p, addr, addr + oldSize);
    this.kvfree(addr);
    return p;
  }

  /** Owner tag of the vmalloc area or kmalloc object starting at addr (0 if none). */
  ownerOf(addr: number): number {
    if (addr % PAGE_SIZE === 0) {
      const a = this.areas.get(addr / PAGE_SIZE);
      if (a) return a.owner;
    }
    return this.slab.ownerOf(addr);
  }

  /** Live areas tagged with `owner`, by address. */
  allocations(owner: number): Allocation[] {
    const out: Allocation[] = [];
    for (const a of this.areas.values()) if (a.owner === owner) out.push({ addr: a.addr, size: a.requested, cache: "vmalloc" });
    return out.sort((x, y) => x.addr - y.addr);
  }

  /** All live areas by address (for /proc/vmallocinfo). */
  vmallocinfo(): VmArea[] {
    return [...this.areas.values()].sort((x, y) => x.addr - y.addr);
  }
}
