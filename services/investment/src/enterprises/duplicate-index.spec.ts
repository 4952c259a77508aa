import { DuplicateIndex, type IndexedEnterprise } from './duplicate-index';

const record = (id: string, name: string, over: Partial<IndexedEnterprise> = {}): IndexedEnterprise => ({
  id,
  name,
  region: 'chaoyang',
  status: 'active',
  mergeCount: 0,
  version: 1,
  ...over,
});

function index(): DuplicateIndex {
  const idx = new DuplicateIndex();
  idx.upsert(
    record('e1', '北京清源环保科技有限公司', { creditCode: '91440300708461136T', phone: '010-65001234' }),
  );
  idx.upsert(record('e2', '清源水务集团有限公司', { email: 'info@qyws.example.cn' }));
  idx.upsert(record('e3', '北京绿能光伏科技有限公司'));
  idx.upsert(record('e4', '淅川县渠首农业开发有限公司', { region: 'xichuan' }));
  idx.upsert(record('e5', '北京清源环保科技发展有限公司'));
  return idx;
}

describe('duplicate candidates', () => {
  it('finds the same credit code first, then the same normalised name, and says why', () => {
    const { candidates, normalisedName } = index().candidates({
      name: '清源环保科技（北京）股份有限公司',
      creditCode: '91440300708461136t',
    });
    expect(normalisedName).toBe('清源环保科技');
    expect(candidates[0]).toMatchObject({
      enterprise: { id: 'e1' },
      score: 1,
      reasons: [{ kind: 'credit-code' }, { kind: 'same-name' }],
    });
  });

  it('scores a similar name by its token overlap and leaves unrelated names out', () => {
    const { candidates } = index().candidates({ name: '清源环保科技发展' });
    const ids = candidates.map((c) => c.enterprise.id);
    expect(ids[0]).toBe('e5');
    expect(candidates[0]!.reasons[0]!.kind).toBe('same-name');
    const similar = candidates.find((c) => c.enterprise.id === 'e1');
    expect(similar?.reasons[0]).toMatchObject({
      kind: 'similar-name',
      detail: expect.stringMatching(/^0\.\d\d$/),
    });
    expect(similar!.score).toBeLessThan(0.9);
    expect(ids).not.toContain('e3');
    expect(ids).not.toContain('e4');
  });

  it('matches phones and emails however written, and adds up several reasons', () => {
    const idx = index();
    expect(idx.candidates({ phone: '+86 010 6500-1234' }).candidates.map((c) => c.enterprise.id)).toEqual([
      'e1',
    ]);
    expect(idx.candidates({ email: 'INFO@qyws.example.cn' }).candidates[0]).toMatchObject({
      enterprise: { id: 'e2' },
      reasons: [{ kind: 'email' }],
      score: 0.7,
    });
    const both = idx.candidates({ name: '清源环保科技', phone: '01065001234' }).candidates[0]!;
    expect(both.enterprise.id).toBe('e1');
    expect(both.score).toBeCloseTo(0.95);
  });

  it('forgets a merged record, leaves out the record looked at, and ignores an older version', () => {
    const idx = index();
    expect(
      idx.candidates({ name: '清源环保科技', excludeId: 'e1' }).candidates.map((c) => c.enterprise.id),
    ).not.toContain('e1');
    idx.upsert(record('e1', '北京清源环保科技有限公司', { status: 'merged', mergedInto: 'e5', version: 2 }));
    expect(idx.candidates({ creditCode: '91440300708461136T' }).candidates).toEqual([]);
    expect(idx.get('e1')?.mergedInto).toBe('e5');
    idx.upsert(record('e1', '北京清源环保科技有限公司', { version: 1 }));
    expect(idx.get('e1')?.status).toBe('merged');
  });
});

describe('the enterprise list', () => {
  it('pages newest first, by name words, credit code start and region', () => {
    const idx = index();
    const all = idx.list({ includeMerged: false, page: 1, pageSize: 2 });
    expect(all).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(all.items.map((i) => i.id)).toEqual(['e5', 'e4']);
    expect(
      idx
        .list({ q: '清源', includeMerged: false, page: 1, pageSize: 10 })
        .items.map((i) => i.id)
        .sort(),
    ).toEqual(['e1', 'e2', 'e5']);
    expect(
      idx.list({ q: '91440300', includeMerged: false, page: 1, pageSize: 10 }).items.map((i) => i.id),
    ).toEqual(['e1']);
    expect(idx.list({ region: 'xichuan', includeMerged: false, page: 1, pageSize: 10 }).total).toBe(1);
  });
});
