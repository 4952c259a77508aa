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

  it('writes a Chinese name family name first, unspaced, and leaves others as Keycloak has them', () => {
    const chinese = principalFromClaims({ sub: 'u', name: '仁心 张', given_name: '仁心', family_name: '张' });
    expect(chinese.name).toBe('张仁心');
    const latin = principalFromClaims({
      sub: 'u',
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
    });
    expect(latin.name).toBe('Ada Lovelace');
    expect(principalFromClaims({ sub: 'u', name: '新发地采购部' }).name).toBe('新发地采购部');
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
