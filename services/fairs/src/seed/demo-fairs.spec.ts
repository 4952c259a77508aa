import { createFairSchema, type Principal } from '@qingshui/contracts';
import { decideCreate } from '../fairs/fair.decide';
import { demoFairs } from './demo-fairs';

const demoUsers: Record<string, Principal> = {
  'demo-cadre-county': {
    userId: 'c',
    username: 'c',
    roles: ['cadre'],
    orgId: 'gov-xichuan',
    region: 'xichuan',
  },
  'demo-cadre-beijing': {
    userId: 'b',
    username: 'b',
    roles: ['cadre'],
    orgId: 'gov-chaoyang',
    region: 'chaoyang',
  },
  'demo-admin': { userId: 'a', username: 'a', roles: ['admin'], orgId: 'bj-coop-office', region: 'xicheng' },
};

describe('the demo fairs', () => {
  it('are valid fairs their organisers may create, one past and upcoming ones in both provinces', () => {
    const today = new Date().toISOString().slice(0, 10);
    const fairs = demoFairs();
    for (const demo of fairs) {
      const input = createFairSchema.parse(demo.fair);
      expect(() =>
        decideCreate(input, demoUsers[demo.organiser]!, { now: new Date(), newId: () => 'x' }),
      ).not.toThrow();
    }
    const past = fairs.filter((f) => f.fair.days.every((d) => d.date < today));
    expect(past.map((f) => f.steps.at(-1))).toEqual(['close']);
    const upcoming = fairs
      .filter((f) => f.fair.days.every((d) => d.date > today))
      .flatMap((f) => f.fair.pairIds);
    expect(upcoming.some((id) => id.endsWith('xichuan') || id.endsWith('xixia'))).toBe(true); // 河南
    expect(upcoming.some((id) => id.endsWith('danjiangkou') || id.endsWith('zhuxi'))).toBe(true); // 湖北
  });
});
