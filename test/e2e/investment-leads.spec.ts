import { randomUUID } from 'node:crypto';
import { connectSocket, ensureRealmUsers, getToken, waitFor } from '@qingshui/testing';
import type { CommandContext } from '@qingshui/messaging';
import type { RunningInvestment } from '@qingshui/app-investment';
import { api, startPlatform, type Platform } from '../support/platform';
import { LeadsService } from '@qingshui/app-investment';
import { LeadProjections, amountOf, cellOf, totalsDelta } from '@qingshui/app-investment';
import type { LeadDocument } from '@qingshui/app-investment';

// Leads and the pipeline through the gateway, Kafka and the investment service on FerretDB: gate
// refusals naming the missing fields (nothing changed), who signs and who verifies a landing, the
// visibility matrix over REST and sockets, the stage log and values per stage, activities and
// tasks, totals exact after a series of moves and after a replay, and the lineage hooks
// (openFromOrigin, moveEnterprise) idempotent.

const RUN = Date.now().toString(36);
const OUTSIDER = { username: 'il-cadre-xixia', role: 'cadre' as const, org: 'gov-xixia', region: 'xixia' };
const RIVAL = { username: 'il-ent-rival', role: 'enterprise' as const, org: 'ent-il-rival', region: 'xixia' };
const OWNER2 = {
  username: 'il-cadre-xichuan2',
  role: 'cadre' as const,
  org: 'gov-xichuan',
  region: 'xichuan',
};
/** The token's subject: the principal's user id. */
const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

describe('investment leads and the pipeline (招商线索)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<
    'county' | 'district' | 'enterprise' | 'admin' | 'expert' | 'outsider' | 'rival' | 'owner2',
    string
  >;
  const id = {} as Record<keyof typeof t, string>;
  const call = (token: string | undefined, method: string, path: string, body?: unknown, headers = {}) =>
    api(url, method, `/api/v1${path}`, {
      ...(token ? { token } : {}),
      ...(body !== undefined ? { body } : {}),
      headers,
    });
  const newLead = async (over: Record<string, unknown> = {}, as = t.county) => {
    const created = await call(as, 'POST', '/investment/leads', {
      title: `淅川县丹江口库区光伏农业一体化项目 ${RUN}`,
      enterprise: {
        enterpriseId: `ent-bj-qingyuan-${RUN}`,
        name: '北京清源环保科技有限公司',
        orgId: 'ent-qushou-agri',
      },
      county: 'xichuan',
      ownerId: id.county,
      ...over,
    });
    expect(created.body).toMatchObject({ id: expect.any(String) });
    expect(created.status).toBe(201);
    return created.body as { id: string; version: number; [k: string]: unknown };
  };
  const move = (leadId: string, body: Record<string, unknown>, as = t.county) =>
    call(as, 'POST', `/investment/leads/${leadId}/move`, body);
  const get = (leadId: string, as = t.county) => call(as, 'GET', `/investment/leads/${leadId}`);
  const investment = () => platform.services['investment'] as unknown as RunningInvestment;
  const system = (): CommandContext =>
    ({
      principal: { userId: 'system:investment', username: 'system', roles: ['admin'] },
      correlationId: `test-${randomUUID()}`,
      logger: console,
    }) as unknown as CommandContext;

  beforeAll(async () => {
    await ensureRealmUsers([OUTSIDER, RIVAL, OWNER2]);
    platform = await startPlatform({ services: ['investment'] });
    url = platform.gateways[0]!.url;
    t.county = await getToken('demo-cadre-county');
    t.district = await getToken('demo-cadre-beijing');
    t.enterprise = await getToken('demo-enterprise');
    t.admin = await getToken('demo-admin');
    t.expert = await getToken('demo-expert');
    t.outsider = await getToken(OUTSIDER.username);
    t.rival = await getToken(RIVAL.username);
    t.owner2 = await getToken(OWNER2.username);
    for (const key of Object.keys(t) as (keyof typeof t)[]) id[key] = subOf(t[key]);
    // The assignment part's rosters: who may own the county's leads, and the district's coordinator.
    const county = await call(t.county, 'PUT', '/investment/rosters/xichuan', {
      members: [
        { userId: id.county, name: '淅川县投资促进中心 王主任', capacity: 500 },
        { userId: id.owner2, name: '淅川县投资促进中心 刘科长', capacity: 500 },
        { userId: id.outsider, name: '西峡县挂职干部 李干部', capacity: 500 },
      ],
    });
    expect([county.status, county.body]).toEqual([200, expect.anything()]);
    const district = await call(t.district, 'PUT', '/investment/rosters/chaoyang', {
      members: [{ userId: id.district, name: '朝阳区投资促进局 张处长', capacity: 500, coordinator: true }],
    });
    expect([district.status, district.body]).toEqual([200, expect.anything()]);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('refuses a move whose gate is unmet, naming the missing fields, and changes nothing', async () => {
    const lead = await newLead();
    expect(lead).toMatchObject({
      stage: 'prospect',
      nextStage: 'assigned',
      missingForNext: ['field', 'estimatedAmountYuan'],
    });
    const refused = await move(lead.id, { to: 'assigned' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'field',
      'estimatedAmountYuan',
    ]);
    const unchanged = await get(lead.id);
    expect(unchanged.body).toMatchObject({ stage: 'prospect', version: lead.version, stageLog: [] });
    // A skip ahead, a landing by a move, a stale If-Match: refused too, nothing written.
    expect((await move(lead.id, { to: 'active' })).status).toBe(409);
    expect((await move(lead.id, { to: 'landed' })).status).toBe(409);
    const stale = await call(
      t.county,
      'POST',
      `/investment/leads/${lead.id}/move`,
      { to: 'assigned', values: { estimatedAmountYuan: 1 } },
      { 'if-match': '"99"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect((await move(lead.id, { to: 'assigned', values: { estimatedAmountYuan: -5 } })).status).toBe(400);
    expect((await get(lead.id)).body.version).toBe(lead.version);
  });

  it('walks a lead through every stage: gates, who signs, who verifies, the stage log and values per stage', async () => {
    const lead = await newLead({ field: 'solar' });
    const assigned = await move(lead.id, { to: 'assigned', values: { estimatedAmountYuan: 120_000_000 } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({
      stage: 'assigned',
      missingForNext: ['contactPerson', 'meetingRecord', 'likelihoodPct'],
    });
    // A visit counts as the meeting record.
    const visit = await call(t.county, 'POST', `/investment/leads/${lead.id}/activities`, {
      kind: 'visit',
      at: new Date().toISOString(),
      people: ['李建国', '王主任'],
      summary: '陪同企业考察淅川县产业集聚区光伏用地',
    });
    expect(visit.status).toBe(201);
    expect(visit.body.missingForNext).toEqual(['contactPerson', 'likelihoodPct']);
    const active = await move(lead.id, {
      to: 'active',
      values: { contactPerson: '李建国 13800001111', likelihoodPct: 70 },
    });
    expect(active.status).toBe(200);
    const signing = {
      agreementDate: '2026-11-28',
      signedAmountYuan: 100_000_000,
      parties: ['淅川县人民政府', '北京清源环保科技有限公司'],
    };
    // Another cadre of the county is neither owner nor coordinator; an admin neither.
    expect((await move(lead.id, { to: 'signed', values: signing }, t.owner2)).status).toBe(403);
    expect((await move(lead.id, { to: 'signed', values: signing }, t.admin)).status).toBe(403);
    expect((await get(lead.id)).body.stage).toBe('active');
    // The paired district's coordinator (on the district's roster) signs.
    const signed = await move(lead.id, { to: 'signed', values: signing }, t.district);
    expect(signed.status).toBe(200);
    // Landing: the owner reports it with its fields, only an admin verifies.
    const incomplete = await call(t.county, 'POST', `/investment/leads/${lead.id}/request-landing`, {
      values: { jobs: 120 },
    });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'actualInvestmentYuan',
      'site',
      'startDate',
    ]);
    const requested = await call(t.county, 'POST', `/investment/leads/${lead.id}/request-landing`, {
      values: {
        actualInvestmentYuan: 95_000_000,
        jobs: 120,
        site: '淅川县产业集聚区光伏园',
        startDate: '2026-12-01',
      },
    });
    expect(requested.status).toBe(200);
    expect(requested.body.landing).toMatchObject({ requestedBy: id.county });
    const queue = await call(t.admin, 'GET', '/investment/landing-requests');
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(lead.id);
    expect((await call(t.county, 'GET', '/investment/landing-requests')).status).toBe(403);
    expect(
      (await call(t.county, 'POST', `/investment/leads/${lead.id}/verify-landing`, { decision: 'verify' }))
        .status,
    ).toBe(403);
    const landed = await call(t.admin, 'POST', `/investment/leads/${lead.id}/verify-landing`, {
      decision: 'verify',
    });
    expect(landed.status).toBe(200);
    expect(landed.body).toMatchObject({ stage: 'landed', nextStage: null, missingForNext: [] });
    expect(
      landed.body.stageLog.map((e: { from: string; to: string; by: string }) => [e.from, e.to, e.by]),
    ).toEqual([
      ['prospect', 'assigned', id.county],
      ['assigned', 'active', id.county],
      ['active', 'signed', id.district],
      ['signed', 'landed', id.admin],
    ]);
    expect(landed.body.stageValues).toMatchObject({
      assigned: { estimatedAmountYuan: 120_000_000 },
      active: { contactPerson: '李建国 13800001111', likelihoodPct: 70 },
      signed: signing,
      landed: { actualInvestmentYuan: 95_000_000, jobs: 120 },
    });
    expect(
      (await call(t.admin, 'GET', '/investment/landing-requests')).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).not.toContain(lead.id);
    // Landed stays landed.
    expect((await move(lead.id, { to: 'active', reason: '回退' })).status).toBe(409);
  }, 60_000);

  it('shows a lead, its activities and its events only to those concerned', async () => {
    const lead = await newLead({ ownerId: id.outsider });
    const sockets = {
      enterprise: await connectSocket(url, t.enterprise),
      district: await connectSocket(url, t.district),
      rival: await connectSocket(url, t.rival),
      expert: await connectSocket(url, t.expert),
    };
    const heard: Record<string, { lead: { id: string }; change?: string }[]> = {
      enterprise: [],
      district: [],
      rival: [],
      expert: [],
    };
    for (const [who, socket] of Object.entries(sockets))
      socket.on('investment.lead.changed.v1', (d: { payload: { lead: { id: string } } }) =>
        heard[who]!.push(d.payload),
      );
    try {
      // The outsider cadre owns it; handing it to a county cadre keeps their read access.
      const handed = await call(t.county, 'POST', `/investment/leads/${lead.id}/owner`, {
        ownerId: id.owner2,
        reason: '工作调整，改由县招商局负责',
      });
      expect(handed.status).toBe(200);
      expect(handed.body).toMatchObject({ owner: { userId: id.owner2 }, previousOwnerIds: [id.outsider] });
      expect(handed.body.history.at(-1)).toMatchObject({ action: 'owner', by: id.county });
      const readers = {
        county: 200,
        district: 200,
        enterprise: 200,
        admin: 200,
        outsider: 200,
        owner2: 200,
        rival: 404,
        expert: 404,
      };
      for (const [who, expected] of Object.entries(readers))
        expect([who, (await get(lead.id, t[who as keyof typeof t])).status]).toEqual([who, expected]);
      // The enterprise reads but does not work the lead; the previous owner neither.
      expect(
        (await call(t.enterprise, 'PATCH', `/investment/leads/${lead.id}`, { values: { jobs: 1 } })).status,
      ).toBe(403);
      expect(
        (
          await call(t.outsider, 'POST', `/investment/leads/${lead.id}/tasks`, {
            title: '回访',
            dueAt: new Date().toISOString(),
          })
        ).status,
      ).toBe(403);
      // Lists: the pair's board, the enterprise's and the owner's own.
      const board = await call(t.district, 'GET', '/investment/leads?county=xichuan&pageSize=500');
      expect(board.status).toBe(200);
      expect(board.body.items.map((c: { id: string }) => c.id)).toContain(lead.id);
      expect((await call(t.outsider, 'GET', '/investment/leads?county=xichuan')).status).toBe(403);
      expect(
        (await call(t.enterprise, 'GET', '/investment/my-leads?pageSize=500')).body.items.map(
          (c: { id: string }) => c.id,
        ),
      ).toContain(lead.id);
      expect(
        (await call(t.rival, 'GET', '/investment/my-leads')).body.items.map((c: { id: string }) => c.id),
      ).not.toContain(lead.id);
      expect(
        (await call(t.owner2, 'GET', '/investment/my-leads')).body.items.map((c: { id: string }) => c.id),
      ).toContain(lead.id);
      // Activities and tasks.
      const task = await call(t.owner2, 'POST', `/investment/leads/${lead.id}/tasks`, {
        title: '寄送投资合作框架协议',
        dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });
      expect(task.status).toBe(201);
      const taskId = task.body.tasks[0].id as string;
      const done = await call(t.owner2, 'PATCH', `/investment/leads/${lead.id}/tasks/${taskId}`, {
        done: true,
      });
      expect(done.body.tasks[0]).toMatchObject({ done: true });
      const call1 = await call(t.owner2, 'POST', `/investment/leads/${lead.id}/activities`, {
        kind: 'call',
        at: new Date().toISOString(),
        summary: '电话沟通用地指标',
      });
      expect(call1.body.activities).toEqual([expect.objectContaining({ kind: 'call', by: id.owner2 })]);
      expect((await get(lead.id, t.enterprise)).body.activities).toHaveLength(1);
      // Events: the enterprise and the pair's cadres hear them in full, nobody else anything.
      await waitFor(
        () => heard['enterprise']!.some((p) => p.lead.id === lead.id && p.change === 'activity') || undefined,
        'the enterprise hears',
      );
      await waitFor(
        () => heard['district']!.some((p) => p.lead.id === lead.id) || undefined,
        'the pair’s cadre hears',
      );
      expect(heard['enterprise']!.find((p) => p.lead.id === lead.id)).not.toHaveProperty('audience');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(heard['rival']!.filter((p) => p.lead.id === lead.id)).toEqual([]);
      expect(heard['expert']!.filter((p) => p.lead.id === lead.id)).toEqual([]);
    } finally {
      for (const socket of Object.values(sockets)) socket.close();
    }
  }, 60_000);

  it('needs a reason for lost, closes the lead, and reopens it', async () => {
    const lead = await newLead();
    const noReason = await call(t.county, 'POST', `/investment/leads/${lead.id}/status`, { status: 'lost' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await get(lead.id)).body).toMatchObject({ status: 'ongoing', version: lead.version });
    const lost = await call(t.county, 'POST', `/investment/leads/${lead.id}/status`, {
      status: 'lost',
      reason: '企业转投湖北其他园区',
    });
    expect(lost.body).toMatchObject({ status: 'lost', lostReason: '企业转投湖北其他园区' });
    expect((await move(lead.id, { to: 'assigned' })).status).toBe(409);
    const reopened = await call(t.county, 'POST', `/investment/leads/${lead.id}/status`, {
      status: 'ongoing',
    });
    expect(reopened.body.status).toBe('ongoing');
    expect(reopened.body.history.at(-1).detail).toContain('reopened');
  });

  it('keeps the totals exact after a series of moves, and after a replay', async () => {
    const totals = async () =>
      (await call(t.admin, 'GET', '/investment/totals?county=xichuan&field=biomedicine')).body as {
        lanes: Record<string, { count: number; amountYuan: number }>;
      };
    const before = await totals();
    const leads = [];
    for (const amount of [10_000_000, 20_000_000, 30_000_000])
      leads.push(await newLead({ field: 'biomedicine', values: { estimatedAmountYuan: amount } }));
    for (const lead of leads.slice(0, 2)) expect((await move(lead.id, { to: 'assigned' })).status).toBe(200);
    await call(t.county, 'PATCH', `/investment/leads/${leads[0]!.id}`, {
      values: { estimatedAmountYuan: 15_000_000 },
    });
    await call(t.county, 'POST', `/investment/leads/${leads[1]!.id}/status`, { status: 'abandoned' });
    const after = await totals();
    const delta = (lane: string) => ({
      count: after.lanes[lane]!.count - before.lanes[lane]!.count,
      amountYuan: after.lanes[lane]!.amountYuan - before.lanes[lane]!.amountYuan,
    });
    expect(delta('prospect')).toEqual({ count: 1, amountYuan: 30_000_000 });
    expect(delta('assigned')).toEqual({ count: 1, amountYuan: 15_000_000 });
    expect(delta('closed')).toEqual({ count: 1, amountYuan: 20_000_000 });
    // A replay of every version of every lead, and the current ones twice: nothing moves.
    const projections = investment().app.get(LeadProjections);
    const service = investment().app.get(LeadsService);
    for (const lead of leads) {
      const doc = (await service.leads.findOne({ _id: lead.id })) as LeadDocument;
      for (let v = 1; v <= doc.version; v += 1)
        expect(await projections.project({ ...doc, version: v })).toBe(false);
    }
    expect(await totals()).toEqual(after);
    // The cadres of the pair see their own county; others are refused.
    expect((await call(t.district, 'GET', '/investment/totals')).body.filter).toEqual({});
    expect(Object.keys((await call(t.district, 'GET', '/investment/totals')).body.byCounty)).toEqual([
      'xichuan',
    ]);
    expect((await call(t.district, 'GET', '/investment/totals?county=xixia')).status).toBe(403);
    expect((await call(t.enterprise, 'GET', '/investment/totals')).status).toBe(403);
    expect(Object.keys((await call(t.admin, 'GET', '/investment/totals')).body.byCounty)).toHaveLength(16);
  }, 60_000);

  it('finishes a projection that stopped after the totals took a change, counting it once', async () => {
    const totals = async () =>
      (await call(t.admin, 'GET', '/investment/totals?county=xichuan&field=tcm')).body as {
        lanes: Record<string, { count: number; amountYuan: number }>;
      };
    const lead = await newLead({ field: 'tcm', values: { estimatedAmountYuan: 40_000_000 } });
    const projections = investment().app.get(LeadProjections);
    const service = investment().app.get(LeadsService);
    const doc = (await service.leads.findOne({ _id: lead.id })) as LeadDocument;
    await waitFor(
      async () => (await projections.tallies.findOne({ _id: lead.id }))?.v === doc.version,
      'tallied',
    );
    const before = await totals();
    const xichuanTotals = () => projections.totals.findOne({ _id: 'xichuan' });
    // A projection stopped after its first step: the tally holds the new version and the change
    // the totals have not taken (and, with `totalsToo`, stopped after the totals took it too).
    const stopped = async (next: LeadDocument, totalsToo = false) => {
      const tally = (await projections.tallies.findOne({ _id: next._id }))!;
      const after = { cell: cellOf(next), yuan: amountOf(next) };
      const pending = totalsDelta({ cell: tally.cell, yuan: tally.yuan }, after);
      await projections.tallies.replaceOne(
        { _id: next._id },
        {
          ...tally,
          v: next.version,
          ...after,
          pending: Object.entries(pending).map(([path, by]) => ({ path, by })),
        },
      );
      if (totalsToo)
        await projections.totals.updateOne(
          { _id: 'xichuan' },
          { $inc: pending, $set: { [`applied.${next._id}`]: next.version } },
        );
    };
    const v2 = { ...doc, version: doc.version + 1, stage: 'assigned' as const };
    await stopped(v2);
    // The retry finds the change half-way and finishes it: counted once.
    expect(await projections.project(v2)).toBe(false);
    expect(await projections.project(v2)).toBe(false);
    const moved = await totals();
    expect(moved.lanes['prospect']!.count).toBe(before.lanes['prospect']!.count - 1);
    expect(moved.lanes['assigned']!.count).toBe((before.lanes['assigned']?.count ?? 0) + 1);
    expect(moved.lanes['assigned']!.amountYuan).toBe(
      (before.lanes['assigned']?.amountYuan ?? 0) + 40_000_000,
    );
    expect((await projections.tallies.findOne({ _id: lead.id }))?.pending).toBeUndefined();
    // Stopped after the totals took it: a newer version finishes it without counting it again.
    const v3 = { ...v2, version: v2.version + 1, values: { ...v2.values, estimatedAmountYuan: 50_000_000 } };
    const v4 = { ...v3, version: v3.version + 1, values: { ...v3.values, estimatedAmountYuan: 60_000_000 } };
    await stopped(v3, true);
    expect(await projections.project(v4)).toBe(true);
    expect(await projections.project(v3)).toBe(false);
    const last = await totals();
    expect(last.lanes['assigned']!.count).toBe(moved.lanes['assigned']!.count);
    expect(last.lanes['assigned']!.amountYuan).toBe(moved.lanes['assigned']!.amountYuan + 20_000_000);
    expect((await xichuanTotals())?.applied?.[lead.id]).toBe(v4.version);
    // Many projections of several versions at once, each twice, in any order: the newest counts, once.
    const versions = [1, 2, 3, 4, 5].map((i) => ({
      ...v4,
      version: v4.version + i,
      values: { ...v4.values, estimatedAmountYuan: 60_000_000 + i * 1_000_000 },
    }));
    const order = [...versions, ...versions].sort(() => Math.random() - 0.5);
    await Promise.all(order.map((v) => projections.project(v)));
    const raced = await totals();
    expect(raced.lanes['assigned']!.count).toBe(last.lanes['assigned']!.count);
    expect(raced.lanes['assigned']!.amountYuan).toBe(last.lanes['assigned']!.amountYuan + 5_000_000);
  }, 60_000);

  it('opens one lead per origin key, one activity per later event, and moves leads on a merge, idempotently', async () => {
    const service = investment().app.get(LeadsService);
    const enterprise = { enterpriseId: `ent-bj-xinfadi-${RUN}`, name: '北京新发地农产品有限公司' };
    const origin = {
      kind: 'fair-scan' as const,
      fairId: 'fair-demo',
      fairTitle: '淅川农产品北京推介会',
      exhibitorOrgId: 'ent-qushou-agri',
      fairLeadId: `fair-demo:ent-qushou-agri:t-${RUN}`,
      scannedAt: new Date().toISOString(),
    };
    const input = (eventId: string) => ({
      originKey: `fair-scan:ent-qushou-agri:u-visitor-${RUN}`,
      enterprise,
      county: 'xichuan',
      field: 'agriculture-processing' as const,
      title: '新发地采购淅川香菇',
      origin,
      eventId,
      activity: {
        kind: 'meeting' as const,
        at: new Date().toISOString(),
        summary: '展位扫码：有意采购干香菇',
      },
    });
    const first = await service.openFromOrigin(input('ev-1'), system());
    expect(first.created).toBe(true);
    expect(await service.openFromOrigin(input('ev-1'), system())).toEqual({
      leadId: first.leadId,
      created: false,
    });
    await service.openFromOrigin(input('ev-2'), system());
    await service.openFromOrigin(input('ev-2'), system());
    const lead = (await get(first.leadId, t.admin)).body;
    expect(lead.activities.map((a: { eventId: string }) => a.eventId)).toEqual(['ev-1', 'ev-2']);
    expect(lead.origin).toMatchObject({ kind: 'fair-scan', fairId: 'fair-demo' });
    expect(lead.originChain).toHaveLength(2);
    // Concurrent deliveries of one new key: one lead.
    const key = `challenge:c-${RUN}`;
    const challenge = {
      kind: 'challenge' as const,
      challengeId: `c-${RUN}`,
      awardedAt: new Date().toISOString(),
    };
    const racing = await Promise.all(
      ['a', 'b', 'c'].map((e) =>
        service.openFromOrigin({ ...input(`ev-c-${e}`), originKey: key, origin: challenge }, system()),
      ),
    );
    expect(new Set(racing.map((r) => r.leadId)).size).toBe(1);
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect((await get(racing[0]!.leadId, t.admin)).body.activities).toHaveLength(3);
    // The merge: both leads of the enterprise name the survivor, once.
    const survivor = {
      enterpriseId: `ent-bj-xinfadi-main-${RUN}`,
      name: '北京新发地农副产品批发市场中心',
      orgId: 'ent-il-rival',
    };
    expect(await service.moveEnterprise(enterprise, survivor, `merge-${RUN}`, system())).toBe(2);
    expect(await service.moveEnterprise(enterprise, survivor, `merge-${RUN}`, system())).toBe(0);
    const merged = (await get(first.leadId, t.rival)).body;
    expect(merged.enterprise).toEqual(survivor);
    expect(merged.history.at(-1)).toMatchObject({ action: 'merged' });
    expect(
      (await call(t.rival, 'GET', '/investment/my-leads')).body.items.map((c: { id: string }) => c.id),
    ).toEqual(expect.arrayContaining([first.leadId, racing[0]!.leadId]));
    // The report by origin counts them.
    const byOrigin = (await call(t.admin, 'GET', '/investment/totals?county=xichuan')).body.byOrigin;
    expect(byOrigin['fair-scan'].prospect.count).toBeGreaterThanOrEqual(1);
    expect(byOrigin['challenge'].prospect.count).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
