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
  });
});
