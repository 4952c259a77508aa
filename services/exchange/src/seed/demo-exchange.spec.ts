import { DEMO_EXCHANGE_USERS, DEMO_UNITS, demoCadreName, demoPostings } from './demo-exchange';

describe('the exchange demo data', () => {
  const postings = demoPostings();
  const placed = (year: number, direction: string) =>
    postings
      .filter(
        (p) => p.startDate.startsWith(String(year)) && p.direction === direction && p.kind === 'secondment',
      )
      .flatMap((p) => p.nominees)
      .filter((f) => f === 'agreed' || f === 'confirmed').length;

  it('places exactly the plan’s quotas in the past years: 24 to the counties, 40 to Beijing', () => {
    for (const year of [2025, 2026]) {
      expect(placed(year, 'to-county')).toBe(24);
      expect(placed(year, 'to-beijing')).toBe(40);
    }
    expect(placed(2027, 'to-county')).toBeLessThanOrEqual(24);
  });

  it('has open postings with nominations in every approval state, a draft and a cancelled one', () => {
    const fates = new Set(postings.filter((p) => p.finally === 'open').flatMap((p) => p.nominees));
    expect([...fates].sort()).toEqual([
      'accepted',
      'agreed',
      'confirmed',
      'nominated',
      'refused',
      'released',
      'withdrawn',
    ]);
    expect(postings.map((p) => p.finally)).toEqual(
      expect.arrayContaining(['draft', 'cancelled', 'completed', 'in-progress']),
    );
    expect(postings.some((p) => p.kind === 'short')).toBe(true);
  });

  it('covers the 16 pairs with units and cadres, with distinct titles and names', () => {
    expect(new Set(postings.map((p) => p.pair.id)).size).toBe(16);
    expect(new Set(postings.map((p) => p.title)).size).toBe(postings.length);
    expect(DEMO_EXCHANGE_USERS).toHaveLength(32);
    expect(new Set(DEMO_UNITS.map((u) => u.id)).size).toBe(DEMO_UNITS.length);
    const people = postings.reduce((n, p) => n + p.nominees.length, 0);
    expect(new Set(Array.from({ length: people }, (_, i) => demoCadreName(i))).size).toBe(people);
    // Every posting's unit is in its receiving region, with places for its agreed nominees.
    for (const p of postings) {
      expect(p.unit.region).toBe(p.direction === 'to-county' ? p.pair.county.id : p.pair.beijing.id);
      expect(p.nominees.filter((f) => f === 'agreed' || f === 'confirmed').length).toBeLessThanOrEqual(
        p.places,
      );
    }
  });
});
