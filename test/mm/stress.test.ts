import { describe, expect, it } from "vitest";
import { GFP_KERNEL, __GFP_ZERO } from "../../ts/mm/gfp.js";
import { PAGE_SIZE } from "../../ts/mm/page_alloc.js";
import type { KmemCache } from "../../ts/mm/slab.js";
import { makeStack, rng } from "./helpers.js";

type Kind = "kmalloc" | "cache" | "vmalloc" | "kvmalloc";
/** Plain assertion: expect() is too slow for a million checks. */
function ok(cond: boolean, what: string | (() => string)): void {
  if (!cond) throw new Error(typeof what === "string" ? what : what());
}

interface Live {
  addr: number;
  size: number;
  kind: Kind;
  cache?: KmemCache;
  tag: number;
}

describe("stress", () => {
  it("100k seeded alloc/free operations keep allocations disjoint and in bounds", () => {
    const { slab, vm, pages, pm, bugs } = makeStack({ initialMiB: 16, maxMiB: 512 });
    const r = rng(0xc0ffee);
    const caches = [
      slab.kmem_cache_create("stress_a", 24, 0, 0)!,
      slab.kmem_cache_create("stress_b", 300, 64, 0)!,
      slab.kmem_cache_create("stress_c", 5000, 0, 0)!,
    ];
    const live: Live[] = [];
    const byAddr = new Map<number, Live>();
    let nextTag = 1;
    let badFrees = 0;

    const dv = () => new DataView(pm.memory.buffer);
    const stamp = (l: Live) => {
      const d = dv();
      d.setUint32(l.addr, l.tag, true);
      if (l.size >= 8) d.setUint32(l.addr + l.size - 4, l.tag ^ 0xffffffff, true);
    };
    const check = (l: Live) => {
      const d = dv();
      ok(d.getUint32(l.addr, true) === l.tag, () => `head tag of ${l.kind} 0x${l.addr.toString(16)} overwritten`);
      if (l.size >= 8)
        ok(d.getUint32(l.addr + l.size - 4, true) === (l.tag ^ 0xffffffff) >>> 0, () => `tail tag of 0x${l.addr.toString(16)} overwritten`);
    };
    const add = (addr: number, size: number, kind: Kind, cache?: KmemCache) => {
      ok(addr > 16, `${kind} of ${size} failed`);
      ok(!byAddr.has(addr), () => `0x${addr.toString(16)} handed out twice`);
      const l: Live = { addr, size, kind, cache, tag: nextTag++ >>> 0 };
      live.push(l);
      byAddr.set(addr, l);
      stamp(l);
    };
    const usable = (l: Live) =>
      l.kind === "vmalloc" || (l.kind === "kvmalloc" && vm.is_vmalloc_addr(l.addr)) ? vm.vmalloc_size(l.addr) : slab.ksize(l.addr);
    const invariant = () => {
      const sorted = [...live].sort((a, b) => a.addr - b.addr);
      const top = pm.size();
      for (let i = 0; i < sorted.length; i++) {
        const l = sorted[i]!;
        const u = usable(l);
        const at = () => `${l.kind} 0x${l.addr.toString(16)} (${l.size}, usable ${u})`;
        ok(u >= l.size, () => `usable size too small: ${at()}`);
        ok(l.addr >= PAGE_SIZE && l.addr + u <= top, () => `out of bounds: ${at()}`);
        if (i + 1 < sorted.length) ok(l.addr + u <= sorted[i + 1]!.addr, () => `overlap: ${at()} and 0x${sorted[i + 1]!.addr.toString(16)}`);
        check(l);
      }
      const slabLive = live.filter((l) => !vm.is_vmalloc_addr(l.addr)).length;
      expect(slab.liveRanges().length).toBe(slabLive);
    };
    const removeAt = (i: number) => {
      const l = live[i]!;
      live[i] = live[live.length - 1]!;
      live.pop();
      byAddr.delete(l.addr);
      return l;
    };
    const randomSize = () => {
      const x = r();
      if (x < 0.7) return 1 + Math.floor(r() * 256);
      if (x < 0.92) return 257 + Math.floor(r() * 7936);
      return 8193 + Math.floor(r() * 60000);
    };

    for (let op = 0; op < 100_000; op++) {
      const x = r();
      const pFree = Math.min(0.9, live.length / 4000);
      if (live.length > 0 && x < pFree) {
        const l = removeAt(Math.floor(r() * live.length));
        check(l);
        if (l.kind === "cache") slab.kmem_cache_free(l.cache!, l.addr);
        else if (l.kind === "vmalloc") vm.vfree(l.addr);
        else if (l.kind === "kvmalloc") vm.kvfree(l.addr);
        else slab.kfree(l.addr);
        continue;
      }
      const y = r();
      if (y < 0.6) {
        const size = randomSize();
        add(slab.kmalloc(size, r() < 0.2 ? GFP_KERNEL | __GFP_ZERO : GFP_KERNEL), size, "kmalloc");
      } else if (y < 0.75) {
        const c = caches[Math.floor(r() * caches.length)]!;
        add(slab.kmem_cache_alloc(c, GFP_KERNEL), c.object_size, "cache", c);
      } else if (y < 0.8) {
        const size = 1 + Math.floor(r() * 200_000);
        add(vm.vmalloc(size), size, "vmalloc");
      } else if (y < 0.83) {
        const size = 1 + Math.floor(r() * (r() < 0.5 ? 4096 : 2_000_000));
        add(vm.kvmalloc(size, GFP_KERNEL), size, "kvmalloc");
      } else if (y < 0.95) {
        const cands = live.length > 0 ? live[Math.floor(r() * live.length)]! : null;
        if (!cands || cands.kind !== "kmalloc") continue;
        const newSize = randomSize();
        const oldTag = cands.tag;
        const p = slab.krealloc(cands.addr, newSize, GFP_KERNEL);
        ok(p > 16, "krealloc failed");
        if (newSize >= 4) ok(dv().getUint32(p, true) === oldTag, "krealloc lost the content");
        removeAt(live.indexOf(cands));
        add(p, newSize, "kmalloc");
      } else {
        // A bad free: an address that is not the start of any live allocation must be reported and ignored.
        const base = live.length > 0 ? live[Math.floor(r() * live.length)]!.addr : 0x100000;
        const addr = base + (r() < 0.5 ? 8 : -PAGE_SIZE * Math.floor(r() * 4) - 64);
        if (addr <= 16 || byAddr.has(addr)) continue;
        const before = bugs.length;
        slab.kfree(addr);
        ok(bugs.length === before + 1, () => `bad free of 0x${addr.toString(16)} not reported`);
        badFrees++;
      }
      if (op % 10_000 === 0) invariant();
    }
    invariant();
    expect(badFrees).toBeGreaterThan(100);
    expect(bugs.filter((b) => !["invalid-free", "double-free"].includes(b.kind))).toEqual([]);

    for (const l of live) {
      check(l);
      if (l.kind === "cache") slab.kmem_cache_free(l.cache!, l.addr);
      else if (l.kind === "vmalloc") vm.vfree(l.addr);
      else vm.kvfree(l.addr);
    }
    for (const c of caches) slab.kmem_cache_destroy(c);
    slab.shrink_all();
    expect(bugs.filter((b) => !["invalid-free", "double-free"].includes(b.kind))).toEqual([]);
    expect(pages.nr_free_pages()).toBe(pages.totalram_pages());
  });
});
