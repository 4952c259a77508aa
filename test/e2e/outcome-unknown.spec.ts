import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { getToken, runId } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

/** Short enough that a burst of writes outlasts it: some replies come after the gateway stopped waiting. */
const TIMEOUT_MS = 250;

/**
 * "An error means not done": a read that gets no answer in time is a 503 (nothing happened); a
 * write is a 504 OUTCOME_UNKNOWN, since the service may have started it just before its deadline;
 * a retry with the same Idempotency-Key then answers the first attempt's real outcome (kept from
 * its late reply) or runs it once, so that every request takes effect exactly once.
 */
describe('writes that time out: outcome unknown, and the Idempotency-Key settles it', () => {
  let platform: Platform;
  let url: string;
  let token: string;
  let mongo: MongoClient;
  const tag = runId().slice(-6);

  // Computed once: a retry must send the very same request as the first attempt.
  const deadline = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  const challengeBody = (title: string) => ({
    title,
    publicSummary: '丹江口库区柑橘园面源污染加重，征集减肥减药与生态拦截的综合方案。',
    field: 'agriculture',
    county: 'xichuan',
    deadline,
    terms: { ip: 'poster', confidentiality: false },
  });
  const create = (title: string, key?: string) =>
    api(url, 'POST', '/api/v1/challenges', {
      token,
      body: challengeBody(title),
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  const stored = (prefix: string) =>
    mongo
      .db(platform.databases['talent'])
      .collection('challenges')
      .countDocuments({ title: { $regex: `^${prefix}` } });
  /** Retries with the same key until the answer is no longer "unknown" (bounded). */
  const settle = async (title: string, key: string) => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const reply = await create(title, key);
      if (reply.status !== 504) return reply;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error(`${title}: still 504 after 40 retries`);
  };

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['talent'],
      gateway: (base) => ({ kafka: { ...base.kafka, requestTimeoutMs: TIMEOUT_MS } }),
    });
    url = platform.gateways[0]!.url;
    token = await getToken('demo-enterprise');
    mongo = await MongoClient.connect(platform.env['MONGO_URL']!);
  }, 120_000);

  afterAll(async () => {
    await mongo?.close();
    await platform?.close();
  });

  it('a burst past the timeout: each 504 retried with its key, every challenge exists exactly once', async () => {
    const prefix = `柑橘园面源污染（${tag}）`;
    const requests = Array.from({ length: 40 }, (_, i) => ({ title: `${prefix}${i}`, key: randomUUID() }));
    const first = await Promise.all(requests.map(({ title, key }) => create(title, key)));
    const statuses = first.map((reply) => reply.status);
    expect(statuses.every((status) => status === 201 || status === 504)).toBe(true);
    // The burst outlasts 250 ms: some answers are "unknown" (else the case proves nothing).
    expect(statuses.filter((status) => status === 504).length).toBeGreaterThan(0);
    for (const reply of first.filter((r) => r.status === 504)) {
      expect(reply.body).toMatchObject({ status: 504, code: 'OUTCOME_UNKNOWN', message: expect.any(String) });
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const finals = await Promise.all(
      requests.map(async ({ title, key }, i) => (first[i]!.status === 504 ? settle(title, key) : first[i]!)),
    );
    expect(finals.map((reply) => reply.status)).toEqual(requests.map(() => 201));
    expect(new Set(finals.map((reply) => reply.body.id)).size).toBe(requests.length);
    expect(await stored(prefix)).toBe(requests.length);
    // A replayed answer is the first attempt's own: same record, marked as replayed.
    const again = await create(requests[0]!.title, requests[0]!.key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(finals[0]!.body.id);
    expect(await stored(prefix)).toBe(requests.length);
  }, 120_000);

  it('with the service down: a read is a 503, a write a 504; the write is never carried out later, and its retry makes it once', async () => {
    await platform.services['talent']!.close();
    const read = await api(url, 'GET', '/api/v1/challenges', { token });
    expect(read.status).toBe(503);
    expect(read.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    const title = `库区水质监测（${tag}）`;
    const key = randomUUID();
    const write = await create(title, key);
    expect(write.status).toBe(504);
    expect(write.body).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(write.headers.get('retry-after')).not.toBeNull();
    // The service comes back and finds the command queued: past its deadline, it is not carried out.
    await platform.addInstance('talent');
    const retried = await settle(title, key);
    expect(retried.status).toBe(201);
    // One challenge: the first attempt was dropped past its deadline, the retries made it once
    // (a retry that timed out itself is settled by its late reply, which the key then replays).
    expect(await stored(title)).toBe(1);
    expect((await api(url, 'GET', `/api/v1/challenges/${retried.body.id}`, { token })).body.title).toBe(
      title,
    );
  }, 120_000);
});
