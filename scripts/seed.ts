/**
 * Demo and reference data for `npm run up`, written through the same paths users take:
 * the 16 pairs into the reference database, and the demo experts' profiles through the gateway
 * API with their own tokens (so their events flow through Kafka like any other change).
 * Idempotent: a second run changes nothing.
 */
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { PAIRS } from '@qingshui/regions';
import { demoChallenges, demoExperts, newExpertDocument, talentConfigFromEnv } from '@qingshui/app-talent';
import { persistenceConfigFromEnv } from '@qingshui/persistence';
import { DEMO_STATIONS, demoSlot, demoTours } from '@qingshui/app-stations';
import {
  DEMO_EXHIBITOR_USERS,
  DEMO_VISITOR_USERS,
  demoFairs,
  seedDemoBoothScans,
  seedDemoExhibitors,
  seedDemoRegistrations,
} from '@qingshui/app-fairs';
import {
  DEMO_COUNTY_CADRES,
  DEMO_INVESTOR_USERS,
  DEMO_ROSTER_USERS,
  seedDemoEnterprises,
  seedDemoLeads,
  seedDemoNeeds,
  seedDemoProjects,
  seedDemoRosters,
} from '@qingshui/app-investment';
import { DEMO_EXCHANGE_USERS, seedDemoExchange } from '@qingshui/app-exchange';
import { DEMO_EXPERT_PROFILES, ensureRealmUsers, getToken, infraEnv } from '@qingshui/testing';

const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000';

async function seedPairs(): Promise<void> {
  const connection = await mongoose
    .createConnection(infraEnv().mongoUrl, { dbName: persistenceConfigFromEnv('reference').dbName })
    .asPromise();
  const pairs = connection.collection<{ _id: string }>('pairs');
  for (const pair of PAIRS) {
    await pairs.replaceOne({ _id: pair.id }, { _id: pair.id, ...pair }, { upsert: true });
  }
  await connection.close();
  console.log(`  reference: ${PAIRS.length} district-county pairs`);
}

/** Right after start the consumer groups may still be settling: a 503 is retried for up to a minute. */
async function postRetrying503(url: string, token: string, body: unknown): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 503 || attempt === 12) return response;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

async function seedExperts(): Promise<void> {
  for (const [user, profile] of Object.entries(DEMO_EXPERT_PROFILES)) {
    const token = await getToken(user);
    const response = await postRetrying503(`${gateway}/api/v1/experts`, token, profile);
    if (response.status !== 201 && response.status !== 409) {
      throw new Error(`seeding ${user}: HTTP ${response.status} ${await response.text()}`);
    }
    console.log(
      `  expert: ${profile.name} (${user}) ${response.status === 201 ? 'created' : 'already there'}`,
    );
  }
}

/**
 * The shared pool: 200 generated experts without accounts, written as registration writes them,
 * each with its `registered` event in its outbox, which the running talent service publishes.
 */
async function seedPool(): Promise<void> {
  const connection = await mongoose
    .createConnection(infraEnv().mongoUrl, { dbName: talentConfigFromEnv().mongo.dbName })
    .asPromise();
  const experts = connection.collection('experts');
  const correlationId = randomUUID();
  let created = 0;
  for (const demo of demoExperts()) {
    const doc = newExpertDocument({
      id: demo.id,
      userId: demo.userId,
      orgId: demo.orgId,
      input: demo.profile,
      engagements: demo.engagements,
      verified: demo.verified,
      correlationId,
      actor: 'seed',
    });
    try {
      await experts.insertOne(doc as never);
      created += 1;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  await connection.close();
  console.log(`  expert pool: ${created} created, ${demoExperts().length - created} already there`);
}

/** Thirty challenges, posted and published through the API like any poster would. */
async function seedChallenges(): Promise<void> {
  let created = 0;
  let published = 0;
  for (const { postedBy, publish, body } of demoChallenges()) {
    const token = await getToken(postedBy);
    const headers = { authorization: `Bearer ${token}` };
    const existing = await fetch(`${gateway}/api/v1/challenges?county=${body.county}&pageSize=100`, {
      headers,
    });
    const page = (await existing.json()) as { items?: { id: string; title: string; status: string }[] };
    let challenge = page.items?.find((c) => c.title === body.title);
    if (!challenge) {
      const { deadlineInMonths, ...rest } = body;
      const deadline = new Date(Date.now() + deadlineInMonths * 30 * 86_400_000).toISOString();
      const response = await postRetrying503(`${gateway}/api/v1/challenges`, token, { ...rest, deadline });
      if (response.status !== 201)
        throw new Error(`posting ${body.title}: HTTP ${response.status} ${await response.text()}`);
      challenge = (await response.json()) as { id: string; title: string; status: string };
      created += 1;
    }
    if (publish && challenge.status === 'draft') {
      const response = await postRetrying503(
        `${gateway}/api/v1/challenges/${challenge.id}/publish`,
        token,
        {},
      );
      if (response.status !== 200)
        throw new Error(`publishing ${body.title}: HTTP ${response.status} ${await response.text()}`);
      published += 1;
    }
  }
  console.log(`  challenges: ${created} posted, ${published} published (of ${demoChallenges().length})`);
}

async function getJson<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function postOk<T>(path: string, token: string, body: unknown): Promise<T> {
  const response = await postRetrying503(`${gateway}${path}`, token, body);
  if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Workstations with slots, two visit tours, and the demo expert's own booking and registration. */
async function seedStations(): Promise<void> {
  let stations = 0;
  let slots = 0;
  let firstSlotId: string | undefined;
  for (const demo of DEMO_STATIONS) {
    const token = await getToken(demo.createdBy);
    const existing = await getJson<{ items: { id: string; name: string }[] }>(
      `/api/v1/stations?county=${demo.station.county}`,
      token,
    );
    let station = existing.items.find((s) => s.name === demo.station.name);
    if (!station) {
      station = await postOk<{ id: string; name: string }>('/api/v1/stations', token, demo.station);
      stations += 1;
      for (const spec of demo.slots) {
        const slot = await postOk<{ id: string }>(
          `/api/v1/stations/${station.id}/slots`,
          token,
          demoSlot(spec),
        );
        firstSlotId ??= slot.id;
        slots += 1;
      }
    }
  }
  const admin = await getToken('demo-admin');
  const known = await getJson<{ items: { title?: string }[] }>('/api/v1/tours', admin);
  let tours = 0;
  let firstTourId: string | undefined;
  for (const tour of demoTours()) {
    if (known.items.some((t) => t.title === tour.title)) continue;
    const created = await postOk<{ id: string }>('/api/v1/tours', admin, tour);
    firstTourId ??= created.id;
    tours += 1;
  }
  // The demo expert has something in their calendar from the first run on.
  const expert = await getToken('demo-expert');
  if (firstSlotId) await postOk(`/api/v1/slots/${firstSlotId}/bookings`, expert, {});
  if (firstTourId) await postOk(`/api/v1/tours/${firstTourId}/registrations`, expert, {});
  console.log(`  stations: ${stations} created with ${slots} slots; tours: ${tours} created`);
}

/**
 * Trade fairs: one past with its whole history, upcoming ones in 河南 and 湖北; each part is
 * seeded at the step where its people come in (exhibitors once the call opens).
 */
async function seedFairs(): Promise<void> {
  let created = 0;
  let scans = 0;
  await ensureRealmUsers([...DEMO_EXHIBITOR_USERS, ...DEMO_VISITOR_USERS]);
  for (const demo of demoFairs()) {
    const token = await getToken(demo.organiser);
    const known = await getJson<{ items: { title: string }[] }>('/api/v1/fairs?pageSize=100', token);
    if (known.items.some((f) => f.title === demo.fair.title)) continue;
    const fair = await postOk<{ id: string }>('/api/v1/fairs', token, demo.fair);
    const part = {
      gateway,
      fairId: fair.id,
      fairTitle: demo.fair.title,
      organiserToken: token,
      tokenOf: getToken,
    };
    // Ticket types first (a draft may have them); visitors register once registration opens.
    await seedDemoRegistrations(part);
    for (const step of demo.steps) {
      await postOk(`/api/v1/fairs/${fair.id}/${step}`, token, {});
      if (step === 'open-exhibitors') await seedDemoExhibitors(part);
      if (step === 'open-visitors') await seedDemoRegistrations(part);
      // While it runs, exhibitors scan buyers' badges: the investment service's leads from scans.
      if (step === 'start') scans += (await seedDemoBoothScans(part)).scans;
    }
    created += 1;
  }
  console.log(`  fairs: ${created} created (of ${demoFairs().length}), ${scans} booth lead scans`);
}

/**
 * Investment: a cadre for every county, Beijing investors, the rosters that own the leads; then
 * enterprise records, each county's project library, the investors' needs, and leads at every
 * stage (their owners come from the rosters, their enterprises from the records).
 */
async function seedInvestment(): Promise<void> {
  await ensureRealmUsers([...DEMO_COUNTY_CADRES, ...DEMO_INVESTOR_USERS, ...DEMO_ROSTER_USERS]);
  const options = { gateway, tokenOf: getToken };
  const enterprises = await seedDemoEnterprises(options);
  const rosters = await seedDemoRosters(options);
  const projects = await seedDemoProjects(options);
  const needs = await seedDemoNeeds(options);
  const leads = await seedDemoLeads(options);
  console.log(
    `  investment: ${enterprises.created} enterprise records created (${enterprises.existing} there), ` +
      `${rosters.rosters} rosters of ${rosters.members} members, ` +
      `${projects.created} projects created (${projects.existing} there), ` +
      `${needs.created} needs created (${needs.existing} there), ${leads} leads created`,
  );
}

/** Cadre exchange: the units' cadres, postings of the last years with their placements, open postings with nominations in every state. */
async function seedExchange(): Promise<void> {
  await ensureRealmUsers([...DEMO_EXCHANGE_USERS]);
  const result = await seedDemoExchange({ gateway, tokenOf: getToken });
  console.log(
    `  exchange: ${result.postings} postings created (${result.existing} there), ` +
      `${result.placements} placements, ${result.nominations} nominations`,
  );
}

seedPairs()
  .then(seedExperts)
  .then(seedPool)
  .then(seedChallenges)
  .then(seedStations)
  .then(seedFairs)
  .then(seedInvestment)
  .then(seedExchange)
  .catch((error: unknown) => {
    console.error('seed failed:', error);
    process.exit(1);
  });
