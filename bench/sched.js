#!/usr/bin/env node
// kemu bench: the scheduler (issue 3). Two kthreads ping-ponging through wait queues (a switch
// per wake-up), two kthreads calling yield() (the bare switch), and a thread doing msleep(1) in
// a loop (a timer wake-up per sleep). Prints microseconds per operation against the 1 us target.
// Needs dist/ (npx tsc -p tsconfig.json) and clang/wasm-ld. Usage: node bench/sched.js [--quick] [--json]
import { withBenchModule } from "./module.js";
import { median } from "./stats.js";

const SOURCE = `
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/delay.h>
#include <linux/completion.h>
static int mode, n = 1000;
module_param(mode, int, 0);
module_param(n, int, 0);
static DECLARE_WAIT_QUEUE_HEAD(wq);
static DECLARE_COMPLETION(done);
static int turn;
static int player(void *data)
{
	int me = (int)(long)data, i;
	for (i = 0; i < n; i++) {
		if (mode == 0) {
			wait_event(wq, turn == me);
			turn = !me;
			wake_up(&wq);
		} else if (mode == 1) {
			yield();
		} else {
			msleep(1);
		}
	}
	complete(&done);
	return 0;
}
static int __init b_init(void)
{
	kthread_run(player, (void *)0L, "p0");
	if (mode != 2)
		kthread_run(player, (void *)1L, "p1");
	wait_for_completion(&done);
	if (mode != 2)
		wait_for_completion(&done);
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
  const n = quick ? 50000 : 200000;
  const runs = quick ? 3 : 7;
  const cases = [
    { name: "wait-queue ping-pong, per switch", mode: 0, ops: 2 * n },
    { name: "yield() between two kthreads, per switch", mode: 1, ops: 2 * n },
    { name: "msleep(1) wake-up by timer, per sleep", mode: 2, ops: n, target: null },
  ];
  const rows = await withBenchModule("schedbench", SOURCE, async (_ko, timeInsmod) => {
    const out = [];
    for (const c of cases) {
      const samples = (await timeInsmod({ mode: c.mode, n }, { runs, warmup: 2 })).map((s) => (s * 1e6) / c.ops);
      out.push({ name: c.name, us: median(samples), target: c.target === null ? null : 1, samples });
    }
    return out;
  });
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    process.stdout.write("scheduler benchmark (virtual time; wall-clock microseconds per operation)\n");
    for (const r of rows) {
      const tail = r.target ? `  target ${r.target} us  ratio ${(r.us / r.target).toFixed(2)}  ${r.us <= r.target ? "ok" : "over"}` : "  (no target)";
      process.stdout.write(`${r.name.padEnd(44)} ${r.us.toFixed(3).padStart(8)} us${tail}\n`);
    }
  }
}

main().then((c) => process.exit(c ?? 0), (e) => {
  process.stderr.write(`bench/sched: ${e.stack ?? e}\n`);
  process.exit(1);
});
