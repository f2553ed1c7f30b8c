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

/** The module, its companion and the helper script in a fresh directory; the session's lines. */
function setup(): { dir: string; session: string[] } {
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
  ];
  return { dir, session };
}

// cat: the helper truncated the file and wrote its line; klogd appended what the kernel logged
// after that (the document's file, too, has "Joseph thread out" in it). Then dmesg -t.
const expected = (dir: string) => [
  "Kernel Datastructure 9527 is in trouble",
  "Nov 22 10:00:00 kemu kernel: [    0.000000] Joseph thread out",
  "Hello, I am a test module",
  "create mythread <---------",
  "create monitor <---------",
  "monitor out",
  "run_umode_handler is starting...",
  `argv[0] is ${dir}/helper`,
  "Joseph thread out",
  "",
].join("\n");

describe("seed 002: kernel threads, wait queue, sysctl entry and usermode helper (2.6.23)", () => {
  it("replays the document's session typed into kemu sh", () => {
    const { dir, session } = setup();
    const r = kemu(dir, session.join("\n") + "\n", "sh", "--kernel-version", "2.6.23");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(expected(dir));
  });

  // Back to back, with no typing pause: the helper's khelper worker slept since boot, so CFS
  // places it (and the helper it forks, which runs first) before the shell's next command.
  it("replays the document's session in kemu sh -c", () => {
    const { dir, session } = setup();
    const r = kemu(dir, "", "sh", "--kernel-version", "2.6.23", "-c", session.join("; "));
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(expected(dir));
  });
});
