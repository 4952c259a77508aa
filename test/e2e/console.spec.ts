/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types for them.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { decodeJwt, DEMO_EXPERT_PROFILES, getToken, infraEnv, runId, waitFor } from '@qingshui/testing';
import {
  CONSOLE_TEST_PORT,
  launchBrowser,
  openConsole,
  screenshot,
  seriousViolations,
  signIn,
  timeToInteractive,
  waitLive,
  writeReport,
} from '../support/browser';
import { KeycloakAdmin } from '../support/keycloak';
import { api, startPlatform, type Platform } from '../support/platform';
import type { Page } from 'playwright-core';

/** Marks the page; a reload would lose the mark (the proof that an update came live). */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { qsMark: number }).qsMark = 1));
const stillMarked = (page: Page) =>
  page.evaluate(() => (window as unknown as { qsMark?: number }).qsMark === 1);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
const pickerDate = (date: Date) => {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} 18:00`;
};

// The web console in a real Chromium (Debian's, driven by playwright-core) against the real
// platform: sign-in through Keycloak's own login page, each role's home, accessibility (axe-core,
// WCAG 2.1 AA), time to interactive, and the console's security headers.

const ROLES = [
  { role: 'expert', user: 'demo-expert', home: '/expert/matches' },
  { role: 'enterprise', user: 'demo-enterprise', home: '/enterprise/challenges' },
  { role: 'cadre', user: 'demo-cadre-county', home: '/cadre/board' },
  { role: 'admin', user: 'demo-admin', home: '/admin/verification' },
] as const;

describe('web console in Chromium', () => {
  let platform: Platform;
  let browser: Browser;
  let base: string;
  const keycloak = new KeycloakAdmin();
  const noRoleUser = `e2e-norole-${runId()}`;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['talent', 'stations', 'fairs', 'exchange'],
      gateway: () => ({ http: { host: '127.0.0.1', port: CONSOLE_TEST_PORT } }),
    });
    base = platform.gateways[0]!.url;
    browser = await launchBrowser();
    await keycloak.createUser(noRoleUser, 'demo-norole-pass');
  }, 180_000);

  afterAll(async () => {
    writeReport('console-timings.json', timings);
    if (Object.keys(timings).length)
      console.log(
        `console time to interactive (ms, this machine): ${Object.entries(timings)
          .map(([page, ms]) => `${page} ${ms}`)
          .join(', ')}`,
      );
    await browser?.close();
    await keycloak.deleteUser(noRoleUser).catch(() => undefined);
    await platform?.close();
  });

  it('serves the console at / with a CSP that allows only its own origin and Keycloak, and its routes on reload', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    const csp = index.headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    const keycloakOrigin = new URL(infraEnv().keycloakUrl).origin;
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('connect-src')).toBe(`connect-src 'self' ${keycloakOrigin}`);
    expect(directive('frame-src')).toBe(`frame-src 'self' ${keycloakOrigin}`);
    expect(directive('object-src')).toBe("object-src 'none'");
    // A console route loads the app (a reload or a shared link), an unknown API path stays JSON.
    const deep = await fetch(`${base}/expert/matches`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const missing = await fetch(`${base}/api/v1/no-such-route`, { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    // Hashed assets come precompressed and are cached for good; index.html is revalidated.
    const html = await (await fetch(`${base}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const config = await (await fetch(`${base}/api/v1/console/config`)).json();
    expect(config).toEqual({
      keycloak: { url: infraEnv().keycloakUrl, realm: 'qingshui', clientId: 'qingshui-console' },
    });
  });

  it('shows the signed-out page in Chinese, accessible, with the way in', async () => {
    const session = await openConsole(browser, base);
    try {
      timings['login page'] = await timeToInteractive(session.page, '/', 'button:has-text("登录")');
      expect(await session.page.locator('h1').textContent()).toContain('清水');
      expect(await seriousViolations(session.page)).toEqual([]);
      await screenshot(session.page, 'login');
      expect(session.problems).toEqual([]);
    } finally {
      await session.context.close();
    }
  }, 60_000);

  it.each(ROLES)(
    'signs in through the Keycloak page as $role and opens the role’s home; tokens stay out of storage',
    async ({ user, home }) => {
      const session = await openConsole(browser, base);
      const { page } = session;
      try {
        await signIn(session, user);
        await page.waitForURL(`**${home}`);
        await waitLive(page);
        // The authorization-code flow's one-time values are gone once signed in, and no token is stored.
        const stored = await page.evaluate(() =>
          JSON.stringify({ ...window.localStorage, ...window.sessionStorage, cookie: document.cookie }),
        );
        expect(stored).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
        await page.locator('main h2').first().waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `${user}-home`);
        timings[`${user} ${home}`] = await timeToInteractive(page, home, 'main h2');
        expect(session.problems.filter((p) => !/status of 40[34]/.test(p))).toEqual([]);
      } finally {
        await session.context.close();
      }
    },
    120_000,
  );

  it('logs out through Keycloak: the session ends there too, and the next sign-in asks for the password', async () => {
    const session = await openConsole(browser, base);
    const { page } = session;
    try {
      await signIn(session, 'demo-expert2');
      await page.getByTestId('user-menu').hover();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await page.getByRole('button', { name: '登录' }).waitFor();
      await page.getByRole('button', { name: '登录' }).click();
      // No single sign-on left: Keycloak shows its form instead of coming straight back.
      await page.locator('#username').waitFor({ timeout: 20_000 });
    } finally {
      await session.context.close();
    }
  }, 90_000);

  it('tells a user without a role what to do, instead of a broken page', async () => {
    const session = await openConsole(browser, base);
    try {
      await signIn(session, noRoleUser, 'demo-norole-pass');
      await session.page.getByTestId('no-role').waitFor();
      expect(await session.page.getByTestId('no-role').textContent()).toContain(noRoleUser);
      expect(await seriousViolations(session.page)).toEqual([]);
    } finally {
      await session.context.close();
    }
  }, 90_000);

  it('signs in with the keyboard alone', async () => {
    const session = await openConsole(browser, base);
    const { page } = session;
    try {
      await page.goto('/');
      await page.getByRole('button', { name: '登录' }).waitFor();
      // Tab through the page until the sign-in button has the focus, then press Enter.
      for (let i = 0; i < 10; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement?.textContent === '登录')) break;
      }
      await page.keyboard.press('Enter');
      await page.locator('#username').waitFor();
      await page.keyboard.type('demo-admin');
      await page.keyboard.press('Tab');
      await page.keyboard.type('demo');
      await page.keyboard.press('Enter');
      await page.getByTestId('user-menu').waitFor({ timeout: 30_000 });
      // The skip link is the first stop, and it moves the focus to the main content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => location.hash)).toBe('#main');
    } finally {
      await session.context.close();
    }
  }, 90_000);

  it('switches to English and keeps the choice after a reload', async () => {
    const session = await openConsole(browser, base);
    const { page } = session;
    try {
      await page.goto('/');
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    } finally {
      await session.context.close();
    }
  }, 60_000);

  describe('flows of several people at once', () => {
    let challengeId: string;
    let enterprise: Awaited<ReturnType<typeof openConsole>>;
    const title = `软籽石榴病虫害绿色防控（${runId().slice(-4)}）`;

    beforeAll(async () => {
      // The experts' profiles (the matching and the applications need them).
      for (const user of ['demo-expert', 'demo-expert2'] as const) {
        const created = await api(base, 'POST', '/api/v1/experts', {
          token: await getToken(user),
          body: DEMO_EXPERT_PROFILES[user],
        });
        expect([201, 409]).toContain(created.status);
      }
      // The console finds a user's own profile, and the names on a list of bookings, by user ids.
      const token = await getToken('demo-expert');
      const ids = [token, await getToken('demo-expert2')].map((t) => String(decodeJwt(t)['sub']));
      const found = await api(base, 'GET', `/api/v1/experts?userIds=${ids.join(',')}`, { token });
      expect(found.status).toBe(200);
      expect(found.body.items.map((e: { userId: string }) => e.userId).sort()).toEqual([...ids].sort());
      const tooMany = Array.from({ length: 101 }, (_, i) => `u-${i}`).join(',');
      const refused = await api(base, 'GET', `/api/v1/experts?userIds=${tooMany}`, { token });
      expect(refused.status).toBe(400);
      expect(refused.body.fields[0].field).toBe('userIds');
      // Validation messages follow Accept-Language: Chinese for the console, English by default.
      const tooShort = { token: await getToken('demo-enterprise'), body: { title: '石' } };
      const zh = await api(base, 'POST', '/api/v1/challenges', {
        ...tooShort,
        headers: { 'accept-language': 'zh-CN' },
      });
      const en = await api(base, 'POST', '/api/v1/challenges', tooShort);
      const titleError = (reply: typeof zh) =>
        (reply.body.fields as { field: string; message: string }[]).find((f) => f.field === 'title')?.message;
      expect(zh.status).toBe(400);
      expect(titleError(zh)).toMatch(/[\u4e00-\u9fff]/);
      expect(titleError(en)).toMatch(/^Too small/);
      enterprise = await openConsole(browser, base);
      await signIn(enterprise, 'demo-enterprise');
    }, 120_000);

    afterAll(async () => {
      await enterprise?.context.close();
    });

    it('an enterprise’s form shows the API’s field errors; once corrected it publishes, and the county cadre’s board shows it without a reload', async () => {
      const cadre = await openConsole(browser, base);
      try {
        await signIn(cadre, 'demo-cadre-county');
        await cadre.page.waitForURL('**/cadre/board');
        await waitLive(cadre.page);
        await cadre.page.getByTestId('board-challenges').waitFor();
        await markPage(cadre.page);

        const { page } = enterprise;
        await page.goto('/enterprise/challenges/new');
        await page.waitForLoadState('networkidle');
        // A title of one character passes the form (required only) and is refused by the API.
        await page.locator('#challenge_title').fill('石');
        await page
          .locator('#challenge_publicSummary')
          .fill(
            '淅川县软籽石榴基地干腐病、桃蛀螟危害加重，寻求不依赖高毒农药的绿色防控方案，兼顾库区水质保护。',
          );
        await page.locator('#challenge_field').click();
        await page.locator('.ant-select-item-option[title="现代农业"]').click();
        const formItem = (label: string) => page.locator('.ant-form-item').filter({ hasText: label });
        await formItem('所属领域').getByTitle('现代农业').first().waitFor();
        await page.locator('#challenge_requiredSkills').fill('面源污染治理');
        await page.locator('#challenge_requiredSkills').press('Enter');
        // antd announces a selection in a live region: its text is there once the tag is.
        await formItem('所需技能').getByText('面源污染治理').first().waitFor({ state: 'attached' });
        // The deadline: typed into the picker, confirmed with its OK button once the value parses.
        const deadline = pickerDate(inDays(30));
        await page.locator('#challenge_deadline').click();
        await page.locator('#challenge_deadline').fill(deadline);
        const ok = page.locator(
          '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-ok button',
        );
        await page.waitForFunction(() => {
          const button = document.querySelector<HTMLButtonElement>(
            '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-ok button',
          );
          return !!button && !button.disabled;
        });
        await ok.click();
        await page.waitForFunction(
          (value) => document.querySelector<HTMLInputElement>('#challenge_deadline')?.value === value,
          deadline,
        );
        const refused = page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/challenges') && r.request().method() === 'POST',
        );
        await page.getByTestId('challenge-save').click();
        expect((await refused).status()).toBe(400);
        const help = page.locator('#challenge_title_help');
        await help.waitFor();
        // The API's own message, worded in the console's language (it sends Accept-Language).
        expect(await help.textContent()).toMatch(/[\u4e00-\u9fff]/);
        expect(page.url()).toMatch(/\/enterprise\/challenges\/new$/);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, 'enterprise-challenge-form-errors');

        await page.locator('#challenge_title').fill(title);
        await page.getByTestId('challenge-save').click();
        await page.waitForURL(/\/enterprise\/challenges\/[0-9a-f-]{36}$/);
        challengeId = page.url().split('/').pop()!;
        await page.getByTestId('action-publish').click();
        await page.locator('.ant-tag[data-status="published"]').first().waitFor();

        await cadre.page.getByTestId('board-challenges').getByText(title).waitFor({ timeout: 20_000 });
        expect(await stillMarked(cadre.page)).toBe(true);
        expect(await seriousViolations(cadre.page)).toEqual([]);
        await screenshot(cadre.page, 'cadre-board');
      } catch (error) {
        // What the browsers showed when it failed: reports/console/failed-*.png.
        await screenshot(enterprise.page, 'failed-challenge-form').catch(() => undefined);
        await screenshot(cadre.page, 'failed-cadre-board').catch(() => undefined);
        throw error;
      } finally {
        await cadre.context.close();
      }
    }, 180_000);

    it('a change made meanwhile by someone else: the save offers to reload and reapply, and both changes survive', async () => {
      expect(challengeId).toBeDefined();
      const { page } = enterprise;
      await page.goto(`/enterprise/challenges/${challengeId}/edit`);
      const summary = page.locator('#challenge_publicSummary');
      await summary.waitFor();
      await page.waitForLoadState('networkidle');
      // Someone else of the organisation changes the reward while the form is open.
      const token = await getToken('demo-enterprise');
      const current = await api(base, 'GET', `/api/v1/challenges/${challengeId}`, { token });
      const other = await api(base, 'PATCH', `/api/v1/challenges/${challengeId}`, {
        token,
        body: { reward: { amountYuan: 400000, budgetNote: '分两期支付' } },
        headers: { 'if-match': current.headers.get('etag')! },
      });
      expect(other.status).toBe(200);
      const mine = '淅川县软籽石榴基地干腐病、桃蛀螟危害加重，征集绿色防控方案（已补充近三年病害数据）。';
      await summary.fill(mine);
      await page.getByTestId('challenge-save').click();
      await page.getByRole('button', { name: '重新加载并应用我的修改' }).click();
      await page.waitForURL(new RegExp(`/enterprise/challenges/${challengeId}$`));
      const saved = await api(base, 'GET', `/api/v1/challenges/${challengeId}`, { token });
      expect(saved.body.publicSummary).toBe(mine);
      expect(saved.body.reward).toMatchObject({ amountYuan: 400000 });
    }, 120_000);

    it('an expert opens the match explanation and applies; the enterprise sees the application appear', async () => {
      expect(challengeId).toBeDefined();
      const expert = await openConsole(browser, base);
      try {
        const manage = enterprise.page;
        await manage.goto(`/enterprise/challenges/${challengeId}`);
        await manage.getByTestId('applications').waitFor();
        await waitLive(manage);
        await markPage(manage);

        const { page } = expert;
        await signIn(expert, 'demo-expert');
        await page.waitForURL('**/expert/matches');
        // The new challenge reaches talent's index from its event: the list refetches until it is there.
        const explain = page.getByTestId(`explain-${challengeId}`);
        for (let i = 0; i < 20 && !(await explain.isVisible()); i += 1) {
          await page.waitForTimeout(500);
          if (i % 4 === 3) await page.reload();
        }
        await explain.click();
        const drawer = page.getByTestId('match-explanation');
        await drawer.waitFor();
        expect(await drawer.getByTestId('matched-skills').textContent()).toContain('面源污染治理');
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, 'expert-match-explanation');
        await drawer.getByTestId('explain-open-challenge').click();
        await page.waitForFunction((id) => location.pathname === `/challenges/${id}`, challengeId);
        await page
          .locator('#application_proposal')
          .fill(
            '采用性诱剂与天敌释放相结合的绿色防控方案，配套生态沟渠拦截，三个月内完成示范田建设并开展效果监测。',
          );
        await page.getByTestId('apply-submit').click();
        await page.getByTestId('applied').waitFor();
        // My applications, from GET /me/applications (experts only).
        const mine = await api(base, 'GET', '/api/v1/me/applications', {
          token: await getToken('demo-expert'),
        });
        expect(mine.status).toBe(200);
        expect(mine.body.items[0]).toMatchObject({
          challenge: { id: challengeId, title, status: 'published' },
          application: { challengeId, status: 'submitted' },
        });
        const notExpert = await api(base, 'GET', '/api/v1/me/applications', {
          token: await getToken('demo-enterprise'),
        });
        expect(notExpert.status).toBe(403);
        await page.getByRole('menuitem', { name: '我的申请' }).click();
        await page.getByTestId(`application-status-${challengeId}`).waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, 'expert-applications');

        await manage
          .locator('[data-testid="applications"] tbody tr.ant-table-row')
          .first()
          .waitFor({ timeout: 20_000 });
        expect(await manage.getByTestId('applications').textContent()).toContain('李森');
        expect(await stillMarked(manage)).toBe(true);
        expect(await seriousViolations(manage)).toEqual([]);
        await screenshot(manage, 'enterprise-challenge-applications');
      } finally {
        await expert.context.close();
      }
    }, 180_000);

    it('a county’s cadre opens a fair to exhibitors; an enterprise of the county sees it appear in the fairs list', async () => {
      const cadreToken = await getToken('demo-cadre-county');
      const fairTitle = `2027 淅川香菇与软籽石榴北京推介会（${runId().slice(-4)}）`;
      const draft = await api(base, 'POST', '/api/v1/fairs', {
        token: cadreToken,
        body: {
          title: fairTitle,
          pairIds: ['chaoyang-xichuan'],
          venue: { name: '全国农业展览馆', address: '北京市朝阳区东三环北路16号' },
          days: [{ date: '2027-05-18', opensAt: '09:00', closesAt: '17:00' }],
          boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 40 }],
        },
      });
      expect(draft.status).toBe(201);
      const cadre = await openConsole(browser, base);
      try {
        const list = enterprise.page;
        await list.goto('/fairs');
        await list.getByTestId('fairs-table').waitFor();
        await waitLive(list);
        await markPage(list);
        expect(await list.getByTestId('fairs-table').textContent()).not.toContain(fairTitle);

        await signIn(cadre, 'demo-cadre-county');
        await cadre.page.goto(`/fairs/${draft.body.id}`);
        await cadre.page.getByTestId('fair-step-open-exhibitors').click();
        await cadre.page.getByRole('button', { name: '确定' }).click();
        await cadre.page.locator('[data-status="exhibitors-open"]').first().waitFor();
        expect(await seriousViolations(cadre.page)).toEqual([]);
        await screenshot(cadre.page, 'cadre-fair');

        await list.getByTestId('fairs-table').getByText(fairTitle).waitFor({ timeout: 20_000 });
        expect(await stillMarked(list)).toBe(true);
        expect(await seriousViolations(list)).toEqual([]);
        await screenshot(list, 'enterprise-fairs');
      } finally {
        await cadre.context.close();
      }
    }, 120_000);

    it('the last seat: one expert books it, a second watching sees 0 and joins the line, the first cancels, the second accepts the offer in its countdown', async () => {
      const cadreToken = await getToken('demo-cadre-county');
      const station = await api(base, 'POST', '/api/v1/stations', {
        token: cadreToken,
        body: {
          name: '淅川县中医药院士专家工作站',
          county: 'xichuan',
          hostOrgId: 'gov-xichuan',
          fields: ['tcm', 'medicine'],
          address: '河南省南阳市淅川县龙城街道',
        },
      });
      expect(station.status).toBe(201);
      const slot = await api(base, 'POST', `/api/v1/stations/${station.body.id}/slots`, {
        token: cadreToken,
        body: {
          start: inDays(3).toISOString(),
          end: inDays(4).toISOString(),
          capacity: 1,
          offerTtlSeconds: 900,
        },
      });
      expect(slot.status).toBe(201);
      const path = `/slots/${slot.body.id}`;
      const first = await openConsole(browser, base);
      const second = await openConsole(browser, base);
      const seats = (page: Page, value: string) =>
        page
          .getByTestId('seats-left')
          .filter({ hasText: new RegExp(`^${value}$`) })
          .waitFor({ timeout: 20_000 });
      try {
        await signIn(first, 'demo-expert');
        await signIn(second, 'demo-expert2');
        for (const { page } of [first, second]) {
          await page.goto(path);
          await waitLive(page);
          await seats(page, '1');
        }
        await markPage(second.page);
        // The watcher's connection drops and comes back: the slot's room is joined again.
        await second.context.setOffline(true);
        await second.page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 20_000 });
        await second.context.setOffline(false);
        await waitLive(second.page);

        await first.page.getByTestId('book').click();
        await first.page.getByTestId('cancel-booking').waitFor();
        await seats(first.page, '0');

        // The watcher sees the seat go, live, and joins the line.
        await seats(second.page, '0');
        await second.page.getByTestId('join-waitlist').click();
        await second.page.getByTestId('waitlist-position').filter({ hasText: '1' }).waitFor();

        await first.page.getByTestId('cancel-booking').click();
        await first.page.getByRole('button', { name: '确定' }).click();

        const offer = second.page.getByTestId('offer');
        await offer.waitFor({ timeout: 20_000 });
        // The offer is addressed to this expert: it is a notification too.
        await second.page.getByRole('button', { name: /通知 \(1\)/ }).waitFor();
        const countdown = second.page.getByTestId('offer-countdown');
        const before = await countdown.textContent();
        expect(before).toMatch(/^1[45]:\d\d$/);
        await second.page.waitForFunction(
          (text) => document.querySelector('[data-testid="offer-countdown"]')?.textContent !== text,
          before,
        );
        expect(await stillMarked(second.page)).toBe(true);
        expect(await seriousViolations(second.page)).toEqual([]);
        await screenshot(second.page, 'expert-slot-offer');
        await second.page.getByTestId('offer-accept').click();
        await second.page.getByTestId('cancel-booking').waitFor();
        expect(await second.page.getByTestId('booking-status').textContent()).toContain('已确认');
        await seats(second.page, '0');
      } finally {
        await first.context.close();
        await second.context.close();
      }
    }, 180_000);
  });

  describe('trade fairs in the console (参展、报名、入场)', () => {
    const organiser = 'demo-cadre-county';
    /** The fair's calendar day (Beijing time): door scans are decided against it. */
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const tag = runId().slice(-4);
    const call = async (user: string, method: string, path: string, body?: unknown) =>
      api(base, method, `/api/v1${path}`, {
        token: await getToken(user),
        ...(body !== undefined ? { body } : {}),
      });
    /** A fair of gov-xichuan for the pair chaoyang-xichuan, moved through the given steps. */
    const newFair = async (title: string, steps: readonly string[], ticketTypes?: unknown[]) => {
      const created = await call(organiser, 'POST', '/fairs', {
        title: `${title}（${tag}）`,
        description: '淅川香菇、软籽石榴进京展销。',
        pairIds: ['chaoyang-xichuan'],
        venue: { name: '全国农业展览馆', address: '北京市朝阳区东三环北路16号' },
        days: [{ date: today, opensAt: '00:00', closesAt: '23:59' }],
        boothTypes: [
          { id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 4 },
          { id: 'big', name: '特装展位', sizeM2: 36, priceYuan: 0, count: 2 },
        ],
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      if (ticketTypes)
        expect(
          (await call(organiser, 'PUT', `/fairs/${id}/ticket-types`, { types: ticketTypes })).status,
        ).toBe(200);
      for (const step of steps)
        expect((await call(organiser, 'POST', `/fairs/${id}/${step}`)).status).toBe(200);
      return { id, title: created.body.title as string };
    };
    const PUBLIC_TYPE = {
      id: 'public',
      name: '普通观众',
      kind: 'public',
      quotaPerDay: 50,
      perPersonLimit: 2,
    };
    /** A running fair and a visitor's confirmed ticket (registered through the API), with its token. */
    const runningFairWithTicket = async (title: string) => {
      const fair = await newFair(title, ['open-exhibitors', 'open-visitors'], [PUBLIC_TYPE]);
      const registered = await call('demo-expert', 'POST', `/fairs/${fair.id}/registrations`, {
        typeId: 'public',
        days: [today],
      });
      expect(registered.status).toBe(201);
      expect((await call(organiser, 'POST', `/fairs/${fair.id}/start`)).status).toBe(200);
      const tickets = await waitFor(
        async () => {
          const mine = await call('demo-expert', 'GET', `/me/tickets?fairId=${fair.id}`);
          const items = (mine.body.items ?? []) as { id: string; token?: string }[];
          return items.length === 1 ? items : undefined;
        },
        'the visitor’s ticket issued',
        15_000,
      );
      expect(tickets[0]!.token).toMatch(/^QS1\./);
      return { ...fair, ticket: { id: tickets[0]!.id, token: tickets[0]!.token! } };
    };
    const counts = async (fairId: string) =>
      (
        (await call(organiser, 'GET', `/fairs/${fairId}/counts`)).body.lists as {
          listId: string;
          checkedIn: number;
        }[]
      ).find((l) => l.listId === 'main')?.checkedIn;
    /** Axe's findings with the pointer off the button just clicked (a hover colour is not the page at rest). */
    const violationsAtRest = async (page: Page) => {
      await page.mouse.move(0, 0);
      return seriousViolations(page);
    };
    /** Picks an option of the antd select that is open now. */
    const pick = (page: Page, title: string) =>
      page
        .locator(
          `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`,
        )
        .click();

    it('an enterprise applies as exhibitor; the organiser accepts it in bulk from the review queue; “my exhibits” shows the booths', async () => {
      const fair = await newFair('2027 淅川农产品北京推介会·招展', ['open-exhibitors']);
      const enterprise = await openConsole(browser, base);
      const cadre = await openConsole(browser, base);
      const org = 'ent-qushou-agri';
      try {
        const { page } = enterprise;
        await signIn(enterprise, 'demo-enterprise');
        await page.goto(`/fairs/${fair.id}`);
        await page.getByTestId('fair-exhibitors-panel').waitFor();
        await page.getByTestId('fair-exhibitors-apply').click();
        await page.waitForURL(`**/fairs/${fair.id}/apply`);
        await page.getByTestId('apply-enterprise-name').fill('淅川县渠首农业开发有限公司');
        await page.getByTestId('apply-booth-type').click();
        await pick(page, '标准展位（9㎡）');
        await page.getByTestId('apply-booths').fill('2');
        const product = async (i: number, name: string, category: string) => {
          await page.getByTestId(`apply-product-name-${i}`).fill(name);
          await page.getByTestId(`apply-product-category-${i}`).fill(category);
          await page.getByTestId(`apply-product-county-${i}`).click();
          await pick(page, '淅川县');
        };
        await product(0, '软籽石榴', '水果');
        await page.getByTestId('apply-product-certs-0').getByText('地理标志').click();
        await page.getByTestId('apply-add-product').click();
        await product(1, '香菇酱', '加工食品');
        await page.getByTestId('apply-save').click();
        await page.getByTestId('exhibitor-status-draft').waitFor();
        await page.getByTestId('apply-submit').click();
        await page.getByTestId('exhibitor-status-submitted').waitFor();
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'enterprise-fair-apply');

        await signIn(cadre, organiser);
        await cadre.page.goto(`/fairs/${fair.id}/exhibitors`);
        const table = cadre.page.getByTestId('exhibitors-table');
        await table.getByText('淅川县渠首农业开发有限公司').waitFor();
        await waitLive(cadre.page);
        await markPage(cadre.page);
        await cadre.page.getByTestId(`exhibitor-select-${org}`).check();
        await cadre.page.getByTestId('exhibitors-bulk-accept').click();
        // The summary dialog: one accepted, none refused.
        await cadre.page.locator('.ant-modal-confirm-success').waitFor();
        await cadre.page.locator('.ant-modal-confirm-success').getByRole('button').click();
        await cadre.page.locator('.ant-modal-confirm-success').waitFor({ state: 'hidden' });
        const row = table.locator(`tr[data-row-key="${org}"]`);
        await row.getByTestId('exhibitor-status-accepted').waitFor();
        await row.getByText('std-1、std-2').waitFor();
        expect(await stillMarked(cadre.page)).toBe(true);
        expect(await violationsAtRest(cadre.page)).toEqual([]);
        await screenshot(cadre.page, 'cadre-fair-exhibitors');

        await page.getByRole('menuitem', { name: '我的参展' }).click();
        await page.waitForURL('**/fairs/exhibits');
        const booths = page.getByTestId(`my-booths-${fair.id}`);
        await booths.waitFor();
        expect((await booths.locator('.ant-tag').allTextContents()).sort()).toEqual(['std-1', 'std-2']);
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'enterprise-my-exhibits');
      } catch (error) {
        await screenshot(enterprise.page, 'failed-fair-apply').catch(() => undefined);
        await screenshot(cadre.page, 'failed-fair-review').catch(() => undefined);
        throw error;
      } finally {
        await enterprise.context.close();
        await cadre.context.close();
      }
    }, 180_000);

    it('a visitor registers on the register page and finds the ticket’s QR code on 我的门票; its PNG downloads', async () => {
      const fair = await newFair(
        '2027 淅川农产品北京推介会·观众报名',
        ['open-exhibitors', 'open-visitors'],
        [PUBLIC_TYPE],
      );
      const visitor = await openConsole(browser, base);
      const { page } = visitor;
      try {
        await signIn(visitor, 'demo-expert2');
        await page.goto(`/fairs/${fair.id}`);
        await page.getByTestId('fair-registrations-panel').waitFor();
        await page.getByTestId('fair-register').click();
        await page.waitForURL(`**/fairs/${fair.id}/register`);
        await page.getByTestId('register-type-public').click();
        await page.getByTestId('register-days').getByText(today).click();
        await page.getByTestId('register-submit').click();
        await page.locator('[data-testid="my-registration"] [data-status="confirmed"]').waitFor();
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'visitor-fair-registered');

        await page.getByRole('menuitem', { name: '我的门票' }).click();
        await page.waitForURL('**/fairs/tickets');
        const qr = page.locator('[data-testid^="ticket-qr-"]');
        await qr.first().waitFor({ timeout: 15_000 });
        expect(await qr.count()).toBe(1);
        expect(await qr.getAttribute('data-token')).toMatch(/^QS1\./);
        expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
        const ticketId = (await qr.getAttribute('data-testid'))!.replace('ticket-qr-', '');
        // The holder's name as the console reads it: family name first (the form filled it in).
        expect(await page.getByTestId(`ticket-${ticketId}`).textContent()).toContain('张仁心');
        const png = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tickets/${ticketId}/ticket.png`));
        const download = page.waitForEvent('download');
        await page.getByTestId(`ticket-png-${ticketId}`).click();
        const answer = await png;
        expect(answer.status()).toBe(200);
        expect(answer.headers()['content-type']).toMatch(/^image\/png/);
        expect((await download).suggestedFilename()).toMatch(/\.png$/);
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'visitor-fair-tickets');
        expect(visitor.problems.filter((p) => !/status of 40[34]/.test(p))).toEqual([]);
      } catch (error) {
        await screenshot(page, 'failed-fair-register').catch(() => undefined);
        throw error;
      } finally {
        await visitor.context.close();
      }
    }, 180_000);

    it('the door offline then online: scans decided locally and queued, a forgery and a second entry refused, the queue uploaded once back; the server counts one check-in', async () => {
      const fair = await runningFairWithTicket('2027 淅川农产品北京推介会·入场');
      // A forgery: the payload changed (another ticket), the signature kept.
      const [prefix, body, signature] = fair.ticket.token.split('.');
      const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
      const forged = [
        prefix,
        Buffer.from(JSON.stringify({ ...payload, tid: `${String(payload['tid'])}x` })).toString('base64url'),
        signature,
      ].join('.');
      const door = await openConsole(browser, base);
      const { page, context } = door;
      try {
        await signIn(door, organiser);
        await page.goto(`/fairs/door?fair=${fair.id}&list=main&gate=${encodeURIComponent('东门')}`);
        await page.locator('[data-testid="door-online"][data-online="true"]').waitFor();
        // The key and the revocation list are kept for the offline answers.
        await page.locator('[data-testid="door-kit"][data-ready="true"]').waitFor();
        await page.locator('[data-testid="door-queue"][data-count="0"]').waitFor();
        expect(await violationsAtRest(page)).toEqual([]);

        await context.setOffline(true);
        await page.locator('[data-testid="door-online"][data-online="false"]').waitFor();
        const scan = async (token: string) => {
          await page.getByTestId('scan-code').fill(token);
          await page.getByTestId('scan-code').press('Enter');
        };
        const result = (kind: string) => page.locator(`[data-testid="door-result"][data-result="${kind}"]`);
        await scan(fair.ticket.token);
        await result('ok').waitFor();
        expect(await result('ok').textContent()).toMatch(/验票通过.*普通观众.*离线判定，联网后以服务器为准/);
        await page.locator('[data-testid="door-queue"][data-count="1"]').waitFor();
        await scan(forged);
        await result('invalid_signature').waitFor();
        expect(await result('invalid_signature').textContent()).toContain('票码无效（伪造或被篡改）');
        await scan(fair.ticket.token);
        await result('already_checked_in').waitFor();
        expect(await result('already_checked_in').textContent()).toContain('已入场，不能重复入场');
        await screenshot(page, 'door-offline');
        // Nothing reached the server meanwhile.
        expect(await counts(fair.id)).toBe(0);

        await context.setOffline(false);
        await page.locator('[data-testid="door-online"][data-online="true"]').waitFor();
        await page.locator('[data-testid="door-queue"][data-count="0"]').waitFor({ timeout: 20_000 });
        await page.getByText(/已上传 \d+ 条扫码记录/).waitFor();
        await waitFor(async () => (await counts(fair.id)) === 1, 'the uploaded check-in counted', 15_000);
        expect(await counts(fair.id)).toBe(1);
        const admissions = await call(organiser, 'GET', `/fairs/${fair.id}/admissions`);
        expect(admissions.status).toBe(200);
        expect(admissions.body.total).toBe(1);
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'door-back-online');
      } catch (error) {
        await screenshot(page, 'failed-door').catch(() => undefined);
        throw error;
      } finally {
        await context.close();
      }
    }, 180_000);

    it('the live wall shows the counts and follows a scan made at a door, without a reload', async () => {
      const fair = await runningFairWithTicket('2027 淅川农产品北京推介会·大屏');
      const wall = await openConsole(browser, base);
      const { page } = wall;
      const checkedIn = (value: string) =>
        page
          .locator('[data-testid="wall-checked-in"] .ant-statistic-content-value')
          .filter({ hasText: new RegExp(`^${value}$`) })
          .waitFor({ timeout: 20_000 });
      try {
        await signIn(wall, organiser);
        await page.goto(`/fairs/${fair.id}/wall`);
        await page.getByTestId('wall').waitFor();
        await checkedIn('0');
        await waitLive(page);
        await markPage(page);
        const scanned = await call(organiser, 'POST', `/fairs/${fair.id}/scans`, {
          token: fair.ticket.token,
          nonce: randomUUID().replace(/-/g, ''),
          gate: '东门',
        });
        expect(scanned.status).toBe(200);
        expect(scanned.body.result).toBe('ok');
        await checkedIn('1');
        await page.getByTestId('wall').getByText('普通观众').waitFor();
        await page.locator('[role="img"][aria-label$="共 1 人"]').waitFor();
        expect(await stillMarked(page)).toBe(true);
        expect(await violationsAtRest(page)).toEqual([]);
        await screenshot(page, 'fair-wall');
      } catch (error) {
        await screenshot(page, 'failed-wall').catch(() => undefined);
        throw error;
      } finally {
        await wall.context.close();
      }
    }, 120_000);
  });
});
