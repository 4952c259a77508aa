import { infraEnv } from './infra';

/** A user of the platform as Keycloak keeps it: one realm role, an organisation and a region. */
export interface RealmUser {
  username: string;
  role: 'enterprise' | 'expert' | 'cadre' | 'admin';
  org: string;
  region: string;
  /** Shown as the user's name in tokens. */
  name?: string;
}

export interface KeycloakLogin {
  url: string;
  username: string;
  password: string;
}

/** The dev Keycloak's bootstrap admin (admin/admin), overridable as the bench does. */
export function keycloakAdmin(): KeycloakLogin {
  return {
    url: infraEnv().keycloakUrl,
    username: process.env['KC_BOOTSTRAP_ADMIN_USERNAME'] ?? 'admin',
    password: process.env['KC_BOOTSTRAP_ADMIN_PASSWORD'] ?? 'admin',
  };
}

export async function adminToken(admin: KeycloakLogin = keycloakAdmin()): Promise<string> {
  const response = await fetch(`${admin.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: admin.username,
      password: admin.password,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`Keycloak admin login failed: ${response.status} ${body.error_description ?? ''}`);
  return body.access_token;
}

/** A user as the admin API and realm imports take it (profile complete, so grants work at once). */
export function userRepresentation(user: RealmUser, password: string) {
  return {
    username: user.username,
    enabled: true,
    emailVerified: true,
    email: `${user.username}@test.qingshui.example`,
    firstName: user.name ?? 'Test',
    lastName: user.username,
    attributes: { org: [user.org], region: [user.region] },
    credentials: [{ type: 'password', value: password, temporary: false }],
    realmRoles: [user.role],
    requiredActions: [],
  };
}

/**
 * Adds users to a realm unless they are there (Keycloak's partial import, skipping existing ones):
 * tests that need people the demo realm lacks (an enterprise of a county that posts nothing, an
 * expert of a host organisation) create them, idempotently.
 */
export async function ensureRealmUsers(
  users: RealmUser[],
  realm = 'qingshui',
  password = 'demo',
): Promise<void> {
  const admin = keycloakAdmin();
  const token = await adminToken(admin);
  const response = await fetch(`${admin.url}/admin/realms/${realm}/partialImport`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ifResourceExists: 'SKIP',
      users: users.map((u) => userRepresentation(u, password)),
    }),
  });
  if (!response.ok) throw new Error(`adding users to ${realm}: ${response.status} ${await response.text()}`);
}
