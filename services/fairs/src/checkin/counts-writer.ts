import type { Collection } from 'mongodb';
import { addDelta } from './admission.decide';
import {
  ADMISSION_INDEX_PAGE,
  type AdmissionIndexDocument,
  type CheckinCountsDocument,
} from './checkin.schema';

interface Pending {
  fairId: string;
  listId: string;
  delta: Record<string, number>;
  admissions: string[];
  done: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Write-behind of a list's counts: the deltas of the scans decided while one `$inc` is on its way
 * are summed and written together by the next. Exact (deltas add up; each is written once), and
 * 500 scans a second are a few dozen writes to the hottest document instead of 500. A scan is
 * answered once its admission is written, without waiting for its count: the counts follow
 * within one write (reads on this instance wait for them, `settled`). An instance that dies with
 * deltas unwritten loses them; the admissions hold the truth to count again from. New admissions
 * join the list's index in the same turn, at the positions the `$inc` of `admissions` gave them.
 */
export class CountsWriter {
  private readonly pending = new Map<string, Pending>();
  private readonly flushing = new Set<string>();
  private readonly inFlight = new Map<string, Pending>();

  constructor(
    private readonly counts: Collection<CheckinCountsDocument>,
    private readonly index: Collection<AdmissionIndexDocument>,
    private readonly written: (fairId: string, listId: string) => void,
    private readonly failed: (error: unknown, attempt: number) => void = () => undefined,
  ) {}

  /** Resolves once every delta added so far for the list (or every list) is written. */
  async settled(fairId?: string): Promise<void> {
    for (;;) {
      const waiting = [...this.pending.values(), ...this.inFlight.values()].filter(
        (p) => !fairId || p.fairId === fairId,
      );
      if (waiting.length === 0) return;
      await Promise.all(
        waiting.map((p) => new Promise<void>((resolve) => p.done.push({ resolve, reject: () => resolve() }))),
      );
    }
  }

  add(fairId: string, listId: string, delta: Record<string, number>, admission?: string): Promise<void> {
    const id = `${fairId}:${listId}`;
    let entry = this.pending.get(id);
    if (!entry) this.pending.set(id, (entry = { fairId, listId, delta: {}, admissions: [], done: [] }));
    addDelta(entry.delta, delta);
    if (admission) entry.admissions.push(admission);
    const promise = new Promise<void>((resolve, reject) => entry.done.push({ resolve, reject }));
    if (!this.flushing.has(id)) void this.flush(id);
    return promise;
  }

  private async flush(id: string): Promise<void> {
    this.flushing.add(id);
    try {
      for (let entry = this.pending.get(id); entry; entry = this.pending.get(id)) {
        this.pending.delete(id);
        this.inFlight.set(id, entry);
        for (let attempt = 1; ; attempt += 1) {
          try {
            await this.write(id, entry);
            break;
          } catch (error) {
            // The database refused or went away: the deltas stay, and are written once it is back.
            this.failed(error, attempt);
            await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 50 * 2 ** attempt)));
          }
        }
        this.inFlight.delete(id);
        entry.done.forEach((d) => d.resolve());
        if (Object.keys(entry.delta).length > 0) this.written(entry.fairId, entry.listId);
      }
    } finally {
      this.flushing.delete(id);
    }
  }

  private async write(id: string, entry: Pending): Promise<void> {
    const added = entry.admissions.length;
    if (Object.keys(entry.delta).length === 0 && added === 0) return;
    const update = {
      $inc: { ...entry.delta, version: 1, ...(added > 0 ? { admissions: added } : {}) },
      $set: { fairId: entry.fairId, listId: entry.listId, updatedAt: new Date() },
    };
    if (added === 0) {
      await this.counts.updateOne({ _id: id }, update, { upsert: true });
      return;
    }
    const after = await this.counts.findOneAndUpdate({ _id: id }, update, {
      upsert: true,
      returnDocument: 'after',
    });
    const first = (after?.admissions ?? added) - added;
    const pages = new Map<number, string[]>();
    entry.admissions.forEach((admission, k) => {
      const page = Math.floor((first + k) / ADMISSION_INDEX_PAGE);
      pages.set(page, [...(pages.get(page) ?? []), admission]);
    });
    await Promise.all(
      [...pages].map(([page, ids]) =>
        this.index.updateOne({ _id: `${id}:${page}` }, { $push: { ids: { $each: ids } } }, { upsert: true }),
      ),
    );
  }
}
