import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import type { KafkaMessage, Producer } from 'kafkajs';
import { createEnvelope, dlqTopicOf, TalentEvents, type Envelope } from '@qingshui/contracts';
import {
  createKafka,
  deleteEnvironment,
  ensureTopics,
  EventConsumer,
  MongoInbox,
  outboxEntry,
  scoped,
  toKafkaMessage,
} from '../src';
import { infraEnv, runId, TopicWatcher, waitFor } from '@qingshui/testing';

const logical = TalentEvents.expertUpdated;
const logger = pino({ level: 'silent' });
/** This suite's environment: its topics are its own. */
const environment = `t${runId()}`;
const topic = scoped(environment, logical);
const kafkaConfig = () => ({
  environment,
  brokers: infraEnv().kafkaBrokers.split(','),
  clientId: 'test-consumer',
  groupId: 'unused',
  partitions: 3,
  concurrency: 1,
  requestTimeoutMs: 5000,
});

function validEvent(): Envelope {
  const now = new Date().toISOString();
  return createEnvelope({
    type: logical,
    key: 'e-test',
    actor: 'tester',
    payload: {
      expert: {
        id: 'e-test',
        userId: 'u',
        name: '测试',
        institution: '测试所',
        title: '研究员',
        fields: ['digital'],
        skills: [],
        bio: '',
        region: 'haidian',
        academician: false,
        honours: [],
        languages: ['中文'],
        availability: [],
        contactVisibility: 'cadres',
        conflictOrgIds: [],
        engagements: { visits: 0, challengesSolved: 0 },
        verified: false,
        version: 2,
        createdAt: now,
        updatedAt: now,
      },
      changed: ['title'],
    },
  });
}

function asKafkaMessage(envelope: unknown, offset = '0'): KafkaMessage {
  return {
    key: Buffer.from('e-test'),
    value: Buffer.from(JSON.stringify(envelope)),
    headers: { 'x-correlation-id': Buffer.from('corr-1') },
    timestamp: String(Date.now()),
    attributes: 0,
    offset,
  } as KafkaMessage;
}

describe('event consumer: validation, inbox, bounded retries, dead letters', () => {
  const run = runId();
  let connection: Connection;
  let producer: Producer;
  let dlq: TopicWatcher;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(infraEnv().mongoUrl, { dbName: `qs_test_consumer_${run}` })
      .asPromise();
    await ensureTopics(createKafka(kafkaConfig()), environment, [topic, dlqTopicOf(topic)], 3);
    producer = createKafka(kafkaConfig()).producer();
    await producer.connect();
    dlq = await TopicWatcher.start([dlqTopicOf(topic)]);
  });

  afterAll(async () => {
    await dlq?.stop();
    await producer?.disconnect();
    await connection?.dropDatabase();
    await connection?.close();
    await deleteEnvironment(createKafka(kafkaConfig()), environment);
  });

  const consumerWith = (handler: (e: Envelope) => Promise<void>) =>
    new EventConsumer({
      kafka: createKafka(kafkaConfig()),
      producer,
      environment,
      groupId: `test-${run}`,
      topics: [logical],
      handler,
      logger,
      inbox: new MongoInbox(connection, `test-${run}`),
      maxAttempts: 3,
      retryBackoffMs: 10,
    });

  it('retries a failing handler, then records the event so a redelivery has no second effect', async () => {
    let calls = 0;
    const consumer = consumerWith(async () => {
      calls += 1;
      if (calls < 3) throw new Error('transient');
    });
    const message = asKafkaMessage(validEvent());
    expect(await consumer.deliver(topic, 0, message)).toBe('handled');
    expect(calls).toBe(3);
    expect(await consumer.deliver(topic, 0, message)).toBe('duplicate');
    expect(calls).toBe(3);
  });

  it('parks a message that keeps failing on <topic>.dlq with the error, and goes on', async () => {
    const poison = validEvent();
    const consumer = consumerWith(async (e) => {
      if (e.id === poison.id) throw new Error('cannot handle this one');
    });
    expect(await consumer.deliver(topic, 1, asKafkaMessage(poison, '7'))).toBe('dead-lettered');
    const parked = await dlq.waitFor(
      (m) => m.headers['x-event-id'] === poison.id || m.value?.includes(poison.id) === true,
      'poison on DLQ',
    );
    expect(parked.headers).toMatchObject({
      'x-error': 'cannot handle this one',
      'x-error-attempts': '3',
      'x-original-topic': topic,
      'x-correlation-id': 'corr-1',
    });
    expect(await consumer.deliver(topic, 1, asKafkaMessage(validEvent(), '8'))).toBe('handled');
  });

  it('dead-letters a payload that breaks its contract at once, without calling the handler', async () => {
    let calls = 0;
    const consumer = consumerWith(async () => {
      calls += 1;
    });
    const broken = { ...validEvent(), payload: { expert: { id: 'no-fields' } } };
    expect(await consumer.deliver(topic, 0, asKafkaMessage(broken))).toBe('dead-lettered');
    expect(calls).toBe(0);
    const parked = await dlq.waitFor((m) => m.value?.includes(broken.id) === true, 'broken payload on DLQ');
    expect(parked.headers['x-error-attempts']).toBe('1');
  });

  it('consumes from Kafka and handles a message published twice only once', async () => {
    const handled: string[] = [];
    const consumer = consumerWith(async (e) => {
      handled.push(e.id);
    });
    await consumer.start();
    try {
      const envelope = validEvent();
      const message = toKafkaMessage(outboxEntry(logical, envelope));
      await producer.send({ topic, messages: [message] });
      await producer.send({ topic, messages: [message] });
      await waitFor(() => handled.includes(envelope.id), 'event handled', 20_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(handled.filter((id) => id === envelope.id)).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });

  it('keeps going on a message that is not JSON', async () => {
    const consumer = consumerWith(async () => undefined);
    const garbage = { ...asKafkaMessage({}), value: Buffer.from(`not json ${randomUUID()}`) } as KafkaMessage;
    expect(await consumer.deliver(topic, 2, garbage)).toBe('dead-lettered');
  });
});
