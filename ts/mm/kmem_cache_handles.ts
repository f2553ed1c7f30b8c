// kemu: the `struct kmem_cache *` a module holds. The cache itself is a TS object (out-of-band
// metadata); C gets a small kernel allocation holding the cache name as its handle.
import type { KmemCache } from "./slab.js";
import type { Kernel } from "../kernel/kernel.js";

export class KmemCacheHandles {
  private readonly byHandle = new Map<number, KmemCache>();
  constructor(private readonly k: Kernel) {}

  create(namePtr: number, size: number, align: number, flags: number, ctor: number): number {
    const k = this.k;
    const name = k.mem.readCString(namePtr, 64);
    const ctorFn = ctor ? (addr: number) => void k.callFunctionPointer(ctor, addr) : undefined;
    const cache = k.mm.slab.kmem_cache_create(name, size, align, flags, ctorFn);
    if (!cache) return 0;
    const handle = k.mm.kstrdup(name);
    this.byHandle.set(handle, cache);
    return handle;
  }
  get(handle: number): KmemCache | undefined {
    return this.byHandle.get(handle >>> 0);
  }
  alloc(handle: number, gfp: number): number {
    const c = this.get(handle);
    return c ? this.k.mm.slab.kmem_cache_alloc(c, gfp) : 0;
  }
  destroy(handle: number): void {
    const c = this.get(handle);
    if (!c) return;
    this.k.mm.slab.kmem_cache_destroy(c);
    this.byHandle.delete(handle >>> 0);
    this.k.mm.slab.kfree(handle >>> 0);
  }
  name(handle: number): number {
    return this.get(handle) ? handle >>> 0 : 0;
  }
}
