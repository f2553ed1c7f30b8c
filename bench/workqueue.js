#!/usr/bin/env node
// kemu bench: workqueues (issue 4). Work items queued from init in batches of 1000 and run by
// a kworker (insmod sleeps in flush_workqueue() once per batch), one work item requeueing
// itself (the worker never sleeps), and the same on an ordered workqueue. Prints work items
// queued and run per second against the 1 million per second target.
// Needs dist/ (npx tsc -p tsconfig.json) and clang/wasm-ld. Usage: node bench/workqueue.js [--quick] [--json]
import { withBenchModule } from "./module.js";
import { median } from "./stats.js";

const SOURCE = `
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
static int mode, n = 1000;
module_param(mode, int, 0);
module_param(n, int, 0);
#define BATCH 1000
static struct work_struct items[BATCH];
static struct work_struct self;
static struct workqueue_struct *wq;
static DECLARE_COMPLETION(done);
static int left, ran;
static void item_fn(struct work_struct *w) { ran++; }
static void self_fn(struct work_struct *w)
{
	if (--left > 0)
		queue_work(wq, w);
	else
		complete(&done);
}
static int __init b_init(void)
{
	int i, k;

	wq = mode == 2 ? alloc_ordered_workqueue("wqbench", 0) : alloc_workqueue("wqbench", 0, 0);
	if (mode == 0) {
		for (i = 0; i < BATCH; i++)
			INIT_WORK(&items[i], item_fn);
		for (k = 0; k < n; k += BATCH) {
			for (i = 0; i < BATCH && k + i < n; i++)
				queue_work(wq, &items[i]);
			flush_workqueue(wq);
		}
		if (ran != n)
			return -EIO;
	} else {
		left = n;
		INIT_WORK(&self, self_fn);
		queue_work(wq, &self);
		wait_for_completion(&done);
	}
	destroy_workqueue(wq);
	return 0;
}
static void __exit b_exit(void) { }
module_init(b_init);
module_exit(b_exit);
MODULE_LICENSE("GPL");
`;

async function main() {
  const quick = process.argv.includes("--quick");
  const json = process.argv.includes("--json");
  const n = quick ? 100000 : 500000;
  const runs = quick ? 3 : 7;
  const cases = [
    { name: "queue_work + run, batches of 1000", mode: 0 },
    { name: "self-requeueing work item", mode: 1 },
    { name: "self-requeueing, ordered workqueue", mode: 2 },
  ];
  const rows = await withBenchModule("wqbench", SOURCE, async (_ko, timeInsmod) => {
    const out = [];
    for (const c of cases) {
      const samples = (await timeInsmod({ mode: c.mode, n }, { runs, warmup: 2 })).map((s) => n / s);
      out.push({ name: c.name, perSecond: median(samples), target: 1e6, samples });
    }
    return out;
  });
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    process.stdout.write("workqueue benchmark (work items queued and run per wall-clock second)\n");
    for (const r of rows) {
      const ratio = r.perSecond / r.target;
      process.stdout.write(`${r.name.padEnd(44)} ${(r.perSecond / 1e6).toFixed(2).padStart(8)} M/s  target 1.00 M/s  ratio ${ratio.toFixed(2)}  ${ratio >= 1 ? "ok" : "under"}\n`);
    }
  }
}

main().then((c) => process.exit(c ?? 0), (e) => {
  process.stderr.write(`bench/workqueue: ${e.stack ?? e}\n`);
  process.exit(1);
});
