import { describe, expect, it } from "vitest";
import { GFP_ATOMIC, GFP_KERNEL, __GFP_NOWARN } from "../../ts/mm/gfp.js";
import { PAGE_SIZE } from "../../ts/mm/page_alloc.js";
import { SLAB_HWCACHE_ALIGN, SLAB_POISON, ZERO_SIZE_PTR } from "../../ts/mm/slab.js";
import { MiB, makeStack } from "./helpers.js";

const str = (mem: Uint8Array, addr: number, n: number) => Buffer.from(mem.subarray(addr, addr + n)).toString("latin1");

describe("kmalloc size classes", () => {
  it("uses Linux's kmalloc caches", () => {
    const { slab } = makeStack();
    const names = (sizes: number[]) => sizes.map((s) => slab.kmalloc_slab(s)?.name ?? null);
    expect(names([1, 8, 9, 16, 17, 24, 32, 33, 64, 65, 96, 97, 128, 129, 192, 193, 256, 257, 512, 1000, 1024, 1025, 2048, 4096, 8192, 8193])).toEqual([
      "kmalloc-8", "kmalloc-8", "kmalloc-16", "kmalloc-16", "kmalloc-32", "kmalloc-32", "kmalloc-32", "kmalloc-64",
      "kmalloc-64", "kmalloc-96", "kmalloc-96", "kmalloc-128", "kmalloc-128", "kmalloc-192", "kmalloc-192",
      "kmalloc-256", "kmalloc-256", "kmalloc-512", "kmalloc-512", "kmalloc-1k", "kmalloc-1k", "kmalloc-2k",
      "kmalloc-2k", "kmalloc-4k", "kmalloc-8k", null,
    ]);
    expect(slab.slabinfo().map((r) => r.name)).toEqual([
      "kmalloc-8k", "kmalloc-4k", "kmalloc-2k", "kmalloc-1k", "kmalloc-512", "kmalloc-256", "kmalloc-192",
      "kmalloc-128", "kmalloc-96", "kmalloc-64", "kmalloc-32", "kmalloc-16", "kmalloc-8",
    ]);
  });

  it("kmalloc(33) is a kmalloc-64 object, 100 -> 128, 200 -> 256, 9000 -> pages", () => {
    const { slab, pages, bugs } = makeStack();
    const a = slab.kmalloc(33, GFP_KERNEL);
    expect(a % 64).toBe(0);
    expect(slab.ksize(a)).toBe(64);
    expect(slab.ksize(slab.kmalloc(100, GFP_KERNEL))).toBe(128);
    expect(slab.ksize(slab.kmalloc(200, GFP_KERNEL))).toBe(256);
    expect(slab.ksize(slab.kmalloc(96, GFP_KERNEL))).toBe(96);
    const big = slab.kmalloc(9000, GFP_KERNEL);
    expect(big % PAGE_SIZE).toBe(0);
    expect(slab.ksize(big)).toBe(16384);
    expect(pages.page_order(big)).toBe(2);
    const rows = Object.fromEntries(slab.slabinfo().map((r) => [r.name, r]));
    expect(rows["kmalloc-64"]!.active_objs).toBe(1);
    expect(rows["kmalloc-64"]!.num_objs).toBe(64);
    slab.kfree(big);
    expect(pages.page_order(big)).toBe(-1);
    expect(bugs).toEqual([]);
  });

  it("picks slab orders like SLUB on one CPU", () => {
    const { slab } = makeStack();
    const geo = Object.fromEntries(slab.slabinfo().map((r) => [r.name, [r.objperslab, r.pagesperslab]]));
    expect(geo).toEqual({
      "kmalloc-8": [512, 1], "kmalloc-16": [256, 1], "kmalloc-32": [128, 1], "kmalloc-64": [64, 1],
      "kmalloc-96": [42, 1], "kmalloc-128": [32, 1], "kmalloc-192": [21, 1], "kmalloc-256": [16, 1],
      "kmalloc-512": [8, 1], "kmalloc-1k": [8, 2], "kmalloc-2k": [8, 4], "kmalloc-4k": [8, 8], "kmalloc-8k": [4, 8],
    });
  });

  it("handles 0, NULL, ZERO_SIZE_PTR and too large", () => {
    const { slab, bugs } = makeStack();
    expect(slab.kmalloc(0, GFP_KERNEL)).toBe(ZERO_SIZE_PTR);
    slab.kfree(0);
    slab.kfree(ZERO_SIZE_PTR);
    expect(slab.ksize(ZERO_SIZE_PTR)).toBe(0);
    expect(bugs).toEqual([]);
    expect(slab.kmalloc(4 * MiB + 1, GFP_KERNEL)).toBe(0);
    expect(bugs.map((b) => b.kind)).toEqual(["warn-order"]);
    expect(slab.kmalloc(4 * MiB, GFP_KERNEL)).not.toBe(0);
  });
});

describe("kmalloc behaviour", () => {
  it("reuses freed objects LIFO and keeps their old contents", () => {
    const { slab, pm } = makeStack();
    const a = slab.kmalloc(32, GFP_KERNEL);
    const b = slab.kmalloc(32, GFP_KERNEL);
    expect(b).toBe(a + 32);
    pm.bytes().set(Buffer.from("hello, world\0"), a);
    slab.kfree(a);
    slab.kfree(b);
    expect(str(pm.bytes(), a, 12)).toBe("hello, world");
    expect(slab.kmalloc(20, GFP_KERNEL)).toBe(b);
    expect(slab.kmalloc(20, GFP_ATOMIC)).toBe(a);
    expect(str(pm.bytes(), a, 12)).toBe("hello, world");
  });

  it("kzalloc zeroes previously dirty memory", () => {
    const { slab, pm } = makeStack();
    const a = slab.kmalloc(64, GFP_KERNEL);
    pm.bytes().fill(0xff, a, a + 64);
    slab.kfree(a);
    const z = slab.kzalloc(40, GFP_KERNEL);
    expect(z).toBe(a);
    expect(pm.bytes().subarray(z, z + 64).every((x) => x === 0)).toBe(true);
    const big = slab.kmalloc(20000, GFP_KERNEL);
    pm.bytes().fill(0xff, big, big + 20000);
    slab.kfree(big);
    const zb = slab.kzalloc(20000, GFP_KERNEL);
    expect(zb).toBe(big);
    expect(pm.bytes().subarray(zb, zb + 32768).every((x) => x === 0)).toBe(true);
  });

  it("kcalloc checks for overflow and zeroes", () => {
    const { slab, pm } = makeStack();
    expect(slab.kcalloc(0x10000, 0x10000, GFP_KERNEL)).toBe(0);
    expect(slab.kmalloc_array(0x40000000, 4, GFP_KERNEL)).toBe(0);
    const a = slab.kmalloc(32, GFP_KERNEL);
    pm.bytes().fill(0x55, a, a + 32);
    slab.kfree(a);
    const c = slab.kcalloc(4, 8, GFP_KERNEL);
    expect(c).toBe(a);
    expect(pm.bytes().subarray(c, c + 32).every((x) => x === 0)).toBe(true);
  });

  it("krealloc keeps content, in place when it fits", () => {
    const { slab, pm, bugs } = makeStack();
    const a = slab.kmalloc(10, GFP_KERNEL);
    pm.bytes().set(Buffer.from("0123456789"), a);
    expect(slab.krealloc(a, 16, GFP_KERNEL)).toBe(a);
    const b = slab.krealloc(a, 100, GFP_KERNEL);
    expect(b).not.toBe(a);
    expect(slab.ksize(b)).toBe(128);
    expect(str(pm.bytes(), b, 10)).toBe("0123456789");
    const c = slab.krealloc(b, 50000, GFP_KERNEL);
    expect(str(pm.bytes(), c, 10)).toBe("0123456789");
    expect(slab.ksize(c)).toBe(65536);
    const d = slab.krealloc(0, 8, GFP_KERNEL);
    expect(slab.ksize(d)).toBe(8);
    expect(slab.krealloc(d, 0, GFP_KERNEL)).toBe(ZERO_SIZE_PTR);
    slab.kfree(c);
    expect(bugs).toEqual([]);
    // a was freed by the krealloc that moved it
    expect(slab.kmalloc(16, GFP_KERNEL)).toBe(a);
  });

  it("reports double and invalid frees and keeps working", () => {
    const { slab, bugs } = makeStack();
    const a = slab.kmalloc(40, GFP_KERNEL);
    const b = slab.kmalloc(40, GFP_KERNEL);
    slab.kfree(a);
    slab.kfree(a);
    slab.kfree(b + 8);
    slab.kfree(0x00e00000);
    const big = slab.kmalloc(10000, GFP_KERNEL);
    slab.kfree(big + 4096);
    expect(bugs).toEqual([
      { kind: "double-free", msg: "BUG kmalloc-64 (Not tainted): Object already free" },
      { kind: "invalid-free", msg: `BUG kmalloc-64 (Not tainted): Invalid object pointer 0x${(b + 8).toString(16).padStart(8, "0")}` },
      { kind: "invalid-free", msg: "kfree(): invalid pointer 0x00e00000" },
      { kind: "invalid-free", msg: `kfree(): invalid pointer 0x${(big + 4096).toString(16).padStart(8, "0")}` },
    ]);
    // a is on the freelist exactly once
    expect(slab.kmalloc(64, GFP_KERNEL)).toBe(a);
    expect(slab.kmalloc(64, GFP_KERNEL)).toBe(b + 64);
    slab.kfree(b);
    slab.kfree(big);
    expect(bugs.length).toBe(4);
  });

  it("frees everything back to the page allocator after shrinking", () => {
    const { slab, pages } = makeStack();
    const live: number[] = [];
    for (let i = 0; i < 5000; i++) live.push(slab.kmalloc(1 + ((i * 37) % 9000), GFP_KERNEL));
    for (const p of live) slab.kfree(p);
    slab.shrink_all();
    expect(pages.totalram_pages()).toBeGreaterThan((15 * MiB) / PAGE_SIZE); // it had to grow
    expect(pages.nr_free_pages()).toBe(pages.totalram_pages());
    for (const r of slab.slabinfo()) expect([r.name, r.num_objs]).toEqual([r.name, 0]);
  });

  it("lists allocations by owner", () => {
    const { slab } = makeStack();
    const a = slab.kmalloc(10, GFP_KERNEL, 7);
    slab.kmalloc(10, GFP_KERNEL, 8);
    const c = slab.kzalloc(20000, GFP_KERNEL, 7);
    const d = slab.kmalloc(300, GFP_KERNEL, 7);
    slab.kmalloc(300, GFP_KERNEL);
    slab.kfree(d);
    expect(slab.allocations(7)).toEqual([
      { addr: a, size: 10, cache: "kmalloc-16" },
      { addr: c, size: 20000, cache: "kmalloc_large" },
    ].sort((x, y) => x.addr - y.addr));
    expect(slab.ownerOf(a)).toBe(7);
    const a2 = slab.krealloc(a, 100, GFP_KERNEL);
    expect(slab.ownerOf(a2)).toBe(7);
    expect(slab.allocations(7).map((x) => x.size)).toContain(100);
  });
});

describe("kmem_cache", () => {
  it("creates, allocates with ctor, destroys", () => {
    const { slab, bugs } = makeStack();
    const ctorCalls: number[] = [];
    const c = slab.kmem_cache_create("my_cache", 20, 0, 0, (addr) => ctorCalls.push(addr))!;
    expect(c.size).toBe(24);
    expect(slab.kmem_cache_size(c)).toBe(20);
    const a = slab.kmem_cache_alloc(c, GFP_KERNEL);
    expect(ctorCalls.length).toBe(c.objsPerSlab);
    expect(ctorCalls[0]).toBe(a);
    const b = slab.kmem_cache_zalloc(c, GFP_KERNEL);
    expect(b).toBe(a + 24);
    expect(slab.slabinfo()[0]).toMatchObject({ name: "my_cache", active_objs: 2, objsize: 24, object_size: 20 });
    slab.kmem_cache_free(c, a);
    slab.kmem_cache_free(c, b);
    slab.kmem_cache_destroy(c);
    expect(slab.slabinfo()[0]!.name).toBe("kmalloc-8k");
    expect(bugs).toEqual([]);
  });

  it("reports leftovers on destroy and keeps the cache's memory", () => {
    const { slab, pm, bugs } = makeStack();
    const c = slab.kmem_cache_create("leaky", 100, 0, SLAB_HWCACHE_ALIGN)!;
    expect(c.size).toBe(128);
    const objs = [0, 1, 2].map(() => slab.kmem_cache_alloc(c, GFP_KERNEL));
    pm.bytes().set(Buffer.from("still here"), objs[2]!);
    slab.kmem_cache_free(c, objs[0]!);
    slab.kmem_cache_free(c, objs[1]!);
    slab.kmem_cache_destroy(c, "cleanup_module+0x10/0x20 [leaky]");
    expect(bugs).toEqual([
      { kind: "cache-busy", msg: "kmem_cache_destroy leaky: Slab cache still has objects when called from cleanup_module+0x10/0x20 [leaky]" },
    ]);
    expect(slab.slabinfo()[0]).toMatchObject({ name: "leaky", active_objs: 1 });
    expect(str(pm.bytes(), objs[2]!, 10)).toBe("still here");
    slab.kmem_cache_free(c, objs[2]!);
    slab.kmem_cache_destroy(c);
    expect(bugs.length).toBe(1);
    expect(slab.slabinfo().some((r) => r.name === "leaky")).toBe(false);
  });

  it("reports a free to the wrong cache and frees to the right one", () => {
    const { slab, bugs } = makeStack();
    const c1 = slab.kmem_cache_create("one", 32, 0, 0)!;
    const c2 = slab.kmem_cache_create("two", 32, 0, 0)!;
    const a = slab.kmem_cache_alloc(c1, GFP_KERNEL);
    slab.kmem_cache_free(c2, a);
    slab.kmem_cache_free(c1, 0x00f00000);
    expect(bugs.map((b) => b.msg)).toEqual([
      "kmem_cache_free: Wrong slab cache. two but object is from one",
      "kmem_cache_free(): invalid pointer 0x00f00000",
    ]);
    expect(slab.slabinfo().find((r) => r.name === "one")!.active_objs).toBe(0);
  });

  it("fails like Linux for bad sizes", () => {
    const { slab, bugs } = makeStack();
    expect(slab.kmem_cache_create("zero", 0, 0, 0)).toBeNull();
    expect(bugs).toEqual([{ kind: "warn-cache-create", msg: "kmem_cache_create(zero) failed with error -22" }]);
  });

  it("big objects get multi-page slabs", () => {
    const { slab } = makeStack();
    const c = slab.kmem_cache_create("big", 100000, 0, 0)!;
    expect(c.objsPerSlab).toBeGreaterThanOrEqual(1);
    const a = slab.kmem_cache_alloc(c, GFP_KERNEL);
    const b = slab.kmem_cache_alloc(c, GFP_KERNEL);
    expect(Math.abs(b - a)).toBeGreaterThanOrEqual(100000);
    expect(slab.ksize(a)).toBe(c.size);
  });
});

describe("poison mode", () => {
  it("poisons on free and alloc, and catches writes after free", () => {
    const { slab, pm, bugs } = makeStack({ poison: true });
    const a = slab.kmalloc(16, GFP_KERNEL);
    expect([...pm.bytes().subarray(a, a + 16)]).toEqual(new Array(16).fill(0x5a));
    slab.kfree(a);
    expect([...pm.bytes().subarray(a, a + 16)]).toEqual([...new Array(15).fill(0x6b), 0xa5]);
    pm.bytes()[a + 3] = 0x41;
    expect(slab.kmalloc(16, GFP_KERNEL)).toBe(a);
    expect(bugs.length).toBe(1);
    expect(bugs[0]!.kind).toBe("poison-overwritten");
    expect(bugs[0]!.msg.split("\n")[0]).toBe("BUG kmalloc-16 (Not tainted): Poison overwritten");
    expect(bugs[0]!.msg).toContain("@offset=3. First byte 0x41 instead of 0x6b");
  });

  it("SLAB_POISON enables it per cache", () => {
    const { slab, pm } = makeStack();
    const c = slab.kmem_cache_create("p", 8, 0, SLAB_POISON)!;
    const a = slab.kmem_cache_alloc(c, GFP_KERNEL | __GFP_NOWARN);
    slab.kmem_cache_free(c, a);
    expect(pm.bytes()[a]).toBe(0x6b);
    const k = slab.kmalloc(8, GFP_KERNEL);
    pm.bytes()[k] = 1;
    slab.kfree(k);
    expect(pm.bytes()[k]).toBe(1);
  });
});

describe("determinism", () => {
  it("same calls, same addresses", () => {
    const run = () => {
      const { slab } = makeStack();
      const out: number[] = [];
      const live: number[] = [];
      for (let i = 0; i < 3000; i++) {
        if (i % 3 === 2) slab.kfree(live.splice((i * 7) % live.length, 1)[0]!);
        else {
          const p = slab.kmalloc(1 + ((i * 131) % 12000), GFP_KERNEL);
          out.push(p);
          live.push(p);
        }
      }
      return out;
    };
    expect(run()).toEqual(run());
  });
});
