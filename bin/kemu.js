#!/usr/bin/env node
// The bundled CLI (build.sh makes it) when it is at least as new as the compiled sources;
// otherwise the unbundled modules, so a plain `npx tsc` is never shadowed by a stale bundle.
import { statSync } from "node:fs";

const dist = new URL("../dist/cli/", import.meta.url);
let entry = "../dist/cli/main.js";
try {
  if (statSync(new URL("kemu.bundle.js", dist)).mtimeMs >= statSync(new URL("main.js", dist)).mtimeMs) entry = "../dist/cli/kemu.bundle.js";
} catch {
  // no bundle: use the modules
}
import(entry).then((m) => m.main(process.argv.slice(2))).then((code) => { process.exitCode = code; }, (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 1; });
