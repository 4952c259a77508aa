import type {
  DuplicateCandidate,
  DuplicateReasonKind,
  Duplicates,
  EnterprisePage,
  EnterpriseStatus,
  EnterpriseSummary,
} from '@qingshui/contracts';
import { canonicalCreditCode } from '@qingshui/contracts';
import { emailKey, nameTokens, normaliseEnterpriseName, phoneKey } from './enterprise-name';

// The in-memory index that duplicate candidates and the enterprise list are answered from
// (FerretDB reads a whole collection for any filter but `_id`: see ARCHITECTURE.md, "Reads at
// scale"). Pure data structure, no I/O: the index service fills it from MongoDB at start and keeps
// it current from writes and the part's own events; unit-tested in duplicate-index.spec.ts.

/** What the index keeps of a record. */
export interface IndexedEnterprise {
  id: string;
  name: string;
  creditCode?: string | undefined;
  region: string;
  phone?: string | undefined;
  email?: string | undefined;
  orgId?: string | undefined;
  status: EnterpriseStatus;
  mergedInto?: string | undefined;
  mergeCount: number;
  version: number;
}

interface Entry {
  record: IndexedEnterprise;
  norm: string;
  tokens: string[];
  phone?: string | undefined;
  email?: string | undefined;
  /** Insertion sequence: lists are newest first. */
  seq: number;
}

export interface DuplicateQuery {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  creditCode?: string | undefined;
  excludeId?: string | undefined;
  limit?: number;
}

/** Scores of the reasons (a candidate's score is its strongest reason's). */
export const REASON_SCORES: Record<Exclude<DuplicateReasonKind, 'similar-name'>, number> = {
  'credit-code': 1,
  'same-name': 0.9,
  phone: 0.7,
  email: 0.7,
};
/** A similar name counts from this similarity on (0–1, see `similarity`); its score is the similarity × 0.85. */
export const SIMILAR_NAME_THRESHOLD = 0.6;
/**
 * Tokens on more records than this are not followed to find similar names (科技, 发展 in a large
 * index): they still weigh in the overlap of candidates found through rarer tokens.
 */
const MAX_POSTINGS_FOLLOWED = 2000;

const add = (map: Map<string, Set<string>>, key: string, id: string) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
};
const drop = (map: Map<string, Set<string>>, key: string | undefined, id: string) => {
  if (key === undefined) return;
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
};

export class DuplicateIndex {
  private readonly byId = new Map<string, Entry>();
  private readonly byCode = new Map<string, string>();
  private readonly byOrgId = new Map<string, string>();
  private readonly byNorm = new Map<string, Set<string>>();
  private readonly byPhone = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly postings = new Map<string, Set<string>>();
  private seq = 0;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): IndexedEnterprise | undefined {
    return this.byId.get(id)?.record;
  }

  /** Adds or replaces a record; an older version than the one held is ignored (events may come late). */
  upsert(record: IndexedEnterprise): void {
    const old = this.byId.get(record.id);
    if (old && old.record.version >= record.version) return;
    if (old) this.unlink(old);
    const norm = normaliseEnterpriseName(record.name);
    const entry: Entry = {
      record,
      norm,
      tokens: nameTokens(norm),
      phone: record.phone ? phoneKey(record.phone) : undefined,
      email: record.email ? emailKey(record.email) : undefined,
      seq: old?.seq ?? (this.seq += 1),
    };
    this.byId.set(record.id, entry);
    // Merged records answer GET and lists, never duplicate candidates.
    if (record.status !== 'active') return;
    if (record.creditCode) this.byCode.set(record.creditCode, record.id);
    if (record.orgId) this.byOrgId.set(record.orgId, record.id);
    add(this.byNorm, norm, record.id);
    if (entry.phone) add(this.byPhone, entry.phone, record.id);
    if (entry.email) add(this.byEmail, entry.email, record.id);
    for (const token of entry.tokens) add(this.postings, token, record.id);
  }

  private unlink(entry: Entry): void {
    const { id, creditCode } = entry.record;
    if (creditCode && this.byCode.get(creditCode) === id) this.byCode.delete(creditCode);
    const { orgId } = entry.record;
    if (orgId && this.byOrgId.get(orgId) === id) this.byOrgId.delete(orgId);
    drop(this.byNorm, entry.norm, id);
    drop(this.byPhone, entry.phone, id);
    drop(this.byEmail, entry.email, id);
    for (const token of entry.tokens) drop(this.postings, token, id);
  }

  /** Active records whose normalised name is this name's (the lineage consumers' lookup). */
  byNormalisedName(name: string): IndexedEnterprise[] {
    const ids = this.byNorm.get(normaliseEnterpriseName(name));
    return [...(ids ?? [])].map((id) => this.byId.get(id)!.record);
  }

  /** The active record of an organisation, if one is indexed. */
  byOrg(orgId: string): IndexedEnterprise | undefined {
    const id = this.byOrgId.get(orgId);
    return id === undefined ? undefined : this.byId.get(id)?.record;
  }

  private idf(token: string): number {
    const df = this.postings.get(token)?.size ?? 0;
    return Math.log(1 + (this.byId.size + 1) / (df + 1));
  }

  /**
   * How alike two names' words are (idf weights, 0–1): the weighted Jaccard, or, when one name's
   * words (three or more) all but make up the other's (首源水务 in 首源水务集团发展), 0.7 × that
   * containment.
   */
  similarity(a: readonly string[], b: readonly string[], idf = (t: string) => this.idf(t)): number {
    const inB = new Set(b);
    const inA = new Set(a);
    let common = 0;
    let weightA = 0;
    let weightB = 0;
    for (const t of inA) {
      const w = idf(t);
      weightA += w;
      if (inB.has(t)) common += w;
    }
    for (const t of inB) weightB += idf(t);
    const union = weightA + weightB - common;
    if (union === 0) return 0;
    const jaccard = common / union;
    const smaller = Math.min(inA.size, inB.size) >= 3 ? Math.min(weightA, weightB) : Infinity;
    return Math.max(jaccard, (0.7 * common) / smaller);
  }

  /** Possible duplicates of the enterprise described, strongest first, each with why. */
  candidates(query: DuplicateQuery): Duplicates {
    const limit = query.limit ?? 10;
    const reasons = new Map<string, { score: number; reasons: DuplicateCandidate['reasons'] }>();
    const note = (id: string, kind: DuplicateReasonKind, score: number, detail?: string) => {
      if (id === query.excludeId) return;
      let hit = reasons.get(id);
      if (!hit) reasons.set(id, (hit = { score: 0, reasons: [] }));
      hit.score = Math.max(hit.score, score);
      hit.reasons.push(detail === undefined ? { kind } : { kind, detail });
    };
    if (query.creditCode) {
      const id = this.byCode.get(canonicalCreditCode(query.creditCode));
      if (id) note(id, 'credit-code', REASON_SCORES['credit-code']);
    }
    const norm = query.name ? normaliseEnterpriseName(query.name) : '';
    if (norm) {
      for (const id of this.byNorm.get(norm) ?? []) note(id, 'same-name', REASON_SCORES['same-name']);
      const tokens = nameTokens(norm);
      const seen = new Set<string>(this.byNorm.get(norm) ?? []);
      const weights = new Map<string, number>();
      const idf = (t: string) => {
        let w = weights.get(t);
        if (w === undefined) weights.set(t, (w = this.idf(t)));
        return w;
      };
      // Candidates come through the query's rarest words only (until they carry half its
      // weight): a name that shares none of them cannot reach the threshold's overlap.
      const byRarity = tokens
        .map((t) => ({ t, ids: this.postings.get(t), w: idf(t) }))
        .sort((x, y) => y.w - x.w);
      const total = byRarity.reduce((sum, x) => sum + x.w, 0);
      let covered = 0;
      for (const { ids, w } of byRarity) {
        if (covered > total * 0.5) break;
        covered += w;
        if (!ids || ids.size > MAX_POSTINGS_FOLLOWED) continue;
        for (const id of ids) {
          if (seen.has(id)) continue;
          seen.add(id);
          const similarity = this.similarity(tokens, this.byId.get(id)!.tokens, idf);
          if (similarity >= SIMILAR_NAME_THRESHOLD)
            note(id, 'similar-name', Math.round(similarity * 0.85 * 1000) / 1000, similarity.toFixed(2));
        }
      }
    }
    if (query.phone) {
      const key = phoneKey(query.phone);
      if (key.length >= 6)
        for (const id of this.byPhone.get(key) ?? []) note(id, 'phone', REASON_SCORES.phone);
    }
    if (query.email)
      for (const id of this.byEmail.get(emailKey(query.email)) ?? []) note(id, 'email', REASON_SCORES.email);

    const candidates = [...reasons.entries()]
      .map(([id, hit]) => {
        const { record } = this.byId.get(id)!;
        // Each further reason adds a little: same name and same phone beats same name alone.
        const score = Math.min(1, hit.score + 0.05 * (hit.reasons.length - 1));
        return {
          enterprise: {
            id,
            name: record.name,
            region: record.region,
            ...(record.creditCode ? { creditCode: record.creditCode } : {}),
            ...(record.phone ? { phone: record.phone } : {}),
            ...(record.email ? { email: record.email } : {}),
          },
          score: Math.round(score * 1000) / 1000,
          reasons: hit.reasons.sort((a, b) => reasonRank(a.kind) - reasonRank(b.kind)),
        };
      })
      .sort((a, b) => b.score - a.score || a.enterprise.id.localeCompare(b.enterprise.id))
      .slice(0, limit);
    return { normalisedName: norm, candidates };
  }

  /** A page of records, newest first: by name words or the start of a credit code, and region. */
  list(query: {
    q?: string | undefined;
    region?: string | undefined;
    includeMerged: boolean;
    page: number;
    pageSize: number;
  }): EnterprisePage {
    let entries: Iterable<Entry> = this.byId.values();
    const q = query.q?.trim();
    if (q) {
      const code = canonicalCreditCode(q);
      const norm = normaliseEnterpriseName(q);
      const tokens = nameTokens(norm);
      const matches = new Set<Entry>();
      if (/^[0-9A-Z]{4,18}$/.test(code))
        for (const entry of this.byId.values())
          if (entry.record.creditCode?.startsWith(code)) matches.add(entry);
      for (const entry of this.byId.values())
        if (entry.norm.includes(norm) || entry.record.name.includes(q)) matches.add(entry);
      if (tokens.length > 1) {
        const rarest = tokens
          .map((t) => this.postings.get(t))
          .sort((a, b) => (a?.size ?? 0) - (b?.size ?? 0))[0];
        for (const id of rarest ?? []) {
          const entry = this.byId.get(id)!;
          if (tokens.every((t) => entry.tokens.includes(t))) matches.add(entry);
        }
      }
      entries = matches;
    }
    const items: Entry[] = [];
    for (const entry of entries) {
      if (!query.includeMerged && entry.record.status !== 'active') continue;
      if (query.region && entry.record.region !== query.region) continue;
      items.push(entry);
    }
    items.sort((a, b) => b.seq - a.seq);
    const start = (query.page - 1) * query.pageSize;
    return {
      items: items.slice(start, start + query.pageSize).map(({ record }) => summaryOf(record)),
      total: items.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}

const REASON_ORDER: readonly DuplicateReasonKind[] = [
  'credit-code',
  'same-name',
  'similar-name',
  'phone',
  'email',
];
const reasonRank = (kind: DuplicateReasonKind) => REASON_ORDER.indexOf(kind);

export function summaryOf(record: IndexedEnterprise): EnterpriseSummary {
  return {
    id: record.id,
    name: record.name,
    region: record.region,
    status: record.status,
    mergeCount: record.mergeCount,
    ...(record.creditCode ? { creditCode: record.creditCode } : {}),
    ...(record.phone ? { phone: record.phone } : {}),
    ...(record.email ? { email: record.email } : {}),
    ...(record.orgId ? { orgId: record.orgId } : {}),
    ...(record.mergedInto ? { mergedInto: record.mergedInto } : {}),
  };
}
