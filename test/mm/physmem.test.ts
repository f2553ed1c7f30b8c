import { describe, expect, it } from "vitest";
import { copyRange, createPhysMem, fillRange, zeroRange } from "../../ts/mm/physmem.js";

describe("physmem", () => {
  it("gives a fresh view after growth and refuses growth past maxBytes", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 8 });
    const pm = createPhysMem(memory, 4 * 65536);
    const v1 = pm.bytes();
    expect(pm.bytes() === v1).toBe(true);
    v1[100] = 7;
    expect(pm.grow(2)).toBe(true);
    const v2 = pm.bytes();
    expect(v2 === v1).toBe(false);
    expect(v1.length).toBe(0); // detached
    expect(v2.length).toBe(3 * 65536);
    expect(v2[100]).toBe(7);
    expect(pm.grow(2)).toBe(false);
    expect(pm.grow(1)).toBe(true);
    expect(pm.size()).toBe(4 * 65536);
    expect(pm.grow(1)).toBe(false);
  });

  it("returns false instead of throwing beyond the memory's own maximum", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const pm = createPhysMem(memory, 1 << 30);
    expect(pm.grow(5)).toBe(false);
  });

  it("fills, zeroes and copies ranges", () => {
    const pm = createPhysMem(new WebAssembly.Memory({ initial: 1 }), 65536);
    fillRange(pm, 10, 5, 0xab);
    expect([...pm.bytes().subarray(9, 16)]).toEqual([0, 0xab, 0xab, 0xab, 0xab, 0xab, 0]);
    copyRange(pm, 12, 10, 5);
    expect([...pm.bytes().subarray(10, 18)]).toEqual([0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0]);
    zeroRange(pm, 10, 8);
    expect(pm.bytes().subarray(0, 32).every((b) => b === 0)).toBe(true);
  });
});
