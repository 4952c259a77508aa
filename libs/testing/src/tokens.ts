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

const cache = new Map<string, { token: string; expiresAt: number }>();

/** A real access token from Keycloak (password grant on the dev client `qingshui-web`). */
export async function getToken(username: DemoUser | string, password = 'demo'): Promise<string> {
  const hit = cache.get(username);
  if (hit && hit.expiresAt > Date.now() + 30_000) return hit.token;
  const response = await fetch(`${infraEnv().keycloakUrl}/realms/qingshui/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'qingshui-web', username, password }),
  });
  const body = (await response.json()) as {
    access_token?: string;
    expires_in?: number;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new Error(`no token for ${username}: ${response.status} ${body.error_description ?? ''}`);
  }
  cache.set(username, { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 60) * 1000 });
  return body.access_token;
}

/** The decoded payload of a JWT (no verification: for assertions only). */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
