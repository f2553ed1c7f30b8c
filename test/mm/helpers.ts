// Shared set-up for the mm tests: a fresh 16 MiB WebAssembly.Memory and the allocator stack over it.
import { createPhysMem } from "../../ts/mm/physmem.js";
import { PageAllocator } from "../../ts/mm/page_alloc.js";
import { SlabAllocator } from "../../ts/mm/slab.js";
import { Vmalloc } from "../../ts/mm/vmalloc.js";

export const MiB = 1 << 20;

export interface Bug {
  kind: string;
  msg: string;
}

export function makeMem(initialMiB = 16, maxMiB = 64) {
  const memory = new WebAssembly.Memory({ initial: (initialMiB * MiB) / 65536, maximum: (maxMiB * MiB) / 65536 });
  return createPhysMem(memory, maxMiB * MiB);
}

export function makeStack(opts: { initialMiB?: number; maxMiB?: number; start?: number; poison?: boolean } = {}) {
  const bugs: Bug[] = [];
  const onBug = (kind: string, msg: string) => {
    bugs.push({ kind, msg });
  };
  const pm = makeMem(opts.initialMiB ?? 16, opts.maxMiB ?? 64);
  const pages = new PageAllocator(pm, opts.start ?? MiB, pm.size(), { onBug });
  const slab = new SlabAllocator(pages, { onBug, poison: opts.poison ?? false });
  const vm = new Vmalloc(pages, slab, { onBug });
  return { pm, pages, slab, vm, bugs };
}

/** mulberry32: a tiny seeded PRNG so the random tests are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
