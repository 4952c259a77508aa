import { ChallengeIndex } from './challenge-index';
import { ExpertIndex } from './expert-index';
import {
  buildQuery,
  conflictOf,
  dayOf,
  explain,
  expertFeatures,
  prepareChallenge,
  type CorpusStats,
} from './scoring';
import {
  backgroundExpert,
  mulberry32,
  plantedExpert,
  syntheticChallenge,
  SYNTHETIC_AS_OF,
} from './synthetic';
import type { ExpertFeatures } from './scoring';
import type { MatchableChallenge, MatchableExpert } from './types';
import { WEIGHTS } from './weights';

const AS_OF = '2026-06-01';

function expert(id: string, over: Partial<MatchableExpert> = {}): MatchableExpert {
  return {
    id,
    orgId: `org-${id}`,
    region: 'dongcheng',
    fields: ['agriculture'],
    skills: [],
    text: '研究员 中国农业大学',
    academician: false,
    verified: false,
    availability: [],
    trackRecord: { challengesSolved: 0, visits: 0 },
    ...over,
  };
}

const pomegranate: MatchableChallenge = {
  id: 'ch-1',
  posterOrgId: 'org-poster',
  county: 'xichuan',
  field: 'agriculture',
  requiredSkills: ['石榴栽培', '石榴病虫害防治'],
  text: '淅川县软籽石榴裂果与病虫害综合防控',
  deadline: '2026-08-01',
  status: 'published',
};

function indexOf(experts: MatchableExpert[]): ExpertIndex {
  const index = new ExpertIndex();
  for (const e of experts) index.upsert(e);
  return index;
}

/** Corpus statistics counted straightforwardly from the pool's features. */
function statsOf(features: ExpertFeatures[]): CorpusStats {
  const textDf = new Map<string, number>();
  const skillDf = new Map<string, number>();
  let total = 0;
  for (const f of features) {
    total += f.docLength;
    for (const t of f.termFreq.keys()) textDf.set(t, (textDf.get(t) ?? 0) + 1);
    for (const t of f.skillTokens) skillDf.set(t, (skillDf.get(t) ?? 0) + 1);
  }
  return {
    docCount: features.length,
    avgDocLength: total / features.length,
    textDf: (t) => textDf.get(t) ?? 0,
    skillDf: (t) => skillDf.get(t) ?? 0,
  };
}

/** Every expert scored with the reference scorer, conflicts left out, sorted, cut at limit. */
function rankBrute(
  features: ExpertFeatures[],
  stats: CorpusStats,
  challenge: MatchableChallenge,
  limit: number,
  asOf = AS_OF,
) {
  const query = buildQuery(prepareChallenge(challenge), stats);
  return features
    .filter((f) => !conflictOf(f, challenge.posterOrgId))
    .map((f) => ({ expertId: f.id, score: explain(f, query, dayOf(asOf)).score }))
    .sort((a, b) => (a.score !== b.score ? b.score - a.score : a.expertId < b.expertId ? -1 : 1))
    .slice(0, limit);
}

/** Straightforward reference: statistics counted from the pool, every expert scored, sorted. */
function bruteForce(experts: MatchableExpert[], challenge: MatchableChallenge, limit: number) {
  const features = experts.map(expertFeatures);
  return rankBrute(features, statsOf(features), challenge, limit);
}

describe('ExpertIndex.rankExpertsForChallenge', () => {
  it('explains each part of the score', () => {
    const index = indexOf([
      expert('a', {
        skills: ['石榴栽培', '石榴病虫害防治'],
        text: '李明 研究员 河南农业大学 长期从事软籽石榴裂果研究',
        region: 'chaoyang', // paired with xichuan
        verified: true,
        academician: true,
        availability: [{ from: '2026-06-10', to: '2026-06-20' }],
        trackRecord: { challengesSolved: 20, visits: 0 },
      }),
      expert('b', { skills: ['远程医疗'], fields: ['tcm'] }),
    ]);
    const { items } = index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF });
    const a = items.find((m) => m.expertId === 'a')!;
    expect(a.parts).toMatchObject({
      skills: 1,
      field: 1,
      pairing: 1,
      availability: 1,
      trackRecord: 1,
      verified: 1,
      academician: 1,
    });
    expect(a.parts.text).toBeGreaterThan(0.3);
    expect(a.matchedSkills).toEqual(['石榴栽培', '石榴病虫害防治']);
    expect(a.missingSkills).toEqual([]);
    expect(a.matchedTerms).toEqual(expect.arrayContaining(['石榴', '裂果']));
    expect(a.pairing).toBe('paired-district');
    expect(a.suggestions).toEqual([]);
    const expected =
      WEIGHTS.skills +
      WEIGHTS.text * a.parts.text +
      WEIGHTS.field +
      WEIGHTS.pairing +
      WEIGHTS.availability +
      WEIGHTS.trackRecord +
      WEIGHTS.verified +
      WEIGHTS.academician;
    expect(a.score).toBeCloseTo(expected, 8);

    const b = items.find((m) => m.expertId === 'b')!;
    expect(b.parts).toMatchObject({
      skills: 0,
      text: 0,
      field: 0,
      pairing: 0,
      availability: 0.5,
      verified: 0,
    });
    expect(b.missingSkills).toEqual(['石榴栽培', '石榴病虫害防治']);
    expect(b.suggestions.map((s) => s.kind)).toEqual([
      'add-skill',
      'add-skill',
      'add-field',
      'mark-availability',
      'get-verified',
    ]);
    expect(b.suggestions[0]!.text).toContain('add skill "石榴栽培"');
    expect(b.suggestions.find((s) => s.kind === 'mark-availability')!.text).toBe(
      'mark availability before 2026-08-01 (+4.0)',
    );
    expect(a.score).toBeGreaterThan(b.score);
  });

  it('matches a skill through its tokens when the phrase differs (软籽石榴栽培 ~ 石榴栽培)', () => {
    const index = indexOf([
      expert('longer', { skills: ['软籽石榴栽培'] }),
      expert('exact', { skills: ['石榴栽培'] }),
      expert('none', { skills: ['茶树栽培'] }),
    ]);
    const challenge = { ...pomegranate, requiredSkills: ['石榴栽培'] };
    const { items } = index.rankExpertsForChallenge(challenge, { asOf: AS_OF });
    const by = new Map(items.map((m) => [m.expertId, m]));
    expect(by.get('exact')!.skillMatches[0]).toMatchObject({ how: 'exact', strength: 1 });
    expect(by.get('longer')!.skillMatches[0]).toMatchObject({ how: 'partial', viaTokens: ['石榴', '栽培'] });
    expect(by.get('longer')!.skillMatches[0]!.strength).toBeCloseTo(0.8, 9);
    expect(by.get('longer')!.matchedSkills).toEqual(['石榴栽培']);
    // 栽培 alone is the common token: a little credit, well below half
    expect(by.get('none')!.skillMatches[0]!.strength).toBeLessThan(0.5);
    expect(by.get('none')!.missingSkills).toEqual(['石榴栽培']);
    expect(by.get('exact')!.parts.skills).toBeGreaterThan(by.get('longer')!.parts.skills);
    // 软籽 also matches the challenge text (软籽石榴), so the longer phrase gains on text relevance
    expect(by.get('longer')!.parts.text).toBeGreaterThan(by.get('exact')!.parts.text);
    expect(items.at(-1)!.expertId).toBe('none');
  });

  it('orders by pairing: paired district > same province > other', () => {
    const same = { skills: ['石榴栽培'] };
    const index = indexOf([
      expert('other-bj', { ...same, region: 'haidian' }),
      expert('hubei', { ...same, region: 'danjiangkou' }),
      expert('henan', { ...same, region: 'xixia' }),
      expert('paired', { ...same, region: 'chaoyang' }),
    ]);
    const { items } = index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF });
    expect(items.map((m) => [m.expertId, m.pairing])).toEqual([
      ['paired', 'paired-district'],
      ['henan', 'same-province'],
      ['hubei', 'other'],
      ['other-bj', 'other'],
    ]);
  });

  it('scores availability against the deadline', () => {
    const index = indexOf([
      expert('before', { availability: [{ from: '2026-07-01', to: '2026-07-10' }] }),
      expert('after', { availability: [{ from: '2026-09-01', to: '2026-09-10' }] }),
      expert('past', { availability: [{ from: '2026-01-01', to: '2026-02-01' }] }),
      expert('unknown'),
    ]);
    const { items } = index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF });
    const by = new Map(items.map((m) => [m.expertId, m]));
    expect(by.get('before')!.parts.availability).toBe(1);
    expect(by.get('before')!.availableBeforeDeadline).toBe(true);
    expect(by.get('after')!.parts.availability).toBe(0);
    expect(by.get('past')!.parts.availability).toBe(0);
    expect(by.get('unknown')!.parts.availability).toBe(0.5);
    expect(by.get('unknown')!.availableBeforeDeadline).toBeNull();
    expect(items.map((m) => m.expertId)).toEqual(['before', 'unknown', 'after', 'past']);
  });

  it('excludes conflicts of interest and lists them with the reason', () => {
    const index = indexOf([
      expert('member', { orgId: 'org-poster', skills: ['石榴栽培'] }),
      expert('declared', { conflictOrgIds: ['org-poster'], skills: ['石榴栽培'] }),
      expert('free', { skills: ['石榴栽培'] }),
    ]);
    const result = index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF });
    expect(result.items.map((m) => m.expertId)).toEqual(['free']);
    expect(result.excluded).toEqual([
      { expertId: 'declared', reason: 'declared-conflict', detail: expect.stringContaining('org-poster') },
      { expertId: 'member', reason: 'same-organisation', detail: expect.stringContaining('org-poster') },
    ]);
  });

  it('keeps results right through upsert and remove', () => {
    const index = indexOf([expert('a', { skills: ['石榴栽培'] }), expert('b')]);
    expect(index.size).toBe(2);
    expect(index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF }).items[0]!.expertId).toBe('a');
    index.upsert(expert('b', { skills: ['石榴栽培', '石榴病虫害防治'] }));
    expect(index.size).toBe(2);
    expect(index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF }).items[0]!.expertId).toBe('b');
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    const after = index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF });
    expect(after.items.map((m) => m.expertId)).toEqual(['a']);
    expect(index.textDf('石榴')).toBe(1);
    expect(index.skillDf('防治')).toBe(0);
    // an org change moves the conflict too
    index.upsert(expert('a', { orgId: 'org-poster', skills: ['石榴栽培'] }));
    expect(
      index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF }).excluded.map((e) => e.expertId),
    ).toEqual(['a']);
  });

  it('equals a brute-force scorer on a random pool of 2,000, through updates and compaction', () => {
    const rng = mulberry32(7);
    const pool = Array.from({ length: 2000 }, (_, i) => backgroundExpert(rng, i));
    const index = indexOf(pool);
    const challenges = Array.from({ length: 20 }, (_, i) => syntheticChallenge(rng, i).challenge);
    const check = (experts: MatchableExpert[]) => {
      for (const challenge of challenges) {
        const want = bruteForce(experts, challenge, 20);
        const got = index.rankExpertsForChallenge(challenge, { limit: 20, asOf: SYNTHETIC_AS_OF });
        expect(got.items.map((m) => [m.expertId, m.score])).toEqual(want.map((m) => [m.expertId, m.score]));
        expect(got.scored).toBeLessThanOrEqual(experts.length);
      }
    };
    check(pool);
    // Replace 1,500 profiles (triggers compaction) and remove 300.
    const live = new Map(pool.map((e) => [e.id, e]));
    for (let i = 0; i < 1500; i++) {
      const id = pool[Math.floor(rng() * pool.length)]!.id;
      const next = { ...backgroundExpert(rng, 100_000 + i), id };
      live.set(id, next);
      index.upsert(next);
    }
    for (let i = 0; i < 300; i++) {
      const id = pool[Math.floor(rng() * pool.length)]!.id;
      live.delete(id);
      index.remove(id);
    }
    expect(index.size).toBe(live.size);
    check([...live.values()]);
  });

  it('scans experts outside every postings list when the candidates are too few', () => {
    const index = indexOf([
      expert('x', { fields: ['tcm'], region: 'chaoyang' }),
      expert('y', { fields: ['tcm'] }),
    ]);
    const { items } = index.rankExpertsForChallenge(pomegranate, { asOf: AS_OF, limit: 5 });
    expect(items.map((m) => m.expertId)).toEqual(['x', 'y']);
  });
});

describe('ExpertIndex.rankExpertsForChallenge pruning (max-score) edge cases', () => {
  // More than two blocks of document ids, so that lists become non-essential part-way: strong
  // experts first (the floor is high after the first block), clones with equal scores spread over
  // the pool, strong experts with a conflict of interest, then background experts.
  const rng = mulberry32(20260602);
  const synthetic = Array.from({ length: 4 }, (_, i) => syntheticChallenge(rng, i * 3));
  const challenges = synthetic.map((s) => s.challenge);
  const pool: MatchableExpert[] = [];
  let n = 0;
  for (const s of synthetic) {
    for (let i = 0; i < 25; i++) pool.push(plantedExpert(rng, s, n++));
    // Strong but conflicted: the poster's own staff, and declared conflicts.
    for (let i = 0; i < 3; i++) pool.push({ ...plantedExpert(rng, s, n++), orgId: s.challenge.posterOrgId });
    for (let i = 0; i < 3; i++)
      pool.push({ ...plantedExpert(rng, s, n++), conflictOrgIds: [s.challenge.posterOrgId] });
  }
  // 40 clones of one strong profile (equal scores), ids descending in insertion order, spread
  // over the whole pool so that ties straddle blocks.
  const clone = plantedExpert(rng, synthetic[0]!, n++);
  const background = Array.from({ length: 20_000 }, (_, i) => backgroundExpert(rng, i));
  for (let i = 0; i < background.length; i++) {
    if (i % 500 === 0) pool.push({ ...clone, id: `tie-${String(99 - i / 500).padStart(2, '0')}` });
    pool.push(background[i]!);
  }
  const index = indexOf(pool);
  const features = pool.map(expertFeatures);
  const stats = statsOf(features);

  it.each([1, 20, 45])('equals the brute-force ranking with limit %i, and prunes', (limit) => {
    for (const challenge of challenges) {
      const got = index.rankExpertsForChallenge(challenge, { limit, asOf: SYNTHETIC_AS_OF });
      const want = rankBrute(features, stats, challenge, limit, SYNTHETIC_AS_OF);
      expect(got.items.map((m) => [m.expertId, m.score])).toEqual(want.map((m) => [m.expertId, m.score]));
      // Most experts in the challenge's lists are never scored exactly.
      expect(got.scored).toBeLessThan(pool.length / 10);
    }
  });

  it('breaks ties by expert id even when the tie straddles the cut and the blocks', () => {
    // A challenge the clones fit best: their own skills; the clones then tie for the top places.
    const challenge = { ...challenges[0]!, requiredSkills: clone.skills.slice(0, 3) };
    const got = index.rankExpertsForChallenge(challenge, { limit: 25, asOf: SYNTHETIC_AS_OF });
    const want = rankBrute(features, stats, challenge, 25, SYNTHETIC_AS_OF);
    expect(got.items.map((m) => [m.expertId, m.score])).toEqual(want.map((m) => [m.expertId, m.score]));
    const ties = got.items.filter((m) => m.expertId.startsWith('tie-'));
    expect(ties.length).toBeGreaterThan(1);
    expect(new Set(ties.map((m) => m.score)).size).toBe(1);
    // the cut falls inside the 40 clones: the smallest ids are kept
    expect(ties.map((m) => m.expertId)).toEqual(
      Array.from({ length: ties.length }, (_, i) => `tie-${String(60 + i).padStart(2, '0')}`),
    );
  });

  it('lists conflicted experts as excluded even when they would top the ranking', () => {
    for (const challenge of challenges) {
      const got = index.rankExpertsForChallenge(challenge, { limit: 20, asOf: SYNTHETIC_AS_OF });
      const conflicted = features.filter((f) => conflictOf(f, challenge.posterOrgId));
      expect(got.excluded.map((x) => x.expertId)).toEqual(conflicted.map((f) => f.id).sort());
      expect(got.excluded.length).toBeGreaterThanOrEqual(6);
      const ids = new Set(got.items.map((m) => m.expertId));
      for (const x of got.excluded) expect(ids.has(x.expertId)).toBe(false);
      // Scored without the conflict, the poster's own staff would be among the very best.
      const unconflicted = rankBrute(
        features.map((f) => ({ ...f, orgId: undefined, conflictOrgIds: [] }) as ExpertFeatures),
        stats,
        challenge,
        40,
        SYNTHETIC_AS_OF,
      ).map((m) => m.expertId);
      expect(got.excluded.some((x) => unconflicted.includes(x.expertId))).toBe(true);
    }
  });

  it('prunes every later candidate once the top k is out of reach', () => {
    // The first block holds experts far above anything the background can reach: everything
    // after it is pruned by list (non-essential) or by bound, without exact scoring.
    const challenge = challenges[1]!;
    const got = index.rankExpertsForChallenge(challenge, { limit: 5, asOf: SYNTHETIC_AS_OF });
    expect(got.items.map((m) => m.expertId)).toEqual(
      rankBrute(features, stats, challenge, 5, SYNTHETIC_AS_OF).map((m) => m.expertId),
    );
    expect(got.items.every((m) => m.expertId.startsWith('exp-p'))).toBe(true);
    expect(got.scored).toBeLessThan(500);
  });

  it('keeps walking a common-word list while an expert found only through it can still enter', () => {
    // The floor after the first block is "a" (≈ 0.6487: skill, field, same province, verified,
    // unknown availability, 3 visits).
    // "b" comes after it and shares nothing with the challenge but the common word 研究, yet it
    // scores 0.65 = that list's bound (text capped at W_text) + field + every static part: the
    // 研究 list may not become non-essential (0.20 + REST = 0.65 is not below 0.6487).
    const a = expert('a', {
      skills: ['石榴栽培'],
      text: '教授',
      region: 'xixia',
      verified: true,
      trackRecord: { challengesSolved: 0, visits: 3 },
    });
    const fillers = Array.from({ length: 9000 }, (_, i) =>
      expert(`f${String(i).padStart(4, '0')}`, { fields: ['tcm'], text: '研究 教授', region: 'haidian' }),
    );
    const b = expert('b', {
      text: '研究 研究 研究',
      region: 'chaoyang',
      verified: true,
      academician: true,
      availability: [{ from: '2026-06-10', to: '2026-06-20' }],
      trackRecord: { challengesSolved: 20, visits: 0 },
    });
    const all = [a, ...fillers, b];
    const idx = indexOf(all);
    const challenge = { ...pomegranate, requiredSkills: ['石榴栽培'], text: '研究' };
    const want = bruteForce(all, challenge, 2);
    expect(want.map((m) => m.expertId)).toEqual(['b', 'a']);
    expect(want[0]!.score).toBe(0.65);
    expect(want[1]!.score).toBeGreaterThan(0.648);
    for (const limit of [1, 2]) {
      const got = idx.rankExpertsForChallenge(challenge, { limit, asOf: AS_OF });
      expect(got.items.map((m) => [m.expertId, m.score])).toEqual(
        want.slice(0, limit).map((m) => [m.expertId, m.score]),
      );
    }
  });

  it('returns every candidate, listed or not, when k exceeds them; nothing for k = 0', () => {
    const small = [
      expert('skill', { skills: ['石榴栽培'] }),
      expert('text', { text: '淅川 石榴 裂果' }),
      expert('field-only', { text: '教授' }),
      expert('nothing', { fields: ['tcm'], text: '教授', region: 'chaoyang' }),
      expert('member', { orgId: 'org-poster', skills: ['石榴栽培'] }),
      expert('declared', { conflictOrgIds: ['org-poster'] }),
    ];
    const idx = indexOf(small);
    const got = idx.rankExpertsForChallenge(pomegranate, { limit: 50, asOf: AS_OF });
    expect(got.items.map((m) => [m.expertId, m.score])).toEqual(
      bruteForce(small, pomegranate, 50).map((m) => [m.expertId, m.score]),
    );
    expect(got.items).toHaveLength(4);
    expect(got.excluded.map((x) => x.expertId)).toEqual(['declared', 'member']);
    const none = idx.rankExpertsForChallenge(pomegranate, { limit: 0, asOf: AS_OF });
    expect(none.items).toEqual([]);
    expect(none.excluded.map((x) => x.expertId)).toEqual(['declared', 'member']);
    // a challenge sharing no word with anyone: only the field and static parts rank
    const foreign = { ...pomegranate, requiredSkills: ['xyz'], text: 'qqq www' };
    expect(
      idx.rankExpertsForChallenge(foreign, { limit: 3, asOf: AS_OF }).items.map((m) => m.expertId),
    ).toEqual(bruteForce(small, foreign, 3).map((m) => m.expertId));
  });
});

describe('ExpertIndex.search', () => {
  const index = indexOf([
    expert('w1', {
      text: '王芳 研究员 丹江口库区水质监测与面源污染治理',
      fields: ['ecology-water'],
      region: 'xichuan',
      verified: true,
    }),
    expert('w2', {
      text: '刘强 教授 水土保持 丹江口库区水质 丹江口库区生态',
      fields: ['ecology-water'],
      region: 'chaoyang',
      availability: [{ from: '2026-07-01', to: '2026-07-31' }],
    }),
    expert('t1', { text: '陈静 高级农艺师 高山绿茶加工', fields: ['agriculture'], academician: true }),
    expert('m1', { text: '赵磊 主任医师 远程医疗', fields: ['medicine'], region: 'xichuan' }),
  ]);

  it('ranks by BM25 relevance of segmented Chinese', () => {
    const page = index.search({ q: '丹江口水质' });
    expect(page.total).toBe(2);
    expect(page.items.map((h) => h.expertId)).toEqual(['w2', 'w1']);
    expect(page.items[0]!.matchedTerms).toEqual(expect.arrayContaining(['丹江口', '水质']));
    expect(page.items[0]!.relevance).toBeGreaterThan(page.items[1]!.relevance);
    expect(index.search({ q: '绿茶' }).items.map((h) => h.expertId)).toEqual(['t1']);
    expect(index.search({ q: '石油' }).total).toBe(0);
  });

  it('filters by field, region, academician, verified and availability; pages', () => {
    expect(index.search({ field: 'ecology-water' }).items.map((h) => h.expertId)).toEqual(['w1', 'w2']);
    expect(index.search({ region: 'xichuan' }).items.map((h) => h.expertId)).toEqual(['m1', 'w1']);
    expect(index.search({ q: '丹江口', region: 'xichuan' }).items.map((h) => h.expertId)).toEqual(['w1']);
    expect(index.search({ academician: true }).items.map((h) => h.expertId)).toEqual(['t1']);
    expect(index.search({ verified: true }).items.map((h) => h.expertId)).toEqual(['w1']);
    expect(index.search({ availableOn: '2026-07-15' }).items.map((h) => h.expertId)).toEqual(['w2']);
    expect(index.search({ availableBetween: { from: '2026-08-01', to: '2026-08-31' } }).total).toBe(0);
    const p2 = index.search({}, { page: 2, pageSize: 3 });
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(p2.items.map((h) => h.expertId)).toEqual(['w2']);
    expect(index.search({ field: 'no-such-field' }).total).toBe(0);
  });
});

describe('ExpertIndex.rankChallengesForExpert', () => {
  it('ranks open challenges for an expert with the same parts, conflicts apart', () => {
    const e = expert('e', { skills: ['石榴栽培', '石榴病虫害防治'], region: 'chaoyang', orgId: 'org-e' });
    const index = indexOf([e, expert('f', { skills: ['茶树栽培'] })]);
    const challenges = new ChallengeIndex();
    challenges.upsert(pomegranate);
    challenges.upsert({ ...pomegranate, id: 'ch-tea', requiredSkills: ['茶树栽培'], text: '高山绿茶加工' });
    challenges.upsert({ ...pomegranate, id: 'ch-closed', status: 'closed' });
    challenges.upsert({ ...pomegranate, id: 'ch-past', deadline: '2026-05-01' });
    challenges.upsert({ ...pomegranate, id: 'ch-own', posterOrgId: 'org-e' });
    const result = index.rankChallengesForExpert('e', challenges, { asOf: AS_OF });
    expect(result.items.map((m) => m.challengeId)).toEqual(['ch-1', 'ch-tea']);
    expect(result.excluded).toEqual([
      { challengeId: 'ch-own', reason: 'same-organisation', detail: expect.any(String) },
    ]);
    // same pair, same score, both directions
    const forward = index
      .rankExpertsForChallenge(pomegranate, { asOf: AS_OF })
      .items.find((m) => m.expertId === 'e')!;
    expect(result.items[0]!.score).toBe(forward.score);
    expect(result.items[1]!.missingSkills).toEqual(['茶树栽培']);
    // a plain array works too, and an unindexed profile
    const plain = index.rankChallengesForExpert(e, [pomegranate], { asOf: AS_OF });
    expect(plain.items.map((m) => m.challengeId)).toEqual(['ch-1']);
    expect(() => index.rankChallengesForExpert('nobody', [pomegranate])).toThrow('Unknown expert');
  });
});
