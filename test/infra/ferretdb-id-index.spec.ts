import { MongoClient } from 'mongodb';
import { infraEnv, runId } from '@qingshui/testing';

// Reads and writes by `_id` must use the `_id` index on the embedded server, with or without
// other conditions: the services' hot paths (a guarded update `{ _id, version }`, a scan's ticket
// read) rest on it. FerretDB 1.24 as published scans the whole table for both; infra/ferretdb/
// patches fixes it. SQLite's own query plan (FerretDB's explain) says which it did.
describe('the MongoDB-wire server finds documents by _id through its index', () => {
  let client: MongoClient;
  const dbName = `qs_test_id_index_${runId()}`;

  beforeAll(async () => {
    client = await MongoClient.connect(infraEnv().mongoUrl);
    await client
      .db(dbName)
      .collection<{ _id: string; version: number }>('docs')
      .insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `d${i}`, version: 1 })));
  });

  afterAll(async () => {
    await client?.db(dbName).dropDatabase();
    await client?.close();
  });

  const planOf = async (filter: Record<string, unknown>) => {
    const explained = await client.db(dbName).command({ explain: { find: 'docs', filter } });
    return JSON.stringify(explained['queryPlanner']);
  };

  it('searches the _id index for _id alone and for _id with other conditions', async () => {
    expect(await planOf({ _id: 'd7' })).toMatch(/SEARCH .* USING INDEX/);
    expect(await planOf({ _id: 'd7', version: 1 })).toMatch(/SEARCH .* USING INDEX/);
    // Without _id it reads the table, as before.
    expect(await planOf({ version: 1 })).toMatch(/SCAN/);
  });

  it('still applies every condition besides _id', async () => {
    const docs = client.db(dbName).collection<{ _id: string; version: number }>('docs');
    expect(await docs.findOne({ _id: 'd7', version: 2 })).toBeNull();
    expect(await docs.findOne({ _id: 'd7', version: 1 })).toMatchObject({ _id: 'd7' });
    expect((await docs.updateOne({ _id: 'd8', version: 2 }, { $inc: { version: 1 } })).modifiedCount).toBe(0);
    expect((await docs.updateOne({ _id: 'd8', version: 1 }, { $inc: { version: 1 } })).modifiedCount).toBe(1);
    expect((await docs.findOne({ _id: 'd8' }))?.version).toBe(2);
    expect((await docs.deleteOne({ _id: 'd9', version: 5 })).deletedCount).toBe(0);
    expect(await docs.countDocuments({})).toBe(500);
  });
});
