#!/usr/bin/env bash
# kemu: one command from a fresh Debian/Ubuntu machine to a built tree (toolchain, npm, tsc, the
# kernel's C core, the example modules). Idempotent: a second run with nothing changed takes ~1 s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '  %-8s%s\n' "$1" "$2"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

LLVM_PKGS=(clang-19 lld-19)
WASM_PKGS=(wasi-libc libclang-rt-19-dev-wasm32)

# --- 1. toolchain: the same search order as ts/build/toolchain.ts --------------------------------
clang_ok() { # clang >= 15
  local v
  v=$("$1" --version 2>/dev/null | sed -n 's/.*clang version \([0-9][0-9]*\)\..*/\1/p' | head -n1)
  [[ -n "$v" && "$v" -ge 15 ]]
}
find_toolchain() {
  if [[ -n "${KEMU_CLANG:-}" ]]; then
    command -v "$KEMU_CLANG" >/dev/null || die "KEMU_CLANG=$KEMU_CLANG is not an executable"
    return 0
  fi
  if [[ -n "${EMSDK:-}" && -x "$EMSDK/upstream/bin/clang" && -x "$EMSDK/upstream/bin/wasm-ld" ]]; then return 0; fi
  if command -v clang-19 >/dev/null && { command -v wasm-ld-19 || command -v wasm-ld; } >/dev/null; then return 0; fi
  if command -v clang >/dev/null && command -v wasm-ld >/dev/null && clang_ok clang; then return 0; fi
  return 1
}
as_root() { # run as root, or fail quietly when that is not possible without a password
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}
can_apt() { command -v apt-get >/dev/null && { [[ $(id -u) -eq 0 ]] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }; }
apt_install() { # install, refreshing the package lists only when the first try fails
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}

if ! find_toolchain; then
  if can_apt; then
    say APT "installing ${LLVM_PKGS[*]} ${WASM_PKGS[*]}"
    as_root apt-get update -q >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${LLVM_PKGS[@]}" "${WASM_PKGS[@]}" >/dev/null
    find_toolchain || die "clang/wasm-ld still not found after installing ${LLVM_PKGS[*]}"
  else
    cat >&2 <<'EOF'
build.sh: no clang able to target wasm32 (with wasm-ld) was found.
Install it with: apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32   (Debian/Ubuntu, as root)
or point kemu at one: export KEMU_CLANG=/path/to/clang KEMU_WASM_LD=/path/to/wasm-ld
EOF
    exit 1
  fi
fi
missing=()
[[ -f /usr/lib/wasm32-wasi/libc.a ]] || missing+=(wasi-libc)
[[ -d /usr/lib/llvm-19/lib/clang/19/lib/wasi ]] || missing+=(libclang-rt-19-dev-wasm32)
if ((${#missing[@]})) && can_apt; then
  say APT "installing ${missing[*]}"
  apt_install "${missing[@]}" || say APT "could not install ${missing[*]} (only needed for user-space programs)"
fi

# --- 2. npm ---------------------------------------------------------------------------------------
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say NPM "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- 3. TypeScript --------------------------------------------------------------------------------
stamp=dist/.tsc-stamp
bundle=dist/cli/kemu.bundle.cjs
if [[ ! -f "$stamp" || ! -f "$bundle" || -n "$(find ts tsconfig.json package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
  say TSC "tsc -p tsconfig.json"
  mkdir -p dist
  touch "$stamp.new" # taken before compiling, so an edit made meanwhile is seen next time
  npx --no-install tsc -p tsconfig.json
  # The CLI as one file: loading ~50 ES modules one by one costs kemu run ~60 ms at start-up.
  # CommonJS, because bin/kemu.js compiles it with vm.Script to use a V8 code cache (Node 20 has
  # none for ES modules). binaryen and just-bash stay outside (loaded only when needed).
  say BUNDLE "$bundle"
  rm -f dist/cli/kemu.bundle.js # the ES module bundle of earlier versions
  npx --no-install rolldown dist/cli/main.js --platform node --format cjs --inline-dynamic-imports \
    --external binaryen --external just-bash --file "$bundle" --log-level silent
  mv -f "$stamp.new" "$stamp"
fi

# --- 4. generated layout --------------------------------------------------------------------------
if [[ -f scripts/gen-layout.mjs ]]; then
  node scripts/gen-layout.mjs
fi

# --- 5. the kernel's C core -> build/vmlinux.wasm (cached: no output when unchanged) --------------
node --input-type=module -e '
  const { buildCore } = await import("./dist/build/core.js");
  const { BuildError } = await import("./dist/build/compile.js");
  try {
    await buildCore({ log: (l) => console.log(l), color: process.stderr.isTTY === true });
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  }'

# --- 6. the example modules -----------------------------------------------------------------------
kemu_build() {
  if [[ -f dist/cli/main.js ]]; then
    node bin/kemu.js build "$@"
  else
    node --input-type=module -e 'const m = await import("./dist/cli/build.js"); process.exitCode = await m.cmdBuild(process.argv.slice(1));' -- "$@"
  fi
}
has_makefile() { [[ -f "$1/Kbuild" || -f "$1/Makefile" || -f "$1/makefile" || -f "$1/GNUmakefile" ]]; }
if [[ -d modules ]]; then
  shopt -s nullglob
  each=() dirs=()
  if has_makefile modules; then dirs+=(modules); else each+=(modules/*.c); fi
  for d in modules/*/; do
    d=${d%/}
    [[ $d == modules/user ]] && continue # user-space programs (kemu build --user), not modules
    if has_makefile "$d"; then dirs+=("$d"); else each+=("$d"/*.c); fi
  done
  # One process for all of them: each .c is its own module, each directory builds its obj-m list.
  if ((${#each[@]} + ${#dirs[@]})); then kemu_build --each "${each[@]}" "${dirs[@]}"; fi
fi
say DONE "build/vmlinux.wasm and modules are up to date"
