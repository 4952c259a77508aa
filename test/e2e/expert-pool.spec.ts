import {
  DEMO_EXPERT_PROFILES,
  connectSocket,
  emitWithAck,
  getToken,
  waitForSocketEvent,
} from '@qingshui/testing';
import type { Envelope, ExpertProfile } from '@qingshui/contracts';
import type { Socket } from 'socket.io-client';
import { api, startPlatform, type Platform } from '../support/platform';

type ExpertEvent = Envelope<{ expert: ExpertProfile; changed: string[] }>;

describe('the shared expert pool: academicians, availability, contact visibility, verification', () => {
  let platform: Platform;
  let url: string;
  let tokens: Record<'expert' | 'expert2' | 'enterprise' | 'cadre' | 'admin', string>;
  let lisen: ExpertProfile;
  let chen: ExpertProfile;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    url = platform.gateways[0]!.url;
    tokens = {
      expert: await getToken('demo-expert'),
      expert2: await getToken('demo-expert2'),
      enterprise: await getToken('demo-enterprise'),
      cadre: await getToken('demo-cadre-county'),
      admin: await getToken('demo-admin'),
    };
    const first = await api(url, 'POST', '/api/v1/experts', {
      token: tokens.expert,
      body: {
        ...DEMO_EXPERT_PROFILES['demo-expert'],
        academician: true,
        availability: [{ from: '2027-04-01', to: '2027-04-30', note: '可赴库区现场指导' }],
        contactVisibility: 'cadres',
      },
    });
    expect(first.status).toBe(201);
    lisen = first.body;
    const second = await api(url, 'POST', '/api/v1/experts', {
      token: tokens.expert2,
      body: {
        ...DEMO_EXPERT_PROFILES['demo-expert2'],
        contact: { phone: '+86 10 6915 0000' },
        contactVisibility: 'private',
      },
    });
    expect(second.status).toBe(201);
    chen = second.body;
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await platform?.close();
  });

  it('fills defaults and keeps the platform-kept fields out of the expert’s hands', async () => {
    expect(chen).toMatchObject({
      academician: false,
      languages: ['中文'],
      engagements: { visits: 0, challengesSolved: 0 },
      verified: false,
      contactVisibility: 'private',
    });
    const selfVerify = await api(url, 'PATCH', `/api/v1/experts/${chen.id}`, {
      token: tokens.expert2,
      body: { verified: true, engagements: { visits: 99, challengesSolved: 99 } },
    });
    expect(selfVerify.status).toBe(400);
    expect(selfVerify.body.code).toBe('VALIDATION_FAILED');
  });

  it('rejects an availability window that ends before it starts, naming it', async () => {
    const bad = await api(url, 'PATCH', `/api/v1/experts/${chen.id}`, {
      token: tokens.expert2,
      body: { availability: [{ from: '2027-05-10', to: '2027-05-01' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('availability.0.to');
  });

  it('shows contact details only as each expert chose', async () => {
    const asEnterprise = await api(url, 'GET', `/api/v1/experts/${lisen.id}`, { token: tokens.enterprise });
    expect(asEnterprise.body.contact).toBeUndefined();
    const asCadre = await api(url, 'GET', `/api/v1/experts/${lisen.id}`, { token: tokens.cadre });
    expect(asCadre.body.contact).toEqual(DEMO_EXPERT_PROFILES['demo-expert'].contact);

    const privateAsCadre = await api(url, 'GET', `/api/v1/experts/${chen.id}`, { token: tokens.cadre });
    expect(privateAsCadre.body.contact).toBeUndefined();
    const privateAsAdmin = await api(url, 'GET', `/api/v1/experts/${chen.id}`, { token: tokens.admin });
    expect(privateAsAdmin.body.contact).toEqual({ phone: '+86 10 6915 0000' });
    const privateAsOwner = await api(url, 'GET', `/api/v1/experts/${chen.id}`, { token: tokens.expert2 });
    expect(privateAsOwner.body.contact).toEqual({ phone: '+86 10 6915 0000' });

    const list = await api(url, 'GET', '/api/v1/experts', { token: tokens.enterprise });
    expect(list.body.items.every((e: ExpertProfile) => e.contact === undefined)).toBe(true);
  });

  it('lets a cadre verify an expert, pushes the change, and refuses experts and enterprises', async () => {
    const watcher = await connectSocket(url, tokens.enterprise);
    sockets.push(watcher);
    expect(await emitWithAck(watcher, 'subscribe', { room: `expert:${chen.id}` })).toEqual({ ok: true });
    const pushed = waitForSocketEvent<ExpertEvent>(
      watcher,
      'talent.expert.updated.v1',
      (e) => e.payload.expert.id === chen.id,
    );

    expect(
      (
        await api(url, 'PUT', `/api/v1/experts/${chen.id}/verification`, {
          token: tokens.expert,
          body: { verified: true },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(url, 'PUT', `/api/v1/experts/${chen.id}/verification`, {
          token: tokens.enterprise,
          body: { verified: true },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(url, 'PUT', `/api/v1/experts/${chen.id}/verification`, {
          token: tokens.cadre,
          body: { verified: 'yes' },
        })
      ).status,
    ).toBe(400);

    const verified = await api(url, 'PUT', `/api/v1/experts/${chen.id}/verification`, {
      token: tokens.cadre,
      body: { verified: true },
    });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      verified: true,
      verifiedBy: expect.any(String),
      version: chen.version + 1,
    });
    expect(verified.body.contact).toBeUndefined(); // the cadre still may not see a private contact

    const event = await pushed;
    expect(event.payload.changed).toEqual(['verified']);
    expect(event.payload.expert).not.toHaveProperty('contact');

    const again = await api(url, 'PUT', `/api/v1/experts/${chen.id}/verification`, {
      token: tokens.cadre,
      body: { verified: true },
    });
    expect(again.body.version).toBe(verified.body.version); // idempotent: no second change
  });

  it('filters the pool by academician and verification', async () => {
    const names = async (query: string) =>
      (await api(url, 'GET', `/api/v1/experts?${query}`, { token: tokens.enterprise })).body.items.map(
        (e: ExpertProfile) => e.name,
      );
    expect(await names('academician=true')).toEqual([lisen.name]);
    expect(await names('verified=true')).toEqual([chen.name]);
    expect(await names('academician=false&verified=true')).toEqual([chen.name]);
    const bad = await api(url, 'GET', '/api/v1/experts?academician=yes', { token: tokens.enterprise });
    expect(bad.status).toBe(400);
  });

  it('lets an admin withdraw the verified mark', async () => {
    const withdrawn = await api(url, 'PUT', `/api/v1/experts/${chen.id}/verification`, {
      token: tokens.admin,
      body: { verified: false },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.verified).toBe(false);
    expect(withdrawn.body).not.toHaveProperty('verifiedBy');
  });
});
