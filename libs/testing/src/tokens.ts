import { infraEnv } from './infra';

export const DEMO_USERS = [
  'demo-enterprise',
  'demo-expert',
  'demo-expert2',
  'demo-cadre-county',
  'demo-cadre-beijing',
  'demo-admin',
] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

/** What Keycloak's token endpoint answers for a grant. */
export interface Grant {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/**
 * A grant at a realm's token endpoint (`grant_type` and its fields in `form`): a new session for a
 * password grant, a fresh access token of the session for a refresh grant.
 */
export async function tokenGrant(
  form: Record<string, string>,
  options: { realm?: string; keycloakUrl?: string } = {},
): Promise<Grant> {
  const url = `${options.keycloakUrl ?? infraEnv().keycloakUrl}/realms/${options.realm ?? 'qingshui'}`;
  const response = await fetch(`${url}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<Grant> & { error_description?: string };
  if (!response.ok || !body.access_token)
    throw Object.assign(
      new Error(
        `${form['grant_type']} grant for ${form['username'] ?? 'a session'}: ${response.status} ${body.error_description ?? ''}`,
      ),
      { status: response.status },
    );
  return body as Grant;
}

/** A session of its own: a password grant on the client (the dev client `qingshui-web` by default). */
export function passwordGrant(
  username: string,
  password = 'demo',
  options: { clientId?: string; realm?: string; keycloakUrl?: string } = {},
): Promise<Grant> {
  const { clientId = 'qingshui-web', ...where } = options;
  return tokenGrant({ grant_type: 'password', client_id: clientId, username, password }, where);
}

const cache = new Map<string, { token: string; expiresAt: number }>();

/** A real access token from Keycloak (password grant on `qingshui-web`), shared by the tests of a run. */
export async function getToken(username: DemoUser | string, password = 'demo'): Promise<string> {
  const hit = cache.get(username);
  if (hit && hit.expiresAt > Date.now() + 30_000) return hit.token;
  const grant = await passwordGrant(username, password);
  cache.set(username, { token: grant.access_token, expiresAt: Date.now() + (grant.expires_in ?? 60) * 1000 });
  return grant.access_token;
}

/** The decoded payload of a JWT (no verification: for assertions only). */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
