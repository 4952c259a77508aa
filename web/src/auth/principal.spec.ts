import { homeOf, principalOf, primaryRole } from './principal';

describe('the principal the console derives from an access token', () => {
  it('reads the same claims as the gateway and keeps only the platform’s roles', () => {
    const principal = principalOf({
      sub: 'u-1',
      preferred_username: 'demo-cadre-county',
      name: '王芳',
      realm_access: { roles: ['cadre', 'default-roles-qingshui', 'offline_access'] },
      org: 'gov-xichuan',
      region: 'xichuan',
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

  it('writes a Chinese name family name first, as Chinese readers expect', () => {
    expect(principalOf({ sub: 'u', name: '森 李', given_name: '森', family_name: '李' }).name).toBe('李森');
    expect(
      principalOf({ sub: 'u', name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' }).name,
    ).toBe('Ada Lovelace');
  });

  it('opens the home page of the most powerful role, and a clear page without a role', () => {
    const base = { userId: 'u', username: 'u' };
    expect(homeOf({ ...base, roles: ['expert'] })).toBe('/expert/matches');
    expect(homeOf({ ...base, roles: ['expert', 'admin'] })).toBe('/admin/verification');
    expect(primaryRole({ ...base, roles: ['enterprise', 'cadre'] })).toBe('cadre');
    expect(homeOf({ ...base, roles: [] })).toBe('/no-role');
  });
});
