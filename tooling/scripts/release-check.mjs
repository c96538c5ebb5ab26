#!/usr/bin/env node
/**
 * Release readiness (issue 12): every publishable package is built, packed (`pnpm pack`), installed
 * from its tarball into an empty temporary project with npm only (third-party dependencies come
 * from the npm registry), and its README's first TypeScript example runs there; `changeset version`
 * runs on a copy of the tree (the real one is not touched). Exits non-zero, saying what failed.
 *
 * Run through the toolchain: `node tooling/scripts/run.mjs exec node tooling/scripts/release-check.mjs`
 * (`npm run check:release`).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PACKAGES = ["domain", "ingest", "storage"];
/** What an example needs defined before it (README snippets show a step, not a whole program). */
const PRELUDE = {
  ingest: "",
  domain: "",
  storage: `import { readFileSync } from "node:fs";
import { isLeaf } from "@reform/domain";
import { importDocument } from "@reform/ingest";
import { openStore as openBefore } from "@reform/storage";
process.env.DATABASE_URL = "";
process.chdir(${JSON.stringify("__DIR__")});
const imported = importDocument(readFileSync("施工图.txt"), { fileName: "施工图.txt" });
if (!imported.ok) throw new Error(imported.error.message);
const ledger = imported.ledger;
const diagnostics = imported.diagnostics;
const actor = { role: "admin", name: "release check" };
const taskId = ledger.tasks.find((t) => isLeaf(t) && t.kind === "task").id;
const reportAt = (n) => ({ type: "report", id: \`release-check-\${n}\`, taskId, at: new Date().toISOString(), actor, percent: 10 * n });
// The example appends at version 3: three reports first, in the same data directory.
const before = await openBefore();
await before.commitImport(ledger, { actor });
for (const n of [0, 1, 2]) await before.appendEvent(reportAt(n), { expectedVersion: n });
await before.close();
const report = reportAt(3);
`,
};
/** What runs after an example, so it ends (open stores and subscriptions are closed). */
const EPILOGUE = {
  domain: "",
  ingest: "",
  storage: "\nawait stop();\nawait store.close();\nconsole.log('store ok', version);\n",
};

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
const step = (what) => process.stdout.write(`[release] ${what}\n`);

const work = mkdtempSync(path.join(tmpdir(), "reform-release-"));
let failed = false;
try {
  step("building the publishable packages");
  run("pnpm", ["exec", "turbo", "run", "build", ...PACKAGES.map((p) => `--filter=@reform/${p}`)], ROOT);

  const tarballs = path.join(work, "tarballs");
  mkdirSync(tarballs);
  for (const name of PACKAGES) {
    run("pnpm", ["pack", "--pack-destination", tarballs], path.join(ROOT, "packages", name));
  }
  const files = readdirSync(tarballs).filter((f) => f.endsWith(".tgz"));
  step(`packed ${files.join(", ")}`);
  if (files.length !== PACKAGES.length) throw new Error(`expected ${PACKAGES.length} tarballs, got ${files.length}`);

  const project = path.join(work, "project");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "release-check", private: true, type: "module" }),
  );
  step("npm install of the tarballs into an empty project");
  run("npm", ["install", "--no-audit", "--no-fund", ...files.map((f) => path.join(tarballs, f))], project);
  copyFileSync(path.join(ROOT, "seeds", "003_d2b59fd790b2730b.txt"), path.join(project, "施工图.txt"));

  for (const name of PACKAGES) {
    const readme = readFileSync(path.join(ROOT, "packages", name, "README.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!example) throw new Error(`packages/${name}/README.md has no ts example`);
    const file = path.join(project, `${name}-example.mts`);
    writeFileSync(file, PRELUDE[name].replace("__DIR__", project) + example + EPILOGUE[name]);
    try {
      const out = run(process.execPath, [file], project);
      step(`@reform/${name}: README example ran${out.trim() ? ` (${out.trim().split("\n").at(-1)})` : ""}`);
    } catch (error) {
      failed = true;
      step(`@reform/${name}: README example FAILED:\n${error.stderr ?? error.message}`);
    }
  }

  step("changeset version on a copy of the tree");
  const copy = path.join(work, "copy");
  mkdirSync(copy);
  execFileSync("sh", [
    "-c",
    `git -C "${ROOT}" ls-files -z | tar -C "${ROOT}" --null -T - -cf - | tar -C "${copy}" -xf -`,
  ]);
  const pending = readdirSync(path.join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
  run(path.join(ROOT, "node_modules", ".bin", "changeset"), ["version"], copy);
  const left = readdirSync(path.join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
  const versions = PACKAGES.map(
    (p) => `@reform/${p}@${JSON.parse(readFileSync(path.join(copy, "packages", p, "package.json"), "utf8")).version}`,
  );
  step(
    `changeset version consumed ${pending.length - left.length} of ${pending.length} changesets: ${versions.join(", ")}`,
  );
  if (pending.length > 0 && left.length > 0) throw new Error(`changesets left after version: ${left.join(", ")}`);
} catch (error) {
  failed = true;
  process.stderr.write(`[release] FAILED: ${error.stderr ?? ""}${error.message}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
