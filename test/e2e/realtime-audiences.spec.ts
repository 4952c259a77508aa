import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import {
  DOMAINS,
  EVENTS,
  EVENT_TOPICS,
  WAITLIST_POSITION_EVENT,
  type AnyEvent,
  type EventTopic,
} from '@qingshui/contracts';
import {
  connectSocket,
  DEMO_EXPERT_PROFILES,
  decodeJwt,
  ensureRealmUsers,
  getToken,
  waitFor,
} from '@qingshui/testing';
import { api } from '../support/platform';
import { inHours, inSeconds, StationsHarness } from '../support/stations';

/**
 * Realtime follows REST, checked from outside: people of every kind hold sockets in every room
 * they may join while the platform produces every event type of talent, stations and fairs
 * (investment's are realtime-audiences-investment.spec.ts's); then each event a socket received
 * is checked against what that person may read over REST. Whoever got an event in
 * full must be entitled to it (the expert concerned, the host side, those concerned with a
 * challenge…); everyone else got the declared public view: no actor, no correlation, nothing but
 * the fields of that view.
 */
const OBSERVERS = {
  /** The organisation that posts the challenges (淅川, ent-qushou-agri). */
  enterprise: 'demo-enterprise',
  /** Books, applies (leading a team), is reminded and checked in (海淀, 北京林业大学). */
  expert: 'demo-expert',
  /** Team member, waits in lines, takes offers (东城). */
  expert2: 'demo-expert2',
  /** A cadre of 淅川: hosts the station (gov-xichuan). */
  cadreCounty: 'demo-cadre-county',
  /** A cadre of 朝阳, the paired district: watches 淅川's room. */
  cadreBeijing: 'demo-cadre-beijing',
  admin: 'demo-admin',
  /** An enterprise of the county that posts nothing: in 淅川's region room. */
  countyEnterprise: 'aud-ent-xichuan',
  /** An expert living in the county: applies too, waits, expires. */
  countyExpert: 'aud-expert-xichuan',
  /** An expert of the host organisation (gov-xichuan), not its staff. */
  hostExpert: 'aud-host-expert',
} as const;
type Observer = keyof typeof OBSERVERS;
/**
 * The services whose every event type this suite produces; each later service has its own
 * realtime-audiences-<service>.spec.ts (investment's, exchange's).
 */
const COVERED_SERVICES = ['talent.', 'stations.', 'fairs.'] as const;
const covered = (topic: string) => COVERED_SERVICES.some((prefix) => topic.startsWith(prefix));

/** What the fairs' events name: each record with its fair. */
interface FairPayload {
  fairId?: string;
  fair?: { id: string };
  application?: { fairId: string; enterprise: { orgId: string } };
  ledger?: { fairId: string };
  registration?: { fairId: string; userId: string };
  ticket?: { fairId: string; holder: { userId: string } };
  counts?: { fairId: string };
  lead?: { id: string; fairId: string };
}

/** What an event's payload names: records by id, and the people concerned. */
type Payload = Record<string, { id: string; userId?: string } | undefined>;

interface Received {
  observer: Observer;
  event: string;
  data: { type?: string; actor?: string; correlationId?: string; causationId?: string; payload?: Payload };
}

describe('realtime audiences: nobody receives over a socket what they could not read over REST', () => {
  const h = new StationsHarness();
  const tokens = {} as Record<Observer, string>;
  const userIds = {} as Record<Observer, string>;
  const sockets = {} as Record<Observer, Socket>;
  const received: Received[] = [];
  let url: string;

  const post = (who: Observer, path: string, body?: unknown) =>
    api(url, 'POST', `/api/v1${path}`, { token: tokens[who], ...(body !== undefined ? { body } : {}) });
  const patch = (who: Observer, path: string, body: unknown) =>
    api(url, 'PATCH', `/api/v1${path}`, { token: tokens[who], body });
  const subscribe = async (who: Observer, room: string) =>
    sockets[who].timeout(5000).emitWithAck('subscribe', { room }) as Promise<{ ok: boolean }>;
  const seenTopic = (topic: string) => received.some((r) => r.event === topic);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    await ensureRealmUsers([
      {
        username: OBSERVERS.countyEnterprise,
        role: 'enterprise',
        org: 'ent-xichuan-other',
        region: 'xichuan',
      },
      { username: OBSERVERS.countyExpert, role: 'expert', org: 'inst-xichuan-farm', region: 'xichuan' },
      { username: OBSERVERS.hostExpert, role: 'expert', org: 'gov-xichuan', region: 'xichuan' },
    ]);
    await h.start({
      withTalent: true,
      services: ['talent', 'stations', 'fairs'],
      // An offer of a fair's place expires while the test watches.
      config: { fairs: { offerTtlSeconds: 2 } },
    });
    url = h.url;
    for (const [who, username] of Object.entries(OBSERVERS) as [Observer, string][]) {
      tokens[who] = await getToken(username);
      userIds[who] = String(decodeJwt(tokens[who])['sub']);
      const socket = await connectSocket(url, tokens[who]);
      socket.onAny((event: string, data: Received['data']) => received.push({ observer: who, event, data }));
      sockets[who] = socket;
    }
    // The paired district's cadre and the admin watch the county's (and the pair's) rooms.
    expect(await subscribe('cadreBeijing', 'region:xichuan')).toEqual({ ok: true });
    for (const room of ['region:xichuan', 'region:chaoyang', 'pair:chaoyang-xichuan', 'region:haidian'])
      expect(await subscribe('admin', room)).toEqual({ ok: true });
  }, 180_000);

  afterAll(async () => {
    Object.values(sockets).forEach((s) => s.close());
    await h.stop();
  }, 60_000);

  it('produces every event type of talent, stations and fairs while everyone watches', async () => {
    // --- the expert pool ---
    const profiles: Partial<Record<Observer, string>> = {};
    for (const who of ['expert', 'expert2', 'countyExpert'] as const) {
      const body =
        who === 'countyExpert'
          ? {
              ...DEMO_EXPERT_PROFILES['demo-expert2'],
              name: '王磊',
              region: 'xichuan',
              institution: '淅川县农科所',
            }
          : DEMO_EXPERT_PROFILES[OBSERVERS[who] as keyof typeof DEMO_EXPERT_PROFILES];
      const created = await post(who, '/experts', body);
      expect(created.status).toBe(201);
      profiles[who] = created.body.id;
    }
    for (const who of Object.keys(OBSERVERS) as Observer[])
      for (const expertId of Object.values(profiles)) await subscribe(who, `expert:${expertId}`);
    expect((await patch('expert', `/experts/${profiles.expert}`, { title: '二级教授' })).status).toBe(200);

    // --- a challenge through its whole life, with two applications ---
    const draft = await post('enterprise', '/challenges', {
      title: '软籽石榴病虫害绿色防控',
      publicSummary: '淅川县软籽石榴基地寻求不依赖高毒农药的绿色防控方案，兼顾库区水质保护。',
      confidentialDetails: '基地位于上集镇，面积1200亩。',
      field: 'agriculture',
      requiredSkills: ['病虫害防治'],
      county: 'xichuan',
      deadline: inHours(48),
      terms: { ip: 'shared', confidentiality: true },
    });
    expect(draft.status).toBe(201);
    const challenge = draft.body.id as string;
    // Before it is published, only those concerned may watch it.
    for (const who of Object.keys(OBSERVERS) as Observer[]) await subscribe(who, `challenge:${challenge}`);
    expect(
      (await patch('enterprise', `/challenges/${challenge}`, { title: '软籽石榴病害绿色防控' })).status,
    ).toBe(200);
    expect((await post('enterprise', `/challenges/${challenge}/publish`)).status).toBe(200);
    for (const who of Object.keys(OBSERVERS) as Observer[])
      expect(await subscribe(who, `challenge:${challenge}`)).toEqual({ ok: true });
    expect((await patch('enterprise', `/challenges/${challenge}`, { deadline: inHours(72) })).status).toBe(
      200,
    );
    for (const who of ['expert', 'countyExpert'] as const)
      expect((await post(who, `/challenges/${challenge}/terms/accept`)).status).toBe(200);
    const team = await post('expert', `/challenges/${challenge}/applications`, {
      proposal: '采用性诱剂、天敌释放与生物农药的绿色防控组合，配套生态沟渠拦截径流。',
      teamExpertIds: [profiles.expert2],
    });
    expect(team.status).toBe(201);
    const alone = await post('countyExpert', `/challenges/${challenge}/applications`, {
      proposal: '以县农科所示范田为基础，推广抗病品种与套袋栽培。',
    });
    expect(alone.status).toBe(201);
    expect(
      (await post('enterprise', `/challenges/${challenge}/applications/${team.body.id}/shortlist`)).status,
    ).toBe(200);
    expect(
      (
        await post('enterprise', `/challenges/${challenge}/applications/${alone.body.id}/reject`, {
          reason: '方案覆盖面不足',
        })
      ).status,
    ).toBe(200);
    expect((await post('enterprise', `/challenges/${challenge}/close`)).status).toBe(200);
    expect(
      (await post('enterprise', `/challenges/${challenge}/award`, { applicationId: team.body.id })).status,
    ).toBe(200);
    expect((await post('expert2', `/challenges/${challenge}/deliver`)).status).toBe(200);
    expect((await post('enterprise', `/challenges/${challenge}/complete`)).status).toBe(200);
    const other = await post('enterprise', '/challenges', {
      title: '香菇菌棒杂菌污染防控',
      publicSummary: '西峡香菇菌棒杂菌污染率偏高，征集防控方案。',
      field: 'agriculture',
      county: 'xichuan',
      deadline: inHours(48),
      terms: { ip: 'poster', confidentiality: false },
    });
    expect((await post('enterprise', `/challenges/${other.body.id}/publish`)).status).toBe(200);
    expect(
      (await post('enterprise', `/challenges/${other.body.id}/cancel`, { reason: '需求已由本地团队解决' }))
        .status,
    ).toBe(200);

    // --- a workstation and its slots ---
    const station = (await h.newStation('淅川县中医药专家工作站')).id;
    const slot = (body: Record<string, unknown>) => h.newSlot(body, station);
    const a = await slot({ capacity: 1, offerTtlSeconds: 3 });
    const b = await slot({ capacity: 3, approvalRequired: true, approvalTtlSeconds: 3 });
    const c = await slot({ capacity: 2, start: inHours(100), end: inHours(110) });
    const d = await slot({ capacity: 2, start: inHours(120), end: inHours(130) });
    const f = await slot({ capacity: 2, start: inHours(140), end: inHours(150) });
    for (const who of Object.keys(OBSERVERS) as Observer[]) {
      expect(await subscribe(who, `station:${station}`)).toEqual({ ok: true });
      for (const s of [a, b, c, d, f]) expect(await subscribe(who, `slot:${s.id}`)).toEqual({ ok: true });
    }
    const book = (who: Observer, slotId: string) => post(who, `/slots/${slotId}/bookings`);
    // Slot E starts in 15 s (its station's room hears of it): reminded 6 s before, no-shows swept at the start.
    const e = await slot({
      capacity: 2,
      start: inSeconds(15),
      end: inHours(1),
      reminderLeadSeconds: 6,
      noShowGraceSeconds: 0,
    });

    const eFirst = await book('expert', e.id);
    expect(eFirst.body.outcome).toBe('confirmed');
    expect((await book('expert2', e.id)).body.outcome).toBe('confirmed');
    expect((await post('cadreCounty', `/bookings/${eFirst.body.booking.id}/check-in`, {})).status).toBe(200);

    // Slot A, one seat: the line, leaving it, a cancellation with a reason, offers.
    const aFirst = await book('expert', a.id);
    expect(aFirst.body.outcome).toBe('confirmed');
    expect((await book('expert2', a.id)).body.outcome).toBe('waitlisted');
    expect((await book('countyExpert', a.id)).body.outcome).toBe('waitlisted');
    expect(
      (await api(url, 'DELETE', `/api/v1/slots/${a.id}/waitlist`, { token: tokens.countyExpert })).status,
    ).toBe(200);
    expect(
      (await post('expert', `/bookings/${aFirst.body.booking.id}/cancel`, { reason: '私人原因：家中有事' }))
        .status,
    ).toBe(200);
    expect((await post('expert2', `/slots/${a.id}/offer/decline`)).status).toBe(200);
    const hostBooking = await book('hostExpert', a.id);
    expect(hostBooking.body.outcome).toBe('confirmed');
    expect((await book('expert2', a.id)).body.outcome).toBe('waitlisted');
    expect((await book('countyExpert', a.id)).body.outcome).toBe('waitlisted');
    expect(
      (
        await post('hostExpert', `/bookings/${hostBooking.body.booking.id}/cancel`, {
          reason: '单位临时任务',
        })
      ).status,
    ).toBe(200);
    const accepted = await post('expert2', `/slots/${a.id}/offer/accept`);
    expect(accepted.status).toBe(200);
    // The seat freed again goes to the one left in line, who lets the offer run out.
    expect(
      (await post('expert2', `/bookings/${accepted.body.id}/cancel`, { reason: '行程冲突' })).status,
    ).toBe(200);

    // Slot B needs approval: one approved, one rejected, one left to expire.
    const bFirst = await book('expert', b.id);
    expect(bFirst.body.outcome).toBe('pending');
    expect((await post('cadreCounty', `/bookings/${bFirst.body.booking.id}/approve`)).status).toBe(200);
    const bSecond = await book('expert2', b.id);
    expect(
      (await post('cadreCounty', `/bookings/${bSecond.body.booking.id}/reject`, { reason: '名额已满' }))
        .status,
    ).toBe(200);
    expect((await book('countyExpert', b.id)).body.outcome).toBe('pending');

    // Rescheduling from C to D, and calling F off with a booking on it.
    const cBooking = await book('expert', c.id);
    expect(
      (await post('expert', `/bookings/${cBooking.body.booking.id}/reschedule`, { slotId: d.id })).status,
    ).toBe(200);
    expect((await book('expert2', f.id)).body.outcome).toBe('confirmed');
    expect(
      (await post('cadreCounty', `/slots/${f.id}/cancel`, { reason: '道路中断，活动取消' })).status,
    ).toBe(200);

    // The timed ones: offer and approval expiries, the reminder, the no-show sweep.
    await waitFor(
      () =>
        [
          'stations.offer.expired.v1',
          'stations.booking.expired.v1',
          'stations.booking.reminder.v1',
          'stations.booking.no-show.v1',
        ].every(seenTopic),
      'the timed events',
      30_000,
    );
    // A fair of 淅川 for its pair: a draft (its organiser's staff and the pair's cadres only),
    // changed, opened to exhibitors (now everyone's), then called off.
    const fair = await post('cadreCounty', '/fairs', {
      title: '2027 淅川农产品北京推介会',
      pairIds: ['chaoyang-xichuan'],
      venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
      days: [{ date: '2027-05-18', opensAt: '09:00', closesAt: '17:00' }],
      boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 40 }],
    });
    expect(fair.status).toBe(201);
    expect(
      (await patch('cadreCounty', `/fairs/${fair.body.id}`, { description: '香菇、猕猴桃、软籽石榴进京' }))
        .status,
    ).toBe(200);
    expect((await post('cadreCounty', `/fairs/${fair.body.id}/open-exhibitors`)).status).toBe(200);
    expect(
      (await post('cadreCounty', `/fairs/${fair.body.id}/cancel`, { reason: '场馆检修，改期举办' })).status,
    ).toBe(200);

    await runFair();
    await sleep(1500);
    const missing = EVENT_TOPICS.filter((topic) => covered(topic) && !seenTopic(topic));
    expect(missing).toEqual([]);
  }, 180_000);

  const put = (who: Observer, path: string, body: unknown) =>
    api(url, 'PUT', `/api/v1${path}`, { token: tokens[who], body });
  const ok = async (answer: Promise<{ status: number; body: { [key: string]: unknown } }>) => {
    const { status, body } = await answer;
    if (status >= 300) throw new Error(`HTTP ${status}: ${JSON.stringify(body)}`);
    return body;
  };

  /**
   * A fair of 淅川 that runs its course while everyone watches: booth rules, exhibitors applying,
   * reviewed, changing and withdrawing; ticket types, registrations with a line, offers declined
   * and expired, a trade buyer refused, tickets changed and revoked; a door scan and a booth lead.
   */
  async function runFair(): Promise<void> {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const id = (
      await ok(
        post('cadreCounty', '/fairs', {
          title: '2027 淅川香菇与软籽石榴展销周',
          pairIds: ['chaoyang-xichuan'],
          venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
          days: [{ date: today, opensAt: '00:00', closesAt: '23:59' }],
          boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 10 }],
        }),
      )
    )['id'] as string;
    const at = `/fairs/${id}`;
    await ok(
      put('cadreCounty', `${at}/ticket-types`, {
        types: [
          { id: 'public', name: '普通观众', kind: 'public', quotaPerDay: 1, askLeadConsent: true },
          { id: 'trade', name: '专业采购商', kind: 'trade', quotaPerDay: 5, perPersonLimit: 2 },
        ],
      }),
    );
    await ok(post('cadreCounty', `${at}/open-exhibitors`));
    for (const who of Object.keys(OBSERVERS) as Observer[]) await subscribe(who, `fair:${id}`);
    await ok(put('cadreCounty', `${at}/booth-rules`, { maxBoothsPerEnterprise: 2, reservedPerCounty: [] }));
    const application = (name: string) => ({
      enterpriseName: name,
      products: [{ name: '淅川软籽石榴', category: '水果', county: 'xichuan', certifications: ['地理标志'] }],
      boothTypeId: 'std',
      booths: 1,
      note: '需要一台冷柜',
    });
    const mine = `${at}/exhibitors/ent-qushou-agri`;
    await ok(put('enterprise', mine, application('淅川县渠首农业有限公司')));
    await ok(post('enterprise', `${mine}/submit`));
    await ok(post('cadreCounty', `${mine}/notes`, { text: '资质齐全（内部备注）' }));
    await ok(post('cadreCounty', `${mine}/accept`));
    await ok(put('enterprise', mine, { ...application('淅川县渠首农业有限公司'), note: '需要两台冷柜' }));
    await ok(post('cadreCounty', `${mine}/changes/approve`));
    const other = `${at}/exhibitors/ent-xichuan-other`;
    await ok(put('countyEnterprise', other, application('淅川县丹江茶业合作社')));
    await ok(post('countyEnterprise', `${other}/submit`));
    await ok(post('cadreCounty', `${other}/waitlist`));
    await ok(post('cadreCounty', `${other}/reject`, { reason: '展位已满' }));

    await ok(post('cadreCounty', `${at}/open-visitors`));
    const register = (who: Observer, body: Record<string, unknown>) =>
      ok(post(who, `${at}/registrations`, { days: [today], ...body }));
    // One public place: the expert has it, expert2 and the county's expert wait in that order.
    await register('expert', { typeId: 'public', leadConsent: true });
    await register('expert2', { typeId: 'public' });
    await register('countyExpert', { typeId: 'public' });
    // The trade buyer's request waits for the organiser, who turns it down.
    await register('enterprise', {
      typeId: 'trade',
      company: { name: '淅川县渠首农业有限公司', title: '采购经理', phone: '13800138000' },
    });
    const buyer = (await ok(api(url, 'GET', `/api/v1${at}/registrations/me`, { token: tokens.enterprise })))[
      'userId'
    ] as string;
    await ok(post('cadreCounty', `${at}/registrations/${buyer}/reject`, { reason: '非采购单位' }));
    // The expert's ticket: renamed (re-issued), scanned at the door, scanned at the booth.
    await ok(
      api(url, 'PATCH', `/api/v1${at}/registrations/me`, {
        token: tokens.expert,
        body: { name: '李明', members: [] },
      }),
    );
    const ticket = (
      (await ok(api(url, 'GET', '/api/v1/me/tickets', { token: tokens.expert })))['items'] as {
        fairId: string;
        token: string;
      }[]
    ).find((t) => t.fairId === id)!;
    await ok(post('cadreCounty', `${at}/scans`, { token: ticket.token, nonce: `n-${id}`, gate: '东门' }));
    await ok(post('enterprise', `${at}/leads`, { token: ticket.token, rating: 4, notes: '想采购石榴' }));
    // The expert gives the place back: expert2 is offered it and declines, the next lets it expire.
    await ok(post('expert', `${at}/registrations/me/cancel`));
    await waitFor(() => seenTopic('fairs.registration.offered.v1'), 'the first offer');
    await ok(post('expert2', `${at}/registrations/me/decline-offer`));
    await waitFor(() => seenTopic('fairs.registration.offer-expired.v1'), 'the expired offer', 30_000);
    // Last, the exhibitor withdraws.
    await ok(post('enterprise', `${mine}/withdraw`));
    await waitFor(
      () =>
        ['fairs.checkin.counts-changed.v1', 'fairs.lead.captured.v1', 'fairs.ticket.revoked.v1'].every(
          seenTopic,
        ),
      'the door, the booth and the revoked ticket',
    );
  }

  // What each person may read over REST, asked once per record.
  const reads = new Map<string, Promise<{ status: number; body: Record<string, unknown> }>>();
  const read = (who: Observer, path: string) => {
    const key = `${who} ${path}`;
    if (!reads.has(key))
      reads.set(
        key,
        api(url, 'GET', `/api/v1${path}`, { token: tokens[who] }).then((r) => ({
          status: r.status,
          body: r.body,
        })),
      );
    return reads.get(key)!;
  };

  /** The fair an event of the fairs service is about, whatever its record. */
  const fairIdOf = (p: FairPayload): string =>
    p.fair?.id ??
    p.application?.fairId ??
    p.ledger?.fairId ??
    p.registration?.fairId ??
    p.ticket?.fairId ??
    p.counts?.fairId ??
    p.lead?.fairId ??
    p.fairId!;

  /** The full event of a fair's record: its managers, and the people the record is theirs. */
  async function entitledToFairEvent(who: Observer, p: FairPayload): Promise<boolean> {
    const fairId = fairIdOf(p);
    const manages = (await read(who, `/fairs/${fairId}`)).body['canManage'] === true;
    if (manages) return true;
    if (p.application)
      return (
        (await read(who, `/fairs/${fairId}/exhibitors/${p.application.enterprise.orgId}`)).body[
          'enterprise'
        ] !== undefined
      );
    if (p.registration) return p.registration.userId === userIds[who];
    if (p.ticket) return p.ticket.holder.userId === userIds[who];
    if (p.counts) return (await read(who, `/fairs/${fairId}/counts`)).status === 200;
    if (p.lead) {
      const leads = await read(who, `/fairs/${fairId}/leads/mine`);
      return ((leads.body['items'] ?? []) as { id: string }[]).some((l) => l.id === p.lead!.id);
    }
    // The fair itself, its booth ledger, a reviewer's note, its ticket types: the managers only.
    return false;
  }

  /** May this person read, over REST, everything the full event says? */
  async function entitledToFull(who: Observer, topic: string, payload: Payload): Promise<boolean> {
    const concerning = payload['userId'] as unknown as string | undefined;
    if (topic.startsWith('fairs.')) return entitledToFairEvent(who, payload as FairPayload);
    if (topic === 'stations.station.created.v1')
      return (await read(who, `/stations/${payload['station']!.id}`)).body['canManage'] === true;
    if (topic.startsWith('stations.')) {
      if (concerning === userIds[who]) return true;
      return (await read(who, `/slots/${payload['slot']!.id}`)).body['canManage'] === true;
    }
    if (topic.startsWith('talent.expert.')) return payload['expert']!.userId === userIds[who];
    const challengeId = payload['challenge']!.id;
    if (topic.startsWith('talent.application.')) {
      const listed = await read(who, `/challenges/${challengeId}/applications`);
      const ids = ((listed.body['items'] ?? []) as { id: string }[]).map((x) => x.id);
      return ids.includes(payload['application']!.id);
    }
    if (topic === 'talent.challenge.terms-accepted.v1') return concerning === userIds[who];
    return (await read(who, `/challenges/${challengeId}`)).body['canSeeConfidential'] === true;
  }

  /** May this person read the record the event is about at all? */
  async function mayRead(who: Observer, topic: string, payload: Payload): Promise<boolean> {
    if (topic.startsWith('talent.challenge.') || topic.startsWith('talent.application.'))
      return (await read(who, `/challenges/${payload['challenge']!.id}`)).status === 200;
    if (topic.startsWith('talent.expert.'))
      return (await read(who, `/experts/${payload['expert']!.id}`)).status === 200;
    if (topic.startsWith('fairs.'))
      return (await read(who, `/fairs/${fairIdOf(payload as FairPayload)}`)).status === 200;
    if (topic === 'stations.station.created.v1')
      return (await read(who, `/stations/${payload['station']!.id}`)).status === 200;
    return (await read(who, `/slots/${payload['slot']!.id}`)).status === 200;
  }

  it('gives the full event only to people entitled to all of it, over REST', async () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      const contract = EVENTS.get(event);
      if (!contract || data.actor === undefined) continue;
      if (!(await entitledToFull(observer, event, data.payload!)))
        wrong.push(`${observer} got ${event} in full (actor ${data.actor})`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('gives everyone else the declared public view: no actor, no correlation, no other field', async () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      const contract: AnyEvent | undefined = EVENTS.get(event);
      if (!contract || data.actor !== undefined) continue;
      if (data.correlationId !== undefined || data.causationId !== undefined)
        wrong.push(`${observer} got ${event} with correlation ids`);
      if (!contract.publicView.schema.safeParse(data.payload).success)
        wrong.push(
          `${observer} got ${event} with fields beyond its public view: ${Object.keys(data.payload ?? {})}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  it('sends nobody an event about a record they may not read', async () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      if (!EVENTS.has(event)) continue;
      if (!(await mayRead(observer, event, data.payload!))) wrong.push(`${observer} got ${event}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('delivers every event type in full to someone it concerns', () => {
    const inFull = new Set(received.filter((r) => r.data.actor !== undefined).map((r) => r.event));
    expect(EVENT_TOPICS.filter((t: EventTopic) => covered(t) && !inFull.has(t))).toEqual([]);
  });

  it('leaves no service’s events unchecked: every other domain has its own audience suite', () => {
    const others = DOMAINS.map((d) => d.name).filter((name) => !covered(`${name}.`));
    expect(
      others.filter((name) => !existsSync(join(__dirname, `realtime-audiences-${name}.spec.ts`))),
    ).toEqual([]);
  });

  it('tells the places in a line only to the people in it', () => {
    const told = new Set(received.filter((r) => r.event === WAITLIST_POSITION_EVENT).map((r) => r.observer));
    expect(told.size).toBeGreaterThan(0);
    for (const who of told) expect(['expert', 'expert2', 'countyExpert']).toContain(who);
  });

  it('no longer leaks what the issue found', () => {
    const got = (who: Observer, event: string) =>
      received.filter((r) => r.observer === who && r.event === event).map((r) => r.data);
    // An enterprise of the county hears that bookings were cancelled and seats offered, not who or why.
    for (const event of ['stations.booking.cancelled.v1', 'stations.offer.made.v1']) {
      const seen = got('countyEnterprise', event);
      expect(seen.length).toBeGreaterThan(0);
      for (const data of seen) {
        expect(data.actor).toBeUndefined();
        expect(Object.keys(data.payload ?? {})).toEqual(['slot']);
      }
    }
    // A signed-in outsider watching a published challenge hears an application came, not from whom.
    const applications = got('hostExpert', 'talent.application.submitted.v1');
    expect(applications.length).toBeGreaterThan(0);
    for (const data of applications) expect(Object.keys(data.payload ?? {})).toEqual(['challenge']);
    // Watchers of a slot get its seat counts without the envelope's actor.
    const watched = got('countyEnterprise', 'stations.booking.confirmed.v1');
    expect(watched.length).toBeGreaterThan(0);
    for (const data of watched) expect(data).not.toHaveProperty('actor');
  });
});
