import { refusal } from '@qingshui/testing';
import { allocate, boothMap, countiesOfProvinces, release, resolveBoothRules } from './booths';
import type { BoothHolder } from './exhibitor.schema';

const types = [
  { id: 'std', name: '标准展位', count: 10 },
  { id: 'big', name: '特装展位', count: 2 },
];
const noRules = { maxBoothsPerEnterprise: null, reservedPerCounty: [] };
const ask = (orgId: string, county: string, booths = 1, boothTypeId = 'std') => ({
  orgId,
  enterpriseName: `${orgId} 公司`,
  county,
  boothTypeId,
  booths,
});
/** Applies allocations one after the other, as the ledger's guarded updates do. */
function run(rules: typeof noRules | Parameters<typeof allocate>[1], requests: ReturnType<typeof ask>[]) {
  const holders: BoothHolder[] = [];
  const refused: string[] = [];
  for (const request of requests) {
    const result = allocate(types, rules, holders, request);
    if (result.ok) {
      if (!result.already) holders.push(result.holder);
    } else refused.push(`${request.orgId}:${result.reason}`);
  }
  return { holders, refused };
}

describe('the booth allocator', () => {
  it('gives the lowest free booths of the type, never one booth twice', () => {
    const { holders, refused } = run(noRules, [
      ask('a', 'xichuan', 3),
      ask('b', 'xixia', 2),
      ask('c', 'xichuan', 6),
    ]);
    expect(holders.map((h) => h.boothIds)).toEqual([
      ['std-1', 'std-2', 'std-3'],
      ['std-4', 'std-5'],
    ]);
    expect(refused).toEqual(['c:booths_exhausted']);
    const all = holders.flatMap((h) => h.boothIds);
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives a retried enterprise the booths it already holds', () => {
    const first = allocate(types, noRules, [], ask('a', 'xichuan', 2));
    expect(first.ok && first.holder.boothIds).toEqual(['std-1', 'std-2']);
    const again = allocate(
      types,
      noRules,
      [first.ok ? first.holder : ({} as BoothHolder)],
      ask('a', 'xichuan', 2),
    );
    expect(again).toMatchObject({ ok: true, already: true, holder: { boothIds: ['std-1', 'std-2'] } });
  });

  it('caps the booths of one enterprise, and knows no unknown type', () => {
    const rules = { maxBoothsPerEnterprise: 2, reservedPerCounty: [] };
    expect(allocate(types, rules, [], ask('a', 'xichuan', 3))).toMatchObject({
      ok: false,
      reason: 'booth_cap',
    });
    expect(allocate(types, rules, [], ask('a', 'xichuan', 2)).ok).toBe(true);
    expect(allocate(types, rules, [], ask('a', 'xichuan', 1, 'nope'))).toMatchObject({
      ok: false,
      reason: 'booth_type_unknown',
    });
  });

  it('never eats into booths held for other counties whose reservation is not met', () => {
    // 10 std booths; 3 held for xixia, 2 for neixiang: other counties may take 5 between them.
    const rules = {
      maxBoothsPerEnterprise: null,
      reservedPerCounty: [
        { county: 'xixia', booths: 3 },
        { county: 'neixiang', booths: 2 },
      ],
    };
    const { holders, refused } = run(rules, [
      ask('x1', 'xichuan', 4),
      ask('x2', 'xichuan', 2), // 6 free, 5 owed to others: only 1 left for xichuan
      ask('x3', 'xichuan', 1),
      ask('s1', 'xixia', 3), // its own reservation: fine
      ask('n1', 'neixiang', 1),
      ask('x4', 'xichuan', 1), // 1 free, neixiang still owed 1
      ask('n2', 'neixiang', 1),
      ask('s2', 'xixia', 1), // nothing left
    ]);
    expect(refused).toEqual(['x2:booths_reserved', 'x4:booths_reserved', 's2:booths_exhausted']);
    expect(holders.map((h) => `${h.orgId}:${h.boothIds.length}`)).toEqual([
      'x1:4',
      'x3:1',
      's1:3',
      'n1:1',
      'n2:1',
    ]);
    expect(holders.flatMap((h) => h.boothIds).length).toBe(10);
  });

  it('lets a county that met its reservation take more, without touching the others’', () => {
    const rules = {
      maxBoothsPerEnterprise: null,
      reservedPerCounty: [
        { county: 'xixia', booths: 2 },
        { county: 'xichuan', booths: 2 },
      ],
    };
    const { holders, refused } = run(rules, [
      ask('s1', 'xixia', 2),
      ask('s2', 'xixia', 6),
      ask('s3', 'xixia', 1),
      ask('x1', 'xichuan', 2),
    ]);
    expect(refused).toEqual(['s3:booths_reserved']);
    expect(holders.map((h) => h.orgId)).toEqual(['s1', 's2', 'x1']);
  });

  it('frees an enterprise’s booths for the next', () => {
    const first = allocate(types, noRules, [], ask('a', 'xichuan', 10));
    const holders = [first.ok ? first.holder : ({} as BoothHolder)];
    expect(allocate(types, noRules, holders, ask('b', 'xixia'))).toMatchObject({
      reason: 'booths_exhausted',
    });
    const after = release(holders, 'a')!;
    expect(after).toEqual([]);
    expect(release(after, 'a')).toBeUndefined();
    expect(allocate(types, noRules, after, ask('b', 'xixia'))).toMatchObject({
      ok: true,
      holder: { boothIds: ['std-1'] },
    });
  });
});

describe('the booth rules', () => {
  const fair = { pairIds: ['chaoyang-xichuan'], boothTypes: types };
  it('reserves for every county of the pairs’ provinces, keeping the larger figure', () => {
    const henan = countiesOfProvinces(['chaoyang-xichuan']);
    expect(henan).toEqual(expect.arrayContaining(['xichuan', 'xixia', 'neixiang', 'lushi']));
    expect(henan).not.toContain('danjiangkou');
    const rules = resolveBoothRules(
      {
        maxBoothsPerEnterprise: 2,
        reservedPerCounty: [{ county: 'xixia', booths: 3 }],
        reserveForEveryCounty: 1,
      },
      { pairIds: fair.pairIds, boothTypes: [{ count: 100 }] },
    );
    expect(rules.reservedPerCounty).toEqual(
      expect.arrayContaining([
        { county: 'xixia', booths: 3 },
        { county: 'xichuan', booths: 1 },
      ]),
    );
    expect(rules.reservedPerCounty).toHaveLength(henan.length);
  });
  it('refuses more reserved than the fair has, and a county named twice', () => {
    expect(
      refusal(() =>
        resolveBoothRules(
          { maxBoothsPerEnterprise: null, reservedPerCounty: [{ county: 'xixia', booths: 13 }] },
          fair,
        ),
      ),
    ).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(
      refusal(() =>
        resolveBoothRules(
          {
            maxBoothsPerEnterprise: null,
            reservedPerCounty: [
              { county: 'xixia', booths: 1 },
              { county: 'xixia', booths: 2 },
            ],
          },
          fair,
        ),
      ),
    ).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
  it('maps every booth with its holder and the counties’ figures', () => {
    const holder = {
      orgId: 'a',
      enterpriseName: '甲公司',
      county: 'xichuan',
      boothTypeId: 'big',
      boothIds: ['big-2'],
    };
    const map = boothMap(
      { _id: 'f', boothTypes: types },
      {
        rules: { maxBoothsPerEnterprise: null, reservedPerCounty: [{ county: 'xixia', booths: 2 }] },
        holders: [holder],
        version: 3,
      },
      false,
    );
    expect(map.booths).toHaveLength(12);
    expect(map.booths.find((b) => b.id === 'big-2')).toMatchObject({
      state: 'assigned',
      enterpriseName: '甲公司',
    });
    expect(map.types).toEqual([
      { id: 'std', name: '标准展位', count: 10, free: 10 },
      { id: 'big', name: '特装展位', count: 2, free: 1 },
    ]);
    expect(map.counties).toEqual([
      { county: 'xixia', reserved: 2, used: 0 },
      { county: 'xichuan', reserved: 0, used: 1 },
    ]);
  });
});
