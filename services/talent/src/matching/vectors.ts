// Growable typed arrays: the index keeps postings and per-expert columns in these rather than in
// JavaScript objects (≈ 4 bytes per entry, outside the JS heap, no GC pressure).

export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.max(4, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  /** Keeps the entries for which keep(value) is true, in order. */
  retain(keep: (value: number) => boolean): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const v = this.data[r] as number;
      if (keep(v)) this.data[w++] = v;
    }
    this.length = w;
  }
}

/** A postings list with a term frequency per entry. */
export class Postings {
  docs: Int32Array;
  tfs: Uint16Array;
  length = 0;
  constructor(capacity = 2) {
    this.docs = new Int32Array(capacity);
    this.tfs = new Uint16Array(capacity);
  }
  push(doc: number, tf: number): void {
    if (this.length === this.docs.length) {
      const cap = Math.max(4, this.docs.length * 2);
      const docs = new Int32Array(cap);
      docs.set(this.docs);
      const tfs = new Uint16Array(cap);
      tfs.set(this.tfs);
      this.docs = docs;
      this.tfs = tfs;
    }
    this.docs[this.length] = doc;
    this.tfs[this.length] = Math.min(tf, 0xffff);
    this.length++;
  }
  retain(keep: (doc: number) => boolean): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const d = this.docs[r] as number;
      if (keep(d)) {
        this.docs[w] = d;
        this.tfs[w] = this.tfs[r] as number;
        w++;
      }
    }
    this.length = w;
  }
}

/** Grows a typed array to at least `capacity`, keeping its contents. */
export function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(
  array: T,
  capacity: number,
): T {
  if (array.length >= capacity) return array;
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/**
 * A bounded min-heap of (doc, score) keeping the best `capacity` entries; "better" = higher score,
 * then smaller key (ties broken by the caller's key order, so results are deterministic).
 */
export class TopK {
  readonly docs: Int32Array;
  readonly scores: Float64Array;
  size = 0;
  constructor(
    readonly capacity: number,
    private readonly keyOf: (doc: number) => string,
  ) {
    this.docs = new Int32Array(Math.max(1, capacity));
    this.scores = new Float64Array(Math.max(1, capacity));
  }
  get full(): boolean {
    return this.size >= this.capacity;
  }
  /** The worst kept score (-Infinity while not full). */
  get floor(): number {
    return this.full ? (this.scores[0] as number) : -Infinity;
  }
  /** a worse than b? */
  private worse(da: number, sa: number, db: number, sb: number): boolean {
    if (sa !== sb) return sa < sb;
    return this.keyOf(da) > this.keyOf(db);
  }
  offer(doc: number, score: number): void {
    if (this.capacity <= 0) return;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(doc, score, this.docs[p] as number, this.scores[p] as number)) break;
        this.docs[i] = this.docs[p] as number;
        this.scores[i] = this.scores[p] as number;
        i = p;
      }
      this.docs[i] = doc;
      this.scores[i] = score;
      return;
    }
    if (!this.worse(this.docs[0] as number, this.scores[0] as number, doc, score)) return;
    // Replace the root and sift down.
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (
        r < n &&
        this.worse(
          this.docs[r] as number,
          this.scores[r] as number,
          this.docs[l] as number,
          this.scores[l] as number,
        )
      )
        c = r;
      if (!this.worse(this.docs[c] as number, this.scores[c] as number, doc, score)) break;
      this.docs[i] = this.docs[c] as number;
      this.scores[i] = this.scores[c] as number;
      i = c;
    }
    this.docs[i] = doc;
    this.scores[i] = score;
  }
  /** Entries best first. */
  sorted(): { doc: number; score: number }[] {
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++)
      out.push({ doc: this.docs[i] as number, score: this.scores[i] as number });
    return out.sort((a, b) =>
      a.score !== b.score ? b.score - a.score : this.keyOf(a.doc) < this.keyOf(b.doc) ? -1 : 1,
    );
  }
}
