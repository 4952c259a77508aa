import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '@qingshui/testing';
import type { GatewayConfig } from '@qingshui/app-gateway';
import { APPS, SERVICES, loadApp, type AppConfig, type AppInfo } from '../support/apps';

/**
 * docker-compose.yml cannot be run here (no Docker engine), so this checks what can break without
 * one: that it is what tools/compose.cjs writes from apps.json, Compose's own validation (Debian's
 * docker-compose 1.29, `config`), and that the resolved file agrees with every app's real config
 * reader (each app of apps.json, through its uniform entry), the Keycloak realm, and the Dockerfiles.
 */

type EnvValue = string | number | boolean | null;
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, EnvValue>;
  ports?: Array<string | { published?: number | string; target: number | string }>;
  volumes?: Array<string | { source?: string; target: string }>;
  depends_on?: Record<string, { condition?: string }> | string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const COMPOSE_FILE = 'docker-compose.yml';
const REALM_FILE = 'infra/keycloak/realm-qingshui.json';

/** Runs docker-compose 1.29 in `cwd`; COMPOSE_* variables of the caller must not change the result. */
function compose(args: string[], cwd = REPO_ROOT) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('COMPOSE_')));
  const result = spawnSync('docker-compose', ['-f', COMPOSE_FILE, ...args], { cwd, env, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A service's environment as the process would see it (values are strings; null = unset). */
function envOf(service: ComposeService): NodeJS.ProcessEnv {
  const entries = Object.entries(service.environment ?? {}).filter(([, v]) => v !== null);
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

function hostOf(address: string): string {
  return address.includes('://') ? new URL(address).hostname : (address.split(':')[0] ?? '');
}

/** Addresses an app would connect to that are not a service of this compose file (e.g. a default 127.0.0.1). */
function foreignHosts(addresses: string[], services: string[]): string[] {
  return addresses.map(hostOf).filter((host) => !services.includes(host));
}

/** Where an app connects: Kafka, and MongoDB and Redis for a service, Redis and Keycloak for the gateway. */
function addressesOf(app: AppInfo, env: NodeJS.ProcessEnv): string[] {
  const config = loadApp(app.name).configFromEnv(env);
  if (app.kind === 'gateway')
    return [...config.kafka.brokers, config.redisUrl, (config as unknown as GatewayConfig).keycloak.url];
  return [...config.kafka.brokers, config.mongo?.url ?? '', config.redisUrl];
}

const configOf = (app: AppInfo, env: NodeJS.ProcessEnv): AppConfig => loadApp(app.name).configFromEnv(env);
const gatewayConfigOf = (env: NodeJS.ProcessEnv) =>
  configOf(
    APPS.find((a) => a.kind === 'gateway')!,
    env,
  ) as unknown as GatewayConfig;
const GATEWAY = APPS.find((a) => a.kind === 'gateway')!;

/** The Dockerfile's ENV assignments (continuation lines joined), EXPOSE ports and CMD. */
function readDockerfile(path: string) {
  const text = readFileSync(path, 'utf8').replace(/\\\r?\n/g, ' ');
  const lines = text.split('\n').map((line) => line.trim());
  const env: Record<string, string> = {};
  for (const line of lines.filter((l) => /^ENV\s/.test(l))) {
    for (const token of line.slice(3).trim().split(/\s+/)) {
      const eq = token.indexOf('=');
      if (eq > 0) env[token.slice(0, eq)] = token.slice(eq + 1);
    }
  }
  const expose = lines
    .filter((l) => /^EXPOSE\s/.test(l))
    .flatMap((l) => l.slice(6).trim().split(/\s+/).map(Number));
  const cmdLine = lines.filter((l) => /^CMD\s/.test(l)).pop();
  const cmd = cmdLine ? (JSON.parse(cmdLine.slice(3).trim()) as string[]) : [];
  return { text, lines, env, expose, cmd };
}

function publishedPorts(service: ComposeService): Array<{ published: number; target: number }> {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'string') {
      const parts = port.split(':');
      return { published: Number(parts.at(-2)), target: Number(parts.at(-1)) };
    }
    return { published: Number(port.published), target: Number(port.target) };
  });
}

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

describe('docker-compose.yml', () => {
  let config: ComposeFile;
  let serviceNames: string[];
  const service = (name: string): ComposeService => {
    const found = config.services[name];
    if (!found) throw new Error(`no service ${name} in ${COMPOSE_FILE}`);
    return found;
  };

  beforeAll(() => {
    execFileSync('bash', ['infra/bin/infra', 'install', 'compose'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const resolved = compose(['config']);
    expect(resolved).toMatchObject({ status: 0 });
    config = parse(resolved.stdout) as ComposeFile;
    serviceNames = Object.keys(config.services);
  }, 300_000);

  it('is what tools/compose.cjs writes from apps.json (run `npm run compose` after editing the list)', () => {
    const result = spawnSync('node', ['tools/compose.cjs', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('passes docker-compose config -q', () => {
    const result = compose(['config', '-q']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('has the four infrastructure services and every app of apps.json', () => {
    expect(serviceNames).toEqual(
      expect.arrayContaining(['mongo', 'kafka', 'redis', 'keycloak', ...APPS.map((a) => a.name)]),
    );
  });

  describe.each(SERVICES.map((app) => [app.name, app] as const))('the %s service', (name, app) => {
    it('gets an environment its config reader accepts, pointing at compose services', () => {
      const env = envOf(service(name));
      const config = configOf(app, env);
      expect(config.http).toEqual({ host: '0.0.0.0', port: app.port });
      expect(foreignHosts(addressesOf(app, env), serviceNames)).toEqual([]);
      expect(config.mongo).toEqual({ url: 'mongodb://mongo:27017', dbName: `qingshui_prod_${name}` });
      // Its delayed jobs (BullMQ) live in the compose Redis.
      expect(config.redisUrl).toBe('redis://redis:6379');
    });

    it('starts only once the infrastructure it uses is healthy', () => {
      expect(dependsOn(service(name))).toMatchObject({
        kafka: 'service_healthy',
        mongo: 'service_healthy',
        redis: 'service_healthy',
      });
    });
  });

  it('gives the gateway an environment its config reader accepts, pointing at compose services', () => {
    const env = envOf(service(GATEWAY.name));
    const gateway = gatewayConfigOf(env);
    expect(gateway.http).toEqual({ host: '0.0.0.0', port: GATEWAY.port });
    expect(foreignHosts(addressesOf(GATEWAY, env), serviceNames)).toEqual([]);
    expect(gateway.redisUrl).toBe('redis://redis:6379');
  });

  it('would catch an app falling back to its 127.0.0.1 default', () => {
    const app = SERVICES[0]!;
    const { KAFKA_BROKERS: _dropped, ...env } = envOf(service(app.name));
    expect(foreignHosts(addressesOf(app, env), serviceNames)).toEqual(['127.0.0.1']);
  });

  it('advertises Kafka at exactly the address every app uses', () => {
    const kafkaEnv = envOf(service('kafka'));
    const advertised = (kafkaEnv['KAFKA_ADVERTISED_LISTENERS'] ?? '')
      .split(',')
      .map((l) => l.replace(/^\w+:\/\//, ''));
    for (const app of APPS) {
      for (const broker of (envOf(service(app.name))['KAFKA_BROKERS'] ?? '').split(',')) {
        expect(advertised).toContain(broker);
      }
    }
  });

  it('makes the gateway trust the issuer Keycloak writes into tokens, for the imported realm and client', () => {
    const gateway = gatewayConfigOf(envOf(service(GATEWAY.name)));
    const keycloak = service('keycloak');
    // KC_HOSTNAME pins the issuer base, whichever URL a token was requested on.
    expect(gateway.keycloak.url).toBe(envOf(keycloak)['KC_HOSTNAME']);
    expect(new URL(gateway.keycloak.url).port || '80').toBe(envOf(keycloak)['KC_HTTP_PORT'] ?? '8080');

    const realm = JSON.parse(readFileSync(join(REPO_ROOT, REALM_FILE), 'utf8')) as {
      realm: string;
      clients: Array<{ clientId: string }>;
    };
    expect(gateway.keycloak.realm).toBe(realm.realm);
    expect(realm.clients.map((c) => c.clientId)).toContain(gateway.keycloak.clientId);
  });

  it('imports the realm file into Keycloak', () => {
    const keycloak = service('keycloak');
    const mounts = (keycloak.volumes ?? []).map((v) =>
      typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v,
    );
    expect(mounts).toContainEqual({
      source: join(REPO_ROOT, REALM_FILE),
      target: '/opt/keycloak/data/import/realm-qingshui.json',
    });
    expect(keycloak.command).toEqual(expect.arrayContaining(['--import-realm']));
  });

  it('publishes the gateway on its listening port', () => {
    expect(publishedPorts(service(GATEWAY.name))).toContainEqual({
      published: GATEWAY.port,
      target: GATEWAY.port,
    });
  });

  it('starts the gateway once the infrastructure and every service are healthy', () => {
    expect(dependsOn(service(GATEWAY.name))).toMatchObject({
      ...Object.fromEntries(SERVICES.map((s) => [s.name, 'service_healthy'])),
      kafka: 'service_healthy',
      redis: 'service_healthy',
      keycloak: 'service_healthy',
    });
  });

  describe.each(APPS.map((app) => [app.name, app] as const))('%s image', (name, app) => {
    const source = app.root;
    const port = app.port;
    it('is built from the repository root with a Dockerfile that exists', () => {
      const build = service(name).build;
      expect(build?.context).toBe(REPO_ROOT);
      const dockerfile = resolve(build?.context ?? '', build?.dockerfile ?? 'Dockerfile');
      expect(relative(REPO_ROOT, dockerfile)).toBe(`${source}/Dockerfile`);
      expect(existsSync(dockerfile)).toBe(true);
    });

    it('runs the compiled entry point of this app, non-root, listening on 0.0.0.0 at the exposed port', () => {
      const dockerfile = readDockerfile(join(REPO_ROOT, source, 'Dockerfile'));
      const main = dockerfile.cmd[1] ?? '';
      expect(dockerfile.cmd).toEqual(['node', `dist/${source}/src/main.js`]);
      // The build keeps the source tree: dist/<x>/src/main.js comes from <x>/src/main.ts.
      expect(existsSync(join(REPO_ROOT, main.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
      // The image alone (no compose environment) must listen on all interfaces at the EXPOSEd port.
      expect(configOf(app, dockerfile.env).http).toEqual({ host: '0.0.0.0', port });
      expect(dockerfile.expose).toEqual([port]);
      expect(dockerfile.env['NODE_ENV']).toBe('production');
      expect(dockerfile.lines).toContain('USER node');
      expect(dockerfile.text).toMatch(/^RUN (\w+=\S+ )*npm ci --omit=dev/m);
      expect(dockerfile.lines.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/fetch\(.*\/health\/live/);
      // The builder copies the libs and this app only, and builds them with the same build as everywhere.
      expect(dockerfile.lines).toContain(`COPY ${source} ${source}`);
      expect(dockerfile.lines).toContain('RUN bash scripts/build.sh');
      expect(dockerfile.text).toContain(`COPY --from=builder /app/dist/${source} dist/${source}`);
    });
  });

  it('keeps local build output and dependencies out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.cache', '.run']));
  });

  describe('validation can fail', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'qs-compose-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('accepts an unmodified copy and rejects one with an unknown service key', () => {
      const original = readFileSync(join(REPO_ROOT, COMPOSE_FILE), 'utf8');
      writeFileSync(join(dir, COMPOSE_FILE), original);
      expect(compose(['config', '-q'], dir).status).toBe(0);

      const broken = original.replace(/^ {2}gateway:\n/m, '  gateway:\n    restrat: unless-stopped\n');
      expect(broken).not.toBe(original);
      writeFileSync(join(dir, COMPOSE_FILE), broken);
      const result = compose(['config', '-q'], dir);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/services\.gateway.*restrat/);
    });
  });
});
