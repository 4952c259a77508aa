import type { Kafka } from 'kafkajs';
import { COMMAND_PATTERNS, EVENT_TOPICS, dlqTopicOf, replyTopicOf } from '@qingshui/contracts';

/** Every topic the platform uses: events, their dead-letter topics, commands and their replies. */
export function platformTopics(): string[] {
  return [
    ...EVENT_TOPICS,
    ...EVENT_TOPICS.map(dlqTopicOf),
    ...COMMAND_PATTERNS,
    ...COMMAND_PATTERNS.map(replyTopicOf),
  ];
}

/** Creates missing topics with the given partitions; existing topics are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: string[], partitions: number): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
