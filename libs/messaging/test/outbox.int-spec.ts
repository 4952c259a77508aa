import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import pino from 'pino';
import type { Producer } from 'kafkajs';
import { createEnvelope, type EventTopic } from '@qingshui/contracts';
import {
  createKafka,
  deleteEnvironment,
  ensureTopics,
  outboxEntry,
  OutboxRelay,
  outboxPlugin,
  recordEvent,
  scoped,
  type OutboxFields,
} from '../src';
import { infraEnv, runId, TopicWatcher, waitFor } from '@qingshui/testing';

interface Thing extends OutboxFields {
  _id: string;
  name: string;
}

const logger = pino({ level: 'silent' });

describe('outbox relay against real MongoDB wire and Kafka', () => {
  const run = runId();
  const environment = `t${run}`;
  // A topic of this test alone, in an environment of its own (the relay scopes what it publishes).
  const logical = 'test.thing.created.v1' as EventTopic;
  const topic = scoped(environment, logical);
  const kafkaConfig = {
    environment,
    brokers: infraEnv().kafkaBrokers.split(','),
    clientId: 'test-outbox',
    groupId: 'unused',
    partitions: 3,
    concurrency: 1,
    requestTimeoutMs: 5000,
  };
  let connection: Connection;
  let things: Model<Thing>;
  let producer: Producer;
  let watcher: TopicWatcher;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(infraEnv().mongoUrl, { dbName: `qs_test_outbox_${run}` })
      .asPromise();
    const schema = new Schema<Thing>({ _id: String, name: String });
    schema.plugin(outboxPlugin);
    things = connection.model<Thing>('Thing', schema);
    await things.init();
    const kafka = createKafka(kafkaConfig);
    await ensureTopics(kafka, environment, [topic], 3);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    watcher = await TopicWatcher.start([topic]);
  });

  afterAll(async () => {
    await watcher?.stop();
    await producer?.disconnect();
    await connection?.dropDatabase();
    await connection?.close();
    await deleteEnvironment(createKafka(kafkaConfig), environment);
  });

  const insertWithEvent = async (id: string) => {
    const envelope = createEnvelope({
      type: 'test.thing.created.v1',
      key: id,
      actor: 'tester',
      payload: { id },
    });
    await things.collection.insertOne({
      _id: id,
      name: id,
      outbox: [outboxEntry(logical, envelope)],
      outboxPending: true,
    } as never);
    return envelope.id;
  };
  const publishedIds = () => watcher.seen.map((m) => m.headers['x-event-id']);

  it('publishes the rest after a relay dies between publishing and marking', async () => {
    const eventIds: string[] = [];
    for (let i = 1; i <= 5; i += 1) eventIds.push(await insertWithEvent(`thing-${i}`));

    let marks = 0;
    const crashing = new OutboxRelay({
      models: [things],
      environment,
      producer,
      logger,
      batchSize: 1,
      beforeMark: () => {
        marks += 1;
        if (marks === 3) throw new Error('relay process killed');
      },
    });
    await expect(async () => {
      for (;;) await crashing.drainOnce();
    }).rejects.toThrow('relay process killed');

    const pendingAfterCrash = await things.countDocuments({ outboxPending: true });
    expect(pendingAfterCrash).toBe(3); // the third was published but never marked

    const restarted = new OutboxRelay({
      models: [things],
      environment,
      producer,
      logger,
      pollIntervalMs: 100,
    });
    restarted.start();
    await waitFor(async () => (await things.countDocuments({ outboxPending: true })) === 0, 'outbox drained');
    await restarted.stop();

    await waitFor(() => eventIds.every((id) => publishedIds().includes(id)), 'every event published');
    const counts = eventIds.map((id) => publishedIds().filter((seen) => seen === id).length);
    // At-least-once: the event published before the crash goes out again; the others exactly once.
    expect(counts).toEqual([1, 1, 2, 1, 1]);
    const docs = await things.find({ _id: { $in: ['thing-1', 'thing-5'] } }).lean();
    expect(docs.every((doc) => doc.outbox.length === 0 && !doc.outboxPending)).toBe(true);
  });

  it('keeps an event recorded while the relay was publishing the same document', async () => {
    const first = await insertWithEvent('busy');
    const late = createEnvelope({ type: 'test.thing.renamed.v1', key: 'busy', actor: 'tester', payload: {} });
    let injected = false;
    const relay = new OutboxRelay({
      models: [things],
      environment,
      producer,
      logger,
      beforeMark: async () => {
        if (injected) return;
        injected = true;
        // A write lands between the relay's publish and its mark: its event must survive.
        await things.collection.updateOne(
          { _id: 'busy' } as never,
          recordEvent(outboxEntry(logical, late)) as never,
        );
      },
    });
    await relay.drainOnce();
    const afterFirst = await things.findById('busy').lean();
    expect(afterFirst?.outbox.map((e) => e.id)).toEqual([late.id]);
    expect(afterFirst?.outboxPending).toBe(true);

    await relay.drainOnce();
    await waitFor(() => [first, late.id].every((id) => publishedIds().includes(id)), 'both events published');
    expect((await things.findById('busy').lean())?.outboxPending).toBe(false);
  });

  it('publishes a document’s events in order under its key', async () => {
    const id = 'ordered';
    await things.collection.insertOne({ _id: id, name: id, outbox: [], outboxPending: false } as never);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const envelope = createEnvelope({
        type: 'test.thing.step.v1',
        key: id,
        actor: 'tester',
        payload: { step: i },
      });
      ids.push(envelope.id);
      await things.collection.updateOne(
        { _id: id } as never,
        recordEvent(outboxEntry(logical, envelope)) as never,
      );
    }
    await new OutboxRelay({ models: [things], environment, producer, logger }).drainOnce();
    await waitFor(() => ids.every((e) => publishedIds().includes(e)), 'ordered events');
    const seenForKey = watcher.seen.filter((m) => m.key === id).map((m) => m.headers['x-event-id']);
    expect(seenForKey).toEqual(ids);
  });
});
