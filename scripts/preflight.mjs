#!/usr/bin/env node
/**
 * Checks, in well under a second, that this machine has what the tests need, so that a missing
 * tool stops `npm test` at once with its name instead of failing minutes later with an ENOENT
 * from deep inside a test:
 * - the Debian packages of `test/debian-packages.txt` (each by a program on PATH or a file it
 *   installs: Chromium at `/usr/bin/chromium` or `$CHROMIUM_PATH`, sox, timidity, freepats'
 *   timidity config, the freedesktop sounds the noise corpus uses);
 * - the shared data beside the checkout (`../shared`, or `$SOTTO_SHARED`): whisper-tiny.en,
 *   the config-only models and the speech with its manifests.
 * On anything missing it names each thing and prints the one `apt-get install -y ...` line
 * that brings the missing packages, and exits 1. Plain Node with no dependencies: it runs
 * before `npm install` too.
 *
 * Usage: `node scripts/preflight.mjs [unit|e2e]` checks what every test needs, or only what
 * the unit or the end-to-end tests need (`npm test`, `npm run test:unit`, `npm run test:e2e`).
 * `--missing-packages` prints the names of the missing packages on one line and exits 0
 * (`.ci/run` installs them); `--packages` prints the whole list.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LIST = 'test/debian-packages.txt';

/** Files under the shared folder that the tests read (as `src/node/node-recognizer.ts` and `test/support/shared-data.ts` locate it). */
const SHARED_FILES = [
  'models/whisper-tiny.en/config.json',
  'models/whisper-tiny.en/onnx/encoder_model.onnx',
  'models/whisper-tiny.en/onnx/decoder_model_merged.onnx',
  'models/configs-only',
  'audio/dev.tsv',
  'audio/long.tsv',
  'audio/dev/jfk.wav',
];

/**
 * The packages of the list file, in its order.
 * @returns one `{ name, parts, check }` per line: `parts` the tests that need the package, `check`
 *   a program name or a path, its `${VAR:-default}` left unexpanded
 */
function readPackages() {
  return readFileSync(join(root, LIST), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, parts, check] = line.split(/\s+/);
      return { name, parts: parts.split(','), check };
    });
}

/** `${VAR:-default}` → `$VAR` when set and not empty, else `default`. */
const expand = (check) => check.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name, fallback) => process.env[name] || fallback);

/** Whether `program` is an executable file in a folder of PATH. */
function onPath(program) {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => {
    try {
      accessSync(join(folder || '.', program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * What one package's check finds missing.
 * @returns a sentence naming the program or path that is not there, or null when it is
 */
function packageProblem({ name, parts, check }) {
  const target = expand(check);
  const needers = `needed by the ${parts.join(' and ')} tests`;
  if (!target.includes('/')) return onPath(target) ? null : `${name}: no program \`${target}\` on PATH (${needers})`;
  if (existsSync(target)) return null;
  const variable = /\$\{(\w+):-/.exec(check)?.[1];
  const setBy = variable && process.env[variable] ? `, from $${variable}: fix or unset it, or install ${name}` : '';
  return `${name}: no ${target} (${needers}${setBy})`;
}

/** What the shared data lacks, as at most one sentence. */
function sharedProblems() {
  const shared = process.env.SOTTO_SHARED ?? resolve(root, '..', 'shared');
  const where = `${shared} (${process.env.SOTTO_SHARED === undefined ? '../shared beside the checkout' : '$SOTTO_SHARED'})`;
  const why = 'the real model and speech the tests use; README, "Tests and data"';
  if (!existsSync(shared)) return [`shared data: no ${where}: ${why}`];
  const lacking = SHARED_FILES.filter((file) => !existsSync(resolve(shared, file)));
  return lacking.length === 0 ? [] : [`shared data: ${where} lacks ${lacking.join(', ')}: ${why}`];
}

const args = process.argv.slice(2);
const packages = readPackages();
if (args.includes('--packages')) {
  console.log(packages.map((p) => p.name).join(' '));
  process.exit(0);
}
if (args.includes('--missing-packages')) {
  console.log(packages.filter((p) => packageProblem(p)).map((p) => p.name).join(' '));
  process.exit(0);
}
const part = args.find((arg) => !arg.startsWith('-'));
if (part !== undefined && part !== 'unit' && part !== 'e2e') {
  console.error(`preflight: unknown argument ${part} (unit, e2e, --packages or --missing-packages)`);
  process.exit(2);
}

const missing = packages.filter((p) => (part === undefined || p.parts.includes(part)) && packageProblem(p));
const problems = [...missing.map(packageProblem), ...sharedProblems()];
if (problems.length > 0) {
  const lines = [`The tests cannot run: this machine lacks what they need (scripts/preflight.mjs, ${LIST}):`, ...problems.map((p) => `  - ${p}`)];
  if (missing.length > 0) lines.push('Install the missing Debian packages (as root) with:', `  apt-get install -y ${missing.map((p) => p.name).join(' ')}`);
  console.error(lines.join('\n'));
  process.exit(1);
}
