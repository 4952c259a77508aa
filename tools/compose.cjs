#!/usr/bin/env node
// Writes docker-compose.yml from apps.json and tools/compose/infrastructure.yml: the infrastructure,
// then one service per app, built from its Dockerfile, started once the infrastructure (and, for
// the gateway, every service) is healthy. The file stays committed; test/infra/compose.spec.ts fails
// when it is not what this script writes.
//   node tools/compose.cjs           write docker-compose.yml
//   node tools/compose.cjs --check   exit 1 when docker-compose.yml is not up to date
const fs = require('node:fs');
const path = require('node:path');
const { root, readApps } = require('./apps.cjs');

const OUTPUT = path.join(root, 'docker-compose.yml');
const INFRASTRUCTURE = path.join(__dirname, 'compose', 'infrastructure.yml');

function header(apps) {
  const services = apps.filter((a) => a.kind === 'service');
  const gateway = apps.find((a) => a.kind === 'gateway');
  const contract = [
    '#   all:      QS_ENV (the environment: prefixes every topic, consumer group, queue, database and',
    '#             Redis key), KAFKA_BROKERS, LOG_LEVEL',
    ...services.map(
      (s) =>
        `#   ${`${s.name}:`.padEnd(9)} MONGO_URL (MONGO_DB defaults to qingshui_<env>_${s.name}), REDIS_URL,\n` +
        `#             ${s.httpEnv}_HOST, ${s.httpEnv}_PORT`,
    ),
    `#   ${gateway.name}: REDIS_URL, KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID,\n#             KEYCLOAK_PUBLIC_URL, CONSOLE_CLIENT_ID, ${gateway.httpEnv}_HOST, ${gateway.httpEnv}_PORT`,
  ];
  return [
    '# GENERATED from apps.json and tools/compose/infrastructure.yml by tools/compose.cjs: edit those,',
    '# then run `npm run compose` (test/infra/compose.spec.ts checks that this file is up to date).',
    '#',
    '# The Qingshui platform on real images, for servers with a Docker engine.',
    '# (Dev and CI here have no engine: they use infra/bin/infra, which runs the same parts natively.)',
    '#',
    `#   docker compose up -d --build        then the API is on http://127.0.0.1:${gateway.port}`,
    '#   docker-compose -f docker-compose.yml config -q    validates this file (no engine needed)',
    '#',
    '# App environment contract (same names as in dev/CI, see `infra/bin/infra env`), read by',
    '# services/*/src/config.ts and gateway/src/config.ts (checked by test/infra/compose.spec.ts):',
    ...contract,
    '# Apps default to 127.0.0.1; in a container they must listen on 0.0.0.0 (set here and in the',
    '# Dockerfiles).',
    '',
  ].join('\n');
}

function serviceBlock(app) {
  return `
  ${app.name}:
    build:
      context: .
      dockerfile: ${app.root}/Dockerfile
    environment:
      <<: *app-env
      # Health endpoints only (commands arrive over Kafka); not published to the host.
      ${app.httpEnv}_HOST: 0.0.0.0
      ${app.httpEnv}_PORT: ${app.port}
    depends_on: *infra-ready
    restart: unless-stopped
`;
}

function gatewayBlock(app, services) {
  const waits = services.map((s) => `      ${s.name}:\n        condition: service_healthy\n`).join('');
  return `
  ${app.name}:
    build:
      context: .
      dockerfile: ${app.root}/Dockerfile
    environment:
      <<: *app-env
      ${app.httpEnv}_HOST: 0.0.0.0
      ${app.httpEnv}_PORT: ${app.port}
      # Signs experts' calendar feed URLs: set your own (rotating it revokes every URL).
      CALENDAR_FEED_SECRET: \${CALENDAR_FEED_SECRET:-change-me-to-a-long-random-secret}
      # The web console at / signs in at Keycloak from the browser, at the tokens' issuer: the
      # browser must resolve \`keycloak\` (an /etc/hosts line) and reach its port 8080, or set
      # KC_HOSTNAME and this to a public URL of Keycloak.
      KEYCLOAK_PUBLIC_URL: \${KEYCLOAK_PUBLIC_URL:-http://keycloak:8080}
    ports:
      - '${app.port}:${app.port}'
    depends_on:
      <<: *infra-ready
${waits}    restart: unless-stopped
`;
}

/** The compose file for a list of apps (formatted as Prettier would). */
async function renderCompose(apps = readApps()) {
  const services = apps.filter((a) => a.kind === 'service');
  const gateway = apps.find((a) => a.kind === 'gateway');
  const infrastructure = fs.readFileSync(INFRASTRUCTURE, 'utf8').replace(/^(#[^\n]*\n)+\n/, ''); // its own header comment stays in the fragment
  const text =
    header(apps) +
    '\n' +
    infrastructure +
    services.map(serviceBlock).join('') +
    gatewayBlock(gateway, services) +
    '\nvolumes:\n  mongo-data:\n  kafka-data:\n';
  const prettier = require('prettier');
  const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
  return prettier.format(text, { ...options, filepath: OUTPUT });
}

async function main() {
  const wanted = await renderCompose();
  const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      console.error('docker-compose.yml is not what apps.json gives: run `npm run compose`');
      process.exitCode = 1;
    }
    return;
  }
  if (current !== wanted) fs.writeFileSync(OUTPUT, wanted);
  console.log(
    `docker-compose.yml: ${current === wanted ? 'up to date' : 'written'} (${readApps().length} apps)`,
  );
}

module.exports = { renderCompose, OUTPUT };

if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
