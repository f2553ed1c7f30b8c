import { describe, expect, it } from "vitest";
import { MAX_ORDER, PAGE_SIZE, PageAllocator, get_order } from "../../ts/mm/page_alloc.js";
import { __GFP_NOWARN, __GFP_ZERO } from "../../ts/mm/gfp.js";
import { MiB, makeMem, rng, type Bug } from "./helpers.js";

function make(initialMiB = 16, maxMiB = 64, start = MiB) {
  const bugs: Bug[] = [];
  const pm = makeMem(initialMiB, maxMiB);
  const pa = new PageAllocator(pm, start, pm.size(), { onBug: (kind, msg) => bugs.push({ kind, msg }) });
  return { pm, pa, bugs };
}

describe("get_order", () => {
  it("matches include/asm-generic/getorder.h", () => {
    expect(get_order(1)).toBe(0);
    expect(get_order(4096)).toBe(0);
    expect(get_order(4097)).toBe(1);
    expect(get_order(8192)).toBe(1);
    expect(get_order(9000)).toBe(2);
    expect(get_order(4 * MiB)).toBe(10);
    expect(get_order(4 * MiB + 1)).toBe(11);
    expect(get_order(0)).toBe(20);
  });
});

describe("buddy allocator", () => {
  it("manages [start, end) and hands out the lowest address first", () => {
    const { pa } = make();
    expect(pa.totalram_pages()).toBe((15 * MiB) / PAGE_SIZE);
    expect(pa.nr_free_pages()).toBe(pa.totalram_pages());
    expect(pa.alloc_pages(0)).toBe(MiB);
    expect(pa.alloc_pages(0)).toBe(MiB + PAGE_SIZE);
    expect(pa.alloc_pages(1)).toBe(MiB + 2 * PAGE_SIZE);
    expect(pa.alloc_pages(2)).toBe(MiB + 4 * PAGE_SIZE);
    expect(pa.nr_free_pages()).toBe(pa.totalram_pages() - 8);
  });

  it("never hands out page 0", () => {
    const { pa } = make(16, 16, 0);
    expect(pa.totalram_pages()).toBe((16 * MiB) / PAGE_SIZE - 1);
    expect(pa.alloc_pages(0)).toBe(PAGE_SIZE);
  });

  it("splits and coalesces back to the initial free lists", () => {
    const { pa, bugs } = make();
    const before = pa.buddyinfo();
    const total = pa.nr_free_pages();
    const r = rng(1);
    const live: Array<[number, number]> = [];
    for (let i = 0; i < 400; i++) {
      const order = Math.floor(r() * 5);
      const a = pa.alloc_pages(order);
      expect(a).not.toBe(0);
      expect(a % (PAGE_SIZE << order)).toBe(0);
      live.push([a, order]);
    }
    for (let i = live.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [live[i], live[j]] = [live[j]!, live[i]!];
    }
    for (const [a, o] of live) pa.free_pages(a, o);
    expect(bugs).toEqual([]);
    expect(pa.totalram_pages()).toBe(total);
    expect(pa.nr_free_pages()).toBe(total);
    expect(pa.buddyinfo()).toEqual(before);
  });

  it("frees everything back to the full count after growth", () => {
    const { pa, bugs } = make(16, 64);
    const r = rng(7);
    const live: Array<[number, number]> = [];
    for (let i = 0; i < 2000; i++) {
      const order = Math.floor(r() * 5);
      const a = pa.alloc_pages(order);
      expect(a).not.toBe(0);
      live.push([a, order]);
    }
    expect(pa.totalram_pages()).toBeGreaterThan((15 * MiB) / PAGE_SIZE);
    for (const [a, o] of live.reverse()) pa.free_pages(a, o);
    expect(bugs).toEqual([]);
    expect(pa.nr_free_pages()).toBe(pa.totalram_pages());
  });

  it("grows the memory in 4 MiB steps when exhausted, up to the maximum", () => {
    const { pa, pm, bugs } = make(16, 24, PAGE_SIZE);
    const blocks: number[] = [];
    for (let i = 0; i < 3; i++) blocks.push(pa.alloc_pages(MAX_ORDER));
    expect(blocks).toEqual([4 * MiB, 8 * MiB, 12 * MiB]);
    expect(pm.size()).toBe(16 * MiB);
    expect(pa.alloc_pages(MAX_ORDER)).toBe(16 * MiB);
    expect(pm.size()).toBe(20 * MiB);
    expect(pa.alloc_pages(MAX_ORDER)).toBe(20 * MiB);
    expect(pm.size()).toBe(24 * MiB);
    expect(pa.totalram_pages()).toBe((24 * MiB) / PAGE_SIZE - 1);
    expect(bugs).toEqual([]);
    expect(pa.alloc_pages(MAX_ORDER)).toBe(0);
    expect(bugs.map((b) => b.kind)).toEqual(["warn-alloc"]);
    expect(bugs[0]!.msg).toBe("page allocation failure: order:10, mode:0x0(none), nodemask=(null)");
    expect(pa.alloc_pages(MAX_ORDER, __GFP_NOWARN)).toBe(0);
    expect(bugs.length).toBe(1);
    // smaller blocks still come from what is left below 4 MiB
    expect(pa.alloc_pages(0)).toBe(PAGE_SIZE);
  });

  it("grows by less than a step when only that is left under the cap", () => {
    const { pa, pm } = make(16, 18, 4 * MiB);
    for (let i = 0; i < 3; i++) expect(pa.alloc_pages(MAX_ORDER)).not.toBe(0);
    expect(pa.alloc_pages(8)).toBe(16 * MiB);
    expect(pm.size()).toBe(17 * MiB);
  });

  it("is deterministic", () => {
    const run = () => {
      const { pa } = make(16, 64);
      const r = rng(42);
      const out: number[] = [];
      const live: Array<[number, number]> = [];
      for (let i = 0; i < 3000; i++) {
        if (live.length > 0 && r() < 0.45) {
          const [a, o] = live.splice(Math.floor(r() * live.length), 1)[0]!;
          pa.free_pages(a, o);
        } else {
          const o = Math.floor(r() * r() * 11);
          const a = pa.alloc_pages(o);
          out.push(a);
          if (a) live.push([a, o]);
        }
      }
      return out;
    };
    expect(run()).toEqual(run());
  });

  it("zeroes with __GFP_ZERO", () => {
    const { pa, pm } = make();
    const a = pa.alloc_pages(1);
    pm.bytes().fill(0xee, a, a + 2 * PAGE_SIZE);
    pa.free_pages(a, 1);
    const b = pa.alloc_pages(1, __GFP_ZERO);
    expect(b).toBe(a);
    expect(pm.bytes().subarray(b, b + 2 * PAGE_SIZE).every((x) => x === 0)).toBe(true);
  });

  it("reports bad frees without corrupting state", () => {
    const { pa, bugs } = make();
    const a = pa.alloc_pages(2);
    const free = pa.nr_free_pages();
    const info = pa.buddyinfo();
    pa.free_pages(a, 1);
    pa.free_pages(a + PAGE_SIZE, 0);
    pa.free_pages(a + 64 * PAGE_SIZE, 0);
    pa.free_pages(0x7ff00000, 0);
    pa.free_pages(0, 3);
    expect(pa.nr_free_pages()).toBe(free);
    expect(pa.buddyinfo()).toEqual(info);
    pa.free_pages(a, 2);
    pa.free_pages(a, 2);
    expect(bugs).toEqual([
      { kind: "page-wrong-order", msg: "kernel BUG at mm/page_alloc.c: bad free of page 0x00100000 (order 1): allocated with order 2" },
      { kind: "bad-page-free", msg: "kernel BUG at mm/page_alloc.c: bad free of page 0x00101000 (order 0): not the first page of an allocation" },
      { kind: "page-double-free", msg: "kernel BUG at mm/page_alloc.c: bad free of page 0x00140000 (order 0): page already free (double free)" },
      { kind: "bad-page-free", msg: "kernel BUG at mm/page_alloc.c: bad free of page 0x7ff00000 (order 0): page not allocated" },
      { kind: "page-double-free", msg: "kernel BUG at mm/page_alloc.c: bad free of page 0x00100000 (order 2): page already free (double free)" },
    ]);
    expect(pa.nr_free_pages()).toBe(pa.totalram_pages());
    expect(pa.alloc_pages(2)).toBe(a);
  });

  it("warns once for order > MAX_ORDER", () => {
    const { pa, bugs } = make();
    expect(pa.alloc_pages(MAX_ORDER + 1)).toBe(0);
    expect(pa.alloc_pages(MAX_ORDER + 1)).toBe(0);
    expect(bugs).toEqual([{ kind: "warn-order", msg: "WARNING: at mm/page_alloc.c: __alloc_pages: order 11 > MAX_ORDER (10)" }]);
  });
});

describe("alloc_pages_exact", () => {
  it("returns the tail of the power-of-two block to the free lists", () => {
    const { pa, bugs } = make();
    const total = pa.nr_free_pages();
    const a = pa.alloc_pages_exact(3);
    expect(a).toBe(MiB);
    expect(pa.nr_free_pages()).toBe(total - 3);
    expect(pa.exact_pages(a)).toBe(3);
    expect(pa.alloc_pages(0)).toBe(MiB + 3 * PAGE_SIZE);
    pa.free_pages(MiB + 3 * PAGE_SIZE, 0);
    pa.free_pages_exact(a, 2);
    pa.free_pages(a, 2);
    expect(bugs.map((b) => b.msg)).toEqual([
      "kernel BUG at mm/page_alloc.c: free_pages_exact: bad free of 0x00100000 (2 pages): allocated with 3 pages",
      "kernel BUG at mm/page_alloc.c: bad free of page 0x00100000 (order 2): allocated by alloc_pages_exact()",
    ]);
    pa.free_pages_exact(a, 3);
    expect(pa.nr_free_pages()).toBe(total);
  });

  it("builds runs above MAX_ORDER, growing the memory", () => {
    const { pa, pm, bugs } = make(16, 64);
    const total0 = pa.totalram_pages();
    const a = pa.alloc_pages_exact(1500);
    expect(a).toBe(4 * MiB);
    // ~19.5 MiB: more than is free, so memory grows; the free 4 MiB block at 12 MiB starts the run
    const b = pa.alloc_pages_exact(5000);
    expect(b).toBe(12 * MiB);
    expect(b + 5000 * PAGE_SIZE).toBeLessThanOrEqual(pm.size());
    expect(pa.totalram_pages()).toBeGreaterThan(total0);
    pm.bytes().fill(1, b, b + 5000 * PAGE_SIZE);
    pa.free_pages_exact(a, 1500);
    pa.free_pages_exact(b, 5000);
    expect(bugs).toEqual([]);
    expect(pa.nr_free_pages()).toBe(pa.totalram_pages());
    expect(pa.alloc_pages_exact(100000, __GFP_NOWARN)).toBe(0);
    expect(bugs).toEqual([]);
  });
});
