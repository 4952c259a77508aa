import { createNeedSchema, type Principal } from '@qingshui/contracts';
import { canSeeConfidential, decideClose, decideCreate, decideUpdate, needView } from './need.decide';
import type { NeedDocument } from './need.schema';

const now = new Date('2026-12-01T08:00:00.000Z');
const context = { now, newId: () => 'need-1' };
const person = (userId: string, roles: Principal['roles'], orgId?: string, region?: string): Principal => ({
  userId,
  username: userId,
  roles,
  ...(orgId ? { orgId } : {}),
  ...(region ? { region } : {}),
});
const investor = person('u-inv', ['enterprise'], 'ent-bj-qingyuan-env', 'chaoyang');
const colleague = person('u-col', ['enterprise'], 'ent-bj-qingyuan-env', 'chaoyang');
const otherEnterprise = person('u-other', ['enterprise'], 'ent-other', 'haidian');
const xichuanCadre = person('c-xc', ['cadre'], 'gov-xichuan', 'xichuan');
const chaoyangCadre = person('c-cy', ['cadre'], 'gov-chaoyang', 'chaoyang');
const haidianCadre = person('c-hd', ['cadre'], 'gov-haidian', 'haidian');
const admin = person('a-1', ['admin'], 'bj-coop-office', 'xicheng');

const input = createNeedSchema.parse({
  title: '库区污水处理投资意向',
  enterpriseName: '北京清源环保科技有限公司',
  fields: ['water-treatment'],
  amount: { minYuan: 50_000_000, maxYuan: 200_000_000 },
  counties: ['xichuan'],
  landMu: 80,
  timeline: { startBy: '2027-06', years: 5 },
  publicSummary: '拟在库区投资建设污水处理与再生水设施。',
  confidentialDetails: '内部预算：首期 8000 万元，董事会已批准。',
});
const posted = () => decideCreate(input, investor, context).doc as NeedDocument;

describe('posting a need', () => {
  it('makes it the poster organisation’s, open, and tells of it in full', () => {
    const { doc, events, reply } = decideCreate(input, investor, context);
    expect(doc).toMatchObject({
      _id: 'need-1',
      orgId: 'ent-bj-qingyuan-env',
      region: 'chaoyang',
      counties: ['xichuan'],
      anyCounty: false,
      status: 'open',
      createdBy: 'u-inv',
      version: 1,
    });
    expect(reply).toMatchObject({
      canSeeConfidential: true,
      canEdit: true,
      confidentialDetails: input.confidentialDetails,
    });
    expect(events).toEqual([
      {
        topic: 'investment.need.posted.v1',
        payload: { need: expect.objectContaining({ confidentialDetails: input.confidentialDetails }) },
      },
    ]);
  });

  it('lets an admin post on behalf of an organisation it names, and nobody else for another one', () => {
    expect(() => decideCreate(input, admin, context)).toThrow(
      expect.objectContaining({
        status: 400,
        fields: expect.arrayContaining([expect.objectContaining({ field: 'orgId' })]),
      }),
    );
    const onBehalf = decideCreate({ ...input, orgId: 'ent-x', region: 'shunyi' }, admin, context);
    expect(onBehalf.doc).toMatchObject({ orgId: 'ent-x', region: 'shunyi', createdBy: 'a-1' });
    expect(() => decideCreate({ ...input, orgId: 'ent-x' }, investor, context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideCreate(input, xichuanCadre, context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('keeps "any county" as a flag', () => {
    expect(decideCreate({ ...input, counties: 'any' }, investor, context).doc).toMatchObject({
      counties: [],
      anyCounty: true,
    });
  });
});

describe('who reads the confidential details', () => {
  it('the poster’s organisation, the cadres of the county and its paired district, and admins; nobody else', () => {
    const doc = posted();
    expect(canSeeConfidential(colleague, doc)).toBe(true);
    expect(canSeeConfidential(xichuanCadre, doc)).toBe(true);
    expect(canSeeConfidential(chaoyangCadre, doc)).toBe(true);
    expect(canSeeConfidential(admin, doc)).toBe(true);
    expect(canSeeConfidential(haidianCadre, doc)).toBe(false);
    expect(canSeeConfidential(otherEnterprise, doc)).toBe(false);
    // An enterprise in a county is not its cadre.
    expect(canSeeConfidential(person('e', ['enterprise'], 'ent-xc', 'xichuan'), doc)).toBe(false);
    const view = needView(doc, otherEnterprise);
    expect(view).not.toHaveProperty('confidentialDetails');
    expect(view).not.toHaveProperty('createdBy');
    expect(view).toMatchObject({
      canSeeConfidential: false,
      canEdit: false,
      publicSummary: input.publicSummary,
    });
  });

  it('for a need open to any county: the cadres of every county and every paired district', () => {
    const doc = decideCreate({ ...input, counties: 'any' }, investor, context).doc;
    expect(canSeeConfidential(haidianCadre, doc)).toBe(true);
    expect(canSeeConfidential(person('c', ['cadre'], 'gov-shennongjia', 'shennongjia'), doc)).toBe(true);
    expect(canSeeConfidential(otherEnterprise, doc)).toBe(false);
  });
});

describe('changing and closing a need', () => {
  it('writes the changed fields with the version guard and names them in the event', () => {
    const decision = decideUpdate(
      { amount: { minYuan: 60_000_000, maxYuan: 200_000_000 }, title: input.title },
      colleague,
    )(posted(), context);
    expect(decision).toMatchObject({
      set: { amount: { minYuan: 60_000_000, maxYuan: 200_000_000 } },
      where: { status: 'open' },
      events: [{ topic: 'investment.need.updated.v1', payload: { changed: ['amount'] } }],
      reply: { version: 2 },
    });
  });

  it('writes nothing for a patch that changes nothing, refuses others and closed needs', () => {
    expect(decideUpdate({ title: input.title }, investor)(posted(), context)).toHaveProperty('unchanged');
    expect(() => decideUpdate({ title: '冒名修改' }, otherEnterprise)(posted(), context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideUpdate({ title: '冒名修改' }, xichuanCadre)(posted(), context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    const closed = { ...posted(), status: 'closed' as const };
    expect(() => decideUpdate({ title: '再改' }, investor)(closed, context)).toThrow(
      expect.objectContaining({ status: 409, code: 'CONFLICT' }),
    );
  });

  it('closes with a reason once; closing again changes nothing', () => {
    const decision = decideClose({ reason: 'fulfilled' }, investor)(posted(), context);
    expect(decision).toMatchObject({
      set: { status: 'closed', closeReason: 'fulfilled' },
      reply: { canEdit: false },
    });
    expect(
      decideClose({ reason: 'withdrawn' }, investor)({ ...posted(), status: 'closed' }, context),
    ).toHaveProperty('unchanged');
  });
});
