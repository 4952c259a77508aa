import { createSign, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import {
  connectSocket,
  decodeJwt,
  emitWithAck,
  getToken,
  infraEnv,
  REPO_ROOT,
  waitFor,
  waitForSocketEvent,
} from '@qingshui/testing';
import type { GatewayConfig } from '@qingshui/app-gateway';
import { api, startPlatform, type Platform } from '../support/platform';
import { KeycloakAdmin, logoutSession, newSession, refreshGrant } from '../support/keycloak';

/** Access tokens of the short client live this long (Keycloak's `access.token.lifespan`). */
const SHORT_LIFESPAN_S = 20;
const CLIENT_PREFIX = 'qs-e2e-sessions-';
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
const CHALLENGE = 'Bearer realm="qingshui"';

/** The dev client's `org` and `region` mappers, so that the test clients' tokens carry them too. */
const protocolMappers = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'infra/keycloak/realm-qingshui.json'), 'utf8')) as {
    clients: Array<{ clientId: string; protocolMappers?: unknown[] }>;
  }
).clients.find((c) => c.clientId === 'qingshui-web')?.protocolMappers;

const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
/** Library text that must never reach a client. */
const LIBRARY_TEXT = /Cannot read|undefined|invalid token \(|TypeError|keycloak-connect/;

function forgeWith(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

const disconnected = (socket: Socket, timeoutMs = 10_000) =>
  new Promise<string>((resolve, reject) => {
    if (socket.disconnected) return resolve('already');
    const timer = setTimeout(
      () => reject(new Error(`socket not disconnected within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

describe('sessions: refused tokens, sockets that follow their token, back-channel logout', () => {
  // This run's own clients (created here, deleted after): the realm's clients stay as they are.
  const run = Date.now().toString(36);
  const longClient = `${CLIENT_PREFIX}${run}`;
  const shortClient = `${CLIENT_PREFIX}${run}-short`;
  /** Its logout tokens name no session (session not required): logouts are user-wide. */
  const userWideClient = `${CLIENT_PREFIX}${run}-user`;
  /** A user of this run only: a user-wide logout must never touch the demo users others test with. */
  const user = `${CLIENT_PREFIX}${run}`;
  const admin = new KeycloakAdmin();
  const withClients = (base: GatewayConfig): Partial<GatewayConfig> => ({
    keycloak: { ...base.keycloak, extraClients: [longClient, shortClient, userWideClient] },
  });
  let platform: Platform;
  let other: Platform | undefined;
  let a: string;
  let b: string;
  const sockets: Socket[] = [];
  const revokedKeys: string[] = [];

  const socket = async (url: string, token: string) => {
    const s = await connectSocket(url, token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    // Clients a crashed run left behind (their name carries their start time).
    for (const clientId of await admin.clientIdsStartingWith(CLIENT_PREFIX)) {
      const started = parseInt(clientId.slice(CLIENT_PREFIX.length).split('-')[0]!, 36);
      if (!(Date.now() - started < LEFTOVER_AGE_MS)) await admin.deleteClient(clientId);
    }
    for (const username of await admin.usernamesStartingWith(CLIENT_PREFIX)) {
      const started = parseInt(username.slice(CLIENT_PREFIX.length), 36);
      if (!(Date.now() - started < LEFTOVER_AGE_MS)) await admin.deleteUser(username);
    }
    platform = await startPlatform({ gateways: 2, gateway: withClients });
    [a, b] = platform.gateways.map((g) => g.url) as [string, string];
    const client = (clientId: string, attributes: Record<string, string>) => ({
      clientId,
      name: 'Qingshui e2e sessions (deleted after the run)',
      enabled: true,
      protocol: 'openid-connect',
      publicClient: true,
      directAccessGrantsEnabled: true,
      standardFlowEnabled: false,
      frontchannelLogout: false,
      fullScopeAllowed: true,
      protocolMappers,
      attributes,
    });
    await admin.ensureClient(
      client(longClient, {
        // Keycloak calls the first gateway; the second one learns through Redis.
        'backchannel.logout.url': `${a}/api/v1/auth/backchannel-logout`,
        'backchannel.logout.session.required': 'true',
      }),
    );
    await admin.ensureClient(client(shortClient, { 'access.token.lifespan': String(SHORT_LIFESPAN_S) }));
    await admin.ensureClient(
      client(userWideClient, {
        'backchannel.logout.url': `${b}/api/v1/auth/backchannel-logout`,
        'backchannel.logout.session.required': 'false',
      }),
    );
    await admin.createUser(user, 'e2e-password');
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await admin.deleteClient(longClient).catch(() => undefined);
    await admin.deleteClient(shortClient).catch(() => undefined);
    await admin.deleteClient(userWideClient).catch(() => undefined);
    await admin.deleteUser(user).catch(() => undefined);
    if (revokedKeys.length > 0) {
      const redis = new Redis(infraEnv().redisUrl, { maxRetriesPerRequest: 1 });
      await redis.del(...revokedKeys).finally(() => redis.disconnect());
    }
    await other?.close();
    await platform?.close();
  }, 60_000);

  it('answers 401 with WWW-Authenticate, in our words, for no token and for forged, unsigned and HS256 ones', async () => {
    const real = await getToken('demo-expert');
    const claims = decodeJwt(real);

    const none = await api(a, 'GET', '/api/v1/experts');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(CHALLENGE);
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'A bearer token is required' });

    const refusals: Array<[string, string]> = [
      [
        forgeWith(headerOf(real), { ...claims, realm_access: { roles: ['admin'] } }),
        'The token signature does not match the realm key it names',
      ],
      [
        `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, realm_access: { roles: ['admin'] } })}.`,
        'The token is not signed (alg none); only RS256 tokens of the realm are accepted',
      ],
      [
        `${encode({ alg: 'HS256', typ: 'JWT', kid: headerOf(real).kid })}.${encode(claims)}.c2ln`,
        'The token is signed with HS256; only RS256 is accepted',
      ],
      ['garbage', 'The token is malformed: expected a signed JWT of three base64url parts'],
    ];
    for (const [token, message] of refusals) {
      const refused = await api(a, 'GET', '/api/v1/experts', { token });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED', message });
      expect(refused.headers.get('www-authenticate')).toBe(
        `${CHALLENGE}, error="invalid_token", error_description="${message}"`,
      );
      expect(JSON.stringify(refused.body)).not.toMatch(LIBRARY_TEXT);
    }

    // The socket handshake refuses in the same words.
    await expect(connectSocket(a, refusals[1]![0])).rejects.toMatchObject({
      data: { code: 'UNAUTHENTICATED', reason: 'unsigned', message: refusals[1]![1] },
    });
  }, 60_000);

  it(
    'warns a socket before its token expires, takes a fresh token, drops the socket that has none, and says since when a token expired',
    async () => {
      const refreshing = await newSession(shortClient, 'demo-expert');
      const idle = await newSession(shortClient, 'demo-expert');
      const refreshingExp = (decodeJwt(refreshing.access_token)['exp'] as number) * 1000;
      const idleExp = (decodeJwt(idle.access_token)['exp'] as number) * 1000;
      const refresher = await socket(a, refreshing.access_token);
      const dropped = await socket(b, idle.access_token);
      const expiredEvent = waitForSocketEvent<{ expiredAt: string; message: string }>(
        dropped,
        'auth.expired',
        () => true,
        (SHORT_LIFESPAN_S + 10) * 1000,
      );
      const droppedGone = disconnected(dropped, (SHORT_LIFESPAN_S + 10) * 1000);

      const warning = await waitForSocketEvent<{ expiresAt: string }>(
        refresher,
        'auth.expiring',
        () => true,
        SHORT_LIFESPAN_S * 1000,
      );
      expect(warning).toEqual({ expiresAt: new Date(refreshingExp).toISOString() });
      expect(Date.now()).toBeLessThan(refreshingExp);

      // What a refresh refuses: another user, something that is not a token, nothing at all.
      const elsewhere = await emitWithAck(refresher, 'auth', { token: await getToken('demo-expert2') });
      expect(elsewhere).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await emitWithAck(refresher, 'auth', { token: 'garbage' })).toEqual({
        ok: false,
        code: 'UNAUTHENTICATED',
        reason: 'malformed',
        message: 'The token is malformed: expected a signed JWT of three base64url parts',
      });
      expect(await emitWithAck(refresher, 'auth', {})).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
      });

      const fresh = await refreshGrant(shortClient, refreshing.refresh_token);
      const freshExp = (decodeJwt(fresh.access_token)['exp'] as number) * 1000;
      expect(await emitWithAck(refresher, 'auth', { token: fresh.access_token })).toEqual({
        ok: true,
        expiresAt: new Date(freshExp).toISOString(),
      });

      // The socket without a fresh token is told and dropped at its token's expiry, not before.
      expect(await expiredEvent).toEqual({
        expiredAt: new Date(idleExp).toISOString(),
        message: 'The access token expired: connect again with a fresh one',
      });
      expect(await droppedGone).toBe('io server disconnect');
      expect(Date.now()).toBeGreaterThanOrEqual(idleExp);

      // The idle token has expired by now: HTTP and the handshake say since when.
      const exp = idleExp / 1000;
      const expired = await api(b, 'GET', '/api/v1/experts', { token: idle.access_token });
      expect(expired.status).toBe(401);
      const since = new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      expect(expired.body.message).toMatch(
        new RegExp(
          `^The token expired at ${since.replace(/[.]/g, '\\.')}, \\d+ s ago: sign in again or refresh it$`,
        ),
      );
      expect(expired.headers.get('www-authenticate')).toBe(
        `${CHALLENGE}, error="invalid_token", error_description="${expired.body.message}"`,
      );

      await expect(connectSocket(b, idle.access_token)).rejects.toMatchObject({
        data: {
          code: 'UNAUTHENTICATED',
          reason: 'expired',
          message: expect.stringMatching(
            new RegExp(`^The token expired at ${since.replace(/[.]/g, '\\.')}, `),
          ),
        },
      });

      // The refreshed one outlives its first token and still answers.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, refreshingExp + 1000 - Date.now())));
      expect(refresher.connected).toBe(true);
      expect(await emitWithAck(refresher, 'subscribe', { room: 'region:haidian' })).toEqual({ ok: true });
      refresher.close();
    },
    (SHORT_LIFESPAN_S * 3 + 20) * 1000,
  );

  it('refuses bad back-channel logout requests with 400 and says why', async () => {
    const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
      api(a, 'POST', '/api/v1/auth/backchannel-logout', { body, headers: { 'content-type': contentType } });

    const garbage = await post(new URLSearchParams({ logout_token: 'garbage' }).toString());
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [
        {
          field: 'logout_token',
          message: 'The token is malformed: expected a signed JWT of three base64url parts',
        },
      ],
    });
    const missing = await post('');
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual([{ field: 'logout_token', message: 'no logout_token was sent' }]);
    // An access token of the realm is not a logout token.
    const access = await post(
      new URLSearchParams({ logout_token: await getToken('demo-expert') }).toString(),
    );
    expect(access.status).toBe(400);
    expect(access.body.fields[0].message).toBe('it is a Bearer token, not a logout token');
    const json = await post(JSON.stringify({ logout_token: 'x' }), 'application/json');
    expect(json.status).toBe(415);
  });

  it('closes a logged-out session’s sockets and refuses its tokens on every instance; the user’s other session keeps working', async () => {
    const loggedOut = await newSession(longClient, 'demo-expert2');
    const kept = await newSession(longClient, 'demo-expert2');
    const sid = decodeJwt(loggedOut.access_token)['sid'] as string;
    expect(sid).toEqual(expect.any(String));
    expect(decodeJwt(kept.access_token)['sid']).not.toBe(sid);
    revokedKeys.push(`qs:kc:qingshui:revoked:sid:${sid}`);

    const onA = await socket(a, loggedOut.access_token);
    const onB = await socket(b, loggedOut.access_token);
    const keptOnB = await socket(b, kept.access_token);
    // The session's room is the gateway's: no one may watch it, nor leave it.
    expect(await emitWithAck(keptOnB, 'subscribe', { room: `session:${sid}` })).toMatchObject({
      ok: false,
      code: 'ROOM_UNKNOWN',
    });
    expect(await emitWithAck(onB, 'unsubscribe', { room: `session:${sid}` })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    for (const url of [a, b])
      expect((await api(url, 'GET', '/api/v1/experts', { token: loggedOut.access_token })).status).toBe(200);

    const goneA = disconnected(onA);
    const goneB = disconnected(onB);
    // Logging out in Keycloak (what a front end does); Keycloak posts the logout token to gateway a.
    await logoutSession(longClient, loggedOut.refresh_token);
    expect(await goneA).toBe('io server disconnect');
    expect(await goneB).toBe('io server disconnect');

    const message = 'The session of this token has been logged out: sign in again';
    for (const url of [a, b]) {
      const refused = await waitFor(
        async () => {
          const response = await api(url, 'GET', '/api/v1/experts', { token: loggedOut.access_token });
          return response.status === 401 ? response : undefined;
        },
        `401 for the logged-out session on ${url}`,
        3000,
      );
      expect(refused.body.message).toBe(message);
      expect(refused.headers.get('www-authenticate')).toBe(
        `${CHALLENGE}, error="invalid_token", error_description="${message}"`,
      );
    }
    await expect(connectSocket(b, loggedOut.access_token)).rejects.toMatchObject({
      data: { code: 'UNAUTHENTICATED', reason: 'revoked', message },
    });

    // The same user's other session is untouched.
    for (const url of [a, b])
      expect((await api(url, 'GET', '/api/v1/experts', { token: kept.access_token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(keptOnB.connected).toBe(true);
    const userRoom = `user:${decodeJwt(kept.access_token)['sub'] as string}`;
    expect(await emitWithAck(keptOnB, 'subscribe', { room: userRoom })).toEqual({ ok: true });

    // A gateway started later, in another environment on the same realm, refuses it too.
    other = await startPlatform({ gateways: 1, withTalent: false, gateway: withClients });
    const late = other.gateways[0]!.url;
    const lateRefusal = await api(late, 'GET', '/api/v1/experts', { token: loggedOut.access_token });
    expect(lateRefusal.status).toBe(401);
    expect(lateRefusal.body.message).toBe(message);
    await expect(connectSocket(late, loggedOut.access_token)).rejects.toMatchObject({
      data: { reason: 'revoked' },
    });
  }, 90_000);

  it('refuses every earlier token of a user and closes their sockets when a logout names no session; a later sign-in works', async () => {
    const first = await newSession(userWideClient, user, 'e2e-password');
    const second = await newSession(userWideClient, user, 'e2e-password');
    const sub = decodeJwt(first.access_token)['sub'] as string;
    revokedKeys.push(`qs:kc:qingshui:revoked:sub:${sub}`);
    const firstSocket = await socket(a, first.access_token);
    const secondSocket = await socket(b, second.access_token);
    const gone = [disconnected(firstSocket), disconnected(secondSocket)];
    // An admin watching the user's room is not the user: their socket stays.
    const watcher = await socket(a, await getToken('demo-admin'));
    expect(await emitWithAck(watcher, 'subscribe', { room: `user:${sub}` })).toEqual({ ok: true });
    expect(await emitWithAck(watcher, 'subscribe', { room: `sessions:${sub}` })).toMatchObject({
      ok: false,
      code: 'ROOM_UNKNOWN',
    });

    // Keycloak posts to gateway b a logout token with a sub and no sid.
    await logoutSession(userWideClient, first.refresh_token);
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    const message = 'The user of this token was logged out after it was issued: sign in again';
    for (const token of [first.access_token, second.access_token])
      for (const url of [a, b]) {
        const refused = await waitFor(
          async () => {
            const response = await api(url, 'GET', '/api/v1/experts', { token });
            return response.status === 401 ? response : undefined;
          },
          `401 for the user's earlier tokens on ${url}`,
          3000,
        );
        expect(refused.body.message).toBe(message);
      }

    expect(watcher.connected).toBe(true);

    // Token issue times are in seconds: a sign-in in the next second is after the logout.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await newSession(userWideClient, user, 'e2e-password');
    for (const url of [a, b])
      expect((await api(url, 'GET', '/api/v1/experts', { token: later.access_token })).status).toBe(200);
    expect((await socket(a, later.access_token)).connected).toBe(true);
  });
});
