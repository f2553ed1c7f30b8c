// kemu: lib/kobject_uevent.c's kobject_uevent_env() for devices kemu simulates (no kobjects
// yet): the environment in Linux's order, SEQNUM, and the uevent helper started with
// UMH_NO_WAIT (argv = {helper, subsystem}). Netlink listeners are not emulated yet.
import type { UserSpace } from "../user/userspace.js";

export type UeventAction = "add" | "remove" | "change" | "move" | "online" | "offline" | "bind" | "unbind";

/** Returns the env the event carried (helper or not); the helper runs when the machine runs. */
export async function kobjectUeventEnv(us: UserSpace, action: UeventAction, devpath: string, subsystem: string, extra: string[] = []): Promise<string[]> {
  // Dropped (return 0) when there is no subsystem, as Linux does.
  if (!subsystem) return [];
  const env = [`ACTION=${action}`, `DEVPATH=${devpath}`, `SUBSYSTEM=${subsystem}`, ...extra, `SEQNUM=${++us.ueventSeqnum}`];
  const helper = us.sysctls.ueventHelper;
  if (helper) {
    const envp = [...env, "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin"];
    // call_usermodehelper(..., UMH_NO_WAIT): exec errors are lost
    await us.spawn(helper, { argv: [helper, subsystem], envp, cwd: "/", files: new Map() }, null);
  }
  return env;
}
