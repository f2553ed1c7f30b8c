import { describe, expect, it } from "vitest";
import { GFP_ATOMIC, GFP_KERNEL, __GFP_NOWARN } from "../../ts/mm/gfp.js";
import { PAGE_SIZE } from "../../ts/mm/page_alloc.js";
import { MiB, makeStack } from "./helpers.js";

describe("vmalloc", () => {
  it("allocates page runs and frees them", () => {
    const { vm, pages, pm, bugs } = makeStack();
    const free0 = pages.nr_free_pages();
    const a = vm.vmalloc(10000);
    expect(a % PAGE_SIZE).toBe(0);
    expect(vm.vmalloc_size(a)).toBe(3 * PAGE_SIZE);
    expect(pages.nr_free_pages()).toBe(free0 - 3);
    expect(vm.is_vmalloc_addr(a)).toBe(true);
    expect(vm.is_vmalloc_addr(a + 9999)).toBe(true);
    expect(vm.is_vmalloc_addr(a + 3 * PAGE_SIZE)).toBe(false);
    pm.bytes().fill(0xcc, a, a + 3 * PAGE_SIZE);
    vm.vfree(a);
    expect(vm.is_vmalloc_addr(a)).toBe(false);
    const z = vm.vzalloc(10000);
    expect(z).toBe(a);
    expect(pm.bytes().subarray(z, z + 3 * PAGE_SIZE).every((x) => x === 0)).toBe(true);
    vm.vfree(z);
    expect(pages.nr_free_pages()).toBe(free0);
    expect(bugs).toEqual([]);
  });

  it("handles areas above 4 MiB, growing memory", () => {
    const { vm, pages, pm, bugs } = makeStack({ initialMiB: 16, maxMiB: 64 });
    const a = vm.vmalloc(20 * MiB);
    expect(a).not.toBe(0);
    expect(a + 20 * MiB).toBeLessThanOrEqual(pm.size());
    expect(vm.vmalloc_size(a)).toBe(20 * MiB);
    vm.vfree(a);
    expect(pages.nr_free_pages()).toBe(pages.totalram_pages());
    expect(vm.vmalloc(100 * MiB)).toBe(0);
    expect(bugs).toEqual([
      { kind: "warn-vmalloc", msg: "vmalloc error: size 104857600, failed to allocate pages, mode:0xcc0(GFP_KERNEL), nodemask=(null)" },
    ]);
  });

  it("reports bad vfree and vmalloc(0)", () => {
    const { vm, bugs } = makeStack();
    const a = vm.vmalloc(100);
    vm.vfree(a + 8);
    vm.vfree(a + PAGE_SIZE);
    vm.vfree(a);
    vm.vfree(a);
    vm.vfree(0);
    expect(vm.vmalloc(0)).toBe(0);
    expect(vm.vmalloc(0)).toBe(0);
    const h = (x: number) => "0x" + x.toString(16).padStart(8, "0");
    expect(bugs).toEqual([
      { kind: "bad-vfree", msg: `Trying to vfree() bad address (${h(a + 8)})` },
      { kind: "bad-vfree", msg: `Trying to vfree() nonexistent vm area (${h(a + PAGE_SIZE)})` },
      { kind: "bad-vfree", msg: `Trying to vfree() nonexistent vm area (${h(a)})` },
      { kind: "warn-vmalloc", msg: "WARNING: at mm/vmalloc.c: __vmalloc_node_range: size 0" },
    ]);
  });

  it("kvmalloc uses kmalloc first and kvfree dispatches by ownership", () => {
    const { vm, slab, bugs } = makeStack({ initialMiB: 16, maxMiB: 16 });
    const small = vm.kvmalloc(100, GFP_KERNEL);
    expect(slab.ksize(small)).toBe(128);
    expect(vm.is_vmalloc_addr(small)).toBe(false);
    const mid = vm.kvmalloc(1 * MiB, GFP_KERNEL);
    expect(slab.ksize(mid)).toBe(MiB); // kmalloc_large succeeded
    const huge = vm.kvmalloc(6 * MiB, GFP_KERNEL); // above KMALLOC_MAX_SIZE: vmalloc fallback
    expect(vm.is_vmalloc_addr(huge)).toBe(true);
    expect(vm.kvmalloc(6 * MiB, GFP_ATOMIC)).toBe(0); // vmalloc cannot serve atomic callers
    vm.kvfree(small);
    vm.kvfree(mid);
    vm.kvfree(huge);
    vm.kvfree(0);
    expect(bugs.filter((b) => !b.kind.startsWith("warn"))).toEqual([]);
    const z = vm.kvcalloc(1000, 8, GFP_KERNEL | __GFP_NOWARN);
    expect(slab.ksize(z)).toBe(8192);
    vm.kvfree(z);
  });

  it("tracks owners and kvrealloc keeps content", () => {
    const { vm, pm } = makeStack();
    const a = vm.vmalloc(5000, 3);
    pm.bytes().set([1, 2, 3, 4], a);
    const b = vm.kvrealloc(a, 4, 2 * MiB, GFP_KERNEL);
    expect([...pm.bytes().subarray(b, b + 4)]).toEqual([1, 2, 3, 4]);
    expect(vm.allocations(3)).toEqual([]);
    expect(vm.ownerOf(b)).toBe(3);
    const c = vm.vmalloc(6 * MiB, 3);
    expect(vm.allocations(3)).toEqual([{ addr: c, size: 6 * MiB, cache: "vmalloc" }]);
    expect(vm.vmallocinfo().map((x) => x.addr)).toEqual([c]);
  });
});
