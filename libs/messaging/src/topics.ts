import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { COMMAND_NAMES, COMPACTED_TOPICS, EVENT_TOPICS, dlqTopicOf, replyTopicOf } from '@qingshui/contracts';

/** The Kafka name of a topic (or consumer group) in an environment: `<env>.<name>`. */
export const scoped = (environment: string, name: string): string => `${environment}.${name}`;

/** The logical name of an environment's topic (what contracts and envelopes call it). */
export function unscoped(environment: string, topic: string): string {
  const prefix = `${environment}.`;
  return topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
}

/** Every topic an environment uses: events, their dead-letter topics, commands and their replies. */
export function platformTopics(environment: string): string[] {
  return [
    ...EVENT_TOPICS,
    ...EVENT_TOPICS.map(dlqTopicOf),
    ...COMMAND_NAMES,
    ...COMMAND_NAMES.map(replyTopicOf),
  ].map((topic) => scoped(environment, topic));
}

const COMPACT = [{ name: 'cleanup.policy', value: 'compact' }];

/**
 * Creates an environment's missing topics with the given partitions; existing topics keep their
 * partitions. The compacted topics (record state) are created so, and switched to compaction if
 * they exist without it (a deployment that predates the setting).
 */
export async function ensureTopics(
  kafka: Kafka,
  environment: string,
  topics: string[],
  partitions: number,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = [...new Set(topics)];
    const compacted = new Set(
      COMPACTED_TOPICS.map((t) => scoped(environment, t)).filter((t) => wanted.includes(t)),
    );
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        // kafkajs' own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a broker answers for a
        // while after creating a few hundred partitions: wait for the leaders here instead.
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          // A dead-letter topic is read by people, rarely and in no particular order.
          numPartitions: topic.endsWith('.dlq') ? 1 : partitions,
          replicationFactor: 1,
          ...(compacted.has(topic) ? { configEntries: COMPACT } : {}),
        })),
      });
      await waitForLeaders(admin, missing);
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

/**
 * Resolves once every partition of the new topics is served: the metadata names a leader and that
 * leader answers for the partition (ListOffsets). A broker lists itself as leader a moment before
 * it serves the partition, and a consumer that asks in between ("not the leader") starts late.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let waiting = topics;
  for (let attempt = 1; waiting.length > 0; attempt += 1) {
    const served = new Set<string>();
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics: waiting });
      const led = described
        .filter((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
        .map((t) => t.name);
      for (let i = 0; i < led.length; i += 20)
        await Promise.all(
          led.slice(i, i + 20).map((topic) =>
            admin.fetchTopicOffsets(topic).then(
              () => served.add(topic),
              (error: unknown) => {
                if (!(error as { retriable?: boolean }).retriable) throw error;
              },
            ),
          ),
        );
    } catch (error) {
      // UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE while the controller propagates the topics.
      if (!(error as { retriable?: boolean }).retriable) throw error;
    }
    waiting = waiting.filter((t) => !served.has(t));
    if (waiting.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${waiting.length} new topics not served after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * attempt)));
  }
}

/** Deletes an environment's topics and consumer groups (a finished test run's); returns the topics' count. */
export async function deleteEnvironment(kafka: Kafka, environment: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const prefix = `${environment}.`;
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
