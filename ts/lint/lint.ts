// kemu lint: tree-sitter checks for the mistakes kernel module examples and students make, each
// reported with the consequence on Linux: deferred work (tasklet, timer, work) or a kthread left
// running after module_exit, sleeping in atomic context (tasklet/timer/softirq callbacks, under a
// spinlock), memory handed to a usermode helper that does not wait and freed or dropped at once
// (kernel/kmod.c, kernel/umh.c), no MODULE_LICENSE (kernel/module/main.c: taint, GPL-only symbols
// hidden), no exit function while init registers something (delete_module's -EBUSY).
import * as fs from "node:fs";
import { type Call, functions, calls, fieldAssignments, initializers, objectKey, type FunctionDef } from "../build/era/ast.js";
import { parseC, type ParsedFile } from "../build/era/treesitter.js";
import { parseKernelVersion } from "../build/version.js";

export interface Finding {
  file: string;
  line: number;
  col: number;
  /** Rule id, printed as [kemu-lint-RULE]. */
  rule: string;
  message: string;
}

export const RULES: Record<string, string> = {
  "tasklet-kill": "a tasklet scheduled but never killed in the exit path",
  "timer-del": "a timer armed but never deleted in the exit path",
  "work-cancel": "work queued but never cancelled or flushed in the exit path",
  "kthread-stop": "a kthread started but never stopped in the exit path",
  "sleep-in-atomic": "a sleeping call directly inside a tasklet/timer/softirq/irq callback",
  "sleep-under-spinlock": "a sleeping call between spin_lock and spin_unlock in one function",
  "umh-nowait-free": "memory handed to a UMH_NO_WAIT usermode helper and freed or dropped right after",
  "umh-wait-literal": "a numeric usermode-helper wait value whose meaning changed in Linux 3.4",
  license: "no MODULE_LICENSE",
  "no-exit": "init registers something but the module has no exit function",
};

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.col}: warning: ${f.message} [kemu-lint-${f.rule}]`;
}

// ---- what the kernel APIs do -------------------------------------------------------------------

const ALWAYS_SLEEPS = new Set([
  "msleep", "msleep_interruptible", "ssleep", "usleep_range", "schedule", "schedule_timeout",
  "schedule_timeout_interruptible", "schedule_timeout_uninterruptible", "schedule_timeout_killable",
  "mutex_lock", "mutex_lock_interruptible", "mutex_lock_killable", "down", "down_interruptible",
  "down_killable", "down_timeout", "down_read", "down_write", "sleep_on", "interruptible_sleep_on",
  "sleep_on_timeout", "interruptible_sleep_on_timeout", "copy_to_user", "copy_from_user", "get_user",
  "put_user", "clear_user", "strncpy_from_user", "vmalloc", "vzalloc", "kthread_stop", "kthread_create",
  "kthread_run", "flush_workqueue", "flush_scheduled_work", "flush_work", "cancel_work_sync",
  "cancel_delayed_work_sync", "synchronize_rcu", "synchronize_net", "request_module", "filp_open",
  "kernel_read", "kernel_write", "vfs_read", "vfs_write", "tasklet_kill", "destroy_workqueue",
]);
const GFP_ALLOCATORS = new Set([
  "kmalloc", "kzalloc", "kcalloc", "kmalloc_array", "krealloc", "kmem_cache_alloc", "kmem_cache_zalloc",
  "kstrdup", "kmemdup", "__get_free_pages", "__get_free_page", "get_zeroed_page", "alloc_pages",
  "alloc_page", "call_usermodehelper_setup",
]);
const SLEEPING_GFP = /\bGFP_(KERNEL|USER|NOIO|NOFS|HIGHUSER)\b/;

/** Why a call may sleep, or undefined. */
function sleeps(c: Call): string | undefined {
  if (ALWAYS_SLEEPS.has(c.name)) return `${c.name}() may sleep`;
  if (/^wait_event/.test(c.name) || /^wait_for_completion/.test(c.name)) return `${c.name}() sleeps`;
  if (GFP_ALLOCATORS.has(c.name) && c.args.some((a) => SLEEPING_GFP.test(a))) return `${c.name}(..., GFP_KERNEL) may sleep to reclaim memory`;
  if ((c.name === "call_usermodehelper" || c.name === "call_usermodehelper_exec") && !/UMH_NO_WAIT/.test(c.args[c.args.length - 1] ?? "")) {
    return `${c.name}() waits for the helper`;
  }
  return undefined;
}

const LOCKS: Record<string, { unlock: string[]; what: string }> = {};
for (const k of ["spin_lock", "spin_lock_irq", "spin_lock_irqsave", "spin_lock_bh", "raw_spin_lock", "raw_spin_lock_irqsave", "raw_spin_lock_irq"]) {
  LOCKS[k] = { unlock: ["spin_unlock", "spin_unlock_irq", "spin_unlock_irqrestore", "spin_unlock_bh", "raw_spin_unlock", "raw_spin_unlock_irqrestore", "raw_spin_unlock_irq"], what: "spinlock" };
}
for (const k of ["read_lock", "read_lock_irq", "read_lock_irqsave", "read_lock_bh"]) LOCKS[k] = { unlock: ["read_unlock", "read_unlock_irq", "read_unlock_irqrestore", "read_unlock_bh"], what: "rwlock" };
for (const k of ["write_lock", "write_lock_irq", "write_lock_irqsave", "write_lock_bh"]) LOCKS[k] = { unlock: ["write_unlock", "write_unlock_irq", "write_unlock_irqrestore", "write_unlock_bh"], what: "rwlock" };

interface Deferred {
  rule: string;
  what: string;
  /** start call -> index of the object argument */
  start: Record<string, number>;
  /** stop call -> index of the object argument (-1: stops everything of this kind) */
  stop: Record<string, number>;
  consequence: string;
  fix: string;
}

const DEFERRED: Deferred[] = [
  {
    rule: "tasklet-kill",
    what: "tasklet",
    start: { tasklet_schedule: 0, tasklet_hi_schedule: 0 },
    stop: { tasklet_kill: 0, tasklet_kill_immediate: 0 },
    consequence: "if it is still pending or running at rmmod, TASKLET_SOFTIRQ calls its function in freed module memory (Oops in tasklet_action)",
    fix: "tasklet_kill",
  },
  {
    rule: "timer-del",
    what: "timer",
    start: { add_timer: 0, mod_timer: 0, add_timer_on: 0, mod_timer_pending: 0, hrtimer_start: 0, hrtimer_start_range_ns: 0 },
    stop: { del_timer: 0, del_timer_sync: 0, del_singleshot_timer_sync: 0, timer_delete: 0, timer_delete_sync: 0, timer_shutdown: 0, timer_shutdown_sync: 0, hrtimer_cancel: 0, hrtimer_try_to_cancel: 0 },
    consequence: "when it expires after rmmod, the timer softirq calls its function in freed module memory (Oops in run_timer_softirq)",
    fix: "del_timer_sync",
  },
  {
    rule: "work-cancel",
    what: "work",
    start: { schedule_work: 0, schedule_delayed_work: 0, queue_work: 1, queue_delayed_work: 1, queue_work_on: 2, schedule_delayed_work_on: 1, mod_delayed_work: 1 },
    stop: { cancel_work_sync: 0, cancel_work: 0, cancel_delayed_work: 0, cancel_delayed_work_sync: 0, flush_work: 0, flush_delayed_work: 0, flush_scheduled_work: -1 },
    consequence: "a kworker would run its function in freed module memory after rmmod (Oops in process_one_work)",
    fix: "cancel_work_sync",
  },
];

const REGISTERS = new Set([
  "register_chrdev", "register_chrdev_region", "alloc_chrdev_region", "cdev_add", "misc_register", "proc_create",
  "proc_create_data", "proc_create_single", "proc_create_seq", "proc_mkdir", "create_proc_entry", "create_proc_read_entry",
  "proc_register", "proc_register_dynamic", "register_sysctl_table", "register_sysctl", "kthread_run", "kthread_create",
  "kernel_thread", "request_irq", "add_timer", "mod_timer", "tasklet_schedule", "schedule_work", "queue_work",
  "schedule_delayed_work", "queue_delayed_work", "create_workqueue", "create_singlethread_workqueue", "alloc_workqueue",
  "class_create", "device_create", "register_filesystem", "platform_driver_register", "pci_register_driver", "usb_register",
  "register_netdev", "register_kprobe", "nf_register_net_hook", "queue_task", "sysfs_create_file", "sysfs_create_group",
  "kobject_create_and_add", "debugfs_create_dir", "debugfs_create_file", "hrtimer_start", "input_register_device",
  "register_reboot_notifier", "register_keyboard_notifier", "register_blkdev",
]);

// ---- the module as a whole ---------------------------------------------------------------------

interface Fn {
  def: FunctionDef;
  file: ParsedFile;
  calls: Call[];
}

class Module {
  fns = new Map<string, Fn>();
  all: { call: Call; file: ParsedFile }[] = [];
  initFns: string[] = [];
  exitFns: string[] = [];
  initSite?: { file: string; line: number; col: number };

  constructor(readonly files: ParsedFile[]) {
    for (const f of files) {
      const cs = calls(f);
      for (const d of functions(f)) this.fns.set(d.name, { def: d, file: f, calls: cs.filter((c) => c.fn === d.name) });
      for (const c of cs) this.all.push({ call: c, file: f });
    }
    for (const { call, file } of this.all) {
      if (call.fn) continue;
      if (call.name === "module_init" && call.args[0]) {
        this.initFns.push(call.args[0]);
        this.initSite ??= { file: file.path, line: call.line, col: call.col };
      }
      if (call.name === "module_exit" && call.args[0]) this.exitFns.push(call.args[0]);
    }
    const init = this.fns.get("init_module");
    if (init && !this.initFns.includes("init_module")) {
      this.initFns.push("init_module");
      this.initSite ??= { file: init.file.path, line: init.def.line, col: init.def.col };
    }
    if (this.fns.has("cleanup_module") && !this.exitFns.includes("cleanup_module")) this.exitFns.push("cleanup_module");
  }

  /** Calls made by these functions and everything they call in the module. */
  reach(roots: string[]): Call[] {
    const seen = new Set<string>();
    const out: Call[] = [];
    const todo = [...roots];
    while (todo.length) {
      const n = todo.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const fn = this.fns.get(n);
      if (!fn) continue;
      for (const c of fn.calls) {
        out.push(c);
        if (this.fns.has(c.name)) todo.push(c.name);
        // function pointers passed along (e.g. a helper called through a macro) are not followed
      }
    }
    return out;
  }
}

/** Lints one module (its files together) for the given kernel version ("2.6.23"...). */
export function lintModule(files: ParsedFile[], kernelVersion: string): Finding[] {
  const kv = parseKernelVersion(kernelVersion);
  const m = new Module(files);
  const out: Finding[] = [];
  const at = (file: string, c: { line: number; col: number }, rule: string, message: string) => out.push({ file, line: c.line, col: c.col, rule, message });
  const exitName = m.exitFns.join("/") || "none";

  // -- deferred work and threads left running after module_exit (only when it can be unloaded) --
  if (m.exitFns.length) {
    const exitCalls = m.reach(m.exitFns);
    for (const d of DEFERRED) {
      const stopped = new Set<string>();
      let stopAll = false;
      const wqStopped = new Set<string>();
      for (const c of exitCalls) {
        const i = d.stop[c.name];
        if (i === -1) stopAll = true;
        else if (i !== undefined && c.args[i]) stopped.add(objectKey(c.args[i]));
        if (c.name === "destroy_workqueue" || c.name === "flush_workqueue" || c.name === "drain_workqueue") wqStopped.add(objectKey(c.args[0] ?? ""));
      }
      const reported = new Set<string>();
      for (const { call: c, file } of m.all) {
        const i = d.start[c.name];
        if (i === undefined || !c.args[i]) continue;
        const key = objectKey(c.args[i]);
        if (stopped.has(key) || reported.has(key)) continue;
        const viaSystemWq = c.name === "schedule_work" || c.name === "schedule_delayed_work" || c.name === "schedule_delayed_work_on";
        if (d.rule === "work-cancel" && ((stopAll && viaSystemWq) || (!viaSystemWq && wqStopped.has(objectKey(c.args[0]))))) continue;
        reported.add(key);
        at(file.path, c, d.rule,
          `${d.what} '${key}' is ${d.rule === "timer-del" ? "armed" : d.rule === "work-cancel" ? "queued" : "scheduled"} by ${c.name}() but the exit path (${exitName}) never calls ${d.fix}(&${key}): ${d.consequence}`);
      }
    }
    // kthreads
    const stoppedThreads = new Set(exitCalls.filter((c) => c.name === "kthread_stop" || c.name === "kthread_stop_put").map((c) => objectKey(c.args[0] ?? "")));
    for (const { call: c, file } of m.all) {
      if (c.name !== "kthread_run" && c.name !== "kthread_create" && c.name !== "kthread_run_on_cpu") continue;
      const before = file.text.slice(Math.max(0, file.text.lastIndexOf("\n", c.start) + 1), c.start);
      const assigned = /([A-Za-z_][\w.\->[\]]*)\s*=\s*(\([^()]*\)\s*)?$/.exec(before)?.[1];
      const key = assigned ? objectKey(assigned) : undefined;
      if (key && stoppedThreads.has(key)) continue;
      at(file.path, c, "kthread-stop",
        key
          ? `kthread '${key}' is started by ${c.name}() but the exit path (${exitName}) never calls kthread_stop(${key}): the thread keeps running module code after rmmod frees it (Oops); kthread_stop() wakes it and waits for its function to return`
          : `the task_struct returned by ${c.name}() is not kept, so the exit path cannot kthread_stop() it: the thread keeps running module code after rmmod frees it (Oops)`);
    }
  }

  // -- sleeping in atomic context: callbacks --
  const callbacks = new Map<string, string>();
  const cb = (name: string | undefined, kind: string) => {
    const n = name ? objectKey(name) : "";
    if (n && m.fns.has(n) && !callbacks.has(n)) callbacks.set(n, kind);
  };
  const usesTqTimer = m.all.some(({ call }) => call.name === "queue_task" && /tq_timer|tq_immediate/.test(call.args[1] ?? ""));
  for (const { call: c } of m.all) {
    if (/^DECLARE_TASKLET/.test(c.name) || c.name === "tasklet_init" || c.name === "tasklet_setup") cb(c.args[1], "a tasklet function (softirq context)");
    else if (c.name === "timer_setup" || c.name === "setup_timer" || c.name === "DEFINE_TIMER") cb(c.args[1], "a timer callback (softirq context)");
    else if (c.name === "TIMER_INITIALIZER" || c.name === "__TIMER_INITIALIZER") cb(c.args[0], "a timer callback (softirq context)");
    else if (c.name === "open_softirq") cb(c.args[1], "a softirq handler");
    else if (c.name === "request_irq" || c.name === "request_threaded_irq") cb(c.args[1], "an interrupt handler (hardirq context)");
  }
  for (const f of files) {
    for (const a of fieldAssignments(f)) {
      if (a.field === "function") cb(a.value, "a timer callback (softirq context)");
      if (a.field === "routine" && usesTqTimer) cb(a.value, "a task queue routine (tq_timer runs it from the timer interrupt)");
    }
    for (const init of initializers(f)) {
      for (const [i, e] of init.elements.entries()) {
        if (e.field === "function" && /timer/.test(init.type)) cb(e.value, "a timer callback (softirq context)");
        if (/tq_struct/.test(init.type) && usesTqTimer && (e.field === "routine" || (!e.field && i === 2))) cb(e.value, "a task queue routine (tq_timer runs it from the timer interrupt)");
      }
    }
  }
  for (const [name, kind] of callbacks) {
    const fn = m.fns.get(name)!;
    for (const c of fn.calls) {
      const why = sleeps(c);
      if (why) {
        at(fn.file.path, c, "sleep-in-atomic",
          `${why}, but ${name}() is ${kind}, which must not sleep: Linux reports "BUG: scheduling while atomic" (or "BUG: sleeping function called from invalid context")`);
      }
    }
  }

  // -- sleeping under a spinlock (direct calls, source order within one function) --
  for (const fn of m.fns.values()) {
    const held = new Map<string, Call>();
    for (const c of fn.calls) {
      const lk = LOCKS[c.name];
      if (lk && c.args[0]) {
        held.set(objectKey(c.args[0]), c);
        continue;
      }
      if (/_unlock/.test(c.name) && c.args[0]) {
        held.delete(objectKey(c.args[0]));
        continue;
      }
      const why = held.size ? sleeps(c) : undefined;
      if (why) {
        const [key, lock] = [...held.entries()][held.size - 1];
        at(fn.file.path, c, "sleep-under-spinlock",
          `${why}, but ${lock.name}(&${key}) taken at line ${lock.line} is still held: sleeping with a spinlock held is "BUG: scheduling while atomic" and can deadlock`);
      }
    }
  }

  // -- usermode helper memory --
  lintUmh(m, kv.code, kv.release, at);

  // -- MODULE_LICENSE (2.4.10+) --
  const hasLicense = m.all.some(({ call }) => call.name === "MODULE_LICENSE");
  const isModule = m.initFns.length > 0 || files.some((f) => /#\s*include\s*<linux\/module\.h>/.test(f.text));
  if (!hasLicense && isModule && kv.code >= 0x02040a && files.length) {
    const site = m.initSite ?? { file: files[0].path, line: 1, col: 1 };
    at(site.file, site, "license",
      `no MODULE_LICENSE(): loading this module taints the kernel ("module license 'unspecified' taints kernel", TAINT_PROPRIETARY_MODULE) and EXPORT_SYMBOL_GPL symbols are unavailable to it (insmod: "Unknown symbol")`);
  }

  // -- no exit function while init registers something --
  if (m.initFns.length && !m.exitFns.length) {
    const reg = m.reach(m.initFns).find((c) => REGISTERS.has(c.name));
    if (reg && m.initSite) {
      at(m.initSite.file, m.initSite, "no-exit",
        `init registers something (${reg.name}() at line ${reg.line}) but the module has no exit function (module_exit or cleanup_module): Linux refuses to unload it (delete_module returns -EBUSY: "rmmod: ERROR: could not remove module: Device or resource busy") and what it registered stays forever`);
    }
  }

  out.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
  return out;
}

const FREES = new Set(["kfree", "vfree", "kvfree", "kfree_sensitive", "kzfree"]);

function lintUmh(m: Module, code: number, release: string, at: (file: string, c: { line: number; col: number }, rule: string, message: string) => void) {
  for (const fn of m.fns.values()) {
    const text = fn.file.text;
    const body = fn.def.body;
    if (!body) continue;
    const bodyText = text.slice(body.startIndex, body.endIndex);
    for (const c of fn.calls) {
      let argvName: string | undefined;
      let envpName: string | undefined;
      let wait: string | undefined;
      if (c.name === "call_usermodehelper" && c.args.length === 4) {
        [argvName, envpName, wait] = [c.args[1], c.args[2], c.args[3]];
      } else if (c.name === "call_usermodehelper_exec" && c.args.length === 2) {
        wait = c.args[1];
        const info = objectKey(c.args[0]);
        const setup = fn.calls.find((s) => s.name === "call_usermodehelper_setup" && s.start < c.start &&
          new RegExp(`\\b${info.replace(/[^\w]/g, "")}\\s*=\\s*$`).test(text.slice(text.lastIndexOf("\n", s.start) + 1, s.start)));
        if (setup) [argvName, envpName] = [setup.args[1], setup.args[2]];
      } else continue;
      const w = (wait ?? "").replace(/\s+/g, "");
      const literal = /^-?\d+$/.test(w) ? Number(w) : undefined;
      let noWait: boolean;
      if (/UMH_NO_WAIT/.test(w)) noWait = true;
      else if (literal === undefined) noWait = false;
      else if (code < 0x030400) noWait = literal === -1; // enum umh_wait: NO_WAIT -1, WAIT_EXEC 0, WAIT_PROC 1 (before 2.6.23: int, 0 still waited for the exec)
      else noWait = literal === 0; // 3.4+: UMH_NO_WAIT 0, UMH_WAIT_EXEC 1, UMH_WAIT_PROC 2
      const literalZeroOld = literal === 0 && code < 0x030400;
      if (!noWait && !literalZeroOld) continue;

      // what the helper reads later: the argv/envp arrays and the pointers stored in them
      const passed = new Map<string, string>(); // pointer -> "envp" / "argv"
      const localArrays: string[] = [];
      for (const arr of [argvName, envpName]) {
        const a = arr ? objectKey(arr) : "";
        if (!/^[A-Za-z_]\w*$/.test(a)) continue;
        const decl = new RegExp(`(^|[;{}])\\s*((?:static\\s+)?)[^;{}()]*\\b${a}\\s*\\[[^\\]]*\\]\\s*(=\\s*\\{([^}]*)\\})?`, "m").exec(bodyText);
        if (decl) {
          if (!decl[2]) localArrays.push(a);
          for (const el of (decl[4] ?? "").split(",")) {
            const id = el.trim();
            if (/^[A-Za-z_]\w*$/.test(id) && id !== "NULL") passed.set(id, a);
          }
        }
        for (const mm of bodyText.matchAll(new RegExp(`\\b${a}\\s*\\[[^\\]]*\\]\\s*=\\s*([A-Za-z_]\\w*)\\s*;`, "g"))) {
          if (mm[1] !== "NULL") passed.set(mm[1], a);
        }
      }
      const freed = fn.calls.find((k) => FREES.has(k.name) && k.start > c.end && passed.has(objectKey(k.args[0] ?? "")));
      const freedKey = freed ? objectKey(freed.args[0]) : undefined;
      const where = fn.file.path;
      if (noWait) {
        const meaning = literal === 0 ? ` (the wait value 0 is UMH_NO_WAIT since Linux 3.4; before 3.4 it was UMH_WAIT_EXEC)` : literal === -1 ? " (-1 is UMH_NO_WAIT before Linux 3.4)" : "";
        if (freed && freedKey) {
          at(where, freed, "umh-nowait-free",
            `${freedKey} is in ${passed.get(freedKey)}[] of the UMH_NO_WAIT helper started at line ${c.line}${meaning} and is freed here right after: ${c.name}() returns before the helper has exec'd, and the helper's execve reads ${passed.get(freedKey)} later, from freed memory (use-after-free: garbage or a crash in the helper's arguments/environment)`);
        }
        if (localArrays.length) {
          at(where, c, "umh-nowait-free",
            `${localArrays.join(" and ")} ${localArrays.length > 1 ? "are local arrays" : "is a local array"} of ${fn.def.name}() passed to a UMH_NO_WAIT helper${meaning}: the helper reads ${localArrays.length > 1 ? "them" : "it"} after ${fn.def.name}() has returned and its stack is reused (use-after-free); make them static or allocate them and free them in the helper's cleanup`);
        }
      } else if (literalZeroOld && (freed || localArrays.length)) {
        const uses = [freed && freedKey ? `kfree(${freedKey}) at line ${freed.line} frees ${passed.get(freedKey)} memory` : "", localArrays.length ? `${localArrays.join("/")} live on ${fn.def.name}()'s stack` : ""].filter(Boolean).join(" and ");
        at(where, c, "umh-wait-literal",
          `${c.name}(..., 0): with Linux ${release} 0 is UMH_WAIT_EXEC (kernel/kmod.c waits until the helper has exec'd, so this is safe here), but since Linux 3.4 0 is UMH_NO_WAIT; built for 3.4 or later, ${uses} while the helper has not exec'd yet (use-after-free). Write UMH_WAIT_EXEC or UMH_WAIT_PROC instead of 0`);
      }
    }
  }
}

/** Lints the given files as one module; `kernelVersion` "auto" detects the era. */
export async function lintFiles(paths: string[], opts: { kernelVersion?: string } = {}): Promise<{ findings: Finding[]; kernelVersion: string }> {
  const files: ParsedFile[] = [];
  for (const p of paths) files.push(await parseC(p, fs.readFileSync(p, "utf8")));
  let kernelVersion = opts.kernelVersion ?? "auto";
  if (kernelVersion === "auto") {
    const { detectEraParsed } = await import("../build/era/detect.js");
    kernelVersion = detectEraParsed(files).version;
  }
  return { findings: lintModule(files, kernelVersion), kernelVersion };
}
