import { MongoClient, type Collection, type Db } from 'mongodb';
import { AppError, event } from '@qingshui/contracts';
import { infraEnv, runId } from '@qingshui/testing';
import { absent, unchanged, VersionedStore, type JobPort } from '../src';

interface Counter {
  _id: string;
  count: number;
  names: string[];
  version: number;
  updatedAt: Date;
  outbox: { topic: string; envelope: { payload: unknown; actor: string } }[];
  outboxPending: boolean;
}

describe('the versioned store on the real MongoDB wire (FerretDB)', () => {
  let client: MongoClient;
  let db: Db;
  let counters: Collection<Counter>;
  let published = 0;
  const scheduled: string[] = [];
  const removed: string[] = [];
  const jobs: JobPort<string> = {
    schedule: async (job) => void scheduled.push(job),
    remove: async (job) => void removed.push(job),
  };
  const acting = { principal: { userId: 'u-1' }, correlationId: 'corr-1' };
  let store: VersionedStore<Counter, string>;

  beforeAll(async () => {
    client = await MongoClient.connect(infraEnv().mongoUrl);
    db = client.db(`t${runId()}_store`);
    counters = db.collection<Counter>('counters');
    store = new VersionedStore(counters, {
      noun: 'counter',
      publish: () => (published += 1),
      jobs,
      maxAttempts: 100,
    });
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const fresh = async (id: string) => {
    await store.insert(
      { _id: id, count: 0, names: [], version: 1, updatedAt: new Date() },
      [],
      acting,
      new Date(),
    );
    return () => counters.findOne({ _id: id }) as Promise<Counter>;
  };
  const increment = (read: () => Promise<Counter>, name: string) =>
    store.update(
      read,
      (doc) => ({
        set: { count: doc.count + 1 },
        push: { names: name },
        events: [
          event('talent.expert.updated.v1', {
            expert: { id: doc._id } as never,
            changed: [`count=${doc.count + 1}`],
          }),
        ],
        schedule: [{ job: `job-${name}`, at: new Date() }],
        reply: doc.count + 1,
      }),
      acting,
    );

  it('loses no write under concurrency: 30 racing increments, each decided on what it read', async () => {
    const read = await fresh('c-race');
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => increment(read, `n${i}`)));
    const doc = await read();
    expect(doc.count).toBe(30);
    expect(doc.version).toBe(31);
    expect(new Set(replies)).toEqual(new Set(Array.from({ length: 30 }, (_, i) => i + 1)));
    expect(doc.names.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `n${i}`).sort());
    // Each write carries its own event, in the same update, with the actor and the count it saw.
    expect(doc.outbox).toHaveLength(30);
    expect(doc.outboxPending).toBe(true);
    expect(doc.outbox[0]!.envelope.actor).toBe('u-1');
    expect(scheduled.filter((j) => j.startsWith('job-n'))).toHaveLength(30);
    expect(published).toBeGreaterThanOrEqual(30);
  }, 60_000);

  it('answers 409 STALE_VERSION for an expected version that is not the current one, and writes nothing', async () => {
    const read = await fresh('c-stale');
    await increment(read, 'first');
    await expect(
      store.update(read, () => ({ set: { count: 99 }, reply: 'no' }), acting, { expectedVersion: 1 }),
    ).rejects.toMatchObject({ status: 409, code: 'STALE_VERSION' });
    expect((await read()).count).toBe(1);
  });

  it('writes nothing for an unchanged decision, and passes a refusal on', async () => {
    const read = await fresh('c-same');
    expect(await store.update(read, () => unchanged('same'), acting)).toBe('same');
    await expect(
      store.update(
        read,
        () => {
          throw AppError.forbidden('no');
        },
        acting,
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect((await read()).version).toBe(1);
  });

  it('states preconditions in the filter: a decision whose `where` no longer holds is decided again', async () => {
    const read = await fresh('c-where');
    let decisions = 0;
    const reply = await store.update(
      read,
      (doc) => {
        decisions += 1;
        // The first decision asks for a state the document is not in: the write must not happen.
        return decisions === 1
          ? { set: { count: 100 }, where: { count: 5 }, reply: 'wrong' }
          : { set: { count: doc.count + 1 }, unschedule: ['old-job'], reply: 'right' };
      },
      acting,
    );
    expect(reply).toBe('right');
    expect(decisions).toBe(2);
    expect((await read()).count).toBe(1);
    expect(removed).toContain('old-job');
  });

  it('creates a document on its first write: racing first writes of one id insert it once, and lose nothing', async () => {
    const id = 'c-first';
    const read = async () =>
      ((await counters.findOne({ _id: id })) as Counter | null) ??
      absent<Counter>({
        _id: id,
        count: 0,
        names: [],
        updatedAt: new Date(),
        outbox: [],
        outboxPending: false,
      });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => increment(read, `f${i}`)));
    const doc = await read();
    expect(doc.count).toBe(10);
    expect(doc.version).toBe(10);
    expect(new Set(replies)).toEqual(new Set(Array.from({ length: 10 }, (_, i) => i + 1)));
    expect(doc.outbox).toHaveLength(10);
    expect(await counters.countDocuments({ _id: id })).toBe(1);
  }, 60_000);

  it('writes nothing for an absent document whose decision changes nothing', async () => {
    const id = 'c-never';
    const reply = await store.update(
      async () =>
        absent<Counter>({
          _id: id,
          count: 0,
          names: [],
          updatedAt: new Date(),
          outbox: [],
          outboxPending: false,
        }),
      () => unchanged('nothing'),
      acting,
    );
    expect(reply).toBe('nothing');
    expect(await counters.findOne({ _id: id })).toBeNull();
  });

  it("records an attributed event under its own caller's actor and correlation, the others under the write's", async () => {
    const read = await fresh('c-batch');
    const other = { principal: { userId: 'u-2' }, correlationId: 'corr-2' };
    const spec = (n: number) =>
      event('talent.expert.updated.v1', { expert: { id: 'c-batch' } as never, changed: [`n=${n}`] });
    await store.update(
      read,
      () => ({ set: { count: 2 }, events: [spec(1), { event: spec(2), acting: other }], reply: 'ok' }),
      acting,
    );
    const doc = (await read()) as unknown as {
      outbox: { envelope: { actor: string; correlationId: string } }[];
    };
    expect(doc.outbox.map((e) => [e.envelope.actor, e.envelope.correlationId])).toEqual([
      ['u-1', 'corr-1'],
      ['u-2', 'corr-2'],
    ]);
  });
});
