// kemu sh: a root shell in an emulated system, the host cwd mounted as its cwd.
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repo } from "../helpers/kemu.js";

const kemu = (...args: string[]) => spawnSync("node", [join(repo, "bin/kemu.js"), ...args], { cwd: repo, encoding: "utf8" });

describe("kemu sh", () => {
  it("-c runs a session: insmod by path from the mounted cwd, lsmod, dmesg, syslog", () => {
    const r = kemu("sh", "-c", "insmod modules/hello-1.ko && lsmod && dmesg -t && rmmod hello_1; tail -1 /var/log/messages; pwd");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "Module                  Size  Used by\n" +
        "hello_1                 4096  0\n" +
        "hello_1: loading out-of-tree module taints kernel.\n" +
        "Hello world 1.\n" +
        "Nov 22 10:00:00 kemu kernel: [    0.000000] Goodbye world 1.\n" +
        `${repo}\n`,
    );
    expect(r.status).toBe(0);
  });

  it("exit status and errors are the programs' own", () => {
    const r = kemu("sh", "-c", "rmmod nosuch; modprobe nosuch; echo $?");
    expect(r.stdout).toBe("1\n");
    expect(r.stderr).toBe("rmmod: ERROR: Module nosuch is not currently loaded\nmodprobe: FATAL: Module nosuch not found in directory /lib/modules/6.1.0\n");
  });
});
