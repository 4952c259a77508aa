import { formatYuan, monthsUntil, rank, scoreMatch, type NeedFacts, type ProjectFacts } from './scoring';

const now = new Date('2026-12-02T08:00:00.000Z');
const need: NeedFacts = {
  title: '库区污水处理与再生水项目投资',
  publicSummary: '拟在丹江口库区投资建设污水处理厂和再生水设施，保护水质。',
  fields: ['water-treatment', 'environmental-protection'],
  amount: { minYuan: 50_000_000, maxYuan: 200_000_000 },
  counties: ['xichuan', 'xixia'],
  region: 'chaoyang',
  landMu: 80,
  waterM3PerDay: 500,
  timeline: { startBy: '2027-12', years: 5 },
};
const project: ProjectFacts = {
  title: '淅川县城乡污水处理提标改造项目',
  description: '对县城污水处理厂提标改造，新建再生水回用管网，保护丹江水质。',
  county: 'xichuan',
  field: 'water-treatment',
  investmentSought: { minYuan: 100_000_000, maxYuan: 150_000_000 },
  landMu: 120,
  site: '淅川县城东污水处理厂',
  status: 'preparation',
};
const byPart = (explanation: ReturnType<typeof scoreMatch>) =>
  Object.fromEntries(explanation.parts.map((p) => [p.part, p]));

describe('scoring a need against a project', () => {
  it('gives a paired, preferred project of the need’s field and amount every part, and names what the library does not say', () => {
    const result = scoreMatch(need, project, now);
    const parts = byPart(result);
    expect(parts['field']).toMatchObject({ score: 1, code: 'field.exact', points: 30 });
    expect(parts['amount']).toMatchObject({ score: 1, code: 'amount.overlap' });
    expect(parts['county']).toMatchObject({ score: 1, code: 'county.preferred' });
    expect(parts['pairing']).toMatchObject({ score: 1, code: 'pairing.paired' });
    expect(parts['pairing']!.note).toContain('朝阳区');
    expect(parts['timing']).toMatchObject({ score: 1, code: 'timing.ready' });
    expect(parts['text']!.score).toBeGreaterThan(0);
    expect(parts['text']!.note).toContain('污水处理');
    expect(result.score).toBeGreaterThanOrEqual(95);
    expect(result.missing.map((g) => g.code)).toEqual(['utilities.unstated']);
  });

  it('scores an amount outside the range by how close it comes, and says on which side', () => {
    const small = scoreMatch(
      need,
      { ...project, investmentSought: { minYuan: 10_000_000, maxYuan: 25_000_000 } },
      now,
    );
    expect(byPart(small)['amount']).toMatchObject({ score: 0.5, code: 'amount.below' });
    expect(small.missing).toContainEqual({
      code: 'amount.below-minimum',
      note: '项目拟引资上限 2500万元 低于需求最低金额 5000万元',
    });
    const large = scoreMatch(
      need,
      { ...project, investmentSought: { minYuan: 800_000_000, maxYuan: 800_000_000 } },
      now,
    );
    expect(byPart(large)['amount']).toMatchObject({ score: 0.25, code: 'amount.above' });
    expect(large.missing.map((g) => g.code)).toContain('amount.above-maximum');
  });

  it('gives half the field for a related field and nothing for another, and says so', () => {
    expect(byPart(scoreMatch(need, { ...project, field: 'drinking-water' }, now))['field']).toMatchObject({
      score: 0.5,
      code: 'field.related',
    });
    const other = scoreMatch(need, { ...project, field: 'cultural-tourism' }, now);
    expect(byPart(other)['field']!.score).toBe(0);
    expect(other.missing.map((g) => g.code)).toContain('field.mismatch');
  });

  it('takes any county for less than a preferred one, and none outside the preferred ones', () => {
    expect(byPart(scoreMatch({ ...need, counties: 'any' }, project, now))['county']!.score).toBe(0.7);
    const elsewhere = scoreMatch(need, { ...project, county: 'danjiangkou' }, now);
    expect(byPart(elsewhere)['county']!.score).toBe(0);
    expect(elsewhere.missing.map((g) => g.code)).toContain('county.not-preferred');
    // Chaoyang is paired with Xichuan, not Danjiangkou (Haidian's).
    expect(byPart(elsewhere)['pairing']).toMatchObject({ score: 0, code: 'pairing.other' });
    expect(byPart(scoreMatch({ ...need, region: 'xichuan' }, project, now))['pairing']!.code).toBe(
      'pairing.none',
    );
  });

  it('weighs timing by the project’s status against the need’s start', () => {
    const soon = { ...need, timeline: { startBy: '2027-03', years: 3 } };
    // A reserve project needs about 18 months; the need starts in 3.
    const reserve = scoreMatch(soon, { ...project, status: 'reserve' }, now);
    expect(byPart(reserve)['timing']).toMatchObject({ code: 'timing.late', score: 0.167 });
    expect(reserve.missing.find((g) => g.code === 'timing.late')!.note).toContain('15 个月');
    expect(byPart(scoreMatch(soon, { ...project, status: 'under-construction' }, now))['timing']!.score).toBe(
      1,
    );
    expect(byPart(scoreMatch(soon, { ...project, status: 'done' }, now))['timing']!.code).toBe('timing.done');
  });

  it('names a missing land area, a short one and a missing site', () => {
    const { landMu: _land, ...noLand } = project;
    expect(scoreMatch(need, { ...noLand, site: '' }, now).missing.map((g) => g.code)).toEqual(
      expect.arrayContaining(['land.unknown', 'site.unknown']),
    );
    expect(scoreMatch(need, { ...project, landMu: 50 }, now).missing).toContainEqual({
      code: 'land.short',
      note: '项目用地 50 亩，少于需求的 80 亩',
    });
  });

  it('adds up parts that say what they add, to at most 100', () => {
    const result = scoreMatch(need, project, now);
    const sum = result.parts.reduce((s, p) => s + p.points, 0);
    expect(Math.abs(sum - result.score)).toBeLessThanOrEqual(1);
    expect(result.parts.reduce((s, p) => s + p.weight, 0)).toBe(100);
  });

  it('ranks best first and breaks ties by id', () => {
    const items = [
      { id: 'b', p: { ...project, field: 'cultural-tourism' as const } },
      { id: 'c', p: project },
      { id: 'a', p: project },
    ];
    expect(
      rank(
        items,
        (i) => scoreMatch(need, i.p, now),
        (i) => i.id,
      ).map((r) => r.item.id),
    ).toEqual(['a', 'c', 'b']);
  });

  it('writes amounts and months as people say them', () => {
    expect(formatYuan(250_000_000)).toBe('2.5亿元');
    expect(formatYuan(12_000_000)).toBe('1200万元');
    expect(formatYuan(800)).toBe('800元');
    expect(monthsUntil('2027-03', now)).toBe(3);
    expect(monthsUntil('2026-01', now)).toBe(-11);
  });
});
