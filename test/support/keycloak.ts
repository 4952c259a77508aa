import { adminToken, infraEnv, passwordGrant, tokenGrant, type Grant } from '@qingshui/testing';

export type { Grant };

/**
 * The shared Keycloak's admin API, for tests that need a client of their own (a short token
 * lifespan, a back-channel logout URL pointing at the test's gateway). Every change is made on
 * clients the test creates and deletes, never on the realm's clients other suites use.
 */
export class KeycloakAdmin {
  private token: { value: string; until: number } | undefined;

  constructor(
    readonly url = infraEnv().keycloakUrl,
    readonly realm = 'qingshui',
    private readonly credentials = { username: 'admin', password: 'admin' },
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.url}/admin/realms/${this.realm}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.adminToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok && response.status !== 404)
      throw new Error(`Keycloak admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  /** The client's internal id, or undefined. */
  async clientUuid(clientId: string): Promise<string | undefined> {
    const response = await this.request('GET', `/clients?clientId=${encodeURIComponent(clientId)}`);
    const clients = (await response.json()) as Array<{ id: string; clientId: string }>;
    return clients.find((c) => c.clientId === clientId)?.id;
  }

  /** Creates the client, or updates it to this representation when it exists (idempotent). */
  async ensureClient(representation: { clientId: string } & Record<string, unknown>): Promise<void> {
    const uuid = await this.clientUuid(representation.clientId);
    if (uuid) await this.request('PUT', `/clients/${uuid}`, { ...representation, id: uuid });
    else await this.request('POST', '/clients', representation);
  }

  async deleteClient(clientId: string): Promise<void> {
    const uuid = await this.clientUuid(clientId);
    if (uuid) await this.request('DELETE', `/clients/${uuid}`);
  }

  /** Creates a user with a password (no roles); returns its id. */
  async createUser(username: string, password: string): Promise<string> {
    await this.request('POST', '/users', {
      username,
      enabled: true,
      emailVerified: true,
      email: `${username}@e2e.qingshui.example`,
      firstName: 'E2E',
      lastName: username,
      credentials: [{ type: 'password', value: password, temporary: false }],
      requiredActions: [],
    });
    const id = await this.userId(username);
    if (!id) throw new Error(`user ${username} was not created`);
    return id;
  }

  async userId(username: string): Promise<string | undefined> {
    const response = await this.request('GET', `/users?username=${encodeURIComponent(username)}&exact=true`);
    const users = (await response.json()) as Array<{ id: string; username: string }>;
    return users.find((u) => u.username === username)?.id;
  }

  async deleteUser(username: string): Promise<void> {
    const id = await this.userId(username);
    if (id) await this.request('DELETE', `/users/${id}`);
  }

  /** Usernames starting with the prefix (search). */
  async usernamesStartingWith(prefix: string): Promise<string[]> {
    const response = await this.request('GET', `/users?search=${encodeURIComponent(prefix)}&max=200`);
    const users = (await response.json()) as Array<{ username: string }>;
    return users.map((u) => u.username).filter((name) => name.startsWith(prefix));
  }

  /** Client ids starting with the prefix (search). */
  async clientIdsStartingWith(prefix: string): Promise<string[]> {
    const response = await this.request(
      'GET',
      `/clients?clientId=${encodeURIComponent(prefix)}&search=true&max=200`,
    );
    const clients = (await response.json()) as Array<{ clientId: string }>;
    return clients.map((c) => c.clientId).filter((id) => id.startsWith(prefix));
  }

  private async adminToken(): Promise<string> {
    // The master realm's tokens live 60 s: take a new one well before that.
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const value = await adminToken({ url: this.url, ...this.credentials });
    this.token = { value, until: Date.now() + 40_000 };
    return value;
  }
}

/** A session of its own (password grant on the given client): never the cached tokens of @qingshui/testing. */
export function newSession(clientId: string, username: string, password = 'demo'): Promise<Grant> {
  return passwordGrant(username, password, { clientId });
}

/** A fresh access token of the same session. */
export function refreshGrant(clientId: string, refreshToken: string): Promise<Grant> {
  return tokenGrant({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
}

/** Logs the session out the way a front end does (OIDC logout endpoint with the refresh token). */
export async function logoutSession(clientId: string, refreshToken: string): Promise<void> {
  const response = await fetch(`${infraEnv().keycloakUrl}/realms/qingshui/protocol/openid-connect/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, refresh_token: refreshToken }),
  });
  if (!response.ok) throw new Error(`logout: ${response.status} ${await response.text()}`);
}
