// The documents' examples in modules/seeds/ running their scenarios: 000 (usermode helper and
// tasklet, Spanish course), 001 (the 2.6.23 /sbin/hotplug path, Chinese article) and 004
// (usermode helper API and request_module/remove_module, Korean article).
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KemuSystem } from "../../ts/system.js";
import { repo, moduleLines } from "../helpers/kemu.js";

function build(dir: string, version: string): void {
  const b = spawnSync("node", [join(repo, "bin/kemu.js"), "build", "--kernel-version", version, dir], { cwd: repo, encoding: "utf8" });
  expect(b.status, b.stderr).toBe(0);
}

const ko = (dir: string, name: string) => join(repo, dir, `${name}.ko`);
const messages = (sys: KemuSystem) => Buffer.from(sys.userspace.vfs.readFile("/var/log/messages") as Uint8Array).toString();

describe("seed 000 (AISO slides, 3.x)", () => {
  const dir = "modules/seeds/000-umh-tasklet";
  it("call_usermodehelper_setup/exec and call_usermodehelper run logger: hola AISO! in /var/log/messages", async () => {
    build(dir, "3.2.0");
    for (const m of ["umh", "umh_simple"]) {
      const sys = await KemuSystem.boot({ kernelVersion: "3.2.0" });
      expect((await sys.insmod(ko(dir, m))).status).toBe(0);
      expect(moduleLines(sys)).toEqual(["ejemplo: 0"]);
      expect(messages(sys)).toContain("kemu root: hola AISO!\n");
      expect((await sys.rmmod(m)).status).toBe(0);
    }
  });
  it("the tasklet module prints hemos llamado a aiso tasklet", async () => {
    const sys = await KemuSystem.boot({ kernelVersion: "3.2.0" });
    expect((await sys.insmod(ko(dir, "tasklet"))).status).toBe(0);
    await sys.settle();
    expect((await sys.rmmod("tasklet")).status).toBe(0);
    // no MODULE_LICENSE in the slide: Linux taints the kernel for it
    expect(moduleLines(sys)).toEqual([
      "tasklet: module license 'unspecified' taints kernel.",
      "Disabling lock debugging due to kernel taint",
      "hemos llamado a aiso tasklet",
    ]);
  });
});

describe("seed 001 (2.6.23 uevent helper)", () => {
  it("a device add runs /sbin/hotplug with the subsystem as argv[1] and the event in its environment", async () => {
    const sys = await KemuSystem.boot({ kernelVersion: "2.6.23" });
    sys.userspace.vfs.install("/sbin/hotplug", readFileSync(join(repo, "modules/seeds/001-hotplug/hotplug")), 0o755);
    const r = await sys.exec(["sh", "-c", "cat /proc/sys/kernel/hotplug; kemu hotplug add usb /devices/pci0000:00/0000:00:1d.0/usb2/2-1 MODALIAS=usb:v046Dp0A0Bd0100dc00dsc00dp00ic01isc01ip00; sleep 1"]);
    expect(r.stdout.split("\n")[0]).toBe("/sbin/hotplug");
    const m = messages(sys);
    expect(m).toContain("kemu hotplug: argv: /sbin/hotplug usb\n");
    expect(m).toContain("kemu hotplug: env: ACTION=add DEVPATH=/devices/pci0000:00/0000:00:1d.0/usb2/2-1 SUBSYSTEM=usb SEQNUM=1 MODALIAS=usb:v046Dp0A0Bd0100dc00dsc00dp00ic01isc01ip00\n");
  });
});

describe("seed 001: the document's kobject_uevent_env excerpt as a module", () => {
  it("runs /sbin/hotplug usb with the event's environment", async () => {
    build("modules/seeds/001-hotplug", "2.6.23");
    const sys = await KemuSystem.boot({ kernelVersion: "2.6.23" });
    sys.userspace.vfs.install("/sbin/hotplug", readFileSync(join(repo, "modules/seeds/001-hotplug/hotplug")), 0o755);
    expect((await sys.insmod(ko("modules/seeds/001-hotplug", "uevent_helper"))).status).toBe(0);
    await sys.settle();
    expect(moduleLines(sys)).toEqual(["uevent_helper /sbin/hotplug: 0"]);
    const m = messages(sys);
    expect(m).toContain("kemu hotplug: argv: /sbin/hotplug usb\n");
    expect(m).toContain("kemu hotplug: env: ACTION=add DEVPATH=/devices/pci0000:00/0000:00:1d.0/usb2/2-1 SUBSYSTEM=usb SEQNUM=1 MODALIAS=\n");
  });
});

describe("seed 004 (Korean article, 2.6.23)", () => {
  const dir = "modules/seeds/004-umh-test";
  it("umh_test with the 3-argument setup and the call_usermodehelper variant log help!", async () => {
    build(dir, "2.6.23");
    for (const m of ["umh_test", "umh_test2"]) {
      const sys = await KemuSystem.boot({ kernelVersion: "2.6.23" });
      expect((await sys.insmod(ko(dir, m))).status).toBe(0);
      expect(messages(sys)).toContain("kemu root: help!\n");
    }
  });
  it("request_module loads a module and the article's remove_module removes it", async () => {
    const sys = await KemuSystem.boot({ kernelVersion: "2.6.23" });
    await sys.install(ko(dir, "umh_test2"));
    const r = await sys.insmod(ko(dir, "kmod_remove"), { name: "umh_test2" });
    expect(r.status).toBe(0);
    expect(moduleLines(sys)).toEqual(["request_module(umh_test2) = 0", "remove_module(umh_test2) = 0"]);
    expect(messages(sys)).toContain("kemu root: help!\n");
    expect(sys.lsmod()).not.toContain("umh_test2");
  });
});
