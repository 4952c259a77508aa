import { ConfigResourceTypes } from 'kafkajs';
import { COMPACTED_TOPICS, EVENT_TOPICS } from '@qingshui/contracts';
import { infraEnv } from '@qingshui/testing';
import { createKafka, ensureTopics } from '../src';

describe('platform topics on the real broker', () => {
  const kafka = createKafka({
    brokers: infraEnv().kafkaBrokers.split(','),
    clientId: 'topics-test',
    groupId: 'unused',
    partitions: 3,
    concurrency: 1,
    requestTimeoutMs: 5000,
  });

  const policies = async (topics: string[]) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['cleanup.policy'],
        })),
      });
      return Object.fromEntries(
        described.resources.map((r) => [
          r.resourceName,
          r.configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue,
        ]),
      );
    } finally {
      await admin.disconnect();
    }
  };

  it('keeps the record-state topics compacted, also when they existed before without it', async () => {
    const ordinary = EVENT_TOPICS.find((t) => !COMPACTED_TOPICS.includes(t))!;
    const topics = [...COMPACTED_TOPICS, ordinary];
    await ensureTopics(kafka, topics, 3);
    // A deployment from before the setting: undo it, then ensure again.
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: COMPACTED_TOPICS[0]!,
          configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
        },
      ],
    });
    await admin.disconnect();
    expect((await policies([COMPACTED_TOPICS[0]!]))[COMPACTED_TOPICS[0]!]).toBe('delete');
    await ensureTopics(kafka, topics, 3);
    const after = await policies(topics);
    for (const topic of COMPACTED_TOPICS) expect(after[topic]).toBe('compact');
    expect(after[ordinary]).toBe('delete');
  });
});
