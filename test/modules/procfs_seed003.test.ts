// The 003 document's sched.c (Linux 2.2, Ori Pomerantz's LKMPG in Spanish) as written: a
// tq_timer task counting timer interrupts, shown in /proc/sched through a positional struct
// proc_dir_entry with a get_info reader, and a cleanup_module that sleeps until the task's
// last run.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { buildDir } from "../../ts/build/compile.js";
import { bootKernel, lines, repo } from "../helpers/kemu.js";

describe("seed 003: sched.c under Linux 2.2.26", () => {
  it("counts timer interrupts in /proc/sched, rmmod waits for the last one", async () => {
    const [{ ko }] = await buildDir(join(repo, "modules/seeds/003-sched"), {
      kernelVersion: "2.2.26", outDir: mkdtempSync(join(tmpdir(), "kemu-seed003-")),
    });
    const sys = await bootKernel("2.2.26");
    sys.userspace.vfs.install("/tmp/sched.o", readFileSync(ko));
    const r = await sys.exec(["sh", "-c", [
      "insmod /tmp/sched.o",
      "ls -l /proc/sched | sed 's/ Nov [0-9]* [0-9:]* / /'",
      "sleep 1",
      "cat /proc/sched",
      "sleep 2",
      "cat /proc/sched",
      "rmmod sched; echo rmmod $?",
      "ls /proc",
    ].join("\n")]);
    expect(r.stderr).toBe("");
    const out = r.stdout.split("\n");
    expect(out[0]).toBe("-r--r--r-- 1 root root 80 /proc/sched");
    const m1 = /^Timer fue llamado (\d+) veces$/.exec(out[1]);
    const m2 = /^Timer fue llamado (\d+) veces$/.exec(out[2]);
    expect(m1 && m2).toBeTruthy();
    const [a, b] = [Number(m1![1]), Number(m2![1])];
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(out.slice(3)).toEqual(["rmmod 0", "bus", "devices", "driver", "fs", "sys", "tty", "version", ""]);
    expect(sys.lsmod()).not.toMatch(/^sched /m);
    expect(lines(sys).join("\n")).not.toMatch(/Oops|BUG|WARNING/);
  }, 120_000);
});
