import { randomUUID } from 'node:crypto';
import { ClientKafka } from '@nestjs/microservices';
import { MongoClient, type Db } from 'mongodb';
import { CommandBus, kafkaTransportOptions, messagingConfigFromEnv } from '@qingshui/messaging';
import { COMMAND_NAMES, type CommandName, type Principal, type SlotView } from '@qingshui/contracts';
import { getToken, infraEnv } from '@qingshui/testing';
import { api, startPlatform, type Platform, type PlatformOptions } from './platform';

export const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
export const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** A synthetic expert principal: the demo realm has two experts; load needs many. */
export const syntheticExpert = (i: number, orgId = `inst-${i}`, region = 'haidian'): Principal => ({
  userId: `load-expert-${i}-${randomUUID().slice(0, 8)}`,
  username: `load-expert-${i}`,
  roles: ['expert'],
  orgId,
  region,
});

export interface SlotDoc {
  _id: string;
  capacity: number;
  seatsTaken: number;
  seatHolders: string[];
  waitlist: string[];
  offers: { userId: string }[];
  orgCounts: Record<string, number>;
  regionCounts: Record<string, number>;
  bookings: {
    id: string;
    userId: string;
    orgId?: string;
    region?: string;
    status: string;
    attendance?: string;
    remindedAt?: Date;
    movedTo?: string;
    movedFrom?: string;
  }[];
}

/** The invariants, checked in the database: counters agree with the bookings and never pass a limit. */
export function checkInvariants(slot: SlotDoc, caps: { maxPerOrg?: number; maxPerRegion?: number } = {}) {
  const active = slot.bookings.filter((b) => b.status === 'pending' || b.status === 'confirmed');
  expect(slot.seatsTaken).toBe(active.length + slot.offers.length);
  expect(slot.seatsTaken).toBeLessThanOrEqual(slot.capacity);
  expect(new Set(slot.seatHolders).size).toBe(slot.seatHolders.length);
  expect(slot.seatHolders.length).toBe(slot.seatsTaken);
  const byOrg = new Map<string, number>();
  for (const b of active) if (b.orgId) byOrg.set(b.orgId, (byOrg.get(b.orgId) ?? 0) + 1);
  for (const [org, n] of byOrg) {
    if (caps.maxPerOrg) expect(n).toBeLessThanOrEqual(caps.maxPerOrg);
    expect(slot.orgCounts[org]).toBeGreaterThanOrEqual(n);
  }
  for (const user of slot.waitlist) expect(slot.seatHolders).not.toContain(user);
}

export const STATION_TOKENS = {
  expert: 'demo-expert',
  expert2: 'demo-expert2',
  cadreCounty: 'demo-cadre-county',
  cadreBeijing: 'demo-cadre-beijing',
  admin: 'demo-admin',
  enterprise: 'demo-enterprise',
} as const;

/**
 * A stations platform for a suite: gateway + stations service (+ talent when asked), demo tokens,
 * the run's database, a command bus for synthetic principals, and a station in 淅川.
 */
export class StationsHarness {
  platform!: Platform;
  url!: string;
  db!: Db;
  stationId!: string;
  readonly t = {} as Record<keyof typeof STATION_TOKENS, string>;
  private mongo: MongoClient | undefined;
  private client: ClientKafka | undefined;
  private bus!: CommandBus;

  async start(options: PlatformOptions = {}): Promise<this> {
    this.platform = await startPlatform({ gateways: 1, withTalent: false, withStations: true, ...options });
    this.url = this.platform.gateways[0]!.url;
    for (const [key, user] of Object.entries(STATION_TOKENS))
      this.t[key as keyof typeof STATION_TOKENS] = await getToken(user);
    this.mongo = await MongoClient.connect(infraEnv().mongoUrl);
    this.db = this.mongo.db(this.platform.stationsDb);
    const config = messagingConfigFromEnv(
      { clientId: 'stations-test', groupId: 'stations-test' },
      this.platform.env,
    );
    const services = options.withTalent ? ['stations.', 'talent.'] : ['stations.'];
    const patterns = COMMAND_NAMES.filter((p) => services.some((prefix) => p.startsWith(prefix)));
    this.client = new ClientKafka(kafkaTransportOptions(config).options ?? {});
    CommandBus.subscribeReplies(this.client, config.environment, patterns);
    this.bus = new CommandBus(this.client, config.environment, 30_000);
    await this.client.connect();
    await this.bus.waitUntilReady(patterns);
    this.stationId = (await this.newStation()).id;
    return this;
  }

  async newStation(name = '淅川县院士专家工作站'): Promise<{ id: string }> {
    const station = await api(this.url, 'POST', '/api/v1/stations', {
      token: this.t.cadreCounty,
      body: {
        name,
        county: 'xichuan',
        hostOrgId: 'gov-xichuan',
        fields: ['medicine', 'agriculture'],
        address: '河南省南阳市淅川县龙城街道',
      },
    });
    expect(station.status).toBe(201);
    return station.body;
  }

  /** A command as a synthetic principal; the reply typed as the test reads it. */
  command<T>(name: CommandName, principal: Principal, payload: unknown, timeoutMs?: number): Promise<T> {
    return this.bus.request(name, principal, payload as never, {
      correlationId: randomUUID(),
      ...(timeoutMs ? { timeoutMs } : {}),
    }) as Promise<T>;
  }

  async newSlot(body: Record<string, unknown>, stationId = this.stationId): Promise<SlotView> {
    const created = await api(this.url, 'POST', `/api/v1/stations/${stationId}/slots`, {
      token: this.t.cadreCounty,
      body: { start: inHours(48), end: inHours(72), ...body },
    });
    expect(created.body).toMatchObject({ id: expect.any(String) });
    return created.body as SlotView;
  }

  slotDoc(id: string): Promise<SlotDoc> {
    return this.db.collection<SlotDoc>('slots').findOne({ _id: id }) as Promise<SlotDoc>;
  }

  async stop(): Promise<void> {
    await this.client?.close();
    await this.mongo?.close();
    await this.platform?.close();
  }
}
