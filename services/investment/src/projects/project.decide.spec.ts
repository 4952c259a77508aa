import { createProjectSchema, type Principal } from '@qingshui/contracts';
import { decideCreate, decideUpdate, diff, projectView } from './project.decide';
import type { ProjectDocument } from './project.schema';

const now = new Date('2026-12-01T08:00:00.000Z');
const later = new Date('2026-12-02T09:00:00.000Z');
const cadre = (region: string, userId = `c-${region}`): Principal => ({
  userId,
  username: userId,
  name: '刘丹水',
  roles: ['cadre'],
  orgId: `gov-${region}`,
  region,
});
const admin: Principal = { userId: 'a-1', username: 'admin', roles: ['admin'] };
const enterprise: Principal = {
  userId: 'e-1',
  username: 'e',
  roles: ['enterprise'],
  orgId: 'ent',
  region: 'chaoyang',
};

const input = createProjectSchema.parse({
  title: '淅川县丹江湿地生态修复项目',
  fundingArea: 'water-quality',
  field: 'environmental-protection',
  investmentSought: { minYuan: 80_000_000, maxYuan: 120_000_000 },
  landMu: 300,
  site: '香花镇丹江沿岸',
});
const created = () =>
  decideCreate(input, cadre('xichuan'), { now, newId: () => 'p-1' }).doc as ProjectDocument;

describe('adding a project to the library', () => {
  it('puts it in the cadre’s own county and pair, in reserve, with its creation in the history', () => {
    const { doc, events, reply } = decideCreate(input, cadre('xichuan'), { now, newId: () => 'p-1' });
    expect(doc).toMatchObject({
      county: 'xichuan',
      pairId: 'chaoyang-xichuan',
      pairedDistrict: 'chaoyang',
      status: 'reserve',
      inPlan: false,
      history: [{ action: 'created', by: 'c-xichuan', byName: '刘丹水', changes: [] }],
    });
    expect(reply.canEdit).toBe(true);
    expect(events[0]).toMatchObject({ topic: 'investment.project.created.v1' });
  });

  it('refuses district cadres, enterprises and another county; an admin names the county', () => {
    const ctx = { now, newId: () => 'p-2' };
    expect(() => decideCreate(input, cadre('chaoyang'), ctx)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideCreate(input, enterprise, ctx)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => decideCreate({ ...input, county: 'xixia' }, cadre('xichuan'), ctx)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideCreate(input, admin, ctx)).toThrow(
      expect.objectContaining({ status: 400, fields: [expect.objectContaining({ field: 'county' })] }),
    );
    expect(decideCreate({ ...input, county: 'shennongjia' }, admin, ctx).doc.pairId).toBe(
      'mentougou-shennongjia',
    );
  });

  it('asks for the plan year of a project in the plan', () => {
    const result = createProjectSchema.safeParse({ ...input, inPlan: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['planYear']);
  });
});

describe('changing a project', () => {
  it('keeps each changed field from what to what, who and when, and only those that changed', () => {
    const decision = decideUpdate(
      { status: 'preparation', inPlan: true, planYear: 2027, title: input.title },
      cadre('xichuan', 'c-2'),
    )(created(), { now: later, newId: () => 'x' });
    expect(decision).toMatchObject({
      set: { status: 'preparation', inPlan: true, planYear: 2027 },
      push: {
        history: {
          action: 'updated',
          by: 'c-2',
          at: later,
          changes: [
            { field: 'status', from: 'reserve', to: 'preparation' },
            { field: 'inPlan', from: false, to: true },
            { field: 'planYear', to: 2027 },
          ],
        },
      },
      reply: { version: 2 },
    });
    expect('reply' in decision && decision.reply.history).toHaveLength(2);
  });

  it('writes nothing when nothing changes, and refuses others than the county’s cadres and admins', () => {
    expect(
      decideUpdate({ title: input.title }, cadre('xichuan'))(created(), { now, newId: () => 'x' }),
    ).toHaveProperty('unchanged');
    for (const who of [cadre('chaoyang'), cadre('xixia'), enterprise])
      expect(() => decideUpdate({ title: '改名' }, who)(created(), { now, newId: () => 'x' })).toThrow(
        expect.objectContaining({ status: 403 }),
      );
    expect(
      decideUpdate({ title: '改名后的项目' }, admin)(created(), { now, newId: () => 'x' }),
    ).toHaveProperty('set');
  });

  it('refuses to put a project in the plan without a year', () => {
    expect(() =>
      decideUpdate({ inPlan: true }, cadre('xichuan'))(created(), { now, newId: () => 'x' }),
    ).toThrow(
      expect.objectContaining({ status: 400, fields: [expect.objectContaining({ field: 'planYear' })] }),
    );
  });

  it('diffs nested values by content', () => {
    expect(diff(created(), { investmentSought: { minYuan: 80_000_000, maxYuan: 120_000_000 } })).toEqual([]);
    expect(diff(created(), { investmentSought: { minYuan: 90_000_000, maxYuan: 120_000_000 } })).toEqual([
      {
        field: 'investmentSought',
        from: { minYuan: 80_000_000, maxYuan: 120_000_000 },
        to: { minYuan: 90_000_000, maxYuan: 120_000_000 },
      },
    ]);
  });
});

describe('who sees who changed a project', () => {
  it('the county’s and the paired district’s cadres and admins; other readers see the changes without who', () => {
    const doc = created();
    expect(projectView(doc, cadre('chaoyang')).history[0]).toHaveProperty('by', 'c-xichuan');
    expect(projectView(doc, admin).history[0]).toHaveProperty('by');
    expect(projectView(doc, cadre('chaoyang')).canEdit).toBe(false);
    for (const reader of [cadre('haidian'), enterprise]) {
      const view = projectView(doc, reader);
      expect(view.history[0]).not.toHaveProperty('by');
      expect(view.history[0]).not.toHaveProperty('byName');
      expect(view.canEdit).toBe(false);
    }
  });
});
