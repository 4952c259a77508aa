/**
 * A logged-out Keycloak session (`sid`), or all sessions of a user (`sub`) when the logout named no
 * session. `at` is when it was revoked (epoch seconds): a user-wide revocation refuses the tokens
 * issued until then, not those of a later sign-in.
 */
export interface Revocation {
  sid?: string;
  sub?: string;
  at: number;
  /** When the entry may be forgotten (epoch ms): every token it refuses has expired by then. */
  expiresAtMs: number;
}

/** The claims of a token that a revocation can match. */
export interface RevocableClaims {
  sid?: string;
  sub: string;
  iat?: number;
}

export type RevokedBy = 'session' | 'user';

/** What the verifier asks before it accepts a token, verified or served from its cache. */
export interface RevocationCheck {
  revokedBy(claims: RevocableClaims): RevokedBy | undefined;
}

/**
 * The revoked sessions and users one gateway instance knows, in memory (the shared copy lives in
 * Redis, see the gateway's SessionRevocationService). Lookups are two map reads: the verifier asks
 * on every request. Expired entries are dropped as they are met and by `purge`.
 */
export class RevokedSessions implements RevocationCheck {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, { at: number; expiresAtMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  add(revocation: Revocation): void {
    if (revocation.expiresAtMs <= this.now()) return;
    if (revocation.sid) {
      const known = this.sessions.get(revocation.sid) ?? 0;
      this.sessions.set(revocation.sid, Math.max(known, revocation.expiresAtMs));
    } else if (revocation.sub) {
      const known = this.users.get(revocation.sub);
      if (!known || known.at <= revocation.at) this.users.set(revocation.sub, revocation);
    }
  }

  revokedBy(claims: RevocableClaims): RevokedBy | undefined {
    const now = this.now();
    if (claims.sid !== undefined) {
      const until = this.sessions.get(claims.sid);
      if (until !== undefined) {
        if (until > now) return 'session';
        this.sessions.delete(claims.sid);
      }
    }
    const user = this.users.get(claims.sub);
    if (user !== undefined) {
      if (user.expiresAtMs <= now) this.users.delete(claims.sub);
      // A token without iat cannot prove it was issued after the logout.
      else if ((claims.iat ?? 0) <= user.at) return 'user';
    }
    return undefined;
  }

  /** Forgets what has expired; returns how many entries are left. */
  purge(): number {
    const now = this.now();
    for (const [sid, until] of this.sessions) if (until <= now) this.sessions.delete(sid);
    for (const [sub, { expiresAtMs }] of this.users) if (expiresAtMs <= now) this.users.delete(sub);
    return this.size;
  }

  get size(): number {
    return this.sessions.size + this.users.size;
  }
}
