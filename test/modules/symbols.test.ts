// Module tests: EXPORT_SYMBOL between modules, use counts, Unknown symbol, GPL-only symbols.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { buildModule } from "../../ts/build/compile.js";
import { bootKernel, buildC, lines, repo } from "../helpers/kemu.js";

const provider = async () => (await buildModule({ sources: [join(repo, "modules/exporter/provider.c")] })).ko;
const consumer = async () => (await buildModule({ sources: [join(repo, "modules/exporter/consumer.c")] })).ko;

describe("symbols between modules", () => {
  it("a module uses another's exported function and variable; lsmod shows Used by", async () => {
    const sys = await bootKernel();
    expect((await sys.insmod(await provider())).status).toBe(0);
    expect((await sys.insmod(await consumer())).status).toBe(0);
    expect(lines(sys)).toContain("consumer: 2 + 3 = 5, counter is now 1, secret 42");
    expect(sys.lsmod()).toMatch(/\nprovider +\d+ {2}1 consumer\n/);
    const r = await sys.rmmod("provider");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("rmmod: ERROR: Module provider is in use by: consumer\n");
    expect((await sys.rmmod("consumer")).status).toBe(0);
    expect((await sys.rmmod("provider")).status).toBe(0);
  });

  it("loading the user first fails with Unknown symbol for each missing symbol", async () => {
    const sys = await bootKernel();
    const r = await sys.insmod(await consumer(), undefined, "consumer.ko");
    expect(r.stderr).toBe("insmod: ERROR: could not insert module consumer.ko: Unknown symbol in module\n");
    const l = lines(sys);
    expect(l).toContain("consumer: Unknown symbol provider_add (err -2)");
    expect(l).toContain("consumer: Unknown symbol provider_counter (err -2)");
    expect(l).toContain("consumer: Unknown symbol provider_gpl_secret (err -2)");
    expect(sys.lsmod()).not.toMatch(/consumer/);
  });

  it("a GPL-only symbol is not visible to a proprietary module", async () => {
    const sys = await bootKernel();
    await sys.insmod(await provider());
    const ko = await buildC("propuser", `
#include <linux/module.h>
extern int provider_gpl_secret(void);
static int __init p_init(void) { return provider_gpl_secret() == 42 ? 0 : -EINVAL; }
module_init(p_init);
MODULE_LICENSE("Proprietary");
`);
    const r = await sys.insmod(ko, undefined, "propuser.ko");
    expect(r.status).toBe(1);
    const l = lines(sys);
    expect(l).toContain("propuser: module license 'Proprietary' taints kernel.");
    expect(l).toContain("Disabling lock debugging due to kernel taint");
    expect(l).toContain("propuser: Unknown symbol provider_gpl_secret (err -2)");
  });

  it("a module calling an unknown kernel function cannot load", async () => {
    const sys = await bootKernel();
    const ko = await buildC("nosym", `
#include <linux/module.h>
extern void no_such_kernel_function(void);
static int __init n_init(void) { no_such_kernel_function(); return 0; }
module_init(n_init);
MODULE_LICENSE("GPL");
`);
    expect((await sys.insmod(ko)).status).toBe(1);
    expect(lines(sys)).toContain("nosym: Unknown symbol no_such_kernel_function (err -2)");
  });

  it("exporting a symbol that already exists is refused", async () => {
    const sys = await bootKernel();
    await sys.insmod(await provider());
    const ko = await buildC("dupexp", `
#include <linux/module.h>
int provider_add(int a, int b) { return a - b; }
EXPORT_SYMBOL(provider_add);
MODULE_LICENSE("GPL");
`);
    expect((await sys.insmod(ko)).status).toBe(1);
    expect(lines(sys)).toContain("dupexp: exports duplicate symbol provider_add (owned by provider)");
  });

  it("try_module_get keeps a module in use", async () => {
    const sys = await bootKernel();
    const ko = await buildC("selfref", `
#include <linux/module.h>
static int __init s_init(void) { return try_module_get(THIS_MODULE) ? 0 : -EINVAL; }
static void __exit s_exit(void) { }
module_init(s_init);
module_exit(s_exit);
MODULE_LICENSE("GPL");
`);
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(sys.lsmod()).toMatch(/\nselfref +\d+ {2}1\n/);
    expect((await sys.rmmod("selfref")).stderr).toBe("rmmod: ERROR: Module selfref is in use\n");
  });
});
