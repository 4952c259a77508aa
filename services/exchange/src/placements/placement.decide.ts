import {
  AppError,
  DEFAULT_QUOTAS,
  event,
  hasRole,
  type EventSpec,
  type ExchangeDirection,
  type NominationSide,
  type NominationStatus,
  type NominationView,
  type PlacementSnapshot,
  type PlacementStepCommand,
  type Principal,
  type QuotaFigures,
  type QuotaUsageRow,
  type SetQuotaCommand,
} from '@qingshui/contracts';
import { PAIRS } from '@qingshui/regions';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { NominationDocument, NominationStepRecord } from '../cadres/nomination.schema';
import { canReadNomination, nominationView, stepBy } from '../cadres/cadre.decide';
import type { QuotaDocument } from './quota.schema';

// Pure decisions of the two-sided approval and the yearly quotas: which side the caller is, what
// a step does to a nomination (and whether it takes or gives back a quota place), the figures
// of a ledger, the admin's quota settings. No I/O; unit-tested in placement.decide.spec.ts.

export type NewNomination = Omit<NominationDocument, 'outbox' | 'outboxPending'>;
export type NewQuota = Omit<QuotaDocument, 'outbox' | 'outboxPending'>;

/** The states in which a nomination holds a quota place, the posting's place and the cadre's time. */
export const HOLDS_PLACE: readonly NominationStatus[] = ['agreed', 'confirmed'];
/** The states still waiting for a side (the board's "pending"). */
export const PENDING: readonly NominationStatus[] = ['nominated', 'released', 'accepted'];

/** The caller's side of a nomination: its sending region's cadre, its receiving region's, or the office. */
export function sideOf(
  principal: Principal,
  n: Pick<NewNomination, 'sendingRegion' | 'receivingRegion'>,
): NominationSide | undefined {
  if (hasRole(principal, 'admin')) return 'office';
  if (!hasRole(principal, 'cadre')) return undefined;
  if (principal.region === n.sendingRegion) return 'sending';
  if (principal.region === n.receivingRegion) return 'receiving';
  return undefined;
}

/** What a step does besides the nomination's own write. */
export type PlaceEffect = 'take' | 'give-back' | 'none';
export interface StepOutcome {
  set: Partial<NewNomination>;
  step: NominationStepRecord;
  events: EventSpec[];
  effect: PlaceEffect;
  reply: NominationView;
}

const conflict = (message: string) => new AppError(409, 'CONFLICT', message);
const STEP_SIDE: Record<PlacementStepCommand['step'], readonly NominationSide[]> = {
  release: ['sending'],
  accept: ['receiving'],
  refuse: ['sending', 'receiving', 'office'],
  withdraw: ['sending'],
  confirm: ['office'],
};

/**
 * One approval step. Release (sending side) and accept (receiving side) come in either order; the
 * second of them is the agreement, which takes the quota place (`effect: 'take'`, done by the
 * service before this write, in one guarded update). A refusal after the agreement gives the
 * place back. Repeating a step already taken changes nothing.
 */
export function decideStep(
  n: NewNomination,
  command: Pick<PlacementStepCommand, 'step' | 'reason'>,
  principal: Principal,
  { now }: Pick<DecisionContext, 'now'>,
): StepOutcome | { unchanged: NominationView } {
  if (!canReadNomination(principal, n)) throw AppError.notFound(`No nomination with id ${n._id}`);
  const side = sideOf(principal, n);
  const { step: action } = command;
  if (!side || !STEP_SIDE[action].includes(side))
    throw AppError.forbidden(
      action === 'confirm'
        ? 'Only the cooperation office (an admin) confirms a placement'
        : `Only the ${STEP_SIDE[action].join(' or ')} side may ${action}`,
    );
  const view = nominationView(n);
  const status = n.status;
  if ((action === 'refuse' || action === 'withdraw') && !command.reason)
    throw AppError.validation([{ field: 'reason', message: `Say why you ${action}` }]);
  const record = (verb: NominationStepRecord['action']): NominationStepRecord => ({
    action: verb,
    side,
    at: now,
    ...stepBy(principal),
    ...(command.reason && (verb === 'refused' || verb === 'withdrawn') ? { reason: command.reason } : {}),
  });
  const outcome = (
    set: Partial<NewNomination>,
    verb: NominationStepRecord['action'],
    effect: PlaceEffect,
    topic: 'exchange.placement.step-recorded.v1' | 'exchange.placement.agreed.v1',
  ): StepOutcome => {
    const step = record(verb);
    const after = nominationView({
      ...n,
      ...set,
      steps: [...n.steps, step],
      version: n.version + 1,
      updatedAt: now,
    });
    return { set, step, effect, events: [event(topic, { nomination: after })], reply: after };
  };
  switch (action) {
    case 'release':
    case 'accept': {
      const mine = action === 'release' ? 'released' : 'accepted';
      if (status === 'refused' || status === 'withdrawn')
        throw conflict(`The nomination is ${status}: it cannot be ${mine} any more`);
      // A repeat of a step taken (also after the agreement) changes nothing.
      if (n[mine]) return { unchanged: view };
      if (!PENDING.includes(status))
        throw conflict(`The nomination is ${status}: it cannot be ${mine} any more`);
      const other = action === 'release' ? n.accepted : n.released;
      return other
        ? outcome({ [mine]: true, status: 'agreed' }, 'agreed', 'take', 'exchange.placement.agreed.v1')
        : outcome({ [mine]: true, status: mine }, mine, 'none', 'exchange.placement.step-recorded.v1');
    }
    case 'refuse':
      if (status === 'refused') return { unchanged: view };
      if (!['nominated', 'released', 'accepted', 'agreed'].includes(status))
        throw conflict(`The nomination is ${status}: it cannot be refused any more`);
      return outcome(
        { status: 'refused' },
        'refused',
        status === 'agreed' ? 'give-back' : 'none',
        'exchange.placement.step-recorded.v1',
      );
    case 'withdraw':
      if (status === 'withdrawn') return { unchanged: view };
      if (!PENDING.includes(status))
        throw conflict(`The nomination is ${status}: only one not yet agreed by both sides is withdrawn`);
      return outcome({ status: 'withdrawn' }, 'withdrawn', 'none', 'exchange.placement.step-recorded.v1');
    case 'confirm': {
      if (status === 'confirmed') return { unchanged: view };
      if (status !== 'agreed')
        throw conflict(`The nomination is ${status}: only an agreed placement is confirmed`);
      const step = record('confirmed');
      const after = nominationView({
        ...n,
        status: 'confirmed',
        steps: [...n.steps, step],
        version: n.version + 1,
        updatedAt: now,
      });
      return {
        set: { status: 'confirmed' },
        step,
        effect: 'none',
        events: [
          event('exchange.placement.step-recorded.v1', { nomination: after }),
          event('exchange.placement.confirmed.v1', { placement: snapshotOf(n, now, n.version + 1) }),
        ],
        reply: after,
      };
    }
  }
}

/** The placement as the other parts keep it (tracking, the rotation plan, the inbox). */
export function snapshotOf(n: NewNomination, confirmedAt: Date, version: number): PlacementSnapshot {
  return {
    id: n._id,
    postingId: n.postingId,
    postingTitle: n.postingTitle,
    pairId: n.pairId,
    direction: n.direction,
    kind: n.kind,
    year: n.year,
    receivingUnit: n.receivingUnit,
    sendingUnit: n.cadre.unit,
    cadre: {
      profileId: n.profileId,
      ...(n.cadre.userId ? { userId: n.cadre.userId } : {}),
      name: n.cadre.name,
    },
    startDate: n.startDate,
    endDate: n.endDate,
    confirmedAt: confirmedAt.toISOString(),
    version,
  };
}

// --- quotas ---
export const ledgerId = (year: number, direction: ExchangeDirection) => `${year}-${direction}`;
const zeroByPair = () => Object.fromEntries(PAIRS.map((p) => [p.id, 0]));

/** A year's ledger before anyone wrote it: the plan's default quota, nothing used. */
export function freshLedger(year: number, direction: ExchangeDirection, now: Date): NewQuota {
  return {
    _id: ledgerId(year, direction),
    year,
    direction,
    total: DEFAULT_QUOTAS[direction],
    perPair: {},
    used: 0,
    usedByPair: zeroByPair(),
    placementIds: [],
    shortUsed: 0,
    shortByPair: zeroByPair(),
    shortIds: [],
    version: 1,
    // Nothing to tell of an untouched ledger: its figures are the defaults every reader computes.
    announcedVersion: 1,
    createdAt: now,
    updatedAt: now,
  };
}

type PendingSource = Pick<NewNomination, 'direction' | 'kind' | 'pairId' | 'status'>;

/** The figures of a ledger with the nominations of its year still being approved. */
export function quotaFigures(ledger: NewQuota, nominations: readonly PendingSource[]): QuotaFigures {
  const pending = nominations.filter((n) => n.direction === ledger.direction && PENDING.includes(n.status));
  const count = (kind: 'secondment' | 'short', pairId?: string) =>
    pending.filter((n) => n.kind === kind && (!pairId || n.pairId === pairId)).length;
  return {
    id: ledger._id,
    year: ledger.year,
    direction: ledger.direction,
    total: ledger.total,
    used: ledger.used,
    pending: count('secondment'),
    free: Math.max(0, ledger.total - ledger.used),
    short: { used: ledger.shortUsed, pending: count('short') },
    pairs: PAIRS.map((p) => ({
      pairId: p.id,
      ...(ledger.perPair[p.id] !== undefined ? { limit: ledger.perPair[p.id] } : {}),
      used: ledger.usedByPair[p.id] ?? 0,
      pending: count('secondment', p.id),
      shortUsed: ledger.shortByPair[p.id] ?? 0,
      shortPending: count('short', p.id),
    })),
    version: ledger.version,
    updatedAt: new Date(ledger.updatedAt).toISOString(),
  };
}

export function usageRows(figures: QuotaFigures): QuotaUsageRow[] {
  return figures.pairs.map((p) => ({
    year: figures.year,
    direction: figures.direction,
    pairId: p.pairId,
    total: figures.total,
    ...(p.limit !== undefined ? { limit: p.limit } : {}),
    used: p.used,
    pending: p.pending,
    shortUsed: p.shortUsed,
    shortPending: p.shortPending,
  }));
}

/**
 * The admin sets a year's quota and its split: never below what is used, a pair's share never
 * below its used places, the shares together never above the quota.
 */
export const decideSetQuota =
  (
    command: Pick<SetQuotaCommand, 'total' | 'perPair'>,
    principal: Principal,
    pending: readonly PendingSource[],
  ) =>
  (ledger: NewQuota, { now }: DecisionContext): Decision<NewQuota, QuotaFigures> => {
    if (!hasRole(principal, 'admin')) throw AppError.forbidden('Only the cooperation office sets quotas');
    const perPair = command.perPair ?? {};
    const problems: { field: string; message: string }[] = [];
    if (command.total < ledger.used)
      problems.push({
        field: 'total',
        message: `${ledger.used} places are already used: no fewer than that`,
      });
    for (const [pairId, limit] of Object.entries(perPair)) {
      const used = ledger.usedByPair[pairId] ?? 0;
      if (limit < used)
        problems.push({ field: `perPair.${pairId}`, message: `${used} places of the pair are used` });
    }
    const shares = Object.values(perPair).reduce((a, b) => a + b, 0);
    if (shares > command.total)
      problems.push({
        field: 'perPair',
        message: `The shares (${shares}) exceed the quota (${command.total})`,
      });
    if (problems.length > 0) throw AppError.validation(problems, 'The quota cannot be set so');
    // The event goes with this write: this version is told.
    const set: Partial<NewQuota> = {
      total: command.total,
      perPair,
      updatedBy: principal.userId,
      announcedVersion: ledger.version + 1,
    };
    const after = quotaFigures(
      { ...ledger, ...set, version: ledger.version + 1, updatedAt: now } as NewQuota,
      pending,
    );
    return { set, events: [event('exchange.quota.changed.v1', { quota: after })], reply: after };
  };
