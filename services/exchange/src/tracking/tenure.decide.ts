import {
  AppError,
  event,
  hasRole,
  type PlacementSnapshot,
  type Principal,
  type TenureDeadlineKind,
  type TenureDeadlineView,
  type TenureStep,
  type TenureStepCommand,
  type TenureStepKind,
  type TenureView,
} from '@qingshui/contracts';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { PlannedDeadline, TenureDocument, TenureRow } from './tenure.schema';

// Tenures as pure decisions: who may read and act, which steps a tenure's state allows, which
// deadline jobs its dates call for, and what a job that runs records (or that its plan changed and
// it does nothing). No I/O (lint keeps it so); unit-tested in tenure.decide.spec.ts.

export interface ClockSettings {
  /** A "day" of the deadlines' clock in ms (86,400,000 in production). */
  dayMs: number;
  /** Days before the end date that "end approaching" falls due. */
  endNoticeDays: number;
}
export const REAL_DAY_MS = 86_400_000;

/** A BullMQ job of tracking: which tenure, which deadline, the day it is due. */
export interface TenureJob {
  tenureId: string;
  kind: TenureDeadlineKind;
  dueDate: string;
}
/** Deterministic (one job per tenure, kind and due day: a moved date is another job) and free of ':'. */
export const tenureJobId = (job: TenureJob): string => `exc-tn-${job.tenureId}-${job.kind}-${job.dueDate}`;

// --- calendar days (the counties' calendar, UTC+8) ---

const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / REAL_DAY_MS);
const dateOf = (day: number): string => new Date(day * REAL_DAY_MS).toISOString().slice(0, 10);
export const addDays = (date: string, days: number): string => dateOf(dayNumber(date) + days);
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);
export const midpointOf = (from: string, to: string): string =>
  addDays(from, Math.floor(daysBetween(from, to) / 2));
/** Today in China (the dates people enter are China's days). */
export const chinaToday = (now: Date): string =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * When a deadline on `date` runs: 09:00 in China that day, on a clock that runs `REAL_DAY_MS /
 * dayMs` times faster around `origin` (the confirmation). With a real day it is that morning
 * exactly; a test's short day brings a date a year ahead within seconds, and moving a date moves
 * its moment the same way.
 */
export function deadlineMoment(date: string, origin: Date, dayMs: number): Date {
  const morning = Date.parse(`${date}T09:00:00+08:00`);
  const o = origin.getTime();
  return new Date(o + Math.round(((morning - o) * dayMs) / REAL_DAY_MS));
}

// --- who ---

const isStaff = (p: Principal) => hasRole(p, 'cadre', 'enterprise');
const pairRegions = (pairId: string) => pairId.split('-');

type TenureFacts = Pick<PlacementSnapshot, 'pairId' | 'receivingUnit' | 'sendingUnit' | 'cadre'>;

/** The two units' staff, the cadres of the pair's two regions, the seconded cadre, admins. */
export function canReadTenure(p: Principal, t: TenureFacts): boolean {
  if (hasRole(p, 'admin')) return true;
  if (isStaff(p) && p.orgId && [t.receivingUnit.id, t.sendingUnit.id].includes(p.orgId)) return true;
  if (hasRole(p, 'cadre') && p.region && pairRegions(t.pairId).includes(p.region)) return true;
  return !!t.cadre.userId && t.cadre.userId === p.userId;
}

/**
 * Steps are the receiving unit's (it hosts the cadre and sees them work): its cadres or admins.
 * An early return may also be the sending unit's (it may recall its cadre).
 */
export function canTakeStep(p: Principal, t: TenureFacts, step: TenureStepCommand['step']): boolean {
  if (hasRole(p, 'admin')) return true;
  if (!hasRole(p, 'cadre') || !p.orgId) return false;
  if (p.orgId === t.receivingUnit.id) return true;
  return step === 'early-return' && p.orgId === t.sendingUnit.id;
}

// --- deadlines ---

type Dated = Pick<
  TenureDocument,
  'state' | 'endDate' | 'arrivalDate' | 'reviewedOn' | 'fired' | 'clockOrigin'
> & {
  placement: Pick<PlacementSnapshot, 'startDate' | 'kind'>;
};

export const isEnded = (state: TenureDocument['state']) =>
  state === 'completed' || state === 'returned-early';

/** The midpoint of arrival (or the planned start) and the planned end. */
export const reviewDueOf = (t: Pick<Dated, 'arrivalDate' | 'endDate' | 'placement'>): string =>
  midpointOf(t.arrivalDate ?? t.placement.startDate, t.endDate);

/**
 * The deadlines a tenure's dates call for now: the mid-term review (long-term secondments, until
 * it is recorded) and the end approaching, each unless it already fired for that day; none once
 * the tenure ended or its end passed.
 */
export function planDeadlines(t: Dated, now: Date, settings: ClockSettings): PlannedDeadline[] {
  if (isEnded(t.state)) return [];
  const origin = new Date(t.clockOrigin);
  const at = (date: string) => deadlineMoment(date, origin, settings.dayMs);
  if (at(t.endDate).getTime() <= now.getTime()) return [];
  const start = t.arrivalDate ?? t.placement.startDate;
  const wanted: { kind: TenureDeadlineKind; dueDate: string }[] = [];
  if (t.placement.kind === 'secondment' && !t.reviewedOn)
    wanted.push({ kind: 'review-due', dueDate: reviewDueOf(t) });
  const notice = addDays(t.endDate, -settings.endNoticeDays);
  wanted.push({ kind: 'end-approaching', dueDate: notice < start ? start : notice });
  return wanted
    .filter((w) => !t.fired.some((f) => f.kind === w.kind && f.dueDate === w.dueDate))
    .map((w) => ({ ...w, runAt: at(w.dueDate) }));
}

const jobOf = (tenureId: string, d: { kind: TenureDeadlineKind; dueDate: string }): TenureJob => ({
  tenureId,
  kind: d.kind,
  dueDate: d.dueDate,
});
const sameDeadline = (a: { kind: string; dueDate: string }, b: { kind: string; dueDate: string }) =>
  a.kind === b.kind && a.dueDate === b.dueDate;

/** The jobs of a new plan, and the old plan's jobs it no longer has (removed; they would find nothing anyway). */
function replan(id: string, before: readonly PlannedDeadline[], after: readonly PlannedDeadline[]) {
  return {
    schedule: after.map((d) => ({ job: jobOf(id, d), at: new Date(d.runAt) })),
    unschedule: before.filter((d) => !after.some((a) => sameDeadline(a, d))).map((d) => jobOf(id, d)),
  };
}

// --- views ---

const iso = (at: Date | string) => new Date(at).toISOString();

export function deadlinesView(doc: Pick<TenureDocument, 'planned' | 'fired'>): TenureDeadlineView[] {
  return [
    ...doc.fired.map((f) => ({
      kind: f.kind,
      dueDate: f.dueDate,
      dueAt: iso(f.runAt),
      state: 'fired' as const,
      firedAt: iso(f.firedAt),
    })),
    ...doc.planned.map((p) => ({
      kind: p.kind,
      dueDate: p.dueDate,
      dueAt: iso(p.runAt),
      state: 'upcoming' as const,
    })),
  ].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.kind.localeCompare(b.kind));
}

/** The tenure as REST and its events show it; `can` only for a caller (not in events). */
export function tenureView(doc: TenureDocument, principal?: Principal): TenureView {
  const p = doc.placement;
  const on = doc.state === 'on-post';
  const open = !isEnded(doc.state);
  const may = (step: TenureStepCommand['step']) => !!principal && canTakeStep(principal, p, step);
  return {
    id: doc._id,
    postingId: p.postingId,
    postingTitle: p.postingTitle,
    pairId: p.pairId,
    direction: p.direction,
    kind: p.kind,
    year: p.year,
    receivingUnit: p.receivingUnit,
    sendingUnit: p.sendingUnit,
    cadre: p.cadre,
    startDate: p.startDate,
    endDate: doc.endDate,
    state: doc.state,
    ...(doc.arrivalDate ? { arrivalDate: doc.arrivalDate } : {}),
    reviewDueDate: reviewDueOf(doc),
    ...(doc.reviewedOn ? { reviewedOn: doc.reviewedOn } : {}),
    ...(doc.returnedOn ? { returnedOn: doc.returnedOn } : {}),
    steps: doc.steps,
    deadlines: deadlinesView(doc),
    ...(principal
      ? {
          can: {
            arrive: doc.state === 'awaiting-arrival' && may('arrival'),
            review: on && !doc.reviewedOn && may('review'),
            complete: on && may('completion'),
            returnEarly: on && may('early-return'),
            changeEndDate: open && may('end-date'),
          },
        }
      : {}),
    placementVersion: doc.placementVersion,
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

/** The tenure's row in its pair's read model (the rotation plan's bar). */
export function rowOf(view: TenureView): TenureRow {
  return {
    tenureId: view.id,
    cadreName: view.cadre.name,
    sendingUnit: view.sendingUnit,
    receivingUnit: view.receivingUnit,
    direction: view.direction,
    kind: view.kind,
    state: view.state,
    startDate: view.arrivalDate ?? view.startDate,
    endDate: view.returnedOn ?? view.endDate,
    version: view.version,
  };
}

/** The tenure's event after a write (its view without `can`, at the version written). */
function changed(doc: TenureDocument, set: Partial<TenureDocument>, step: TenureStepKind, now: Date) {
  const next = { ...doc, ...set, version: doc.version + 1, updatedAt: now } as TenureDocument;
  return { next, spec: event('exchange.tenure.changed.v1', { tenure: tenureView(next), step }) };
}

// --- decisions ---

export type OpenOutcome = TenureView | undefined;

/**
 * A placement snapshot (confirmed, or changed later): opens the tenure, or takes the newer
 * snapshot's facts and dates (an end date moved here is kept). An older or repeated snapshot
 * changes nothing.
 */
export function decideSnapshot(snapshot: PlacementSnapshot, by: TenureStep['by'], settings: ClockSettings) {
  return (
    doc: TenureDocument,
    { now }: DecisionContext,
  ): Decision<TenureDocument, OpenOutcome, TenureJob> => {
    const known = doc.version > 0;
    if (known && snapshot.version <= doc.placementVersion) return { unchanged: undefined };
    if (!known) {
      const confirmedAt = Date.parse(snapshot.confirmedAt);
      const fresh: TenureDocument = {
        ...doc,
        placement: snapshot,
        placementVersion: snapshot.version,
        state: 'awaiting-arrival',
        endDate: snapshot.endDate,
        endDateMoved: false,
        steps: [{ kind: 'opened', date: snapshot.startDate, at: iso(now), by }],
        planned: [],
        fired: [],
        clockOrigin: new Date(Number.isFinite(confirmedAt) ? confirmedAt : now.getTime()),
        createdAt: now,
      };
      const planned = planDeadlines(fresh, now, settings);
      const set: Partial<TenureDocument> = {
        placement: fresh.placement,
        placementVersion: fresh.placementVersion,
        state: fresh.state,
        endDate: fresh.endDate,
        endDateMoved: false,
        steps: fresh.steps,
        planned,
        fired: [],
        clockOrigin: fresh.clockOrigin,
        createdAt: now,
      };
      const { next, spec } = changed(fresh, set, 'opened', now);
      return { set, events: [spec], ...replan(doc._id, [], planned), reply: tenureView(next) };
    }
    const endDate = doc.endDateMoved ? doc.endDate : snapshot.endDate;
    const moved = endDate !== doc.endDate || snapshot.startDate !== doc.placement.startDate;
    const base = { ...doc, placement: snapshot, endDate };
    const planned = planDeadlines(base, now, settings);
    const set: Partial<TenureDocument> = {
      placement: snapshot,
      placementVersion: snapshot.version,
      endDate,
      planned,
    };
    const { next, spec } = changed(doc, set, 'end-date', now);
    return {
      set,
      events: moved ? [spec] : [],
      ...replan(doc._id, doc.planned, planned),
      reply: tenureView(next),
    };
  };
}

const conflict = (message: string) => new AppError(409, 'CONFLICT', message);
const bad = (field: string, message: string) => AppError.validation([{ field, message }], message);

/** The checks every dated step shares: on post, on or after arrival, not in the future. */
function checkOnPost(doc: TenureDocument, date: string, today: string, what: string): void {
  if (doc.state === 'awaiting-arrival')
    throw conflict(`The cadre has not arrived yet: record the arrival before the ${what}`);
  if (isEnded(doc.state)) throw conflict(`The tenure has ended (${doc.state}); no ${what} any more`);
  if (doc.arrivalDate && date < doc.arrivalDate)
    throw bad('date', `The ${what} cannot be before the arrival (${doc.arrivalDate})`);
  if (date > today) throw bad('date', `The ${what} cannot be in the future (today is ${today})`);
}

/**
 * A step on the tenure (arrival, review, completion, early return, a new end date): who may, what
 * the state allows, the dates it needs; it records who and when, and re-plans the deadlines.
 */
export function decideStep(
  cmd: TenureStepCommand,
  principal: Principal,
  actorName: string,
  settings: ClockSettings,
) {
  return (doc: TenureDocument, { now }: DecisionContext): Decision<TenureDocument, TenureView, TenureJob> => {
    if (doc.version === 0 || !canReadTenure(principal, doc.placement))
      throw AppError.notFound(`No tenure with id ${cmd.id}`);
    if (!canTakeStep(principal, doc.placement, cmd.step))
      throw AppError.forbidden(
        cmd.step === 'early-return'
          ? 'Only the cadres of the receiving or the sending unit, or admins, record an early return'
          : 'Only the cadres of the receiving unit, or admins, record the steps of a tenure',
      );
    const today = chinaToday(now);
    const by = { userId: principal.userId, name: actorName };
    const at = iso(now);
    let set: Partial<TenureDocument>;
    let step: TenureStep;
    switch (cmd.step) {
      case 'arrival': {
        if (doc.state !== 'awaiting-arrival')
          throw conflict(`The arrival is recorded already (the tenure is ${doc.state})`);
        if (cmd.date > today) throw bad('date', `The arrival cannot be in the future (today is ${today})`);
        if (cmd.date >= doc.endDate)
          throw bad('date', `The arrival must be before the end date (${doc.endDate})`);
        step = { kind: 'arrival', date: cmd.date, ...(cmd.note ? { text: cmd.note } : {}), at, by };
        set = { state: 'on-post', arrivalDate: cmd.date };
        break;
      }
      case 'review': {
        checkOnPost(doc, cmd.date, today, 'mid-term review');
        if (doc.reviewedOn) throw conflict(`The mid-term review is recorded already (${doc.reviewedOn})`);
        step = { kind: 'review', date: cmd.date, text: cmd.note, at, by };
        set = { reviewedOn: cmd.date };
        break;
      }
      case 'completion': {
        checkOnPost(doc, cmd.date, today, 'completion');
        if (doc.placement.kind === 'secondment' && !doc.reviewedOn)
          throw conflict('Record the mid-term review before the completion');
        step = { kind: 'completion', date: cmd.date, text: cmd.report, at, by };
        set = { state: 'completed', returnedOn: cmd.date };
        break;
      }
      case 'early-return': {
        checkOnPost(doc, cmd.date, today, 'early return');
        if (cmd.date >= doc.endDate)
          throw bad(
            'date',
            `An early return is before the end date (${doc.endDate}); record the completion instead`,
          );
        step = { kind: 'early-return', date: cmd.date, text: cmd.reason, at, by };
        set = { state: 'returned-early', returnedOn: cmd.date };
        break;
      }
      case 'end-date': {
        if (isEnded(doc.state)) throw conflict(`The tenure has ended (${doc.state}); its end date stays`);
        const start = doc.arrivalDate ?? doc.placement.startDate;
        if (cmd.endDate <= start) throw bad('endDate', `The end date must be after ${start}`);
        if (cmd.endDate === doc.endDate) throw bad('endDate', `The end date is ${doc.endDate} already`);
        step = { kind: 'end-date', date: cmd.endDate, text: cmd.reason, at, by };
        set = { endDate: cmd.endDate, endDateMoved: true };
        break;
      }
    }
    const planned = planDeadlines({ ...doc, ...set } as TenureDocument, now, settings);
    const full: Partial<TenureDocument> = { ...set, steps: [...doc.steps, step], planned };
    const { next, spec } = changed(doc, full, step.kind, now);
    return {
      set: full,
      events: [spec],
      ...replan(doc._id, doc.planned, planned),
      reply: tenureView(next, principal),
    };
  };
}

export type DeadlineOutcome = 'fired' | 'outdated';

/**
 * A deadline's job runs: it records the deadline and tells the receiving unit only if the tenure
 * still expects it (same kind and day, tenure not ended); a job of an outdated plan does nothing.
 */
export function decideDeadline(job: TenureJob) {
  return (doc: TenureDocument, { now }: DecisionContext): Decision<TenureDocument, DeadlineOutcome> => {
    if (doc.version === 0 || isEnded(doc.state)) return { unchanged: 'outdated' };
    const planned = doc.planned.find((d) => sameDeadline(d, job));
    if (!planned) return { unchanged: 'outdated' };
    const p = doc.placement;
    return {
      set: {
        planned: doc.planned.filter((d) => d !== planned),
        fired: [...doc.fired, { ...planned, firedAt: now }],
      },
      events: [
        event('exchange.tenure.deadline.v1', {
          tenureId: doc._id,
          kind: planned.kind,
          dueDate: planned.dueDate,
          endDate: doc.endDate,
          postingTitle: p.postingTitle,
          pairId: p.pairId,
          receivingUnit: p.receivingUnit,
          sendingUnit: p.sendingUnit,
          cadreName: p.cadre.name,
        }),
      ],
      reply: 'fired',
    };
  };
}
