import { createProjectSchema, PROJECT_STATUSES, FUNDING_AREAS } from '@qingshui/contracts';
import { COUNTY_IDS } from '@qingshui/regions';
import { DEMO_COUNTY_CADRES, DEMO_PROJECT_COUNTIES, demoProjectsOf } from './demo-projects';

describe('the demo project library', () => {
  it('has a cadre and three to five valid projects for every one of the 16 counties', () => {
    expect([...DEMO_PROJECT_COUNTIES].sort()).toEqual([...COUNTY_IDS].sort());
    expect(DEMO_COUNTY_CADRES.map((c) => c.region).sort()).toEqual([...COUNTY_IDS].sort());
    for (const cadre of DEMO_COUNTY_CADRES) {
      expect(cadre.username).toBe(`demo-cadre-${cadre.region}`);
      expect(cadre.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      const projects = demoProjectsOf(cadre.region);
      expect(projects.length).toBeGreaterThanOrEqual(3);
      expect(projects.length).toBeLessThanOrEqual(5);
      expect(new Set(projects.map((p) => p.title)).size).toBe(projects.length);
      for (const project of projects) expect(createProjectSchema.safeParse(project).success).toBe(true);
    }
  });

  it('mixes funding areas, statuses and plan flags', () => {
    const all = COUNTY_IDS.flatMap(demoProjectsOf);
    expect(new Set(all.map((p) => p.status))).toEqual(new Set(PROJECT_STATUSES));
    expect(new Set(all.map((p) => p.fundingArea)).size).toBeGreaterThanOrEqual(FUNDING_AREAS.length - 1);
    expect(all.some((p) => p.inPlan)).toBe(true);
    expect(all.some((p) => !p.inPlan)).toBe(true);
  });
});
