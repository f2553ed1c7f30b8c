#!/usr/bin/env node
// kemu's command line. A CommonJS file (bin/package.json), because Node starts a CommonJS entry
// ~9 ms sooner than an ES module one.
//
// It runs the bundled CLI (dist/cli/kemu.bundle.cjs, made by build.sh) when the bundle is at least
// as new as the compiled sources, otherwise the unbundled ES modules, so a plain `npx tsc` is never
// shadowed by a stale bundle. The bundle is compiled through vm.Script with a V8 code cache kept in
// kemu's cache directory (Node 20 has no module compile cache): V8 then deserializes the bytecode
// of every function earlier runs compiled instead of parsing and compiling ~700 KB of JavaScript.
// docs/performance.md has the figures.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Liftoff code is enough for a short run. With V8's default budget the C core's vsnprintf (20 KB of
// wasm) gets hot during a boot, and the process then waits ~40 ms at exit for the optimizing
// compiler to finish a function nobody will call again (Node drains its worker threads before
// exiting). A larger budget still optimizes whatever runs for long.
require("node:v8").setFlagsFromString("--wasm-tiering-budget=20000000");

const argv = process.argv.slice(2);
/** Commands with a code cache of their own: each then deserializes only the code it runs. */
const COMMANDS = new Set(["run", "build", "sh", "modinfo", "lint"]);
const dist = path.join(__dirname, "..", "dist", "cli");
const bundle = path.join(dist, "kemu.bundle.cjs");
let bundleStat = null;
try {
  const st = fs.statSync(bundle);
  if (st.mtimeMs >= fs.statSync(path.join(dist, "main.js")).mtimeMs) bundleStat = st;
} catch {
  // no bundle (or no dist/cli/main.js): use the modules
}
const done = bundleStat ? runBundle(bundle, bundleStat) : import("../dist/cli/main.js").then((m) => m.main(argv));
done.then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exitCode = 1;
  },
);

function runBundle(file, st) {
  const vm = require("node:vm");
  const source = fs.readFileSync(file, "utf8");
  const cmd = argv[0];
  // V8 checks a code cache against its own version and flags and the source's length only, so
  // the bundle's identity goes into the file's first line.
  const key = `${st.size}:${st.mtimeMs}:${st.ino}`;
  const cacheFile = COMMANDS.has(cmd) ? codeCacheFile(file, cmd) : null;
  let cached;
  if (cacheFile) {
    try {
      const buf = fs.readFileSync(cacheFile);
      const nl = buf.indexOf(10);
      if (buf.subarray(0, nl).toString() === key) cached = buf.subarray(nl + 1);
    } catch {
      // no code cache yet (or an unreadable one): compile from source
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {"use strict";${source}\n})`, {
    filename: file,
    cachedData: cached,
  });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require, mod, file, path.dirname(file));
  // import() inside a vm.Script needs an experimental flag on Node 20: the bundle imports what
  // it keeps outside (binaryen, just-bash, web-tree-sitter) through this file's import().
  mod.exports.setImporter((specifier) => import(specifier));
  return mod.exports.main(argv).then((code) => {
    // Made after the command ran, so it holds every function the command compiled on the way.
    if (cacheFile && (cached === undefined || script.cachedDataRejected)) saveCodeCache(cacheFile, key, script);
    return code;
  });
}

/** In kemu's cache directory (ts/build/cache.ts cacheDir()); one file per bundle path, command and V8. */
function codeCacheFile(file, cmd) {
  const env = process.env;
  let base = env.KEMU_CACHE_DIR;
  if (!base) {
    const xdg = env.XDG_CACHE_HOME;
    base = xdg && path.isAbsolute(xdg) ? path.join(xdg, "kemu") : path.join(require("node:os").homedir(), ".cache", "kemu");
  }
  let h = 0x811c9dc5; // FNV-1a of the bundle's path: checkouts sharing a cache do not take turns
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193) >>> 0;
  return path.join(path.resolve(base), "v1", "cli", `${h.toString(16)}-${cmd}-v8-${process.versions.v8}-${process.arch}.cache`);
}

function saveCodeCache(cacheFile, key, script) {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.tmp-${process.pid}`;
    try {
      fs.writeFileSync(tmp, Buffer.concat([Buffer.from(key + "\n"), data]));
      fs.renameSync(tmp, cacheFile); // readers see the old file or the new one, never half of one
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  } catch {
    // a read-only cache directory only costs the compile next time
  }
}
