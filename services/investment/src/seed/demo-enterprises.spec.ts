import { createEnterpriseSchema } from '@qingshui/contracts';
import { isRegionId } from '@qingshui/regions';
import { DuplicateIndex } from '../enterprises/duplicate-index';
import { DEMO_INVESTOR } from './demo-ids';
import { DEMO_ENTERPRISE_RECORDS, DEMO_ENTERPRISES, DEMO_PLANTED_DUPLICATES } from './demo-enterprises';

describe('the demo enterprises', () => {
  it('are 20–30 valid records with distinct ids and credit codes, in known regions', () => {
    expect(DEMO_ENTERPRISE_RECORDS.length).toBeGreaterThanOrEqual(20);
    expect(DEMO_ENTERPRISE_RECORDS.length).toBeLessThanOrEqual(30);
    for (const record of DEMO_ENTERPRISE_RECORDS) {
      expect(createEnterpriseSchema.safeParse(record)).toMatchObject({ success: true });
      expect(isRegionId(record.region)).toBe(true);
    }
    const codes = DEMO_ENTERPRISE_RECORDS.flatMap((r) => (r.creditCode ? [r.creditCode] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(DEMO_ENTERPRISE_RECORDS.map((r) => r.id)).size).toBe(DEMO_ENTERPRISE_RECORDS.length);
  });

  it('hold the demo investor’s record under its shared ids', () => {
    expect(DEMO_ENTERPRISES).toContainEqual({
      id: DEMO_INVESTOR.enterpriseId,
      name: DEMO_INVESTOR.name,
      region: DEMO_INVESTOR.region,
    });
    expect(DEMO_ENTERPRISE_RECORDS.find((r) => r.id === DEMO_INVESTOR.enterpriseId)?.orgId).toBe(
      DEMO_INVESTOR.orgId,
    );
  });

  it('plant two duplicates that the index finds, and no other record duplicates another', () => {
    const index = new DuplicateIndex();
    for (const r of DEMO_ENTERPRISE_RECORDS.filter((r) => !(r.id in DEMO_PLANTED_DUPLICATES)))
      index.upsert({ ...r, status: 'active', mergeCount: 0, version: 1 });
    for (const [dup, original] of Object.entries(DEMO_PLANTED_DUPLICATES)) {
      const record = DEMO_ENTERPRISE_RECORDS.find((r) => r.id === dup)!;
      const { candidates } = index.candidates(record);
      expect(candidates[0]?.enterprise.id).toBe(original);
      expect(candidates[0]?.reasons.map((r) => r.kind)).toContain('same-name');
    }
    for (const r of DEMO_ENTERPRISES) {
      const full = DEMO_ENTERPRISE_RECORDS.find((e) => e.id === r.id)!;
      const others = index.candidates({ ...full, excludeId: r.id }).candidates.filter((c) => c.score >= 0.7);
      expect(others).toEqual([]);
    }
  });
});
