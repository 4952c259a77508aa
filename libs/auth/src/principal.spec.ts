import { principalFromClaims } from './principal';
import { bearerTokenOf } from './token-verifier';

describe('principalFromClaims', () => {
  it('keeps only platform roles and carries org and region', () => {
    const principal = principalFromClaims({
      sub: 'u-1',
      preferred_username: 'demo-cadre-county',
      name: '王芳',
      org: 'gov-xichuan',
      region: 'xichuan',
      realm_access: { roles: ['cadre', 'offline_access', 'default-roles-qingshui'] },
    });
    expect(principal).toEqual({
      userId: 'u-1',
      username: 'demo-cadre-county',
      name: '王芳',
      roles: ['cadre'],
      orgId: 'gov-xichuan',
      region: 'xichuan',
    });
  });

  it('refuses a token without subject', () => {
    expect(() => principalFromClaims({ realm_access: { roles: ['admin'] } })).toThrow('subject');
  });

  it('reads a bearer header', () => {
    expect(bearerTokenOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf('Basic abc')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
