// Module tests: module_param and friends set from insmod arguments, with Linux's errors.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { buildModule } from "../../ts/build/compile.js";
import { bootKernel, lines, repo } from "../helpers/kemu.js";

const ko = async () => (await buildModule({ sources: [join(repo, "modules/params/hello-5.c")] })).ko;

describe("module parameters", () => {
  it("defaults", async () => {
    const sys = await bootKernel();
    expect((await sys.insmod(await ko())).status).toBe(0);
    expect(lines(sys)).toContain("myint is an integer: 420");
    expect(lines(sys)).toContain("mystring is a string: blah");
    expect(lines(sys)).toContain("got 0 arguments for myintarray.");
  });

  it("int, short, long, charp, bool (no value), string, array", async () => {
    const sys = await bootKernel();
    const r = await sys.insmod(await ko(), 'myshort=-3 myint=0x10 mylong=-99 mystring="two words" mybool mybuf=abc myintarray=5,6');
    expect(r.status).toBe(0);
    const l = lines(sys);
    expect(l).toContain("myshort is a short integer: -3");
    expect(l).toContain("myint is an integer: 16");
    expect(l).toContain("mylong is a long integer: -99");
    expect(l).toContain("mystring is a string: two words");
    expect(l).toContain("mybool is a boolean: 1");
    expect(l).toContain("mybuf is a string: abc");
    expect(l).toContain("myintarray[1] = 6");
    expect(l).toContain("got 2 arguments for myintarray.");
  });

  it("a bad value fails the load with Invalid parameters and leaves nothing loaded", async () => {
    const sys = await bootKernel();
    const r = await sys.insmod(await ko(), "myint=abc", "hello-5.ko");
    expect(r.stderr).toBe("insmod: ERROR: could not insert module hello-5.ko: Invalid parameters\n");
    expect(lines(sys)).toContain("hello_5: `abc' invalid for parameter `myint'");
    expect(sys.lsmod()).not.toMatch(/hello_5/);
  });

  it("out of range, too many array elements, string too long", async () => {
    const sys = await bootKernel();
    expect((await sys.insmod(await ko(), "myshort=70000")).status).toBe(1);
    expect((await sys.insmod(await ko(), "myintarray=1,2,3")).status).toBe(1);
    const r = await sys.insmod(await ko(), "mybuf=waytoolong", "hello-5.ko");
    expect(r.stderr).toBe("insmod: ERROR: could not insert module hello-5.ko: No space left on device\n");
    const l = lines(sys);
    expect(l).toContain("hello_5: `70000' invalid for parameter `myshort'");
    expect(l).toContain("myintarray: can only take 2 arguments");
    expect(l).toContain("mybuf: string doesn't fit in 7 chars.");
    expect(l).toContain("hello_5: `waytoolong' too large for parameter `mybuf'");
  });

  it("unknown parameters are ignored with a warning (Linux >= 3.5)", async () => {
    const sys = await bootKernel();
    expect((await sys.insmod(await ko(), "nosuch=1")).status).toBe(0);
    expect(lines(sys)).toContain("hello_5: unknown parameter 'nosuch' ignored");
  });

  it("dashes and underscores match; a value needed but missing is invalid", async () => {
    const sys = await bootKernel();
    expect((await sys.insmod(await ko(), "myint")).status).toBe(1);
    expect(lines(sys)).toContain("hello_5: `' invalid for parameter `myint'");
  });
});
