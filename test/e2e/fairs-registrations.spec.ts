import { createPublicKey, verify } from 'node:crypto';
import { MongoClient } from 'mongodb';
import {
  connectSocket,
  ensureRealmUsers,
  getToken,
  infraEnv,
  waitFor,
  type RealmUser,
} from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

// Registrations, the waiting list with its offers, and signed tickets of a trade fair, through the
// gateway, Kafka and the fairs service on FerretDB: never oversold under a race, groups all or
// nothing, the line in order with offers passing down, expiry, trade approval, tickets whose
// signatures verify with the published key, revocation when the fair is cancelled, who reads what.

const OFFER_TTL_SECONDS = 3;
const visitors: RealmUser[] = Array.from({ length: 16 }, (_, i) => ({
  username: `fair-visitor-${i + 1}`,
  role: 'expert',
  org: `inst-fair-${i + 1}`,
  region: 'haidian',
  name: `观众${i + 1}`,
}));
const buyers: RealmUser[] = Array.from({ length: 3 }, (_, i) => ({
  username: `fair-buyer-${i + 1}`,
  role: 'enterprise',
  org: `ent-fair-buyer-${i + 1}`,
  region: 'chaoyang',
  name: `采购商${i + 1}`,
}));

const fairBody = (title: string) => ({
  title,
  description: '淅川香菇、软籽石榴进京展销。',
  pairIds: ['chaoyang-xichuan'],
  venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
  days: [
    { date: '2027-05-18', opensAt: '09:00', closesAt: '17:00' },
    { date: '2027-05-19', opensAt: '09:00', closesAt: '16:00' },
  ],
  zones: [],
  boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 10 }],
});
const company = { name: '北京新发地农产品批发市场', title: '采购经理', phone: '13800138000' };

describe('fair registrations, the waiting list and tickets', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'organiser' | 'other' | 'expert', string>;
  const v: string[] = [];
  const b: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['fairs'],
      config: { fairs: { offerTtlSeconds: OFFER_TTL_SECONDS } },
    });
    url = platform.gateways[0]!.url;
    await ensureRealmUsers([...visitors, ...buyers]);
    t.organiser = await getToken('demo-cadre-county');
    t.other = await getToken('demo-cadre-beijing');
    t.expert = await getToken('demo-expert');
    for (const u of visitors) v.push(await getToken(u.username));
    for (const u of buyers) b.push(await getToken(u.username));
  }, 180_000);

  afterAll(() => platform?.close());

  /** A fair open for visitors with the given ticket types. */
  async function openFair(title: string, types: unknown[]): Promise<string> {
    const created = await api(url, 'POST', '/api/v1/fairs', { token: t.organiser, body: fairBody(title) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const set = await api(url, 'PUT', `/api/v1/fairs/${id}/ticket-types`, {
      token: t.organiser,
      body: { types },
    });
    expect(set.status).toBe(200);
    for (const step of ['open-exhibitors', 'open-visitors'])
      expect((await api(url, 'POST', `/api/v1/fairs/${id}/${step}`, { token: t.organiser })).status).toBe(
        200,
      );
    return id;
  }
  const registerAs = (token: string, fairId: string, body: Record<string, unknown>) =>
    api(url, 'POST', `/api/v1/fairs/${fairId}/registrations`, { token, body });
  const mine = async (token: string, fairId: string) =>
    (await api(url, 'GET', `/api/v1/fairs/${fairId}/registrations/me`, { token })).body;
  const list = async (fairId: string) =>
    (await api(url, 'GET', `/api/v1/fairs/${fairId}/registrations?pageSize=200`, { token: t.organiser }))
      .body;

  it('never oversells under a race, takes a group’s places all or none, and lines up the rest in order', async () => {
    const fairId = await openFair('并发报名测试', [
      { id: 'public', name: '普通观众', kind: 'public', quotaPerDay: 10, perPersonLimit: 4 },
    ]);
    const sizes = [1, 3, 1, 4, 2, 1, 3, 1, 2, 1, 4, 1, 1, 2, 3, 1];
    const answers = await Promise.all(
      sizes.map((size, i) => registerAs(v[i]!, fairId, { typeId: 'public', days: ['2027-05-18'], size })),
    );
    expect(answers.map((a) => a.status)).toEqual(sizes.map(() => 201));
    const page = await list(fairId);
    const regs = page.items as { size: number; status: string; ticketIds: string[]; waitSeq?: number }[];
    const holding = regs.filter((r) => ['confirmed', 'offered'].includes(r.status));
    const held = holding.reduce((sum, r) => sum + r.size, 0);
    expect(held).toBeLessThanOrEqual(10);
    for (const r of regs.filter((r) => r.status === 'confirmed')) expect(r.ticketIds).toHaveLength(r.size);
    for (const r of regs.filter((r) => r.status === 'waiting')) expect(r.ticketIds).toHaveLength(0);
    expect(page.places[0].days[0]).toMatchObject({ quota: 10, left: 10 - held });
    // Nobody left waiting who would fit what is free (first that fits gets an offer).
    await waitFor(async () => {
      const again = (await list(fairId)).items as typeof regs;
      const taken = again
        .filter((r) => ['confirmed', 'offered'].includes(r.status))
        .reduce((s, r) => s + r.size, 0);
      return again.filter((r) => r.status === 'waiting').every((r) => r.size > 10 - taken);
    }, 'the free places offered down the line');
    const line = (await api(url, 'GET', `/api/v1/fairs/${fairId}/waitlist`, { token: t.organiser })).body
      .items as {
      waitSeq: number;
    }[];
    const seqs = line.map((r) => r.waitSeq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    // A second registration of the same person is refused; a repeat of the same is the same.
    const repeat = await registerAs(v[0]!, fairId, { typeId: 'public', days: ['2027-05-18'], size: 1 });
    expect(repeat.body.id).toBe(answers[0]!.body.id);
    expect(
      (await registerAs(v[0]!, fairId, { typeId: 'public', days: ['2027-05-19'], size: 1 })).status,
    ).toBe(409);
  });

  it('offers freed places to the first in line that fits, passes them down on decline and expiry, and never reopens an accepted offer', async () => {
    const fairId = await openFair('候补测试', [
      { id: 'public', name: '普通观众', kind: 'public', quotaPerDay: 2, perPersonLimit: 2 },
    ]);
    const day = { typeId: 'public', days: ['2027-05-18'] };
    const [a, g, c, d, e] = [v[0]!, v[1]!, v[2]!, v[3]!, v[4]!];
    expect((await registerAs(a, fairId, { ...day, size: 2 })).body.status).toBe('confirmed');
    const group = await registerAs(g, fairId, { ...day, size: 2, members: [{ name: '同事甲' }] });
    expect(group.body).toMatchObject({ status: 'waiting', position: 1 });
    expect((await registerAs(c, fairId, day)).body).toMatchObject({ status: 'waiting', position: 2 });
    expect((await registerAs(d, fairId, day)).body).toMatchObject({ status: 'waiting', position: 3 });

    const socket = await connectSocket(url, c);
    const notices: { kind: string; fairId: string }[] = [];
    socket.on('fairs.registration.notice', (data) => notices.push(data));
    try {
      // A cancels: both places go to the group, first in line, which fits.
      expect(
        (await api(url, 'POST', `/api/v1/fairs/${fairId}/registrations/me/cancel`, { token: a })).body.status,
      ).toBe('cancelled');
      await waitFor(async () => (await mine(g, fairId)).status === 'offered', 'the offer to the group');
      expect((await mine(c, fairId)).status).toBe('waiting');
      // The group declines: one place each to the two singles behind it.
      expect(
        (await api(url, 'POST', `/api/v1/fairs/${fairId}/registrations/me/decline-offer`, { token: g })).body
          .status,
      ).toBe('declined');
      await waitFor(async () => (await mine(c, fairId)).status === 'offered', 'the offer to C');
      await waitFor(async () => (await mine(d, fairId)).status === 'offered', 'the offer to D');
      await waitFor(
        () => notices.some((n) => n.kind === 'offered' && n.fairId === fairId),
        'C told of the offer',
      );
      const accepted = await api(url, 'POST', `/api/v1/fairs/${fairId}/registrations/me/accept-offer`, {
        token: c,
      });
      expect(accepted.body).toMatchObject({ status: 'confirmed', ticketIds: [expect.any(String)] });
      // D lets the offer run out.
      await waitFor(async () => (await mine(d, fairId)).status === 'expired', 'D’s offer expired', 20_000);
      const late = await api(url, 'POST', `/api/v1/fairs/${fairId}/registrations/me/accept-offer`, {
        token: d,
      });
      expect(late.status).toBe(409);
      // C cancels after accepting: the place is free for whoever comes next, no old offer comes back.
      await api(url, 'POST', `/api/v1/fairs/${fairId}/registrations/me/cancel`, { token: c });
      expect((await mine(d, fairId)).status).toBe('expired');
      expect((await mine(g, fairId)).status).toBe('declined');
      expect((await registerAs(e, fairId, { ...day, size: 2 })).body.status).toBe('confirmed');
      const types = (await api(url, 'GET', `/api/v1/fairs/${fairId}/ticket-types`, { token: t.expert })).body;
      expect(types.types[0].places[0]).toMatchObject({ quota: 2, left: 0, waiting: 0 });
    } finally {
      socket.close();
    }
  });

  it('holds a trade buyer’s places until approved or rejected, and issues tickets that verify with the fair’s key', async () => {
    const fairId = await openFair('采购商审核测试', [
      {
        id: 'trade',
        name: '专业采购商',
        kind: 'trade',
        quotaPerDay: 3,
        perPersonLimit: 3,
        orgCap: 3,
        askLeadConsent: true,
      },
    ]);
    const body = { typeId: 'trade', days: ['2027-05-18', '2027-05-19'], company, leadConsent: true };
    const noCompany = await registerAs(b[0]!, fairId, { typeId: 'trade', days: ['2027-05-18'] });
    expect(noCompany.status).toBe(400);
    expect(noCompany.body.fields).toEqual([expect.objectContaining({ field: 'company' })]);
    const first = await registerAs(b[0]!, fairId, {
      ...body,
      size: 2,
      name: '张经理',
      members: [{ name: '李采购', organisation: '新发地' }],
    });
    expect(first.body).toMatchObject({ status: 'awaiting-approval', ticketIds: [] });
    const second = await registerAs(b[1]!, fairId, { ...body, size: 1 });
    expect(second.body.status).toBe('awaiting-approval');
    // Places are held while awaiting: a third buyer waits.
    expect((await registerAs(b[2]!, fairId, { ...body, size: 1 })).body.status).toBe('waiting');
    const approverPath = (token: string, step: string) => {
      const userId = first.body.userId as string;
      return api(url, 'POST', `/api/v1/fairs/${fairId}/registrations/${userId}/${step}`, {
        token,
        ...(step === 'reject' ? { body: { reason: '资料不全' } } : {}),
      });
    };
    expect((await approverPath(t.other, 'approve')).status).toBe(403);
    const approved = await approverPath(t.organiser, 'approve');
    expect(approved.body).toMatchObject({ status: 'confirmed' });
    expect(approved.body.ticketIds).toHaveLength(2);
    const rejected = await api(
      url,
      'POST',
      `/api/v1/fairs/${fairId}/registrations/${second.body.userId}/reject`,
      { token: t.organiser, body: { reason: '非采购单位' } },
    );
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '非采购单位' });
    // The freed place goes to the waiting buyer.
    await waitFor(
      async () => (await mine(b[2]!, fairId)).status === 'offered',
      'the offer to the third buyer',
    );

    const tickets = (await api(url, 'GET', '/api/v1/me/tickets', { token: b[0]! })).body.items as {
      id: string;
      token: string;
      holder: { name: string; organisation?: string };
      days: string[];
      leadConsent: boolean;
    }[];
    expect(tickets.map((x) => x.holder.name).sort()).toEqual(['张经理', '李采购'].sort());
    const key = (await api(url, 'GET', `/api/v1/fairs/${fairId}/ticket-key`, { token: t.expert })).body;
    const publicKey = createPublicKey({ key: key.jwk, format: 'jwk' });
    for (const ticket of tickets) {
      const [prefix, payload, signature] = ticket.token.split('.') as [string, string, string];
      expect(prefix).toBe('QS1');
      expect(
        verify(null, Buffer.from(`${prefix}.${payload}`), publicKey, Buffer.from(signature, 'base64url')),
      ).toBe(true);
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
        tid: ticket.id,
        fid: fairId,
        typ: 'trade',
        days: ['2027-05-18', '2027-05-19'],
        v: 1,
        kid: key.kid,
      });
      expect(ticket.leadConsent).toBe(true);
      const forged = `${prefix}.${payload}.${Buffer.from('x'.repeat(64)).toString('base64url')}`;
      const [, , badSig] = forged.split('.') as [string, string, string];
      expect(
        verify(null, Buffer.from(`${prefix}.${payload}`), publicKey, Buffer.from(badSig, 'base64url')),
      ).toBe(false);
    }
    // Who reads what: the holder and the organiser's staff read a ticket; others do not.
    const one = tickets[0]!.id;
    expect((await api(url, 'GET', `/api/v1/tickets/${one}`, { token: b[0]! })).status).toBe(200);
    expect((await api(url, 'GET', `/api/v1/tickets/${one}`, { token: t.organiser })).status).toBe(200);
    expect((await api(url, 'GET', `/api/v1/tickets/${one}`, { token: b[1]! })).status).toBe(404);
    expect((await api(url, 'GET', `/api/v1/fairs/${fairId}/registrations`, { token: b[0]! })).status).toBe(
      403,
    );
    expect((await api(url, 'GET', `/api/v1/fairs/${fairId}/revocations`, { token: t.expert })).status).toBe(
      403,
    );
    // A changed name re-signs that ticket: the old version is on the revocation list.
    const changed = await api(url, 'PATCH', `/api/v1/fairs/${fairId}/registrations/me`, {
      token: b[0]!,
      body: { members: [{ name: '王采购', organisation: '新发地' }] },
    });
    expect(changed.status).toBe(200);
    const revocations = (await api(url, 'GET', `/api/v1/fairs/${fairId}/revocations`, { token: t.organiser }))
      .body;
    expect(revocations.entries).toEqual([expect.objectContaining({ version: 2, revoked: false })]);
    const since = revocations.seq as number;
    expect(
      (await api(url, 'GET', `/api/v1/fairs/${fairId}/revocations?since=${since}`, { token: t.organiser }))
        .body.entries,
    ).toEqual([]);
  });

  it('cancels every registration, revokes every ticket and tells everyone when the fair is cancelled', async () => {
    const fairId = await openFair('取消展会测试', [
      { id: 'public', name: '普通观众', kind: 'public', quotaPerDay: 3, perPersonLimit: 3 },
    ]);
    const day = { typeId: 'public', days: ['2027-05-19'] };
    await registerAs(v[5]!, fairId, { ...day, size: 3 });
    await registerAs(v[6]!, fairId, day);
    const mineBefore = (await api(url, 'GET', `/api/v1/me/tickets?fairId=${fairId}`, { token: v[5]! })).body
      .items;
    expect(mineBefore).toHaveLength(3);
    const socket = await connectSocket(url, v[6]!);
    const notices: { kind: string; fairId: string }[] = [];
    socket.on('fairs.registration.notice', (data) => notices.push(data));
    try {
      const cancel = await api(url, 'POST', `/api/v1/fairs/${fairId}/cancel`, {
        token: t.organiser,
        body: { reason: '场馆检修，改期举办' },
      });
      expect(cancel.status).toBe(200);
      await waitFor(
        async () => (await list(fairId)).items.every((r: { status: string }) => r.status === 'cancelled'),
        'every registration cancelled',
        20_000,
      );
      await waitFor(
        () => notices.some((n) => n.kind === 'cancelled' && n.fairId === fairId),
        'the waiting one told',
      );
    } finally {
      socket.close();
    }
    const after = (await api(url, 'GET', `/api/v1/me/tickets?fairId=${fairId}`, { token: v[5]! })).body
      .items as {
      status: string;
      token?: string;
    }[];
    expect(after.map((x) => x.status)).toEqual(['revoked', 'revoked', 'revoked']);
    expect(after.every((x) => x.token === undefined)).toBe(true);
    const revocations = (await api(url, 'GET', `/api/v1/fairs/${fairId}/revocations`, { token: t.organiser }))
      .body;
    expect(revocations.fairCancelled).toBe(true);
    expect(revocations.entries).toHaveLength(3);
    expect(revocations.entries.every((e: { revoked: boolean }) => e.revoked)).toBe(true);
    const me = await mine(v[5]!, fairId);
    expect(me.reason).toContain('场馆检修');
  });

  it('recounts a fair’s ledger from its registrations after a crash left it behind', async () => {
    const fairId = await openFair('账本修复测试', [
      { id: 'public', name: '普通观众', kind: 'public', quotaPerDay: 5, perPersonLimit: 3 },
    ]);
    expect(
      (await registerAs(v[7]!, fairId, { typeId: 'public', days: ['2027-05-18'], size: 2 })).body.status,
    ).toBe('confirmed');
    const client = await MongoClient.connect(infraEnv().mongoUrl);
    try {
      const db = client.db(platform.databases['fairs']);
      const pool = 'public@2027-05-18';
      // A crash between writes: places counted for nobody, and a registration stuck half-way.
      await db
        .collection('fair_ledgers')
        .updateOne({ _id: fairId } as never, { $inc: { [`taken.${pool}`]: 3 } });
      const long = new Date(Date.now() - 5 * 60_000);
      await db.collection('fair_registrations').insertOne({
        _id: `${fairId}:crashed-user`,
        fairId,
        userId: 'crashed-user',
        attempt: 1,
        typeId: 'public',
        kind: 'public',
        days: ['2027-05-18'],
        size: 1,
        name: '半途',
        members: [],
        leadConsent: false,
        status: 'pending',
        ticketIds: [],
        history: [{ status: 'pending', at: long }],
        ledgerDue: 'step-lost',
        version: 1,
        createdAt: long,
        updatedAt: long,
        outbox: [],
        outboxPending: false,
      } as never);
      const full = await registerAs(v[8]!, fairId, { typeId: 'public', days: ['2027-05-18'], size: 1 });
      expect(full.body.status).toBe('waiting');
      // A restart repairs it: the stuck registration fails, the ledger is recounted, the line moves.
      const second = await platform.addInstance('fairs');
      // (Its offer runs out in a few seconds here: its history says it was made.)
      await waitFor(
        async () =>
          (await mine(v[8]!, fairId)).history.some((h: { status: string }) => h.status === 'offered'),
        'the line moved after the repair',
      );
      await second.close();
      const ledger = await db.collection('fair_ledgers').findOne({ _id: fairId } as never);
      const offered = (await mine(v[8]!, fairId)).status === 'offered';
      // 2 confirmed, and the offer while it lasts: the 3 places counted for nobody are gone.
      expect(ledger?.['taken'][pool]).toBe(offered ? 3 : 2);
      expect(ledger?.['waiting'][pool]).toBe(0);
      const stuck = await db
        .collection('fair_registrations')
        .findOne({ _id: `${fairId}:crashed-user` } as never);
      expect(stuck?.['status']).toBe('failed');
    } finally {
      await client.close();
    }
  });
});
