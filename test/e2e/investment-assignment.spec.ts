import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { connectSocket, ensureRealmUsers, getToken, infraEnv, waitFor } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';
// The service's providers, called in-process (claims have no public route); see the report for index.ts exports.
import { AssignmentService } from '@qingshui/app-investment';
import { FollowUpsService } from '@qingshui/app-investment';
import { FollowUpJobs } from '@qingshui/app-investment';
import { LeadsService } from '@qingshui/app-investment';
import type { LeadSnapshot } from '@qingshui/app-investment';

// Rosters, assignment and follow-up reminders through the gateway, Kafka and the investment
// service on FerretDB and Redis: who keeps and reads a roster and every bad input refused with
// nothing changed; 40 claims at once for 3 cadres of capacity 10 (exactly 30, none over, the away
// cadre none, a retried claim no second unit); a reminder that fires to the owner then escalates
// to the pair's coordinator (REST and sockets), and one that never fires because the lead moved on.

/** A follow-up "day" in this suite: assigned leads remind after 14 of them, escalation after 3. */
const DAY_MS = 250;
const RUN = Date.now().toString(36);
const OUTSIDER = {
  username: 'ia-cadre-haidian',
  role: 'cadre' as const,
  org: 'gov-haidian',
  region: 'haidian',
};
const RIVAL = { username: 'ia-ent-rival', role: 'enterprise' as const, org: 'ent-ia-rival', region: 'xixia' };
const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

describe('investment owners, assignment rules and follow-ups', () => {
  let platform: Platform;
  let url: string;
  let assignment: AssignmentService;
  let followUps: FollowUpsService;
  let queueName: string;
  type Nest = { get<T>(c: new (...a: never[]) => T): T };
  const nestOf = (app: unknown) => (app as { app: Nest }).app;
  const t = {} as Record<
    'county' | 'district' | 'admin' | 'expert' | 'enterprise' | 'outsider' | 'rival',
    string
  >;
  const id = {} as Record<keyof typeof t, string>;
  const call = (token: string, method: string, path: string, body?: unknown, headers = {}) =>
    api(url, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}), headers });

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['investment'],
      config: { investment: { followUpDayMs: DAY_MS, followUpEscalationDays: 3 } },
    });
    url = platform.gateways[0]!.url;
    const services = nestOf(platform.services['investment']);
    assignment = services.get(AssignmentService);
    followUps = services.get(FollowUpsService);
    queueName = services.get(FollowUpJobs).settings.queue;
    await ensureRealmUsers([OUTSIDER, RIVAL]);
    const users = {
      county: 'demo-cadre-county',
      district: 'demo-cadre-beijing',
      admin: 'demo-admin',
      expert: 'demo-expert',
      enterprise: 'demo-enterprise',
      outsider: OUTSIDER.username,
      rival: RIVAL.username,
    } as const;
    for (const [key, username] of Object.entries(users) as [keyof typeof t, string][]) {
      t[key] = await getToken(username);
      id[key] = subOf(t[key]);
    }
  }, 180_000);

  afterAll(() => platform?.close());

  describe('rosters and rules', () => {
    it('refuses every bad roster with the offending fields and changes nothing', async () => {
      const bad = [
        {
          body: {
            members: [
              { userId: 'u1', name: '张伟' },
              { userId: 'u1', name: '张伟' },
            ],
          },
          field: 'members.1.userId',
        },
        { body: { members: [{ userId: 'u1', name: '张伟', capacity: -1 }] }, field: 'members.0.capacity' },
        {
          body: { members: [{ userId: 'u1', name: '张伟', coordinator: true }] },
          field: 'members.0.coordinator',
        },
        {
          body: {
            members: [{ userId: 'u1', name: '张伟' }],
            rules: [{ name: '光伏', memberIds: ['ghost'] }],
          },
          field: 'rules.0.memberIds.0',
        },
        {
          body: { members: [], rules: [{ name: '区间', minYuan: 500, maxYuan: 100 }] },
          field: 'rules.0.maxYuan',
        },
        { body: { members: [], rules: [{ name: '未知', fields: ['mining'] }] }, field: 'rules.0.fields.0' },
        { body: { members: [], extra: 1 }, field: 'extra' },
      ];
      for (const { body, field } of bad) {
        const refused = await call(t.county, 'PUT', '/investment/rosters/xichuan', body);
        expect(refused.status).toBe(400);
        expect(refused.body.code).toBe('VALIDATION_FAILED');
        expect(refused.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      expect((await call(t.county, 'PUT', '/investment/rosters/atlantis', { members: [] })).status).toBe(400);
      const after = await call(t.county, 'GET', '/investment/rosters/xichuan');
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ version: 0, members: [], rules: [], kind: 'county', canEdit: true });
    });

    it('is kept by the region’s cadres and admins, read by the pair’s cadres and admins only', async () => {
      const body = {
        members: [
          { userId: id.county, name: '刘丹水', capacity: 30 },
          { userId: `ia-wang-${RUN}`, name: '王建国', capacity: 25 },
        ],
        rules: [{ name: '新能源与光伏', fields: ['solar', 'wind'], memberIds: [id.county] }],
      };
      for (const other of [t.district, t.outsider])
        expect((await call(other, 'PUT', '/investment/rosters/xichuan', body)).status).toBe(403);
      for (const other of [t.expert, t.enterprise])
        expect((await call(other, 'GET', '/investment/rosters/xichuan')).status).toBe(403);
      expect((await call(t.outsider, 'GET', '/investment/rosters/xichuan')).status).toBe(403);
      const put = await call(t.county, 'PUT', '/investment/rosters/xichuan', body, { 'if-match': '"0"' });
      expect(put.status).toBe(200);
      expect(put.headers.get('etag')).toBe('"1"');
      expect(put.body.rules[0]).toMatchObject({
        name: '新能源与光伏',
        fields: ['solar', 'wind'],
        id: expect.any(String),
      });
      const stale = await call(t.county, 'PUT', '/investment/rosters/xichuan', body, { 'if-match': '"0"' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      const seenByPair = await call(t.district, 'GET', '/investment/rosters/xichuan');
      expect(seenByPair.status).toBe(200);
      expect(seenByPair.body).toMatchObject({
        canEdit: false,
        members: [{ name: '刘丹水' }, { name: '王建国' }],
      });
      expect((await call(t.admin, 'GET', '/investment/rosters/xichuan')).status).toBe(200);
      // The district keeps its own side: its coordinator.
      const district = await call(t.district, 'PUT', '/investment/rosters/chaoyang', {
        members: [{ userId: id.district, name: '陈京华', capacity: 10, coordinator: true }],
      });
      expect(district.status).toBe(200);
      expect(district.body).toMatchObject({ kind: 'district', counterpart: { region: 'xichuan' } });
      expect(await assignment.pairCoordinators('xichuan')).toEqual([id.district]);
      const principal = {
        userId: id.district,
        username: 'demo-cadre-beijing',
        roles: ['cadre' as const],
        region: 'chaoyang',
      };
      expect(await assignment.isPairCoordinator(principal, 'xichuan')).toBe(true);
      expect(await assignment.isPairCoordinator({ ...principal, userId: id.county }, 'xichuan')).toBe(false);
    });

    it('marks a cadre away and back; an unknown cadre is 404, a stranger 403', async () => {
      const away = await call(t.county, 'PUT', `/investment/rosters/xichuan/members/ia-wang-${RUN}/away`, {
        away: true,
      });
      expect(away.status).toBe(200);
      expect(away.body.members.find((m: { name: string }) => m.name === '王建国').away).toBe(true);
      expect(
        (await call(t.county, 'PUT', '/investment/rosters/xichuan/members/nobody/away', { away: true }))
          .status,
      ).toBe(404);
      expect(
        (
          await call(t.outsider, 'PUT', `/investment/rosters/xichuan/members/ia-wang-${RUN}/away`, {
            away: false,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call(t.county, 'PUT', `/investment/rosters/xichuan/members/ia-wang-${RUN}/away`, {
            away: 'no',
          })
        ).status,
      ).toBe(400);
    });
  });

  describe('claims', () => {
    it('gives 40 concurrent claims for 3 cadres of capacity 10 exactly 30 owners, round robin, the away cadre none', async () => {
      const members = ['a', 'b', 'c', 'd'].map((x) => `ia-${x}-${RUN}`);
      const put = await call(t.admin, 'PUT', '/investment/rosters/xixia', {
        members: members.map((userId, i) => ({
          userId,
          name: ['张伟', '李娜', '王芳', '刘洋'][i],
          capacity: 10,
          away: i === 3,
        })),
      });
      expect(put.status).toBe(200);
      const leads = Array.from({ length: 40 }, (_, i) => `ia-lead-${RUN}-${i}`);
      const owners = await Promise.all(
        leads.map((leadId) =>
          assignment.claimOwner({ leadId, county: 'xixia', field: 'solar', amountYuan: 1_000_000 }),
        ),
      );
      const claimed = owners.filter(Boolean);
      expect(claimed).toHaveLength(30);
      const per = (list: typeof owners) =>
        Object.fromEntries(members.map((m) => [m, list.filter((o) => o?.userId === m).length]));
      expect(per(owners)).toEqual({
        [members[0]!]: 10,
        [members[1]!]: 10,
        [members[2]!]: 10,
        [members[3]!]: 0,
      });
      // A retried claim takes no second unit and names the same owner.
      const again = await Promise.all(
        leads.map((leadId) => assignment.claimOwner({ leadId, county: 'xixia' })),
      );
      expect(again.map((o) => o?.userId)).toEqual(owners.map((o) => o?.userId));
      const roster = await call(t.admin, 'GET', '/investment/rosters/xixia');
      expect(roster.body.members.map((m: { openLeads: number }) => m.openLeads)).toEqual([10, 10, 10, 0]);
      // Releasing twice frees one unit; the next claim goes to whoever has room.
      const first = owners[0]!;
      await assignment.releaseOwner(first.userId, leads[0]!);
      await assignment.releaseOwner(first.userId, leads[0]!);
      const after = await call(t.admin, 'GET', '/investment/rosters/xixia');
      expect(
        after.body.members
          .map((m: { openLeads: number }) => m.openLeads)
          .sort((x: number, y: number) => x - y),
      ).toEqual([0, 9, 10, 10]);
      const next = await assignment.claimOwner({ leadId: `ia-lead-${RUN}-new`, county: 'xixia' });
      expect(next?.userId).toBe(first.userId);
      // A named pick: one without room is refused, a stranger by field.
      await expect(
        assignment.claimNamedOwner({ leadId: `ia-lead-${RUN}-x`, county: 'xixia' }, members[1]!),
      ).rejects.toMatchObject({
        code: 'CAP_REACHED',
      });
      // Away is no bar to a person's own pick; the rotation still skips the cadre.
      expect(
        (await assignment.claimNamedOwner({ leadId: `ia-lead-${RUN}-x`, county: 'xixia' }, members[3]!))
          .userId,
      ).toBe(members[3]);
      await expect(
        assignment.claimNamedOwner({ leadId: `ia-lead-${RUN}-x`, county: 'xixia' }, 'ghost'),
      ).rejects.toMatchObject({
        status: 400,
      });
      // A county with no roster: nobody, the lead stays unassigned.
      expect(await assignment.claimOwner({ leadId: `ia-lead-${RUN}-y`, county: 'yunxi' })).toBeUndefined();
    }, 60_000);
  });

  describe('claims across instances', () => {
    it('keeps capacity exact when two service instances claim for the same county at once', async () => {
      const other = nestOf(await platform.addInstance('investment')).get(AssignmentService);
      const members = ['a', 'b', 'c'].map((x) => `ia-zx-${x}-${RUN}`);
      const put = await call(t.admin, 'PUT', '/investment/rosters/zhuxi', {
        members: members.map((userId, i) => ({ userId, name: ['孙强', '周敏', '吴磊'][i], capacity: 10 })),
      });
      expect(put.status).toBe(200);
      const owners = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? other : assignment).claimOwner({ leadId: `ia-zx-lead-${RUN}-${i}`, county: 'zhuxi' }),
        ),
      );
      expect(owners.filter(Boolean)).toHaveLength(30);
      const roster = await call(t.admin, 'GET', '/investment/rosters/zhuxi');
      expect(roster.body.members.map((m: { openLeads: number }) => m.openLeads)).toEqual([10, 10, 10]);
    }, 90_000);
  });

  describe('follow-up reminders', () => {
    const snapshot = (leadId: string, extra: Partial<LeadSnapshot> = {}): LeadSnapshot => ({
      id: leadId,
      version: 1,
      stage: 'assigned',
      status: 'ongoing',
      county: 'xichuan',
      pairId: 'chaoyang-xichuan',
      field: 'solar',
      estimatedAmountYuan: 300_000_000,
      enterprise: { enterpriseId: 'ent-qushou', name: '淅川县渠首农业有限公司', orgId: 'ent-qushou-agri' },
      ownerId: id.county,
      lastActivityAt: new Date().toISOString(),
      tasks: [],
      origin: { kind: 'manual' },
      ...extra,
    });

    it('fires to the owner after the stage’s days, then escalates to the pair’s coordinator', async () => {
      const leadId = `ia-fu-${RUN}-1`;
      const owner = await connectSocket(url, t.county);
      const coordinator = await connectSocket(url, t.district);
      const outsider = await connectSocket(url, t.outsider);
      const heard: { who: string; state: string; leadId: string }[] = [];
      for (const [who, socket] of [
        ['owner', owner],
        ['coordinator', coordinator],
        ['outsider', outsider],
      ] as const)
        socket.on(
          'investment.lead.reminder.v1',
          (d: { payload: { reminder: { state: string; leadId: string } } }) =>
            heard.push({ who, state: d.payload.reminder.state, leadId: d.payload.reminder.leadId }),
        );
      try {
        await followUps.onLeadChanged(snapshot(leadId));
        await followUps.onLeadChanged(snapshot(leadId)); // a repeat: one plan
        const planned = await call(t.county, 'GET', `/investment/leads/${leadId}/follow-ups`);
        expect(planned.status).toBe(200);
        expect(planned.body.upcoming).toEqual([
          expect.objectContaining({ kind: 'idle', days: 14, state: 'upcoming' }),
        ]);
        await waitFor(
          async () => heard.some((h) => h.state === 'escalated'),
          'the reminder escalated',
          15_000,
        );
        const mine = heard.filter((h) => h.leadId === leadId);
        expect(mine.filter((h) => h.who === 'owner').map((h) => h.state)).toEqual(['fired', 'escalated']);
        expect(mine.filter((h) => h.who === 'coordinator').map((h) => h.state)).toEqual(['escalated']);
        expect(mine.filter((h) => h.who === 'outsider')).toEqual([]);
        const view = await call(t.district, 'GET', `/investment/leads/${leadId}/follow-ups`);
        expect(view.body.history).toEqual([
          expect.objectContaining({ state: 'escalated', sentTo: [id.county], escalatedTo: [id.district] }),
        ]);
        // The enterprise reads its lead's follow-ups; another enterprise and a stranger cadre do not.
        expect((await call(t.enterprise, 'GET', `/investment/leads/${leadId}/follow-ups`)).status).toBe(200);
        expect((await call(t.rival, 'GET', `/investment/leads/${leadId}/follow-ups`)).status).toBe(404);
        expect((await call(t.outsider, 'GET', `/investment/leads/${leadId}/follow-ups`)).status).toBe(404);
        const ownerDue = await call(t.county, 'GET', '/investment/reminders/mine');
        expect(ownerDue.body.items).toEqual([
          expect.objectContaining({ leadId, as: 'owner', state: 'escalated' }),
        ]);
        const coordinatorDue = await call(t.district, 'GET', '/investment/reminders/mine?pageSize=5');
        expect(coordinatorDue.body.items).toEqual([expect.objectContaining({ leadId, as: 'coordinator' })]);
        expect((await call(t.county, 'GET', '/investment/reminders/mine?pageSize=0')).status).toBe(400);
        // Activity on the lead resolves it: it leaves both lists.
        await followUps.onLeadChanged(
          snapshot(leadId, { version: 2, lastActivityAt: new Date().toISOString() }),
        );
        expect((await call(t.county, 'GET', '/investment/reminders/mine')).body.items).toEqual([]);
        expect((await call(t.district, 'GET', '/investment/reminders/mine')).body.items).toEqual([]);
        expect(
          (await call(t.county, 'GET', `/investment/leads/${leadId}/follow-ups`)).body.history[0].state,
        ).toBe('resolved');
      } finally {
        for (const socket of [owner, coordinator, outsider]) socket.close();
      }
    }, 60_000);

    it('never fires for a lead that moved on or closed before its reminder was due', async () => {
      const moved = `ia-fu-${RUN}-2`;
      const closed = `ia-fu-${RUN}-3`;
      const socket = await connectSocket(url, t.county);
      const heard: string[] = [];
      socket.on('investment.lead.reminder.v1', (d: { payload: { reminder: { leadId: string } } }) =>
        heard.push(d.payload.reminder.leadId),
      );
      try {
        // Prospects remind after 7 days (1.75 s here); each moves on after 1 s.
        await followUps.onLeadChanged(snapshot(moved, { stage: 'prospect' }));
        await followUps.onLeadChanged(snapshot(closed, { stage: 'prospect' }));
        const first = (await call(t.county, 'GET', `/investment/leads/${moved}/follow-ups`)).body.upcoming[0]
          .id as string;
        const jobId = `inv-fu-${moved}-v1-${first}-remind`;
        const redis = new Redis(infraEnv().redisUrl, { maxRetriesPerRequest: null });
        const queue = new Queue(queueName, { connection: redis });
        expect(await queue.getJob(jobId)).toBeDefined();
        await new Promise((resolve) => setTimeout(resolve, 4 * DAY_MS));
        await followUps.onLeadChanged(
          snapshot(moved, { version: 2, stage: 'active', lastActivityAt: new Date().toISOString() }),
        );
        await followUps.onLeadChanged(snapshot(closed, { version: 2, status: 'abandoned' }));
        // The superseded job is gone from BullMQ (a plus: the worker would skip it anyway).
        expect(await queue.getJob(jobId)).toBeUndefined();
        await queue.close();
        redis.disconnect();
        // An older snapshot arriving late changes nothing.
        await followUps.onLeadChanged(snapshot(closed, { version: 1, stage: 'prospect' }));
        await new Promise((resolve) => setTimeout(resolve, 8 * DAY_MS));
        expect(heard.filter((leadId) => [moved, closed].includes(leadId))).toEqual([]);
        const a = await call(t.county, 'GET', `/investment/leads/${moved}/follow-ups`);
        expect(a.body).toMatchObject({ leadVersion: 2, history: [] });
        expect(a.body.upcoming).toEqual([expect.objectContaining({ stage: 'active', days: 21 })]);
        const b = await call(t.county, 'GET', `/investment/leads/${closed}/follow-ups`);
        expect(b.body).toMatchObject({ leadVersion: 2, history: [], upcoming: [] });
      } finally {
        socket.close();
      }
    }, 60_000);

    it('never fires for a lead that changed when the follow-ups missed the change', async () => {
      const created = await call(t.county, 'POST', '/investment/leads', {
        title: `淅川县中药材种植加工基地 ${RUN}`,
        enterprise: { enterpriseId: `ent-ia-${RUN}`, name: '北京同仁堂中药材有限公司' },
        county: 'xichuan',
        field: 'tcm',
      });
      expect(created.status).toBe(201);
      const leadId = created.body.id as string;
      const planned = await waitFor(async () => {
        const view = await call(t.county, 'GET', `/investment/leads/${leadId}/follow-ups`);
        return view.status === 200 && view.body.upcoming.length > 0 ? view.body : undefined;
      }, 'the lead’s follow-ups planned');
      expect(planned.leadVersion).toBe(created.body.version);
      const sockets = [await connectSocket(url, t.county), await connectSocket(url, t.district)];
      const heard: string[] = [];
      for (const socket of sockets)
        socket.on('investment.lead.reminder.v1', (d: { payload: { reminder: { leadId: string } } }) =>
          heard.push(d.payload.reminder.leadId),
        );
      try {
        // The lead is abandoned, and the follow-ups never hear of it (a lost hand-over, no event).
        const leads = nestOf(platform.services['investment']).get(LeadsService).leads;
        await leads.updateOne({ _id: leadId }, { $inc: { version: 1 }, $set: { status: 'abandoned' } });
        // Its prospect reminder was due after 7 days (1.75 s here): it finds the lead moved on.
        await new Promise((resolve) => setTimeout(resolve, 10 * DAY_MS));
        expect(heard.filter((id) => id === leadId)).toEqual([]);
        const after = await call(t.county, 'GET', `/investment/leads/${leadId}/follow-ups`);
        expect(after.body).toMatchObject({
          leadVersion: (created.body.version as number) + 1,
          upcoming: [],
          history: [],
        });
      } finally {
        sockets.forEach((socket) => socket.close());
      }
    }, 60_000);
  });
});
