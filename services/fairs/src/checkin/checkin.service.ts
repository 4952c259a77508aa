import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  DEFAULT_CHECKIN_LIST,
  hasRole,
  type AdmissionView,
  type BatchScanResult,
  type CheckinList,
  type CheckinLists,
  type FairCounts,
  type Principal,
  type ScanConflict,
  type ScanDirection,
  type ScanResult,
  type ScanResultKind,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { FAIR_MODEL, type FairDocument } from '../fairs/fair.schema';
import { canManageFair } from '../fairs/fair.rules';
import { TICKET_MODEL, type TicketDocument } from '../tickets/ticket.schema';
import { FairKeys } from '../tickets/fair-keys';
import { verifyTicketToken } from '../tickets/ticket-token';
import {
  contributionOf,
  countsDelta,
  decideScans,
  stateOf,
  type IncomingScan,
  type ScanVerdict,
} from './admission.decide';
import {
  ADMISSION_INDEX_MODEL,
  ADMISSION_INDEX_PAGE,
  ADMISSION_MODEL,
  CHECKIN_COUNTS_MODEL,
  CHECKIN_LISTS_MODEL,
  ADMISSION_REFUSAL_MODEL,
  type AdmissionDocument,
  type AdmissionRefusalDocument,
  type AdmissionIndexDocument,
  type CheckinCountsDocument,
  type CheckinListsDocument,
} from './checkin.schema';
import { CountsPublisher, countsView } from './counts-publisher';
import { CountsWriter } from './counts-writer';
import { DevicesService } from './devices.service';

const DUPLICATE_KEY = 11000;
/** How long this instance trusts what it read of a fair and its lists (the scan path reads neither). */
const FACTS_CACHE_MS = 2000;
/** Attempts of a ticket's read-decide-write before a 409. */
const MAX_ATTEMPTS = 8;
/** A scan may say it was made a little in the future (clocks differ), not more. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Tickets of a batch worked on at once. */
const BATCH_CONCURRENCY = 32;

interface Scanner {
  fair: FairDocument;
  /** A user id, or `device:<id>`. */
  by: string;
}
interface Cached<T> {
  value: T;
  at: number;
}
interface ScanIn {
  token: string;
  nonce: string;
  direction: ScanDirection;
  scannedAt?: string | undefined;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Door check-in. A scan verifies the token's signature first (a forgery costs no database
 * round trip), then reads its ticket and its admission on the list by `_id` (together), decides
 * with admission.decide.ts, writes the admission guarded by its version (a lost race reads and
 * decides again, so nothing is counted twice) and `$inc`s the list's counts by the difference
 * the write made. Four round trips for an accepted scan, three of them in sequence.
 */
@Injectable()
export class CheckinService {
  readonly admissions: Collection<AdmissionDocument>;
  readonly counts: Collection<CheckinCountsDocument>;
  private readonly index: Collection<AdmissionIndexDocument>;
  private readonly lists: Collection<CheckinListsDocument>;
  private readonly tickets: Collection<TicketDocument>;
  private readonly fairs: Collection<FairDocument>;
  private readonly fairCache = new Map<string, Cached<FairDocument | null>>();
  private readonly listCache = new Map<string, Cached<CheckinListsDocument | null>>();
  private readonly countsWriter: CountsWriter;
  private readonly refusals: Collection<AdmissionRefusalDocument>;

  constructor(
    @InjectModel(ADMISSION_MODEL) admissions: Model<AdmissionDocument>,
    @InjectModel(CHECKIN_COUNTS_MODEL) counts: Model<CheckinCountsDocument>,
    @InjectModel(ADMISSION_INDEX_MODEL) index: Model<AdmissionIndexDocument>,
    @InjectModel(ADMISSION_REFUSAL_MODEL) refusals: Model<AdmissionRefusalDocument>,
    @InjectModel(CHECKIN_LISTS_MODEL) lists: Model<CheckinListsDocument>,
    @InjectModel(TICKET_MODEL) tickets: Model<TicketDocument>,
    @InjectModel(FAIR_MODEL) fairs: Model<FairDocument>,
    private readonly keys: FairKeys,
    private readonly devices: DevicesService,
    publisher: CountsPublisher,
  ) {
    this.admissions = admissions.collection as unknown as Collection<AdmissionDocument>;
    this.counts = counts.collection as unknown as Collection<CheckinCountsDocument>;
    this.index = index.collection as unknown as Collection<AdmissionIndexDocument>;
    this.refusals = refusals.collection as unknown as Collection<AdmissionRefusalDocument>;
    this.lists = lists.collection as unknown as Collection<CheckinListsDocument>;
    this.tickets = tickets.collection as unknown as Collection<TicketDocument>;
    this.fairs = fairs.collection as unknown as Collection<FairDocument>;
    this.countsWriter = new CountsWriter(this.counts, this.index, (fairId, listId) => {
      const fair = this.fairCache.get(fairId)?.value;
      if (fair)
        publisher.changed(fairId, listId, { organiserOrgId: fair.organiser.orgId, regions: fair.regions });
    });
  }

  // --- facts read often, cached briefly ---
  private async cached<T>(
    cache: Map<string, Cached<T>>,
    id: string,
    read: () => Promise<T>,
    fresh = false,
  ): Promise<T> {
    const hit = cache.get(id);
    if (!fresh && hit && Date.now() - hit.at < FACTS_CACHE_MS) return hit.value;
    const value = await read();
    cache.set(id, { value, at: Date.now() });
    return value;
  }
  private fair(id: string, fresh = false): Promise<FairDocument | null> {
    return this.cached(
      this.fairCache,
      id,
      async () =>
        (await this.fairs.findOne(
          { _id: id },
          { projection: { outbox: 0, history: 0 } },
        )) as FairDocument | null,
      fresh,
    );
  }
  private listsDoc(fairId: string, fresh = false): Promise<CheckinListsDocument | null> {
    return this.cached(this.listCache, fairId, () => this.lists.findOne({ _id: fairId }), fresh);
  }
  private async listsOf(fairId: string, fresh = false): Promise<CheckinList[]> {
    return (await this.listsDoc(fairId, fresh))?.lists ?? [DEFAULT_CHECKIN_LIST];
  }

  /** The fair, for those who manage it; 404 for a fair they may not know of, 403 for one they may read. */
  private async managed(fairId: string, principal: Principal): Promise<FairDocument> {
    const fair = await this.fair(fairId);
    if (!fair) throw AppError.notFound(`No fair with id ${fairId}`);
    if (!canManageFair(principal, fair)) {
      if (fair.publishedAt) throw AppError.forbidden('Only the organiser’s staff check tickets in');
      throw AppError.notFound(`No fair with id ${fairId}`);
    }
    return fair;
  }

  /** Who scans: the organiser's staff signed in, or a door device by its code. */
  private async scanner(
    fairId: string,
    principal: Principal,
    deviceCode: string | undefined,
  ): Promise<Scanner> {
    if (deviceCode !== undefined || principal.roles.length === 0) {
      const device = await this.devices.resolve(fairId, deviceCode, 'door');
      const fair = await this.fair(fairId);
      if (!fair) throw AppError.notFound(`No fair with id ${fairId}`);
      return { fair, by: `device:${device.id}` };
    }
    return { fair: await this.managed(fairId, principal), by: principal.userId };
  }

  private async list(fairId: string, listId: string): Promise<CheckinList> {
    const list = (await this.listsOf(fairId)).find((l) => l.id === listId);
    if (list) return list;
    // A list set a moment ago on another instance: read once more before refusing.
    const fresh = (await this.listsOf(fairId, true)).find((l) => l.id === listId);
    if (!fresh)
      throw new AppError(404, 'NOT_FOUND', `No check-in list ${listId} at this fair`, [
        { field: 'listId', message: 'no_such_list' },
      ]);
    return fresh;
  }

  // --- lists ---
  async getLists(fairId: string, { principal }: Pick<CommandContext, 'principal'>): Promise<CheckinLists> {
    await this.managed(fairId, principal);
    const doc = await this.listsDoc(fairId, true);
    return { fairId, lists: doc?.lists ?? [DEFAULT_CHECKIN_LIST], version: doc?.version ?? 0 };
  }

  /** The lists of a fair, for a door device (which has checked its code). */
  async getListsFor(fairId: string): Promise<CheckinLists> {
    const doc = await this.listsDoc(fairId, true);
    return { fairId, lists: doc?.lists ?? [DEFAULT_CHECKIN_LIST], version: doc?.version ?? 0 };
  }

  async setLists(
    input: { fairId: string; lists: CheckinList[]; expectedVersion?: number | undefined },
    { principal }: Pick<CommandContext, 'principal'>,
  ): Promise<CheckinLists> {
    const fair = await this.managed(input.fairId, principal);
    const days = new Set(fair.days.map((d) => d.date));
    const problems = input.lists.flatMap((list, i) =>
      list.days
        .filter((day) => !days.has(day))
        .map((day) => ({ field: `lists.${i}.days`, message: `${day} is not a day of this fair` })),
    );
    if (problems.length > 0) throw AppError.validation(problems);
    const current = await this.listsDoc(input.fairId, true);
    const version = current?.version ?? 0;
    if (input.expectedVersion !== undefined && input.expectedVersion !== version)
      throw AppError.stale(
        `The check-in lists changed since version ${input.expectedVersion}; they are at ${version}`,
      );
    const next: CheckinListsDocument = {
      _id: input.fairId,
      lists: input.lists,
      version: version + 1,
      updatedAt: new Date(),
      updatedBy: principal.userId,
    };
    try {
      const written = await this.lists.updateOne(
        { _id: input.fairId, ...(current ? { version } : {}) },
        { $set: next },
        { upsert: !current },
      );
      if (written.modifiedCount + written.upsertedCount !== 1)
        throw AppError.stale('The check-in lists changed meanwhile; read them again');
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY)
        throw AppError.stale('The check-in lists changed meanwhile; read them again');
      throw error;
    }
    this.listCache.set(input.fairId, { value: next, at: Date.now() });
    return { fairId: input.fairId, lists: next.lists, version: next.version };
  }

  // --- scans ---
  async scan(
    input: { fairId: string; listId: string; gate: string; deviceCode?: string | undefined } & ScanIn,
    { principal }: Pick<CommandContext, 'principal'>,
  ): Promise<ScanResult> {
    const { fair, by } = await this.scanner(input.fairId, principal, input.deviceCode);
    const list = await this.list(fair._id, input.listId);
    const now = new Date();
    const at = this.scanTime(input.scannedAt, now, 'scannedAt');
    const [result] = await this.decideForToken(fair, list, input.gate, input.token, [
      { nonce: input.nonce, direction: input.direction, at, by },
    ]);
    return result!.result;
  }

  async batch(
    input: {
      fairId: string;
      listId: string;
      gate: string;
      deviceCode?: string | undefined;
      scans: ScanIn[];
    },
    { principal, deadline }: Pick<CommandContext, 'principal' | 'deadline'>,
  ): Promise<BatchScanResult> {
    const { fair, by } = await this.scanner(input.fairId, principal, input.deviceCode);
    const list = await this.list(fair._id, input.listId);
    const now = new Date();
    const scans = input.scans.map((scan, i) => ({
      ...scan,
      at: this.scanTime(scan.scannedAt, now, `scans.${i}.scannedAt`),
    }));
    // One group per token: each ticket's scans are decided together, in scan-time order.
    const groups = new Map<string, number[]>();
    scans.forEach((scan, i) => groups.set(scan.token, [...(groups.get(scan.token) ?? []), i]));
    const results: ScanResult[] = new Array<ScanResult>(scans.length);
    const conflicts: ScanConflict[] = [];
    const work = [...groups.entries()];
    const worker = async () => {
      for (let next = work.shift(); next; next = work.shift()) {
        // The caller stopped waiting (answered 503): what is decided stays decided, the rest is
        // left for its retry (the same nonces).
        if (deadline !== undefined && Date.now() > deadline)
          throw new AppError(503, 'DEPENDENCY_UNAVAILABLE', 'The upload took too long; send it again');
        const [token, indexes] = next;
        const decided = await this.decideForToken(
          fair,
          list,
          input.gate,
          token,
          indexes.map((i) => ({
            nonce: scans[i]!.nonce,
            direction: scans[i]!.direction,
            at: scans[i]!.at,
            by,
          })),
        );
        decided.forEach((d, k) => (results[indexes[k]!] = d.result));
        conflicts.push(...(decided[0]?.conflicts ?? []));
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, work.length) }, worker));
    return { results, conflicts };
  }

  private scanTime(given: string | undefined, now: Date, field: string): Date {
    if (!given) return now;
    const at = new Date(given);
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw AppError.validation([{ field, message: 'A scan cannot be made in the future' }]);
    return at;
  }

  /**
   * Decides one token's scans: the signature (no database for a forgery), the ticket and its
   * admission (by `_id`, together), then the guarded write and the counts. Conflicts come with
   * the first result.
   */
  private async decideForToken(
    fair: FairDocument,
    list: CheckinList,
    gate: string,
    token: string,
    scans: (Omit<IncomingScan, 'gate' | 'tokenVersion'> & { at: Date })[],
  ): Promise<{ result: ScanResult; conflicts: ScanConflict[] }[]> {
    const bare = (result: ScanResultKind, detail?: string) =>
      scans.map((scan) => ({
        result: {
          nonce: scan.nonce,
          result,
          direction: scan.direction,
          listId: list.id,
          gate,
          scannedAt: scan.at.toISOString(),
          ...(detail ? { detail } : {}),
          replayed: false,
        } satisfies ScanResult,
        conflicts: [],
      }));
    const key = await this.keys.keyOf(fair._id);
    const check = verifyTicketToken(token, key.publicKey);
    if (!check.ok || check.payload.fid !== fair._id) return bare('invalid_signature');
    const payload = check.payload;
    const admissionId = `${fair._id}:${list.id}:${payload.tid}`;
    // Most scans are a ticket's first on the list: insert its admission without reading it
    // first (a duplicate key says it exists, and the next attempt reads it).
    let assumeAbsent = true;
    let ticket: TicketDocument | null | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const [read, admission] = await Promise.all([
        ticket === undefined
          ? (this.tickets.findOne(
              { _id: payload.tid },
              { projection: { outbox: 0 } },
            ) as Promise<TicketDocument | null>)
          : Promise.resolve(ticket),
        assumeAbsent ? Promise.resolve(null) : this.admissions.findOne({ _id: admissionId }),
      ]);
      ticket = read;
      // Refusals kept apart (by nonce): a retried refusal is answered as it was.
      const known = new Set(admission?.scans.map((s) => s.nonce));
      const refusals = admission
        ? (
            await Promise.all(
              scans
                .filter((scan) => !known.has(scan.nonce))
                .map((scan) => this.refusals.findOne({ _id: `${admissionId}:${scan.nonce}` })),
            )
          ).flatMap((doc) => (doc ? [doc.scan] : []))
        : [];
      if (!ticket || ticket.fairId !== fair._id) return bare('unknown');
      const holder = ticket;
      const now = new Date();
      const decision = decideScans({
        list,
        ticket: {
          id: holder._id,
          typeId: holder.typeId,
          days: holder.days,
          status: holder.status,
          version: holder.version,
        },
        scans: [...(admission?.scans ?? []), ...refusals],
        incoming: scans.map((scan) => ({ ...scan, gate, tokenVersion: payload.v })),
        now,
      });
      const answer = () =>
        decision.verdicts.map((verdict, i) => ({
          result: this.resultOf(verdict, list.id, holder),
          conflicts: i === 0 ? decision.conflicts : [],
        }));
      if (!decision.changed) return answer();
      if (admission && decision.stable) {
        // Refusals that change nothing: kept by inserts, no guard, no counts (a retry racing
        // this one decided the same: its duplicate key is no error).
        await this.refusals
          .insertMany(
            decision.appended.map((scan) => ({ _id: `${admissionId}:${scan.nonce}`, admissionId, scan })),
            { ordered: false },
          )
          .catch((error: { code?: number; writeErrors?: { code?: number }[] }) => {
            const errors = error.writeErrors ?? [error];
            if (!errors.every((e) => e.code === DUPLICATE_KEY)) throw error;
          });
        return answer();
      }
      const written = await this.writeAdmission(admission, {
        _id: admissionId,
        fairId: fair._id,
        listId: list.id,
        ticketId: holder._id,
        typeId: holder.typeId,
        holderName: holder.holder.name,
        ...(holder.holder.organisation ? { organisation: holder.holder.organisation } : {}),
        scans: decision.scans,
        version: (admission?.version ?? 0) + 1,
        createdAt: admission?.createdAt ?? now,
        updatedAt: now,
      });
      if (written) {
        const before = admission ? contributionOf(stateOf(admission.scans), admission.typeId, list) : {};
        const after = contributionOf(stateOf(decision.scans), holder.typeId, list);
        void this.countsWriter.add(
          fair._id,
          list.id,
          countsDelta(before, after),
          admission ? undefined : admissionId,
        );
        return answer();
      }
      if (assumeAbsent) assumeAbsent = false;
      else await pause(Math.random() * Math.min(50, 5 * attempt));
    }
    throw new AppError(409, 'CONFLICT', 'This ticket is being scanned elsewhere right now; scan again');
  }

  private resultOf(verdict: ScanVerdict, listId: string, ticket: TicketDocument): ScanResult {
    const { scan } = verdict;
    return {
      nonce: verdict.nonce,
      result: verdict.result,
      direction: scan.direction,
      listId,
      gate: scan.gate,
      scannedAt: scan.at,
      ticket: {
        id: ticket._id,
        typeId: ticket.typeId,
        days: ticket.days,
        holderName: ticket.holder.name,
        ...(ticket.holder.organisation ? { organisation: ticket.holder.organisation } : {}),
      },
      ...(verdict.previous ? { previous: verdict.previous } : {}),
      ...(verdict.detail ? { detail: verdict.detail } : {}),
      replayed: verdict.replayed,
    };
  }

  /** The admission's write, guarded by the version read (an insert for its first scan). */
  private async writeAdmission(read: AdmissionDocument | null, next: AdmissionDocument): Promise<boolean> {
    if (!read) {
      try {
        await this.admissions.insertOne(next);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
        throw error;
      }
    }
    const { _id, createdAt: _created, ...fields } = next;
    const result = await this.admissions.updateOne({ _id, version: read.version }, { $set: fields });
    return result.modifiedCount === 1;
  }

  // --- counts and records ---
  /** The organiser's staff and the cadres of the fair's regions read them. */
  async getCounts(fairId: string, { principal }: Pick<CommandContext, 'principal'>): Promise<FairCounts> {
    const fair = await this.fair(fairId);
    const cadreOfPair =
      hasRole(principal, 'cadre') && !!principal.region && !!fair?.regions.includes(principal.region);
    if (!fair || !(canManageFair(principal, fair) || cadreOfPair)) {
      if (fair?.publishedAt)
        throw AppError.forbidden('The organiser’s staff and the pair’s cadres read the counts');
      throw AppError.notFound(`No fair with id ${fairId}`);
    }
    const lists = await this.listsOf(fairId, true);
    await this.countsWriter.settled(fairId);
    const docs = await Promise.all(lists.map((list) => this.counts.findOne({ _id: `${fairId}:${list.id}` })));
    return { fairId, lists: lists.map((list, i) => countsView(fairId, list.id, docs[i] ?? null)) };
  }

  /** A page of admissions in the order first scanned, read through the list's index by `_id`. */
  async listAdmissions(
    input: { fairId: string; listId?: string | undefined; page: number; pageSize: number },
    { principal }: Pick<CommandContext, 'principal'>,
  ): Promise<{ items: AdmissionView[]; total: number; page: number; pageSize: number }> {
    await this.managed(input.fairId, principal);
    await this.countsWriter.settled(input.fairId);
    const lists = (await this.listsOf(input.fairId, true)).filter(
      (l) => !input.listId || l.id === input.listId,
    );
    const totals = await Promise.all(
      lists.map(async (list) => ({
        list,
        total: (await this.counts.findOne({ _id: `${input.fairId}:${list.id}` }))?.admissions ?? 0,
      })),
    );
    const total = totals.reduce((sum, t) => sum + t.total, 0);
    // Positions across the lists, one after the other.
    let from = (input.page - 1) * input.pageSize;
    let wanted = input.pageSize;
    const ids: string[] = [];
    for (const { list, total: size } of totals) {
      if (wanted === 0) break;
      if (from >= size) {
        from -= size;
        continue;
      }
      const take = Math.min(wanted, size - from);
      const firstPage = Math.floor(from / ADMISSION_INDEX_PAGE);
      const lastPage = Math.floor((from + take - 1) / ADMISSION_INDEX_PAGE);
      const pages = await Promise.all(
        Array.from({ length: lastPage - firstPage + 1 }, (_, k) =>
          this.index.findOne({ _id: `${input.fairId}:${list.id}:${firstPage + k}` }),
        ),
      );
      const all = pages.flatMap((p) => p?.ids ?? []);
      ids.push(
        ...all.slice(from - firstPage * ADMISSION_INDEX_PAGE, from - firstPage * ADMISSION_INDEX_PAGE + take),
      );
      wanted -= take;
      from = 0;
    }
    const docs = await Promise.all(ids.map((id) => this.admissions.findOne({ _id: id })));
    const lookup = new Map(lists.map((l) => [l.id, l]));
    return {
      items: docs
        .filter((d): d is AdmissionDocument => d !== null)
        .map((doc) => admissionView(doc, lookup.get(doc.listId) ?? DEFAULT_CHECKIN_LIST)),
      total,
      page: input.page,
      pageSize: input.pageSize,
    };
  }
}

export function admissionView(doc: AdmissionDocument, list: CheckinList): AdmissionView {
  const scans = doc.scans;
  const state = stateOf(scans);
  return {
    id: doc._id,
    fairId: doc.fairId,
    listId: doc.listId,
    ticketId: doc.ticketId,
    typeId: doc.typeId,
    holderName: doc.holderName,
    ...(doc.organisation ? { organisation: doc.organisation } : {}),
    inside: list.exits ? state.inside : state.entries > 0,
    ...(state.firstEntry ? { firstEntry: state.firstEntry } : {}),
    entries: state.entries,
    exits: state.exits,
    scans: scans
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((s) => ({
        nonce: s.nonce,
        gate: s.gate,
        at: s.at,
        direction: s.direction,
        result: s.result,
        decidedAt: s.decidedAt,
        by: s.by,
      })),
  };
}
