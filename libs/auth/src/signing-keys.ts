import { KeyObject } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';

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

export interface RealmSigningKeysOptions {
  /** An unknown key id refetches the key set at most this often (a rotation needs one refetch). */
  minRefreshMs?: number;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The realm's JWKS (`<issuer>/protocol/openid-connect/certs`), fetched on first use and again when a
 * token names a key id we do not hold (key rotation), no more often than `minRefreshMs`: a flood of
 * tokens with made-up key ids costs one request per interval, not one per token; a failed fetch
 * counts too, and keeps the keys of the last good one. Choosing and importing a key is jose's
 * (`createLocalJWKSet`): only an RSA key for signatures (`kty` RSA, `use` sig or absent, `alg` RS256
 * or absent, `key_ops` with verify if present) under that key id is used, so the realm's RSA-OAEP
 * key, which encrypts, never verifies a token.
 *
 * Why not jose's `createRemoteJWKSet`: after a failed fetch it starts no cooldown (while Keycloak
 * is down, every token with an unknown key id, and every token before the first good fetch, sends
 * another request), once its cache is older than `cacheMaxAge` a failed refresh fails the tokens of
 * known keys too, and it fetches with node:http, so neither this class's `fetch` option nor the
 * verifier's `keys` option (what the tests inject) would remain.
 */
export class RealmSigningKeys implements SigningKeys {
  private keys: ReturnType<typeof createLocalJWKSet> | undefined;
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
    const known = await this.held(kid);
    if (known) return known;
    // A read already under way (the first one, or a rotation's) may bring the key: wait for it,
    // or tokens arriving with it are refused only because the set was not read yet.
    if (this.inFlight) await this.inFlight;
    else if (Date.now() - this.loadedAtMs >= this.minRefreshMs) await this.reload();
    // While the realm cannot be read, an unknown key id may be a rotated key: say so, not "forged".
    if (this.lastError !== undefined) throw new SigningKeysUnavailable(this.lastError);
    return this.held(kid);
  }

  /** The RS256 verification key of that id in the last key set read, if jose finds exactly one. */
  private async held(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys) return undefined;
    try {
      const key = await this.keys({ alg: 'RS256', kid });
      return key instanceof KeyObject ? key : undefined;
    } catch {
      // No such key, several under one id, or one jose cannot import: none can verify a token.
      return undefined;
    }
  }

  private reload(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    this.loadedAtMs = Date.now();
    let keys: ReturnType<typeof createLocalJWKSet>;
    try {
      const response = await this.fetch(this.certsUrl, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      // jose checks the shape: an object with a `keys` array of objects (JWKSInvalid otherwise).
      keys = createLocalJWKSet((await response.json()) as JSONWebKeySet);
    } catch (error) {
      // Keep the keys we had: tokens signed with a known key still verify while Keycloak is away.
      this.lastError = error;
      return;
    }
    this.keys = keys;
    this.lastError = undefined;
  }
}
