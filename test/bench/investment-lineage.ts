// Lineage benchmark (issue #11, figures), called by `npm run bench:investment`: N lead-scan events
// (fairs.lead.captured.v1) produced to the real topic for the real investment service, then every
// one of them produced again (at-least-once delivery, a replay), and P exhibitor-visitor pairs
// among them (so most pairs are scanned several times: rescans). Checks: exactly one lead per
// pair, and on a sample of leads exactly one activity per later scan. Prints counts and times.
// Settings (environment): BENCH_SCANS (10000), BENCH_SCAN_PAIRS (2500), BENCH_SCAN_TIMEOUT_S (600).
// The runner starts the infrastructure (ensureInfra) before it calls this. Nothing asserts; a failed check sets a non-zero exit code.
import { performance } from 'node:perf_hooks';
import type { Producer } from 'kafkajs';
import { createEnvelope, type Envelope, type EventTopic } from '@qingshui/contracts';
import { createKafka, outboxEntry, scoped, toKafkaMessage } from '@qingshui/messaging';
import { COUNTY_IDS } from '@qingshui/regions';
import { EVENT_SAMPLES, getToken } from '@qingshui/testing';
import { startPlatform, type Platform } from '../support/platform';

const line = (label: string, value: string) => console.log(`  ${label.padEnd(40)} ${value}`);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function benchLineage(): Promise<void> {
  const scans = Number(process.env['BENCH_SCANS'] ?? 10_000);
  const pairs = Math.min(scans, Number(process.env['BENCH_SCAN_PAIRS'] ?? 2500));
  const timeoutMs = Number(process.env['BENCH_SCAN_TIMEOUT_S'] ?? 600) * 1000;
  console.log(`\nLineage: ${scans} lead scans of ${pairs} exhibitor-visitor pairs, produced twice`);
  process.env['LOG_LEVEL'] ??= 'warn';
  const run = Date.now().toString(36);
  let platform: Platform | undefined;
  let producer: Producer | undefined;
  try {
    platform = await startPlatform({
      services: ['investment'],
      gateway: () => ({
        rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-lineage-${run}` },
      }),
    });
    const gateway = platform.gateways[0]!.url;
    const token = await getToken('demo-admin');
    const config = platform.configs['investment'] as unknown as { kafka: Parameters<typeof createKafka>[0] };
    producer = createKafka({ ...config.kafka, clientId: `bench-lineage-${run}` }).producer({
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    const environment = platform.environment;
    const send = async (envelopes: Envelope[]) => {
      for (let i = 0; i < envelopes.length; i += 500)
        await producer!.send({
          topic: scoped(environment, 'fairs.lead.captured.v1'),
          messages: envelopes
            .slice(i, i + 500)
            .map((e) => toKafkaMessage(outboxEntry(e.type as EventTopic, e))),
        });
    };

    // 20 exhibitors, one per fair-county pair, accepted first; visitors of 200 organisations.
    const exhibitors = Array.from({ length: 20 }, (_, i) => ({
      fairId: `fair-bench-${run}`,
      orgId: `ent-bench-ex-${i}`,
      county: COUNTY_IDS[i % COUNTY_IDS.length]!,
    }));
    const accepted = exhibitors.map((ex, i) => {
      const payload = clone(
        EVENT_SAMPLES['fairs.exhibitor.accepted.v1'] as {
          application: { fairId: string; enterprise: Record<string, string>; boothIds: string[] };
        },
      );
      payload.application.fairId = ex.fairId;
      payload.application.enterprise = { orgId: ex.orgId, name: `展商${i}农业有限公司`, region: ex.county };
      payload.application.boothIds = [`B-${i}`];
      return createEnvelope({
        type: 'fairs.exhibitor.accepted.v1',
        key: `${ex.fairId}:${ex.orgId}`,
        actor: 'u-bench',
        payload,
      });
    });
    for (const e of accepted)
      await producer.send({
        topic: scoped(environment, e.type),
        messages: [toKafkaMessage(outboxEntry(e.type as EventTopic, e))],
      });

    const sample = EVENT_SAMPLES['fairs.lead.captured.v1'] as { lead: Record<string, unknown> };
    const pairOf = (p: number) => ({
      exhibitor: exhibitors[p % exhibitors.length]!,
      visitor: `u-bench-v-${p}`,
    });
    const envelopes: Envelope[] = Array.from({ length: scans }, (_, i) => {
      // Every pair once first, then rescans spread over the pairs.
      const p = i < pairs ? i : (i * 7919) % pairs;
      const { exhibitor, visitor } = pairOf(p);
      const fairLeadId = `fl-${exhibitor.orgId}-${visitor}`;
      return createEnvelope({
        type: 'fairs.lead.captured.v1',
        key: fairLeadId,
        actor: 'u-bench',
        payload: {
          lead: {
            ...sample.lead,
            id: fairLeadId,
            fairId: exhibitor.fairId,
            enterpriseOrgId: exhibitor.orgId,
            enterpriseName: '展商农业有限公司',
            visitorOrganisation: `北京投资${run}企业${p % 200}有限公司`,
            visitor: { userId: visitor, name: '访客' },
            scannedAt: new Date(Date.now() + i).toISOString(),
          },
          rescan: i >= pairs,
          leadCount: 1,
        },
      });
    });
    const started = performance.now();
    await send(envelopes);
    const firstSent = performance.now();
    await send(envelopes);
    const sent = performance.now();
    line(
      'produced (twice)',
      `${envelopes.length * 2} messages in ${Math.round(sent - started)} ms (first pass ${Math.round(firstSent - started)} ms)`,
    );

    const counties = [...new Set(exhibitors.map((e) => e.county))];
    const count = async () => {
      let total = 0;
      for (const county of counties) {
        const response = await fetch(`${gateway}/api/v1/investment/leads?county=${county}&pageSize=1`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (response.status !== 200)
          throw new Error(`GET leads: HTTP ${response.status} ${await response.text()}`);
        total += ((await response.json()) as { total: number }).total;
      }
      return total;
    };
    // Wait for the leads and then for the rescans to settle (the count stops moving).
    let leads = 0;
    let stableSince = performance.now();
    for (;;) {
      const now = await count();
      if (now !== leads) {
        leads = now;
        stableSince = performance.now();
      }
      if (leads >= pairs && performance.now() - stableSince > 10_000) break;
      if (performance.now() - started > timeoutMs) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const doneMs = performance.now() - started;
    line('leads', `${leads} for ${pairs} pairs (${leads === pairs ? 'exactly one each' : 'NOT one each'})`);
    line(
      'time to all leads',
      `${Math.round(doneMs / 100) / 10} s (${Math.round((scans * 2) / (doneMs / 1000))} events/s)`,
    );

    // A sample of leads: one activity per later scan of the pair, replays not counted.
    const scansOfPair = new Map<number, number>();
    for (let i = 0; i < scans; i += 1) {
      const p = i < pairs ? i : (i * 7919) % pairs;
      scansOfPair.set(p, (scansOfPair.get(p) ?? 0) + 1);
    }
    let checked = 0;
    let exact = 0;
    const list = await fetch(`${gateway}/api/v1/investment/leads?county=${counties[0]!}&pageSize=20`, {
      headers: { authorization: `Bearer ${token}` },
    });
    for (const card of ((await list.json()) as { items?: { id: string }[] }).items ?? []) {
      const view = (await (
        await fetch(`${gateway}/api/v1/investment/leads/${card.id}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { origin: { fairLeadId?: string }; activities: { eventId?: string }[] };
      const visitor = view.origin.fairLeadId?.split('-u-bench-v-')[1];
      if (visitor === undefined) continue;
      const expected = scansOfPair.get(Number(visitor)) ?? 0;
      const fromEvents = new Set(view.activities.flatMap((a) => (a.eventId ? [a.eventId] : []))).size;
      const dupes = view.activities.filter((a) => a.eventId).length - fromEvents;
      checked += 1;
      // The first scan may or may not be an activity of its own (the leads part's choice).
      if (dupes === 0 && (fromEvents === expected || fromEvents === expected - 1)) exact += 1;
    }
    line('sampled leads with one activity per scan', `${exact} of ${checked}`);
    if (leads !== pairs || exact !== checked) process.exitCode = 1;
  } finally {
    await producer?.disconnect();
    await platform?.close();
  }
}
