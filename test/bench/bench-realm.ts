// A Keycloak realm of the stations benchmark: the dev realm's client, roles, `org`/`region` mappers
// and user profile, with generated users and one hash iteration. With the default hashing a
// password grant costs ~100 ms of CPU on 2 cores, and the benchmark needs a thousand of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  adminToken,
  passwordGrant,
  REPO_ROOT,
  userRepresentation,
  type KeycloakLogin,
  type RealmUser,
} from '@qingshui/testing';

export type BenchUser = RealmUser & { role: 'expert' | 'cadre' };

export const BENCH_PASSWORD = 'bench-password';

/**
 * Creates the realm with its users, or adds the users it lacks (skipping those it has), so that a
 * second run only pays for a user count. Keycloak's dev mode keeps realms in memory: a restart
 * of Keycloak drops it, and the next run creates it again.
 */
export async function ensureBenchRealm(
  admin: KeycloakLogin,
  realm: string,
  users: BenchUser[],
): Promise<'created' | 'extended' | 'reused'> {
  const token = await adminToken(admin);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const base = `${admin.url}/admin/realms`;

  const existing = await fetch(`${base}/${realm}/users/count`, { headers });
  if (existing.ok) {
    const count = Number(await existing.text());
    if (count >= users.length) return 'reused';
    const imported = await fetch(`${base}/${realm}/partialImport`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        ifResourceExists: 'SKIP',
        users: users.map((u) => userRepresentation(u, BENCH_PASSWORD)),
      }),
    });
    if (!imported.ok)
      throw new Error(`adding users to ${realm}: ${imported.status} ${await imported.text()}`);
    return 'extended';
  }
  if (existing.status !== 404)
    throw new Error(`looking up realm ${realm}: ${existing.status} ${await existing.text()}`);

  const template = JSON.parse(
    readFileSync(join(REPO_ROOT, 'infra/keycloak/realm-qingshui.json'), 'utf8'),
  ) as Record<string, unknown>;
  const created = await fetch(base, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      ...template,
      realm,
      displayName: `${realm} (benchmark users)`,
      passwordPolicy: 'hashIterations(1)',
      users: users.map((u) => userRepresentation(u, BENCH_PASSWORD)),
    }),
  });
  if (!created.ok) throw new Error(`creating realm ${realm}: ${created.status} ${await created.text()}`);
  return 'created';
}

async function benchToken(keycloakUrl: string, realm: string, username: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await passwordGrant(username, BENCH_PASSWORD, { realm, keycloakUrl })).access_token;
    } catch (error) {
      // A 5xx under a burst of logins is worth another try; a 401 is not.
      if (((error as { status?: number }).status ?? 0) < 500 || attempt >= 3) throw error;
    }
  }
}

/** Real access tokens by password grant, `concurrency` logins at a time, in the order given. */
export async function fetchTokens(
  keycloakUrl: string,
  realm: string,
  usernames: string[],
  concurrency: number,
): Promise<string[]> {
  const tokens = new Array<string>(usernames.length);
  let next = 0;
  const lane = async () => {
    while (next < usernames.length) {
      const i = next++;
      tokens[i] = await benchToken(keycloakUrl, realm, usernames[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, usernames.length) }, lane));
  return tokens;
}
