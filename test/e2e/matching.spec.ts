import { DEMO_EXPERT_PROFILES, getToken, waitFor } from '@qingshui/testing';
import type { ChallengesForExpert, ExpertSearchResultPage, ExpertsForChallenge } from '@qingshui/contracts';
import { api, startPlatform, type Platform } from '../support/platform';

describe('matching and search from the in-memory index, kept current from events', () => {
  let platform: Platform;
  let url: string;
  let tokens: Record<'expert' | 'expert2' | 'enterprise' | 'cadreCounty' | 'cadreBeijing' | 'admin', string>;
  let lisenId: string;
  let chenId: string;
  let challengeId: string;

  beforeAll(async () => {
    platform = await startPlatform();
    url = platform.gateways[0]!.url;
    tokens = {
      expert: await getToken('demo-expert'),
      expert2: await getToken('demo-expert2'),
      enterprise: await getToken('demo-enterprise'),
      cadreCounty: await getToken('demo-cadre-county'),
      cadreBeijing: await getToken('demo-cadre-beijing'),
      admin: await getToken('demo-admin'),
    };
    // 李森 (Haidian, paired with Danjiangkou) works on soil and water; 陈静 is a doctor.
    const lisen = await api(url, 'POST', '/api/v1/experts', {
      token: tokens.expert,
      body: { ...DEMO_EXPERT_PROFILES['demo-expert'], skills: ['水土保持', '库区消落带治理', '水质监测'] },
    });
    lisenId = lisen.body.id;
    const chen = await api(url, 'POST', '/api/v1/experts', {
      token: tokens.expert2,
      body: DEMO_EXPERT_PROFILES['demo-expert2'],
    });
    chenId = chen.body.id;
    const posted = await api(url, 'POST', '/api/v1/challenges', {
      token: tokens.enterprise,
      body: {
        title: '丹江口库区消落带生态修复',
        publicSummary: '筛选适生植物，开展库区消落带生态修复与水土保持示范。',
        confidentialDetails: '附：消落带高程数据。',
        field: 'ecology-water',
        requiredSkills: ['库区消落带治理', '湿地生态修复'],
        county: 'danjiangkou',
        deadline: new Date(Date.now() + 60 * 86_400_000).toISOString(),
        terms: { ip: 'shared', confidentiality: false },
      },
    });
    expect(posted.status).toBe(201);
    challengeId = posted.body.id;
    expect(
      (
        await api(url, 'POST', `/api/v1/challenges/${challengeId}/publish`, {
          token: tokens.enterprise,
          body: {},
        })
      ).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await platform?.close();
  });

  const matchesFor = async (token: string) =>
    api(url, 'GET', `/api/v1/challenges/${challengeId}/matches`, { token });

  it('ranks the fitting expert first and explains every part of the score', async () => {
    const matches = await waitFor(async () => {
      const r = await matchesFor(tokens.enterprise);
      return r.status === 200 && (r.body as ExpertsForChallenge).items.length >= 2
        ? (r.body as ExpertsForChallenge)
        : undefined;
    }, 'both experts in the matches');
    const [first, second] = matches.items;
    expect(first!.expert).toMatchObject({ id: lisenId, name: '李森', institution: '北京林业大学' });
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(first!.pairing).toBe('paired-district'); // Haidian is paired with Danjiangkou
    expect(first!.parts.pairing).toBe(1);
    expect(first!.parts.field).toBe(1);
    expect(first!.matchedSkills).toEqual(['库区消落带治理']);
    // The weights come with the reply: the score is Σ part × weight (clients show "x of y points").
    const weighted = Object.entries(first!.parts).reduce(
      (sum, [part, value]) => sum + value * matches.weights[part as keyof typeof matches.weights],
      0,
    );
    expect(weighted).toBeCloseTo(first!.score, 6);
    expect(Object.values(matches.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(first!.missingSkills).toEqual(['湿地生态修复']);
    expect(first!.matchedTerms.length).toBeGreaterThan(0);
    expect(first!.suggestions).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'add-skill', skill: '湿地生态修复' })]),
    );
    expect(second!.expert.id).toBe(chenId);
    expect(second!.parts.field).toBe(0);
  });

  it('follows the experts’ events: a new skill raises the score, a declared conflict excludes', async () => {
    const before = (await matchesFor(tokens.enterprise)).body as ExpertsForChallenge;
    const scoreBefore = before.items.find((m) => m.expert.id === lisenId)!.score;
    await api(url, 'PATCH', `/api/v1/experts/${lisenId}`, {
      token: tokens.expert,
      body: { skills: ['水土保持', '库区消落带治理', '水质监测', '湿地生态修复'] },
    });
    const raised = await waitFor(async () => {
      const m = ((await matchesFor(tokens.enterprise)).body as ExpertsForChallenge).items.find(
        (i) => i.expert.id === lisenId,
      );
      return m && m.score > scoreBefore ? m : undefined;
    }, 'the higher score after the new skill');
    expect(raised.missingSkills).toEqual([]);

    await api(url, 'PATCH', `/api/v1/experts/${chenId}`, {
      token: tokens.expert2,
      body: { conflictOrgIds: ['ent-qushou-agri'] },
    });
    const excluded = await waitFor(async () => {
      const body = (await matchesFor(tokens.enterprise)).body as ExpertsForChallenge;
      return body.excluded.length > 0 ? body : undefined;
    }, 'the declared conflict');
    expect(excluded.excluded).toEqual([
      expect.objectContaining({
        expert: expect.objectContaining({ id: chenId }),
        reason: 'declared-conflict',
      }),
    ]);
    expect(excluded.items.map((m) => m.expert.id)).not.toContain(chenId);
  });

  it('shows matches to those concerned only', async () => {
    expect((await matchesFor(tokens.admin)).status).toBe(200);
    expect((await matchesFor(tokens.expert)).status).toBe(403);
    expect((await matchesFor(tokens.cadreBeijing)).status).toBe(403); // Chaoyang is paired with Xichuan
    expect((await matchesFor(tokens.cadreCounty)).status).toBe(403);
    expect(
      (await api(url, 'GET', `/api/v1/challenges/${challengeId}/matches?limit=0`, { token: tokens.admin }))
        .status,
    ).toBe(400);
  });

  it('ranks open challenges for an expert, for the expert and cadres only', async () => {
    const own = await api(url, 'GET', `/api/v1/experts/${lisenId}/matches`, { token: tokens.expert });
    expect(own.status).toBe(200);
    const body = own.body as ChallengesForExpert;
    expect(body.items[0]).toMatchObject({
      challenge: { id: challengeId, title: '丹江口库区消落带生态修复', county: 'danjiangkou' },
    });
    expect(body.items[0]!.score).toBeGreaterThan(0.5);
    expect(body.weights).toEqual((await matchesFor(tokens.enterprise)).body.weights);
    expect(
      (await api(url, 'GET', `/api/v1/experts/${lisenId}/matches`, { token: tokens.enterprise })).status,
    ).toBe(403);
    expect(
      (await api(url, 'GET', `/api/v1/experts/${lisenId}/matches`, { token: tokens.cadreCounty })).status,
    ).toBe(200);
  });

  it('searches the pool by Chinese keywords, sorted by relevance', async () => {
    const search = async (query: string) =>
      (await api(url, 'GET', `/api/v1/experts/search?${query}`, { token: tokens.enterprise }))
        .body as ExpertSearchResultPage;
    const soil = await search(`q=${encodeURIComponent('水土保持 生态修复')}`);
    expect(soil.items[0]!.expert.name).toBe('李森');
    expect(soil.items[0]!.matchedTerms).toEqual(expect.arrayContaining(['水土保持']));
    expect(soil.items[0]!.expert.contact).toBeUndefined(); // the enterprise may not see it
    const medicine = await search(`q=${encodeURIComponent('远程会诊')}`);
    expect(medicine.items.map((h) => h.expert.name)).toEqual(['陈静']);
    expect((await search(`q=${encodeURIComponent('远程会诊')}&region=haidian`)).items).toEqual([]);
    const bad = await api(url, 'GET', '/api/v1/experts/search?pageSize=500', { token: tokens.enterprise });
    expect(bad.status).toBe(400);
  });

  it('answers the same from a second instance that built its index from the database', async () => {
    await platform.addTalent();
    // Commands spread over both instances' partitions: every answer must be the same ranking.
    const rankings = new Set<string>();
    for (let i = 0; i < 12; i += 1) {
      const r = await matchesFor(tokens.enterprise);
      expect(r.status).toBe(200);
      rankings.add(JSON.stringify((r.body as ExpertsForChallenge).items.map((m) => [m.expert.id, m.score])));
    }
    expect(rankings.size).toBe(1);
  });
});
