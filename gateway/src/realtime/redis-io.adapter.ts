import { IoAdapter } from '@nestjs/platform-socket.io';
import type { INestApplicationContext } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** Socket.IO over Redis pub/sub: an event emitted by one gateway instance reaches every instance's sockets. */
export class RedisIoAdapter extends IoAdapter {
  private pub: Redis | undefined;
  private sub: Redis | undefined;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly corsOrigins: string[],
    /** The environment's pub/sub channel prefix: gateways of other environments never hear these emits. */
    private readonly key: string,
    /** Socket.IO's heartbeat (GatewayConfig.socket). */
    private readonly ping: { pingIntervalMs: number; pingTimeoutMs: number },
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    this.pub = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    this.sub = this.pub.duplicate();
    await Promise.all([this.pub.connect(), this.sub.connect()]);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      transports: ['websocket'],
      pingInterval: this.ping.pingIntervalMs,
      pingTimeout: this.ping.pingTimeoutMs,
      cors: { origin: this.corsOrigins.length ? this.corsOrigins : false },
    }) as Server;
    if (!this.pub || !this.sub) throw new Error('RedisIoAdapter.connect() must run before the server starts');
    server.adapter(createAdapter(this.pub, this.sub, { key: this.key }));
    return server;
  }

  async disconnectRedis(): Promise<void> {
    this.pub?.disconnect();
    this.sub?.disconnect();
  }
}
