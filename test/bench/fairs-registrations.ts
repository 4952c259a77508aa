// The registrations piece of `npm run bench:fairs`: N registrations at once (some of them groups)
// for fewer places of one ticket type, through the gateway. It reports throughput and latency
// (counted from the start of the burst, so queueing anywhere counts), and checks from the
// organiser's lists that the places are exact: no more held than the quota, each group all or
// nothing, the waiting list in the order of its sequence numbers, nobody left waiting who fits.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { httpSend } from './bench-kit';

export interface RegistrationsBenchInput {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  gateway: string;
  /** A token of a cadre or admin who may create a fair for `pairId` (its organiser). */
  organiserToken: string;
  /** One token per registrant (distinct users): at least `registrations` of them. */
  tokens: readonly string[];
  /** Default 5,000. */
  registrations?: number;
  /** The quota of the one ticket type on its one day. Default 1,000. */
  places?: number;
  /** The share of registrations that are groups (2 to `maxGroup` places). Default 0.2. */
  groupShare?: number;
  /** Default 5. */
  maxGroup?: number;
  /** Default chaoyang-xichuan (the organiser must be its county's or district's cadre, or an admin). */
  pairId?: string;
  /** Per request. Default 120 s. */
  timeoutMs?: number;
  /** Sockets to the gateway at once. Default 256. */
  maxSockets?: number;
}

export interface RegistrationsBenchResult {
  fairId: string;
  registrations: number;
  places: number;
  groups: number;
  /** Registrations answered 201, and the others by status and code. */
  outcomes: Record<string, number>;
  windowMs: number;
  /** Answered registrations per second over the burst's window. */
  throughput: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Places held (confirmed and offered) as the registrations say, and as the ledger says. */
  placesHeld: number;
  placesLeftInLedger: number;
  /** Places held beyond the quota (must be 0). */
  oversold: number;
  /** Confirmed registrations whose tickets are not one per place (must be 0). */
  partialGroups: number;
  confirmed: number;
  offered: number;
  waiting: number;
  /** The waiting list's sequence numbers strictly increase, and nobody waiting fits what is free. */
  waitlistOrdered: boolean;
  nobodyWaitingFits: boolean;
  /** Everything held and waiting adds up to the answers given: no registration lost. */
  accountedFor: boolean;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round1 = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reg {
  size: number;
  status: string;
  ticketIds: string[];
  waitSeq?: number;
}

/** Sizes of the burst: deterministic (the same run gives the same mix), groups spread through it. */
export function burstSizes(count: number, groupShare: number, maxGroup: number): number[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () =>
    next() < groupShare ? 2 + Math.floor(next() * (maxGroup - 1)) : 1,
  );
}

export async function benchFairRegistrations(
  input: RegistrationsBenchInput,
): Promise<RegistrationsBenchResult> {
  const count = input.registrations ?? 5000;
  const places = input.places ?? 1000;
  const maxGroup = input.maxGroup ?? 5;
  const timeoutMs = input.timeoutMs ?? 120_000;
  if (input.tokens.length < count)
    throw new Error(`${count} registrations need ${count} tokens, got ${input.tokens.length}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.maxSockets ?? 256 });
  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const answer = await httpSend(agent, `${input.gateway}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs,
    });
    return {
      status: answer.status,
      body: answer.body ? (JSON.parse(answer.body) as Record<string, unknown>) : {},
    };
  };
  const ok = async (method: string, path: string, token: string, body?: unknown) => {
    const answer = await api(method, path, token, body);
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  // A fair open for visitors with one ticket type of `places` places on its one day.
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const fair = await ok('POST', '/fairs', input.organiserToken, {
    title: `报名压测 ${new Date().toISOString()}`,
    pairIds: [input.pairId ?? 'chaoyang-xichuan'],
    venue: { name: '全国农业展览馆', address: '北京市朝阳区东三环北路16号' },
    days: [{ date: day, opensAt: '09:00', closesAt: '17:00' }],
    boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 10 }],
  });
  const fairId = String(fair['id']);
  await ok('PUT', `/fairs/${fairId}/ticket-types`, input.organiserToken, {
    types: [
      { id: 'public', name: '普通观众', kind: 'public', quotaPerDay: places, perPersonLimit: maxGroup },
    ],
  });
  for (const step of ['open-exhibitors', 'open-visitors'])
    await ok('POST', `/fairs/${fairId}/${step}`, input.organiserToken);
  // Warm the connections.
  await Promise.all(
    Array.from({ length: Math.min(64, count) }, (_, i) =>
      api('GET', `/fairs/${fairId}/ticket-types`, input.tokens[i]!),
    ),
  );

  const sizes = burstSizes(count, input.groupShare ?? 0.2, maxGroup);
  const started = performance.now();
  const answers = await Promise.all(
    sizes.map(async (size, i) => {
      try {
        const answer = await api('POST', `/fairs/${fairId}/registrations`, input.tokens[i]!, {
          typeId: 'public',
          days: [day],
          size,
        });
        const code = answer.status === 201 ? '201' : `${answer.status} ${String(answer.body['code'] ?? '')}`;
        return { ms: performance.now() - started, code, size };
      } catch (error) {
        return { ms: performance.now() - started, code: `error ${(error as Error).message}`, size };
      }
    }),
  );
  const windowMs = performance.now() - started;
  const outcomes: Record<string, number> = {};
  for (const a of answers) outcomes[a.code] = (outcomes[a.code] ?? 0) + 1;
  const latencies = answers.map((a) => a.ms).sort((x, y) => x - y);

  // Let the line settle (free places offered to the first that fit), then read it all.
  const read = async () => {
    const all: Reg[] = [];
    for (let page = 1; ; page += 1) {
      const body = await ok(
        'GET',
        `/fairs/${fairId}/registrations?pageSize=200&page=${page}`,
        input.organiserToken,
      );
      all.push(...(body['items'] as Reg[]));
      if (all.length >= Number(body['total']) || (body['items'] as Reg[]).length === 0) {
        const left = (body['places'] as { days: { left: number }[] }[])[0]?.days[0]?.left ?? 0;
        return { all, left };
      }
    }
  };
  let state = await read();
  for (let i = 0; i < 30; i += 1) {
    const held = state.all
      .filter((r) => r.status === 'confirmed' || r.status === 'offered')
      .reduce((s, r) => s + r.size, 0);
    if (state.all.filter((r) => r.status === 'waiting').every((r) => r.size > places - held)) break;
    await sleep(1000);
    state = await read();
  }
  const { all, left } = state;
  const holding = all.filter((r) => r.status === 'confirmed' || r.status === 'offered');
  const placesHeld = holding.reduce((s, r) => s + r.size, 0);
  // The line in order, page by page.
  const line: Reg[] = [];
  for (let page = 1; ; page += 1) {
    const got = await ok('GET', `/fairs/${fairId}/waitlist?page=${page}&pageSize=200`, input.organiserToken);
    line.push(...(got['items'] as Reg[]));
    if (line.length >= (got['total'] as number) || (got['items'] as Reg[]).length === 0) break;
  }
  const seqs = line.map((r) => r.waitSeq ?? -1);
  const waiting = all.filter((r) => r.status === 'waiting');
  agent.destroy();
  return {
    fairId,
    registrations: count,
    places,
    groups: sizes.filter((s) => s > 1).length,
    outcomes,
    windowMs: Math.round(windowMs),
    throughput: round1((answers.length / windowMs) * 1000),
    latencyMs: {
      p50: round1(percentile(latencies, 50)),
      p99: round1(percentile(latencies, 99)),
      max: round1(latencies.at(-1) ?? 0),
    },
    placesHeld,
    placesLeftInLedger: left,
    oversold: Math.max(0, placesHeld - places),
    partialGroups: all.filter((r) => r.status === 'confirmed' && r.ticketIds.length !== r.size).length,
    confirmed: all.filter((r) => r.status === 'confirmed').length,
    offered: all.filter((r) => r.status === 'offered').length,
    waiting: waiting.length,
    waitlistOrdered: seqs.every((s, i) => i === 0 || s > seqs[i - 1]!) && seqs.every((s) => s >= 0),
    nobodyWaitingFits: waiting.every((r) => r.size > places - placesHeld),
    accountedFor: placesHeld === places - left && holding.length + waiting.length === (outcomes['201'] ?? 0),
  };
}
