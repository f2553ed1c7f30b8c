#!/usr/bin/env node
// kemu bench: deferred work in softirq context (issue 4). A tasklet that reschedules itself N
// times (schedule + run per iteration) and a timer re-armed from its callback N times (add +
// expire), each driven by the emulated tick. Prints millions per second against the targets
// (tasklets >= 5 M/s, timers >= 1 M/s). Needs dist/ and clang. Usage: node bench/softirq.js [--quick]
import { withBenchModule } from "./module.js";
import { median } from "./stats.js";

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
  const n = quick ? 100000 : 500000;
  const runs = quick ? 3 : 5;
  const cases = [
    { name: "tasklet schedule+run", mode: 0, target: 5 },
    { name: "timer add+expire", mode: 1, target: 1 },
  ];
  process.stdout.write("softirq benchmark (wall clock, millions per second)\n");
  await withBenchModule("sqbench", SOURCE, async (_ko, timeInsmod) => {
    for (const c of cases) {
      const samples = (await timeInsmod({ mode: c.mode, n }, { runs, warmup: 1 })).map((s) => n / s / 1e6);
      const m = median(samples);
      process.stdout.write(`${c.name.padEnd(24)} ${m.toFixed(2).padStart(7)} M/s  target >= ${c.target} M/s  ratio ${(m / c.target).toFixed(2)}  ${m >= c.target ? "ok" : "under"}\n`);
    }
  });
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`bench/softirq: ${e.stack ?? e}\n`);
  process.exit(1);
});
