import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseKbuild, parseKbuildText, shellSplit } from "../../ts/build/kbuild.js";
import { BuildError } from "../../ts/build/toolchain.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-kbuild-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A module directory with these files (empty .c files unless given). */
function dir(name: string, files: Record<string, string>): string {
  const d = path.join(tmp, name);
  fs.mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    fs.writeFileSync(path.join(d, f), text);
  }
  return d;
}

describe("parseKbuild", () => {
  it("reads LKMPG's Makefile (several single-file modules, wrapper rules ignored)", () => {
    const d = dir("lkmpg", {
      Makefile: [
        "obj-m += hello-1.o",
        "obj-m += hello-2.o",
        "",
        "PWD := $(CURDIR)",
        "",
        "all:",
        "\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules",
        "",
        "clean:",
        "\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) clean",
        "",
      ].join("\n"),
      "hello-1.c": "",
      "hello-2.c": "",
    });
    const mods = parseKbuild(d);
    expect(mods.map((m) => m.name)).toEqual(["hello-1", "hello-2"]);
    expect(mods[0].sources).toEqual([path.join(d, "hello-1.c")]);
    expect(mods[0].cflags).toEqual([]);
    expect(mods[0].builtin).toBe(false);
  });

  it("reads a multi-file module (startstop-objs)", () => {
    const d = dir("startstop", {
      Makefile: "obj-m += startstop.o\nstartstop-objs := start.o stop.o\n",
      "start.c": "",
      "stop.c": "",
    });
    const [m] = parseKbuild(d);
    expect(m.name).toBe("startstop");
    expect(m.sources).toEqual([path.join(d, "start.c"), path.join(d, "stop.c")]);
  });

  it("reads NAME-y and obj-y", () => {
    const d = dir("ymod", { Kbuild: "obj-m := x.o\nx-y += a.o\nx-y += sub/b.o\nobj-y += core.o\n", "a.c": "", "sub/b.c": "", "core.c": "" });
    const mods = parseKbuild(d);
    expect(mods[0]).toMatchObject({ name: "x", sources: [path.join(d, "a.c"), path.join(d, "sub/b.c")], builtin: false });
    expect(mods[1]).toMatchObject({ name: "core", builtin: true });
  });

  it("reads LDD3's ifneq ($(KERNELRELEASE),) Makefile as kbuild does", () => {
    const d = dir("ldd3", {
      Makefile: [
        "# If KERNELRELEASE is defined, we've been invoked from the",
        "# kernel build system and can use its language.",
        "ifneq ($(KERNELRELEASE),)",
        "\tobj-m := hello.o",
        "# Otherwise we were called directly from the command",
        "# line; invoke the kernel build system.",
        "else",
        "\tKERNELDIR ?= /lib/modules/$(shell uname -r)/build",
        "\tPWD  := $(shell pwd)",
        "default:",
        "\t$(MAKE) -C $(KERNELDIR) M=$(PWD) modules",
        "endif",
      ].join("\n"),
      "hello.c": "",
    });
    expect(parseKbuild(d).map((m) => m.name)).toEqual(["hello"]);
  });

  it("evaluates LDD3 scull's Makefile (ifeq DEBUG, composite, old CFLAGS ignored)", () => {
    const d = dir("scull", {
      Makefile: [
        "# Comment/uncomment the following line to disable/enable debugging",
        "#DEBUG = y",
        "ifeq ($(DEBUG),y)",
        '  DEBFLAGS = -O -g -DSCULL_DEBUG # "-O" is needed to expand inlines',
        "else",
        "  DEBFLAGS = -O2",
        "endif",
        "EXTRA_CFLAGS += $(DEBFLAGS)",
        "EXTRA_CFLAGS += -I$(LDDINC)",
        "ifneq ($(KERNELRELEASE),)",
        "scull-objs := main.o pipe.o access.o",
        "obj-m\t:= scull.o",
        "else",
        "KERNELDIR ?= /lib/modules/$(shell uname -r)/build",
        "PWD       := $(shell pwd)",
        "modules:",
        "\t$(MAKE) -C $(KERNELDIR) M=$(PWD) LDDINC=$(PWD)/../include modules",
        "endif",
        "clean:",
        "\trm -rf *.o *~ core .depend .*.cmd *.ko *.mod.c .tmp_versions",
        "depend .depend dep:",
        "\t$(CC) $(CFLAGS) -M *.c > .depend",
        "ifeq (.depend,$(wildcard .depend))",
        "include .depend",
        "endif",
      ].join("\n"),
      "main.c": "", "pipe.c": "", "access.c": "",
    });
    const [m] = parseKbuild(d, { vars: { LDDINC: "/x/include" } });
    expect(m.name).toBe("scull");
    expect(m.sources.map((s) => path.basename(s))).toEqual(["main.c", "pipe.c", "access.c"]);
    expect(m.cflags).toEqual(["-O2", "-I/x/include"]);
  });

  it("collects ccflags-y with $(src), EXTRA_CFLAGS and CFLAGS_file.o", () => {
    const d = dir("flags", {
      Makefile: [
        "obj-m += drv.o",
        "drv-objs := main.o \\",
        "            util.o   # the helpers",
        "ccflags-y += -DFOO -I$(src)/inc",
        "ccflags-y += -DNAME=\\\"kemu\\\" -DSTR='\"two words\"'",
        "EXTRA_CFLAGS += -DOLD",
        "CFLAGS_util.o := -DUTIL=1",
      ].join("\n"),
      "main.c": "", "util.c": "",
    });
    const [m] = parseKbuild(d);
    expect(m.sources).toEqual([path.join(d, "main.c"), path.join(d, "util.c")]);
    expect(m.cflags).toEqual(["-DOLD", "-DFOO", `-I${d}/inc`, '-DNAME="kemu"', '-DSTR="two words"']);
    expect(m.perFileCflags).toEqual({ [path.join(d, "util.c")]: ["-DUTIL=1"] });
  });

  it("prefers Kbuild over Makefile", () => {
    const d = dir("both", { Kbuild: "obj-m := a.o\n", Makefile: "obj-m := b.o\n", "a.c": "", "b.c": "" });
    expect(parseKbuild(d).map((m) => m.name)).toEqual(["a"]);
  });

  it("follows obj-m += subdir/ and passes subdir-ccflags-y down", () => {
    const d = dir("tree", {
      Makefile: "subdir-ccflags-y := -DTREE\nobj-m += one/ two.o\n",
      "one/Makefile": "obj-m := one.o\n",
      "one/one.c": "",
      "two.c": "",
    });
    const mods = parseKbuild(d);
    expect(mods.map((m) => [m.name, m.dir])).toEqual([["one", path.join(d, "one")], ["two", d]]);
    expect(mods[0].cflags).toEqual(["-DTREE"]);
  });

  it("reports a missing source like make", () => {
    const d = dir("missing", { Makefile: "obj-m += hello.o\nhello-objs := main.o foo.o\n", "main.c": "" });
    let err: unknown;
    try {
      parseKbuild(d);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BuildError);
    expect((err as Error).message).toBe(
      `make[2]: *** No rule to make target '${d}/foo.o', needed by '${d}/hello.o'.  Stop.`,
    );
  });

  it("reports a directory without a Makefile", () => {
    const d = dir("empty", {});
    expect(() => parseKbuild(d)).toThrow(/No targets specified and no makefile found/);
  });
});

describe("parseKbuildText (make evaluation)", () => {
  const names = (text: string, vars?: Record<string, string>) =>
    parseKbuildText(text, "/m", { vars }).map((m) => m.name);

  it("handles ifeq/ifdef/else ifeq chains and conditionals nested in inactive blocks", () => {
    const text = [
      "ifdef NOPE",
      "  ifeq (a,a)",
      "    obj-m += wrong1.o",
      "  endif",
      "else ifeq ($(ARCH),wasm32)",
      "  obj-m += right.o",
      "else",
      "  obj-m += wrong2.o",
      "endif",
      'ifeq "$(KERNELRELEASE)" "6.1.0"',
      "  obj-m += release.o",
      "endif",
    ].join("\n");
    expect(names(text)).toEqual(["right", "release"]);
  });

  it("expands recursive variables late and simple ones early", () => {
    const text = "A = $(B)\nB = late\nC := $(D)\nD = early\nobj-m += $(A).o\nobj-m += x$(C)y.o\n";
    expect(names(text)).toEqual(["late", "xy"]);
  });

  it("supports common functions and substitution references", () => {
    const text = [
      "SRCS := alpha.c beta.c",
      "obj-m += $(SRCS:.c=.o)",
      "obj-m += $(patsubst %.c,%-p.o,$(SRCS))",
      "obj-m += $(addsuffix .o,$(addprefix pre-,one))",
      "obj-m += $(filter-out beta.o,$(notdir /x/beta.o /x/gamma.o))",
    ].join("\n");
    expect(names(text)).toEqual(["alpha", "beta", "alpha-p", "beta-p", "pre-one", "gamma"]);
  });

  it("gives command-line variables precedence and handles obj-$(CONFIG_...)", () => {
    const text = "obj-$(CONFIG_HELLO) += hello.o\nobj-$(CONFIG_OFF) += off.o\nX := 1\nobj-m += x$(X).o\n";
    expect(names(text, { CONFIG_HELLO: "m", X: "2" })).toEqual(["hello", "x2"]);
  });

  it("skips define blocks and target-specific variables", () => {
    const text = "define RULE\nobj-m += nope.o\nendef\nfoo.o: CFLAGS += -DX\nobj-m += yes.o\n";
    expect(names(text)).toEqual(["yes"]);
  });

  it("raises $(error) only when it is reached", () => {
    expect(names("ifeq (1,2)\n$(error never)\nendif\nobj-m += a.o\n")).toEqual(["a"]);
    expect(() => names("$(error boom)\n")).toThrow(/boom/);
  });
});

describe("shellSplit", () => {
  it("splits like sh", () => {
    expect(shellSplit(`-DA=1  -DB="x y" '-DC=$z' -DD=\\"q\\"`)).toEqual(["-DA=1", "-DB=x y", "-DC=$z", '-DD="q"']);
  });
});
