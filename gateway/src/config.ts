import { z } from 'zod';
import { messagingConfigFromEnv, type MessagingConfig } from '@qingshui/messaging';
import type { KeycloakConfig } from '@qingshui/auth';

export interface GatewayConfig {
  http: { host: string; port: number };
  logLevel: string;
  kafka: MessagingConfig;
  redisUrl: string;
  /** Every Redis key of this environment starts with it: `qs:<env>`. */
  redisPrefix: string;
  keycloak: KeycloakConfig;
  rateLimit: { points: number; durationSeconds: number; keyPrefix: string };
  corsOrigins: string[];
  /** Retry-After seconds sent with 503 when a service does not answer. */
  retryAfterSeconds: number;
  /** Signs the private iCalendar feed URLs of experts (rotate it to revoke every URL). */
  calendarFeedSecret: string;
  /** The public base URL of the API, for links handed out (feed URLs). */
  publicUrl: string | undefined;
  /**
   * Presence on record rooms: an entry counts `ttlMs` after its instance last refreshed it (every
   * `refreshMs`); every instance removes due entries every `sweepMs`, so the sockets of a dead
   * instance are gone within ttlMs + sweepMs.
   */
  presence: { ttlMs: number; refreshMs: number; sweepMs: number };
  /**
   * Socket.IO's heartbeat: a ping every `pingIntervalMs`, a socket closed after `pingTimeoutMs`
   * without its answer. A connection that drops without closing (a lost network) is found so, and
   * its presence is gone within their sum (Socket.IO's defaults, 25 s + 20 s, would keep a vanished
   * viewer listed for 45 s).
   */
  socket: { pingIntervalMs: number; pingTimeoutMs: number };
  /** The web console served at `/`: its Keycloak client, and Keycloak as browsers reach it. */
  console: { clientId: string; keycloakUrl: string; directory: string | undefined };
}

const envSchema = z.object({
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .default('redis://127.0.0.1:6379'),
  KEYCLOAK_URL: z.url().default('http://127.0.0.1:8180'),
  KEYCLOAK_REALM: z.string().min(1).default('qingshui'),
  KEYCLOAK_CLIENT_ID: z.string().min(1).default('qingshui-web'),
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_DURATION_SECONDS: z.coerce.number().int().min(1).default(60),
  CORS_ORIGINS: z.string().default(''),
  RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).default(5),
  CALENDAR_FEED_SECRET: z.string().min(16).default('qingshui-dev-calendar-feed-secret'),
  PUBLIC_URL: z.url().optional(),
  /** The console's public Keycloak client; its tokens are accepted besides KEYCLOAK_CLIENT_ID's. */
  CONSOLE_CLIENT_ID: z.string().min(1).default('qingshui-console'),
  /** Keycloak as browsers reach it, when the gateway reaches it at another address (compose). */
  KEYCLOAK_PUBLIC_URL: z.url().optional(),
  /** How long a viewer stays listed without a refresh (a dead gateway instance's sockets). */
  PRESENCE_TTL_MS: z.coerce.number().int().min(1000).default(25_000),
  SOCKET_PING_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  SOCKET_PING_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** The built console (default: dist/web of this checkout). */
  CONSOLE_DIR: z.string().min(1).optional(),
});

export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid gateway configuration: ${detail}`);
  }
  const e = result.data;
  const kafka = messagingConfigFromEnv({ clientId: 'gateway', groupId: 'gateway' }, env);
  const redisPrefix = `qs:${kafka.environment}`;
  return {
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
    kafka,
    redisUrl: e.REDIS_URL,
    redisPrefix,
    keycloak: {
      url: e.KEYCLOAK_URL.replace(/\/$/, ''),
      realm: e.KEYCLOAK_REALM,
      clientId: e.KEYCLOAK_CLIENT_ID,
      extraClients: e.CONSOLE_CLIENT_ID === e.KEYCLOAK_CLIENT_ID ? [] : [e.CONSOLE_CLIENT_ID],
    },
    rateLimit: {
      points: e.RATE_LIMIT_POINTS,
      durationSeconds: e.RATE_LIMIT_DURATION_SECONDS,
      keyPrefix: `${redisPrefix}:rl:api`,
    },
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    retryAfterSeconds: e.RETRY_AFTER_SECONDS,
    calendarFeedSecret: e.CALENDAR_FEED_SECRET,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    presence: {
      ttlMs: e.PRESENCE_TTL_MS,
      // Three refreshes per expiry: one lost or late refresh does not drop a live viewer.
      refreshMs: Math.floor(e.PRESENCE_TTL_MS / 3),
      sweepMs: Math.min(1000, Math.floor(e.PRESENCE_TTL_MS / 3)),
    },
    socket: { pingIntervalMs: e.SOCKET_PING_INTERVAL_MS, pingTimeoutMs: e.SOCKET_PING_TIMEOUT_MS },
    console: {
      clientId: e.CONSOLE_CLIENT_ID,
      keycloakUrl: (e.KEYCLOAK_PUBLIC_URL ?? e.KEYCLOAK_URL).replace(/\/$/, ''),
      directory: e.CONSOLE_DIR,
    },
  };
}
