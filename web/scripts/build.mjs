// Builds the console with Vite into dist/web, precompresses its assets (gzip and brotli, served
// by the gateway as they are), and prints the bundle: every chunk's size, and what the login route
// loads (the entry and its static imports) against its budget of 300 KB of JavaScript, gzipped.
// Exits non-zero when the budget is exceeded. Writes dist/web/bundle-report.json.
import { build } from 'vite';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const here = fileURLToPath(new URL('..', import.meta.url));
const out = join(here, '../dist/web');
const LOGIN_BUDGET_BYTES = 300 * 1024;

await build({ configFile: join(here, 'vite.config.mts'), logLevel: 'warn', build: { manifest: true } });

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
};
walk(out);

const sizes = new Map();
for (const path of files) {
  if (!/\.(js|css|html|svg|json)$/.test(path) || path.endsWith('.map')) continue;
  const raw = readFileSync(path);
  const gzip = gzipSync(raw, { level: 9 });
  writeFileSync(`${path}.gz`, gzip);
  writeFileSync(`${path}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  sizes.set(relative(out, path), { raw: raw.length, gzip: gzip.length });
}

const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const next of chunk.imports ?? []) visit(next);
};
visit(entryKey);
const loginJs = [...initial].filter((file) => file.endsWith('.js'));
const loginGzip = loginJs.reduce((sum, file) => sum + (sizes.get(file)?.gzip ?? 0), 0);
const pages = Object.values(manifest).filter((chunk) => chunk.isDynamicEntry);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = [...sizes.entries()]
  .filter(([file]) => file.endsWith('.js') || file.endsWith('.css'))
  .sort((a, b) => b[1].gzip - a[1].gzip);
console.log('\nconsole bundle (dist/web):');
console.log(`  ${'file'.padEnd(52)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  loaded at login`);
for (const [file, { raw, gzip }] of rows)
  console.log(
    `  ${file.padEnd(52)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)}  ${initial.has(file) ? 'yes' : ''}`,
  );
const total = rows.reduce((sum, [, s]) => sum + s.gzip, 0);
console.log(
  `  all JavaScript and CSS: ${kb(total)} gzip in ${rows.length} files; ${pages.length} lazy page chunks`,
);
console.log(
  `  login route JavaScript: ${kb(loginGzip)} gzip (${loginJs.length} files), budget ${kb(LOGIN_BUDGET_BYTES)}\n`,
);
writeFileSync(
  join(out, 'bundle-report.json'),
  JSON.stringify(
    {
      loginRouteGzipBytes: loginGzip,
      budgetBytes: LOGIN_BUDGET_BYTES,
      loginFiles: loginJs,
      totalGzipBytes: total,
      lazyPages: pages.length,
      files: Object.fromEntries(sizes),
    },
    null,
    2,
  ),
);
if (loginGzip > LOGIN_BUDGET_BYTES) {
  console.error(
    `the login route loads ${kb(loginGzip)} of JavaScript (gzip), over its budget of ${kb(LOGIN_BUDGET_BYTES)}`,
  );
  process.exit(1);
}
