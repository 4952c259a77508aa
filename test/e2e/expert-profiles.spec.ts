import type { Socket } from 'socket.io-client';
import {
  connectSocket,
  DEMO_EXPERT_PROFILES,
  emitWithAck,
  getToken,
  recordSocketEvents,
  waitForSocketEvent,
} from '@qingshui/testing';
import type { Envelope, ExpertProfile } from '@qingshui/contracts';
import { api, startPlatform, type Platform } from '../support/platform';

const REGISTERED = 'talent.expert.registered.v1';
const UPDATED = 'talent.expert.updated.v1';

type ExpertEvent = Envelope<{ expert: ExpertProfile; changed?: string[] }>;

const profile = DEMO_EXPERT_PROFILES['demo-expert'];

describe('expert profiles through gateway, Kafka, talent service and Socket.IO', () => {
  let platform: Platform;
  let a: string;
  let b: string;
  const sockets: Socket[] = [];
  let tokens: Record<string, string>;

  beforeAll(async () => {
    platform = await startPlatform({ gateways: 2 });
    [a, b] = platform.gateways.map((g) => g.url) as [string, string];
    tokens = {
      expert: await getToken('demo-expert'),
      expert2: await getToken('demo-expert2'),
      enterprise: await getToken('demo-enterprise'),
      admin: await getToken('demo-admin'),
      cadreBeijing: await getToken('demo-cadre-beijing'),
    };
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await platform?.close();
  }, 60_000);

  const socket = async (url: string, token: string) => {
    const s = await connectSocket(url, token);
    sockets.push(s);
    return s;
  };

  let expert: ExpertProfile;

  it('registers a profile and pushes the event to the owner and to a watcher on the other instance', async () => {
    const ownerSocket = await socket(a, tokens.expert!);
    const adminSocket = await socket(b, tokens.admin!);
    expect(await emitWithAck(adminSocket, 'subscribe', { room: 'region:haidian' })).toEqual({ ok: true });

    const toOwner = waitForSocketEvent<ExpertEvent>(
      ownerSocket,
      REGISTERED,
      (e) => e.payload.expert.name === profile.name,
    );
    const toWatcher = waitForSocketEvent<ExpertEvent>(
      adminSocket,
      REGISTERED,
      (e) => e.payload.expert.name === profile.name,
    );

    const created = await api(a, 'POST', '/api/v1/experts', { token: tokens.expert, body: profile });
    expect(created.status).toBe(201);
    expert = created.body;
    expect(expert).toMatchObject({ ...profile, version: 1, orgId: 'inst-bjfu' });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/experts/${expert.id}`);

    const [ownerEvent, watcherEvent] = await Promise.all([toOwner, toWatcher]);
    expect(ownerEvent.id).toBe(watcherEvent.id);
    expect(ownerEvent).toMatchObject({ type: REGISTERED, key: expert.id, actor: expert.userId });
    const { contact, ...publicView } = expert;
    expect(contact).toEqual(profile.contact);
    // Anyone may watch a profile's room, so events never carry contact details.
    expect(ownerEvent.payload.expert).toEqual(publicView);
    expect(ownerEvent.correlationId).toBe(created.headers.get('x-correlation-id'));
  });

  it('pushes an update to the owner and to a watcher of expert:<id> connected to the other gateway', async () => {
    const ownerSocket = await socket(a, tokens.expert!);
    const watcher = await socket(b, tokens.enterprise!);
    expect(await emitWithAck(watcher, 'subscribe', { room: `expert:${expert.id}` })).toEqual({ ok: true });

    const toOwner = waitForSocketEvent<ExpertEvent>(
      ownerSocket,
      UPDATED,
      (e) => e.payload.expert.id === expert.id,
    );
    const toWatcher = waitForSocketEvent<ExpertEvent>(
      watcher,
      UPDATED,
      (e) => e.payload.expert.id === expert.id,
    );

    const patched = await api(a, 'PATCH', `/api/v1/experts/${expert.id}`, {
      token: tokens.expert,
      body: { title: '二级教授', skills: ['水土保持', '生态修复', '遥感监测'] },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: '二级教授', version: 2, bio: profile.bio });
    expect(patched.headers.get('etag')).toBe('"2"');

    const [ownerEvent, watcherEvent] = await Promise.all([toOwner, toWatcher]);
    expect(watcherEvent.payload.changed).toEqual(['title', 'skills']);
    const { contact: _contact, ...patchedPublic } = patched.body;
    expect(watcherEvent.payload.expert).toEqual(patchedPublic);
    expect(ownerEvent.id).toBe(watcherEvent.id);

    const read = await api(b, 'GET', `/api/v1/experts/${expert.id}`, { token: tokens.expert2 });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(patchedPublic); // another expert does not see contact details
  });

  it('answers 400 naming the offending fields, and changes nothing', async () => {
    const bad = await api(a, 'PATCH', `/api/v1/experts/${expert.id}`, {
      token: tokens.expert,
      body: { fields: ['astrology'], region: 'atlantis', unknownField: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = bad.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['fields.0', 'region']));
    expect(bad.body).not.toHaveProperty('stack');

    const malformed = await api(a, 'POST', '/api/v1/experts', { token: tokens.expert, body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');

    const badQuery = await api(a, 'GET', '/api/v1/experts?pageSize=5000', { token: tokens.expert });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.fields[0].field).toBe('pageSize');

    const unchanged = await api(a, 'GET', `/api/v1/experts/${expert.id}`, { token: tokens.expert });
    expect(unchanged.body.version).toBe(2);
  });

  it('answers 401 without a token or with a forged one', async () => {
    const none = await api(a, 'GET', '/api/v1/experts');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');

    const [header, payload] = tokens.expert!.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the realm key').toString('base64url')}`;
    const withForged = await api(a, 'GET', '/api/v1/experts', { token: forged });
    expect(withForged.status).toBe(401);

    const garbage = await api(a, 'GET', '/api/v1/experts', { token: 'garbage' });
    expect(garbage.status).toBe(401);
  });

  it('answers 403 when an enterprise registers a profile or an expert edits someone else’s', async () => {
    const enterprise = await api(a, 'POST', '/api/v1/experts', { token: tokens.enterprise, body: profile });
    expect(enterprise.status).toBe(403);
    expect(enterprise.body.code).toBe('FORBIDDEN');

    const otherExpert = await api(b, 'PATCH', `/api/v1/experts/${expert.id}`, {
      token: tokens.expert2,
      body: { title: '冒名修改' },
    });
    expect(otherExpert.status).toBe(403);

    const cadre = await api(b, 'PATCH', `/api/v1/experts/${expert.id}`, {
      token: tokens.cadreBeijing,
      body: { title: 'x' },
    });
    expect(cadre.status).toBe(403);

    const read = await api(a, 'GET', `/api/v1/experts/${expert.id}`, { token: tokens.expert });
    expect(read.body.title).toBe('二级教授');
    expect(read.body.version).toBe(2);
  });

  it('lets an admin edit any profile', async () => {
    const byAdmin = await api(b, 'PATCH', `/api/v1/experts/${expert.id}`, {
      token: tokens.admin,
      body: { bio: `${profile.bio}（已核实）` },
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.version).toBe(3);
  });

  it('answers 409 for a second profile of the same user and for a stale If-Match', async () => {
    const duplicate = await api(b, 'POST', '/api/v1/experts', {
      token: tokens.expert,
      body: { ...profile, name: '李森（重复）' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('DUPLICATE');

    const stale = await api(a, 'PATCH', `/api/v1/experts/${expert.id}`, {
      token: tokens.expert,
      body: { title: '研究员' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });

  it('registers a second expert at the same time on both instances, then lists with filters and pages', async () => {
    const second = await api(b, 'POST', '/api/v1/experts', {
      token: tokens.expert2,
      body: {
        name: '陈静',
        institution: '北京协和医院',
        title: '主任医师',
        fields: ['medicine', 'tcm'],
        skills: ['远程会诊', '基层医生培训'],
        region: 'dongcheng',
      },
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ bio: '', orgId: 'inst-pumch' });

    const medicine = await api(a, 'GET', '/api/v1/experts?field=medicine', { token: tokens.enterprise });
    expect(medicine.status).toBe(200);
    expect(medicine.body.items.map((e: ExpertProfile) => e.name)).toEqual(['陈静']);
    expect(medicine.body.total).toBe(1);

    const haidian = await api(a, 'GET', '/api/v1/experts?region=haidian', { token: tokens.enterprise });
    expect(haidian.body.items.map((e: ExpertProfile) => e.id)).toEqual([expert.id]);

    const page1 = await api(a, 'GET', '/api/v1/experts?pageSize=1&page=1', { token: tokens.enterprise });
    const page2 = await api(a, 'GET', '/api/v1/experts?pageSize=1&page=2', { token: tokens.enterprise });
    expect(page1.body.total).toBe(2);
    expect(page1.body.items[0].name).toBe('陈静'); // newest first
    expect(page2.body.items[0].id).toBe(expert.id);
  });

  it('answers 404 for an unknown expert and route, without a stack trace', async () => {
    const missing = await api(a, 'GET', '/api/v1/experts/00000000-0000-4000-8000-000000000000', {
      token: tokens.expert,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const route = await api(a, 'GET', '/api/v1/nowhere', { token: tokens.expert });
    expect(route.status).toBe(404);
    expect(JSON.stringify(route.body)).not.toMatch(/at .*\.js/);
  });

  it('refuses sockets without a valid token and rooms the caller may not watch', async () => {
    await expect(connectSocket(a)).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
    await expect(connectSocket(a, 'forged.token.value')).rejects.toMatchObject({
      data: { code: 'UNAUTHENTICATED' },
    });

    const s = await socket(a, tokens.expert2!);
    expect(await emitWithAck(s, 'subscribe', { room: `user:${expert.userId}` })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitWithAck(s, 'subscribe', { room: 'region:xichuan' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(
      await emitWithAck(s, 'subscribe', { room: 'expert:00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await emitWithAck(s, 'subscribe', { room: 'nonsense' })).toMatchObject({
      ok: false,
      code: 'ROOM_UNKNOWN',
    });

    const cadre = await socket(b, tokens.cadreBeijing!);
    expect(await emitWithAck(cadre, 'subscribe', { room: 'region:xichuan' })).toEqual({ ok: true });
  });

  it('stops pushing a record’s events after unsubscribe', async () => {
    const watcher = await socket(b, tokens.enterprise!);
    expect(await emitWithAck(watcher, 'subscribe', { room: `expert:${expert.id}` })).toEqual({ ok: true });
    expect(await emitWithAck(watcher, 'unsubscribe', { room: `expert:${expert.id}` })).toEqual({ ok: true });
    const received = recordSocketEvents<ExpertEvent>(watcher, UPDATED);
    const owner = await socket(a, tokens.expert!);
    const ownerGotIt = waitForSocketEvent<ExpertEvent>(
      owner,
      UPDATED,
      (e) => e.payload.expert.title === '首席科学家',
    );

    const patched = await api(a, 'PATCH', `/api/v1/experts/${expert.id}`, {
      token: tokens.expert,
      body: { title: '首席科学家' },
    });
    expect(patched.status).toBe(200);
    await ownerGotIt;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.filter((e) => e.payload.expert.title === '首席科学家')).toHaveLength(0);
  });

  it('serves OpenAPI, health and metrics', async () => {
    const docs = await api(a, 'GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/experts', '/api/v1/experts/{id}']),
    );
    expect(
      docs.body.paths['/api/v1/experts'].post.requestBody.content['application/json'].schema.properties
        .region,
    ).toBeDefined();

    const ui = await fetch(`${a}/api/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-security-policy')).toContain("default-src 'self'");

    const ready = await api(a, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({
      kafka: { status: 'up' },
      redis: { status: 'up' },
      keycloak: { status: 'up' },
    });

    const metrics = await fetch(`${a}/metrics`);
    const text = await metrics.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/experts\/:id"[^}]*\} \d+/,
    );

    const pairs = await api(a, 'GET', '/api/v1/reference/pairs');
    expect(pairs.body).toHaveLength(16);
  });
});
