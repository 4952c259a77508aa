// The open challenges (揭榜挂帅), tokenised once, for ranking challenges for an expert. Small (the
// list is thousands at most), so ranking scores each open challenge with the reference scorer.
import { dayOf, prepareChallenge, type PreparedChallenge } from './scoring';
import type { MatchableChallenge } from './types';

/** Statuses in which a challenge takes applications (no status = published). */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['published']);

export class ChallengeIndex {
  private readonly byId = new Map<string, PreparedChallenge>();

  static from(challenges: readonly MatchableChallenge[]): ChallengeIndex {
    const index = new ChallengeIndex();
    for (const c of challenges) index.upsert(c);
    return index;
  }

  get size(): number {
    return this.byId.size;
  }

  upsert(challenge: MatchableChallenge): void {
    this.byId.set(challenge.id, prepareChallenge(challenge));
  }

  get(id: string): MatchableChallenge | undefined {
    return this.byId.get(id)?.challenge;
  }

  remove(id: string): boolean {
    return this.byId.delete(id);
  }

  /** Challenges open for applications on `asOf`: published (or no status) and deadline not past. */
  open(asOf: string | Date): PreparedChallenge[] {
    const today = dayOf(asOf);
    const out: PreparedChallenge[] = [];
    for (const prepared of this.byId.values()) {
      const status = prepared.challenge.status;
      if (status !== undefined && !OPEN_STATUSES.has(status)) continue;
      if (!(prepared.deadlineDay >= today)) continue;
      out.push(prepared);
    }
    return out;
  }
}
