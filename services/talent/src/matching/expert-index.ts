// In-memory index of the expert pool (up to ~1,000,000 profiles) for keyword search and for
// ranking experts against a challenge. Integer document ids internally; per-expert columns and
// postings lists in typed arrays. Updating a profile retires its old document (tombstone) and
// appends a new one; postings are compacted when tombstones pile up.
//
// Ranking a challenge never scores the whole pool (see collectTop): max-score pruning over the
// postings of the required skills' tokens and phrases and of the challenge text's terms, each
// with an upper bound of what it adds; the field and the static parts are read per expert, never
// walked as lists. Once the top k is full, lists whose bounds cannot lift an expert into it are
// no longer walked, and only candidates whose bound reaches the k-th score are scored exactly.
// The result is exactly the reference scorer's ranking (scoring.ts), which the unit tests check.
import { ChallengeIndex } from './challenge-index';
import {
  availabilityPart,
  basePart,
  buildQuery,
  conflictOf,
  dayOf,
  explain,
  expertFeatures,
  idf,
  pairingOf,
  prepareChallenge,
  roundScore,
  trackRecordPart,
  type ChallengeQuery,
  type CorpusStats,
  type ExpertFeatures,
} from './scoring';
import { uniqueTokens } from '@qingshui/text';
import type {
  ChallengeMatch,
  Exclusion,
  ExpertMatch,
  ExpertSearchPage,
  ExpertSearchQuery,
  MatchableChallenge,
  MatchableExpert,
  RankChallengesResult,
  RankExpertsResult,
} from './types';
import { grown, IntVec, Postings, TopK } from './vectors';
import { BM25_B, BM25_K1, MAX_STATIC, SKILL_COVERAGE_SHARE, SKILL_EXACT_BONUS, WEIGHTS } from './weights';

const FLAG_ACADEMICIAN = 1;
const FLAG_VERIFIED = 2;
/** Compact postings when retired documents exceed this share of live ones. */
const COMPACT_RATIO = 0.25;
const COMPACT_MIN = 1024;
/** Ranking walks the postings in blocks of this many document ids (accumulators fit in cache). */
const BLOCK = 8192;

export interface RankOptions {
  limit?: number;
  /** "Now" for availability before the deadline and for open challenges (default: the clock). */
  asOf?: string | Date;
}

/** Interns strings to dense integers. */
class Interner {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

export class ExpertIndex implements CorpusStats {
  // --- dictionaries ---
  private readonly terms = new Interner();
  private readonly phrases = new Interner();
  private readonly regions = new Interner();
  private readonly orgs = new Interner();
  private readonly fieldBits = new Map<string, number>();
  private readonly fieldNames: string[] = [];

  // --- postings, by term / phrase / field id ---
  private readonly textPostings: Postings[] = [];
  private readonly textDfs: number[] = [];
  /**
   * Per term, the largest tf and the shortest document among the documents ever holding it: the
   * BM25 upper bound of the term for pruning (never lowered on removal, so it stays an upper
   * bound, only a little looser).
   */
  private readonly textMaxTf: number[] = [];
  private readonly textMinLen: number[] = [];
  private readonly skillPostings: IntVec[] = [];
  private readonly skillDfs: number[] = [];
  private readonly phrasePostings: IntVec[] = [];
  private readonly fieldPostings: IntVec[] = [];

  // --- per-document columns ---
  private capacity = 0;
  private docCountAll = 0;
  private readonly extIds: string[] = [];
  private readonly docOf = new Map<string, number>();
  private alive = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private docLen = new Int32Array(0);
  private regionOf = new Int32Array(0);
  private orgOf = new Int32Array(0);
  private fieldMask = new Uint32Array(0);
  private base = new Float64Array(0);
  private solved = new Int32Array(0);
  private visits = new Int32Array(0);
  private textStart = new Int32Array(0);
  private textCount = new Int32Array(0);
  private skillStart = new Int32Array(0);
  private skillCount = new Int32Array(0);
  private phraseStart = new Int32Array(0);
  private phraseCount = new Int32Array(0);
  private availStart = new Int32Array(0);
  private availCount = new Int32Array(0);
  // --- arenas the columns point into ---
  private readonly textTerms = new IntVec(1024);
  private readonly textTfs = new IntVec(1024);
  private readonly skillTerms = new IntVec(1024);
  private readonly phraseIds = new IntVec(1024);
  private readonly availDays = new IntVec(1024);
  // --- conflicts of interest ---
  private readonly membersByOrg = new Map<number, Set<number>>();
  private readonly conflictsByOrg = new Map<number, Set<number>>();
  private readonly conflictsOf = new Map<number, number[]>();

  // --- query scratch space ---
  private stamp = new Uint32Array(0);
  private excludedStamp = new Uint32Array(0);
  private epoch = 0;
  private termSlot = new Int32Array(0);
  private readonly blockSkill = new Float64Array(BLOCK);
  private readonly blockText = new Float64Array(BLOCK);
  private readonly blockMark = new Uint8Array(BLOCK);
  private readonly blockList = new Int32Array(BLOCK);
  private accText = new Float64Array(0);
  private touched = new Int32Array(0);

  private live = 0;
  private retired = 0;
  private totalLength = 0;

  /** Live experts. */
  get size(): number {
    return this.live;
  }
  get docCount(): number {
    return this.live;
  }
  get avgDocLength(): number {
    return this.live > 0 ? this.totalLength / this.live : 0;
  }
  textDf(token: string): number {
    const id = this.terms.ids.get(token);
    return id === undefined ? 0 : (this.textDfs[id] ?? 0);
  }
  skillDf(token: string): number {
    const id = this.terms.ids.get(token);
    return id === undefined ? 0 : (this.skillDfs[id] ?? 0);
  }
  has(id: string): boolean {
    return this.docOf.has(id);
  }

  /** Adds or replaces an expert. */
  upsert(expert: MatchableExpert): void {
    if (this.docOf.has(expert.id)) this.retire(expert.id);
    this.add(expertFeatures(expert));
    this.maybeCompact();
  }

  /** Removes an expert; false when unknown. */
  remove(id: string): boolean {
    if (!this.docOf.has(id)) return false;
    this.retire(id);
    this.maybeCompact();
    return true;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(1024, this.capacity * 2, n);
    this.alive = grown(this.alive, cap);
    this.flags = grown(this.flags, cap);
    this.docLen = grown(this.docLen, cap);
    this.regionOf = grown(this.regionOf, cap);
    this.orgOf = grown(this.orgOf, cap);
    this.fieldMask = grown(this.fieldMask, cap);
    this.base = grown(this.base, cap);
    this.solved = grown(this.solved, cap);
    this.visits = grown(this.visits, cap);
    this.textStart = grown(this.textStart, cap);
    this.textCount = grown(this.textCount, cap);
    this.skillStart = grown(this.skillStart, cap);
    this.skillCount = grown(this.skillCount, cap);
    this.phraseStart = grown(this.phraseStart, cap);
    this.phraseCount = grown(this.phraseCount, cap);
    this.availStart = grown(this.availStart, cap);
    this.availCount = grown(this.availCount, cap);
    this.stamp = grown(this.stamp, cap);
    this.excludedStamp = grown(this.excludedStamp, cap);
    this.accText = grown(this.accText, cap);
    this.touched = grown(this.touched, cap);
    this.capacity = cap;
  }

  private fieldBit(field: string): number {
    let bit = this.fieldBits.get(field);
    if (bit === undefined) {
      if (this.fieldNames.length >= 32) return -1; // beyond 32 distinct fields: not indexed
      bit = this.fieldNames.length;
      this.fieldBits.set(field, bit);
      this.fieldNames.push(field);
      this.fieldPostings.push(new IntVec());
    }
    return bit;
  }

  private add(f: ExpertFeatures): void {
    const doc = this.docCountAll++;
    this.ensureCapacity(doc + 1);
    this.extIds[doc] = f.id;
    this.docOf.set(f.id, doc);
    this.alive[doc] = 1;
    this.flags[doc] = (f.academician ? FLAG_ACADEMICIAN : 0) | (f.verified ? FLAG_VERIFIED : 0);
    this.docLen[doc] = f.docLength;
    this.regionOf[doc] = this.regions.id(f.region);
    this.orgOf[doc] = f.orgId ? this.orgs.id(f.orgId) : -1;
    this.solved[doc] = f.trackRecord.challengesSolved;
    this.visits[doc] = f.trackRecord.visits;
    this.base[doc] = basePart(f.academician, f.verified, trackRecordPart(f.trackRecord));

    let mask = 0;
    for (const field of f.fields) {
      const bit = this.fieldBit(field);
      if (bit < 0 || mask & (1 << bit)) continue;
      mask |= 1 << bit;
      this.fieldPostings[bit]?.push(doc);
    }
    this.fieldMask[doc] = mask >>> 0;

    this.textStart[doc] = this.textTerms.length;
    this.textCount[doc] = f.termFreq.size;
    for (const [term, tf] of f.termFreq) {
      const t = this.terms.id(term);
      this.textTerms.push(t);
      this.textTfs.push(tf);
      let p = this.textPostings[t];
      if (!p) p = this.textPostings[t] = new Postings();
      p.push(doc, tf);
      this.textDfs[t] = (this.textDfs[t] ?? 0) + 1;
      this.textMaxTf[t] = Math.max(this.textMaxTf[t] ?? 0, Math.min(tf, 0xffff));
      this.textMinLen[t] = Math.min(this.textMinLen[t] ?? Infinity, f.docLength);
    }
    this.skillStart[doc] = this.skillTerms.length;
    this.skillCount[doc] = f.skillTokens.size;
    for (const token of f.skillTokens) {
      const t = this.terms.id(token);
      this.skillTerms.push(t);
      let p = this.skillPostings[t];
      if (!p) p = this.skillPostings[t] = new IntVec(2);
      p.push(doc);
      this.skillDfs[t] = (this.skillDfs[t] ?? 0) + 1;
    }
    this.phraseStart[doc] = this.phraseIds.length;
    this.phraseCount[doc] = f.skillPhrases.size;
    for (const phrase of f.skillPhrases) {
      const ph = this.phrases.id(phrase);
      this.phraseIds.push(ph);
      let p = this.phrasePostings[ph];
      if (!p) p = this.phrasePostings[ph] = new IntVec(2);
      p.push(doc);
    }
    this.availStart[doc] = this.availDays.length;
    this.availCount[doc] = f.availability.length;
    for (const [from, to] of f.availability) {
      this.availDays.push(from);
      this.availDays.push(to);
    }
    const org = this.orgOf[doc] as number;
    if (org >= 0) setOf(this.membersByOrg, org).add(doc);
    if (f.conflictOrgIds.length > 0) {
      const ids = [...new Set(f.conflictOrgIds)].map((o) => this.orgs.id(o));
      this.conflictsOf.set(doc, ids);
      for (const o of ids) setOf(this.conflictsByOrg, o).add(doc);
    }
    this.live++;
    this.totalLength += f.docLength;
  }

  private retire(id: string): void {
    const doc = this.docOf.get(id);
    if (doc === undefined) return;
    this.docOf.delete(id);
    this.alive[doc] = 0;
    this.live--;
    this.retired++;
    this.totalLength -= this.docLen[doc] as number;
    const ts = this.textStart[doc] as number;
    for (let i = ts, end = ts + (this.textCount[doc] as number); i < end; i++) {
      const t = this.textTerms.data[i] as number;
      this.textDfs[t] = (this.textDfs[t] ?? 1) - 1;
    }
    const ss = this.skillStart[doc] as number;
    for (let i = ss, end = ss + (this.skillCount[doc] as number); i < end; i++) {
      const t = this.skillTerms.data[i] as number;
      this.skillDfs[t] = (this.skillDfs[t] ?? 1) - 1;
    }
    const org = this.orgOf[doc] as number;
    if (org >= 0) this.membersByOrg.get(org)?.delete(doc);
    for (const o of this.conflictsOf.get(doc) ?? []) this.conflictsByOrg.get(o)?.delete(doc);
    this.conflictsOf.delete(doc);
  }

  private maybeCompact(): void {
    if (this.retired > COMPACT_MIN && this.retired > this.live * COMPACT_RATIO) this.compact();
  }

  /** Drops retired documents from every postings list (document ids stay as they are). */
  compact(): void {
    const alive = this.alive;
    const keep = (d: number) => alive[d] === 1;
    for (const p of this.textPostings) p?.retain(keep);
    for (const p of this.skillPostings) p?.retain(keep);
    for (const p of this.phrasePostings) p?.retain(keep);
    for (const p of this.fieldPostings) p.retain(keep);
    this.retired = 0;
  }

  // ------------------------------------------------------------------ ranking experts

  /** Experts ranked for a challenge, with the parts of each score; conflicted experts excluded. */
  rankExpertsForChallenge(challenge: MatchableChallenge, options: RankOptions = {}): RankExpertsResult {
    const limit = options.limit ?? 20;
    const asOfDay = dayOf(options.asOf ?? new Date());
    const prepared = prepareChallenge(challenge);
    const query = buildQuery(prepared, this);
    const epoch = this.nextEpoch();
    const { excludedStamp } = this;

    // Conflicts of interest.
    const excluded: Exclusion[] = [];
    const poster = this.orgs.ids.get(challenge.posterOrgId);
    if (poster !== undefined) {
      for (const doc of this.membersByOrg.get(poster) ?? []) {
        excludedStamp[doc] = epoch;
        excluded.push({
          expertId: this.extIds[doc] as string,
          ...conflictOf({ orgId: challenge.posterOrgId }, challenge.posterOrgId)!,
        });
      }
      for (const doc of this.conflictsByOrg.get(poster) ?? []) {
        if (excludedStamp[doc] === epoch) continue;
        excludedStamp[doc] = epoch;
        excluded.push({
          expertId: this.extIds[doc] as string,
          ...conflictOf({ conflictOrgIds: [challenge.posterOrgId] }, challenge.posterOrgId)!,
        });
      }
    }
    excluded.sort((a, b) => (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0));

    const top = new TopK(limit, (d) => this.extIds[d] as string);
    const scored = limit > 0 ? this.collectTop(top, query, challenge, asOfDay, epoch) : 0;

    const items: ExpertMatch[] = top
      .sorted()
      .map(({ doc }) => ({
        expertId: this.extIds[doc] as string,
        ...explain(this.featuresOf(doc), query, asOfDay),
      }))
      .sort((a, b) => (a.score !== b.score ? b.score - a.score : a.expertId < b.expertId ? -1 : 1));
    return { items, excluded, scored };
  }

  /**
   * Fills `top` with the best experts for the query (conflicted ones, stamped in excludedStamp,
   * left out) and returns how many were scored exactly. Max-score pruning:
   *
   * - Every score is (skill and text terms, from postings) + (field + pairing + availability +
   *   trust, at most REST, read per document in O(1)). The field is never walked as a list.
   * - Each postings list (a skill token, a skill phrase, a text term) has an upper bound of what it
   *   adds (text bounds from the term's largest tf and shortest document; all text lists together
   *   add at most W_text). Lists are ordered by bound per posting, long lists of common words
   *   first, with prefix sums P of their bounds (any order is exact; this one skips the most).
   * - Once the top k is full with floor θ, the first lists, while P[e] + REST < θ, are
   *   "non-essential": a document found only in them cannot enter, so they are no longer walked.
   *   A document from the other lists is scored exactly only if its essential part + P[e] + its
   *   own field and static parts reaches θ.
   * - Postings are sorted by document id and walked in blocks of BLOCK ids with block-local
   *   accumulators (the cost is cache misses, not arithmetic); θ and e are updated per block.
   * - Exact scores are computed per candidate from its stored terms, summed in the same order as
   *   before (per required skill its tokens then its phrase; text terms in query order), so the
   *   ranking equals the brute-force one; the pruning margin EPS (1e-9) covers score rounding.
   * - Documents in no list at all score at most REST; they are scanned only if θ ≤ REST.
   */
  private collectTop(
    top: TopK,
    query: ChallengeQuery,
    challenge: MatchableChallenge,
    asOfDay: number,
    epoch: number,
  ): number {
    const { prepared } = query;
    const { stamp, excludedStamp, alive, docLen, fieldMask } = this;
    const R = prepared.required.length;
    const idfSum = query.idfSum;
    const avgdl = Math.max(this.avgDocLength, 1e-9);
    const kConst = BM25_K1 * (1 - BM25_B);
    const kLen = (BM25_K1 * BM25_B) / avgdl;

    // The skill steps in the reference order: per required skill, its tokens then its phrase.
    const stepId: number[] = [];
    const stepPhrase: boolean[] = [];
    const stepAdd: number[] = [];
    const tokenAdd = new Map<number, number>();
    const phraseAdd = new Map<number, number>();
    prepared.required.forEach((req, i) => {
      for (const { token, weight } of query.skillTokenWeights[i] ?? []) {
        const t = this.terms.ids.get(token);
        if (t === undefined || !this.skillPostings[t] || weight <= 0) continue;
        const add = (SKILL_COVERAGE_SHARE * weight) / R;
        stepId.push(t);
        stepPhrase.push(false);
        stepAdd.push(add);
        tokenAdd.set(t, (tokenAdd.get(t) ?? 0) + add);
      }
      const ph = req.phrase ? this.phrases.ids.get(req.phrase) : undefined;
      if (ph !== undefined && this.phrasePostings[ph]) {
        const add = SKILL_EXACT_BONUS / R;
        stepId.push(ph);
        stepPhrase.push(true);
        stepAdd.push(add);
        phraseAdd.set(ph, (phraseAdd.get(ph) ?? 0) + add);
      }
    });
    // The text terms in the reference order.
    const textTerm: number[] = [];
    const textNum: number[] = [];
    for (const { term, idf: termIdf } of query.terms) {
      const t = this.terms.ids.get(term);
      if (t === undefined || !this.textPostings[t]) continue;
      textTerm.push(t);
      textNum.push(termIdf * (BM25_K1 + 1));
    }

    // Lists with their upper bounds (in score units).
    interface Source {
      docs: Int32Array;
      length: number;
      /** Constant contribution of a skill list; 0 for a text list. */
      add: number;
      /** Text lists: tfs and W_text × idf × (k1 + 1) / Σ idf. */
      tfs: Uint16Array | undefined;
      num: number;
      ub: number;
    }
    const sources: Source[] = [];
    for (const [t, add] of tokenAdd) {
      const list = this.skillPostings[t] as IntVec;
      const c = WEIGHTS.skills * add;
      sources.push({ docs: list.data, length: list.length, add: c, tfs: undefined, num: 0, ub: c });
    }
    for (const [ph, add] of phraseAdd) {
      const list = this.phrasePostings[ph] as IntVec;
      const c = WEIGHTS.skills * add;
      sources.push({ docs: list.data, length: list.length, add: c, tfs: undefined, num: 0, ub: c });
    }
    if (idfSum > 0)
      textTerm.forEach((t, q) => {
        const list = this.textPostings[t] as Postings;
        const num = (WEIGHTS.text * (textNum[q] as number)) / idfSum;
        const maxTf = this.textMaxTf[t] ?? 0xffff;
        const minLen = this.textMinLen[t] ?? 0;
        const ub = (num * maxTf) / (maxTf + kConst + kLen * minLen);
        sources.push({ docs: list.docs, length: list.length, add: 0, tfs: list.tfs, num, ub });
      });
    // Cheapest bound per skipped posting first: long lists of common words go non-essential first.
    // (Any order keeps the result exact; this one skips the most postings for the least bound.)
    const live = sources.filter((src) => src.length > 0);
    live.sort((a, b) => a.ub / a.length - b.ub / b.length || a.ub - b.ub);
    const m = live.length;
    // Bound of lists 0..j-1: skill bounds add up; text bounds too, but the text part never
    // exceeds W_text (BM25 / Σ idf is capped at 1).
    const prefixSkill = new Float64Array(m + 1);
    const prefixText = new Float64Array(m + 1);
    const prefix = new Float64Array(m + 1);
    for (let i = 0; i < m; i++) {
      const src = live[i] as Source;
      prefixSkill[i + 1] = (prefixSkill[i] as number) + (src.tfs ? 0 : src.ub);
      prefixText[i + 1] = (prefixText[i] as number) + (src.tfs ? src.ub : 0);
      prefix[i + 1] = (prefixSkill[i + 1] as number) + Math.min(WEIGHTS.text, prefixText[i + 1] as number);
    }

    // Scratch for exact scoring: term id → text step + 1, and the tf found per text step.
    if (this.termSlot.length < this.terms.values.length)
      this.termSlot = grown(this.termSlot, Math.max(1024, this.terms.values.length * 2));
    const termSlot = this.termSlot;
    textTerm.forEach((t, q) => (termSlot[t] = q + 1));
    const nq = textTerm.length;
    const tfOf = new Int32Array(nq);
    const nSteps = stepId.length;

    const bit = this.fieldBits.get(challenge.field);
    const fieldBitMask = bit === undefined ? 0 : (1 << bit) >>> 0;
    const pairingByRegion = new Float64Array(this.regions.values.length);
    this.regions.values.forEach((r, i) => (pairingByRegion[i] = pairingOf(r, challenge.county).part));
    const staticScore = (d: number) =>
      WEIGHTS.pairing * (pairingByRegion[this.regionOf[d] as number] as number) +
      WEIGHTS.availability * availabilityPart(this.availableDays(d, asOfDay, prepared.deadlineDay)) +
      (this.base[d] as number);
    const fieldOf = (d: number) => (((fieldMask[d] as number) & fieldBitMask) !== 0 ? 1 : 0);

    const skillArena = this.skillTerms.data;
    const phraseArena = this.phraseIds.data;
    const textArena = this.textTerms.data;
    const tfArena = this.textTfs.data;
    const exactScore = (d: number): number => {
      let accSkill = 0;
      const ss = this.skillStart[d] as number;
      const se = ss + (this.skillCount[d] as number);
      const ps = this.phraseStart[d] as number;
      const pe = ps + (this.phraseCount[d] as number);
      for (let k = 0; k < nSteps; k++) {
        const id = stepId[k] as number;
        let has = false;
        if (stepPhrase[k]) {
          for (let i = ps; i < pe && !has; i++) has = phraseArena[i] === id;
        } else {
          for (let i = ss; i < se && !has; i++) has = skillArena[i] === id;
        }
        if (has) accSkill = accSkill + (stepAdd[k] as number);
      }
      const ts = this.textStart[d] as number;
      for (let i = ts, end = ts + (this.textCount[d] as number); i < end; i++) {
        const slot = termSlot[textArena[i] as number] as number;
        if (slot > 0) tfOf[slot - 1] = Math.min(tfArena[i] as number, 0xffff);
      }
      let accText = 0;
      const dl = docLen[d] as number;
      for (let q = 0; q < nq; q++) {
        const tf = tfOf[q] as number;
        if (tf === 0) continue;
        tfOf[q] = 0;
        accText = accText + ((textNum[q] as number) * tf) / (tf + kConst + kLen * dl);
      }
      const text = idfSum > 0 ? Math.min(1, accText / idfSum) : 0;
      const skills = R > 0 ? accSkill : 0;
      const partial = WEIGHTS.skills * skills + WEIGHTS.text * text + WEIGHTS.field * fieldOf(d);
      return roundScore(partial + staticScore(d));
    };

    const REST = MAX_STATIC + WEIGHTS.field;
    const EPS = 1e-9;
    const { blockSkill, blockText, blockMark, blockList } = this;
    const pos = new Int32Array(m);
    let scored = 0;
    let e = 0; // live[e..] are essential
    try {
      // Blocks of document ids (postings are sorted by id): accumulators stay in cache, and the
      // floor rises block after block, so more lists become non-essential as we go.
      const END = 0x7fffffff;
      for (;;) {
        let next = END;
        for (let s = e; s < m; s++) {
          const src = live[s] as Source;
          const p = pos[s] as number;
          if (p < src.length && (src.docs[p] as number) < next) next = src.docs[p] as number;
        }
        if (next === END) break;
        const base = next - (next % BLOCK);
        const limit = base + BLOCK;
        let n = 0;
        for (let s = e; s < m; s++) {
          const { docs, tfs, length, add, num } = live[s] as Source;
          let p = pos[s] as number;
          if (tfs) {
            for (; p < length; p++) {
              const d = docs[p] as number;
              if (d >= limit) break;
              const i = d - base;
              if (blockMark[i] === 0) {
                blockMark[i] = 1;
                blockSkill[i] = 0;
                blockText[i] = 0;
                blockList[n++] = i;
              }
              const tf = tfs[p] as number;
              blockText[i] =
                (blockText[i] as number) + (num * tf) / (tf + kConst + kLen * (docLen[d] as number));
            }
          } else {
            for (; p < length; p++) {
              const d = docs[p] as number;
              if (d >= limit) break;
              const i = d - base;
              if (blockMark[i] === 0) {
                blockMark[i] = 1;
                blockSkill[i] = 0;
                blockText[i] = 0;
                blockList[n++] = i;
              }
              blockSkill[i] = (blockSkill[i] as number) + add;
            }
          }
          pos[s] = p;
        }
        // Score exactly only the candidates whose bound can still reach the floor.
        const restSkill = prefixSkill[e] as number;
        const restText = prefixText[e] as number;
        for (let k = 0; k < n; k++) {
          const i = blockList[k] as number;
          blockMark[i] = 0;
          const d = base + i;
          // Only while every list is essential can the scan of unlisted experts below happen.
          if (e === 0) stamp[d] = epoch;
          if (top.full) {
            const floor = top.floor;
            const bound =
              (blockSkill[i] as number) +
              restSkill +
              Math.min(WEIGHTS.text, (blockText[i] as number) + restText);
            if (bound + REST + EPS < floor) continue;
            if (bound + WEIGHTS.field * fieldOf(d) + staticScore(d) + EPS < floor) continue;
          }
          if (alive[d] !== 1 || excludedStamp[d] === epoch) continue;
          scored++;
          top.offer(d, exactScore(d));
        }
        if (top.full) {
          const floor = top.floor;
          while (e < m && (prefix[e + 1] as number) + REST + EPS < floor) e++;
        }
      }
      // Experts in no list score at most REST (field + static): scan them only if that could
      // still matter. Then e stayed 0 (prefix[1] > 0), so "not stamped" = "in no list".
      if (!top.full || top.floor <= REST + EPS) {
        for (let d = 0; d < this.docCountAll; d++) {
          if (alive[d] !== 1 || stamp[d] === epoch || excludedStamp[d] === epoch) continue;
          if (top.full && REST + EPS < top.floor) break;
          scored++;
          const partial = WEIGHTS.skills * 0 + WEIGHTS.text * 0 + WEIGHTS.field * fieldOf(d);
          top.offer(d, roundScore(partial + staticScore(d)));
        }
      }
    } finally {
      for (const t of textTerm) termSlot[t] = 0;
    }
    return scored;
  }

  private nextEpoch(): number {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.excludedStamp.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  private availableDays(doc: number, fromDay: number, toDay: number): boolean | null {
    const n = this.availCount[doc] as number;
    if (n === 0) return null;
    const s = this.availStart[doc] as number;
    const days = this.availDays.data;
    for (let i = 0; i < n; i++) {
      if ((days[s + 2 * i] as number) <= toDay && (days[s + 2 * i + 1] as number) >= fromDay) return true;
    }
    return false;
  }

  /** The features of an indexed expert, rebuilt from the columns (for explanations). */
  featuresOf(doc: number): ExpertFeatures {
    const termFreq = new Map<string, number>();
    const ts = this.textStart[doc] as number;
    for (let i = ts, end = ts + (this.textCount[doc] as number); i < end; i++)
      termFreq.set(
        this.terms.values[this.textTerms.data[i] as number] as string,
        this.textTfs.data[i] as number,
      );
    const skillTokens = new Set<string>();
    const ss = this.skillStart[doc] as number;
    for (let i = ss, end = ss + (this.skillCount[doc] as number); i < end; i++)
      skillTokens.add(this.terms.values[this.skillTerms.data[i] as number] as string);
    const skillPhrases = new Set<string>();
    const ps = this.phraseStart[doc] as number;
    for (let i = ps, end = ps + (this.phraseCount[doc] as number); i < end; i++)
      skillPhrases.add(this.phrases.values[this.phraseIds.data[i] as number] as string);
    const availability: [number, number][] = [];
    const as = this.availStart[doc] as number;
    for (let i = 0; i < (this.availCount[doc] as number); i++)
      availability.push([
        this.availDays.data[as + 2 * i] as number,
        this.availDays.data[as + 2 * i + 1] as number,
      ]);
    const mask = this.fieldMask[doc] as number;
    const org = this.orgOf[doc] as number;
    return {
      id: this.extIds[doc] as string,
      ...(org >= 0 ? { orgId: this.orgs.values[org] as string } : {}),
      conflictOrgIds: (this.conflictsOf.get(doc) ?? []).map((o) => this.orgs.values[o] as string),
      region: this.regions.values[this.regionOf[doc] as number] as string,
      fields: this.fieldNames.filter((_, bit) => (mask & (1 << bit)) !== 0),
      skillPhrases,
      skillTokens,
      termFreq,
      docLength: this.docLen[doc] as number,
      academician: ((this.flags[doc] as number) & FLAG_ACADEMICIAN) !== 0,
      verified: ((this.flags[doc] as number) & FLAG_VERIFIED) !== 0,
      availability,
      trackRecord: { challengesSolved: this.solved[doc] as number, visits: this.visits[doc] as number },
    };
  }

  /** The features of an indexed expert by id, or undefined. */
  features(id: string): ExpertFeatures | undefined {
    const doc = this.docOf.get(id);
    return doc === undefined ? undefined : this.featuresOf(doc);
  }

  // ------------------------------------------------------------------ ranking challenges

  /**
   * Open challenges ranked for an expert (an indexed id or a profile), with the same parts as
   * rankExpertsForChallenge and the same score for the same pair. Challenges posted by the
   * expert's organisation or one it declared a conflict with are listed in `excluded`.
   */
  rankChallengesForExpert(
    expert: MatchableExpert | string,
    challenges: readonly MatchableChallenge[] | ChallengeIndex,
    options: RankOptions = {},
  ): RankChallengesResult {
    const limit = options.limit ?? 20;
    const asOf = options.asOf ?? new Date();
    const asOfDay = dayOf(asOf);
    const features = typeof expert === 'string' ? this.features(expert) : expertFeatures(expert);
    if (!features) throw new Error(`Unknown expert ${String(expert)}`);
    const open =
      challenges instanceof ChallengeIndex
        ? challenges.open(asOf)
        : ChallengeIndex.from(challenges).open(asOf);
    const items: ChallengeMatch[] = [];
    const excluded: RankChallengesResult['excluded'] = [];
    for (const prepared of open) {
      const c = prepared.challenge;
      const conflict = conflictOf(features, c.posterOrgId);
      if (conflict) {
        excluded.push({ challengeId: c.id, ...conflict });
        continue;
      }
      items.push({ challengeId: c.id, ...explain(features, buildQuery(prepared, this), asOfDay) });
    }
    items.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.challengeId < b.challengeId ? -1 : 1));
    return { items: items.slice(0, limit), excluded };
  }

  // ------------------------------------------------------------------ search

  /**
   * Keyword search (jieba-segmented, BM25 over text + skills) with filters. With `q`, hits must
   * contain a query term and are sorted by relevance; without it every expert passing the filters
   * is a hit, in expert id order (the same on every instance). Ties: expert id.
   */
  search(query: ExpertSearchQuery, paging: { page?: number; pageSize?: number } = {}): ExpertSearchPage {
    const page = Math.max(1, Math.floor(paging.page ?? 1));
    const pageSize = Math.max(1, Math.min(100, Math.floor(paging.pageSize ?? 20)));
    const want = page * pageSize;
    const pass = this.filterOf(query);
    const keyOf = (d: number) => this.extIds[d] as string;
    const qTerms = query.q ? uniqueTokens(query.q) : [];
    let total = 0;
    let top: TopK;
    if (query.q !== undefined && query.q.trim() !== '') {
      top = new TopK(want, keyOf);
      const epoch = this.nextEpoch();
      const { stamp, accText, touched } = this;
      let touchedCount = 0;
      const avgdl = Math.max(this.avgDocLength, 1e-9);
      for (const term of qTerms) {
        const t = this.terms.ids.get(term);
        const list = t === undefined ? undefined : this.textPostings[t];
        const df = t === undefined ? 0 : (this.textDfs[t] ?? 0);
        if (!list || df <= 0) continue;
        const termIdf = idf(this.live, df);
        for (let j = 0; j < list.length; j++) {
          const d = list.docs[j] as number;
          if (stamp[d] !== epoch) {
            stamp[d] = epoch;
            accText[d] = 0;
            touched[touchedCount++] = d;
          }
          const tf = list.tfs[j] as number;
          accText[d] =
            (accText[d] as number) +
            (termIdf * (tf * (BM25_K1 + 1))) /
              (tf + BM25_K1 * (1 - BM25_B + (BM25_B * (this.docLen[d] as number)) / avgdl));
        }
      }
      for (let j = 0; j < touchedCount; j++) {
        const d = touched[j] as number;
        if (this.alive[d] !== 1 || !pass(d)) continue;
        total++;
        top.offer(d, roundScore(accText[d] as number));
      }
    } else {
      // Without q every score is 0: the heap keeps the smallest ids.
      top = new TopK(want, keyOf);
      for (let d = 0; d < this.docCountAll; d++) {
        if (this.alive[d] !== 1 || !pass(d)) continue;
        total++;
        top.offer(d, 0);
      }
    }
    const items = top
      .sorted()
      .slice((page - 1) * pageSize)
      .map(({ doc, score }) => {
        const features = this.featuresOf(doc);
        return {
          expertId: this.extIds[doc] as string,
          relevance: score,
          matchedTerms: qTerms.filter((t) => features.termFreq.has(t)),
        };
      });
    return { items, total, page, pageSize };
  }

  private filterOf(query: ExpertSearchQuery): (doc: number) => boolean {
    const checks: ((doc: number) => boolean)[] = [];
    if (query.field !== undefined) {
      const bit = this.fieldBits.get(query.field);
      if (bit === undefined) return () => false;
      const m = (1 << bit) >>> 0;
      checks.push((d) => ((this.fieldMask[d] as number) & m) !== 0);
    }
    if (query.region !== undefined) {
      const r = this.regions.ids.get(query.region);
      if (r === undefined) return () => false;
      checks.push((d) => this.regionOf[d] === r);
    }
    if (query.academician !== undefined) {
      const want = query.academician;
      checks.push((d) => (((this.flags[d] as number) & FLAG_ACADEMICIAN) !== 0) === want);
    }
    if (query.verified !== undefined) {
      const want = query.verified;
      checks.push((d) => (((this.flags[d] as number) & FLAG_VERIFIED) !== 0) === want);
    }
    const window = query.availableBetween
      ? [dayOf(query.availableBetween.from), dayOf(query.availableBetween.to)]
      : query.availableOn
        ? [dayOf(query.availableOn), dayOf(query.availableOn)]
        : undefined;
    if (window) {
      const [from, to] = window as [number, number];
      checks.push((d) => this.availableDays(d, from, to) === true);
    }
    return (d) => checks.every((check) => check(d));
  }

  /** Bytes held in typed arrays (postings, columns, arenas): the off-heap part of the index. */
  typedArrayBytes(): number {
    let bytes = 0;
    for (const p of this.textPostings) if (p) bytes += p.docs.byteLength + p.tfs.byteLength;
    for (const list of [...this.skillPostings, ...this.phrasePostings, ...this.fieldPostings])
      if (list) bytes += list.data.byteLength;
    for (const a of [this.textTerms, this.textTfs, this.skillTerms, this.phraseIds, this.availDays])
      bytes += a.data.byteLength;
    for (const col of [
      this.alive,
      this.flags,
      this.docLen,
      this.regionOf,
      this.orgOf,
      this.fieldMask,
      this.base,
      this.solved,
      this.visits,
      this.textStart,
      this.textCount,
      this.skillStart,
      this.skillCount,
      this.phraseStart,
      this.phraseCount,
      this.availStart,
      this.availCount,
      this.stamp,
      this.excludedStamp,
      this.accText,
      this.termSlot,
      this.touched,
    ])
      bytes += col.byteLength;
    return bytes;
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
