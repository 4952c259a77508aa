#!/usr/bin/env node
// `npm run new:service -- NAME [--aggregate THING] [--plural THINGS] [--port N]`
//
// Writes a new service in the platform kit's shape and registers it, so that it builds, lints,
// type-checks, passes its unit test and answers its routes through the gateway with no manual step:
//   services/NAME/                    the app (from tools/templates/service), one sample aggregate
//   libs/contracts/src/NAME/index.ts  its domain: create and get commands with routes, one event, one room
//   libs/contracts/src/index.ts       exports the domain's contracts
//   libs/contracts/src/platform.ts    the domain in DOMAINS
//   apps.json                         the app, before the gateway (next free port)
//   docker-compose.yml                regenerated from apps.json (tools/compose.cjs)
// Nothing else names a service: tsconfig, jest, lint, run-ts, the build, `npm run up` and the test
// platform follow apps.json or the `@qingshui/app-*` pattern.
const fs = require('node:fs');
const path = require('node:path');
const { root, file: appsFile, NAME, readApps } = require('./apps.cjs');
const { renderCompose, OUTPUT: composeFile } = require('./compose.cjs');

const TEMPLATES = path.join(__dirname, 'templates');
const CONTRACTS = path.join(root, 'libs', 'contracts', 'src');
/** Names that would clash with the workspace's own folders, projects or Kafka topics. */
const RESERVED = new Set(['gateway', 'apps', 'libs', 'services', 'test', 'tools', 'web', 'platform', 'kit']);

function fail(message) {
  console.error(`new:service: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { name: undefined, aggregate: undefined, plural: undefined, port: undefined, quiet: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--aggregate') options.aggregate = value();
    else if (arg === '--plural') options.plural = value();
    else if (arg === '--port') options.port = Number(value());
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else if (options.name === undefined) options.name = arg;
    else fail(`one service name, not ${options.name} and ${arg}`);
  }
  return options;
}

const capitalise = (s) => s[0].toUpperCase() + s.slice(1);

/** Every placeholder of the templates and what it becomes. */
function namesOf({ name, aggregate, plural, port }) {
  return {
    __name__: name,
    __Name__: capitalise(name),
    __NAME__: name.toUpperCase(),
    __agg__: aggregate,
    __Agg__: capitalise(aggregate),
    __AGG__: aggregate.toUpperCase(),
    __aggs__: plural,
    __Aggs__: capitalise(plural),
    __port__: String(port),
  };
}

function fill(text, names) {
  return text.replace(/__[A-Za-z]+__/g, (token) => {
    if (!(token in names)) throw new Error(`unknown placeholder ${token}`);
    return names[token];
  });
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Text of every .ts file of the contracts library, to refuse a name that would clash. */
function contractsText() {
  return walk(CONTRACTS)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

function checkFree(options, apps) {
  const { name, aggregate, plural, port } = options;
  if (!NAME.test(name))
    fail(`the name must be lowercase letters (it starts every command and topic): ${name}`);
  if (RESERVED.has(name)) fail(`${name} is reserved`);
  if (apps.some((a) => a.name === name)) fail(`apps.json already has ${name}`);
  for (const dir of [path.join(root, 'services', name), path.join(CONTRACTS, name)])
    if (fs.existsSync(dir)) fail(`${path.relative(root, dir)} exists already`);
  if (!NAME.test(aggregate))
    fail(`the aggregate must be lowercase letters (it names a record room): ${aggregate}`);
  if (!/^[a-z][a-z-]*$/.test(plural)) fail(`the plural must be lowercase letters: ${plural}`);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) fail(`not a port: ${port}`);
  if (apps.some((a) => a.port === port)) fail(`port ${port} is taken in apps.json`);
  const text = contractsText();
  const Agg = capitalise(aggregate);
  const clashes = [
    [`recordRoom('${aggregate}'`, `a record room ${aggregate}`],
    [`path: '/${plural}'`, `a route /${plural}`],
    [`path: '/${plural}/`, `routes under /${plural}`],
    [`${Agg}View`, `a type ${Agg}View`],
    [`create${Agg}`, `a command create${Agg}`],
    [`get${Agg}`, `a command get${Agg}`],
    [`${Agg}Commands`, `${Agg}Commands`],
    [`${aggregate}Created`, `an event ${aggregate}Created`],
  ].filter(([needle]) => {
    const escaped = needle.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    // A name must end there (createFair, not createFairground); quoted needles end by themselves.
    return new RegExp(/\w$/.test(needle) ? `${escaped}\\b` : escaped).test(text);
  });
  if (clashes.length > 0)
    fail(
      `libs/contracts already declares ${clashes.map(([, what]) => what).join(', ')}: ` +
        'choose another --aggregate (and --plural)',
    );
}

/** Adds the domain to the registry: its import and its place in DOMAINS. */
function registerDomain(name) {
  const file = path.join(CONTRACTS, 'platform.ts');
  let text = fs.readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/^import \{ \w+Domain \} from '\.\/[a-z]+';\n/gm)];
  const last = imports.at(-1);
  if (!last) throw new Error('platform.ts: no domain import found');
  const at = last.index + last[0].length;
  text = `${text.slice(0, at)}import { ${name}Domain } from './${name}';\n${text.slice(at)}`;
  const domains = /export const DOMAINS = \[([^\]]*)\] as const;/;
  if (!domains.test(text)) throw new Error('platform.ts: no `export const DOMAINS = [...] as const;`');
  text = text.replace(domains, (_all, list) => {
    const entries = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return `export const DOMAINS = [${[...entries, `${name}Domain`].join(', ')}] as const;`;
  });
  fs.writeFileSync(file, text);
  return file;
}

/** Exports the domain's contracts from @qingshui/contracts, beside the other domains'. */
function exportDomain(name) {
  const file = path.join(CONTRACTS, 'index.ts');
  const text = fs.readFileSync(file, 'utf8');
  const registry = "export * from './platform';\n";
  if (!text.includes(registry)) throw new Error(`index.ts: no ${registry.trim()}`);
  fs.writeFileSync(file, text.replace(registry, `export * from './${name}';\n${registry}`));
  return file;
}

/** Adds the app to apps.json, after the last service (the gateway stays last). */
function registerApp({ name, port }) {
  const list = JSON.parse(fs.readFileSync(appsFile, 'utf8'));
  const gateway = list.apps.findIndex((a) => a.kind === 'gateway');
  const app = {
    name,
    root: `services/${name}`,
    kind: 'service',
    httpEnv: `${name.toUpperCase()}_HTTP`,
    port,
  };
  list.apps.splice(gateway, 0, app);
  fs.writeFileSync(appsFile, `${JSON.stringify(list, null, 2)}\n`);
  readApps(); // still a valid list
  return appsFile;
}

async function format(files) {
  const prettier = require('prettier');
  for (const file of files) {
    const options = (await prettier.resolveConfig(file)) ?? {};
    const text = fs.readFileSync(file, 'utf8');
    const formatted = await prettier.format(text, { ...options, filepath: file });
    if (formatted !== text) fs.writeFileSync(file, formatted);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help || !options.name) {
    console.log('usage: npm run new:service -- NAME [--aggregate THING] [--plural THINGS] [--port N]');
    process.exit(options.help ? 0 : 2);
  }
  const apps = readApps();
  options.aggregate ??=
    options.name.endsWith('s') && options.name.length > 3 ? options.name.slice(0, -1) : options.name;
  options.plural ??= `${options.aggregate}s`;
  options.port ??= Math.max(...apps.filter((a) => a.kind === 'service').map((a) => a.port)) + 1;
  checkFree(options, apps);
  const names = namesOf(options);

  // Everything is rendered before anything is written: a template error leaves the tree as it was.
  const serviceTemplates = path.join(TEMPLATES, 'service');
  const files = walk(serviceTemplates).map((template) => [
    path.join(
      root,
      'services',
      options.name,
      fill(path.relative(serviceTemplates, template), names).replace(/\.tmpl$/, ''),
    ),
    fill(fs.readFileSync(template, 'utf8'), names),
  ]);
  files.push([
    path.join(CONTRACTS, options.name, 'index.ts'),
    fill(fs.readFileSync(path.join(TEMPLATES, 'contracts', 'index.ts.tmpl'), 'utf8'), names),
  ]);
  const written = [];
  for (const [target, text] of files) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    written.push(target);
  }

  const changed = [exportDomain(options.name), registerDomain(options.name), registerApp(options)];
  await format([...written, ...changed].filter((f) => !f.endsWith('Dockerfile')));
  fs.writeFileSync(composeFile, await renderCompose());
  changed.push(composeFile);

  if (!options.quiet) {
    const rel = (f) => path.relative(root, f);
    console.log(
      `new service ${options.name} (aggregate ${options.aggregate}, routes /${options.plural}, port ${options.port})`,
    );
    console.log(`  written:\n${written.map((f) => `    ${rel(f)}`).join('\n')}`);
    console.log(`  changed:\n${changed.map((f) => `    ${rel(f)}`).join('\n')}`);
    console.log(
      [
        '  next:',
        `    npx nx run-many -t build lint test -p ${options.name} contracts   (NX_DAEMON=false NX_NO_CLOUD=true)`,
        `    npm run up                    starts it with the others; POST /api/v1/${options.plural}`,
        `    startPlatform({ services: ['${options.name}'] })   in a whole-platform test`,
      ].join('\n'),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
