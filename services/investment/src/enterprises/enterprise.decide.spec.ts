import type { Principal } from '@qingshui/contracts';
import {
  decideAbsorb,
  decideCreate,
  decideMarkMerged,
  fieldsToTake,
  mergeRefusal,
  type NewEnterprise,
} from './enterprise.decide';
import type { EnterpriseDocument } from './enterprise.schema';

const now = new Date('2026-12-01T08:00:00.000Z');
const context = { now, newId: () => 'ent-new' };
const cadre: Principal = { userId: 'u-cadre', username: 'cadre', roles: ['cadre'], region: 'chaoyang' };
const otherCadre: Principal = { userId: 'u-other', username: 'other', roles: ['cadre'], region: 'xichuan' };
const admin: Principal = { userId: 'u-admin', username: 'admin', roles: ['admin'] };
const enterprise: Principal = {
  userId: 'u-ent',
  username: 'ent',
  roles: ['enterprise'],
  orgId: 'ent-bj-qingyuan-env',
  region: 'chaoyang',
};
const expert: Principal = { userId: 'u-exp', username: 'exp', roles: ['expert'] };

const doc = (id: string, over: Partial<NewEnterprise> = {}): EnterpriseDocument => ({
  _id: id,
  name: '北京清源环保科技有限公司',
  region: 'chaoyang',
  status: 'active',
  merges: [],
  source: 'manual',
  createdBy: 'u-cadre',
  version: 1,
  createdAt: now,
  updatedAt: now,
  outbox: [],
  outboxPending: false,
  ...over,
});

describe('creating an enterprise record', () => {
  it('lets a cadre create one in their region and tells the region’s cadres', () => {
    const {
      doc: created,
      events,
      reply,
    } = decideCreate(
      { name: '北京清源环保科技有限公司', creditCode: '91440300708461136T', email: 'A@B.cn' },
      cadre,
      context,
    );
    expect(created).toMatchObject({ _id: 'ent-new', region: 'chaoyang', status: 'active', email: 'a@b.cn' });
    expect(events).toEqual([{ topic: 'investment.enterprise.created.v1', payload: { enterprise: reply } }]);
  });

  it('makes an enterprise’s own record for its organisation, and only that', () => {
    expect(decideCreate({ name: '清源环保' }, enterprise, context).doc).toMatchObject({
      orgId: 'ent-bj-qingyuan-env',
      source: 'own-org',
    });
    expect(() => decideCreate({ name: '清源环保', orgId: 'someone-else' }, enterprise, context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideCreate({ name: '清源环保' }, expert, context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('lets only an admin name the id, and asks an admin for the region', () => {
    expect(() => decideCreate({ name: '清源环保', id: 'ent-x' }, cadre, context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideCreate({ name: '清源环保', id: 'ent-x' }, admin, context)).toThrow(
      expect.objectContaining({ status: 400, fields: [expect.objectContaining({ field: 'region' })] }),
    );
    expect(decideCreate({ name: '清源环保', id: 'ent-x', region: 'xichuan' }, admin, context).doc._id).toBe(
      'ent-x',
    );
  });
});

describe('merging two records', () => {
  const reasonOf = (error: unknown) =>
    (error as { fields?: { field: string; message: string }[] }).fields?.find((f) => f.field === 'reason')
      ?.message;

  it('is for an admin or the cadre who created both', () => {
    expect(mergeRefusal(doc('a'), doc('b'), admin)).toBeUndefined();
    expect(mergeRefusal(doc('a'), doc('b'), cadre)).toBeUndefined();
    const refused = mergeRefusal(doc('a'), doc('b', { createdBy: 'u-other' }), cadre);
    expect(refused).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(mergeRefusal(doc('a'), doc('b'), otherCadre)).toMatchObject({ status: 403 });
  });

  it('is refused with a reason when the credit codes or organisations differ, or one is merged already', () => {
    const codes = mergeRefusal(
      doc('a', { creditCode: '91440300708461136T' }),
      doc('b', { creditCode: '914403001922038216' }),
      admin,
    );
    expect(codes).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(reasonOf(codes)).toBe('credit_codes_differ');
    expect(reasonOf(mergeRefusal(doc('a', { orgId: 'o1' }), doc('b', { orgId: 'o2' }), admin))).toBe(
      'org_ids_differ',
    );
    expect(reasonOf(mergeRefusal(doc('a'), doc('b', { status: 'merged', mergedInto: 'c' }), admin))).toBe(
      'already_merged',
    );
    expect(reasonOf(mergeRefusal(doc('a', { status: 'merged', mergedInto: 'c' }), doc('b'), admin))).toBe(
      'survivor_merged',
    );
    expect(reasonOf(mergeRefusal(doc('a'), doc('a'), admin))).toBe('same_record');
    // One code and none is no conflict: the survivor takes it.
    expect(mergeRefusal(doc('a'), doc('b', { creditCode: '91440300708461136T' }), admin)).toBeUndefined();
  });

  it('marks the duplicate merged once, and a retry finds it done', () => {
    const decision = decideMarkMerged(doc('b'), doc('a'), admin);
    expect(decision).toMatchObject({
      set: { status: 'merged', mergedInto: 'a', mergeId: 'merge-b' },
      where: { status: 'active' },
      reply: { id: 'b', status: 'merged', mergedInto: 'a', version: 2 },
    });
    const again = decideMarkMerged(
      doc('b', { status: 'merged', mergedInto: 'a', version: 2 }),
      doc('a'),
      admin,
    );
    expect(again).toMatchObject({ unchanged: { mergedInto: 'a' } });
  });

  it('records the merge in the survivor with who, what moved and what it took, once', () => {
    const duplicate = doc('b', {
      name: '清源环保（北京）',
      phone: '010-65001234',
      creditCode: '91440300708461136T',
    });
    expect(Object.keys(fieldsToTake(doc('a', { phone: '010-1' }), duplicate))).toEqual(['creditCode']);
    const decision = decideAbsorb(
      doc('a'),
      duplicate,
      { reason: '同一企业', by: 'u-admin', leadsMoved: 3 },
      context,
    );
    expect(decision).toMatchObject({
      set: { creditCode: '91440300708461136T', phone: '010-65001234' },
      push: {
        merges: {
          mergeId: 'merge-b',
          duplicateId: 'b',
          duplicateName: '清源环保（北京）',
          by: 'u-admin',
          leadsMoved: 3,
          fieldsTaken: ['creditCode', 'phone'],
          at: now.toISOString(),
        },
      },
      reply: { creditCode: '91440300708461136T', merges: [expect.objectContaining({ mergeId: 'merge-b' })] },
    });
    const merged = doc('a', { merges: [(decision as unknown as { push: { merges: never } }).push.merges] });
    expect(decideAbsorb(merged, duplicate, { reason: 'x', by: 'u', leadsMoved: 0 }, context)).toHaveProperty(
      'unchanged',
    );
  });
});
