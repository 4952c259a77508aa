import { createFairSchema, exhibitorApplicationSchema, setBoothRulesBodySchema } from '@qingshui/contracts';
import { isRegionId } from '@qingshui/regions';
import { allocate, resolveBoothRules } from '../exhibitors/booths';
import type { BoothHolder } from '../exhibitors/exhibitor.schema';
import { demoFairs } from './demo-fairs';
import { DEMO_EXHIBITOR_USERS, demoExhibitorsFor } from './demo-exhibitors';

const regionOf = (user: string) =>
  user === 'demo-enterprise' ? 'xichuan' : DEMO_EXHIBITOR_USERS.find((u) => u.username === user)!.region;

describe('the demo exhibitors', () => {
  it('apply validly to the demo fairs that take exhibitors, and every accepted one gets its booths', () => {
    let fairsWithExhibitors = 0;
    for (const demo of demoFairs()) {
      const plan = demoExhibitorsFor(demo.fair.title);
      if (!plan) continue;
      fairsWithExhibitors += 1;
      expect(demo.steps[0]).toBe('open-exhibitors');
      const fair = createFairSchema.parse(demo.fair);
      const rules = resolveBoothRules(setBoothRulesBodySchema.parse(plan.rules), fair);
      const holders: BoothHolder[] = [];
      expect(new Set(plan.exhibitors.map((e) => e.user)).size).toBe(plan.exhibitors.length);
      for (const exhibitor of plan.exhibitors) {
        const application = exhibitorApplicationSchema.parse(exhibitor.application);
        expect(fair.boothTypes.map((t) => t.id)).toContain(application.boothTypeId);
        for (const product of application.products) expect(isRegionId(product.county)).toBe(true);
        expect(exhibitor.decision === 'reject' ? !!exhibitor.reason : true).toBe(true);
        if (exhibitor.decision !== 'accept') continue;
        const result = allocate(fair.boothTypes, rules, holders, {
          orgId: exhibitor.user,
          enterpriseName: application.enterpriseName,
          county: regionOf(exhibitor.user),
          boothTypeId: application.boothTypeId,
          booths: application.booths,
        });
        expect(result.ok).toBe(true);
        if (result.ok) holders.push(result.holder);
      }
    }
    expect(fairsWithExhibitors).toBe(2);
  });

  it('brings enterprise users of distinct organisations in known counties', () => {
    expect(new Set(DEMO_EXHIBITOR_USERS.map((u) => u.org)).size).toBe(DEMO_EXHIBITOR_USERS.length);
    for (const user of DEMO_EXHIBITOR_USERS) expect(isRegionId(user.region)).toBe(true);
  });
});
