import type { PlacementSnapshot, Principal, TenureStepCommand } from '@qingshui/contracts';
import type { Change, Decision, DecisionContext } from '@qingshui/persistence';
import { refusal, topicsOf } from '@qingshui/testing';
import {
  addDays,
  canReadTenure,
  canTakeStep,
  chinaToday,
  deadlineMoment,
  decideDeadline,
  decideSnapshot,
  decideStep,
  midpointOf,
  planDeadlines,
  rowOf,
  tenureJobId,
  tenureView,
  type ClockSettings,
  type TenureJob,
} from './tenure.decide';
import type { TenureDocument } from './tenure.schema';

const DAY = 86_400_000;
const real: ClockSettings = { dayMs: DAY, endNoticeDays: 30 };
const now = new Date('2027-03-10T02:00:00.000Z');
const ctx: DecisionContext = { now, newId: () => 'id-1' };

const snapshot = (extra: Partial<PlacementSnapshot> = {}): PlacementSnapshot => ({
  id: 'pl-1',
  postingId: 'po-1',
  postingTitle: '淅川县发展和改革委员会副主任（挂职）',
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  year: 2027,
  receivingUnit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
  sendingUnit: { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' },
  cadre: { profileId: 'cp-1', userId: 'u-cadre', name: '李明远' },
  startDate: '2027-03-01',
  endDate: '2028-02-29',
  confirmedAt: '2027-02-01T02:00:00.000Z',
  version: 1,
  ...extra,
});

const person = (userId: string, roles: Principal['roles'], orgId?: string, region?: string): Principal => ({
  userId,
  username: userId,
  name: `名-${userId}`,
  roles,
  ...(orgId ? { orgId } : {}),
  ...(region ? { region } : {}),
});
const receiving = person('r-1', ['cadre'], 'gov-xichuan', 'xichuan');
const sending = person('s-1', ['cadre'], 'gov-chaoyang', 'chaoyang');
const pairCadre = person('p-1', ['cadre'], 'gov-xichuan-fgw', 'xichuan');
const stranger = person('x-1', ['cadre'], 'gov-haidian', 'haidian');
const admin = person('a-1', ['admin'], 'bj-coop-office', 'xicheng');
const expert = person('e-1', ['expert'], 'inst-bjfu', 'haidian');

const absentDoc = (): TenureDocument =>
  ({
    _id: 'pl-1',
    version: 0,
    steps: [],
    planned: [],
    fired: [],
    outbox: [],
    outboxPending: false,
  }) as unknown as TenureDocument;

const changeOf = <R, J>(d: Decision<TenureDocument, R, J>): Change<TenureDocument, R, J> => {
  if ('unchanged' in d) throw new Error('expected a change');
  return d;
};
const apply = <R, J>(doc: TenureDocument, d: Decision<TenureDocument, R, J>): TenureDocument => {
  const c = changeOf(d);
  return { ...doc, ...c.set, version: doc.version + 1, updatedAt: now } as TenureDocument;
};
const opened = (extra: Partial<PlacementSnapshot> = {}, settings = real) =>
  apply(
    absentDoc(),
    decideSnapshot(snapshot(extra), { userId: 'a-1', name: '合作交流办' }, settings)(absentDoc(), ctx),
  );
const step = (doc: TenureDocument, cmd: TenureStepCommand, who: Principal = receiving, at = ctx) =>
  decideStep(cmd, who, who.name ?? who.userId, real)(doc, at);

describe('calendar days', () => {
  it('adds days, finds midpoints and China’s today', () => {
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(midpointOf('2027-03-01', '2028-02-29')).toBe('2027-08-30');
    expect(chinaToday(new Date('2027-03-09T16:30:00.000Z'))).toBe('2027-03-10');
  });

  it('puts a deadline at 09:00 China time with a real day, and compresses time around the origin with a short one', () => {
    const origin = new Date('2027-02-01T02:00:00.000Z');
    expect(deadlineMoment('2027-08-30', origin, DAY).toISOString()).toBe('2027-08-30T01:00:00.000Z');
    const fast = deadlineMoment('2027-08-30', origin, 10).getTime() - origin.getTime();
    expect(fast).toBeGreaterThan(209 * 10);
    expect(fast).toBeLessThan(211 * 10);
  });

  it('names jobs by tenure, kind and day, without colons', () => {
    const id = tenureJobId({ tenureId: 'pl-1', kind: 'review-due', dueDate: '2027-08-30' });
    expect(id).toBe('exc-tn-pl-1-review-due-2027-08-30');
    expect(id).not.toContain(':');
  });
});

describe('who reads and acts', () => {
  const facts = snapshot();
  it('lets the two units, the pair’s cadres, the cadre and admins read; nobody else', () => {
    for (const p of [receiving, sending, pairCadre, admin, person('u-cadre', ['cadre'], 'gov-x', 'haidian')])
      expect(canReadTenure(p, facts)).toBe(true);
    for (const p of [stranger, expert]) expect(canReadTenure(p, facts)).toBe(false);
  });
  it('lets the receiving unit’s cadres and admins take steps; the sending unit only an early return', () => {
    expect(canTakeStep(receiving, facts, 'arrival')).toBe(true);
    expect(canTakeStep(admin, facts, 'completion')).toBe(true);
    expect(canTakeStep(sending, facts, 'arrival')).toBe(false);
    expect(canTakeStep(sending, facts, 'early-return')).toBe(true);
    expect(canTakeStep(pairCadre, facts, 'review')).toBe(false);
    expect(canTakeStep(person('q', ['enterprise'], 'gov-xichuan', 'xichuan'), facts, 'arrival')).toBe(false);
  });
});

describe('opening a tenure from placement snapshots', () => {
  it('opens it awaiting arrival with both deadlines planned, and one event', () => {
    const d = changeOf(
      decideSnapshot(snapshot(), { userId: 'a-1', name: '合作交流办' }, real)(absentDoc(), ctx),
    );
    expect(d.set).toMatchObject({ state: 'awaiting-arrival', endDate: '2028-02-29', placementVersion: 1 });
    expect(d.set?.planned?.map((p) => [p.kind, p.dueDate])).toEqual([
      ['review-due', '2027-08-30'],
      ['end-approaching', '2028-01-30'],
    ]);
    expect(d.schedule?.map((s) => s.job)).toEqual([
      { tenureId: 'pl-1', kind: 'review-due', dueDate: '2027-08-30' },
      { tenureId: 'pl-1', kind: 'end-approaching', dueDate: '2028-01-30' },
    ]);
    expect(d.unschedule).toEqual([]);
    expect(topicsOf(d)).toEqual(['exchange.tenure.changed.v1']);
  });

  it('ignores a repeated or older snapshot', () => {
    const doc = opened();
    expect(decideSnapshot(snapshot(), { userId: 'a', name: 'a' }, real)(doc, ctx)).toEqual({
      unchanged: undefined,
    });
  });

  it('follows a newer snapshot’s end date: the old end job is removed, a new one planned', () => {
    const doc = opened();
    const d = changeOf(
      decideSnapshot(
        snapshot({ version: 2, endDate: '2028-08-31' }),
        { userId: 'a', name: 'a' },
        real,
      )(doc, ctx),
    );
    expect(d.set?.endDate).toBe('2028-08-31');
    expect(d.unschedule).toEqual([
      { tenureId: 'pl-1', kind: 'review-due', dueDate: '2027-08-30' },
      { tenureId: 'pl-1', kind: 'end-approaching', dueDate: '2028-01-30' },
    ]);
    expect(d.schedule?.map((s) => s.job.dueDate)).toEqual(['2027-11-30', '2028-08-01']);
  });

  it('plans no review for a short exchange, and no deadline once the end has passed', () => {
    const short = opened({ kind: 'short', startDate: '2027-03-01', endDate: '2027-03-20' });
    expect(short.planned.map((p) => [p.kind, p.dueDate])).toEqual([['end-approaching', '2027-03-01']]);
    const past = opened({ startDate: '2025-03-01', endDate: '2026-02-28' });
    expect(past.planned).toEqual([]);
  });
});

describe('steps', () => {
  it('records arrival, review and completion in order, with who and when, re-planning from arrival', () => {
    let doc = opened();
    const arrival = changeOf(step(doc, { step: 'arrival', id: 'pl-1', date: '2027-03-05' }));
    expect(arrival.reply.state).toBe('on-post');
    expect(arrival.reply.steps.at(-1)).toMatchObject({
      kind: 'arrival',
      date: '2027-03-05',
      by: { userId: 'r-1' },
    });
    // The review is due at the midpoint of arrival and end now: another day, another job.
    expect(arrival.schedule?.map((s) => s.job.dueDate)).toEqual(['2027-09-01', '2028-01-30']);
    expect(arrival.unschedule).toEqual([{ tenureId: 'pl-1', kind: 'review-due', dueDate: '2027-08-30' }]);
    doc = apply(doc, arrival);
    const later = { now: new Date('2027-09-10T02:00:00.000Z'), newId: () => 'x' };
    const review = changeOf(
      step(doc, { step: 'review', id: 'pl-1', date: '2027-09-08', note: '表现优秀' }, receiving, later),
    );
    expect(review.set?.planned?.map((p) => p.kind)).toEqual(['end-approaching']);
    doc = apply(doc, review);
    const end = { now: new Date('2028-03-01T02:00:00.000Z'), newId: () => 'x' };
    const done = changeOf(
      step(
        doc,
        {
          step: 'completion',
          id: 'pl-1',
          date: '2028-02-29',
          report: '挂职期间牵头完成软籽石榴产业园规划。',
        },
        receiving,
        end,
      ),
    );
    expect(done.reply).toMatchObject({ state: 'completed', returnedOn: '2028-02-29' });
    // A completed tenure expects no job any more: what is left is removed.
    expect(done.set?.planned).toEqual([]);
    expect(done.unschedule).toEqual([{ tenureId: 'pl-1', kind: 'end-approaching', dueDate: '2028-01-30' }]);
  });

  it('refuses what the state does not allow, with a conflict, and bad dates with the field', () => {
    const doc = opened();
    expect(
      refusal(() => step(doc, { step: 'review', id: 'pl-1', date: '2027-03-09', note: '考核' })),
    ).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(refusal(() => step(doc, { step: 'arrival', id: 'pl-1', date: '2027-03-11' }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const on = apply(doc, step(doc, { step: 'arrival', id: 'pl-1', date: '2027-03-05' }));
    expect(refusal(() => step(on, { step: 'arrival', id: 'pl-1', date: '2027-03-05' }))?.status).toBe(409);
    expect(
      refusal(() => step(on, { step: 'review', id: 'pl-1', date: '2027-03-01', note: '考核' }))?.status,
    ).toBe(400);
    expect(
      refusal(() =>
        step(on, { step: 'completion', id: 'pl-1', date: '2027-03-09', report: '完成全部挂职任务。。' }),
      ),
    ).toEqual({ status: 409, code: 'CONFLICT' });
    expect(
      refusal(() => step(on, { step: 'end-date', id: 'pl-1', endDate: '2027-03-01', reason: '调整' }))
        ?.status,
    ).toBe(400);
  });

  it('refuses people who may not act (403) and hides the tenure from those who may not read it (404)', () => {
    const doc = opened();
    expect(
      refusal(() => step(doc, { step: 'arrival', id: 'pl-1', date: '2027-03-05' }, sending))?.status,
    ).toBe(403);
    expect(
      refusal(() => step(doc, { step: 'arrival', id: 'pl-1', date: '2027-03-05' }, stranger))?.status,
    ).toBe(404);
    expect(
      refusal(() => step(absentDoc(), { step: 'arrival', id: 'pl-1', date: '2027-03-05' }))?.status,
    ).toBe(404);
  });

  it('lets the sending unit record an early return, which ends the tenure and its jobs', () => {
    const on = apply(opened(), step(opened(), { step: 'arrival', id: 'pl-1', date: '2027-03-05' }));
    const back = changeOf(
      step(on, { step: 'early-return', id: 'pl-1', date: '2027-03-09', reason: '因工作需要召回' }, sending),
    );
    expect(back.reply).toMatchObject({ state: 'returned-early', returnedOn: '2027-03-09' });
    expect(back.set?.planned).toEqual([]);
    expect(back.unschedule?.length).toBe(2);
  });

  it('moves the end date with a reason: the end job follows the date', () => {
    const doc = opened();
    const moved = changeOf(
      step(doc, { step: 'end-date', id: 'pl-1', endDate: '2028-08-31', reason: '延长半年' }),
    );
    expect(moved.set).toMatchObject({ endDate: '2028-08-31', endDateMoved: true });
    expect(moved.schedule?.map((s) => [s.job.kind, s.job.dueDate])).toEqual([
      ['review-due', '2027-11-30'],
      ['end-approaching', '2028-08-01'],
    ]);
    expect(moved.unschedule?.map((j) => j.dueDate)).toEqual(['2027-08-30', '2028-01-30']);
    // A later placement snapshot keeps the end date moved here.
    const after = apply(doc, moved);
    const snap = changeOf(
      decideSnapshot(snapshot({ version: 2 }), { userId: 'a', name: 'a' }, real)(after, ctx),
    );
    expect(snap.set?.endDate).toBe('2028-08-31');
  });
});

describe('deadline jobs', () => {
  const job = (kind: TenureJob['kind'], dueDate: string): TenureJob => ({ tenureId: 'pl-1', kind, dueDate });

  it('fires a planned deadline once, with its event for the receiving unit', () => {
    const doc = opened();
    const fired = changeOf(decideDeadline(job('review-due', '2027-08-30'))(doc, ctx));
    expect(fired.reply).toBe('fired');
    expect(topicsOf(fired)).toEqual(['exchange.tenure.deadline.v1']);
    const after = apply(doc, fired);
    expect(decideDeadline(job('review-due', '2027-08-30'))(after, ctx)).toEqual({ unchanged: 'outdated' });
    // Planned again from the same dates, a fired deadline is not planned twice.
    expect(planDeadlines(after, now, real).map((p) => p.kind)).toEqual(['end-approaching']);
    expect(tenureView(after).deadlines.map((d) => d.state)).toEqual(['fired', 'upcoming']);
  });

  it('does nothing for a job of an outdated plan or an ended tenure', () => {
    const doc = opened();
    expect(decideDeadline(job('review-due', '2027-08-31'))(doc, ctx)).toEqual({ unchanged: 'outdated' });
    const ended = { ...doc, state: 'completed' } as TenureDocument;
    expect(decideDeadline(job('end-approaching', '2028-01-30'))(ended, ctx)).toEqual({
      unchanged: 'outdated',
    });
  });
});

describe('views', () => {
  it('says what the caller may do, and makes the rotation row from the actual dates', () => {
    const doc = opened();
    expect(tenureView(doc, receiving).can).toEqual({
      arrive: true,
      review: false,
      complete: false,
      returnEarly: false,
      changeEndDate: true,
    });
    expect(tenureView(doc, sending).can?.arrive).toBe(false);
    expect(tenureView(doc).can).toBeUndefined();
    const on = apply(doc, step(doc, { step: 'arrival', id: 'pl-1', date: '2027-03-05' }));
    expect(rowOf(tenureView(on))).toMatchObject({
      startDate: '2027-03-05',
      endDate: '2028-02-29',
      state: 'on-post',
    });
  });
});
