import { createNeedSchema } from '@qingshui/contracts';
import { BEIJING_DISTRICT_IDS } from '@qingshui/regions';
import { DEMO_INVESTOR } from './demo-ids';
import { DEMO_INVESTOR_USERS, DEMO_NEED_COUNT, demoNeedsOf } from './demo-needs';

describe('the demo needs', () => {
  it('are 6 to 10 valid needs of Beijing enterprises, the demo investor’s among them', () => {
    expect(DEMO_NEED_COUNT).toBeGreaterThanOrEqual(6);
    expect(DEMO_NEED_COUNT).toBeLessThanOrEqual(10);
    expect(DEMO_INVESTOR_USERS[0]).toMatchObject({
      username: 'demo-investor',
      org: DEMO_INVESTOR.orgId,
      region: 'chaoyang',
      role: 'enterprise',
    });
    expect(new Set(DEMO_INVESTOR_USERS.map((u) => u.org)).size).toBe(DEMO_INVESTOR_USERS.length);
    for (const user of DEMO_INVESTOR_USERS) {
      expect(BEIJING_DISTRICT_IDS).toContain(user.region);
      for (const need of demoNeedsOf(user.username)) {
        const parsed = createNeedSchema.safeParse(need);
        expect(parsed.error?.issues ?? []).toEqual([]);
      }
    }
    expect(demoNeedsOf('demo-investor').length).toBeGreaterThanOrEqual(2);
  });
});
