// kemu: procps sysctl(8): names map to /proc/sys paths (dots become slashes); reads and writes
// go through the files, so module-registered handlers run exactly as for `echo > /proc/sys/..`.
import type { ProgramMain, UserProcess } from "../types.js";
import { err, out, readAll, writeAll, kernelOf } from "./io.js";
import { O_WRONLY, O_TRUNC, S_IFDIR, S_IFMT } from "../../fs/types.js";

const toPath = (name: string) => "/proc/sys/" + name.replace(/\./g, "/");

async function show(p: UserProcess, name: string, valueOnly: boolean): Promise<number> {
  const data = await readAll(p, toPath(name));
  if (typeof data === "number") {
    await err(p, data === -2 ? `sysctl: cannot stat ${toPath(name)}: No such file or directory\n` : `sysctl: reading key "${name}"\n`);
    return 255;
  }
  const v = Buffer.from(data).toString("utf8").replace(/\n$/, "").replace(/\t/g, "\t");
  await out(p, valueOnly ? `${v}\n` : `${name} = ${v}\n`);
  return 0;
}

function walk(p: UserProcess, dir: string, prefix: string, acc: string[]): void {
  const vfs = kernelOf(p).us.vfs;
  const names = vfs.readdir(dir);
  if (typeof names === "number") return;
  for (const n of [...names].sort()) {
    if (n === "." || n === "..") continue;
    const st = vfs.stat(`${dir}/${n}`, "/", true);
    if (typeof st === "number") continue;
    if ((st.mode & S_IFMT) === S_IFDIR) walk(p, `${dir}/${n}`, `${prefix}${n}.`, acc);
    else acc.push(prefix + n);
  }
}

export const sysctlMain: ProgramMain = async (p) => {
  let valueOnly = false;
  let write = false;
  let all = false;
  const items: string[] = [];
  for (const a of p.argv.slice(1)) {
    if (a === "-n") valueOnly = true;
    else if (a === "-w") write = true;
    else if (a === "-a" || a === "-A" || a === "-X") all = true;
    else if (a === "-q" || a === "-e") continue;
    else items.push(a);
  }
  if (all) {
    const names: string[] = [];
    walk(p, "/proc/sys", "", names);
    for (const n of names) await show(p, n, valueOnly);
    return 0;
  }
  let rc = 0;
  for (const it of items) {
    const eq = it.indexOf("=");
    if (eq >= 0 || write) {
      if (eq < 0) {
        await err(p, `sysctl: "${it}" must be of the form name=value\n`);
        rc = 255;
        continue;
      }
      const name = it.slice(0, eq).trim();
      const value = it.slice(eq + 1).trim();
      const fd = await p.sys.open(toPath(name), O_WRONLY | O_TRUNC);
      if (fd < 0) {
        await err(p, fd === -2 ? `sysctl: cannot stat ${toPath(name)}: No such file or directory\n` : `sysctl: permission denied on key "${name}"\n`);
        rc = 255;
        continue;
      }
      const r = await writeAll(p, fd, value + "\n");
      await p.sys.close(fd);
      if (r < 0) {
        await err(p, `sysctl: setting key "${name}": ${r === -22 ? "Invalid argument" : "Operation not permitted"}\n`);
        rc = 255;
        continue;
      }
      if (!valueOnly) await out(p, `${name} = ${value}\n`);
    } else rc = (await show(p, it, valueOnly)) || rc;
  }
  return rc;
};
