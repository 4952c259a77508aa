import type { Principal } from '@qingshui/contracts';
import { decideCreate } from './need.decide';

const now = new Date('2026-12-01T08:00:00.000Z');
const context = { now, newId: () => 'need-1' };
const cadre: Principal = {
  userId: 'u-1',
  username: 'cadre',
  roles: ['cadre'],
  orgId: 'gov-xichuan',
  region: 'xichuan',
};
const admin: Principal = { userId: 'a-1', username: 'admin', roles: ['admin'] };

describe('creating a need', () => {
  it('makes it the caller’s, in their region, with the id and time it is given, and tells of it', () => {
    const { doc, events, reply } = decideCreate({ name: '样例' }, cadre, context);
    expect(doc).toEqual({
      _id: 'need-1',
      name: '样例',
      region: 'xichuan',
      createdBy: 'u-1',
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    expect(reply).toMatchObject({ id: 'need-1', createdAt: now.toISOString() });
    expect(events).toEqual([{ topic: 'investment.need.created.v1', payload: { need: reply } }]);
  });

  it('lets an admin name any region, and nobody else another region than their own', () => {
    expect(decideCreate({ name: '样例', region: 'chaoyang' }, admin, context).doc.region).toBe('chaoyang');
    expect(() => decideCreate({ name: '样例', region: 'chaoyang' }, cadre, context)).toThrow(
      expect.objectContaining({ status: 403, code: 'FORBIDDEN' }),
    );
  });

  it('asks for the region when the caller has none', () => {
    expect(() => decideCreate({ name: '样例' }, admin, context)).toThrow(
      expect.objectContaining({ status: 400, fields: [expect.objectContaining({ field: 'region' })] }),
    );
  });
});
