#!/usr/bin/env node
// kemu bench: deferred work in softirq context (issue 4). A tasklet that reschedules itself N
// times (schedule + run per iteration) and a timer re-armed from its callback N times (add +
// expire), each driven by the emulated tick. Prints millions per second against the targets
// (tasklets >= 5 M/s, timers >= 1 M/s). Needs dist/ and clang. Usage: node bench/softirq.js [--quick]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "./stats.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST_URL = pathToFileURL(join(ROOT, "dist")).href;

const SOURCE = `
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/completion.h>
static int mode, n = 1000, count;
module_param(mode, int, 0);
module_param(n, int, 0);
static DECLARE_COMPLETION(done);
static void tl_fn(struct tasklet_struct *t);
static DECLARE_TASKLET(tl, tl_fn);
static struct timer_list tm;
static void tl_fn(struct tasklet_struct *t)
{
	if (++count < n)
		tasklet_schedule(&tl);
	else
		complete(&done);
}
static void tm_fn(struct timer_list *t)
{
	if (++count < n)
		mod_timer(&tm, jiffies);
	else
		complete(&done);
}
static int __init b_init(void)
{
	if (mode == 0) {
		tasklet_schedule(&tl);
	} else {
		timer_setup(&tm, tm_fn, 0);
		mod_timer(&tm, jiffies + 1);
	}
	wait_for_completion(&done);
	return 0;
}
static void __exit b_exit(void) { tasklet_kill(&tl); del_timer_sync(&tm); }
module_init(b_init);
module_exit(b_exit);
MODULE_LICENSE("GPL");
`;

async function main() {
  const quick = process.argv.includes("--quick");
  const dir = mkdtempSync(join(tmpdir(), "kemu-bench-softirq-"));
  try {
    writeFileSync(join(dir, "sqbench.c"), SOURCE);
    const { buildModule } = await import(`${DIST_URL}/build/compile.js`);
    const { KemuSystem } = await import(`${DIST_URL}/system.js`);
    const { ko } = await buildModule({ sources: [join(dir, "sqbench.c")] });
    const n = quick ? 100000 : 500000;
    const runs = quick ? 3 : 5;
    const cases = [
      { name: "tasklet schedule+run", mode: 0, target: 5 },
      { name: "timer add+expire", mode: 1, target: 1 },
    ];
    process.stdout.write("softirq benchmark (wall clock, millions per second)\n");
    for (const c of cases) {
      const samples = [];
      for (let r = 0; r < runs + 1; r++) {
        const sys = await KemuSystem.boot();
        sys.processLimitNs = 1n << 60n;
        const t0 = process.hrtime.bigint();
        const res = sys.insmod(ko, { mode: c.mode, n });
        const dt = Number(process.hrtime.bigint() - t0) / 1e9;
        if (res.status !== 0) throw new Error(`insmod failed: ${res.stderr}`);
        if (r > 0) samples.push(n / dt / 1e6);
      }
      const m = median(samples);
      process.stdout.write(`${c.name.padEnd(24)} ${m.toFixed(2).padStart(7)} M/s  target >= ${c.target} M/s  ratio ${(m / c.target).toFixed(2)}  ${m >= c.target ? "ok" : "under"}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`bench/softirq: ${e.stack ?? e}\n`);
  process.exit(1);
});
