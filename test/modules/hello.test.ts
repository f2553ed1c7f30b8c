// Module tests: the LKMPG hello modules load and unload with Linux's dmesg lines.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { buildModule } from "../../ts/build/compile.js";
import { bootKernel, lines, repo, moduleLines } from "../helpers/kemu.js";

describe("hello modules", () => {
  it("hello-1 (init_module/cleanup_module) prints its lines and the out-of-tree taint", async () => {
    const { ko } = await buildModule({ sources: [join(repo, "modules/hello-1.c")] });
    const sys = await bootKernel();
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(sys.lsmod()).toMatch(/^Module {18}Size {2}Used by\nhello_1 +\d+ {2}0\n$/);
    expect((await sys.rmmod("hello_1")).status).toBe(0);
    expect(sys.lsmod()).toBe("Module                  Size  Used by\n");
    expect(lines(sys)).toEqual([
      "hello_1: loading out-of-tree module taints kernel.",
      "Hello world 1.",
      "Goodbye world 1.",
    ]);
    expect(sys.dmesg()).toMatch(/^\[    0\.000000\] hello_1: loading out-of-tree module taints kernel\.\n/);
    expect(sys.reports).toBe(0);
  });

  it("hello-2 (module_init/module_exit) and modinfo fields", async () => {
    const { ko } = await buildModule({ sources: [join(repo, "modules/hello-2.c")] });
    const sys = await bootKernel();
    await sys.insmod(ko);
    await sys.rmmod("hello-2");
    expect(moduleLines(sys)).toEqual(["Hello, world 2", "Goodbye, world 2"]);
  });

  it("is deterministic: two kernels give byte-identical logs", async () => {
    const { ko } = await buildModule({ sources: [join(repo, "modules/hello-2.c")] });
    const run = async () => {
      const sys = await bootKernel();
      await sys.insmod(ko);
      await sys.rmmod("hello_2");
      return sys.dmesg();
    };
    expect(await run()).toBe(await run());
  });

  it("kernels in one process share no state", async () => {
    const { ko } = await buildModule({ sources: [join(repo, "modules/hello-1.c")] });
    const a = await bootKernel();
    const b = await bootKernel();
    expect((await a.insmod(ko)).status).toBe(0);
    expect(b.lsmod()).toBe("Module                  Size  Used by\n");
    expect((await b.insmod(ko)).status).toBe(0);
    expect((await a.insmod(ko)).stderr).toMatch(/could not insert module .*: File exists/);
  });

  it("a second insmod of the same module fails with File exists", async () => {
    const { ko } = await buildModule({ sources: [join(repo, "modules/hello-1.c")] });
    const sys = await bootKernel();
    await sys.insmod(ko);
    const r = await sys.insmod(ko, undefined, "hello-1.ko");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("insmod: ERROR: could not insert module hello-1.ko: File exists\n");
  });
});
