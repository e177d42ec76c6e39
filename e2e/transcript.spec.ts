import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fakeMicrophoneLaunchOptions, makeFakeMicrophoneWav, wavDurationSeconds } from './support/fake-microphone';
import { openReady } from './support/session';
import { sharedAudio } from '../test/support/shared-data';

// 45 s of dictation with pauses: the first final lands while speech still plays (on a loaded
// 2-core machine it took 30 s after Start), so the reload comes mid-dictation.
const fakeMic = makeFakeMicrophoneWav(sharedAudio('long_pauses.wav'), 'transcript-long-pauses-48k');
const FAKE_MIC_MS = wavDurationSeconds(fakeMic) * 1000;
const QUERY = 'model=Xenova/whisper-tiny.en&device=wasm';
const LOAD_MS = 5 * 60_000;

test.use({ launchOptions: fakeMicrophoneLaunchOptions(fakeMic) });

/** axe-core on the page as it is now: no violations at all (WCAG 2 A/AA and best practices). */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${where}`).toEqual([]);
}

const lineTexts = (page: Page) => page.locator('[data-testid="final"] .final__text').allTextContents();

/** The file a click on an Export menu entry downloads. */
async function exported(page: Page, format: 'txt' | 'srt' | 'vtt' | 'json'): Promise<{ name: string; content: string }> {
  await page.locator('summary', { hasText: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), content: readFileSync(path!, 'utf8') };
}

test('Transcript: kept across a reload mid-dictation, edited, exported, in history; accessible', async ({ page }) => {
  await openReady(page, QUERY, LOAD_MS);
  await expectAccessible(page, 'the main page');

  // Session 1: dictate; the first final is edited while speech goes on, then the page reloads.
  const started = Date.now();
  await page.getByRole('button', { name: /start/i }).click();
  const firstLine = page.locator('[data-testid="final"] .final__text').first();
  await expect(firstLine).not.toHaveText(/^\s*$/, { timeout: LOAD_MS });
  await firstLine.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' (edited)');
  await expect(firstLine).toHaveText(/\(edited\)$/);
  // Let the edit and any final that just landed reach IndexedDB (finals are written as they land).
  await page.waitForTimeout(1500);
  const beforeReload = await lineTexts(page);
  const partialBeforeReload = (await page.getByTestId('partial').textContent())?.trim() ?? '';
  console.log(`before reload: ${JSON.stringify(beforeReload)}, partial ${JSON.stringify(partialBeforeReload)}, ${Date.now() - started} ms after Start`);
  expect(Date.now() - started, 'the reload should come while the clip still plays').toBeLessThan(FAKE_MIC_MS);
  await expect(page.getByTestId('state')).toHaveText(/listening|recording/i);
  await page.reload();

  await expect(page.getByTestId('state')).toHaveText(/ready/i, { timeout: LOAD_MS });
  const afterReload = await lineTexts(page);
  expect(afterReload.slice(0, beforeReload.length), 'every line (and the edit) is back after the reload').toEqual(beforeReload);
  expect(afterReload[0]).toMatch(/\(edited\)$/);

  // Session 2 goes on after the restored lines; Stop after its first final finalizes the rest.
  await page.getByRole('button', { name: /start/i }).click();
  await expect.poll(async () => (await lineTexts(page)).length, { timeout: LOAD_MS, intervals: [500] }).toBeGreaterThan(afterReload.length);
  await page.getByRole('button', { name: /stop/i }).click();
  await expect(page.getByTestId('state')).toHaveText(/ready/i, { timeout: LOAD_MS });
  const lines = await lineTexts(page);
  expect(lines.length).toBeGreaterThan(afterReload.length);
  expect(lines.slice(0, afterReload.length)).toEqual(afterReload);
  expect(lines[0]).toMatch(/\(edited\)$/);
  const text = lines.map((line) => line.trim()).filter((line) => line !== '').join('\n');

  await page.getByTestId('copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);

  // Exports: what the downloads contain.
  const txt = await exported(page, 'txt');
  expect(txt.name).toMatch(/^sotto-\d{4}-\d{2}-\d{2}-\d{4}\.txt$/);
  expect(txt.content).toBe(`${text}\n`);
  const srt = await exported(page, 'srt');
  const srtCues = srt.content.trimEnd().split('\n\n');
  expect(srtCues).toHaveLength(text.split('\n').length);
  srtCues.forEach((cue, index) => {
    expect(cue).toMatch(new RegExp(`^${index + 1}\\n\\d{2}:\\d{2}:\\d{2},\\d{3} --> \\d{2}:\\d{2}:\\d{2},\\d{3}\\n.+$`));
  });
  expect(srtCues.map((cue) => cue.split('\n')[2]).join('\n')).toBe(text);
  const vtt = await exported(page, 'vtt');
  expect(vtt.content.startsWith('WEBVTT\n\n00:00:00.000 --> ')).toBe(true);
  expect(vtt.content).toContain('(edited)');
  const json = JSON.parse((await exported(page, 'json')).content);
  expect(json.lines.map((line: { text: string }) => line.text).join('\n')).toBe(text);
  expect(json.lines.map((line: { session: number }) => line.session)).toContain(2);
  for (const line of json.lines) expect(line.end).toBeGreaterThanOrEqual(line.start);
  await page.locator('summary', { hasText: 'Export' }).click();
  await expectAccessible(page, 'the export menu');
  await page.locator('summary', { hasText: 'Export' }).click();

  // Models panel: history size next to the models.
  await page.getByRole('button', { name: 'Models' }).click();
  await expect(page.getByTestId('storage-split')).toHaveText(/Transcript history: \d+(\.\d+)? (B|kB|KB|MB)/);
  await expectAccessible(page, 'the Models panel');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // Clear keeps the transcript in history; Undo brings it back; Clear again, then History.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('[data-testid="final"] .final__text')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await lineTexts(page)).toEqual(lines);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('[data-testid="final"] .final__text')).toHaveCount(0);

  await page.getByRole('button', { name: 'History' }).click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(1);
  const words = text.split(/\s+/).length;
  await expect(rows.first()).toContainText(`${words} words`);
  await expect(rows.first()).toContainText(text.split(/\s+/).slice(0, 3).join(' '));
  await expectAccessible(page, 'the History panel');
  await page.getByRole('searchbox', { name: 'Search transcripts' }).fill('COUNTRY');
  await expect(rows).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search transcripts' }).fill('country zebra');
  await expect(rows).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search transcripts' }).fill('');

  await rows.first().getByRole('button', { name: /^Rename/ }).click();
  await rows.first().getByLabel('New name').fill('Inaugural address');
  await rows.first().getByRole('button', { name: 'Save' }).click();
  await expect(rows.first().getByRole('heading')).toHaveText('Inaugural address');
  await rows.first().getByRole('button', { name: /^Open/ }).click();
  // The dialog closes once the transcript has opened (one render later: on a slow machine the
  // row's title and the transcript's heading can both be on screen for a moment).
  await expect(page.getByRole('dialog', { name: 'History' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: 'Inaugural address', exact: true })).toBeVisible();
  expect(await lineTexts(page)).toEqual(lines);
  expect((await exported(page, 'txt')).name).toBe('Inaugural-address.txt');

  // Delete asks first; the transcript survives "Keep", and is gone after "Delete".
  await page.getByRole('button', { name: 'History' }).click();
  await rows.first().getByRole('button', { name: /^Delete/ }).click();
  await rows.first().getByRole('button', { name: 'Keep' }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('button', { name: /^Delete/ }).click();
  await expectAccessible(page, 'the delete confirmation');
  await rows.first().getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText('No transcripts yet.')).toBeVisible();
  await page.getByRole('dialog', { name: 'History' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('[data-testid="final"] .final__text')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('state')).toHaveText(/ready/i, { timeout: LOAD_MS });
  await expect(page.locator('[data-testid="final"] .final__text')).toHaveCount(0);
});
