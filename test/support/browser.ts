/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types for them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '@qingshui/testing';

/** Debian's Chromium, installed by `infra/bin/infra install browser` (no browser download). */
export const CHROMIUM = process.env['QS_CHROMIUM'] ?? '/usr/bin/chromium';
/**
 * The console's browser tests reach the gateway on this fixed port: the realm's qingshui-console
 * client lists it among its web origins (Keycloak answers the token calls cross-origin).
 */
export const CONSOLE_TEST_PORT = Number(process.env['QS_CONSOLE_TEST_PORT'] ?? 3900);
export const REPORTS = join(REPO_ROOT, 'reports');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (CSP violations among them). */
  problems: string[];
}

/** A fresh browser profile (no Keycloak session) on the console, in Chinese unless asked. */
export async function openConsole(
  browser: Browser,
  baseUrl: string,
  locale = 'zh-CN',
): Promise<ConsoleSession> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale,
    baseURL: baseUrl,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // The console's message names no URL: this says which request failed on our side.
  page.on('response', (response) => {
    if (response.status() >= 500)
      problems.push(`http ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { context, page, problems };
}

/**
 * Signs in through the real Keycloak login page (authorization code with PKCE) and waits until
 * the console shows its signed-in frame or, for a user without a role, the no-role page.
 */
export async function signIn(session: ConsoleSession, username: string, password = 'demo'): Promise<void> {
  const { page } = session;
  await page.goto('/');
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL(/\/realms\/qingshui\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  await page.waitForFunction(
    () => !!document.querySelector('[data-testid="user-menu"], [data-testid="no-role"]'),
    undefined,
    { timeout: 30_000 },
  );
}

/** Waits until the console's socket is connected (the header says so). */
export async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 20_000 });
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
  /** What axe saw on the first nodes (colours and ratio, the missing name): enough to fix it. */
  nodes: string[];
}

/** WCAG 2.1 A and AA rules of axe-core, run in the page; the serious and critical findings. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      nodes: v.nodes
        .slice(0, 3)
        .map(
          (n) => `${n.html.slice(0, 160)} :: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`,
        ),
    }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(REPORTS, 'console');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Time to interactive of a console page, from a navigation to the moment its ready marker is
 * visible and the main thread has been quiet for a frame: what a person waits for.
 */
export async function timeToInteractive(page: Page, path: string, ready: string): Promise<number> {
  const started = Date.now();
  await page.goto(path);
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  return Date.now() - started;
}

export function writeReport(name: string, data: unknown): void {
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(join(REPORTS, name), `${JSON.stringify(data, null, 2)}\n`);
}
