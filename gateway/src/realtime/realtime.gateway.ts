import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Server, Socket } from 'socket.io';
import { AppError, RECORD_ROOMS, type CommandName, type Principal } from '@qingshui/contracts';
import { socketAuthMiddleware, TokenVerifier } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { decideRoom, personalRooms } from './room-policy';
import { randomUUID } from 'node:crypto';

export type Ack = { ok: true } | { ok: false; code: string; message: string };

interface AuthedSocket extends Socket {
  data: { principal: Principal };
}

/**
 * Socket.IO on the HTTP port. The handshake token is verified by middleware; a socket joins its
 * user, organisation and region rooms, and may subscribe to other rooms it is allowed to watch.
 */
@WebSocketGateway({ transports: ['websocket'] })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() server!: Server;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly commands: Commands,
    @InjectPinoLogger('realtime') private readonly logger: PinoLogger,
  ) {}

  afterInit(server: Server): void {
    server.use(socketAuthMiddleware(this.verifier) as unknown as Parameters<Server['use']>[0]);
  }

  async handleConnection(socket: AuthedSocket): Promise<void> {
    await socket.join(personalRooms(socket.data.principal));
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: AuthedSocket, @MessageBody() body: unknown): Promise<Ack> {
    const room = (body as { room?: unknown } | null)?.room;
    const principal = socket.data.principal;
    const decision = decideRoom(principal, room);
    if (decision.ok === false) return { ok: false, code: decision.code, message: decision.message };
    if (decision.ok === 'check-record') {
      try {
        // The owning service decides whether the record exists and may be read by this principal.
        const { read, payload } = RECORD_ROOMS.get(decision.kind)!;
        await this.commands.request(
          read.name as CommandName,
          principal,
          payload(decision.id) as never,
          randomUUID(),
        );
      } catch (error) {
        const appError = error instanceof AppError ? error : undefined;
        this.logger.debug({ err: error, room }, 'subscription refused');
        return {
          ok: false,
          code: appError?.code ?? 'INTERNAL',
          message: appError?.message ?? 'Cannot check the room',
        };
      }
    }
    await socket.join(room as string);
    return { ok: true };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: AuthedSocket, @MessageBody() body: unknown): Promise<Ack> {
    const room = (body as { room?: unknown } | null)?.room;
    if (typeof room !== 'string') return { ok: false, code: 'ROOM_UNKNOWN', message: 'Give { room }' };
    if (personalRooms(socket.data.principal).includes(room)) {
      return { ok: false, code: 'FORBIDDEN', message: 'Personal rooms follow the token and cannot be left' };
    }
    await socket.leave(room);
    return { ok: true };
  }
}
