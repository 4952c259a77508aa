import { createExpertSchema } from '@qingshui/contracts';
import { COUNTY_IDS, pairOf } from '@qingshui/regions';
import { demoExperts } from './demo-experts';

describe('demo expert pool', () => {
  const pool = demoExperts();

  it('has 200 valid profiles with distinct ids and users', () => {
    expect(pool).toHaveLength(200);
    expect(new Set(pool.map((e) => e.id)).size).toBe(200);
    expect(new Set(pool.map((e) => e.userId)).size).toBe(200);
    for (const expert of pool) expect(createExpertSchema.safeParse(expert.profile).success).toBe(true);
  });

  it('is the same pool every time, so seeding is idempotent', () => {
    expect(demoExperts()).toEqual(pool);
  });

  it('covers every field, academicians, local experts and all 16 pairs', () => {
    expect(new Set(pool.flatMap((e) => e.profile.fields)).size).toBe(11);
    expect(pool.some((e) => e.profile.academician)).toBe(true);
    expect(pool.filter((e) => COUNTY_IDS.includes(e.profile.region)).length).toBeGreaterThan(20);
    expect(new Set(pool.map((e) => pairOf(e.profile.region)?.id)).size).toBe(16);
    expect(pool.every((e) => /[\u4e00-\u9fa5]/.test(e.profile.bio))).toBe(true);
  });
});
