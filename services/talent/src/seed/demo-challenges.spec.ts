import { createChallengeSchema } from '@qingshui/contracts';
import { COUNTY_IDS } from '@qingshui/regions';
import { demoChallenges } from './demo-challenges';
import { demoExperts } from './demo-experts';

describe('demo challenges', () => {
  const challenges = demoChallenges();

  it('are 30 valid challenges with distinct titles in all 16 counties', () => {
    expect(challenges).toHaveLength(30);
    expect(new Set(challenges.map((c) => c.body.title)).size).toBe(30);
    expect(new Set(challenges.map((c) => c.body.county))).toEqual(new Set(COUNTY_IDS));
    for (const { body } of challenges) {
      const { deadlineInMonths, ...rest } = body;
      const deadline = new Date(Date.now() + deadlineInMonths * 30 * 86_400_000).toISOString();
      expect(createChallengeSchema.safeParse({ ...rest, deadline }).success).toBe(true);
    }
  });

  it('only post Xichuan’s challenges as the Xichuan cadre, and ask for skills the demo pool has', () => {
    for (const c of challenges) if (c.postedBy === 'demo-cadre-county') expect(c.body.county).toBe('xichuan');
    const poolSkills = new Set(demoExperts().flatMap((e) => e.profile.skills));
    const askedFor = challenges.flatMap((c) => c.body.requiredSkills);
    expect(askedFor.filter((s) => poolSkills.has(s)).length / askedFor.length).toBeGreaterThan(0.9);
  });
});
