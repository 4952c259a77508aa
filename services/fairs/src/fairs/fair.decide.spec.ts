import { createFairSchema, type CreateFairInput, type Principal } from '@qingshui/contracts';
import { refusal } from '@qingshui/testing';
import { decideCreate, decideMove, decideUpdate, fairView } from './fair.decide';
import type { FairDocument } from './fair.schema';
import { canReadFair } from './fair.rules';

const now = new Date('2026-12-01T08:00:00.000Z');
const later = new Date('2026-12-02T08:00:00.000Z');
const context = { now, newId: () => 'fair-1' };
const countyCadre: Principal = {
  userId: 'u-1',
  username: 'c',
  roles: ['cadre'],
  orgId: 'gov-xichuan',
  region: 'xichuan',
};
const districtCadre: Principal = {
  userId: 'u-2',
  username: 'd',
  roles: ['cadre'],
  orgId: 'gov-chaoyang',
  region: 'chaoyang',
};
const otherCadre: Principal = {
  userId: 'u-3',
  username: 'o',
  roles: ['cadre'],
  orgId: 'gov-haidian',
  region: 'haidian',
};
const admin: Principal = {
  userId: 'a-1',
  username: 'a',
  roles: ['admin'],
  orgId: 'bj-coop-office',
  region: 'xicheng',
};
const enterprise: Principal = {
  userId: 'e-1',
  username: 'e',
  roles: ['enterprise'],
  orgId: 'ent-1',
  region: 'xichuan',
};

const input = (over: Partial<CreateFairInput> = {}): CreateFairInput =>
  createFairSchema.parse({
    title: '2027 淅川农产品北京推介会',
    pairIds: ['chaoyang-xichuan'],
    venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
    days: [
      { date: '2027-05-19', opensAt: '09:00', closesAt: '16:00' },
      { date: '2027-05-18', opensAt: '09:00', closesAt: '17:00' },
    ],
    zones: [{ id: 'fresh', name: '生鲜区' }],
    boothTypes: [
      { id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 40, zoneId: 'fresh' },
      { id: 'big', name: '特装展位', sizeM2: 36, priceYuan: 6000, count: 6 },
    ],
    ...over,
  });

const created = (principal = countyCadre, over: Partial<CreateFairInput> = {}) =>
  decideCreate(input(over), principal, context).doc as FairDocument;

describe('creating a fair', () => {
  it('is a draft of the caller’s county, for its pair’s regions, days in order, and tells of it', () => {
    const { doc, events, reply } = decideCreate(input(), countyCadre, context);
    expect(doc).toMatchObject({
      _id: 'fair-1',
      organiser: { kind: 'county', region: 'xichuan', orgId: 'gov-xichuan' },
      regions: ['chaoyang', 'xichuan'],
      status: 'draft',
      firstDay: '2027-05-18',
      history: [{ from: null, to: 'draft', at: now, by: 'u-1' }],
      createdBy: 'u-1',
      version: 1,
    });
    expect(doc.days.map((d) => d.date)).toEqual(['2027-05-18', '2027-05-19']);
    expect(reply).toMatchObject({ boothCount: 46, canManage: true, createdBy: 'u-1' });
    expect(events).toEqual([
      {
        topic: 'fairs.fair.created.v1',
        payload: { fair: expect.objectContaining({ id: 'fair-1', createdBy: 'u-1' }) },
      },
    ]);
  });

  it('names the organiser by the caller: a district, a county, or the cooperation office', () => {
    expect(created(districtCadre).organiser.kind).toBe('district');
    expect(created(admin, { pairIds: ['haidian-danjiangkou'] }).organiser).toEqual({
      kind: 'office',
      region: 'xicheng',
      orgId: 'bj-coop-office',
    });
  });

  it('refuses a cadre’s fair that does not serve their own pair, and anyone who is not a cadre or admin', () => {
    expect(
      refusal(() => decideCreate(input({ pairIds: ['haidian-danjiangkou'] }), countyCadre, context)),
    ).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(refusal(() => decideCreate(input(), enterprise, context))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('refuses repeated days and booth types, and booth types in zones the fair has not', () => {
    const result = createFairSchema.safeParse({
      ...input(),
      days: [input().days[0], input().days[0]],
      boothTypes: [
        { id: 'std', name: '标准', sizeM2: 9, priceYuan: 0, count: 1, zoneId: 'nowhere' },
        { id: 'std', name: '又一个', sizeM2: 9, priceYuan: 0, count: 1 },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['days.1', 'boothTypes.1', 'boothTypes.0.zoneId']));
    expect(
      createFairSchema.safeParse({
        ...input(),
        days: [{ date: '2027-05-18', opensAt: '17:00', closesAt: '09:00' }],
      }).success,
    ).toBe(false);
  });
});

describe('reading a fair', () => {
  it('shows who created and moved it only to those who manage it', () => {
    const doc = created();
    expect(fairView(doc, countyCadre)).toMatchObject({
      canManage: true,
      createdBy: 'u-1',
      // What the manager may do now: no client repeats the rules.
      editable: ['title', 'description', 'pairIds', 'venue', 'days', 'zones', 'boothTypes'],
      nextStep: 'open-exhibitors',
      canCancel: true,
    });
    const running = fairView({ ...doc, status: 'running' }, countyCadre);
    expect(running).toMatchObject({ editable: [], nextStep: 'close', canCancel: true });
    expect(fairView({ ...doc, status: 'closed' }, admin)).toMatchObject({ editable: [], canCancel: false });
    expect(fairView({ ...doc, status: 'closed' }, admin).nextStep).toBeUndefined();
    const seen = fairView(doc, districtCadre);
    expect(seen).toMatchObject({ canManage: false, editable: [], canCancel: false });
    expect(seen.nextStep).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('u-1');
  });
});

describe('the lifecycle', () => {
  const move = (
    doc: FairDocument,
    step: Parameters<typeof decideMove>[0]['step'],
    by = countyCadre,
    reason?: string,
  ) => decideMove({ step, ...(reason ? { reason } : {}) }, by)(doc, { now: later, newId: () => 'x' });
  const apply = (doc: FairDocument, step: Parameters<typeof decideMove>[0]['step']): FairDocument => {
    const decision = move(doc, step);
    if ('unchanged' in decision) return doc;
    return { ...doc, ...decision.set, version: doc.version + 1 } as FairDocument;
  };

  it('goes draft → exhibitors → visitors → running → closed, one step at a time, and tells of each', () => {
    let doc = created();
    for (const step of ['open-exhibitors', 'open-visitors', 'start', 'close'] as const) {
      const decision = move(doc, step);
      expect('set' in decision && decision.where).toEqual({ status: doc.status });
      doc = apply(doc, step);
    }
    expect(doc.status).toBe('closed');
    expect(doc.history.map((h) => h.to)).toEqual([
      'draft',
      'exhibitors-open',
      'visitors-open',
      'running',
      'closed',
    ]);
    expect(refusal(() => move(created(), 'start'))).toEqual({ status: 409, code: 'CONFLICT' });
  });

  it('takes a repeated step as done, and refuses it to anyone but the organiser’s cadres and admins', () => {
    const open = apply(created(), 'open-exhibitors');
    expect('unchanged' in move(open, 'open-exhibitors')).toBe(true);
    expect(refusal(() => move(open, 'open-visitors', districtCadre))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect('set' in move(open, 'open-visitors', admin)).toBe(true);
  });

  it('makes a fair everyone’s when it opens to exhibitors, and a draft cancelled before that stays private', () => {
    const open = apply(created(), 'open-exhibitors');
    expect(open.publishedAt).toEqual(later);
    expect(canReadFair(enterprise, open)).toBe(true);
    const cancelledDraft = move(created(), 'cancel', countyCadre, '计划调整，暂不举办');
    const doc = { ...created(), ...('set' in cancelledDraft ? cancelledDraft.set : {}) } as FairDocument;
    expect(doc.status).toBe('cancelled');
    expect(doc.publishedAt).toBeUndefined();
    expect(canReadFair(enterprise, doc)).toBe(false);
    expect(canReadFair(districtCadre, doc)).toBe(true); // the pair's cadres
  });

  it('cancels with a reason, before it closes', () => {
    const open = apply(created(), 'open-exhibitors');
    expect(refusal(() => move(open, 'cancel'))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const cancelled = move(open, 'cancel', countyCadre, '场馆检修，改期举办');
    expect('set' in cancelled && cancelled.set).toMatchObject({
      status: 'cancelled',
      cancelReason: '场馆检修，改期举办',
    });
    const closed = ['open-visitors', 'start', 'close'].reduce(
      (doc, step) => apply(doc, step as 'start'),
      open,
    );
    expect(refusal(() => move(closed, 'cancel', countyCadre, '太晚了'))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });
});

describe('changing a fair', () => {
  const update = (doc: FairDocument, patch: Parameters<typeof decideUpdate>[0], by = countyCadre) =>
    decideUpdate(patch, by)(doc, { now: later, newId: () => 'x' });

  it('changes what its status allows, keeps it consistent, and says what changed', () => {
    const decision = update(created(), { title: '2027 淅川香菇与猕猴桃北京推介会' });
    expect('set' in decision && decision.events).toEqual([
      { topic: 'fairs.fair.updated.v1', payload: expect.objectContaining({ changed: ['title'] }) },
    ]);
    expect(refusal(() => update(created(), { zones: [] }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('keeps the pairs once exhibitors apply, and the days once visitors register', () => {
    const exhibitors = { ...created(), status: 'exhibitors-open' as const };
    expect(
      refusal(() => update(exhibitors, { pairIds: ['chaoyang-xichuan', 'haidian-danjiangkou'] })),
    ).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const visitors = { ...created(), status: 'visitors-open' as const };
    expect(refusal(() => update(visitors, { days: input().days }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(
      'set' in update(visitors, { venue: { name: '全国农业展览馆', address: '北京市朝阳区东三环北路16号' } }),
    ).toBe(true);
    expect(refusal(() => update(created(), { title: '新名字' }, otherCadre))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});
