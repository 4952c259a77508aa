import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readJwsHeader, verifyRs256, type JwsFailure } from './jws';

// The verifier screens the header before jose sees a token; these cases reach jose directly, to
// show that it refuses on its own what the screen refuses, and how its errors map to our reasons.
const KID = 'realm-key-1';
const realmKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyFor = async (kid: string) => (kid === KID ? realmKey.publicKey : undefined);

const b64 = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');

function sign(
  claims: unknown,
  header: Record<string, unknown> = { alg: 'RS256', kid: KID },
  key: KeyObject = realmKey.privateKey,
): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

describe('verifyRs256 (jose)', () => {
  it('returns the claims of a token signed by the key it names', async () => {
    await expect(verifyRs256(sign({ sub: 'user-1', n: 1 }), keyFor)).resolves.toEqual({
      claims: { sub: 'user-1', n: 1 },
    });
  });

  it('refuses what the header screen refuses, and forgeries, as our reasons', async () => {
    const body = b64({ sub: 'user-1' });
    const hsHeader = b64({ alg: 'HS256', kid: KID });
    const secret = realmKey.publicKey.export({ type: 'spki', format: 'pem' });
    const mac = createHmac('sha256', secret).update(`${hsHeader}.${body}`).digest('base64url');
    const cases: Array<[string, JwsFailure]> = [
      [`${b64({ alg: 'none' })}.${body}.`, 'unsupported_algorithm'],
      [`${hsHeader}.${body}.${mac}`, 'unsupported_algorithm'],
      [sign({ sub: 'user-1' }, { alg: 'PS256', kid: KID }), 'unsupported_algorithm'],
      [`${b64({ kid: KID })}.${body}.c2ln`, 'malformed'],
      [sign({ sub: 'user-1' }, { alg: 'RS256', kid: KID, crit: ['exp'], exp: 1 }), 'malformed'],
      ['a.b', 'malformed'],
      [sign({ sub: 'user-1' }, { alg: 'RS256', kid: 'nobody' }), 'unknown_key'],
      [sign({ sub: 'user-1' }, { alg: 'RS256' }), 'unknown_key'],
      [sign({ sub: 'user-1' }, undefined, otherKey.privateKey), 'bad_signature'],
      [`${sign({ sub: 'user-1' }).split('.').slice(0, 2).join('.')}.`, 'bad_signature'],
      [sign([1, 2]), 'malformed'],
    ];
    for (const [raw, failure] of cases) await expect(verifyRs256(raw, keyFor)).resolves.toEqual({ failure });
  });
});

describe('readJwsHeader', () => {
  it('reads the header of a compact JWS without trusting it', () => {
    expect(readJwsHeader(sign({ sub: 'user-1' }))).toEqual({ alg: 'RS256', kid: KID });
  });

  it('says why a string is not a compact JWS', () => {
    expect(readJwsHeader('x'.repeat(20_000))).toBe('it is longer than 16384 characters');
    expect(readJwsHeader('a.b.c.d')).toBe('expected a signed JWT of three base64url parts');
    expect(readJwsHeader('!!.??.xx')).toBe('its header or claims are not base64url');
    expect(readJwsHeader(`${b64({})}.${b64({})}.a+b`)).toBe('its signature is not base64url');
    expect(readJwsHeader(`${b64([1])}.${b64({})}.c2ln`)).toBe('its header is not a JSON object');
    expect(readJwsHeader(`${b64({ alg: 'RS256' })}.${b64('text')}.c2ln`)).toBe(
      'its claims are not a JSON object',
    );
  });
});
