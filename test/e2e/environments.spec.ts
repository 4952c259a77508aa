import { getToken, waitFor, connectSocket, recordSocketEvents, waitForSocketEvent } from '@qingshui/testing';
import { DEMO_EXPERT_PROFILES } from '@qingshui/testing';
import type { Socket } from 'socket.io-client';
import { api, startPlatform, type Platform } from '../support/platform';

/**
 * Two environments on the same Kafka, FerretDB and Redis (as `npm run up` and `npm test`, or two
 * test runs): neither answers the other's commands, sees its events, or reads its data.
 */
describe('environments that never cross', () => {
  let withTalent: Platform;
  let withoutTalent: Platform;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    withTalent = await startPlatform({ gateways: 1 });
    // A second environment with a gateway and no talent service of its own: if the first one's
    // service answered its commands, it would get answers instead of 503.
    withoutTalent = await startPlatform({
      withTalent: false,
      gateway: (base) => ({ kafka: { ...base.kafka, requestTimeoutMs: 1500 } }),
    });
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await withoutTalent?.close();
    await withTalent?.close();
  }, 60_000);

  it('keeps names apart: topics, groups, databases and queues carry the environment', () => {
    expect(withTalent.environment).not.toBe(withoutTalent.environment);
    expect(withTalent.talentDb).toContain(withTalent.environment);
    expect(withTalent.talentQueue.startsWith(`${withTalent.environment}.`)).toBe(true);
  });

  it('never answers another environment’s commands, and pushes no event across', async () => {
    const a = withTalent.gateways[0]!.url;
    const b = withoutTalent.gateways[0]!.url;
    const token = await getToken('demo-expert');
    const admin = await getToken('demo-admin');
    const watcherA = await connectSocket(a, admin);
    const watcherB = await connectSocket(b, admin);
    sockets.push(watcherA, watcherB);
    const seenInB = recordSocketEvents(watcherB, 'talent.expert.registered.v1');
    const seenInA = waitForSocketEvent(watcherA, 'talent.expert.registered.v1');
    // The admin watches the expert's region in both environments.
    for (const s of [watcherA, watcherB])
      expect(await s.timeout(5000).emitWithAck('subscribe', { room: 'region:haidian' })).toEqual({
        ok: true,
      });

    const created = await api(a, 'POST', '/api/v1/experts', {
      token,
      body: DEMO_EXPERT_PROFILES['demo-expert'],
    });
    expect(created.status).toBe(201);
    await seenInA;

    const listed = await api(b, 'GET', '/api/v1/experts', { token });
    expect(listed.status).toBe(503);
    expect(listed.body.code).toBe('DEPENDENCY_UNAVAILABLE');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(seenInB).toHaveLength(0);

    // The first environment still has its expert; a fresh platform of its own reads it, the
    // other one has no such database content.
    const read = await api(a, 'GET', `/api/v1/experts/${created.body.id}`, { token });
    expect(read.status).toBe(200);
    await waitFor(
      async () => (await api(a, 'GET', '/api/v1/experts', { token })).body.total === 1,
      'one expert',
    );
  }, 60_000);
});
