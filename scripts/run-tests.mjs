/**
 * The test run behind `npm test`, after assets and the typecheck, in two phases:
 *
 * 1. the Vitest unit tests and the WebGPU-on-SwiftShader end-to-end test side by side. Each
 *    keeps about one core busy (Vitest runs one file at a time; SwiftShader's decodes ran on
 *    one core, measured with `top` on the 2-core machine), and each takes 7 to 9 minutes here,
 *    so running them together saves one of them on the clock;
 * 2. the other end-to-end projects (`wasm`, `faults`, `pwa`) alone: they dictate in real time,
 *    and their partial-before-final checks need the machine to themselves.
 *
 * Lines of phase 1 carry the name of the run they come from. Every run runs whatever failed
 * before it; the exit status is the first non-zero one, and the failed runs are named.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Runs `command` with `args`, each output line prefixed with `label` (none: inherited output); resolves to its exit status. */
function run(label, command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: label ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (label) {
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${label}] ${line}\n`));
      }
    }
    child.on('error', (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const phaseOne = await Promise.all([
  run('unit', 'npx', ['vitest', 'run']),
  run('webgpu', 'npx', ['playwright', 'test', '--project=webgpu-swiftshader']),
]);
const phaseTwo = await run(null, 'npx', ['playwright', 'test', '--project=wasm', '--project=faults', '--project=pwa']);
const statuses = { unit: phaseOne[0], 'webgpu e2e': phaseOne[1], 'wasm, faults and pwa e2e': phaseTwo };
const failed = Object.entries(statuses).filter(([, code]) => code !== 0);
if (failed.length > 0) process.stderr.write(`Failed: ${failed.map(([name, code]) => `${name} (exit ${code})`).join(', ')}.\n`);
process.exit(failed[0]?.[1] ?? 0);
