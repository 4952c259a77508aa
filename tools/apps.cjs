// The platform's apps, read from apps.json and checked: what scripts/up.sh, the compose file's
// generator and the service generator share. TypeScript reads the same file (test/support/apps.ts).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'apps.json');

/** A service name: lowercase letters only (it starts every command and event name, and a Kafka topic). */
const NAME = /^[a-z]+$/;

function check(app, i) {
  const where = `apps.json: apps[${i}]`;
  if (!NAME.test(app.name ?? '')) throw new Error(`${where}: name must be lowercase letters`);
  if (!['service', 'gateway'].includes(app.kind)) throw new Error(`${where}: kind is service or gateway`);
  const expectedRoot = app.kind === 'gateway' ? 'gateway' : `services/${app.name}`;
  if (app.root !== expectedRoot) throw new Error(`${where}: root must be ${expectedRoot}`);
  if (!/^[A-Z][A-Z0-9_]*$/.test(app.httpEnv ?? '')) throw new Error(`${where}: httpEnv is an env prefix`);
  if (!Number.isInteger(app.port) || app.port < 1 || app.port > 65535) throw new Error(`${where}: port`);
  return app;
}

/** Reads and checks the list: unique names and ports, services first, one gateway last. */
function readApps(listFile = file) {
  const { apps } = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  if (!Array.isArray(apps) || apps.length === 0) throw new Error('apps.json: apps must be a list');
  apps.forEach(check);
  for (const key of ['name', 'port', 'httpEnv']) {
    const seen = new Set();
    for (const app of apps) {
      if (seen.has(app[key])) throw new Error(`apps.json: two apps have ${key} ${app[key]}`);
      seen.add(app[key]);
    }
  }
  const gateways = apps.filter((a) => a.kind === 'gateway');
  if (gateways.length !== 1 || apps.at(-1).kind !== 'gateway')
    throw new Error('apps.json: one gateway, last (it waits for the services)');
  return apps;
}

module.exports = { root, file, NAME, readApps };

// `node tools/apps.cjs` prints one line per app for bash: name root kind httpEnv port.
if (require.main === module) {
  for (const app of readApps()) console.log([app.name, app.root, app.kind, app.httpEnv, app.port].join(' '));
}
