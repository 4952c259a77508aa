import { getToken } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

describe('gateway when a service does not answer, and under a burst', () => {
  let platform: Platform;
  let url: string;

  beforeAll(async () => {
    // No talent service: commands go unanswered. A small rate limit to reach it quickly.
    platform = await startPlatform({
      withTalent: false,
      gateway: (base) => ({
        kafka: { ...base.kafka, requestTimeoutMs: 1000 },
        rateLimit: { ...base.rateLimit, points: 8, durationSeconds: 60 },
        retryAfterSeconds: 7,
      }),
    });
    url = platform.gateways[0]!.url;
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('answers 503 with Retry-After when the service does not reply in time', async () => {
    const token = await getToken('demo-expert');
    const started = Date.now();
    const response = await api(url, 'GET', '/api/v1/experts', { token });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(4000);
    // Liveness stays green: the gateway itself is fine.
    expect((await api(url, 'GET', '/health/live')).status).toBe(200);
  });

  it('answers 429 with Retry-After once the client exceeds its budget', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 12 && !limited; i += 1) {
      const response = await api(url, 'GET', '/api/v1/reference/expert-fields');
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // Health checks are not rate limited: orchestrators must always reach them.
    expect((await api(url, 'GET', '/health/live')).status).toBe(200);
    expect(limited!.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('counts signed-in calls per user, not per address, and says where each caller stands', async () => {
    // The address has spent its budget above; each user from that same address has their own.
    const [expert, cadre] = await Promise.all([getToken('demo-expert'), getToken('demo-cadre-county')]);
    const first = await api(url, 'GET', '/api/v1/stations', { token: expert });
    expect(first.status).not.toBe(429);
    expect(first.headers.get('ratelimit-limit')).toBe('8');
    expect(first.headers.get('ratelimit-policy')).toBe('8;w=60');
    const remaining = Number(first.headers.get('ratelimit-remaining'));
    expect(remaining).toBeLessThan(8);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let i = 0; i <= remaining; i += 1)
      statuses.push((await api(url, 'GET', '/api/v1/stations', { token: expert })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1)).not.toContain(429);
    // Another user at the same address is not held back by the first one.
    const other = await api(url, 'GET', '/api/v1/stations', { token: cadre });
    expect(other.status).not.toBe(429);
    // A token that does not verify counts for the address, which is spent.
    const forged = await api(url, 'GET', '/api/v1/stations', { token: 'forged.token.value' });
    expect(forged.status).toBe(429);
  });
});
