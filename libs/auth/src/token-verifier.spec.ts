import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AppError } from '@qingshui/contracts';
import {
  BACKCHANNEL_LOGOUT_EVENT,
  LogoutTokenRefusedError,
  RealmSigningKeys,
  RevokedSessions,
  SigningKeysUnavailable,
  TokenRefusedError,
  TokenVerifier,
  wwwAuthenticate,
  type SigningKeys,
} from './index';

const ISSUER = 'http://127.0.0.1:8180/realms/qingshui';
const KID = 'realm-key-1';
const realmKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64 = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');

function sign(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: KID },
  key: KeyObject = realmKey.privateKey,
): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

let nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);
const nowS = () => Math.floor(nowMs / 1000);

function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    exp: nowS() + 300,
    iat: nowS() - 10,
    jti: 'j-1',
    iss: ISSUER,
    aud: 'account',
    sub: 'user-1',
    typ: 'Bearer',
    azp: 'qingshui-web',
    sid: 'session-1',
    preferred_username: 'demo-expert',
    realm_access: { roles: ['expert', 'offline_access'] },
    org: 'inst-bjfu',
    region: 'haidian',
    ...overrides,
  };
}

function logoutClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iat: nowS(),
    exp: nowS() + 120,
    jti: 'l-1',
    iss: ISSUER,
    aud: 'qingshui-web',
    sub: 'user-1',
    typ: 'Logout',
    sid: 'session-1',
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    ...overrides,
  };
}

const logoutHeader = { alg: 'RS256', typ: 'logout+jwt', kid: KID };

function setup(options: { keys?: SigningKeys } = {}) {
  const lookups: string[] = [];
  const keys: SigningKeys = options.keys ?? {
    keyFor: async (kid) => {
      lookups.push(kid);
      return kid === KID ? realmKey.publicKey : undefined;
    },
  };
  const revocations = new RevokedSessions(() => nowMs);
  const verifier = new TokenVerifier(
    { url: 'http://127.0.0.1:8180', realm: 'qingshui', clientId: 'qingshui-web' },
    { keys, revocations, now: () => nowMs },
  );
  return { verifier, revocations, lookups };
}

async function refusal(promise: Promise<unknown>): Promise<TokenRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRefusedError);
  const refused = error as TokenRefusedError;
  expect(refused.status).toBe(401);
  expect(refused.code).toBe('UNAUTHENTICATED');
  // Our words only: ASCII without quotes (fits error_description), no library internals.
  expect(refused.message).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
  expect(refused.message).not.toMatch(/Cannot read|undefined|invalid token \(|TypeError|SyntaxError/);
  // Nor jose's (its messages name JWS, JWKS and header parameters).
  expect(refused.message).not.toMatch(/JWS|JSON Web Key|Header Parameter|verification failed|modulusLength/);
  return refused;
}

describe('TokenVerifier: access tokens', () => {
  beforeEach(() => {
    nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);
  });

  it('accepts a realm token and returns the principal, the session and the expiry', async () => {
    const { verifier } = setup();
    const claims = accessClaims();
    const verified = await verifier.verifyToken(sign(claims));
    expect(verified).toEqual({
      principal: {
        userId: 'user-1',
        username: 'demo-expert',
        roles: ['expert'],
        orgId: 'inst-bjfu',
        region: 'haidian',
      },
      sessionId: 'session-1',
      expiresAtMs: (claims['exp'] as number) * 1000,
      issuedAt: claims['iat'],
    });
  });

  it('says a token is required when none was sent', async () => {
    const { verifier } = setup();
    for (const missing of [undefined, null, '']) {
      const refused = await refusal(verifier.verify(missing));
      expect(refused.reason).toBe('missing');
      expect(refused.message).toBe('A bearer token is required');
    }
  });

  it('refuses what is not a signed JWT', async () => {
    const { verifier } = setup();
    for (const raw of [
      'garbage',
      'a.b',
      'a.b.c.d',
      '!!.??.xx',
      `${b64([1])}.${b64({})}.sig`,
      'x'.repeat(20_000),
    ]) {
      const refused = await refusal(verifier.verify(raw));
      expect(refused.reason).toBe('malformed');
      expect(refused.message).toMatch(/^The token is malformed: /);
    }
    const notJson = `${Buffer.from('{not json').toString('base64url')}.${b64({})}.c2ln`;
    expect((await refusal(verifier.verify(notJson))).message).toBe(
      'The token is malformed: its header is not a JSON object',
    );
  });

  it('refuses alg none, with or without a signature, before looking at any key', async () => {
    const { verifier, lookups } = setup();
    const claims = b64(accessClaims({ realm_access: { roles: ['admin'] } }));
    for (const alg of ['none', 'None', 'NONE']) {
      for (const signature of ['', 'c2ln']) {
        const refused = await refusal(verifier.verify(`${b64({ alg, typ: 'JWT' })}.${claims}.${signature}`));
        expect(refused.reason).toBe('unsigned');
        expect(refused.message).toBe(
          'The token is not signed (alg none); only RS256 tokens of the realm are accepted',
        );
      }
    }
    expect(lookups).toEqual([]);
  });

  it('refuses HS256 (an HMAC keyed with the realm’s public key) and every other algorithm', async () => {
    const { verifier } = setup();
    const header = b64({ alg: 'HS256', typ: 'JWT', kid: KID });
    const body = b64(accessClaims());
    const secret = realmKey.publicKey.export({ type: 'spki', format: 'pem' });
    const mac = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
    const refused = await refusal(verifier.verify(`${header}.${body}.${mac}`));
    expect(refused.reason).toBe('unsupported_algorithm');
    expect(refused.message).toBe('The token is signed with HS256; only RS256 is accepted');

    for (const alg of ['RS512', 'ES256', 'PS256']) {
      const other = await refusal(verifier.verify(`${b64({ alg, kid: KID })}.${body}.c2ln`));
      expect(other.reason).toBe('unsupported_algorithm');
    }
    // A made-up algorithm name is not quoted back.
    const odd = await refusal(verifier.verify(`${b64({ alg: 'x"><script>', kid: KID })}.${body}.c2ln`));
    expect(odd.message).toBe('The token is signed with an unknown algorithm; only RS256 is accepted');
    const missing = await refusal(verifier.verify(`${b64({ kid: KID })}.${body}.c2ln`));
    expect(missing.reason).toBe('unsupported_algorithm');
  });

  it('refuses a signature by another key, under the realm’s key id or another one', async () => {
    const { verifier } = setup();
    const forged = await refusal(verifier.verify(sign(accessClaims(), undefined, otherKey.privateKey)));
    expect(forged.reason).toBe('bad_signature');
    expect(forged.message).toBe('The token signature does not match the realm key it names');

    const [header, body] = sign(accessClaims()).split('.');
    const tampered = sign(accessClaims({ realm_access: { roles: ['admin'] } })).split('.')[1];
    const swapped = await refusal(
      verifier.verify(`${header}.${tampered}.${sign(accessClaims()).split('.')[2]}`),
    );
    expect(swapped.reason).toBe('bad_signature');
    expect((await refusal(verifier.verify(`${header}.${body}.`))).reason).toBe('bad_signature');

    const unknownKid = await refusal(
      verifier.verify(sign(accessClaims(), { alg: 'RS256', kid: 'nobody' }, otherKey.privateKey)),
    );
    expect(unknownKid.reason).toBe('unknown_key');
    expect(unknownKid.message).toBe('The token is signed with a key the realm does not publish');
    expect((await refusal(verifier.verify(sign(accessClaims(), { alg: 'RS256' })))).reason).toBe(
      'unknown_key',
    );
  });

  it('refuses, in our words, a realm key jose will not verify RS256 with (short RSA, not RSA)', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (const key of [weak.publicKey, ec.publicKey]) {
      const { verifier } = setup({ keys: { keyFor: async () => key } });
      const refused = await refusal(verifier.verify(sign(accessClaims(), undefined, weak.privateKey)));
      expect(refused.reason).toBe('bad_signature');
      expect(refused.message).toBe('The token signature does not match the realm key it names');
    }
  });

  it('passes on a failure of the key lookup itself, not as a verdict on the token', async () => {
    const broken = new Error('lookup broke');
    const { verifier } = setup({
      keys: {
        keyFor: async () => {
          throw broken;
        },
      },
    });
    await expect(verifier.verify(sign(accessClaims()))).rejects.toBe(broken);
  });

  it('says since when a token is expired', async () => {
    const { verifier } = setup();
    const token = sign(accessClaims({ exp: nowS() - 42 }));
    const refused = await refusal(verifier.verify(token));
    expect(refused.reason).toBe('expired');
    expect(refused.message).toBe(
      'The token expired at 2026-12-01T11:59:18Z, 42 s ago: sign in again or refresh it',
    );
    expect((await refusal(verifier.verify(sign(accessClaims({ exp: undefined }))))).reason).toBe('malformed');
  });

  it('refuses a token that is not valid yet, beyond a 5 s clock tolerance', async () => {
    const { verifier } = setup();
    await expect(verifier.verify(sign(accessClaims({ iat: nowS() + 4 })))).resolves.toBeDefined();
    const nbf = await refusal(verifier.verify(sign(accessClaims({ nbf: nowS() + 60 }))));
    expect(nbf.reason).toBe('not_yet_valid');
    expect(nbf.message).toBe('The token is not valid before 2026-12-01T12:01:00Z');
    const iat = await refusal(verifier.verify(sign(accessClaims({ iat: nowS() + 60 }))));
    expect(iat.reason).toBe('not_yet_valid');
  });

  it('refuses another issuer, another type and another client', async () => {
    const { verifier } = setup();
    const issuer = await refusal(
      verifier.verify(sign(accessClaims({ iss: 'http://localhost:8180/realms/qingshui' }))),
    );
    expect(issuer.reason).toBe('wrong_issuer');
    expect(issuer.message).toBe(`The token was not issued by the realm this gateway trusts (${ISSUER})`);

    const refresh = await refusal(verifier.verify(sign(accessClaims({ typ: 'Refresh' }))));
    expect(refresh.reason).toBe('wrong_type');
    expect(refresh.message).toBe('The token is a refresh token; send an access token (typ Bearer)');
    const id = await refusal(verifier.verify(sign(accessClaims({ typ: 'ID' }))));
    expect(id.message).toBe('The token is an ID token; send an access token (typ Bearer)');
    const logout = await refusal(verifier.verify(sign(logoutClaims(), logoutHeader)));
    expect(logout.reason).toBe('wrong_type');

    const client = await refusal(verifier.verify(sign(accessClaims({ azp: 'admin-cli' }))));
    expect(client.reason).toBe('wrong_audience');
    expect(client.message).toBe(
      'The token was issued to another client; this gateway accepts tokens of qingshui-web',
    );
    const anonymous = await refusal(verifier.verify(sign(accessClaims({ sub: undefined }))));
    expect(anonymous.reason).toBe('no_subject');
  });

  it('accepts the extra clients it is configured with', async () => {
    const verifier = new TokenVerifier(
      { url: 'http://127.0.0.1:8180', realm: 'qingshui', clientId: 'qingshui-web', extraClients: ['e2e'] },
      { keys: { keyFor: async () => realmKey.publicKey }, now: () => nowMs },
    );
    await expect(verifier.verify(sign(accessClaims({ azp: 'e2e' })))).resolves.toMatchObject({
      userId: 'user-1',
    });
  });

  it('caches a verified token until it expires, and then says it expired', async () => {
    const { verifier, lookups } = setup();
    const token = sign(accessClaims({ exp: nowS() + 60 }));
    await verifier.verify(token);
    await verifier.verify(token);
    expect(lookups).toEqual([KID]);
    nowMs += 61_000;
    expect((await refusal(verifier.verify(token))).reason).toBe('expired');
  });

  it('refuses the tokens of a logged-out session, even from its cache, and keeps the others', async () => {
    const { verifier, revocations } = setup();
    const loggedOut = sign(accessClaims({ sid: 'session-1' }));
    const other = sign(accessClaims({ sid: 'session-2', jti: 'j-2' }));
    await verifier.verify(loggedOut);
    await verifier.verify(other);

    revocations.add({ sid: 'session-1', sub: 'user-1', at: nowS(), expiresAtMs: nowMs + 3_600_000 });
    const refused = await refusal(verifier.verify(loggedOut));
    expect(refused.reason).toBe('revoked');
    expect(refused.message).toBe('The session of this token has been logged out: sign in again');
    await expect(verifier.verify(other)).resolves.toMatchObject({ userId: 'user-1' });
  });

  it('refuses a user’s tokens issued before a user-wide logout, not those of a later sign-in', async () => {
    const { verifier, revocations } = setup();
    const before = sign(accessClaims({ sid: 'session-a', iat: nowS() - 100 }));
    revocations.add({ sub: 'user-1', at: nowS() - 50, expiresAtMs: nowMs + 3_600_000 });
    expect((await refusal(verifier.verify(before))).reason).toBe('revoked');
    const after = sign(accessClaims({ sid: 'session-b', iat: nowS() - 10 }));
    await expect(verifier.verify(after)).resolves.toMatchObject({ userId: 'user-1' });
    const someoneElse = sign(accessClaims({ sub: 'user-2', iat: nowS() - 100 }));
    await expect(verifier.verify(someoneElse)).resolves.toMatchObject({ userId: 'user-2' });
  });

  it('answers 503 when the realm keys cannot be fetched, not that the token is bad', async () => {
    const { verifier } = setup({
      keys: new RealmSigningKeys('http://127.0.0.1:1/certs', {
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      }),
    });
    const error = await verifier.verify(sign(accessClaims())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'Cannot check the token now: the realm signing keys cannot be fetched',
    });
  });
});

describe('RealmSigningKeys', () => {
  it('lets tokens that arrive during the first read of the keys wait for it, not refuses them', async () => {
    let fetches = 0;
    let answer: () => void = () => undefined;
    const keys = new RealmSigningKeys('http://127.0.0.1:1/certs', {
      fetch: async () => {
        fetches += 1;
        await new Promise<void>((resolve) => (answer = resolve));
        const jwk = { ...realmKey.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' };
        return new Response(JSON.stringify({ keys: [jwk] }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const first = keys.keyFor(KID);
    // Each lookup reaches the read before answering it.
    await new Promise((resolve) => setImmediate(resolve));
    const second = keys.keyFor(KID);
    await new Promise((resolve) => setImmediate(resolve));
    answer();
    const found = await Promise.all([first, second]);
    expect(found.every((k) => k !== undefined)).toBe(true);
    expect(fetches).toBe(1);
  });
});

describe('TokenVerifier: back-channel logout tokens', () => {
  beforeEach(() => {
    nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);
  });

  async function logoutRefusal(raw: string | undefined): Promise<string> {
    const { verifier } = setup();
    const error = await verifier.verifyLogoutToken(raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogoutTokenRefusedError);
    const refused = error as LogoutTokenRefusedError;
    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(refused.fields).toEqual([{ field: 'logout_token', message: expect.any(String) }]);
    return refused.fields![0]!.message;
  }

  it('accepts a Keycloak logout token and says which session and user logged out', async () => {
    const { verifier } = setup();
    await expect(verifier.verifyLogoutToken(sign(logoutClaims(), logoutHeader))).resolves.toEqual({
      sid: 'session-1',
      sub: 'user-1',
      iat: nowS(),
      jti: 'l-1',
      client: 'qingshui-web',
    });
    // A user-wide logout names no session; aud may be a list.
    await expect(
      verifier.verifyLogoutToken(
        sign(logoutClaims({ sid: undefined, aud: ['other', 'qingshui-web'] }), logoutHeader),
      ),
    ).resolves.toEqual({ sub: 'user-1', iat: nowS(), jti: 'l-1', client: 'qingshui-web' });
  });

  it('refuses what the specification refuses', async () => {
    const cases: Array<[string, string]> = [
      [sign(logoutClaims({ events: undefined }), logoutHeader), 'it has no events claim'],
      [
        sign(logoutClaims({ events: { 'http://schemas.openid.net/event/other': {} } }), logoutHeader),
        `its events claim does not hold ${BACKCHANNEL_LOGOUT_EVENT}`,
      ],
      [
        sign(logoutClaims({ events: { [BACKCHANNEL_LOGOUT_EVENT]: 'yes' } }), logoutHeader),
        `its events claim does not hold ${BACKCHANNEL_LOGOUT_EVENT}`,
      ],
      [sign(logoutClaims({ nonce: 'n' }), logoutHeader), 'it carries a nonce, which a logout token must not'],
      [
        sign(logoutClaims({ sid: undefined, sub: undefined }), logoutHeader),
        'it names neither a session (sid) nor a user (sub)',
      ],
      [sign(logoutClaims({ sid: 42 }), logoutHeader), 'its sid is not a string'],
      [sign(logoutClaims({ iat: nowS() + 60 }), logoutHeader), 'it claims to be issued in the future'],
      [sign(logoutClaims({ iat: undefined }), logoutHeader), 'it has no issue time (iat)'],
      [sign(logoutClaims({ exp: nowS() - 1 }), logoutHeader), 'it has expired'],
      [
        sign(logoutClaims({ aud: 'account' }), logoutHeader),
        'its audience is not a client of this gateway (qingshui-web)',
      ],
      [
        sign(logoutClaims({ iss: 'http://elsewhere/realms/qingshui' }), logoutHeader),
        `it was not issued by ${ISSUER}`,
      ],
      [sign(logoutClaims({ typ: 'Bearer' }), logoutHeader), 'it is a Bearer token, not a logout token'],
      [sign(logoutClaims(), { ...logoutHeader, typ: 'at+jwt' }), 'its header type is at+jwt, not logout+jwt'],
      [
        sign(logoutClaims(), logoutHeader, otherKey.privateKey),
        'The token signature does not match the realm key it names',
      ],
      [
        `${b64({ alg: 'none', typ: 'logout+jwt' })}.${b64(logoutClaims())}.`,
        'The token is not signed (alg none); only RS256 tokens of the realm are accepted',
      ],
      ['not-a-jwt', 'The token is malformed: expected a signed JWT of three base64url parts'],
    ];
    for (const [raw, message] of cases) expect(await logoutRefusal(raw)).toBe(message);
    expect(await logoutRefusal(undefined)).toBe('no logout_token was sent');
  });

  it('never takes an access token for a logout token', async () => {
    const message = await logoutRefusal(sign(accessClaims()));
    expect(message).toBe('it is a Bearer token, not a logout token');
    const untyped = await logoutRefusal(sign(accessClaims({ typ: undefined })));
    expect(untyped).toBe('its audience is not a client of this gateway (qingshui-web)');
    const withAud = await logoutRefusal(sign(accessClaims({ typ: undefined, aud: 'qingshui-web' })));
    expect(withAud).toBe('it has no events claim');
  });
});

describe('wwwAuthenticate (RFC 6750)', () => {
  it('names the realm, and the error only when a token was sent', () => {
    expect(wwwAuthenticate(new TokenRefusedError('missing', 'A bearer token is required'), 'qingshui')).toBe(
      'Bearer realm="qingshui"',
    );
    expect(wwwAuthenticate(new TokenRefusedError('expired', 'The token expired at X'), 'qingshui')).toBe(
      'Bearer realm="qingshui", error="invalid_token", error_description="The token expired at X"',
    );
    expect(
      wwwAuthenticate(new AppError(401, 'UNAUTHENTICATED', 'A bearer token is required'), 'qingshui'),
    ).toBe('Bearer realm="qingshui"');
  });

  it('adds nothing to other errors', () => {
    expect(wwwAuthenticate(new AppError(403, 'FORBIDDEN', 'no'), 'qingshui')).toBeUndefined();
    expect(wwwAuthenticate(new Error('boom'), 'qingshui')).toBeUndefined();
    expect(wwwAuthenticate(undefined, 'qingshui')).toBeUndefined();
  });

  it('keeps the header value quotable whatever the message holds', () => {
    expect(wwwAuthenticate(new TokenRefusedError('malformed', 'say "hi" \\ 你好'), 'q"s')).toBe(
      'Bearer realm="q?s", error="invalid_token", error_description="say ?hi? ? ??"',
    );
  });
});

describe('RealmSigningKeys', () => {
  const jwk = (kid: string, extra: Record<string, unknown> = {}) => ({
    ...(realmKey.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
    kid,
    use: 'sig',
    alg: 'RS256',
    ...extra,
  });

  it('keeps RS256 signing keys, refetches for an unknown key id at most once per interval', async () => {
    const served = [
      { keys: [jwk('k1'), jwk('enc', { use: 'enc', alg: 'RSA-OAEP' }), { kty: 'EC', kid: 'ec' }] },
    ];
    let calls = 0;
    const keys = new RealmSigningKeys('http://kc/certs', {
      minRefreshMs: 60_000,
      fetch: async () => {
        calls += 1;
        return new Response(JSON.stringify(served[served.length - 1]));
      },
    });
    expect(await keys.keyFor('k1')).toBeDefined();
    expect(await keys.keyFor('enc')).toBeUndefined();
    expect(await keys.keyFor('ec')).toBeUndefined();
    expect(await keys.keyFor('made-up')).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('learns a rotated key on the next refetch', async () => {
    let served = [jwk('k1')];
    let calls = 0;
    const keys = new RealmSigningKeys('http://kc/certs', {
      minRefreshMs: 0,
      fetch: async () => {
        calls += 1;
        return new Response(JSON.stringify({ keys: served }));
      },
    });
    expect(await keys.keyFor('k1')).toBeDefined();
    served = [jwk('k1'), jwk('k2')];
    expect(await keys.keyFor('k2')).toBeDefined();
    expect(calls).toBe(2);
  });

  it('takes a key set jose finds malformed for an unreadable realm, and keeps the keys it had', async () => {
    let served: unknown = { keys: [jwk('k1')] };
    const keys = new RealmSigningKeys('http://kc/certs', {
      minRefreshMs: 0,
      fetch: async () => new Response(JSON.stringify(served)),
    });
    expect(await keys.keyFor('k1')).toBeDefined();
    for (const garbage of [{ keys: 'none' }, { keys: [null] }, ['k2']]) {
      served = garbage;
      await expect(keys.keyFor('k2')).rejects.toBeInstanceOf(SigningKeysUnavailable);
      expect(await keys.keyFor('k1')).toBeDefined();
    }
  });

  it('uses no key that is ambiguous or not for verifying', async () => {
    const keys = new RealmSigningKeys('http://kc/certs', {
      minRefreshMs: 60_000,
      fetch: async () =>
        new Response(
          JSON.stringify({
            keys: [
              jwk('twice'),
              jwk('twice', otherKey.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
              jwk('sign-only', { key_ops: ['sign'] }),
              jwk('verify', { key_ops: ['verify'] }),
              jwk('rs512', { alg: 'RS512' }),
              { kty: 'RSA', kid: 'broken', n: 'AAAA' },
            ],
          }),
        ),
    });
    expect(await keys.keyFor('twice')).toBeUndefined();
    expect(await keys.keyFor('sign-only')).toBeUndefined();
    expect(await keys.keyFor('verify')).toBeDefined();
    expect(await keys.keyFor('rs512')).toBeUndefined();
    expect(await keys.keyFor('broken')).toBeUndefined();
  });
});

describe('RevokedSessions', () => {
  it('forgets entries once every token they refuse has expired', () => {
    let now = 1_000_000;
    const revoked = new RevokedSessions(() => now);
    revoked.add({ sid: 's1', at: 1000, expiresAtMs: now + 10_000 });
    revoked.add({ sub: 'u1', at: 1000, expiresAtMs: now + 5_000 });
    revoked.add({ sid: 'old', at: 900, expiresAtMs: now - 1 });
    expect(revoked.size).toBe(2);
    expect(revoked.revokedBy({ sid: 's1', sub: 'u2' })).toBe('session');
    expect(revoked.revokedBy({ sid: 's2', sub: 'u1', iat: 999 })).toBe('user');
    expect(revoked.revokedBy({ sid: 's2', sub: 'u1', iat: 1001 })).toBeUndefined();
    expect(revoked.revokedBy({ sub: 'u1' })).toBe('user');
    now += 6_000;
    expect(revoked.revokedBy({ sid: 's2', sub: 'u1', iat: 999 })).toBeUndefined();
    expect(revoked.purge()).toBe(1);
    now += 5_000;
    expect(revoked.revokedBy({ sid: 's1', sub: 'u2' })).toBeUndefined();
    expect(revoked.size).toBe(0);
  });
});
