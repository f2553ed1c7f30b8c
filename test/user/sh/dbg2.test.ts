import { it } from "vitest";
import { shMain } from "/work/main/ts/user/sh/sh.js";
import { FakeWorld } from "/work/main/test/user/sh/fake.js";
it("prof", async () => {
  const w = new FakeWorld();
  await w.run(shMain, ["sh", "-c", "echo warm"]);
  const { Session } = await import("node:inspector/promises");
  const s = new Session(); s.connect();
  await s.post("Profiler.enable"); await s.post("Profiler.start");
  const t = performance.now();
  await w.run(shMain, ["sh", "-c", "i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; echo $i"]);
  console.log("ms", performance.now() - t);
  const { profile } = await s.post("Profiler.stop");
  const self = new Map<string, number>();
  const dt = profile.timeDeltas!; const samples = profile.samples!;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < samples.length; i++) { const n = byId.get(samples[i])!; const k = `${n.callFrame.functionName}@${n.callFrame.url.split("/").slice(-1)[0]}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + dt[i] / 1000); }
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(6)} ${k}`).join("\n"));
});
