import { it } from "vitest";
import { KemuSystem } from "/work/main/ts/system.js";
it("real", async () => {
  const t0 = performance.now();
  const sys = await KemuSystem.boot();
  const t1 = performance.now();
  const cmds = process.env.CMDS ? JSON.parse(process.env.CMDS) : ["echo hi"];
  for (const c of cmds) {
    const t = performance.now();
    const r = await sys.exec(["sh", "-c", c]);
    console.log(`=== ${c} (${(performance.now() - t).toFixed(0)} ms)\n` + JSON.stringify({ s: r.status, out: r.stdout.slice(0, 1500), err: r.stderr.slice(0, 800) }));
  }
  console.log("boot", (t1 - t0).toFixed(0));
}, 120000);
