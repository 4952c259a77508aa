import net, { type AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import { connectSocket, decodeJwt, emitWithAck, getToken, waitFor } from '@qingshui/testing';
import type { GatewayConfig } from '@qingshui/app-gateway';
import { api, startPlatform, type Platform } from '../support/platform';

interface Person {
  userId: string;
  name: string;
  unit: string | null;
  editing: boolean;
  since: string;
}
interface PresenceMessage {
  room: string;
  people: Person[];
  version: number;
}

/** A short expiry, so that a vanished socket's disappearance is seen in seconds. */
const TTL_MS = 3000;
const SOON_MS = 1000;
/** A short heartbeat, so that a connection that drops without a word is found in seconds. */
const PING = { pingIntervalMs: 1000, pingTimeoutMs: 1000 };

/**
 * A TCP relay to a gateway whose `cut()` is a lost network: nothing passes either way any more,
 * and neither end is closed (no disconnect packet, no FIN), so only the gateway's ping finds it.
 */
async function relayTo(target: string) {
  const { hostname, port } = new URL(target);
  const ends: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    client.pipe(upstream).pipe(client);
    for (const end of [client, upstream]) ends.push(end.on('error', () => undefined));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => ends.forEach((end) => end.unpipe().pause()),
    close: () => {
      ends.forEach((end) => end.destroy());
      server.close();
    },
  };
}

/**
 * Presence on a record room through three gateway instances sharing Redis: people on different
 * instances see each other within a second, editing marks, leaving and disconnecting; a connection
 * that drops without a word is gone within the ping interval and timeout; a socket whose instance
 * stops refreshing (the third instance refreshes and sweeps never, as a dead one)
 * is removed by the other instances within the expiry; someone who may not read the record hears
 * nothing of it.
 */
describe('presence on record rooms across gateway instances', () => {
  let platform: Platform;
  const sockets: Socket[] = [];
  const heard = new Map<Socket, PresenceMessage[]>();
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let room: string;

  const relays: { close(): void }[] = [];
  const connect = async (who: string, instance: number | string) => {
    const url = typeof instance === 'string' ? instance : platform.gateways[instance]!.url;
    const socket = await connectSocket(url, tokens[who]);
    const messages: PresenceMessage[] = [];
    socket.on('presence', (message: PresenceMessage) => messages.push(message));
    heard.set(socket, messages);
    sockets.push(socket);
    return socket;
  };
  /** The newest list a socket holds for the room (by version, as a client keeps it). */
  const listOf = (socket: Socket) =>
    (heard.get(socket) ?? [])
      .filter((m) => m.room === room)
      .reduce<PresenceMessage | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
  const sees = (socket: Socket, check: (people: Person[]) => boolean, what: string, ms = SOON_MS) =>
    waitFor(
      () => {
        const list = listOf(socket);
        return list && check(list.people) ? list : undefined;
      },
      what,
      ms,
    );
  const ids = (people: Person[]) => people.map((p) => p.userId).sort();
  const subscribe = (socket: Socket, where = room) => emitWithAck(socket, 'subscribe', { room: where });

  let enterprise: Socket;
  let cadre: Socket;
  let outsider: Socket;

  beforeAll(async () => {
    let started = 0;
    platform = await startPlatform({
      gateways: 3,
      services: ['talent'],
      gateway: (): Partial<GatewayConfig> => {
        started += 1;
        return {
          socket: PING,
          presence:
            started === 3
              ? // The third instance neither refreshes nor sweeps: its entries live as a dead instance's.
                { ttlMs: TTL_MS, refreshMs: 3_600_000, sweepMs: 3_600_000 }
              : { ttlMs: TTL_MS, refreshMs: TTL_MS / 3, sweepMs: 250 },
        };
      },
    });
    for (const [who, username] of Object.entries({
      enterprise: 'demo-enterprise',
      cadre: 'demo-cadre-county',
      beijing: 'demo-cadre-beijing',
      expert: 'demo-expert',
    })) {
      tokens[who] = await getToken(username);
      userIds[who] = String(decodeJwt(tokens[who]!)['sub']);
    }
    // A draft: its poster's organisation, the county's and the paired district's cadres read it; experts do not.
    const created = await api(platform.gateways[0]!.url, 'POST', '/api/v1/challenges', {
      token: tokens['enterprise'],
      body: {
        title: '库区柑橘黄龙病绿色防控',
        publicSummary: '淅川县柑橘园黄龙病扩散，征集不依赖高毒农药、兼顾库区水质的综合防控方案。',
        confidentialDetails: '涉及三个乡镇的病株分布图及近三年用药记录。',
        field: 'agriculture',
        requiredSkills: ['病虫害防治'],
        county: 'xichuan',
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
        terms: { ip: 'shared', confidentiality: true },
      },
    });
    expect(created.status).toBe(201);
    room = `challenge:${created.body.id as string}`;
    enterprise = await connect('enterprise', 0);
    cadre = await connect('cadre', 1);
    outsider = await connect('expert', 0);
  }, 180_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    relays.forEach((r) => r.close());
    await platform?.close();
  }, 60_000);

  it('refuses the room, and so its presence, to someone who may not read the record', async () => {
    expect(await subscribe(outsider)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await emitWithAck(outsider, 'presence.editing', { room, editing: true })).toMatchObject({
      ok: false,
      code: 'NOT_SUBSCRIBED',
    });
  });

  it('tells a joiner who is there at once, and people on different instances see each other within a second', async () => {
    expect(await subscribe(enterprise)).toEqual({ ok: true });
    await sees(enterprise, (p) => ids(p).join() === userIds['enterprise'], 'the joiner alone');

    const joinedAt = Date.now();
    expect(await subscribe(cadre)).toEqual({ ok: true });
    const both = [userIds['enterprise']!, userIds['cadre']!].sort().join();
    await sees(cadre, (p) => ids(p).join() === both, 'the list at once for the second joiner');
    await sees(enterprise, (p) => ids(p).join() === both, 'the cadre on the other instance');
    expect(Date.now() - joinedAt).toBeLessThan(SOON_MS);
  });

  it('carries nothing but userId, name, unit, editing and since', () => {
    const list = listOf(enterprise)!;
    expect(Object.keys(list).sort()).toEqual(['people', 'room', 'version']);
    for (const person of list.people) {
      expect(Object.keys(person).sort()).toEqual(['editing', 'name', 'since', 'unit', 'userId']);
      expect(typeof person.name).toBe('string');
      expect(Number.isNaN(Date.parse(person.since))).toBe(false);
    }
    expect(list.people.find((p) => p.userId === userIds['enterprise'])).toMatchObject({
      unit: 'ent-qushou-agri',
      editing: false,
    });
    expect(list.people.find((p) => p.userId === userIds['cadre'])).toMatchObject({ unit: 'gov-xichuan' });
  });

  it('shows who is editing, on every instance', async () => {
    expect(await emitWithAck(cadre, 'presence.editing', { room, editing: true })).toEqual({ ok: true });
    await sees(
      enterprise,
      (p) => p.some((x) => x.userId === userIds['cadre'] && x.editing),
      'the cadre editing',
    );
    expect(await emitWithAck(cadre, 'presence.editing', { room, editing: false })).toEqual({ ok: true });
    await sees(enterprise, (p) => p.every((x) => !x.editing), 'the cadre no longer editing');
  });

  it('refuses editing marks for rooms the socket has not joined, and for rooms without presence', async () => {
    expect(
      await emitWithAck(enterprise, 'presence.editing', { room: 'challenge:not-joined', editing: true }),
    ).toMatchObject({ ok: false, code: 'NOT_SUBSCRIBED' });
    expect(
      await emitWithAck(enterprise, 'presence.editing', {
        room: `user:${userIds['enterprise']}`,
        editing: true,
      }),
    ).toMatchObject({ ok: false, code: 'ROOM_UNKNOWN' });
    expect(await emitWithAck(enterprise, 'presence.editing', { room })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it('counts two tabs of one person once, editing if either edits', async () => {
    const tab = await connect('enterprise', 1);
    expect(await subscribe(tab)).toEqual({ ok: true });
    await sees(tab, (p) => p.length === 2, 'the list at once for the second tab');
    expect(await emitWithAck(tab, 'presence.editing', { room, editing: true })).toEqual({ ok: true });
    const editing = await sees(
      cadre,
      (p) => p.some((x) => x.userId === userIds['enterprise'] && x.editing),
      'the enterprise editing in its second tab',
    );
    expect(editing.people).toHaveLength(2);
    tab.close();
    const after = await sees(cadre, (p) => p.every((x) => !x.editing), 'the editing tab closed');
    expect(ids(after.people)).toContain(userIds['enterprise']);
  });

  it('removes a socket that unsubscribes or disconnects at once', async () => {
    let since = Date.now();
    expect(await emitWithAck(cadre, 'unsubscribe', { room })).toEqual({ ok: true });
    await sees(enterprise, (p) => !ids(p).includes(userIds['cadre']!), 'the cadre gone after unsubscribe');
    expect(Date.now() - since).toBeLessThan(SOON_MS);

    expect(await subscribe(cadre)).toEqual({ ok: true });
    await sees(enterprise, (p) => ids(p).includes(userIds['cadre']!), 'the cadre back');
    since = Date.now();
    cadre.close();
    await sees(enterprise, (p) => !ids(p).includes(userIds['cadre']!), 'the cadre gone after disconnecting');
    expect(Date.now() - since).toBeLessThan(SOON_MS);
  });

  it('removes a socket whose connection drops without a word within the ping interval and timeout', async () => {
    const relay = await relayTo(platform.gateways[1]!.url);
    relays.push(relay);
    const lost = await connect('beijing', relay.url);
    expect(await subscribe(lost)).toEqual({ ok: true });
    await sees(enterprise, (p) => ids(p).includes(userIds['beijing']!), 'the Beijing cadre arriving');
    relay.cut();
    const cutAt = Date.now();
    const left = await sees(
      enterprise,
      (p) => !ids(p).includes(userIds['beijing']!),
      'the lost connection gone',
      PING.pingIntervalMs + PING.pingTimeoutMs + SOON_MS,
    );
    // Found by the missing answer to a ping, not by a close that slipped through the relay.
    expect(Date.now() - cutAt).toBeGreaterThan(PING.pingTimeoutMs / 2);
    expect(ids(left.people)).toEqual([userIds['enterprise']]);
  });

  it('removes the socket of an instance that stopped refreshing within the expiry, and keeps the live ones', async () => {
    const stranded = await connect('beijing', 2);
    expect(await subscribe(stranded)).toEqual({ ok: true });
    await sees(enterprise, (p) => ids(p).includes(userIds['beijing']!), 'the Beijing cadre arriving');
    const joinedAt = Date.now();
    const left = await sees(
      enterprise,
      (p) => !ids(p).includes(userIds['beijing']!),
      'the stranded socket expired',
      TTL_MS + 2000,
    );
    expect(Date.now() - joinedAt).toBeGreaterThan(TTL_MS - 1000);
    // It never disconnected; the enterprise's own entry outlived the expiry through its refreshes.
    expect(stranded.connected).toBe(true);
    expect(ids(left.people)).toEqual([userIds['enterprise']]);
  });

  it('never sent the record’s presence to someone who may not read it, nor any presence of personal rooms', () => {
    expect(heard.get(outsider)).toEqual([]);
    for (const messages of heard.values()) for (const m of messages) expect(m.room).toBe(room);
  });
});
