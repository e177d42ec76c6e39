import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** Repository root (two levels above this file). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = resolve(REPO_ROOT, 'scripts/preflight.mjs');
const LIST = resolve(REPO_ROOT, 'test/debian-packages.txt');

/**
 * Runs the preflight (`script`, the real one by default) with `args` under this environment
 * plus `env`.
 * @returns its exit status, stderr, stdout and wall-clock seconds
 */
function preflight(args: string[], env: Record<string, string | undefined> = {}, script = SCRIPT) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout.trim(), seconds: (performance.now() - started) / 1000 };
}

/** `npm test`'s preflight (`scripts/preflight.mjs`): missing packages and data are named within seconds. */
describe('test preflight', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sotto-preflight-'));
  /** A PATH with one empty folder: no sox, no timidity (node is started by its absolute path). */
  const emptyPath = join(tmp, 'empty-bin');
  mkdirSync(emptyPath);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('passes on this machine, which has everything (the suite runs after it)', () => {
    const run = preflight([]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.seconds).toBeLessThan(5);
  });

  it('names each missing program, Chromium and the shared data, and gives the apt-get line for the packages', () => {
    const run = preflight([], { PATH: emptyPath, CHROMIUM_PATH: join(tmp, 'no-chromium'), SOTTO_SHARED: join(tmp, 'no-shared') });
    expect(run.status).toBe(1);
    expect(run.seconds).toBeLessThan(5);
    expect(run.stderr).toContain(`chromium: no ${join(tmp, 'no-chromium')} (needed by the e2e tests, from $CHROMIUM_PATH`);
    expect(run.stderr).toContain('sox: no program `sox` on PATH (needed by the unit tests)');
    expect(run.stderr).toContain('timidity: no program `timidity` on PATH');
    expect(run.stderr).toContain(`shared data: no ${join(tmp, 'no-shared')} ($SOTTO_SHARED)`);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('  apt-get install -y chromium sox timidity');
  });

  it('names the files a shared folder lacks', () => {
    const shared = join(tmp, 'shared-without-model');
    mkdirSync(join(shared, 'audio', 'dev'), { recursive: true });
    for (const file of ['audio/dev.tsv', 'audio/long.tsv', 'audio/dev/jfk.wav']) writeFileSync(join(shared, file), '');
    const run = preflight(['unit'], { SOTTO_SHARED: shared });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${shared} ($SOTTO_SHARED) lacks models/whisper-tiny.en/config.json,`);
    expect(run.stderr).not.toContain('audio/dev.tsv');
    expect(run.stderr).not.toContain('apt-get');
  });

  it('checks only what the named tests need', () => {
    expect(preflight(['e2e'], { PATH: emptyPath }).status).toBe(0);
    const unit = preflight(['unit'], { PATH: emptyPath, CHROMIUM_PATH: join(tmp, 'no-chromium') });
    expect(unit.status).toBe(1);
    expect(unit.stderr).not.toContain('chromium');
    expect(unit.stderr).toContain('apt-get install -y sox timidity\n');
  });

  it('names a missing data file of a package (a copy of the script whose list points freepats elsewhere)', () => {
    const root = join(tmp, 'checkout');
    mkdirSync(join(root, 'scripts'), { recursive: true });
    mkdirSync(join(root, 'test'));
    cpSync(SCRIPT, join(root, 'scripts/preflight.mjs'));
    writeFileSync(join(root, 'test/debian-packages.txt'), readFileSync(LIST, 'utf8').replace('/etc/timidity/freepats.cfg', join(tmp, 'no-freepats.cfg')));
    const run = preflight([], {}, join(root, 'scripts/preflight.mjs'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`freepats: no ${join(tmp, 'no-freepats.cfg')} (needed by the unit tests)`);
    expect(run.stderr).toContain('apt-get install -y freepats\n');
  });

  it('tells .ci/run which packages to install: none here, sox and timidity without them on PATH', () => {
    expect(preflight(['--missing-packages'])).toMatchObject({ status: 0, stdout: '' });
    expect(preflight(['--missing-packages'], { PATH: emptyPath })).toMatchObject({ status: 0, stdout: 'sox timidity' });
  });

  it("keeps the README's apt-get line equal to the list", () => {
    const packages = preflight(['--packages']).stdout;
    expect(packages.split(' ')).toEqual(expect.arrayContaining(['chromium', 'sox', 'timidity', 'freepats', 'sound-theme-freedesktop']));
    const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme.match(/^apt-get install -y .*$/gm)).toEqual([`apt-get install -y ${packages}`]);
    expect(readme).toContain('`test/debian-packages.txt`');
  });
});
