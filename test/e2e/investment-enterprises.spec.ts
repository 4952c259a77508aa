import { randomInt } from 'node:crypto';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '@qingshui/contracts';
import { getToken } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

// Enterprise records through the gateway, Kafka and the investment service on FerretDB: credit
// codes checked and unique (also under concurrent creates), duplicate candidates on create and
// on demand, merging (allowed, refused, repeated), and who may read what.

/** A valid credit code of a Beijing district (朝阳 110105) with a random organisation part. */
function newCode(division = '110105'): string {
  let org = 'MA';
  for (let i = 0; i < 7; i += 1) org += CREDIT_CODE_ALPHABET[randomInt(31)];
  const first = `91${division}${org}`;
  return first + creditCodeCheckChar(first);
}

type Body = Record<string, unknown> & {
  code?: string;
  fields?: { field: string; message: string }[];
};
const reasonOf = (body: Body) => body.fields?.find((f) => f.field === 'reason')?.message;

describe('enterprise records, duplicates and merges (企业查重与合并)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'cadreBeijing' | 'cadreCounty' | 'admin' | 'enterprise' | 'expert', string>;
  const call = async (token: string, method: string, path: string, body?: unknown) =>
    (await api(url, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) })) as {
      status: number;
      body: Body;
      headers: Headers;
    };
  const create = (token: string, body: Record<string, unknown>) =>
    call(token, 'POST', '/investment/enterprises', body);

  beforeAll(async () => {
    platform = await startPlatform({ services: ['investment'] });
    url = platform.gateways[0]!.url;
    t.cadreBeijing = await getToken('demo-cadre-beijing');
    t.cadreCounty = await getToken('demo-cadre-county');
    t.admin = await getToken('demo-admin');
    t.enterprise = await getToken('demo-enterprise');
    t.expert = await getToken('demo-expert');
  }, 180_000);

  afterAll(() => platform?.close());

  it('creates a record with a checked credit code, and refuses bad input naming the fields', async () => {
    const code = newCode();
    const created = await create(t.cadreBeijing, {
      name: '北京清源环保科技有限公司',
      creditCode: code.toLowerCase(),
      phone: '010-65907132',
      email: 'Touzi@Qingyuan-env.example.cn',
    });
    expect(created.status).toBe(201);
    const enterprise = created.body['enterprise'] as Record<string, unknown>;
    expect(enterprise).toMatchObject({
      name: '北京清源环保科技有限公司',
      creditCode: code,
      region: 'chaoyang',
      status: 'active',
      email: 'touzi@qingyuan-env.example.cn',
      merges: [],
      version: 1,
    });
    expect(created.headers.get('location')).toBe(
      `/api/v1/investment/enterprises/${enterprise['id'] as string}`,
    );
    const read = await call(t.cadreCounty, 'GET', `/investment/enterprises/${enterprise['id'] as string}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: enterprise['id'], creditCode: code });

    const wrongCheck = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const bad = await create(t.cadreBeijing, { name: '清', creditCode: wrongCheck, phone: 'abc', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields!.map((f) => f.field).sort()).toEqual(['creditCode', 'extra', 'name', 'phone']);
    expect(bad.body.fields!.find((f) => f.field === 'creditCode')!.message).toMatch(/check character/);
    // An admin has no region of their own: it must be named.
    const noRegion = await create(t.admin, { name: '北京某某科技有限公司' });
    expect(noRegion.status).toBe(400);
    expect(noRegion.body.fields).toEqual([expect.objectContaining({ field: 'region' })]);
    expect((await create(t.expert, { name: '北京某某科技有限公司', region: 'chaoyang' })).status).toBe(403);
    expect(
      (await call(t.enterprise, 'GET', `/investment/enterprises/${enterprise['id'] as string}`)).status,
    ).toBe(403);
    expect((await call(t.cadreBeijing, 'GET', '/investment/enterprises/no-such-record')).status).toBe(404);
  });

  it('holds a credit code for one record only, also when ten creates race for it', async () => {
    const code = newCode();
    const first = await create(t.cadreBeijing, { name: '北京京能绿电新能源有限公司', creditCode: code });
    expect(first.status).toBe(201);
    const firstId = (first.body['enterprise'] as { id: string }).id;
    const again = await create(t.cadreCounty, { name: '京能绿电', creditCode: code, region: 'chaoyang' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DUPLICATE');
    expect(again.body['message']).toContain(firstId);
    expect(again.body.fields).toContainEqual({ field: 'existingId', message: firstId });

    const raced = newCode('110108');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        create(t.cadreBeijing, { name: `北京中科光伏科技股份有限公司${i}`, creditCode: raced }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const listed = await call(t.admin, 'GET', `/investment/enterprises?q=${raced}`);
    expect(listed.body['total']).toBe(1);
  });

  it('lists possible duplicates with why, on create and on demand', async () => {
    const original = await create(t.cadreBeijing, {
      name: '北京首源水务集团有限公司',
      creditCode: newCode('110102'),
      region: 'xicheng',
      phone: '010-66159021',
      email: 'hezuo@shouyuan-water.example.cn',
    });
    const originalId = (original.body['enterprise'] as { id: string }).id;
    const similar = await create(t.cadreBeijing, { name: '首源水务集团发展有限公司', region: 'xicheng' });
    const similarId = (similar.body['enterprise'] as { id: string }).id;
    const dup = await create(t.cadreBeijing, {
      name: '首源水务（北京）有限责任公司',
      region: 'xicheng',
      phone: '+86 010 6615 9021',
    });
    expect(dup.status).toBe(201);
    const candidates = dup.body['duplicates'] as {
      enterprise: { id: string };
      score: number;
      reasons: { kind: string }[];
    }[];
    expect(candidates[0]).toMatchObject({
      enterprise: { id: originalId },
      reasons: [{ kind: 'same-name' }, { kind: 'phone' }],
    });
    expect(candidates.find((c) => c.enterprise.id === similarId)?.reasons[0]?.kind).toBe('similar-name');

    const onDemand = await call(
      t.cadreCounty,
      'GET',
      `/investment/enterprises/duplicates?name=${encodeURIComponent('北京市首源水务')}&email=HEZUO%40shouyuan-water.example.cn`,
    );
    expect(onDemand.status).toBe(200);
    expect(onDemand.body['normalisedName']).toBe('首源水务');
    const first = (
      onDemand.body['candidates'] as { enterprise: { id: string }; reasons: { kind: string }[] }[]
    )[0]!;
    expect(first.enterprise.id).toBe(originalId);
    expect(first.reasons.map((r) => r.kind)).toEqual(['same-name', 'email']);
    const none = await call(t.cadreCounty, 'GET', '/investment/enterprises/duplicates');
    expect(none.status).toBe(400);
    expect((await call(t.enterprise, 'GET', '/investment/enterprises/duplicates?name=x')).status).toBe(403);
  });

  it('lets an enterprise create its own record once, and read only that', async () => {
    const own = await create(t.enterprise, {
      name: '淅川县渠首农业开发有限公司',
      creditCode: newCode('411326'),
    });
    expect(own.status).toBe(201);
    const record = own.body['enterprise'] as { id: string; orgId: string; region: string; source: string };
    expect(record).toMatchObject({ orgId: 'ent-qushou-agri', region: 'xichuan', source: 'own-org' });
    expect(own.body['duplicates']).toEqual([]);
    const second = await create(t.enterprise, { name: '渠首农业' });
    expect(second.status).toBe(409);
    expect(second.body.fields).toContainEqual({ field: 'existingId', message: record.id });
    expect((await call(t.enterprise, 'GET', `/investment/enterprises/${record.id}`)).status).toBe(200);
    expect((await call(t.enterprise, 'GET', '/investment/enterprises')).status).toBe(403);
    expect((await create(t.enterprise, { name: '别家公司', orgId: 'ent-other' })).status).toBe(403);
  });

  it('merges a duplicate into its survivor: by the cadre of both, once, and the old id names the survivor', async () => {
    const code = newCode();
    const survivor = await create(t.cadreBeijing, { name: '北京长城文旅发展有限公司', region: 'yanqing' });
    const duplicate = await create(t.cadreBeijing, {
      name: '长城文旅发展（北京）有限公司',
      region: 'yanqing',
      creditCode: code,
      phone: '010-69180355',
    });
    const survivorId = (survivor.body['enterprise'] as { id: string }).id;
    const duplicateId = (duplicate.body['enterprise'] as { id: string }).id;
    const path = `/investment/enterprises/${survivorId}/merge`;

    const other = await call(t.cadreCounty, 'POST', path, { duplicateId, reason: '同一企业，重复录入' });
    expect(other.status).toBe(403);
    expect(reasonOf(other.body)).toBe('forbidden');
    const badBody = await call(t.cadreBeijing, 'POST', path, { duplicateId });
    expect(badBody.status).toBe(400);
    expect(badBody.body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(
      (await call(t.cadreBeijing, 'POST', path, { duplicateId: 'no-such', reason: '重复录入' })).status,
    ).toBe(404);
    expect((await call(t.cadreBeijing, 'GET', `/investment/enterprises/${duplicateId}`)).body['status']).toBe(
      'active',
    );

    const merged = await call(t.cadreBeijing, 'POST', path, { duplicateId, reason: '同一企业，重复录入' });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      repeated: false,
      merge: {
        mergeId: `merge-${duplicateId}`,
        duplicateId,
        duplicateName: '长城文旅发展（北京）有限公司',
        reason: '同一企业，重复录入',
        leadsMoved: expect.any(Number),
        fieldsTaken: ['creditCode', 'phone'],
      },
      survivor: { id: survivorId, creditCode: code, phone: '010-69180355', version: 2 },
    });
    const old = await call(t.cadreCounty, 'GET', `/investment/enterprises/${duplicateId}`);
    expect(old.body).toMatchObject({ status: 'merged', mergedInto: survivorId });

    const again = await call(t.cadreBeijing, 'POST', path, { duplicateId, reason: '同一企业，重复录入' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ repeated: true, survivor: { version: 2 } });
    const read = await call(t.admin, 'GET', `/investment/enterprises/${survivorId}`);
    expect((read.body['merges'] as unknown[]).length).toBe(1);

    // The code now belongs to the survivor; the merged record is no duplicate candidate any more.
    const taken = await create(t.admin, { name: '长城文旅', region: 'yanqing', creditCode: code });
    expect(taken.status).toBe(409);
    expect(taken.body.fields).toContainEqual({ field: 'existingId', message: survivorId });
    const candidates = await call(t.admin, 'GET', `/investment/enterprises/duplicates?creditCode=${code}`);
    expect(
      (candidates.body['candidates'] as { enterprise: { id: string } }[]).map((c) => c.enterprise.id),
    ).toEqual([survivorId]);
    const list = await call(t.admin, 'GET', `/investment/enterprises?q=${encodeURIComponent('长城文旅')}`);
    expect((list.body['items'] as { id: string }[]).map((i) => i.id)).not.toContain(duplicateId);
  });

  it('refuses to merge two records with different credit codes, and changes nothing', async () => {
    const a = await create(t.cadreBeijing, {
      name: '北京燕山新材料科技有限公司',
      creditCode: newCode('110111'),
      region: 'fangshan',
    });
    const b = await create(t.cadreBeijing, {
      name: '燕山新材料科技有限公司',
      creditCode: newCode('110111'),
      region: 'fangshan',
    });
    const aId = (a.body['enterprise'] as { id: string }).id;
    const bId = (b.body['enterprise'] as { id: string }).id;
    const refused = await call(t.admin, 'POST', `/investment/enterprises/${aId}/merge`, {
      duplicateId: bId,
      reason: '名称相近',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT');
    expect(reasonOf(refused.body)).toBe('credit_codes_differ');
    for (const id of [aId, bId]) {
      const read = await call(t.admin, 'GET', `/investment/enterprises/${id}`);
      expect(read.body).toMatchObject({ status: 'active', version: 1, merges: [] });
    }
    const self = await call(t.admin, 'POST', `/investment/enterprises/${aId}/merge`, {
      duplicateId: aId,
      reason: '自身',
    });
    expect(self.status).toBe(400);
    expect(reasonOf(self.body)).toBe('same_record');
  });

  it('pages the list, by name words or code, for cadres and admins', async () => {
    const page = await call(t.admin, 'GET', '/investment/enterprises?pageSize=2&page=1');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 2 });
    expect((page.body['items'] as unknown[]).length).toBe(2);
    expect(page.body['total'] as number).toBeGreaterThan(5);
    const byName = await call(
      t.cadreCounty,
      'GET',
      `/investment/enterprises?q=${encodeURIComponent('首源水务')}`,
    );
    expect((byName.body['items'] as { name: string }[]).every((i) => i.name.includes('首源水务'))).toBe(true);
    expect((await call(t.admin, 'GET', '/investment/enterprises?pageSize=1000')).status).toBe(400);
  });
});
