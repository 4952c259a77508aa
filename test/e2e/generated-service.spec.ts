import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infraEnv, REPO_ROOT } from '@qingshui/testing';

const NAME = 'probe';
const AGGREGATE = 'probe';
const PLURAL = 'probes';

/** Runs a command; resolves with its exit code and output. Killed (code null) if it outlives the timeout. */
function run(
  cwd: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 60_000,
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A service written by `npm run new:service` works end to end with no manual step: in a temporary
 * copy of the repository, the generator writes it; then (scripts/run-ts.cjs, no build) the test
 * platform starts it by name with a gateway on the real infrastructure, and it answers its declared
 * routes through the gateway, refuses what its decision refuses, tells its event to the right rooms
 * (the public view only where not everyone may read it), admits watchers to its record room, and is
 * ready on its health route. The copy is deleted afterwards; its environment by the platform.
 */
describe('a service written by the generator', () => {
  let dir: string;
  let generated: Awaited<ReturnType<typeof run>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the driver's report, asserted field by field
  let result: any;
  let driver: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qs-generated-'));
    const repo = join(dir, 'repo');
    const copied = await run(REPO_ROOT, 'node', ['tools/copy-workspace.cjs', repo]);
    if (copied.code !== 0) throw new Error(`copying the workspace failed: ${copied.stderr}`);
    generated = await run(repo, 'node', ['tools/new-service.cjs', NAME, '--quiet']);
    if (generated.code !== 0) return;
    const infra = infraEnv();
    driver = await run(
      repo,
      'node',
      ['scripts/run-ts.cjs', 'test/support/generated-service.driver.ts', NAME, AGGREGATE, PLURAL],
      {
        ...process.env,
        KAFKA_BROKERS: infra.kafkaBrokers,
        MONGO_URL: infra.mongoUrl,
        REDIS_URL: infra.redisUrl,
        KEYCLOAK_URL: infra.keycloakUrl,
        LOG_LEVEL: 'warn',
      },
      200_000,
    );
    const line = driver.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (line) result = JSON.parse(line.slice('RESULT '.length));
  }, 240_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is written by `npm run new:service`', () => {
    expect({ code: generated.code, stderr: generated.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('starts under startPlatform by its name and runs to the end', () => {
    if (driver.code !== 0 || !result) console.error(driver.stdout.slice(-4000), driver.stderr.slice(-4000));
    expect(driver.code).toBe(0);
    expect(result).toBeDefined();
    expect(result.database).toBe(`qingshui_${result.environment}_${NAME}`);
    expect(result.health).toEqual({
      status: 200,
      body: expect.objectContaining({
        status: 'ok',
        info: expect.objectContaining({ kafka: { status: 'up' } }),
      }),
    });
  });

  it('creates through the gateway: 201 with Location and ETag, in the caller’s region, theirs', () => {
    expect(result.created).toEqual({
      status: 201,
      body: {
        id: expect.any(String),
        name: '样例',
        region: 'xichuan',
        createdBy: result.creatorId,
        version: 1,
        createdAt: expect.any(String),
      },
      location: `/api/v1/${PLURAL}/${result.created.body.id}`,
      etag: '"1"',
    });
  });

  it('reads it back by id, and answers 404, 403, 400 and 401 as declared', () => {
    expect(result.read).toEqual({ status: 200, body: result.created.body, etag: '"1"' });
    expect(result.missing).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(result.elsewhere).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(result.invalid).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [expect.objectContaining({ field: 'name' })],
    });
    expect(result.anonymous).toBe(401);
    expect(result.paths.sort()).toEqual([`/api/v1/${PLURAL}`, `/api/v1/${PLURAL}/{id}`]);
  });

  it('tells its creator the full event and the region’s room only the public view', () => {
    const { id } = result.created.body;
    expect(result.regionRoom).toEqual({ ok: true });
    expect(result.fullEvent).toMatchObject({
      type: `${NAME}.${AGGREGATE}.created.v1`,
      actor: result.creatorId,
      payload: { [AGGREGATE]: result.created.body },
    });
    expect(result.openEvent).toEqual({
      id: expect.any(String),
      key: id,
      type: `${NAME}.${AGGREGATE}.created.v1`,
      occurredAt: expect.any(String),
      payload: { [AGGREGATE]: { id, name: '样例', region: 'xichuan', version: 1 } },
    });
    expect(JSON.stringify(result.openEvent)).not.toContain(result.creatorId);
  });

  it('admits a signed-in user to its record room, and not to a record that does not exist', () => {
    expect(result.recordRoom).toEqual({ ok: true });
    expect(result.missingRoom).toMatchObject({ ok: false });
  });
});
