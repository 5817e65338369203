import * as path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { INSTANCE, LakeFormationClient, partitionInput } from '../catalog/lakeformation-client';
import { registerTablet } from '../compaction/compaction-fixtures';
import { addPart, clickhouse } from '../mergetree/mergetree-client';
import { ensureDebianPackage } from '../support/debian-package';
import { keys, startEngine, TestEngine } from '../support/engine-harness';
import { ensureConsoleBuilt } from './console-build';

/** Set CONSOLE_SCREENSHOTS=1 to refresh the screenshots in docs/ while the suite runs. */
const SHOTS =
  process.env.CONSOLE_SCREENSHOTS === '1' ? path.resolve(__dirname, '..', '..', 'docs') : undefined;

/**
 * The operator console in a real browser (Debian's chromium driven by playwright-core) against a
 * real engine. Every wait is a Playwright auto-waiting locator: nothing depends on wall-clock time.
 */
describe('operator console', () => {
  let engine: TestEngine;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let rowsetId: string;
  let planId: string;

  beforeAll(async () => {
    const executablePath = ensureDebianPackage('chromium', 'chromium');
    ensureConsoleBuilt();
    engine = await startEngine();
    const ch = clickhouse(engine);
    await ch.command({
      query:
        'CREATE TABLE db.visits (d Date, n UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY n',
    });
    await addPart(engine, 'visits', 201901); // event #1
    await addPart(engine, 'visits', 201902); // event #2
    await ch.command({ query: 'ALTER TABLE db.visits DROP PARTITION 201902' }); // event #3
    await ch.command({ query: 'ALTER TABLE db.visits DETACH PARTITION 201901' }); // event #4
    await ch.close();
    // Druid: hour 1 republished at a newer version overshadows its first version.
    for (const [version, hours] of [
      ['2024-01-01T00:00:00.000Z', [0, 1]],
      ['2024-02-01T00:00:00.000Z', [1]],
    ] as const) {
      const published = await engine.request('POST', '/engine/v1/datasources/wiki/segments', {
        body: {
          segments: hours.map((h) => ({
            interval: `2024-03-01T0${h}:00:00.000Z/2024-03-01T0${h + 1}:00:00.000Z`,
            version,
            partitionNum: 0,
            size: 2048,
          })),
        },
      });
      expect(published.status).toBe(201);
    }
    // One aggregate of each other family.
    const lf = new LakeFormationClient(engine);
    const lfTable = { catalog: 'hive', database: 'sales', table: 'orders' };
    await lf.createTableWithKeys(lfTable, ['dt']);
    const batch = await lf.batchCreate(lfTable, {
      if_not_exist: false,
      partitions: [partitionInput(['2024-01-01'])],
    });
    expect(batch.status).toBe(201);
    const tablet = await registerTablet(
      engine,
      4242,
      [
        [0, 5],
        [6, 6],
      ],
      6,
    );
    rowsetId = tablet.rowsets[0].rowset_id;
    const plan = await engine.request('POST', '/engine/v1/materialization/plans', {
      body: { name: 'daily', refreshType: 'INCREMENTAL', granularity: 'DAY' },
    });
    planId = (plan.json as { uuid: string }).uuid;
    const day = { dateGranularity: 'DAY', startTime: '2025-10-20', endTime: '2025-10-21' };
    const backfill = await engine.request('POST', `/engine/v1/materialization/plans/${planId}/backfills`, {
      body: { successTimeRange: [day], failedTimeRange: [] },
    });
    expect(backfill.status).toBeLessThan(300);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  const shot = async (name: string, target = page) => {
    if (SHOTS) await target.screenshot({ path: path.join(SHOTS, `console-${name}.png`) });
  };

  const signIn = async (target: Page, key: string) => {
    await target.goto(`${engine.baseUrl}/console`);
    await target.getByLabel('API key').fill(key);
    if (target === page) await shot('sign-in');
    await target.getByRole('button', { name: 'Sign in' }).click();
  };

  it('refuses a wrong key and keeps nothing of it', async () => {
    await signIn(page, 'not-a-key');
    await page.getByText('That key was not accepted.').waitFor();
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
  });

  it('signs in with an API key and shows the tenant', async () => {
    await signIn(page, keys.admin);
    await page.getByTestId('whoami').getByText('tenant acme · admin').waitFor();
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['ple.console.key']);
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual([]);
  });

  it('browses to a seeded ClickHouse table: partitions, parts, detached parts', async () => {
    await page.getByRole('link', { name: 'ClickHouse tables' }).click();
    await page.getByTestId('aggregate-link').filter({ hasText: 'db.visits' }).click();
    const partitions = page.getByTestId('partitions');
    await partitions.getByRole('row').filter({ hasText: '201901' }).waitFor();
    await page.getByRole('cell', { name: '201901_1_1_0' }).first().waitFor();
    await shot('table');
  });

  it('browses Druid segments and filters the overshadowed ones', async () => {
    await page.getByRole('link', { name: 'Druid datasources' }).click();
    await page.getByTestId('aggregate-link').filter({ hasText: 'wiki' }).click();
    await page.getByRole('cell', { name: 'overshadowed' }).waitFor();
    await shot('segments');
    await page.getByRole('combobox').selectOption('overshadowed');
    const rows = page.locator('tbody tr');
    await rows
      .filter({ hasText: 'wiki_2024-03-01T01:00:00.000Z_2024-03-01T02:00:00.000Z_2024-01-01' })
      .waitFor();
    await page.waitForFunction("document.querySelectorAll('tbody tr').length === 1");
    // Time travel pages the past too: after the first publish, no segment of the second version.
    await page.goto(`${engine.baseUrl}/console/#/agg/datasource/wiki?tab=travel`);
    await page.getByTestId('as-of').getByText('Current state').waitFor();
    await page.getByRole('slider', { name: 'time' }).fill('0');
    await page.getByTestId('as-of').getByText('State after event #0 (SegmentsPublished)').waitFor();
    const state = page.getByTestId('state');
    await state.getByRole('cell', { name: 'used' }).first().waitFor();
    expect(await state.locator('tbody tr').count()).toBe(2);
    expect(await state.getByText('2024-02-01T00:00:00.000Z').count()).toBe(0);
  });

  it('browses every other family down to its subjects, each linking to its timeline', async () => {
    const browse = async (category: string, id: string, subject: string) => {
      await page.goto(`${engine.baseUrl}/console/#/agg/${category}/${encodeURIComponent(id)}?tab=browse`);
      await page.getByTestId('subject-link').filter({ hasText: subject }).first().click();
      await page.getByTestId('subject-timeline').locator('tbody tr').first().waitFor();
    };
    await page.goto(`${engine.baseUrl}/console/#/agg/lfcatalog/${INSTANCE}?tab=browse`);
    await page.getByRole('link', { name: 'orders' }).click();
    await page.getByTestId('subject-link').filter({ hasText: '2024-01-01' }).waitFor();
    await browse('lftable', `${INSTANCE}/hive/sales/orders`, '2024-01-01');
    await browse('tablet', '4242', rowsetId);
    await page.goto(`${engine.baseUrl}/console/#/agg/tablet/4242?tab=browse`);
    await page.getByRole('heading', { name: 'Rowsets' }).waitFor();
    await shot('tablet');
    await browse('matplan', planId, '2025-10-21');
    expect(await page.getByTestId('subject-timeline').textContent()).toContain('backfilled');
  });

  it("opens a partition's timeline: every event that changed it, with who, API and correlation", async () => {
    await page.goto(`${engine.baseUrl}/console/#/agg/mergetree/db.visits?tab=browse`);
    await page.getByTestId('partitions').getByRole('link', { name: '201901' }).click();
    const timeline = page.getByTestId('subject-timeline');
    await timeline.getByRole('row').filter({ hasText: 'PartsDetached' }).waitFor();
    const types = await timeline.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(types).toEqual(['PartAdded', 'PartsDetached']);
    expect(await timeline.locator('tbody tr').nth(1).textContent()).toContain('clickhouse');
    await shot('partition-timeline');
  });

  it('moves the time slider back and sees the earlier state (the dropped partition)', async () => {
    await page.goto(`${engine.baseUrl}/console/#/agg/mergetree/db.visits?tab=travel`);
    const state = page.getByTestId('state');
    await page.getByTestId('as-of').getByText('Current state').waitFor();
    await state.getByRole('heading', { name: 'Detached parts' }).waitFor();
    expect(await state.getByText('201902_2_2_0').count()).toBe(0);
    await page.getByRole('slider', { name: 'time' }).fill('2');
    await page.getByTestId('as-of').getByText('State after event #2 (PartAdded)').waitFor();
    // The table as it was: both partitions active, nothing detached yet.
    await state.getByRole('cell', { name: '201902_2_2_0' }).waitFor();
    await state.getByRole('heading', { name: 'Detached parts' }).waitFor();
    expect(await state.getByRole('cell', { name: 'user DETACH' }).count()).toBe(0);
    await shot('time-travel');
  });

  it('shows the diff between two moments', async () => {
    await page.goto(`${engine.baseUrl}/console/#/agg/mergetree/db.visits?tab=diff`);
    const diff = page.getByTestId('diff');
    await diff.getByText('From event #0 to event #4: 4 event(s)').waitFor();
    await diff.getByRole('cell', { name: 'PartsDropped' }).waitFor();
    await shot('diff');
  });

  it('shows projections with lag and a rebuild button to an engine-wide admin, not to a tenant', async () => {
    await page.getByRole('link', { name: 'Projections' }).click();
    await page.getByText('Projections span every tenant: sign in with an engine-wide key').waitFor();
    const system = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const systemPage = await system.newPage();
      await signIn(systemPage, keys.system);
      await systemPage.getByTestId('whoami').getByText('tenant * · admin').waitFor();
      await systemPage.getByRole('link', { name: 'Projections' }).click();
      await systemPage
        .getByTestId('projections')
        .getByRole('row')
        .filter({ hasText: 'audit-aggregates' })
        .waitFor();
      expect(await systemPage.getByRole('button', { name: 'Rebuild' }).count()).toBeGreaterThan(0);
      await shot('projections', systemPage);
    } finally {
      await system.close();
    }
  });

  it('receives a live event in the feed, filtered by family', async () => {
    await page.goto(`${engine.baseUrl}/console/#/live?category=mergetree`);
    await page.getByTestId('live-status').getByText('Live from now').waitFor();
    await engine.request('POST', '/engine/v1/datasources/other_family/segments', {
      body: {
        segments: [
          { interval: '2024-01-01T00:00:00Z/2024-01-02T00:00:00Z', version: 'v1', partitionNum: 0, size: 1 },
        ],
      },
    });
    await addPart(engine, 'visits', 201903);
    const row = page.getByTestId('live-row').first();
    await row.getByText('PartAdded').waitFor();
    expect(await page.getByTestId('live-row').count()).toBe(1);
    expect(await row.textContent()).toContain('db.visits');
    await shot('live');
  });

  describe('restore to this point', () => {
    const DS = 'clicks';
    const V = '2024-01-01T00:00:00.000Z';
    const hour = (n: number) => `2024-03-01T0${n}:00:00.000Z/2024-03-01T0${n + 1}:00:00.000Z`;
    const segmentId = (n: number) => `${DS}_${hour(n).replace('/', '_')}_${V}`;
    const publish = async (hours: number[]) => {
      const res = await engine.request('POST', `/engine/v1/datasources/${DS}/segments`, {
        body: { segments: hours.map((n) => ({ interval: hour(n), version: V, partitionNum: 0, size: 512 })) },
      });
      expect(res.status).toBe(201);
    };
    const markUnused = async (body: unknown, changed: number) => {
      const res = await engine.request('POST', `/druid/coordinator/v1/datasources/${DS}/markUnused`, {
        body,
      });
      expect(res.json).toEqual({ numChangedSegments: changed });
    };
    /** A fresh browser context signed in with `key`, closed after `use`. */
    const asUser = async (key: string, use: (p: Page) => Promise<void>) => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const p = await ctx.newPage();
        await signIn(p, key);
        await p.getByTestId('whoami').waitFor();
        await use(p);
      } finally {
        await ctx.close();
      }
    };
    /** The time view of the datasource at event #0: hours 0-2 published, all used. */
    const openBeforeMistake = async (p: Page) => {
      await p.goto(`${engine.baseUrl}/console/#/agg/datasource/${DS}?tab=travel`);
      await p.getByTestId('as-of').getByText('Current state').waitFor();
      await p.getByRole('slider', { name: 'time' }).fill('0');
      await p.getByTestId('as-of').getByText('State after event #0 (SegmentsPublished)').waitFor();
    };

    beforeAll(async () => {
      await publish([0, 1, 2]); // event #0: the point to go back to
      await publish([3]); // event #1: published after the point
      // event #2, the mistake: hours 0 and 1 marked unused through the Druid API.
      await markUnused({ interval: '2024-03-01T00:00:00.000Z/2024-03-01T02:00:00.000Z' }, 2);
    });

    it('a reader sees the past but no restore action', async () => {
      await asUser(keys.reader, async (p) => {
        await openBeforeMistake(p);
        await p.getByTestId('state').getByRole('cell', { name: 'used' }).first().waitFor();
        expect(await p.getByRole('button', { name: 'Restore to this point' }).count()).toBe(0);
        expect(await p.getByTestId('restore').count()).toBe(0);
      });
    });

    it('an operator previews the plan, applies it after confirming, recomputes after a 409', async () => {
      await asUser(keys.operator, async (p) => {
        await openBeforeMistake(p);
        await p.getByRole('button', { name: 'Restore to this point' }).click();
        const steps = p.getByTestId('restore-step');
        const used = steps.filter({ hasText: 'MarkSegmentsUsed' });
        await used.getByRole('cell', { name: segmentId(0) }).waitFor();
        await used.getByRole('cell', { name: segmentId(1) }).waitFor();
        expect(await used.getByRole('cell', { name: segmentId(2) }).count()).toBe(0);
        // The segment published after the point: stopped being served, never killed, and said so.
        await steps
          .filter({ hasText: 'MarkSegmentsUnused' })
          .getByRole('cell', { name: segmentId(3) })
          .waitFor();
        const notRestorable = p
          .getByTestId('not-restorable')
          .getByRole('row')
          .filter({ hasText: segmentId(3) });
        await notRestorable.getByText('PUBLISHED_AFTER_POINT').waitFor();
        expect(await notRestorable.textContent()).toContain('does not kill it');
        await shot('restore-plan', p);

        // Cancelling the confirmation changes nothing.
        await p.getByRole('button', { name: 'Apply restore…' }).click();
        await p.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
        await p.getByRole('dialog').waitFor({ state: 'hidden' });
        const events = async () =>
          (
            (await engine.request('GET', `/engine/v1/audit/datasource/${DS}/events`)).json as {
              events: unknown[];
            }
          ).events.length;
        expect(await events()).toBe(3);

        // Someone marks hour 2 unused between review and apply: the restore is refused.
        await markUnused({ segmentIds: [segmentId(2)] }, 1);
        await p.getByRole('button', { name: 'Apply restore…' }).click();
        await p.getByRole('dialog').getByRole('button', { name: 'Confirm restore' }).click();
        const conflict = p.getByTestId('restore-conflict');
        await conflict.getByText('The datasource changed since this plan was computed').waitFor();
        expect(await conflict.textContent()).toContain('compute a new plan');
        expect(await events()).toBe(4);

        // The recomputed plan also puts hour 2 back; confirmed, it is applied.
        await p.getByRole('button', { name: 'Recompute the plan' }).click();
        await used.getByRole('cell', { name: segmentId(2) }).waitFor();
        await p.getByRole('button', { name: 'Apply restore…' }).click();
        await p.getByRole('dialog').getByRole('button', { name: 'Confirm restore' }).click();
        const outcome = p.getByTestId('restore-outcome');
        await outcome.getByText('Restored', { exact: true }).waitFor();
        expect(await outcome.textContent()).toContain('2 event(s) appended, revision 3 → 5');
        await shot('restore-outcome', p);

        // The datasource now: hours 0-2 used again, hour 3 (published after the point) not.
        await p.getByRole('link', { name: 'See the datasource now' }).click();
        const rows = p.getByTestId('subject-link');
        await rows.filter({ hasText: segmentId(2) }).waitFor();
        await p.waitForFunction("document.querySelectorAll('tbody tr').length === 3");
        expect((await rows.allTextContents()).sort()).toEqual([0, 1, 2].map(segmentId));
      });
      const used = await engine.request('GET', `/engine/v1/datasources/${DS}/segments?state=used`);
      expect((used.json as { segments: unknown[] }).segments).toHaveLength(3);
    });

    it('any family: a ClickHouse table back before its partitions were dropped and detached', async () => {
      await asUser(keys.operator, async (p) => {
        await p.goto(`${engine.baseUrl}/console/#/agg/mergetree/db.visits?tab=travel`);
        await p.getByTestId('as-of').getByText('Current state').waitFor();
        expect(await p.getByRole('button', { name: 'Restore to this point' }).count()).toBe(0);
        await p.getByRole('slider', { name: 'time' }).fill('2');
        await p.getByTestId('as-of').getByText('State after event #2 (PartAdded)').waitFor();
        await p.getByRole('button', { name: 'Restore to this point' }).click();
        // The detached part can be attached again; the dropped one's data is gone, and it says so.
        await p
          .getByTestId('restore-step')
          .filter({ hasText: 'AttachPart' })
          .getByText('201901')
          .first()
          .waitFor();
        const gone = p.getByTestId('not-restorable').getByRole('row').filter({ hasText: '201902' });
        await gone.getByText('PART_DATA_GONE').waitFor();
        await p.getByRole('button', { name: 'Close' }).click();
        await p.getByRole('button', { name: 'Restore to this point' }).waitFor();
      });
    });

    it('restores as of a date from the picker: before the first event nothing can come back', async () => {
      await asUser(keys.admin, async (p) => {
        await p.goto(`${engine.baseUrl}/console/#/agg/datasource/${DS}?tab=travel`);
        await p.getByTestId('as-of').getByText('Current state').waitFor();
        await p.getByLabel('as of').fill('2001-01-01T00:00:00');
        await p.getByRole('button', { name: 'Go' }).click();
        await p
          .getByTestId('as-of')
          .getByText(/^State as of 2001-01-01T/)
          .waitFor();
        await p.getByRole('button', { name: 'Restore to this point' }).click();
        await p
          .getByTestId('restore-summary')
          .getByText(/the state as of 2001-01-01T/)
          .waitFor();
        const reasons = await p.getByTestId('not-restorable').locator('tbody tr .badge').allTextContents();
        expect(reasons).toEqual([
          'PUBLISHED_AFTER_POINT',
          'PUBLISHED_AFTER_POINT',
          'PUBLISHED_AFTER_POINT',
          'PUBLISHED_AFTER_POINT',
        ]);
      });
    });
  });

  it('shows a second tenant nothing of the first', async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    try {
      await signIn(otherPage, keys.otherTenant);
      await otherPage.getByTestId('whoami').getByText('tenant globex').waitFor();
      await otherPage.getByRole('link', { name: 'ClickHouse tables' }).click();
      await otherPage.getByTestId('empty').waitFor();
      await otherPage.goto(`${engine.baseUrl}/console/#/agg/mergetree/db.visits?tab=timeline`);
      await otherPage.locator('.error').first().waitFor();
      expect(await otherPage.getByText('PartAdded').count()).toBe(0);
      // Nor the restored datasource, nor any restore action on it.
      await otherPage.goto(`${engine.baseUrl}/console/#/agg/datasource/clicks?tab=travel`);
      await otherPage.locator('.error').first().waitFor();
      expect(await otherPage.getByRole('button', { name: 'Restore to this point' }).count()).toBe(0);
      expect(await otherPage.getByText('clicks_2024').count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
