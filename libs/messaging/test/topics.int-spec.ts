import { ConfigResourceTypes } from 'kafkajs';
import { COMPACTED_TOPICS, EVENT_TOPICS } from '@qingshui/contracts';
import { infraEnv, runId } from '@qingshui/testing';
import { createKafka, deleteEnvironment, ensureTopics, scoped } from '../src';

describe('platform topics on the real broker', () => {
  const environment = `t${runId()}`;
  const kafka = createKafka({
    environment,
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

  afterAll(() => deleteEnvironment(kafka, environment));

  it('keeps the record-state topics compacted, also when they existed before without it', async () => {
    const compacted = COMPACTED_TOPICS.map((t) => scoped(environment, t));
    const ordinary = scoped(
      environment,
      EVENT_TOPICS.find((t) => !COMPACTED_TOPICS.includes(t))!,
    );
    const topics = [...compacted, ordinary];
    expect(compacted.length).toBeGreaterThan(0);
    await ensureTopics(kafka, environment, topics, 3);
    // A deployment from before the setting: undo it, then ensure again.
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: compacted[0]!,
          configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
        },
      ],
    });
    await admin.disconnect();
    expect((await policies([compacted[0]!]))[compacted[0]!]).toBe('delete');
    await ensureTopics(kafka, environment, topics, 3);
    const after = await policies(topics);
    for (const topic of compacted) expect(after[topic]).toBe('compact');
    expect(after[ordinary]).toBe('delete');
  });
});
