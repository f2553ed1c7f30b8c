// kemu: kmod's insmod, rmmod, lsmod and modinfo as programs of the emulated system: init_module
// and delete_module run in this process (current->comm is "insmod", as in Linux).
import type { ProgramMain } from "../types.js";
import { err, out, readAll, kernelOf } from "./io.js";
import { insmodError, moduleName, rmmodCheck, rmmodError, lsmod, modinfo } from "../kmod.js";
import { strerror } from "../../include/errno.js";

/** insmod FILE [ARGS...] */
export const insmodMain: ProgramMain = async (p) => {
  const [file, ...params] = p.argv.slice(1);
  if (!file) {
    await err(p, "insmod: ERROR: missing filename.\n");
    return 1;
  }
  const bytes = await readAll(p, file);
  if (typeof bytes === "number") {
    await err(p, `insmod: ERROR: could not load module ${file}: ${strerror(bytes)}\n`);
    return 1;
  }
  const proc = kernelOf(p);
  const r = await proc.initModule(bytes, params.join(" "), proc.us.vfs.normalize(file, proc.cwd));
  if (r.err < 0) {
    await err(p, insmodError(file, r.err));
    return 1;
  }
  return 0;
};

/** rmmod NAME... */
export const rmmodMain: ProgramMain = async (p) => {
  const names = p.argv.slice(1).filter((a) => !a.startsWith("-"));
  if (names.length === 0) {
    await err(p, "rmmod: ERROR: missing module name.\n");
    return 1;
  }
  const proc = kernelOf(p);
  let rc = 0;
  for (const arg of names) {
    const name = moduleName(arg);
    const bad = rmmodCheck(proc.k, name);
    if (bad) {
      await err(p, bad);
      rc = 1;
      continue;
    }
    const r = await proc.deleteModule(name);
    if (r.err < 0) {
      await err(p, rmmodError(name, r.err));
      rc = 1;
    }
  }
  return rc;
};

export const lsmodMain: ProgramMain = async (p) => {
  await out(p, lsmod(kernelOf(p).k).stdout);
  return 0;
};

/** modinfo FILE|NAME: a name is looked up in /lib/modules/$(uname -r)/modules.dep. */
export const modinfoMain: ProgramMain = async (p) => {
  const args = p.argv.slice(1).filter((a) => !a.startsWith("-"));
  if (args.length === 0) {
    await err(p, "modinfo: ERROR: missing module or filename.\n");
    return 1;
  }
  const proc = kernelOf(p);
  let rc = 0;
  for (const a of args) {
    let path = a;
    if (!a.includes("/") && !a.endsWith(".ko")) {
      const { findModule } = await import("./depmod.js");
      const found = await findModule(p, proc.k.release, a);
      if (!found) {
        await err(p, `modinfo: ERROR: Module ${a} not found.\n`);
        rc = 1;
        continue;
      }
      path = found;
    }
    const bytes = await readAll(p, path);
    if (typeof bytes === "number") {
      await err(p, `modinfo: ERROR: Module ${a} not found.\n`);
      rc = 1;
      continue;
    }
    const r = modinfo(bytes, path);
    await out(p, r.stdout);
    await err(p, r.stderr);
    if (r.status) rc = r.status;
  }
  return rc;
};
