import { ClientKafka } from '@nestjs/microservices';
import { replyTopicOf, type CommandName, type Principal } from '@qingshui/contracts';
import {
  CommandBus,
  createKafka,
  deleteEnvironment,
  ensureTopics,
  kafkaTransportOptions,
  scoped,
} from '../src';
import { infraEnv, runId } from '@qingshui/testing';

describe('request-reply over real Kafka', () => {
  it('answers 503 DEPENDENCY_UNAVAILABLE when no service replies within the timeout', async () => {
    const run = runId();
    const environment = `t${run}`;
    const config = {
      environment,
      brokers: infraEnv().kafkaBrokers.split(','),
      clientId: 'test-rpc',
      groupId: `test-rpc-${run}`,
      partitions: 1,
      concurrency: 1,
      requestTimeoutMs: 800,
    };
    // A real command in an environment of this test alone: whatever else runs on this Kafka,
    // nobody serves it here.
    const pattern: CommandName = 'talent.experts.get.v1';
    const topic = scoped(environment, pattern);
    await ensureTopics(createKafka(config), environment, [topic, replyTopicOf(topic)], 1);
    const client = new ClientKafka(kafkaTransportOptions(config).options ?? {});
    CommandBus.subscribeReplies(client, environment, [pattern]);
    const bus = new CommandBus(client, environment, 800);
    await client.connect();
    try {
      await bus.waitUntilReady([pattern]);
      const principal: Principal = { userId: 'u', username: 'u', roles: ['expert'] };
      const started = Date.now();
      await expect(bus.request(pattern, principal, { id: 'x' })).rejects.toMatchObject({
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
      });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(750);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      await client.close();
      await deleteEnvironment(createKafka(config), environment);
    }
  });
});
