// request_module's concurrency limit (kernel/kmod.c, MAX_KMOD_CONCURRENT = 50): 51 kernel
// threads request a module at once while every modprobe takes 10 s of virtual time.
//  - Linux 4.13 and later: the 51st waits up to MAX_KMOD_ALL_BUSY_TIMEOUT (5 s) for a slot,
//    then logs "request_module: modprobe NAME cannot be processed, kmod busy with 50 threads
//    for more than 5 seconds now" and returns -ETIME (-62). 4.13-6.3 (atomic counter and
//    wait_event_killable_timeout) log "request_module: kmod_concurrent_max (0) close to 0
//    (max_modprobes: 50), for module NAME, throttling..." first, when the thread starts to
//    wait; 6.4's semaphore version (down_timeout) dropped that line.
//  - Before 4.13: the 51st fails at once with -ENOMEM and "request_module: runaway loop
//    modprobe NAME".
// The other 50 run modprobe, which loads the module by alias: 0 after 10 s.
import { describe, it, expect } from "vitest";
import { buildC, bootKernel, lines } from "../helpers/kemu.js";

const TARGET = `
#include <linux/module.h>
MODULE_LICENSE("GPL");
MODULE_ALIAS("kemu-slow-alias");
static int __init t_init(void) { pr_info("target loaded by %s\\n", current->comm); return 0; }
static void __exit t_exit(void) { }
module_init(t_init);
module_exit(t_exit);
`;

const REQUESTER = `
#include <linux/module.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/atomic.h>
MODULE_LICENSE("GPL");
#define NTHREADS 51
static int ret[NTHREADS];
static unsigned long took[NTHREADS];
static atomic_t left = ATOMIC_INIT(NTHREADS);
static DECLARE_COMPLETION(all_done);

static int requester(void *arg)
{
	int i = (long)arg;
	unsigned long t0 = jiffies;

	ret[i] = request_module("kemu-slow-alias");
	took[i] = jiffies - t0;
	if (atomic_dec_and_test(&left))
		complete(&all_done);
	return 0;
}

static int __init r_init(void)
{
	unsigned long lo = ~0UL, hi = 0;
	int i, ran = 0, ok = 0;

	for (i = 0; i < NTHREADS; i++)
		kthread_run(requester, (void *)(long)i, "kmodreq/%d", i);
	wait_for_completion(&all_done);
	for (i = 0; i < NTHREADS; i++) {
		if (ret[i] < 0) {
			pr_info("refused: %d after %u ms\\n", ret[i], jiffies_to_msecs(took[i]));
			continue;
		}
		ran++;
		if (!ret[i])
			ok++;
		if (took[i] < lo)
			lo = took[i];
		if (took[i] > hi)
			hi = took[i];
	}
	pr_info("%d ran modprobe, for %u..%u ms\\n", ran, jiffies_to_msecs(lo), jiffies_to_msecs(hi));
	pr_info("%d returned 0\\n", ok);
	return 0;
}
static void __exit r_exit(void) { }
module_init(r_init);
module_exit(r_exit);
`;

interface Run {
  /** dmesg without timestamps or taint lines */
  log: string[];
  /** dmesg with timestamps */
  dmesg: string;
}

/** Boot `version`, install the target, make modprobe take 10 s, insmod the requester. */
async function run(version?: string): Promise<Run> {
  const kv = version ? { kernelVersion: version } : {};
  const target = await buildC("kemu_slowtarget", TARGET, kv);
  const req = await buildC("kmod51", REQUESTER, kv);
  const sys = await bootKernel(version);
  await sys.install(target);
  sys.userspace.vfs.install("/sbin/slow-modprobe", '#!/bin/sh\nsleep 10\nexec /sbin/modprobe "$@"\n', 0o755);
  const set = await sys.exec(["sh", "-c", "echo /sbin/slow-modprobe > /proc/sys/kernel/modprobe"]);
  expect(set.status).toBe(0);
  const r = await sys.insmod(req);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(sys.lsmod()).toMatch(/^kemu_slowtarget /m);
  return { log: lines(sys).filter((l) => !l.includes("taint")), dmesg: sys.dmesg() };
}

// one boot per kernel version, shared by the tests that look at it
const runs = new Map<string, Promise<Run>>();
const once = (version = "6.1.0") => {
  if (!runs.has(version)) runs.set(version, run(version));
  return runs.get(version)!;
};

describe("51 concurrent request_module calls", () => {
  it("6.1: the 51st waits 5 s for a slot, then -ETIME with the kmod busy message", async () => {
    const { log, dmesg } = await once();
    expect(dmesg).toContain("[    5.000000] request_module: modprobe kemu-slow-alias cannot be processed, kmod busy with 50 threads for more than 5 seconds now\n");
    expect(log.filter((l) => l.startsWith("refused:"))).toEqual(["refused: -62 after 5000 ms"]);
    expect(log).toContain("50 ran modprobe, for 10000..10000 ms");
    expect(log.filter((l) => l.startsWith("target loaded by"))).toEqual(["target loaded by modprobe"]);
    expect(log.some((l) => l.includes("runaway loop"))).toBe(false);
  }, 120_000);

  it("6.1: the waiting thread first logs the throttling warning (4.13-6.3)", async () => {
    const { dmesg } = await once();
    // logged when the 51st starts to wait, before any modprobe has finished
    expect(dmesg).toMatch(/^\[ +0\.\d{6}\] request_module: kmod_concurrent_max \(0\) close to 0 \(max_modprobes: 50\), for module kemu-slow-alias, throttling\.\.\.$/m);
  }, 120_000);

  // regression: modprobe failed with "File exists" when another modprobe loaded the module
  // first; kmod's kmod_module_probe_insert_module() treats -EEXIST as success
  it("6.1: every modprobe that ran exits 0, the ones that lost the race too", async () => {
    const { log } = await once();
    expect(log).toContain("50 returned 0");
  }, 120_000);

  it("4.9: the 51st fails at once with -ENOMEM and the runaway loop message", async () => {
    const { log, dmesg } = await once("4.9.0");
    expect(dmesg).toContain("[    0.000000] request_module: runaway loop modprobe kemu-slow-alias\n");
    expect(log.filter((l) => l.startsWith("refused:"))).toEqual(["refused: -12 after 0 ms"]);
    expect(log).toContain("50 ran modprobe, for 10000..10000 ms");
    expect(log.filter((l) => l.startsWith("target loaded by"))).toEqual(["target loaded by modprobe"]);
    expect(log.some((l) => l.includes("kmod busy") || l.includes("throttling"))).toBe(false);
  }, 120_000);
});
