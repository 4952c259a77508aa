import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import type { SocketAuth } from '@qingshui/auth';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';
import {
  dueMember,
  entriesOf,
  presenceChanged,
  presentPeople,
  type PresenceEntry,
  type PresenceMessage,
  type PresentPerson,
} from './presence.decide';

/** The event a record room's sockets receive: `{ room, people, version }`. */
export const PRESENCE_EVENT = 'presence';

export type PresenceAck = { ok: true } | { ok: false; code: string; message: string };

/** What this instance knows of one of its own sockets in one room. */
interface LocalEntry {
  editing: boolean;
  sinceMs: number;
}

interface LocalSocket {
  socket: Socket;
  rooms: Map<string, LocalEntry>;
}

/**
 * Removes the due entries of every instance in one atomic step, so that two sweepers never both
 * report a removal, and a refresh either lands before (the entry is no longer due) or after (it
 * comes back, and its instance tells the room). Returns the rooms that lost someone.
 * KEYS[1]: the due index; ARGV: now (ms), the room hash prefix, the most to remove at once.
 */
const SWEEP = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local rooms, seen = {}, {}
for _, member in ipairs(due) do
  local space = string.find(member, ' ', 1, true)
  if space then
    local room = string.sub(member, 1, space - 1)
    redis.call('HDEL', ARGV[2] .. room, string.sub(member, space + 1))
    if not seen[room] then
      seen[room] = true
      rooms[#rooms + 1] = room
    end
  end
  redis.call('ZREM', KEYS[1], member)
end
return rooms`;
const SWEEP_BATCH = 500;

/**
 * Who views and who edits each record room, shared by every gateway instance through Redis:
 * per room a hash of socket entries (user, name, unit, editing, since, expiry) under
 * `qs:<env>:presence:room:<room>`, and one sorted set of every entry by expiry
 * (`qs:<env>:presence:due`). Each instance refreshes its own sockets' entries on a timer (a client
 * sends nothing), and every instance sweeps due entries of any instance, so the sockets of an
 * instance that died disappear within the expiry. Each change is emitted to the room through the
 * Socket.IO adapter, so every instance's members hear it; `version` is Redis' clock at the change,
 * so a client can drop a message that arrives after a newer one.
 * Writes to one room by this instance run one after another: a refresh never brings back an entry
 * that a leave has just removed.
 */
@Injectable()
export class PresenceService implements OnModuleInit, BeforeApplicationShutdown {
  private server: Server | undefined;
  private readonly sockets = new Map<string, LocalSocket>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private closing = false;
  private sweeping = false;
  private readonly prefix: string;
  private readonly ttlMs: number;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectPinoLogger('presence') private readonly logger: PinoLogger,
  ) {
    this.prefix = `${config.redisPrefix}:presence`;
    this.ttlMs = config.presence.ttlMs;
  }

  onModuleInit(): void {
    const { refreshMs, sweepMs } = this.config.presence;
    this.timers.push(
      setInterval(() => this.refreshAll(), refreshMs).unref(),
      setInterval(() => void this.sweep(), sweepMs).unref(),
    );
  }

  /** A graceful stop tells the rooms at once rather than leaving them to the sweepers. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.sockets.keys()].map((socketId) => this.leaveAll(socketId)));
  }

  /** The Socket.IO server whose rooms hear the changes (set by the realtime gateway at init). */
  attach(server: Server): void {
    this.server = server;
  }

  /** The socket has joined a record room: it views it; the joiner is told the list at once. */
  async join(socket: Socket, room: string): Promise<void> {
    if (this.closing || socket.disconnected) return;
    let local = this.sockets.get(socket.id);
    if (!local) this.sockets.set(socket.id, (local = { socket, rooms: new Map() }));
    const entry = local.rooms.get(room) ?? { editing: false, sinceMs: Date.now() };
    local.rooms.set(room, entry);
    const message = await this.write(room, (multi, now) => this.upsert(multi, socket, room, entry, now));
    // Unchanged for the others (another tab of the same person): only the joiner needs the list.
    if (message && !message.changed) socket.emit(PRESENCE_EVENT, message.message);
  }

  /** Marks the socket as editing the record, or no longer editing it. */
  async setEditing(socket: Socket, room: string, editing: boolean): Promise<PresenceAck> {
    const entry = this.sockets.get(socket.id)?.rooms.get(room);
    if (!entry || !socket.rooms.has(room))
      return { ok: false, code: 'NOT_SUBSCRIBED', message: `Subscribe to ${room} before marking editing` };
    entry.editing = editing;
    const written = await this.write(room, (multi, now) => this.upsert(multi, socket, room, entry, now));
    return written
      ? { ok: true }
      : { ok: false, code: 'DEPENDENCY_UNAVAILABLE', message: 'Presence cannot be recorded now' };
  }

  /** The socket left the room (`unsubscribe`): it is gone from the list at once. */
  async leave(socketId: string, room: string): Promise<void> {
    const local = this.sockets.get(socketId);
    if (!local?.rooms.delete(room)) return;
    if (local.rooms.size === 0) this.sockets.delete(socketId);
    await this.write(room, (multi) => this.remove(multi, socketId, room));
  }

  /** The socket disconnected: it leaves every record room it was in. */
  async leaveAll(socketId: string): Promise<void> {
    const local = this.sockets.get(socketId);
    if (!local) return;
    this.sockets.delete(socketId);
    await Promise.all(
      [...local.rooms.keys()].map((room) => this.write(room, (multi) => this.remove(multi, socketId, room))),
    );
  }

  private roomKey(room: string): string {
    return `${this.prefix}:room:${room}`;
  }

  private get dueKey(): string {
    return `${this.prefix}:due`;
  }

  private upsert(multi: ChainableCommander, socket: Socket, room: string, entry: LocalEntry, now: number) {
    const { principal } = (socket.data as SocketAuth | undefined) ?? {};
    if (!principal) return;
    const stored: PresenceEntry = {
      userId: principal.userId,
      name: principal.name ?? principal.username,
      unit: principal.orgId ?? null,
      editing: entry.editing,
      sinceMs: entry.sinceMs,
      expiresAtMs: now + this.ttlMs,
    };
    multi
      .hset(this.roomKey(room), socket.id, JSON.stringify(stored))
      .zadd(this.dueKey, stored.expiresAtMs, dueMember(room, socket.id));
  }

  private remove(multi: ChainableCommander, socketId: string, room: string): void {
    multi.hdel(this.roomKey(room), socketId).zrem(this.dueKey, dueMember(room, socketId));
  }

  /**
   * One atomic change of a room (read, write, read again, Redis' clock) in this instance's queue
   * for the room; the room is told when its people changed. Undefined when Redis did not answer.
   */
  private write(
    room: string,
    change: (multi: ChainableCommander, now: number) => void,
    told: (before: PresentPerson[], after: PresentPerson[], written: unknown[]) => boolean = (b, a) =>
      presenceChanged(b, a),
  ): Promise<{ message: PresenceMessage; changed: boolean } | undefined> {
    return this.serially(room, async () => {
      const key = this.roomKey(room);
      const now = Date.now();
      const multi = this.redis.multi().hgetall(key);
      change(multi, now);
      // Twice the expiry: a room nobody refreshes any more disappears with its last entry.
      multi
        .pexpire(key, 2 * this.ttlMs)
        .time()
        .hgetall(key);
      try {
        const results = (await multi.exec()) ?? [];
        const failed = results.find(([error]) => error);
        if (results.length === 0 || failed) throw failed?.[0] ?? new Error('transaction discarded');
        const values = results.map(([, value]) => value);
        const before = presentPeople(entriesOf(values[0] as Record<string, string>), now);
        const after = presentPeople(entriesOf(values.at(-1) as Record<string, string>), now);
        const message = { room, people: after, version: versionOf(values.at(-2)) };
        const changed = told(before, after, values.slice(1, -3));
        if (changed) this.server?.to(room).emit(PRESENCE_EVENT, message);
        return { message, changed };
      } catch (error) {
        this.logger.warn({ err: error, room }, 'presence not recorded');
        return undefined;
      }
    });
  }

  /** Extends the entries of this instance's sockets; an entry a sweeper took meanwhile comes back. */
  private refreshAll(): void {
    const byRoom = new Map<string, LocalSocket[]>();
    for (const local of this.sockets.values())
      for (const room of local.rooms.keys()) byRoom.set(room, [...(byRoom.get(room) ?? []), local]);
    for (const [room, locals] of byRoom)
      void this.write(
        room,
        (multi, now) => {
          for (const { socket, rooms } of locals) {
            const entry = rooms.get(room);
            if (entry) this.upsert(multi, socket, room, entry, now);
          }
        },
        // HSET answers 1 for a field it created: someone the room was told had gone is back.
        (_before, _after, written) => written.some((value, i) => i % 2 === 0 && value === 1),
      );
  }

  /** Removes every instance's due entries and tells their rooms who is left. */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (;;) {
        const rooms = (await this.redis.eval(
          SWEEP,
          1,
          this.dueKey,
          Date.now(),
          `${this.prefix}:room:`,
          SWEEP_BATCH,
        )) as string[];
        await Promise.all(
          rooms.map((room) =>
            this.write(
              room,
              () => undefined,
              () => true,
            ),
          ),
        );
        if (rooms.length < SWEEP_BATCH) return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'presence sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  /** Runs the room's writes of this instance one after another. */
  private serially<T>(room: string, task: () => Promise<T>): Promise<T> {
    const result = (this.queues.get(room) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(room, tail);
    void tail.then(() => {
      if (this.queues.get(room) === tail) this.queues.delete(room);
    });
    return result;
  }
}

/** Redis' TIME ([seconds, microseconds]) as one number: increasing across instances' changes. */
function versionOf(time: unknown): number {
  const [seconds, micros] = (time as [string, string] | undefined) ?? ['0', '0'];
  return Number(seconds) * 1_000_000 + Number(micros);
}
