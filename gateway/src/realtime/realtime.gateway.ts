import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Server, Socket } from 'socket.io';
import { AppError, RECORD_ROOMS, type CommandName } from '@qingshui/contracts';
import {
  socketAuthMiddleware,
  socketAuthOf,
  tokenRefusalOf,
  TokenVerifier,
  type Revocation,
  type SocketAuth,
} from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { SessionRevocationService } from '../auth/session-revocation.service';
import { PresenceService, type PresenceAck } from '../presence/presence.service';
import { decideRoom, personalRooms } from './room-policy';
import { randomUUID } from 'node:crypto';

export type Ack = { ok: true } | { ok: false; code: string; message: string };
export type AuthAck =
  { ok: true; expiresAt: string } | { ok: false; code: string; message: string; reason?: string };

interface AuthedSocket extends Socket {
  data: SocketAuth;
}

/** How long before its token expires a socket is told `auth.expiring`: 30 s, or half the token's remaining life if shorter. */
export const EXPIRY_WARNING_MS = 30_000;
/** setTimeout's longest delay (~24.8 days); a longer-lived token is re-armed when it fires. */
const MAX_TIMER_MS = 2_147_483_647;
/**
 * A Keycloak session's sockets, and all of a user's sockets, to close them on logout: never
 * subscribable (their kinds are no room kind of the policy), never left, never a delivery room.
 * Not `user:<id>`, which an admin may watch: a user's logout must not close the admin's socket.
 */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const userSessionsRoom = (userId: string) => `sessions:${userId}`;
const LOGOUT_ROOM = /^sessions?:/;

/**
 * Socket.IO on the HTTP port. The handshake token is verified by middleware; a socket joins its
 * user, organisation and region rooms (and its session's room, for logouts), and may subscribe to
 * other rooms it is allowed to watch. A socket lives as long as its token: shortly before expiry it
 * is told `auth.expiring` ({ expiresAt }) and may send `auth` ({ token }) with a fresh token of the
 * same user; at expiry without one it gets `auth.expired` and is disconnected. A logged-out
 * session's sockets are disconnected on every instance. Timers are per instance, for its own sockets.
 */
// Its heartbeat (a dropped connection's presence gone within ping interval + timeout) is the
// gateway's config `socket`, set by the adapter (RedisIoAdapter).
@WebSocketGateway({ transports: ['websocket'] })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() server!: Server;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly commands: Commands,
    private readonly revocations: SessionRevocationService,
    private readonly presence: PresenceService,
    @InjectPinoLogger('realtime') private readonly logger: PinoLogger,
  ) {}

  afterInit(server: Server): void {
    server.use(socketAuthMiddleware(this.verifier) as unknown as Parameters<Server['use']>[0]);
    this.presence.attach(server);
    // Every instance also closes its own sockets when it hears of a logout: those of gateways in
    // other environments on the same realm (the adapter's broadcast stays in one environment), and
    // one that completed its handshake just before this instance learnt of the logout.
    this.revocations.onRevoked((revocation) => {
      for (const room of this.roomsOf(revocation)) server.local.in(room).disconnectSockets(true);
    });
  }

  async handleConnection(socket: AuthedSocket): Promise<void> {
    const { principal, sessionId } = socket.data;
    this.armExpiry(socket);
    await socket.join([
      ...personalRooms(principal),
      userSessionsRoom(principal.userId),
      ...(sessionId ? [sessionRoom(sessionId)] : []),
    ]);
    // A socket that left while joining has no timer to keep.
    if (socket.disconnected) this.clearExpiry(socket.id);
  }

  handleDisconnect(socket: AuthedSocket): void {
    this.clearExpiry(socket.id);
    void this.presence.leaveAll(socket.id);
  }

  /** Disconnects a logged-out session's sockets (or all of a user's) on every instance, through the Redis adapter. */
  disconnectRevoked(revocation: Revocation): void {
    for (const room of this.roomsOf(revocation)) this.server.in(room).disconnectSockets(true);
  }

  /** A fresh token for this socket: same user and rooms; its expiry replaces the old one. */
  @SubscribeMessage('auth')
  async refresh(@ConnectedSocket() socket: AuthedSocket, @MessageBody() body: unknown): Promise<AuthAck> {
    const token = (body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || token === '')
      return { ok: false, code: 'VALIDATION_FAILED', message: 'Give { token }: a fresh access token' };
    let next: SocketAuth;
    try {
      next = socketAuthOf(await this.verifier.verifyToken(token));
    } catch (error) {
      return { ok: false, ...tokenRefusalOf(error) };
    }
    const current = socket.data;
    if (next.principal.userId !== current.principal.userId)
      return {
        ok: false,
        code: 'FORBIDDEN',
        message: 'The token is for another user: connect a new socket with it',
      };
    const rooms = (auth: SocketAuth) => personalRooms(auth.principal).sort().join(' ');
    if (rooms(next) !== rooms(current))
      return {
        ok: false,
        code: 'FORBIDDEN',
        message: 'The token changes your roles, organisation or region: connect a new socket with it',
      };
    if (socket.disconnected) return { ok: false, code: 'UNAUTHENTICATED', message: 'The socket is closed' };
    if (next.sessionId !== current.sessionId) {
      if (current.sessionId) await socket.leave(sessionRoom(current.sessionId));
      if (next.sessionId) await socket.join(sessionRoom(next.sessionId));
    }
    socket.data = next;
    this.armExpiry(socket);
    return { ok: true, expiresAt: new Date(next.expiresAtMs).toISOString() };
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
    // Record rooms only: joining one (its read checked above) lists the socket as a viewer.
    if (decision.ok === 'check-record') await this.presence.join(socket, room as string);
    return { ok: true };
  }

  /** `{ room, editing }`: the socket edits the record of a record room it joined, or stops. */
  @SubscribeMessage('presence.editing')
  async editing(@ConnectedSocket() socket: AuthedSocket, @MessageBody() body: unknown): Promise<PresenceAck> {
    const { room, editing } = (body ?? {}) as { room?: unknown; editing?: unknown };
    if (typeof room !== 'string' || typeof editing !== 'boolean')
      return { ok: false, code: 'VALIDATION_FAILED', message: 'Give { room, editing: true | false }' };
    if (decideRoom(socket.data.principal, room).ok !== 'check-record')
      return { ok: false, code: 'ROOM_UNKNOWN', message: 'Presence is kept on record rooms only' };
    return this.presence.setEditing(socket, room, editing);
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: AuthedSocket, @MessageBody() body: unknown): Promise<Ack> {
    const room = (body as { room?: unknown } | null)?.room;
    if (typeof room !== 'string') return { ok: false, code: 'ROOM_UNKNOWN', message: 'Give { room }' };
    if (personalRooms(socket.data.principal).includes(room) || LOGOUT_ROOM.test(room)) {
      return { ok: false, code: 'FORBIDDEN', message: 'Personal rooms follow the token and cannot be left' };
    }
    await socket.leave(room);
    await this.presence.leave(socket.id, room);
    return { ok: true };
  }

  private roomsOf(revocation: Revocation): string[] {
    if (revocation.sid) return [sessionRoom(revocation.sid)];
    // A user-wide logout: every socket of the user was opened with a token issued before it.
    return revocation.sub ? [userSessionsRoom(revocation.sub)] : [];
  }

  /** (Re)arms the socket's one timer: `auth.expiring` shortly before its token expires, then `auth.expired`. */
  private armExpiry(socket: AuthedSocket): void {
    this.clearExpiry(socket.id);
    const { expiresAtMs } = socket.data;
    const remaining = expiresAtMs - Date.now();
    const warnAtMs = expiresAtMs - Math.min(EXPIRY_WARNING_MS, Math.max(0, remaining) / 2);
    const schedule = (atMs: number, run: () => void) => {
      const delay = atMs - Date.now();
      this.timers.set(
        socket.id,
        setTimeout(
          () => (delay > MAX_TIMER_MS ? schedule(atMs, run) : run()),
          Math.min(Math.max(0, delay), MAX_TIMER_MS),
        ),
      );
    };
    const expire = () => {
      this.timers.delete(socket.id);
      socket.emit('auth.expired', {
        expiredAt: new Date(expiresAtMs).toISOString(),
        message: 'The access token expired: connect again with a fresh one',
      });
      socket.disconnect(true);
    };
    schedule(warnAtMs, () => {
      if (expiresAtMs > Date.now())
        socket.emit('auth.expiring', { expiresAt: new Date(expiresAtMs).toISOString() });
      schedule(expiresAtMs, expire);
    });
  }

  private clearExpiry(socketId: string): void {
    const timer = this.timers.get(socketId);
    if (timer) clearTimeout(timer);
    this.timers.delete(socketId);
  }
}
