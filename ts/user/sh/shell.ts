// kemu: one shell process: just-bash's interpreter wired to the process's system calls.
//
// - Files: KemuFs (fs.ts) over p.sys.
// - Commands: just-bash's own (echo, cat, grep, sed, awk, ...) run inside this process; any
//   other name found on $PATH, and any name with a '/', is a program in the VFS and runs as a
//   child process (spawn.ts). just-bash resolves the name against the VFS (its commands appear
//   as /bin/NAME and /usr/bin/NAME stubs, so they win over a file of the same name there) and
//   then "executes a script"; that interpreter method is replaced here by spawn + wait4. The
//   Interpreter class is not exported: its prototype is caught once through
//   Function.prototype.bind (hookInterpreter) and four methods are wrapped (patchInterpreter).
// - Output: every top-level statement (and each statement inside top-level if/while/for/case/
//   {}/() without redirections) is wrapped as `{ stmt; } >>SINK 2>>SINK`, whose writes go
//   straight to fds 1 and 2, so output appears statement by statement, in order with the output
//   of other processes on the same fds. Function bodies are not wrapped (a function's output
//   may be captured by its caller), so a function call's output comes when it returns.
// - Time: sleep sleeps on the virtual clock; date, $SECONDS, $RANDOM, touch, ls and stat use
//   the virtual clock or a seed, never the host's clock.
// - bash behaviour just-bash lacks, added here: messages as "sh: line N: ..." (not "bash: ..."),
//   `exec CMD` ending the shell, `trap ... EXIT`, `test -c/-b/-p/-S`, `command -v` for programs,
//   exported variables reaching programs started by xargs/find -exec/env.
import type { Bash, BashExecResult, Command, CommandName, ExecResult, ScriptNode, StatementNode } from "just-bash";
import type { UserProcess } from "../types.js";
import { EACCES, ENOENT, ENOEXEC } from "../../include/errno.js";
import { strerror } from "../../include/errno.js";
import { KemuFs, SysError, TYPE_MARK, WriteError, latin1, toBytes } from "./fs.js";
import type { ExtSyscalls as ShellSyscalls } from "../types.js";
import { runChild } from "./spawn.js";
import { shellCommands } from "./commands.js";

type JustBash = typeof import("just-bash");

/** Where the statement wrappers send fd 1 and fd 2 (never a real file: KemuFs routes them). */
export const SINK_OUT = "/dev/.kemu-sh/stdout";
export const SINK_ERR = "/dev/.kemu-sh/stderr";

/** just-bash commands left out: a real process does them better (sh/bash are /bin/sh), or they use host timers. */
const EXCLUDED = new Set(["sh", "bash", "timeout"]);

/** bash builtins that just-bash implements as commands: found even when $PATH lacks /bin */
const BUILTIN_COMMANDS = new Set(["echo", "printf", "pwd", "true", "false", "alias", "unalias", "history", "help", "trap"]);

/** just-bash's PATH hash table, which also answers /bin/NAME for bash's builtins (not listed by `hash`) */
class BuiltinHash extends Map<string, string> {
  override get(name: string): string | undefined {
    return super.get(name) ?? (BUILTIN_COMMANDS.has(name) ? `/bin/${name}` : undefined);
  }
}

/** Yield the CPU every this many commands, so a busy shell loop cannot starve the kernel. */
const YIELD_EVERY = 32;

export interface ShellRun {
  /** the script text */
  script: string;
  /** $0: also the prefix of the shell's own error messages ("sh: line 1: ...") */
  name: string;
  /** $1 ... */
  args: string[];
  /** `set` options to apply first, e.g. ["-e", "-o", "pipefail"] */
  setOptions: string[];
  /** bytes for the script's stdin (latin1 string, one char per byte) */
  stdin?: string;
  /** the script came from -c (error messages say "sh: -c: line N:") */
  cMode?: boolean;
}

// ---- the interpreter hooks ------------------------------------------------------------------

interface InterpState {
  env: Map<string, string>;
  cwd: string;
  currentLine: number;
  groupStdin?: string;
  startTime: number;
}
interface Interp {
  ctx: { state: InterpState; commands: unknown; fs: unknown };
  buildExportedEnv(): Record<string, string>;
  executeScript(ast: unknown): Promise<ExecResult>;
}
type Method = (this: Interp, ...args: never[]) => unknown;

const shells = new WeakMap<object, Shell>();
const bashShells = new WeakMap<object, Shell>();

function shellOf(it: Interp): Shell | undefined {
  const c = it.ctx?.commands;
  const byRegistry = c && typeof c === "object" ? shells.get(c) : undefined;
  return byRegistry ?? (it.ctx?.fs instanceof KemuFs ? shells.get(it.ctx.fs) : undefined);
}

let hooked: "no" | "waiting" | "done" = "no";

/**
 * The Interpreter class is not exported by just-bash; its constructor binds
 * `this.executeScript` first thing, so a one-time wrapper around Function.prototype.bind
 * catches the first instance, patches the prototype and takes itself out.
 */
function hookInterpreter(): void {
  if (hooked !== "no") return;
  hooked = "waiting";
  const origBind = Function.prototype.bind;
  Function.prototype.bind = function (this: (...a: unknown[]) => unknown, thisArg: unknown, ...args: unknown[]) {
    if (
      hooked === "waiting" &&
      this.name === "executeScript" &&
      thisArg !== null &&
      typeof thisArg === "object" &&
      typeof (thisArg as Record<string, unknown>).executeUserScript === "function" &&
      typeof (thisArg as Record<string, unknown>).runCommand === "function"
    ) {
      Function.prototype.bind = origBind;
      hooked = "done";
      patchInterpreter(Object.getPrototypeOf(thisArg) as Record<string, Method>);
    }
    return Reflect.apply(origBind, this, [thisArg, ...args]);
  } as typeof origBind;
}

function patchInterpreter(proto: Record<string, Method>): void {
  for (const m of ["executeUserScript", "runCommand", "executeCommand", "executeStatement", "executeScript", "buildExportedEnv"]) {
    if (typeof proto[m] !== "function") throw new Error(`kemu sh: just-bash's interpreter has no ${m}() (another just-bash version?)`);
  }
  const orig = {
    executeUserScript: proto.executeUserScript as (this: Interp, path: string, args: string[], stdin?: string) => Promise<ExecResult>,
    runCommand: proto.runCommand as (this: Interp, name: string, ...rest: unknown[]) => Promise<ExecResult>,
    executeCommand: proto.executeCommand as (this: Interp, node: unknown, ...rest: unknown[]) => Promise<ExecResult>,
    executeStatement: proto.executeStatement as (this: Interp, node: unknown) => Promise<ExecResult>,
  };
  proto.executeUserScript = async function (this: Interp, path: string, args: string[], stdin = "") {
    const sh = shellOf(this);
    if (!sh) return orig.executeUserScript.call(this, path, args, stdin);
    return sh.runProgram(this, path, args, stdin, () => orig.executeUserScript.call(this, path, args, stdin));
  } as Method;
  proto.runCommand = async function (this: Interp, name: string, ...rest: unknown[]) {
    const sh = shellOf(this);
    if (sh) sh.commandName = name;
    const r = await orig.runCommand.call(this, name, ...rest);
    const args = rest[0] as string[];
    // just-bash's `command -v/-V` knows only its own commands: look the others up on $PATH
    if (sh && name === "command" && r.exitCode !== 0 && (args[0] === "-v" || args[0] === "-V")) return sh.commandV(this, args, r);
    return r;
  } as Method;
  proto.executeCommand = async function (this: Interp, node: unknown, ...rest: unknown[]) {
    const sh = shellOf(this);
    if (!sh) return orig.executeCommand.call(this, node, ...rest);
    await sh.beforeCommand(this);
    let r: ExecResult;
    const outer = sh.currentInterp;
    sh.currentInterp = this;
    try {
      r = await orig.executeCommand.call(this, node, ...rest);
    } catch (e) {
      if (e instanceof WriteError) r = sh.writeErrorResult(this, e);
      else if (e instanceof SysError) r = { stdout: "", stderr: e.message + "\n", exitCode: 1 }; // a redirection's open(2)
      else throw e;
    } finally {
      sh.currentInterp = outer;
    }
    return sh.fixResult(this, r, node);
  } as Method;
  proto.executeStatement = async function (this: Interp, node: unknown) {
    const sh = shellOf(this);
    if (!sh) return orig.executeStatement.call(this, node);
    sh.checkFatal();
    const top = sh.depth === 0;
    sh.depth++;
    let r: ExecResult;
    try {
      r = await orig.executeStatement.call(this, node);
    } catch (e) {
      sh.depth--;
      await sh.afterStatement(this);
      // the script ends here: exit, set -e, set -u
      if (top && e instanceof Error && ENDING_ERRORS.has(e.name)) await sh.runExitTrap(this, (e as { exitCode?: number }).exitCode ?? 1);
      throw e;
    }
    sh.depth--;
    await sh.afterStatement(this);
    if (top && node === sh.lastStatement) await sh.runExitTrap(this, r.exitCode);
    return r;
  } as Method;
}

/** just-bash's errors that end a script */
const ENDING_ERRORS = new Set(["ExitError", "ErrexitError", "NounsetError", "PosixFatalError"]);

type ExecInScope = (this: object, cmd: string, options: Record<string, unknown> | undefined, ...rest: unknown[]) => Promise<unknown>;

/**
 * A command that runs a command line (xargs, find -exec, env ...) does it through Bash's
 * execInScope, which starts from the variables the Bash object was made with. Give it the
 * calling shell's exported variables, as a child process would inherit them, and remember which
 * names it was handed, so programs it runs get them in their environment.
 */
function patchBash(BashClass: unknown): void {
  const proto = (BashClass as { prototype: Record<string, unknown> }).prototype;
  const orig = proto.execInScope as ExecInScope | undefined;
  if (typeof orig !== "function" || proto.__kemuPatched) return;
  proto.__kemuPatched = true;
  proto.execInScope = async function (this: object, cmd: string, options: Record<string, unknown> | undefined, ...rest: unknown[]) {
    const sh = bashShells.get(this);
    const depth = rest[1];
    const parent = sh?.currentInterp;
    if (!sh || !parent || typeof depth !== "number" || depth === 0) return orig.call(this, cmd, options, ...rest);
    let opts = options ?? {};
    const given = (opts.env ?? {}) as Record<string, string>;
    if (!opts.replaceEnv) opts = { ...opts, env: { ...parent.buildExportedEnv(), ...given } };
    sh.extraExports.push(new Set(Object.keys((opts.env ?? {}) as object)));
    try {
      return await orig.call(this, cmd, opts, ...rest);
    } finally {
      sh.extraExports.pop();
    }
  } as ExecInScope;
}

// ---- AST rewriting ------------------------------------------------------------------------

type Node = { type: string; [k: string]: unknown };

function literal(value: string): Node {
  return { type: "Word", parts: [{ type: "Literal", value }] };
}

function sinkRedirections(): Node[] {
  return [
    { type: "Redirection", fd: 1, operator: ">>", target: literal(SINK_OUT) },
    { type: "Redirection", fd: 2, operator: ">>", target: literal(SINK_ERR) },
  ];
}

function wrapInGroup(st: StatementNode): StatementNode {
  const background = st.background;
  const inner = { ...st, background: false } as StatementNode;
  return {
    type: "Statement",
    pipelines: [{ type: "Pipeline", commands: [{ type: "Group", body: [inner], redirections: sinkRedirections() }], negated: false }],
    operators: [],
    background,
  } as unknown as StatementNode;
}

function wrapList(list: unknown): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) list[i] = wrapStatement(list[i] as StatementNode);
}

/** Send a statement's output to the sinks, or descend into a compound command that has no redirections. */
function wrapStatement(st: StatementNode): StatementNode {
  if (!st.background && !st.deferredError && st.pipelines.length === 1) {
    const pl = st.pipelines[0];
    if (pl.commands.length === 1 && !pl.negated && !pl.timed) {
      const c = pl.commands[0] as unknown as Node;
      const redirs = c.redirections as unknown[] | undefined;
      if (redirs && redirs.length === 0) {
        switch (c.type) {
          case "If":
            for (const clause of c.clauses as { condition: unknown; body: unknown }[]) {
              wrapList(clause.condition);
              wrapList(clause.body);
            }
            wrapList(c.elseBody);
            return st;
          case "While":
          case "Until":
            wrapList(c.condition);
            wrapList(c.body);
            return st;
          case "For":
          case "CStyleFor":
          case "Group":
          case "Subshell":
            wrapList(c.body);
            return st;
          case "Case":
            for (const item of c.items as { body: unknown }[]) wrapList(item.body);
            return st;
        }
      }
    }
  }
  return wrapInGroup(st);
}

/**
 * `exec CMD ARGS` replaces the shell in bash; just-bash runs CMD and goes on. Make it
 * `{ exec CMD ARGS; exit; }` (in a pipeline stage that ends just the stage, as in bash).
 */
function rewriteExec(node: unknown): void {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) {
      for (let i = 0; i < n.length; i++) n[i] = walk(n[i]);
      return n;
    }
    if (n === null || typeof n !== "object") return n;
    const o = n as Node;
    for (const k of Object.keys(o)) o[k] = walk(o[k]);
    if (o.type !== "SimpleCommand" || (o.args as unknown[]).length === 0) return o;
    const name = o.name as { parts?: Node[] } | null;
    if (name?.parts?.length !== 1 || name.parts[0].type !== "Literal" || name.parts[0].value !== "exec") return o;
    const stmt = (c: Node) => ({ type: "Statement", pipelines: [{ type: "Pipeline", commands: [c], negated: false }], operators: [], background: false });
    const exit: Node = { type: "SimpleCommand", assignments: [], name: literal("exit"), args: [], redirections: [], line: o.line };
    return { type: "Group", body: [stmt(o), stmt(exit)], redirections: [] };
  };
  walk(node);
}

/**
 * just-bash answers `-b/-c/-p/-S FILE` from a fixed list of paths (its FsStat has no file
 * type). Rewrite them to `-e FILE/.kemu-sh-is-X`, which KemuFs.exists() answers from stat().
 */
function rewriteTypeTests(node: unknown): void {
  const TYPES = new Set(["-b", "-c", "-p", "-S"]);
  const isLit = (w: unknown, v?: string): boolean => {
    const parts = (w as { parts?: Node[] } | null)?.parts;
    return parts?.length === 1 && (parts[0].type === "Literal" || parts[0].type === "Glob") && (v === undefined || (parts[0].value ?? parts[0].pattern) === v);
  };
  const litOf = (w: unknown): string | undefined => {
    const parts = (w as { parts?: Node[] } | null)?.parts;
    if (parts?.length !== 1) return undefined;
    return (parts[0].value ?? parts[0].pattern) as string | undefined;
  };
  const mark = (w: unknown, op: string) => {
    (w as { parts: Node[] }).parts.push({ type: "Literal", value: `/${TYPE_MARK}${op[1]}` });
  };
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    if (n === null || typeof n !== "object") return;
    const o = n as Node;
    if (o.type === "CondUnary" && TYPES.has(o.operator as string) && o.operand) {
      mark(o.operand, o.operator as string);
      o.operator = "-e";
    } else if (o.type === "SimpleCommand" && (isLit(o.name, "[") || isLit(o.name, "test"))) {
      const args = o.args as unknown[];
      const end = isLit(o.name, "[") ? args.length - 1 : args.length;
      for (let i = 0; i + 1 < end; i++) {
        const op = litOf(args[i]);
        const prev = i === 0 ? "" : litOf(args[i - 1]);
        if (op && TYPES.has(op) && (i === 0 || prev === "!" || prev === "-a" || prev === "-o" || prev === "(")) {
          (args[i] as { parts: Node[] }).parts = [{ type: "Literal", value: "-e" }];
          mark(args[i + 1], op);
        }
      }
    }
    for (const k of Object.keys(o)) walk(o[k]);
  };
  walk(node);
}

const RANDOM_STATE = "_KEMU_RANDOM";
let randomExpr: { arith: Node; expansion: Node } | undefined;

/** $RANDOM as Park-Miller steps on a shell variable seeded from the pid (just-bash uses Math.random). */
function rewriteRandom(node: unknown, jb: JustBash): void {
  if (!randomExpr) {
    const v = RANDOM_STATE;
    const ast = jb.parse(
      `: $(( ${v} = 16807 * (${v} % 127773) - 2836 * (${v} / 127773), ${v} = (${v} <= 0 ? ${v} + 2147483647 : ${v}), ${v} % 32768 ))`,
    );
    const expansion = (ast.statements[0].pipelines[0].commands[0] as unknown as { args: { parts: Node[] }[] }).args[0].parts[0];
    const arith = { type: "ArithGroup", expression: (expansion.expression as Node).expression };
    randomExpr = { arith, expansion };
  }
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) {
      for (let i = 0; i < n.length; i++) n[i] = walk(n[i]);
      return n;
    }
    if (n === null || typeof n !== "object") return n;
    const o = n as Node;
    if (o.type === "ParameterExpansion" && o.parameter === "RANDOM" && o.operation == null) return structuredClone(randomExpr!.expansion);
    if (o.type === "ArithVariable" && o.name === "RANDOM") return structuredClone(randomExpr!.arith);
    for (const k of Object.keys(o)) o[k] = walk(o[k]);
    return o;
  };
  walk(node);
}

// ---- the shell ------------------------------------------------------------------------------

const SIGNAMES: Record<number, string> = {
  1: "Hangup",
  2: "",
  3: "Quit",
  4: "Illegal instruction",
  6: "Aborted",
  7: "Bus error",
  8: "Floating point exception",
  9: "Killed",
  11: "Segmentation fault",
  13: "",
  14: "Alarm clock",
  15: "Terminated",
};

const te = new TextEncoder();
const td = new TextDecoder();

export class Shell {
  readonly sys: ShellSyscalls;
  readonly fs: KemuFs;
  bash!: Bash;
  /** the name the last command was invoked by (argv[0] for a child) */
  commandName: string | undefined;
  /** statement nesting (pending redirection fds are closed when it is back to 0) */
  depth = 0;
  /** the interpreter running the innermost command now */
  currentInterp: Interp | undefined;
  /** the script's last top-level statement: the EXIT trap runs after it */
  lastStatement: unknown;
  /** trap: condition (EXIT, INT ...) -> command */
  readonly traps = new Map<string, string>();
  /** names nested command lines were handed as their environment (see patchBash) */
  readonly extraExports: Set<string>[] = [];
  private commands = 0;
  private lastCwd: string;
  private readonly startMono: bigint;
  private transformArmed = false;
  private readonly names: CommandName[];
  private readonly custom: Command[];

  constructor(
    readonly p: UserProcess,
    readonly jb: JustBash,
    /** prefix of the shell's own messages: $0 */
    readonly prefix: string,
  ) {
    this.sys = p.sys as ShellSyscalls;
    this.startMono = this.sys.clockMonotonic();
    this.lastCwd = this.sys.getcwd();
    const sinks = new Map([
      [SINK_OUT, (d: Uint8Array) => this.output(1, d)],
      [SINK_ERR, (d: Uint8Array) => this.output(2, d)],
    ]);
    this.names = jb.getCommandNames().filter((n) => !EXCLUDED.has(n)) as CommandName[];
    this.custom = shellCommands(this);
    this.fs = new KemuFs(this.sys, {
      sinks,
      commandStubs: new Set([...this.names, ...this.custom.map((c) => c.name)]),
      cwd: () => this.lastCwd,
    });
    shells.set(this.fs, this);
  }

  /** write all of `data` to fd (1 or 2) of the process; a closed or broken fd drops it */
  async output(fd: number, data: Uint8Array): Promise<void> {
    let off = 0;
    while (off < data.length) {
      const n = await this.sys.write(fd, off ? data.subarray(off) : data);
      if (n <= 0) return;
      off += n;
    }
  }

  async run(r: ShellRun): Promise<number> {
    const { jb, p } = this;
    const env: Record<string, string> = {};
    for (const e of p.envp) {
      const i = e.indexOf("=");
      if (i <= 0) continue;
      const k = e.slice(0, i);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) env[k] = e.slice(i + 1);
    }
    const cwd = this.lastCwd;
    env.PWD = cwd;
    env.SHLVL = String((Number.parseInt(env.SHLVL ?? "0", 10) || 0) + 1);
    const sys = this.sys;
    this.bash = new jb.Bash({
      fs: this.fs,
      cwd,
      env,
      commands: this.names,
      customCommands: this.custom,
      sleep: async (ms: number) => {
        await sys.sleep(BigInt(Math.max(0, Math.round(ms * 1e6))));
      },
      defenseInDepth: false,
      executionLimits: {
        maxCommandCount: Infinity,
        maxLoopIterations: Infinity,
        maxAwkIterations: Infinity,
        maxSedIterations: Infinity,
        maxJqIterations: Infinity,
        maxWorkUnits: Infinity,
        maxExecutionTimeMs: Infinity,
        maxCallDepth: 1000,
        maxOutputSize: Infinity,
        maxLiveBytes: Infinity,
        maxInputBytes: Infinity,
      },
      processInfo: { pid: p.pid, ppid: sys.getppid(), uid: 0, gid: 0 },
    });
    bashShells.set(this.bash, this);
    patchBash(jb.Bash);
    const priv = this.bash as unknown as { commands?: unknown; state?: { hashTable?: Map<string, string> } };
    if (priv.state && priv.state.hashTable instanceof Map) priv.state.hashTable = new BuiltinHash(priv.state.hashTable);
    const registry = priv.commands;
    if (registry && typeof registry === "object") shells.set(registry, this);
    this.bash.registerTransformPlugin({
      name: "kemu-sh",
      transform: ({ ast }: { ast: ScriptNode }) => {
        if (!this.transformArmed) return { ast };
        this.transformArmed = false;
        rewriteRandom(ast, jb);
        rewriteExec(ast);
        rewriteTypeTests(ast);
        wrapList(ast.statements);
        this.lastStatement = ast.statements[ast.statements.length - 1];
        if (r.setOptions.length) {
          const set = jb.parse(`set ${r.setOptions.map((o) => `'${o}'`).join(" ")}`).statements;
          ast.statements.unshift(...set);
        }
        return { ast };
      },
    });

    // positional parameters and the unexported variables bash sets itself
    const vars: Record<string, string> = {
      "0": r.name,
      "#": String(r.args.length),
      "@": r.args.join(" "),
      "*": r.args.join(" "),
      [RANDOM_STATE]: String(((p.pid * 48271) % 2147483646) + 1),
    };
    r.args.forEach((a, i) => (vars[String(i + 1)] = a));

    hookInterpreter();
    this.transformArmed = true;
    let res: BashExecResult;
    try {
      res = await this.bash.exec(r.script, { env: vars, rawScript: true, stdin: r.stdin, stdinKind: "bytes" });
    } catch (e) {
      this.checkFatal();
      await this.output(2, te.encode(`${this.prefix}: kemu: ${e instanceof Error ? e.message : String(e)}\n`));
      return 2;
    } finally {
      this.transformArmed = false;
    }
    this.checkFatal();
    await this.fs.settleAll();
    if (hooked !== "done" && r.script.trim()) {
      // programs would have been run as shell scripts: say so rather than fail quietly
      await this.output(2, te.encode(`${this.prefix}: kemu: could not hook just-bash's interpreter; programs from the VFS did not run\n`));
    }
    if (res.stdout) await this.output(1, te.encode(res.stdout));
    if (res.stderr) await this.output(2, te.encode(this.fixTopLevelStderr(res.stderr, r.cMode ?? false)));
    return res.exitCode & 0xff;
  }

  // ---- called from the interpreter hooks ----------------------------------------------------

  checkFatal(): void {
    if (this.fs.fatal !== undefined) throw this.fs.fatal;
  }

  async beforeCommand(it: Interp): Promise<void> {
    this.checkFatal();
    const st = it.ctx.state;
    // $SECONDS is (Date.now() - startTime) / 1000 in just-bash: keep it on the virtual clock
    const elapsed = Number((this.sys.clockMonotonic() - this.startMono) / 1_000_000_000n);
    st.startTime = Date.now() - (elapsed * 1000 + 500);
    if (++this.commands % YIELD_EVERY === 0) {
      if (typeof this.sys.yield === "function") await this.sys.yield();
      else await this.sys.sleep(0n);
      this.checkFatal();
    }
  }

  /** `command -v NAME...` / `command -V NAME...` for the names just-bash did not find */
  commandV(it: Interp, args: string[], r: ExecResult): ExecResult {
    const verbose = args[0] === "-V";
    let stdout = r.stdout;
    let stderr = r.stderr;
    let missing = 0;
    for (const name of args.slice(1)) {
      if (stdout.split("\n").some((l) => l === name || l.endsWith(`/${name}`) || l.startsWith(`${name} is `) || l.startsWith(`alias ${name}=`))) continue;
      let found: string | undefined;
      if (!name.includes("/")) {
        for (const dir of (it.ctx.state.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
          const cand = `${dir || "."}/${name}`;
          const st = this.sys.stat(this.fs.resolvePath(it.ctx.state.cwd, cand));
          if (typeof st !== "number" && (st.mode & 0o170000) === 0o100000 && st.mode & 0o111) {
            found = cand;
            break;
          }
        }
      }
      if (!found) {
        missing++;
        continue;
      }
      stdout += verbose ? `${name} is ${found}\n` : `${found}\n`;
      stderr = stderr.replace(`${name}: not found\n`, "");
    }
    return { ...r, stdout, stderr, exitCode: missing ? 1 : 0 };
  }

  /** the EXIT trap, in the script's own interpreter (its variables, functions, cwd) */
  async runExitTrap(it: Interp, status: number): Promise<void> {
    const cmd = this.traps.get("EXIT");
    this.traps.delete("EXIT");
    if (!cmd) return;
    const st = it.ctx.state;
    st.env.set("?", String(status));
    const ast = this.jb.parse(cmd) as unknown as ScriptNode;
    wrapList(ast.statements);
    const r = await it.executeScript(ast);
    if (r.stdout) await this.output(1, te.encode(r.stdout));
    if (r.stderr) await this.output(2, te.encode(r.stderr));
  }

  async afterStatement(it: Interp): Promise<void> {
    const cwd = it.ctx.state.cwd;
    if (cwd !== this.lastCwd) {
      this.lastCwd = cwd;
      this.sys.chdir(cwd);
    }
    if (this.depth === 0) await this.fs.settleAll();
  }

  /** bash's "NAME: line N: " instead of just-bash's "bash: " on the shell's own messages */
  fixStderr(s: string, line: number): string {
    if (!s.includes("bash: ")) return s;
    const where = line > 0 ? `${this.prefix}: line ${line}: ` : `${this.prefix}: `;
    let out = s.replace(/^bash: (?![^\n:]*: line \d+: )(?!line \d+: )/gm, where);
    const oe = this.fs.lastOpenError;
    if (oe && out.includes(": cannot open redirect target\n")) out = out.replace(/: cannot open redirect target\n/g, `: ${strerror(oe.errno)}\n`);
    return out;
  }

  fixResult(it: Interp, r: ExecResult, node: unknown): ExecResult {
    if (!r.stderr) return r;
    let stderr = r.stderr;
    const line = it.ctx.state.currentLine;
    // a redirection whose open(2) failed comes out as the bare error text
    const oe = this.fs.lastOpenError;
    if (oe && stderr.includes(oe.message + "\n")) {
      const redirs = ((node as { redirections?: { target?: { parts?: { type: string; value?: string }[] } }[] }).redirections ?? [])
        .map((rd) => rd.target?.parts?.map((pt) => (pt.type === "Literal" ? pt.value : "\0")).join("") ?? "\0")
        .filter((t) => !t.includes("\0"));
      const typed = redirs.find((t) => this.fs.resolvePath(it.ctx.state.cwd, t) === oe.path) ?? oe.path;
      stderr = stderr.split(oe.message + "\n").join(`${this.prefix}: line ${line}: ${typed}: ${strerror(oe.errno)}\n`);
    }
    if (stderr.includes("bash: ")) stderr = this.fixStderr(stderr, line);
    return stderr === r.stderr ? r : { ...r, stderr };
  }

  /** just-bash's parse errors as bash words them ("sh: -c: line 1: syntax error near ...") */
  fixTopLevelStderr(s: string, cMode: boolean): string {
    const c = cMode ? "-c: " : "";
    return s
      .replace(/^bash: syntax error: Parse error at (\d+):\d+: /gm, `${this.prefix}: ${c}line $1: `)
      .replace(/^bash: line (\d+): /gm, `${this.prefix}: ${c}line $1: `)
      .replace(/^bash: /gm, `${this.prefix}: `);
  }

  writeErrorResult(it: Interp, e: WriteError): ExecResult {
    const line = it.ctx.state.currentLine;
    const cmd = this.commandName ?? "sh";
    return { stdout: "", stderr: `${this.prefix}: line ${line}: ${cmd}: write error: ${strerror(e.errno)}\n`, exitCode: 1 };
  }

  /** exec a program file: spawn it as a child, its stdin/stdout/stderr through pipes */
  async runProgram(it: Interp, path: string, args: string[], stdin: string, inProcess: () => Promise<ExecResult>): Promise<ExecResult> {
    await this.fs.settleAll();
    const st = it.ctx.state;
    const argv0 = this.commandName ?? path;
    const fromGroup = !stdin && !!st.groupStdin;
    const input = stdin || st.groupStdin || "";
    const envRec = it.buildExportedEnv();
    for (const names of this.extraExports) {
      for (const k of names) {
        const v = st.env.get(k);
        if (v !== undefined && !(k in envRec)) envRec[k] = v;
      }
    }
    const envp = Object.keys(envRec).map((k) => `${k}=${envRec[k]}`);
    const line = st.currentLine;
    const r = await runChild(this.sys, path, { argv: [argv0, ...args], envp, cwd: st.cwd }, toBytes(input, "binary"));
    this.checkFatal();
    if (typeof r === "number") return this.execFailure(r, argv0, path, line, inProcess);
    if (fromGroup && r.stdinConsumed > 0) st.groupStdin = input.slice(r.stdinConsumed);
    let stderr = r.stderr.length ? td.decode(r.stderr) : "";
    let exitCode: number;
    const sig = r.status & 0x7f;
    if (sig) {
      exitCode = 128 + sig;
      const what = SIGNAMES[sig] ?? `Unknown signal ${sig}`;
      if (what) stderr += `${this.prefix}: line ${line}: ${String(r.pid).padStart(5)} ${what.padEnd(22)}  ${[argv0, ...args].join(" ")}\n`;
    } else exitCode = (r.status >> 8) & 0xff;
    return { stdout: latin1(r.stdout), stdoutKind: "bytes", stderr, exitCode };
  }

  private async execFailure(err: number, argv0: string, path: string, line: number, inProcess: () => Promise<ExecResult>): Promise<ExecResult> {
    const where = `${this.prefix}: line ${line}: ${argv0}`;
    if (err === -ENOEXEC) {
      // no #! and not a binary format: bash runs a text file as a script itself (in a subshell)
      let head: Uint8Array;
      try {
        head = (await this.fs.readFileBuffer(path)).subarray(0, 80);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        return { stdout: "", stderr: `${where}: ${strerror(e.errno)}\n`, exitCode: 126 };
      }
      if (!head.includes(0)) return inProcess();
      return { stdout: "", stderr: `${where}: cannot execute binary file: Exec format error\n`, exitCode: 126 };
    }
    if (err === -ENOENT && typeof this.sys.stat(path) !== "number") {
      // the file is there: its #! interpreter is not
      try {
        const head = latin1((await this.fs.readFileBuffer(path)).subarray(0, 256));
        if (head.startsWith("#!")) {
          const interp = head.slice(2).split("\n")[0].trim().split(/[ \t]+/)[0];
          return { stdout: "", stderr: `${where}: ${interp}: bad interpreter: No such file or directory\n`, exitCode: 126 };
        }
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
      }
    }
    return { stdout: "", stderr: `${where}: ${strerror(err)}\n`, exitCode: err === -ENOENT ? 127 : err === -EACCES ? 126 : 126 };
  }
}
