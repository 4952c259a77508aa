import type { LeadOrigin, Principal } from '@qingshui/contracts';
import type { Change } from '@qingshui/persistence';
import type { LeadDocument } from './lead.schema';
import {
  boardsOf,
  cellOf,
  decideActivity,
  decideCreate,
  decideMerge,
  decideMove,
  decideOriginEvent,
  decideReassign,
  decideRequestLanding,
  decideSetTask,
  decideAddTask,
  decideStatus,
  decideUpdate,
  decideVerifyLanding,
  leadCard,
  leadView,
  mayRead,
  missingFor,
  type LeadDecision,
  type NewLead,
} from './lead.decide';
import { totalsDelta } from './lead-projections';
import { leadIdOfOrigin } from './lead-ids';
import { sumTotals, totalsScope } from './lead-totals';

const now = new Date('2026-12-01T08:00:00.000Z');
const countyCadre: Principal = {
  userId: 'u-county',
  username: 'c',
  roles: ['cadre'],
  orgId: 'gov-xichuan',
  region: 'xichuan',
};
const districtCadre: Principal = {
  userId: 'u-district',
  username: 'd',
  roles: ['cadre'],
  orgId: 'gov-chaoyang',
  region: 'chaoyang',
};
const otherCadre: Principal = { userId: 'u-other', username: 'o', roles: ['cadre'], region: 'xixia' };
const admin: Principal = { userId: 'u-admin', username: 'a', roles: ['admin'] };
const enterprise: Principal = { userId: 'u-ent', username: 'e', roles: ['enterprise'], orgId: 'ent-bj-1' };
const otherEnterprise: Principal = {
  userId: 'u-ent2',
  username: 'e2',
  roles: ['enterprise'],
  orgId: 'ent-2',
};
const owner = { userId: 'u-county', name: '王主任' };

const fresh = (over: Partial<NewLead> = {}): LeadDocument =>
  ({
    ...decideCreate(
      {
        id: 'lead-1',
        title: '光伏农业一体化项目',
        enterprise: { enterpriseId: 'e-1', name: '北京清源环保科技有限公司', orgId: 'ent-bj-1' },
        county: 'xichuan',
        values: {},
        origin: { kind: 'manual' },
      },
      countyCadre,
      now,
    ).doc,
    outbox: [],
    outboxPending: false,
    ...over,
  }) as LeadDocument;

/** The lead a decision writes (it throws when the decision changed nothing). */
function written(decision: LeadDecision): LeadDocument {
  if ('unchanged' in decision) throw new Error('unchanged');
  return {
    ...(decision as Change<LeadDocument, NewLead>).reply,
    outbox: [],
    outboxPending: false,
  } as LeadDocument;
}
const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as { status: number; code: string; fields?: { field: string }[] };
  }
  throw new Error('did not throw');
};

describe('a new lead', () => {
  it('starts at prospect in its county’s pair, tells of it, and says what assigned needs', () => {
    const { doc, events } = decideCreate(
      {
        id: 'lead-1',
        title: '光伏',
        enterprise: { enterpriseId: 'e-1', name: '清源' },
        county: 'xichuan',
        values: { estimatedAmountYuan: 5 },
        origin: { kind: 'manual' },
      },
      countyCadre,
      now,
    );
    expect(doc).toMatchObject({
      stage: 'prospect',
      status: 'ongoing',
      pairId: 'chaoyang-xichuan',
      district: 'chaoyang',
    });
    expect(events[0]!.topic).toBe('investment.lead.opened.v1');
    expect(leadView(doc)).toMatchObject({ nextStage: 'assigned', missingForNext: ['ownerId', 'field'] });
  });
});

describe('reading', () => {
  const lead = fresh({ previousOwnerIds: ['u-before'], owner: { userId: 'u-now', name: 'x' } });
  it('lets the enterprise, owners past and present, the pair’s cadres and admins read, nobody else', () => {
    for (const p of [countyCadre, districtCadre, admin, enterprise]) expect(mayRead(p, lead)).toBe(true);
    expect(mayRead({ ...otherCadre, userId: 'u-before' }, lead)).toBe(true);
    expect(mayRead({ ...otherCadre, userId: 'u-now' }, lead)).toBe(true);
    for (const p of [otherCadre, otherEnterprise]) expect(mayRead(p, lead)).toBe(false);
    // An expert of the enterprise's organisation is not its staff.
    expect(mayRead({ userId: 'u-x', username: 'x', roles: ['expert'], orgId: 'ent-bj-1' }, lead)).toBe(false);
  });
});

describe('stage gates', () => {
  it('refuses a move whose gate is unmet, naming every missing field, with a 422', () => {
    const error = status(() =>
      decideMove(fresh(), { to: 'assigned', values: {} }, countyCadre, { pairCoordinator: false }, now),
    );
    expect(error).toMatchObject({ status: 422, code: 'VALIDATION_FAILED' });
    expect(error.fields!.map((f) => f.field)).toEqual(['ownerId', 'field', 'estimatedAmountYuan']);
  });

  it('counts the values given with the move and an owner the rules picked', () => {
    const lead = written(
      decideMove(
        fresh({ field: 'solar' }),
        { to: 'assigned', values: { estimatedAmountYuan: 80_000_000 } },
        countyCadre,
        { pairCoordinator: false, claimedOwner: owner },
        now,
      ),
    );
    expect(lead).toMatchObject({
      stage: 'assigned',
      owner,
      stageValues: { assigned: { estimatedAmountYuan: 80_000_000 } },
    });
    expect(lead.stageLog).toEqual([
      expect.objectContaining({ from: 'prospect', to: 'assigned', direction: 'forward', by: 'u-county' }),
    ]);
    expect(leadCard(lead)).toMatchObject({
      nextStage: 'active',
      missingForNext: ['contactPerson', 'meetingRecord', 'likelihoodPct'],
    });
  });

  it('takes a visit or meeting activity as the meeting record', () => {
    const lead = fresh({
      stage: 'assigned',
      owner,
      field: 'solar',
      values: { contactPerson: '李总', likelihoodPct: 60 },
    });
    expect(missingFor(lead, 'active')).toEqual(['meetingRecord']);
    const visited = written(
      decideActivity(
        lead,
        { id: 'a1', kind: 'visit', at: now.toISOString(), people: ['李总'], summary: '考察' },
        countyCadre,
        now,
      ),
    );
    expect(missingFor(visited, 'active')).toEqual([]);
    const called = written(
      decideActivity(
        lead,
        { id: 'a2', kind: 'call', at: now.toISOString(), people: [], summary: '电话' },
        countyCadre,
        now,
      ),
    );
    expect(missingFor(called, 'active')).toEqual(['meetingRecord']);
  });

  it('moves forward one stage at a time, and back only with a reason', () => {
    expect(
      status(() =>
        decideMove(fresh(), { to: 'active', values: {} }, countyCadre, { pairCoordinator: false }, now),
      ),
    ).toMatchObject({
      status: 409,
      fields: [{ field: 'to' }],
    });
    const active = fresh({ stage: 'active', owner, field: 'solar' });
    expect(
      status(() =>
        decideMove(active, { to: 'prospect', values: {} }, countyCadre, { pairCoordinator: false }, now),
      ).status,
    ).toBe(400);
    const back = written(
      decideMove(
        active,
        { to: 'assigned', values: {}, reason: '企业暂缓' },
        countyCadre,
        { pairCoordinator: false },
        now,
      ),
    );
    expect(back.stageLog.at(-1)).toMatchObject({
      from: 'active',
      to: 'assigned',
      direction: 'back',
      reason: '企业暂缓',
    });
  });

  it('lets only the owner or the pair’s coordinator sign', () => {
    const active = fresh({
      stage: 'active',
      owner: { userId: 'u-owner', name: '张' },
      field: 'solar',
      values: { agreementDate: '2026-11-30', signedAmountYuan: 5, parties: ['甲', '乙'] },
    });
    expect(
      status(() =>
        decideMove(active, { to: 'signed', values: {} }, countyCadre, { pairCoordinator: false }, now),
      ).status,
    ).toBe(403);
    expect(
      status(() => decideMove(active, { to: 'signed', values: {} }, admin, { pairCoordinator: false }, now))
        .status,
    ).toBe(403);
    expect(
      written(decideMove(active, { to: 'signed', values: {} }, districtCadre, { pairCoordinator: true }, now))
        .stage,
    ).toBe('signed');
    expect(
      written(
        decideMove(
          active,
          { to: 'signed', values: {} },
          { ...otherCadre, userId: 'u-owner' },
          { pairCoordinator: false },
          now,
        ),
      ).stage,
    ).toBe('signed');
  });

  it('lands only through a reported landing an admin verifies', () => {
    const signed = fresh({ stage: 'signed', owner, field: 'solar' });
    expect(
      status(() =>
        decideMove(signed, { to: 'landed', values: {} }, countyCadre, { pairCoordinator: false }, now),
      ).status,
    ).toBe(409);
    const refused = status(() =>
      decideRequestLanding(signed, { values: { jobs: 10 } }, countyCadre, { pairCoordinator: false }, now),
    );
    expect(refused.fields!.map((f) => f.field)).toEqual(['actualInvestmentYuan', 'site', 'startDate']);
    const requested = written(
      decideRequestLanding(
        signed,
        { values: { actualInvestmentYuan: 9, jobs: 10, site: '淅川县产业集聚区', startDate: '2026-10-01' } },
        countyCadre,
        { pairCoordinator: false },
        now,
      ),
    );
    expect(boardsOf(requested)).toContain('verify');
    expect(
      status(() => decideVerifyLanding(requested, { decision: 'verify' }, countyCadre, now)).status,
    ).toBe(403);
    const landed = written(decideVerifyLanding(requested, { decision: 'verify' }, admin, now));
    expect(landed).toMatchObject({ stage: 'landed', stageValues: { landed: { jobs: 10 } } });
    expect(landed.landing).toBeUndefined();
    expect(boardsOf(landed)).not.toContain('verify');
    expect('unchanged' in decideVerifyLanding(landed, { decision: 'verify' }, admin, now)).toBe(true);
    const returned = written(
      decideVerifyLanding(requested, { decision: 'return', note: '缺少开工证明' }, admin, now),
    );
    expect(returned).toMatchObject({ stage: 'signed' });
    expect(returned.landing).toBeUndefined();
  });
});

describe('statuses, owners, tasks, values', () => {
  it('needs a reason for lost, closes the lead, refuses moves until reopened', () => {
    expect(status(() => decideStatus(fresh(), { status: 'lost' }, countyCadre, now)).status).toBe(400);
    const lost = written(decideStatus(fresh(), { status: 'lost', reason: '企业转投他省' }, countyCadre, now));
    expect(lost).toMatchObject({ status: 'lost', lostReason: '企业转投他省' });
    expect(cellOf(lost)).toBe('none~manual~closed');
    expect(
      status(() =>
        decideMove(lost, { to: 'assigned', values: {} }, countyCadre, { pairCoordinator: false }, now),
      ).status,
    ).toBe(409);
    const reopened = written(decideStatus(lost, { status: 'ongoing' }, countyCadre, now));
    expect(reopened.lostReason).toBeUndefined();
    expect(reopened.history.at(-1)!.detail).toContain('reopened');
  });

  it('keeps the previous owner for read access on a reassignment', () => {
    const lead = written(
      decideReassign(fresh({ owner }), { userId: 'u-new', name: '新' }, '工作调整', countyCadre, now),
    );
    expect(lead.previousOwnerIds).toEqual(['u-county']);
    expect(boardsOf(lead)).toContain('owner:u-new');
    expect(boardsOf(lead)).not.toContain('owner:u-county');
  });

  it('refuses work by those who only read', () => {
    expect(status(() => decideUpdate(fresh(), { values: { jobs: 1 } }, enterprise, now)).status).toBe(403);
    expect('unchanged' in decideUpdate(fresh(), { values: {} }, countyCadre, now)).toBe(true);
  });

  it('marks tasks done and undone, and keeps the last activity time', () => {
    const later = new Date(now.getTime() + 60_000);
    const withTask = written(
      decideAddTask(
        fresh(),
        { id: 't1', title: '寄送合作协议', dueAt: '2026-12-10T00:00:00Z' },
        countyCadre,
        later,
      ),
    );
    expect(withTask.lastActivityAt).toEqual(later);
    const done = written(decideSetTask(withTask, { taskId: 't1', done: true }, countyCadre, later));
    expect(done.tasks[0]).toMatchObject({ done: true, doneAt: later.toISOString() });
    expect('unchanged' in decideSetTask(done, { taskId: 't1', done: true }, countyCadre, later)).toBe(true);
  });
});

describe('lineage', () => {
  it('derives one id per origin key, and records each origin event once', () => {
    expect(leadIdOfOrigin('fair-scan:ent-1:u-1')).toBe(leadIdOfOrigin('fair-scan:ent-1:u-1'));
    expect(leadIdOfOrigin('fair-scan:ent-1:u-1')).not.toBe(leadIdOfOrigin('fair-scan:ent-1:u-2'));
    const origin: LeadOrigin = { kind: 'challenge', challengeId: 'c1', awardedAt: now.toISOString() };
    const input = {
      eventId: 'ev-2',
      origin,
      activity: { id: 'a', kind: 'note' as const, at: now.toISOString(), people: [], summary: '再次' },
    };
    const once = written(decideOriginEvent(fresh(), input, admin, now));
    expect(once.activities).toHaveLength(1);
    expect(once.originChain).toHaveLength(2);
    expect('unchanged' in decideOriginEvent(once, input, admin, now)).toBe(true);
  });

  it('moves a lead to the surviving enterprise once per merge', () => {
    const from = { enterpriseId: 'e-1', name: '清源' };
    const to = { enterpriseId: 'e-9', name: '北京清源环保科技有限公司', orgId: 'ent-bj-9' };
    const merged = written(decideMerge(fresh(), { from, to, mergeId: 'm1' }, admin, now));
    expect(merged.enterprise).toEqual(to);
    expect(merged.history.at(-1)).toMatchObject({ action: 'merged' });
    expect('unchanged' in decideMerge(merged, { from, to, mergeId: 'm1' }, admin, now)).toBe(true);
  });
});

describe('totals', () => {
  it('moves a lead between cells by exact deltas', () => {
    expect(totalsDelta(undefined, { cell: 'a', yuan: 5 })).toEqual({ 'cells.a.n': 1, 'cells.a.yuan': 5 });
    expect(totalsDelta({ cell: 'a', yuan: 5 }, { cell: 'a', yuan: 8 })).toEqual({ 'cells.a.yuan': 3 });
    expect(totalsDelta({ cell: 'a', yuan: 5 }, { cell: 'b', yuan: 5 })).toEqual({
      'cells.a.n': -1,
      'cells.a.yuan': -5,
      'cells.b.n': 1,
      'cells.b.yuan': 5,
    });
  });

  it('scopes cadres to their own pair, admins to any', () => {
    expect(totalsScope(districtCadre, {})).toEqual(['xichuan']);
    expect(totalsScope(countyCadre, { pair: 'chaoyang-xichuan' })).toEqual(['xichuan']);
    expect(status(() => totalsScope(countyCadre, { county: 'xixia' })).status).toBe(403);
    expect(status(() => totalsScope(enterprise, {})).status).toBe(403);
    expect(totalsScope(admin, {})).toHaveLength(16);
    expect(status(() => totalsScope(admin, { pair: 'nowhere' })).status).toBe(400);
  });

  it('sums cells by lane, county, field and origin, with the filters', () => {
    const docs: { _id: string; cells: Record<string, { n: number; yuan: number }> }[] = [
      {
        _id: 'xichuan',
        cells: {
          'solar~manual~signed': { n: 2, yuan: 300 },
          'solar~fair-scan~prospect': { n: 1, yuan: 10 },
          'tcm~manual~closed': { n: 1, yuan: 7 },
        },
      },
      { _id: 'xixia', cells: { 'tcm~challenge~landed': { n: 1, yuan: 50 } } },
    ];
    const all = sumTotals(docs, ['xichuan', 'xixia'], {});
    expect(all.lanes.signed).toEqual({ count: 2, amountYuan: 300 });
    expect(all.lanes.closed).toEqual({ count: 1, amountYuan: 7 });
    expect(all.byCounty['xixia']!.landed).toEqual({ count: 1, amountYuan: 50 });
    expect(all.byPair['chaoyang-xichuan']!.prospect.count).toBe(1);
    expect(all.byOrigin['challenge']!.landed.amountYuan).toBe(50);
    const solar = sumTotals(docs, ['xichuan', 'xixia'], { field: 'solar', origin: 'manual' });
    expect(solar.lanes.signed.count).toBe(2);
    expect(solar.lanes.prospect.count).toBe(0);
  });
});
