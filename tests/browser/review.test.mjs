// The review page as a reviewer uses it: the built `sverka` aligns the
// Vratsa sample into a memory and writes the page; Debian's Chromium opens
// it from disk (headless, no network) and the test works it by keyboard
// only: checks the rows, marks a pair wrong, confirms one, merges two,
// exports the decisions, applies them with `sverka tm apply-review` and
// reads the memory back through `sverka tm export`.
// Run by tests/browser/run (CTest: browser_review).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const sverka = process.env.SVERKA_BINARY;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Relative, so the page's title reads as a person would type the command.
const sample = join('samples', 'vratsa-cities4csr.bg-en.txt');

function run(args) {
  return execFileSync(sverka, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function launch(dir) {
  // Debian's Chromium, as the probe of this machine kind starts it: the
  // background-networking flags keep it from calling out at all.
  return chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync'],
  });
}

// The rows as the page shows them: [number, confidence, bead, source, target, decision].
async function shownRows(page) {
  return page.$$eval('#rows .row', (rows) => rows.map((row) =>
    Array.from(row.children).map((cell) => cell.textContent.trim())));
}

test('review the Vratsa alignment by keyboard and apply it to a memory', async (t) => {
  assert.ok(sverka, 'SVERKA_BINARY names the built sverka');
  const dir = mkdtempSync(join(tmpdir(), 'sverka-review-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'memory.db');
  const html = join(dir, 'vratsa.html');
  const tsv = join(dir, 'vratsa.tsv');
  run(['align', '--bilingual', sample, '--tm', db, '--review', html, '-o', tsv, '-q']);
  const pairs = readFileSync(tsv, 'utf8').split('\n').filter((l) => l !== '')
    .map((line) => line.split('\t'));
  assert.ok(pairs.length >= 5, `the sample gives several pairs (${pairs.length})`);

  const browser = await launch(dir);
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('blob:')) requests.push(r.url()); });
  await page.goto('file://' + html);

  // One row per pair, in order, with both texts, the bead and the confidence.
  let rows = await shownRows(page);
  assert.equal(rows.length, pairs.length);
  pairs.forEach(([source, target, confidence], i) => {
    assert.equal(rows[i][0], String(i + 1));
    assert.equal(rows[i][3].replace(/¦ /g, ''), source || '');
    assert.equal(rows[i][4].replace(/¦ /g, ''), target || '');
    assert.ok(Math.abs(Number(rows[i][1]) - Number(confidence)) < 0.006, rows[i][1]);
  });
  assert.match(await page.title(), /vratsa/);
  // Anchors on both sides: the city's name in Cyrillic and in Latin letters.
  const anchorRow = await page.$$eval('#rows .row', (all) => all.findIndex((row) => {
    const cells = row.querySelectorAll('.cell');
    const left = Array.from(cells[0].querySelectorAll('mark')).map((m) => m.textContent);
    const right = Array.from(cells[1].querySelectorAll('mark')).map((m) => m.textContent);
    return left.includes('Враца') && right.includes('Vratsa');
  }));
  assert.ok(anchorRow >= 0, 'Враца and Vratsa are highlighted in one row');
  // An omission is an empty cell.
  const empty = pairs.findIndex(([s, tgt]) => !s || !tgt);
  if (empty >= 0) {
    assert.equal(await page.locator('#rows .row').nth(empty).locator('.cell.empty').count(), 1);
  }

  // The keyboard has the focus from the start: no click anywhere.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'grid');
  const key = (k) => page.keyboard.press(k);
  // Row 1: confirm. Row 2: wrong. Rows 3 and 4: merged.
  await key('c');
  await key('j');
  await key('w');
  await key('ArrowDown');
  const wrongSource = pairs[1][0];
  const merged = [pairs[2], pairs[3]];
  await key('m');
  rows = await shownRows(page);
  assert.equal(rows.length, pairs.length - 1);
  assert.equal(rows[0][5], 'confirmed');
  assert.equal(rows[1][5], 'wrong');
  assert.equal(rows[2][5], 'edited');
  assert.equal(rows[2][1], '—');
  assert.equal(rows[2][2], '2-2');
  assert.equal(await page.locator('#rows .row.current').getAttribute('data-index'), '2');
  assert.match(await page.textContent('#status'), /merged rows 3 and 4/);

  // Split the merged source cell again and undo it: a cell of two sentences.
  await key('s');
  assert.equal((await shownRows(page)).length, pairs.length);
  await key('z');
  assert.equal((await shownRows(page)).length, pairs.length - 1);

  // Filters: text search (typed after '/'), then non 1-1 only.
  await key('/');
  await page.keyboard.type('URBACT');
  const withUrbact = (await page.evaluate(() => window.sverkaReview.rows()))
    .filter((r) => /urbact/i.test(r.source + '\n' + r.target)).length;
  assert.ok(withUrbact > 0 && withUrbact < pairs.length - 1);
  assert.equal(await page.locator('#rows .row').count(), withUrbact);
  await key('Escape');
  await page.fill('#filter-text', '');
  await page.dispatchEvent('#filter-text', 'input');
  await page.focus('#grid');
  assert.equal(await page.locator('#rows .row').count(), pairs.length - 1);

  // Export by keyboard: a download, and the same JSON in the text box.
  const [download] = await Promise.all([page.waitForEvent('download'), key('e')]);
  assert.equal(download.suggestedFilename(), 'vratsa.json');
  const decisionsPath = join(dir, 'decisions.json');
  await download.saveAs(decisionsPath);
  const exported = JSON.parse(readFileSync(decisionsPath, 'utf8'));
  assert.deepEqual(exported, JSON.parse(await page.inputValue('#export-text')));
  assert.equal(exported.format, 'sverka-review-decisions');
  assert.deepEqual(exported.decisions.map((d) => d.action), ['confirm', 'reject', 'replace']);
  assert.equal(exported.decisions[2].originals.length, 2);
  await key('Escape');

  const screenshot = process.env.SVERKA_REVIEW_SCREENSHOT || join(dir, 'review-vratsa.png');
  await key('g');
  await page.screenshot({ path: screenshot });

  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [], 'the page asks the network for nothing');

  // Into the memory.
  const unitsBefore = Number(run(['tm', 'stats', '--tm', db]).match(/units: (\d+)/)[1]);
  assert.equal(unitsBefore, pairs.length);
  execFileSync(sverka, ['tm', 'apply-review', decisionsPath, '--tm', db], { stdio: 'pipe' });
  const unitsAfter = Number(run(['tm', 'stats', '--tm', db]).match(/units: (\d+)/)[1]);
  assert.equal(unitsAfter, pairs.length - 1 /* wrong */ - 2 + 1 /* merged */);

  const tmx = join(dir, 'memory.tmx');
  execFileSync(sverka, ['tm', 'export', '--tm', db, '-o', tmx], { stdio: 'pipe' });
  const xml = readFileSync(tmx, 'utf8');
  const units = xml.split('<tu ').slice(1);
  const unitWith = (text) => units.find((u) => u.includes(text));
  assert.equal(unitWith(wrongSource), undefined, 'the wrong pair is gone');
  const mergedUnit = unitWith(merged[0][0] + ' ' + merged[1][0]);
  assert.ok(mergedUnit, 'the merged pair is stored');
  assert.ok(mergedUnit.includes(merged[0][1] + ' ' + merged[1][1]));
  assert.match(mergedUnit, /<prop type="x-reviewed">corrected<\/prop>/);
  assert.equal(unitWith(merged[0][0] + '</seg>'), undefined, 'its first half is gone');
  assert.match(unitWith(pairs[0][0]), /<prop type="x-reviewed">confirmed<\/prop>/);
});

// Speed shows in structure, not in a stopwatch (the machines are shared and
// noisy): only one page of rows is ever in the DOM, whatever the data holds.
// The times are printed as diagnostics.
test('10,000 pairs stay fast: paged rendering', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sverka-review-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A memory with 10,000 pairs, written through the page of a memory.
  const html = join(dir, 'page.html');
  const page0 = join(dir, 'vratsa.html');
  run(['align', '--bilingual', sample, '--review', page0, '-o', join(dir, 'x.tsv'), '-q']);
  // Build a big page from the small one's data: the same JSON, rows repeated.
  const small = readFileSync(page0, 'utf8');
  const open = '<script type="application/json" id="sverka-data">';
  const start = small.indexOf(open) + open.length;
  const end = small.indexOf('</script>', start);
  const data = JSON.parse(small.slice(start, end));
  const big = { ...data, source: [], target: [], rows: [] };
  for (let copy = 0; big.rows.length < 10000; ++copy) {
    const s0 = big.source.length, t0 = big.target.length;
    big.source.push(...data.source);
    big.target.push(...data.target);
    for (const row of data.rows) {
      if (big.rows.length === 10000) break;
      big.rows.push({ ...row, s: row.s.map((i) => i + s0), t: row.t.map((i) => i + t0) });
    }
  }
  const json = JSON.stringify(big).replace(/</g, '\\u003c');
  (await import('node:fs')).writeFileSync(html, small.slice(0, start) + json + small.slice(end));

  const browser = await launch(dir);
  t.after(() => browser.close());
  const page = await browser.newPage();
  const began = Date.now();
  await page.goto('file://' + html);
  await page.waitForSelector('#rows .row');
  t.diagnostic(`opens in ${Date.now() - began} ms`);
  assert.equal(await page.locator('#rows .row').count(), 100, 'one page of rows in the DOM');
  assert.match(await page.textContent('#page-info'), /page 1 of 100/);
  const keysBegan = Date.now();
  for (let i = 0; i < 20; ++i) await page.keyboard.press('j');
  await page.keyboard.press('m');
  await page.keyboard.press('End');
  assert.match(await page.textContent('#page-info'), /page 100 of 100/);
  t.diagnostic(`22 keys in ${Date.now() - keysBegan} ms`);
  assert.equal(await page.locator('#rows .row').count(), 99, 'still one page in the DOM');
  assert.equal(await page.evaluate(() => window.sverkaReview.rows().length), 9999);
});
