import { MongoClient } from 'mongodb';
import { infraEnv, runId } from '@qingshui/testing';

// The platform's invariants rest on MongoDB's single-document atomicity: an update whose filter
// states its precondition either applies whole or not at all, whatever runs at the same time.
// FerretDB 1.x alone breaks that under concurrency (see infra/ferretdb/proxy.go); the embedded
// server must keep it, as production MongoDB does.
describe('the MongoDB-wire server keeps conditional single-document updates atomic', () => {
  let client: MongoClient;
  const db = `qs_test_atomicity_${runId()}`;

  beforeAll(async () => {
    client = await MongoClient.connect(infraEnv().mongoUrl, { maxPoolSize: 50 });
  });

  afterAll(async () => {
    await client?.db(db).dropDatabase();
    await client?.close();
  });

  it('never lets a guarded counter pass its limit, nor loses a write that reported success', async () => {
    const slots = client.db(db).collection<{ _id: string; seats: number; holders: string[] }>('slots');
    await slots.insertOne({ _id: 'slot', seats: 0, holders: [] });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        slots.updateOne(
          { _id: 'slot', seats: { $lt: 10 }, holders: { $ne: `u${i}` } },
          { $inc: { seats: 1 }, $push: { holders: `u${i}` } },
        ),
      ),
    );
    const succeeded = results.filter((r) => r.modifiedCount === 1).length;
    const slot = await slots.findOne({ _id: 'slot' });
    expect(succeeded).toBe(10);
    expect(slot?.seats).toBe(10);
    expect(slot?.holders).toHaveLength(10);
  });

  it('lets exactly one of many writers holding the same version win', async () => {
    const docs = client.db(db).collection<{ _id: string; version: number; writes: number }>('versioned');
    await docs.insertOne({ _id: 'doc', version: 1, writes: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        docs.updateOne({ _id: 'doc', version: 1 }, { $set: { version: 2 }, $inc: { writes: 1 } }),
      ),
    );
    expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
    expect(await docs.findOne({ _id: 'doc' })).toEqual({ _id: 'doc', version: 2, writes: 1 });
  });
});
