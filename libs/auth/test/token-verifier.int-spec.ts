import { generateKeyPairSync, createSign } from 'node:crypto';
import { TokenVerifier } from '../src';
import { decodeJwt, getToken, infraEnv } from '@qingshui/testing';

/** Signs claims with a key of our own: a well-formed token the realm never issued. */
function forge(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

describe('TokenVerifier against the real Keycloak realm', () => {
  const verifier = new TokenVerifier({
    url: infraEnv().keycloakUrl,
    realm: 'qingshui',
    clientId: 'qingshui-web',
  });

  it('turns a real access token into the principal, with organisation and region claims', async () => {
    const principal = await verifier.verify(await getToken('demo-cadre-county'));
    expect(principal).toMatchObject({
      username: 'demo-cadre-county',
      roles: ['cadre'],
      orgId: 'gov-xichuan',
      region: 'xichuan',
    });
    expect(principal.userId).toMatch(/^[0-9a-f-]{36}$/);
    const beijing = await verifier.verify(await getToken('demo-cadre-beijing'));
    expect(beijing).toMatchObject({ roles: ['cadre'], region: 'chaoyang' });
  });

  it('refuses a token signed with another key under the realm’s key id', async () => {
    const real = await getToken('demo-admin');
    const realHeader = JSON.parse(Buffer.from(real.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = forge(realHeader, { ...decodeJwt(real), realm_access: { roles: ['admin'] } });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('trusts no claim of a token the realm did not sign: a forged expired or refresh token is a bad signature', async () => {
    const real = await getToken('demo-expert');
    const realHeader = JSON.parse(Buffer.from(real.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const claims = decodeJwt(real);
    for (const forged of [
      forge(realHeader, { ...claims, exp: 1000 }),
      forge(realHeader, { ...claims, typ: 'Refresh' }),
    ])
      await expect(verifier.verify(forged)).rejects.toMatchObject({
        status: 401,
        reason: 'bad_signature',
        message: 'The token signature does not match the realm key it names',
      });
  });

  it('refuses alg none and HS256 in our words, whatever the realm publishes', async () => {
    const claims = decodeJwt(await getToken('demo-admin'));
    const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const none = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
    await expect(verifier.verify(none)).rejects.toMatchObject({
      status: 401,
      reason: 'unsigned',
      message: 'The token is not signed (alg none); only RS256 tokens of the realm are accepted',
    });
    const hs = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`;
    await expect(verifier.verify(hs)).rejects.toMatchObject({ status: 401, reason: 'unsupported_algorithm' });
  });

  it('pins the issuer: the same token is refused by a verifier expecting another address', async () => {
    const elsewhere = new TokenVerifier({
      url: 'http://localhost:8180',
      realm: 'qingshui',
      clientId: 'qingshui-web',
    });
    await expect(elsewhere.verify(await getToken('demo-expert'))).rejects.toMatchObject({
      status: 401,
      reason: 'wrong_issuer',
      message:
        'The token was not issued by the realm this gateway trusts (http://localhost:8180/realms/qingshui)',
    });
  });

  it('refuses missing and malformed tokens', async () => {
    await expect(verifier.verify(undefined)).rejects.toMatchObject({ status: 401, reason: 'missing' });
    await expect(verifier.verify('a.b')).rejects.toMatchObject({ status: 401, reason: 'malformed' });
  });
});
