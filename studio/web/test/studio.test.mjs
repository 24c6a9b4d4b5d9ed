// The studio in a browser (docs/testing.md): the gallery, lab_exercise3's
// graph with its rowsets and its back edge, live diagnostics, a run with its
// outputs, counters and the handler's funnel. Screenshots go to
// $STUDIO_SCREENSHOTS (ctest: build/studio-screenshots/).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CHROMIUM, SOURCE_DIR, chromiumPresent, launchChromium, startStudio } from '../testlib/studio.mjs';

const shots = process.env.STUDIO_SCREENSHOTS || join(SOURCE_DIR, 'build/studio-screenshots');
const present = chromiumPresent();
let studio;
let browser;
let page;

before(async () => {
  if (!present) return;
  mkdirSync(shots, { recursive: true });
  studio = await startStudio(join(SOURCE_DIR, 'workflows'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
});

after(async () => {
  await browser?.close();
  await studio?.stop();
});

const skip = present ? false : `chromium not found at ${CHROMIUM}: the browser test is skipped`;

test('the gallery lists the workflows and opens lab_exercise3', { skip }, async () => {
  await page.goto(studio.url);
  const card = page.locator('[data-file="lab_exercise3.scope"]');
  await card.waitFor();
  assert.ok((await page.locator('.card').count()) >= 10);
  await page.screenshot({ path: join(shots, 'gallery.png') });
  await card.click();
  await page.waitForURL(/#\/lab_exercise3\.scope$/);
});

test('the graph shows the rowsets and the back edge of lab_exercise3', { skip }, async () => {
  for (const rowset of ['lines', 'tagged', 'english', 'foreign', 'translated', 'resend', 'scored'])
    await page.locator(`.react-flow__node [data-rowset="${rowset}"]`).waitFor({ timeout: 30000 });
  await page.locator('[data-testid="graph"][data-layout="elk"]').waitFor({ timeout: 30000 });
  const back = page.locator('.react-flow__edge.back-edge');
  assert.equal(await back.count(), 1);
  assert.equal((await back.locator('.react-flow__edge-text').textContent()).trim(), '+');
  const labels = await page.locator('.react-flow__edge.forward .react-flow__edge-text').allTextContents();
  assert.ok(labels.some((l) => /^i/.test(l)), `forward labels: ${labels}`);
  await page.screenshot({ path: join(shots, 'graph.png') });
});

test('clicking a node shows its schema and highlights its source lines', { skip }, async () => {
  await page.locator('.react-flow__node [data-rowset="translated"]').click();
  const details = page.locator('[data-testid="node-details"]');
  await details.locator('.schema td', { hasText: 'line_en' }).waitFor();
  const lit = await page.locator('.cm-node-source').allTextContents();
  assert.ok(lit.some((l) => l.startsWith('translated = PROCESS')), `highlighted: ${lit}`);
});

test('an error typed in the editor is underlined with its line:column', { skip }, async () => {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nbroken = SELECT nope FROM lines;');
  const error = page.locator('.diagnostics li.error').first();
  await error.waitFor({ timeout: 15000 });
  assert.match(await error.textContent(), /^\d+:\d+ error: .*nope/);
  await page.locator('.cm-lintRange-error').first().waitFor();
  await page.screenshot({ path: join(shots, 'diagnostics.png') });
  for (let i = 0; i < 32; i++) await page.keyboard.press('Backspace');
  await page.locator('.diagnostics li.ok').waitFor({ timeout: 15000 });
});

test('a run streams to its end and shows its rows, counters and funnel', { skip }, async () => {
  await page.locator('[data-testid="run"]').click();
  await page.locator('[data-testid="run-status"][data-status="ok"]').waitFor({ timeout: 180000 });
  const outputs = await page.locator('[data-testid="outputs"] tbody tr').allTextContents();
  assert.ok(outputs.some((r) => r.startsWith('out/positive.csv')), `outputs: ${outputs}`);
  const rows = await page.locator('[data-testid="outputs"] tbody tr td.num').first().textContent();
  assert.ok(Number(rows) > 0);
  await page.locator('[data-testid="funnel"][data-handler="resend"]').waitFor();
  assert.ok((await page.locator('.op-counters').count()) >= 7);
  await page.screenshot({ path: join(shots, 'run.png') });
});
