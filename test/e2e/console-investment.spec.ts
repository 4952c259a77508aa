/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types for them.
import type { Browser, Page } from 'playwright-core';
import { decodeJwt, getToken, runId } from '@qingshui/testing';
import {
  CONSOLE_TEST_PORT,
  launchBrowser,
  openConsole,
  screenshot,
  seriousViolations,
  signIn,
  waitLive,
  type ConsoleSession,
} from '../support/browser';
import { api, startPlatform, type Platform } from '../support/platform';

// The investment console in a real Chromium against the real platform (issue #11's main paths):
// the cadre's pipeline board, where a card dragged onto the next stage says what that stage will
// ask for and the dialog asks for exactly that; the office's verification of a landed deal; a
// duplicate enterprise record merged from its page. Each change shows on another person's open
// page without a reload.

const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { qsMark: number }).qsMark = 1));
const stillMarked = (page: Page) =>
  page.evaluate(() => (window as unknown as { qsMark?: number }).qsMark === 1);
/** Axe's findings with the pointer off the button just clicked (a hover colour is not the page at rest). */
const violationsAtRest = async (page: Page) => {
  await page.mouse.move(0, 0);
  return seriousViolations(page);
};

describe('investment in the console (招商线索、落地核验、企业查重)', () => {
  let platform: Platform;
  let browser: Browser;
  let base: string;
  const tag = runId().slice(-5);
  const call = async (user: string, method: string, path: string, body?: unknown) =>
    api(base, method, `/api/v1${path}`, {
      token: await getToken(user),
      ...(body !== undefined ? { body } : {}),
    });
  const ok = async (user: string, method: string, path: string, body?: unknown) => {
    const response = await call(user, method, path, body);
    if (response.status >= 300)
      throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown> & { id: string };
  };
  const userIdOf = async (user: string) => String(decodeJwt(await getToken(user))['sub']);
  /** A 淅川 lead owned by the county's demo cadre, opened through the API. */
  const newLead = async (title: string, extra: Record<string, unknown> = {}) =>
    ok('demo-cadre-county', 'POST', '/investment/leads', {
      title: `${title} ${tag}`,
      enterprise: { enterpriseId: `ent-ci-${tag}`, name: '北京清源环保科技有限公司' },
      county: 'xichuan',
      field: 'solar',
      ownerId: await userIdOf('demo-cadre-county'),
      ...extra,
    });
  const sessions: ConsoleSession[] = [];
  const open = async (user: string) => {
    const session = await openConsole(browser, base);
    sessions.push(session);
    await signIn(session, user);
    return session;
  };

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['investment', 'exchange'],
      gateway: () => ({ http: { host: '127.0.0.1', port: CONSOLE_TEST_PORT } }),
    });
    base = platform.gateways[0]!.url;
    browser = await launchBrowser();
    // Who may own 淅川's leads: the county's demo cadre (the assignment part's roster).
    await ok('demo-cadre-county', 'PUT', '/investment/rosters/xichuan', {
      members: [
        { userId: await userIdOf('demo-cadre-county'), name: '淅川县投资促进中心 刘丹水', capacity: 500 },
      ],
    });
  }, 180_000);

  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const failing = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      for (const [i, session] of sessions.entries())
        await screenshot(session.page, `failed-${name}-${i}`).catch(() => undefined);
      throw error;
    }
  };

  it(
    'a card dragged onto the next stage says what that stage needs; the dialog asks for it; the board of someone watching follows',
    () =>
      failing('pipeline', async () => {
        const lead = await newLead('淅川县香花镇光伏农业一体化项目');
        expect(lead).toMatchObject({ stage: 'prospect', missingForNext: ['estimatedAmountYuan'] });
        const cadre = await open('demo-cadre-county');
        const admin = await open('demo-admin');
        const { page } = cadre;
        await page.goto('/investment/pipeline');
        const card = page.getByTestId(`lead-card-${lead.id}`);
        await card.waitFor();
        await card.getByTestId('missing').getByText('预计投资额').waitFor();
        await admin.page.goto('/investment/pipeline');
        await admin.page.getByTestId(`lead-card-${lead.id}`).waitFor();
        await waitLive(admin.page);
        await markPage(admin.page);

        // Dragging: the next stage's column says what the move will ask for, before the drop.
        const column = page.getByTestId('column-assigned');
        await card.hover();
        await page.mouse.down();
        await column.hover({ position: { x: 40, y: 120 } });
        await column.hover({ position: { x: 60, y: 140 } });
        await column.getByText('推进前需填写：预计投资额').waitFor();
        await page.mouse.up();
        const dialog = page.getByRole('dialog', { name: '推进到“对接”' });
        await dialog.waitFor();
        // The dialog asks for the missing field and nothing else; empty, it is refused on the spot.
        await dialog.getByRole('button', { name: '确认推进' }).click();
        await dialog.getByText('预计投资额').first().waitFor();
        expect(await dialog.locator('.ant-form-item-explain-error').count()).toBe(1);
        expect(await dialog.locator('.ant-form-item').count()).toBe(1);
        await dialog.getByLabel('预计投资额').fill('120000000');
        await dialog.getByRole('button', { name: '确认推进' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.getByTestId('column-assigned').getByTestId(`lead-card-${lead.id}`).waitFor();
        const moved = await ok('demo-cadre-county', 'GET', `/investment/leads/${lead.id}`);
        expect(moved).toMatchObject({ stage: 'assigned', values: { estimatedAmountYuan: 120_000_000 } });
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'cadre-investment-pipeline');

        // The office's board moved the card without a reload.
        await admin.page.getByTestId('column-assigned').getByTestId(`lead-card-${lead.id}`).waitFor();
        expect(await stillMarked(admin.page)).toBe(true);
      }),
    180_000,
  );

  it(
    'the office verifies a landed deal from its queue; the owner’s lead page shows it landed',
    () =>
      failing('verify', async () => {
        const lead = await newLead('淅川县丹江口库区分布式光伏电站', {
          values: { estimatedAmountYuan: 300_000_000 },
        });
        const path = `/investment/leads/${lead.id}`;
        await ok('demo-cadre-county', 'POST', `${path}/move`, { to: 'assigned' });
        await ok('demo-cadre-county', 'POST', `${path}/activities`, {
          kind: 'visit',
          at: new Date().toISOString(),
          people: ['孙立新', '刘丹水'],
          summary: '陪同企业考察香花镇光伏用地',
        });
        await ok('demo-cadre-county', 'POST', `${path}/move`, {
          to: 'active',
          values: { contactPerson: '孙立新 13800001111', likelihoodPct: 80 },
        });
        await ok('demo-cadre-county', 'POST', `${path}/move`, {
          to: 'signed',
          values: {
            agreementDate: '2026-11-20',
            signedAmountYuan: 280_000_000,
            parties: ['淅川县人民政府', '北京清源环保科技有限公司'],
          },
        });
        await ok('demo-cadre-county', 'POST', `${path}/request-landing`, {
          values: {
            actualInvestmentYuan: 260_000_000,
            jobs: 85,
            site: '淅川县香花镇',
            startDate: '2026-11-30',
          },
        });
        const owner = await open('demo-cadre-county');
        await owner.page.goto(path);
        await owner.page.getByText('等待对口协作办公室核验').waitFor();
        await waitLive(owner.page);
        await markPage(owner.page);

        const admin = await open('demo-admin');
        const { page } = admin;
        await page.goto('/investment/verify');
        const queue = page.getByTestId('verify-queue');
        await queue.getByText(`淅川县丹江口库区分布式光伏电站 ${tag}`).click();
        await page.waitForURL(`**${path}`);
        await page.getByRole('button', { name: '核验通过' }).click();
        await page.getByTestId('lead-page').getByText('落地', { exact: true }).first().waitFor();
        expect(await ok('demo-admin', 'GET', path)).toMatchObject({ stage: 'landed', missingForNext: [] });
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'admin-investment-verified');

        // The owner's open page follows: no verification pending, the stage landed.
        await owner.page.getByText('等待对口协作办公室核验').waitFor({ state: 'detached' });
        await owner.page.getByTestId('lead-page').getByText('落地', { exact: true }).first().waitFor();
        expect(await stillMarked(owner.page)).toBe(true);
        // Off the queue.
        await page.goto('/investment/verify');
        await page.getByTestId('verify-queue').waitFor();
        expect(await page.getByTestId('verify-queue').getByText(`分布式光伏电站 ${tag}`).count()).toBe(0);
      }),
    180_000,
  );

  it(
    'a cadre merges a duplicate enterprise record from its page; the old record names the survivor',
    () =>
      failing('merge', async () => {
        const name = `淅川丹水${tag}生态农业有限公司`;
        const survivor = (
          (await ok('demo-cadre-county', 'POST', '/investment/enterprises', {
            name,
            phone: '0377-69231234',
          })) as unknown as {
            enterprise: { id: string };
          }
        ).enterprise.id;
        const duplicate = (
          (await ok('demo-cadre-county', 'POST', '/investment/enterprises', {
            name: `丹水${tag}生态农业（淅川）有限责任公司`,
            email: `contact-${tag}@danshui.example.cn`,
          })) as unknown as { enterprise: { id: string } }
        ).enterprise.id;
        const cadre = await open('demo-cadre-county');
        const { page } = cadre;
        await page.goto(`/investment/enterprises/${survivor}`);
        const candidate = page.locator('.ant-list-item', {
          hasText: `丹水${tag}生态农业（淅川）有限责任公司`,
        });
        await candidate.waitFor();
        await candidate.getByText('名称相同').or(candidate.getByText('名称相近')).first().waitFor();
        await candidate.getByRole('button', { name: '合并到本记录' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByText('被合并企业的全部招商线索').waitFor();
        // What the survivor takes from the duplicate: the email it lacks.
        await dialog.getByText(`contact-${tag}@danshui.example.cn`).waitFor();
        await dialog.getByRole('button', { name: '确认合并' }).click();
        await dialog.locator('.ant-form-item-explain-error').waitFor();
        await dialog.getByRole('textbox').fill('同一企业重复录入');
        await dialog.getByRole('button', { name: '确认合并' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.locator('.ant-table-row', { hasText: '同一企业重复录入' }).waitFor();
        expect(await ok('demo-cadre-county', 'GET', `/investment/enterprises/${duplicate}`)).toMatchObject({
          status: 'merged',
          mergedInto: survivor,
        });
        expect(await ok('demo-cadre-county', 'GET', `/investment/enterprises/${survivor}`)).toMatchObject({
          email: `contact-${tag}@danshui.example.cn`,
        });
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'cadre-enterprise-merged');

        await page.goto(`/investment/enterprises/${duplicate}`);
        await page.getByText('此记录已合并到另一企业记录').waitFor();
        await page.getByRole('link', { name: '查看保留记录' }).click();
        await page.waitForURL(`**/investment/enterprises/${survivor}`);
      }),
    180_000,
  );
});
