// Signs in to a running console through the Keycloak login page (a demo login, password "demo")
// and screenshots one page: a quick look at a page while working on it.
//   node web/scripts/shot.mjs <user> <path> [out.png] [base URL, default http://127.0.0.1:3000]
import { chromium } from 'playwright-core';

const [user = 'demo-expert', path = '/', out = `/tmp/shot-${user}.png`, base = 'http://127.0.0.1:3000'] =
  process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
const problems = [];
page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
await page.goto(`${base}/`);
await page.getByRole('button', { name: /登录|Sign in/ }).click();
await page.locator('#username').fill(user);
await page.locator('#password').fill('demo');
await page.locator('#kc-login').click();
await page.waitForURL((url) => url.origin === new URL(base).origin && !url.hash.includes('state='), {
  timeout: 20000,
});
if (path !== '/') await page.goto(`${base}${path}`);
await page.waitForLoadState('networkidle');
await page.waitForTimeout(800);
await page.screenshot({ path: out, fullPage: true });
console.log(`${out} (${page.url()})`);
for (const p of problems) console.log(p);
await browser.close();
