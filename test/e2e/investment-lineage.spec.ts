import type { Producer } from 'kafkajs';
import { createEnvelope, type Envelope, type EventTopic } from '@qingshui/contracts';
import { createKafka, outboxEntry, scoped, toKafkaMessage } from '@qingshui/messaging';
import { EVENT_SAMPLES, getToken, waitFor } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

// Lineage (issue #11, item 8) through the real topics and the investment service: a booth scan
// produced on fairs.lead.captured.v1 becomes one lead with its origin chain (fair, booth,
// exhibitor), a replay changes nothing, a rescan is one activity; an awarded challenge's two
// events become one lead with origin `challenge`. The fairs and talent services are not started:
// their events are produced as they would write them (the contracts' samples, with this run's ids).

const RUN = Date.now().toString(36);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

interface Card {
  id: string;
  title: string;
  enterpriseName: string;
  originKind: string;
}
interface LeadView {
  id: string;
  county: string;
  enterprise: { enterpriseId: string; name: string };
  origin: Record<string, unknown>;
  originChain: Record<string, unknown>[];
  activities: { eventId?: string; kind: string }[];
}

describe('lineage: leads from fair scans and awarded challenges (线索溯源)', () => {
  let platform: Platform;
  let url: string;
  let admin: string;
  let producer: Producer;
  const environment = () => platform.environment;

  const send = async (envelope: Envelope) => {
    const topic = envelope.type as EventTopic;
    await producer.send({
      topic: scoped(environment(), topic),
      messages: [toKafkaMessage(outboxEntry(topic, envelope))],
    });
  };
  const event = (topic: EventTopic, key: string, payload: unknown) =>
    createEnvelope({ type: topic, key, actor: 'u-producer', payload });

  const leadsOf = async (county: string): Promise<Card[]> => {
    const page = await api(url, 'GET', `/api/v1/investment/leads?county=${county}&pageSize=500`, {
      token: admin,
    });
    if (page.status !== 200) throw new Error(`GET leads: ${page.status} ${JSON.stringify(page.body)}`);
    return page.body.items as Card[];
  };
  const lead = async (id: string): Promise<LeadView> =>
    (await api(url, 'GET', `/api/v1/investment/leads/${id}`, { token: admin })).body as LeadView;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['investment'] });
    url = platform.gateways[0]!.url;
    admin = await getToken('demo-admin');
    const config = platform.configs['investment'] as unknown as { kafka: Parameters<typeof createKafka>[0] };
    const kafka = createKafka({ ...config.kafka, clientId: `lineage-test-${RUN}` });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.close();
  });

  it('opens one lead per exhibitor and visitor from a booth scan, with its origin chain; a replay changes nothing, a rescan is one activity', async () => {
    const fairId = `fair-${RUN}`;
    const exhibitorOrgId = `ent-ex-${RUN}`;
    const visitorOrg = `北京清源环保科技${RUN}有限公司`;
    const fair = clone(EVENT_SAMPLES['fairs.fair.created.v1'] as { fair: Record<string, unknown> });
    fair.fair = {
      ...fair.fair,
      id: fairId,
      title: `2027 淅川农产品北京推介会 ${RUN}`,
      pairIds: ['chaoyang-xichuan'],
    };
    await send(event('fairs.fair.created.v1', fairId, fair));
    const accepted = clone(
      EVENT_SAMPLES['fairs.exhibitor.accepted.v1'] as {
        application: {
          fairId: string;
          enterprise: Record<string, string>;
          boothIds: string[];
          status: string;
        };
      },
    );
    accepted.application.fairId = fairId;
    accepted.application.enterprise = {
      orgId: exhibitorOrgId,
      name: '淅川县渠首农业开发有限公司',
      region: 'xichuan',
    };
    accepted.application.boothIds = ['A-08'];
    await send(event('fairs.exhibitor.accepted.v1', `${fairId}:${exhibitorOrgId}`, accepted));

    const captured = clone(
      EVENT_SAMPLES['fairs.lead.captured.v1'] as {
        lead: Record<string, unknown>;
        rescan: boolean;
        leadCount: number;
      },
    );
    const visitorUserId = `u-visitor-${RUN}`;
    const fairLeadId = `fl-${RUN}`;
    captured.lead = {
      ...captured.lead,
      id: fairLeadId,
      fairId,
      enterpriseOrgId: exhibitorOrgId,
      enterpriseName: '淅川县渠首农业开发有限公司',
      visitorOrganisation: visitorOrg,
      visitor: { userId: visitorUserId, name: '孙立新' },
      scannedAt: new Date().toISOString(),
    };
    captured.rescan = false;
    const first = event('fairs.lead.captured.v1', fairLeadId, captured);
    await send(first);

    const card = await waitFor(
      async () => (await leadsOf('xichuan')).find((c) => c.enterpriseName === visitorOrg),
      'the lead from the scan',
      30_000,
    );
    expect(card.originKind).toBe('fair-scan');
    const view = await lead(card.id);
    expect(view.county).toBe('xichuan');
    expect(view.origin).toMatchObject({
      kind: 'fair-scan',
      fairId,
      fairTitle: `2027 淅川农产品北京推介会 ${RUN}`,
      exhibitorOrgId,
      exhibitorName: '淅川县渠首农业开发有限公司',
      boothId: 'A-08',
      fairLeadId,
    });
    // The visitor's organisation got an enterprise record (found again by its name).
    const record = await api(url, 'GET', `/api/v1/investment/enterprises/${view.enterprise.enterpriseId}`, {
      token: admin,
    });
    expect(record.body).toMatchObject({ name: visitorOrg, source: 'fair-scan', region: 'chaoyang' });

    // The first scan may be the lead's first activity (the leads part's choice), once.
    const firstActivities = view.activities.filter((a) => a.eventId === first.id).length;
    expect(firstActivities).toBeLessThanOrEqual(1);
    // The same event again (at-least-once delivery), and the same scan under a new event id.
    await send(first);
    const rescan = clone(captured);
    rescan.rescan = true;
    const second = event('fairs.lead.captured.v1', fairLeadId, rescan);
    await send(second);
    await send(second);
    const after = await waitFor(
      async () => {
        const v = await lead(card.id);
        return v.activities.some((a) => a.eventId === second.id) ? v : undefined;
      },
      'the rescan as an activity',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = await lead(card.id);
    expect(settled.activities.filter((a) => a.eventId === second.id)).toHaveLength(1);
    expect(settled.activities.filter((a) => a.eventId === first.id)).toHaveLength(firstActivities);
    expect(settled.activities.length).toBe(after.activities.length);
    expect((await leadsOf('xichuan')).filter((c) => c.enterpriseName === visitorOrg)).toHaveLength(1);
  });

  it('opens one lead from an awarded challenge’s two events, with the expert’s institution when known', async () => {
    const challengeId = `ch-${RUN}`;
    const posterOrg = `ent-poster-${RUN}`;
    const expertId = `ex-${RUN}`;
    const expert = clone(EVENT_SAMPLES['talent.expert.registered.v1'] as { expert: Record<string, unknown> });
    expert.expert = {
      ...expert.expert,
      id: expertId,
      name: '王建华',
      institution: '中国科学院生态环境研究中心',
    };
    await send(event('talent.expert.registered.v1', expertId, expert));
    const awarded = clone(
      EVENT_SAMPLES['talent.challenge.awarded.v1'] as {
        challenge: Record<string, unknown>;
        transition: unknown;
      },
    );
    awarded.challenge = {
      ...awarded.challenge,
      id: challengeId,
      title: `丹江口库区面源污染治理 ${RUN}`,
      county: 'danjiangkou',
      pairedDistrict: 'haidian',
      status: 'awarded',
      poster: { kind: 'enterprise', orgId: posterOrg, userId: `u-poster-${RUN}` },
      awardedApplicationId: `app-${RUN}`,
    };
    const application = clone(
      EVENT_SAMPLES['talent.application.awarded.v1'] as {
        challenge: unknown;
        application: Record<string, unknown>;
      },
    );
    application.challenge = awarded.challenge;
    application.application = {
      ...application.application,
      id: `app-${RUN}`,
      challengeId,
      leaderExpertId: expertId,
      expertIds: [expertId],
      status: 'awarded',
    };
    // Let the expert's event land first, so its institution is known.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await send(event('talent.application.awarded.v1', challengeId, application));
    await send(event('talent.challenge.awarded.v1', challengeId, awarded));

    const card = await waitFor(
      async () =>
        (await leadsOf('danjiangkou')).find((c) => c.originKind === 'challenge' && c.title.includes(RUN)),
      'the lead from the challenge',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const view = await lead(card.id);
    expect(view.origin).toMatchObject({
      kind: 'challenge',
      challengeId,
      challengeTitle: `丹江口库区面源污染治理 ${RUN}`,
    });
    // The two award events race on two topics: when the application's came first, the expert is known.
    if (view.origin['expertId'])
      expect(view.origin).toMatchObject({ expertId, expertInstitution: '中国科学院生态环境研究中心' });
    expect(view.enterprise.enterpriseId).toBe(posterOrg);
    expect(
      (await leadsOf('danjiangkou')).filter((c) => c.originKind === 'challenge' && c.title.includes(RUN)),
    ).toHaveLength(1);
  });

  it('opens no lead for a visitor without an organisation, and goes on with the next scan', async () => {
    const captured = clone(EVENT_SAMPLES['fairs.lead.captured.v1'] as { lead: Record<string, unknown> });
    const base = { ...captured.lead, fairId: `fair-${RUN}`, enterpriseOrgId: `ent-ex-${RUN}` };
    const orphan = `fl-none-${RUN}`;
    const withoutOrg: Record<string, unknown> = { ...base };
    delete withoutOrg['visitorOrganisation'];
    await send(
      event('fairs.lead.captured.v1', orphan, {
        ...captured,
        lead: { ...withoutOrg, id: orphan, visitor: { userId: `u-tourist-${RUN}`, name: '游客' } },
      }),
    );
    const next = `fl-next-${RUN}`;
    const nextOrg = `北京中科光伏科技${RUN}股份有限公司`;
    await send(
      event('fairs.lead.captured.v1', next, {
        ...captured,
        lead: {
          ...base,
          id: next,
          visitorOrganisation: nextOrg,
          visitor: { userId: `u-next-${RUN}`, name: '李明' },
        },
      }),
    );
    await waitFor(
      async () => (await leadsOf('xichuan')).find((c) => c.enterpriseName === nextOrg),
      'the next scan’s lead',
      30_000,
    );
    const cards = await leadsOf('xichuan');
    expect(cards.filter((c) => c.title.includes('游客'))).toEqual([]);
    expect(cards.filter((c) => c.originKind === 'fair-scan' && c.title.includes(RUN))).toHaveLength(2);
  });
});
