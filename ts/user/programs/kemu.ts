// kemu: the emulator's own controls as a program inside the system (no Linux counterpart):
// `kemu hotplug` plays a device arriving or leaving (kobject_uevent_env from a bus driver, as
// lib/kobject_uevent.c sends it), `kemu install` puts a module under /lib/modules for modprobe.
import type { ProgramMain, UserProcess } from "../types.js";
import { err, out, readAll, kernelOf } from "./io.js";
import { strerror } from "../../include/errno.js";
import { kobjectUeventEnv, type UeventAction } from "../../lib/kobject_uevent.js";
import { modinfoName } from "../../kernel/module/modinfo.js";
import { depmod } from "./depmod.js";

const USAGE = `Usage: kemu hotplug add|remove|change|move|online|offline|bind|unbind SUBSYSTEM DEVPATH [KEY=VALUE...]
       kemu install FILE.ko...
`;
const ACTIONS = ["add", "remove", "change", "move", "online", "offline", "bind", "unbind"];

async function hotplug(p: UserProcess, args: string[]): Promise<number> {
  const [action, subsystem, devpath, ...vars] = args;
  if (!ACTIONS.includes(action ?? "") || !subsystem || !devpath?.startsWith("/") || vars.some((v) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(v))) {
    await err(p, USAGE);
    return 2;
  }
  const us = kernelOf(p).us;
  const env = await kobjectUeventEnv(us, action as UeventAction, devpath, subsystem, vars);
  // what `udevadm monitor --kernel --property` shows for the event
  await out(p, `KERNEL ${action} ${devpath} (${subsystem})\n${env.join("\n")}\n`);
  return 0;
}

async function install(p: UserProcess, files: string[]): Promise<number> {
  if (files.length === 0) {
    await err(p, USAGE);
    return 2;
  }
  const us = kernelOf(p).us;
  const release = us.k.release;
  for (const f of files) {
    const bytes = await readAll(p, f);
    if (typeof bytes === "number") {
      await err(p, `kemu install: ${f}: ${strerror(-bytes)}\n`);
      return 1;
    }
    const name = modinfoName(bytes);
    if (!name) {
      await err(p, `kemu install: ${f}: not a kernel module\n`);
      return 1;
    }
    // the file keeps its name, as make modules_install does
    const base = f.slice(f.lastIndexOf("/") + 1);
    const dir = `/lib/modules/${release}/extra`;
    const dest = `${dir}/${base.endsWith(".ko") ? base : `${name}.ko`}`;
    us.vfs.mkdirp(dir);
    const r = await us.vfs.writeFileAsync(dest, bytes, 0o644);
    if (r < 0) {
      await err(p, `kemu install: ${dest}: ${strerror(-r)}\n`);
      return 1;
    }
    await out(p, `${dest}\n`);
  }
  return depmod(p, release);
}

export const kemuMain: ProgramMain = async (p) => {
  const [cmd, ...args] = p.argv.slice(1);
  if (cmd === "hotplug") return hotplug(p, args);
  if (cmd === "install") return install(p, args);
  await err(p, USAGE);
  return 2;
};
