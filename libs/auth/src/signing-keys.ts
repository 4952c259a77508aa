import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** Where the verifier finds the realm's public signing keys by key id. */
export interface SigningKeys {
  /** The RS256 key of that id, or undefined when the realm does not publish one. */
  keyFor(kid: string): Promise<KeyObject | undefined>;
}

/** The realm's keys cannot be read (Keycloak down or answering garbage): nothing can be verified. */
export class SigningKeysUnavailable extends Error {
  constructor(cause: unknown) {
    super('the realm signing keys cannot be fetched', { cause });
    this.name = 'SigningKeysUnavailable';
  }
}

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
  alg?: string;
}

export interface RealmSigningKeysOptions {
  /** An unknown key id refetches the key set at most this often (a rotation needs one refetch). */
  minRefreshMs?: number;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The realm's JWKS (`<issuer>/protocol/openid-connect/certs`), fetched on first use and again when a
 * token names a key id we do not hold (key rotation), no more often than `minRefreshMs`: a flood of
 * tokens with made-up key ids costs one request per interval, not one per token. Only RSA keys for
 * signatures (`use` sig or absent, `alg` RS256 or absent) are kept: the realm's RSA-OAEP key
 * encrypts, it never signs.
 */
export class RealmSigningKeys implements SigningKeys {
  private keys = new Map<string, KeyObject>();
  private loadedAtMs = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private lastError: unknown;
  private readonly minRefreshMs: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor(
    private readonly certsUrl: string,
    options: RealmSigningKeysOptions = {},
  ) {
    this.minRefreshMs = options.minRefreshMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async keyFor(kid: string): Promise<KeyObject | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    if (Date.now() - this.loadedAtMs >= this.minRefreshMs) await this.reload();
    // While the realm cannot be read, an unknown key id may be a rotated key: say so, not "forged".
    if (this.lastError !== undefined) throw new SigningKeysUnavailable(this.lastError);
    return this.keys.get(kid);
  }

  private reload(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    this.loadedAtMs = Date.now();
    let body: { keys?: unknown };
    try {
      const response = await this.fetch(this.certsUrl, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = (await response.json()) as { keys?: unknown };
      if (!Array.isArray(body.keys)) throw new Error('no keys array');
    } catch (error) {
      // Keep the keys we had: tokens signed with a known key still verify while Keycloak is away.
      this.lastError = error;
      return;
    }
    const keys = new Map<string, KeyObject>();
    for (const jwk of body.keys as Jwk[]) {
      if (jwk?.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }));
      } catch {
        /* a key we cannot read cannot verify anything: skip it */
      }
    }
    this.keys = keys;
    this.lastError = undefined;
  }
}
