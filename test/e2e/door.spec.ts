import { randomUUID } from 'node:crypto';
import { ROUTES, type Route } from '@qingshui/contracts';
import { DEMO_EXPERT_PROFILES } from '@qingshui/testing';
import { api } from '../support/platform';
import { inHours, StationsHarness } from '../support/stations';

/**
 * The door, probed as a client would: how the gateway reads paths, queries, bodies and headers,
 * what it answers for what it cannot read, and that no route tells a hidden record from a missing
 * one. Each case was found by probing the running platform.
 */
describe('the door: requests read as declared, and answered clearly', () => {
  const h = new StationsHarness();
  let url: string;
  let draftId: string;
  let docs: { paths: Record<string, Record<string, OpenApiOperation>> };

  interface OpenApiOperation {
    parameters?: { name: string; in: string; required?: boolean; schema?: unknown; explode?: boolean }[];
    responses: Record<string, { content?: Record<string, unknown> }>;
    requestBody?: unknown;
  }

  beforeAll(async () => {
    await h.start({ withTalent: true });
    url = h.url;
    const created = await api(url, 'POST', '/api/v1/challenges', {
      token: h.t.enterprise,
      body: {
        title: '香菇菌棒污染防控',
        publicSummary: '西峡香菇菌棒杂菌污染率偏高，征集防控与替代基质方案。',
        field: 'agriculture',
        county: 'xichuan',
        deadline: inHours(48),
        terms: { ip: 'poster', confidentiality: false },
      },
    });
    expect(created.status).toBe(201);
    draftId = created.body.id;
    docs = (await api(url, 'GET', '/api/docs-json')).body;
  }, 120_000);

  afterAll(() => h.stop());

  describe('queries', () => {
    it('takes a repeated list parameter as a list, and a comma-separated one too', async () => {
      for (const query of ['status=confirmed&status=pending', 'status=confirmed,pending']) {
        const mine = await api(url, 'GET', `/api/v1/me/bookings?${query}`, { token: h.t.expert });
        expect(mine.status).toBe(200);
        expect(mine.body).toEqual({ items: expect.any(Array) });
      }
    });

    it('refuses a repeated single parameter with 400 naming it', async () => {
      const twice = await api(url, 'GET', '/api/v1/experts?field=medicine&field=education', {
        token: h.t.expert,
      });
      expect(twice.status).toBe(400);
      expect(twice.body.fields).toEqual([{ field: 'field', message: 'Give this parameter once' }]);
    });

    it('names the query parameter at fault, and an unknown one by its name', async () => {
      const bad = await api(url, 'GET', '/api/v1/experts?pageSize=1000&colour=blue', { token: h.t.expert });
      expect(bad.status).toBe(400);
      const fields = bad.body.fields.map((f: { field: string }) => f.field);
      expect(fields.sort()).toEqual(['colour', 'pageSize']);
      expect(bad.body.fields).toContainEqual({ field: 'colour', message: 'Unknown query parameter' });
      expect(JSON.stringify(bad.body)).not.toContain('(body)');
    });

    it('declares every query parameter of every route with its schema in the OpenAPI document', () => {
      for (const route of ROUTES.filter((r) => r.query)) {
        const operation = operationOf(route);
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        expect(declared.sort()).toEqual(Object.keys(route.query!.shape).sort());
        for (const parameter of operation.parameters!.filter((p) => p.in === 'query'))
          expect(parameter.schema).toBeDefined();
      }
      const status = operationOf(route('GET', '/me/bookings')).parameters!.find((p) => p.name === 'status')!;
      expect(status).toMatchObject({ explode: true, schema: { type: 'array' } });
    });
  });

  describe('bodies', () => {
    it('reports an unknown field at its own path', async () => {
      const top = await api(url, 'POST', '/api/v1/experts', {
        token: h.t.expert2,
        body: { ...DEMO_EXPERT_PROFILES['demo-expert2'], isAdmin: true },
      });
      expect(top.status).toBe(400);
      expect(top.body.fields).toEqual([{ field: 'isAdmin', message: 'Unknown field' }]);
      const nested = await api(url, 'POST', '/api/v1/challenges', {
        token: h.t.enterprise,
        body: {
          title: '测试嵌套字段',
          publicSummary: '嵌套的未知字段应在其路径上报告。',
          field: 'agriculture',
          county: 'xichuan',
          deadline: inHours(48),
          terms: { ip: 'poster', confidentiality: false, extra: 1 },
        },
      });
      expect(nested.status).toBe(400);
      expect(nested.body.fields).toEqual([{ field: 'terms.extra', message: 'Unknown field' }]);
    });

    it('says where malformed JSON broke', async () => {
      const broken = await api(url, 'POST', '/api/v1/experts', {
        token: h.t.expert2,
        body: '{"name": "陈静",\n "title": }',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('VALIDATION_FAILED');
      expect(broken.body.message).toMatch(/not valid JSON: value expected at line 2, column 11/);
      expect(broken.body.fields).toEqual([{ field: '(body)', message: broken.body.message }]);
    });

    it('answers 415 for a body that is not JSON', async () => {
      const text = await api(url, 'POST', '/api/v1/experts', {
        token: h.t.expert2,
        body: 'name=陈静',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
      expect(text.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      // A POST without a body is not a wrong content type.
      const empty = await api(url, 'POST', `/api/v1/challenges/${draftId}/publish`, { token: h.t.expert2 });
      expect(empty.status).toBe(404);
    });
  });

  describe('methods and paths', () => {
    it('answers 405 with Allow for a path that exists under other methods', async () => {
      const put = await api(url, 'PUT', '/api/v1/experts', { token: h.t.expert, body: {} });
      expect(put.status).toBe(405);
      expect(put.body.code).toBe('METHOD_NOT_ALLOWED');
      expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
      const del = await api(url, 'DELETE', `/api/v1/challenges/${draftId}`, { token: h.t.enterprise });
      expect(del.status).toBe(405);
      expect(del.headers.get('allow')).toBe('GET, HEAD, PATCH');
      const nowhere = await api(url, 'GET', '/api/v1/nowhere', { token: h.t.expert });
      expect(nowhere.status).toBe(404);
    });

    it('tells a hidden record from a missing one on no route', async () => {
      // A draft challenge is hidden from an expert: every route of it answers as for no record.
      const probes = ROUTES.filter((r) => r.path.startsWith('/challenges/:id'));
      expect(probes.length).toBeGreaterThan(10);
      for (const probe of probes) {
        const body = probe.body ? sampleBody(probe) : undefined;
        const hidden = await call(probe, draftId, body);
        const missing = await call(probe, randomUUID(), body);
        expect({
          route: `${probe.method} ${probe.path}`,
          status: hidden.status,
          code: hidden.body?.code,
        }).toEqual({
          route: `${probe.method} ${probe.path}`,
          status: missing.status,
          code: missing.body?.code,
        });
      }
    }, 60_000);

    it('tells someone else’s booking from a missing one on no route', async () => {
      const slot = await h.newSlot({ capacity: 3, start: inHours(300), end: inHours(310) });
      const booked = await api(url, 'POST', `/api/v1/slots/${slot.id}/bookings`, { token: h.t.expert });
      expect(booked.status).toBe(201);
      const probes = ROUTES.filter((r) => r.path.startsWith('/bookings/:id'));
      expect(probes.length).toBeGreaterThanOrEqual(6);
      for (const probe of probes) {
        const body = probe.path.endsWith('/reschedule')
          ? { slotId: slot.id }
          : probe.path.endsWith('/check-in')
            ? { stop: 0 }
            : sampleBody(probe);
        const hidden = await call(probe, booked.body.booking.id, body);
        const missing = await call(probe, randomUUID(), body);
        expect({ route: probe.path, status: hidden.status, code: hidden.body?.code }).toEqual({
          route: probe.path,
          status: missing.status,
          code: missing.body?.code,
        });
      }
      expect((await h.slotDoc(slot.id)).bookings[0]!.status).toBe('confirmed');
    }, 60_000);
  });

  describe('the OpenAPI document', () => {
    it('describes the iCalendar routes: their 200 as text/calendar, their errors as JSON', () => {
      for (const path of [
        '/api/v1/me/calendar.ics',
        '/api/v1/calendars/experts/{userId}/bookings.ics',
        '/api/v1/calendars/stations/{id}/schedule.ics',
      ]) {
        const operation = docs.paths[path]!['get']!;
        expect(Object.keys(operation.responses['200']!.content!)).toEqual(['text/calendar']);
        for (const status of ['404', '429', '503'].filter((s) => operation.responses[s]))
          expect(Object.keys(operation.responses[status]!.content!)).toEqual(['application/json']);
      }
    });

    it('documents Idempotency-Key and 422 on every state-changing route', () => {
      for (const r of ROUTES.filter((x) => x.method !== 'GET')) {
        const operation = operationOf(r);
        expect(operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')).toBe(
          true,
        );
        expect(operation.responses['422']).toBeDefined();
      }
    });
  });

  describe('idempotent retries', () => {
    it('20 concurrent retries of one booking with one key: one booking, 20 identical answers', async () => {
      const slot = await h.newSlot({ capacity: 5 });
      const key = `"${randomUUID()}"`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          api(url, 'POST', `/api/v1/slots/${slot.id}/bookings`, {
            token: h.t.expert,
            headers: { 'idempotency-key': key },
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
      const doc = await h.slotDoc(slot.id);
      expect(doc.bookings).toHaveLength(1);
      expect(doc.seatsTaken).toBe(1);
    }, 60_000);

    it('replays a refusal too, refuses the key for another request (422), and keeps keys per principal', async () => {
      const slot = await h.newSlot({ capacity: 1 });
      const key = randomUUID();
      const bookingId = randomUUID();
      const cancel = (reason: string, token = h.t.expert) =>
        api(url, 'POST', `/api/v1/bookings/${bookingId}/cancel`, {
          token,
          body: { reason },
          headers: { 'idempotency-key': key },
        });
      const first = await cancel('出差');
      expect(first.status).toBe(404);
      const again = await cancel('出差');
      expect(again.status).toBe(404);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await cancel('另有安排');
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        fields: [{ field: 'Idempotency-Key' }],
      });
      // Another user's key space is their own: the same key is a new request there.
      const booked = await api(url, 'POST', `/api/v1/slots/${slot.id}/bookings`, {
        token: h.t.expert2,
        headers: { 'idempotency-key': key },
      });
      expect(booked.status).toBe(201);
      expect(booked.headers.get('idempotent-replayed')).toBeNull();
      const bad = await api(url, 'POST', `/api/v1/slots/${slot.id}/bookings`, {
        token: h.t.expert,
        headers: { 'idempotency-key': '"with space"' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    }, 60_000);
  });

  function route(method: string, path: string): Route {
    return ROUTES.find((r) => r.method === method && r.path === path)!;
  }
  function operationOf(r: Route): OpenApiOperation {
    const path = `/api/v1${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    return docs.paths[path]![r.method.toLowerCase()]!;
  }
  function sampleBody(r: Route): unknown {
    if (r.path.endsWith('/award')) return { applicationId: randomUUID() };
    if (r.path.endsWith('/cancel') || r.path.endsWith('/reject')) return { reason: '测试原因' };
    if (r.path.endsWith('/applications')) return { proposal: '采用生物防治与基质替代的综合方案。' };
    if (r.method === 'PATCH') return { title: '改一个标题' };
    return {};
  }
  function call(r: Route, id: string, body: unknown) {
    const path = r.path.replace(':id', id).replace(':applicationId', randomUUID());
    return api(url, r.method, `/api/v1${path}`, { token: h.t.expert2, ...(body ? { body } : {}) });
  }
});
