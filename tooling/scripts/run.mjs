#!/usr/bin/env node
// Entry point for the README's commands. Runs on any Node >= 18 with npm.
//
// 1. If the running Node is older than tooling/toolchain.json's minNode, installs the pinned
//    Node (npm package node-<platform>-<arch>) into .reform/toolchain; it never touches the
//    system Node. pnpm is installed there too, from the npm registry.
// 2. Puts that toolchain first on PATH for every child process, installs the workspace with
//    the committed lockfile when it changed, then runs the requested command.
//
// Usage: node tooling/scripts/run.mjs <start|test|reform|turbo|pnpm|exec> [args...]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pins = JSON.parse(fs.readFileSync(path.join(root, "tooling/toolchain.json"), "utf8"));
const toolDir = path.join(root, ".reform/toolchain");
const binDir = path.join(toolDir, "bin");
const log = (msg) => process.stderr.write(`[reform] ${msg}\n`);

const cmp = (a, b) => {
  const pa = a.replace(/^v/, "").split(".").map(Number);
  const pb = b.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? (r.signal ? 1 : 0);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function ensureToolchain() {
  const useSystemNode = cmp(process.version, pins.minNode) >= 0;
  const nodePkg = `node-${process.platform}-${process.arch}`;
  const wanted = useSystemNode ? [`pnpm@${pins.pnpm}`] : [`pnpm@${pins.pnpm}`, `${nodePkg}@${pins.node}`];
  const mods = path.join(toolDir, "node_modules");
  const have = (spec) => {
    const at = spec.lastIndexOf("@");
    return readJson(path.join(mods, spec.slice(0, at), "package.json"))?.version === spec.slice(at + 1);
  };
  if (!wanted.every(have)) {
    log(`installing toolchain into .reform/toolchain: ${wanted.join(", ")} (from the npm registry)`);
    fs.mkdirSync(toolDir, { recursive: true });
    if (!fs.existsSync(path.join(toolDir, "package.json"))) {
      fs.writeFileSync(path.join(toolDir, "package.json"), '{ "private": true }\n');
    }
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const status = run(npm, ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", ...wanted], {
      cwd: toolDir,
      env: { ...process.env, npm_config_nodedir: undefined },
    });
    if (status !== 0 || !wanted.every(have)) {
      log(`could not install ${wanted.join(", ")}; install Node >= ${pins.minNode} and retry`);
      process.exit(status || 1);
    }
  }
  const nodeBin = useSystemNode ? process.execPath : path.join(mods, nodePkg, "bin/node");
  fs.mkdirSync(binDir, { recursive: true });
  const nodeLink = path.join(binDir, "node");
  if (!useSystemNode) {
    let current;
    try {
      current = fs.readlinkSync(nodeLink);
    } catch {}
    if (current !== nodeBin) {
      fs.rmSync(nodeLink, { force: true });
      fs.symlinkSync(nodeBin, nodeLink);
    }
  }
  // When this script itself runs on a new enough Node (e.g. called again from a child process
  // whose PATH already starts with the toolchain), the link is left alone: removing it would make
  // the other children of the outer run fall back to the machine's older Node.
  const pnpmJs = path.join(mods, "pnpm/bin/pnpm.cjs");
  const shim = `#!/bin/sh\nexec "${nodeBin}" "${pnpmJs}" "$@"\n`;
  const shimPath = path.join(binDir, "pnpm");
  if (!fs.existsSync(shimPath) || fs.readFileSync(shimPath, "utf8") !== shim) {
    fs.writeFileSync(shimPath, shim, { mode: 0o755 });
  }
  const env = {
    ...process.env,
    PATH: [binDir, path.join(root, "node_modules/.bin"), process.env.PATH].join(path.delimiter),
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
  };
  // Native addons must build against the headers of the Node that runs them.
  if (!useSystemNode) env.npm_config_nodedir = path.join(mods, nodePkg);
  return { env, nodeBin };
}

function ensureInstall(env) {
  const lock = path.join(root, "pnpm-lock.yaml");
  const manifests = [lock, path.join(root, "package.json"), path.join(root, "pnpm-workspace.yaml")];
  const hash = createHash("sha256");
  for (const f of manifests) if (fs.existsSync(f)) hash.update(fs.readFileSync(f));
  const digest = hash.digest("hex");
  const stamp = path.join(root, "node_modules/.reform-install");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest) return;
  log("installing workspace dependencies (pnpm install --frozen-lockfile)");
  const status = run("pnpm", ["install", "--frozen-lockfile"], { env });
  if (status !== 0) process.exit(status);
  fs.writeFileSync(stamp, digest);
}

const [command = "test", ...args] = process.argv.slice(2);
const { env } = ensureToolchain();
if (command !== "pnpm") ensureInstall(env);

const turbo = (...a) => run("turbo", a, { env });
// Builds before start/reform write to stderr, so `pnpm --silent reform … --json` prints only JSON.
const buildFor = (filter) => run("turbo", ["run", "build", `--filter=${filter}...`, "--output-logs=errors-only"], { env, stdio: ["inherit", 2, 2] });

switch (command) {
  case "pnpm":
    process.exit(run("pnpm", args, { env }));
  case "exec":
    process.exit(run(args[0], args.slice(1), { env }));
  case "turbo":
    process.exit(turbo(...args));
  case "test": {
    for (const dir of ["packages", "apps"]) {
      for (const pkg of fs.existsSync(path.join(root, dir)) ? fs.readdirSync(path.join(root, dir)) : []) {
        fs.rmSync(path.join(root, dir, pkg, ".test-results"), { recursive: true, force: true });
      }
    }
    const status = turbo("run", "test", "--continue", "--concurrency=1", ...args);
    const summary = run("node", [path.join(root, "tooling/scripts/test-summary.mjs")], { env });
    process.exit(status || summary);
  }
  case "start": {
    // The API and the web viewer it serves (turbo rebuilds either only when its sources changed).
    const status = buildFor("@reform/api") || buildFor("@reform/web");
    if (status !== 0) process.exit(status);
    process.exit(run("node", [path.join(root, "apps/api/dist/main.js"), ...args], { env }));
  }
  case "reform": {
    const status = buildFor("@reform/cli");
    if (status !== 0) process.exit(status);
    process.exit(run("node", [path.join(root, "apps/cli/dist/cli.js"), ...args], { env }));
  }
  default:
    log(`unknown command: ${command}`);
    process.exit(2);
}
