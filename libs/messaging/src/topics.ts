import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import {
  COMMAND_PATTERNS,
  COMPACTED_TOPICS,
  EVENT_TOPICS,
  dlqTopicOf,
  replyTopicOf,
} from '@qingshui/contracts';

/** Every topic the platform uses: events, their dead-letter topics, commands and their replies. */
export function platformTopics(): string[] {
  return [
    ...EVENT_TOPICS,
    ...EVENT_TOPICS.map(dlqTopicOf),
    ...COMMAND_PATTERNS,
    ...COMMAND_PATTERNS.map(replyTopicOf),
  ];
}

const COMPACT = [{ name: 'cleanup.policy', value: 'compact' }];

/**
 * Creates missing topics with the given partitions; existing topics keep their partitions. The
 * topics in COMPACTED_TOPICS are created compacted, and switched to compaction if they exist
 * without it (a deployment that predates the setting).
 */
export async function ensureTopics(kafka: Kafka, topics: string[], partitions: number): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = [...new Set(topics)];
    const compacted = new Set(COMPACTED_TOPICS.filter((t) => wanted.includes(t)));
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
          ...(compacted.has(topic) ? { configEntries: COMPACT } : {}),
        })),
      });
    }
    const older = [...compacted].filter((t) => existing.has(t));
    if (older.length > 0) {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: older.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['cleanup.policy'],
        })),
      });
      const loose = described.resources
        .filter(
          (r) =>
            !r.configEntries.some((c) => c.configName === 'cleanup.policy' && c.configValue === 'compact'),
        )
        .map((r) => r.resourceName);
      if (loose.length > 0)
        await admin.alterConfigs({
          validateOnly: false,
          resources: loose.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configEntries: COMPACT })),
        });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
