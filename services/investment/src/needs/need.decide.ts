import {
  AppError,
  event,
  hasRole,
  type CreateNeedInput,
  type EventSpec,
  type NeedView,
  type Principal,
} from '@qingshui/contracts';
import type { DecisionContext } from '@qingshui/persistence';
import type { NeedDocument } from './need.schema';

// Pure decisions about needs: what they are given (the state read, the command, the caller, the
// time and ids) in, what to write, tell and answer out. No I/O here (lint keeps it so); unit-tested
// in need.decide.spec.ts.

export type NewNeed = Omit<NeedDocument, 'outbox' | 'outboxPending'>;

export function needView(doc: NewNeed): NeedView {
  return {
    id: doc._id,
    name: doc.name,
    region: doc.region,
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}

/**
 * A new need, in the caller's own region unless an admin names another one; it is the caller's.
 * Its event goes into its outbox with it.
 */
export function decideCreate(
  input: CreateNeedInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): { doc: NewNeed; events: EventSpec[]; reply: NeedView } {
  const region = input.region ?? principal.region;
  if (!region)
    throw AppError.validation([{ field: 'region', message: 'Name the region: your account has none' }]);
  if (region !== principal.region && !hasRole(principal, 'admin'))
    throw AppError.forbidden('Only an admin creates a need for a region other than their own');
  const doc: NewNeed = {
    _id: newId(),
    name: input.name,
    region,
    createdBy: principal.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const view = needView(doc);
  return { doc, events: [event('investment.need.created.v1', { need: view })], reply: view };
}
