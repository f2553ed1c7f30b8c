// 002_a908a75d153687cd.txt's "Run" session, typed into `kemu sh` line by line: two 2.6.23
// kernel threads, a wait queue, the myevent_handler sysctl (companion module) and a usermode
// helper script that writes to /var/log/messages.
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "../helpers/kemu.js";

const kemu = (cwd: string, input: string, ...args: string[]) =>
  spawnSync("node", [join(repo, "bin/kemu.js"), ...args], { cwd, input, encoding: "utf8" });

describe("seed 002: kernel threads, wait queue, sysctl entry and usermode helper (2.6.23)", () => {
  it("replays the document's session", () => {
    const dir = mkdtempSync(join(tmpdir(), "kemu-002-"));
    for (const m of ["modules/myevent", "modules/seeds/002-kthread-umh"]) {
      const b = spawnSync("node", [join(repo, "bin/kemu.js"), "build", "--kernel-version", "2.6.23", m], { cwd: repo, encoding: "utf8" });
      expect(b.status, b.stderr).toBe(0);
    }
    copyFileSync(join(repo, "modules/myevent/myevent.ko"), join(dir, "myevent.ko"));
    copyFileSync(join(repo, "modules/seeds/002-kthread-umh/test.ko"), join(dir, "test.ko"));
    copyFileSync(join(repo, "modules/seeds/002-kthread-umh/helper"), join(dir, "helper"));
    const session = [
      // the document's note: the kernel must have /proc/sys/kernel/myevent_handler first
      "insmod myevent.ko",
      "chmod +x helper",
      `echo ${dir}/helper > /proc/sys/kernel/myevent_handler`,
      'echo "" > /var/log/messages',
      "insmod test.ko",
      "cat /var/log/messages",
      "dmesg -t",
    ].join("\n") + "\n";
    const r = kemu(dir, session, "sh", "--kernel-version", "2.6.23");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe([
      "Kernel Datastructure 9527 is in trouble",
      "Hello, I am a test module",
      "create mythread <---------",
      "create monitor <---------",
      "monitor out",
      "run_umode_handler is starting...",
      `argv[0] is ${dir}/helper`,
      "Joseph thread out",
      "",
    ].join("\n"));
  });
});
