import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createKafka, ensureTopics, platformTopics } from '@qingshui/messaging';
import { AppModule } from './app.module';
import { gatewayConfigFromEnv, type GatewayConfig } from './config';
import { RedisIoAdapter } from './realtime/redis-io.adapter';
import { bodyParsers } from './common/body';
import { consoleDirectory, consoleMiddleware, contentSecurityPolicy } from './console/console';

export interface RunningGateway {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts the gateway: REST under /api/v1, OpenAPI at /api/docs, Socket.IO on the same port. */
export async function startGateway(overrides: Partial<GatewayConfig> = {}): Promise<RunningGateway> {
  const config = { ...gatewayConfigFromEnv(), ...overrides };
  const { environment } = config.kafka;
  await ensureTopics(
    createKafka(config.kafka),
    environment,
    platformTopics(environment),
    config.kafka.partitions,
  );

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    // Our own parsers, so that a body error is answered in our words (common/body.ts).
    bodyParser: false,
  });
  app.use(...bodyParsers);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: contentSecurityPolicy(config) }));
  const consoleDir = consoleDirectory(config.console.directory);
  if (consoleDir) app.use(consoleMiddleware(consoleDir));
  else if (config.console.directory)
    throw new Error(`CONSOLE_DIR ${config.console.directory} holds no built console`);
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', 'metrics'] });
  if (config.corsOrigins.length)
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: [
        'ETag',
        'Location',
        'Retry-After',
        'Idempotent-Replayed',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'RateLimit-Policy',
        'WWW-Authenticate',
        'x-correlation-id',
      ],
    });

  const adapter = new RedisIoAdapter(
    app,
    config.redisUrl,
    config.corsOrigins,
    `${config.redisPrefix}:socket.io`,
    config.socket,
  );
  await adapter.connect();
  app.useWebSocketAdapter(adapter);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Qingshui 清水 API')
      .setDescription(
        'Counterpart cooperation between Beijing and the Danjiangkou water-source counties. ' +
          'Authenticate with a Keycloak access token (realm `qingshui`). Realtime: Socket.IO on the same port, ' +
          'token in `auth.token`; events arrive under their topic name.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    close: async () => {
      await app.close();
      await adapter.disconnectRedis();
    },
  };
}
