import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CSS } from '../../src/admin/assets/admin-css.js';
import { attainmentChart, dailyVolumeChart, percentileChart, statusBacklogChart } from '../../src/admin/charts/index.js';
import { SAMPLE_BACKLOG, SAMPLE_PERCENTILES, SAMPLE_SLA, sampleDays } from '../admin-charts-samples.js';
import { HAVE_CHROMIUM, openBrowserSession, type BrowserSession } from './chromium.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/charts/', import.meta.url));
// The admin router's policy: no inline script or style, so the charts must not need either.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const CHARTS = {
  'daily-volume': dailyVolumeChart(sampleDays(30), { idPrefix: 'c1' }),
  'daily-volume-year': dailyVolumeChart(sampleDays(365), { idPrefix: 'c2' }),
  'status-backlog': statusBacklogChart({ ...SAMPLE_BACKLOG, '<script>alert(1)</script>': 2 }, { idPrefix: 'c3' }),
  'sla-attainment': attainmentChart(SAMPLE_SLA, { idPrefix: 'c4' }),
  'sla-attainment-empty': attainmentChart(
    { first_response: { active: 0, fulfilled: 0, breached: 0 }, resolution: { active: 3, paused: 1, fulfilled: 0, breached: 0 } },
    { idPrefix: 'c5' },
  ),
  percentiles: percentileChart(SAMPLE_PERCENTILES, 'hours', { idPrefix: 'c6' }),
  'percentiles-partial': percentileChart({ response: { p50: 0.2, p90: null, p95: 0.9 }, resolution: null }, 'hours', { idPrefix: 'c7' }),
};

describe.skipIf(!HAVE_CHROMIUM)('admin charts in headless Chromium under the admin CSP', () => {
  let session: BrowserSession | undefined;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const app = new Hono();
    app.get('/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'Content-Type': 'text/css' }));
    app.get('/', (c) => {
      c.header('Content-Security-Policy', CSP);
      return c.html(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Charts</title><link rel="icon" href="data:,">
        <link rel="stylesheet" href="/admin.css"></head><body><main>
        ${Object.entries(CHARTS).map(([name, chart]) => html`<section class="card" id="${name}"><h2>${name}</h2>${chart}</section>`)}
        </main></body></html>`);
    });
    session = await openBrowserSession(app.fetch);
    ({ browser, origin } = session);
  }, 60_000);

  afterAll(() => session?.close());

  for (const width of [960, 360]) {
    it(`renders every chart at ${width} px wide, scaled to its card, with no CSP violation`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${origin}/`);
      // The hostile status label is text, not a script: nothing ran and it is visible as written.
      expect(await page.evaluate(() => document.querySelectorAll('svg script').length)).toBe(0);
      expect(await page.locator('#status-backlog svg').textContent()).toContain('<script>');
      for (const name of Object.keys(CHARTS)) {
        const section = page.locator(`#${name}`);
        const chart = section.locator('svg');
        const box = (await chart.boundingBox())!;
        const card = (await section.boundingBox())!;
        const viewBox = (await chart.getAttribute('viewBox'))!.split(' ').map(Number);
        // Fills the card's content width (card padding 1rem + 1px border each side) and keeps its aspect ratio.
        expect(box.width).toBeCloseTo(card.width - 34, 0);
        expect(box.height).toBeCloseTo((box.width * viewBox[3]!) / viewBox[2]!, 0);
        const accessibleName = await chart.evaluate((el) => {
          const ids = el.getAttribute('aria-labelledby')!.split(' ');
          return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' | ');
        });
        expect(accessibleName.length).toBeGreaterThan(20);
        await chart.screenshot({ path: `${ARTIFACTS}${name}-${width}.png` });
      }
      writeFileSync(`${ARTIFACTS}page-${width}.html`, await page.content());
      expect(problems).toEqual([]);
      await page.close();
    });
  }
});
