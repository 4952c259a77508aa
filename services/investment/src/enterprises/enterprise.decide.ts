import {
  AppError,
  event,
  hasRole,
  type CreateEnterpriseInput,
  type EnterpriseRef,
  type EnterpriseView,
  type EventSpec,
  type MergeEntry,
  type MergeRefusal,
  type Principal,
} from '@qingshui/contracts';
import type { Decision, DecisionContext, Unchanged } from '@qingshui/persistence';

/** A decision that changes nothing and answers `reply` (as the store's own `unchanged`; decisions import no I/O). */
const unchanged = <R>(reply: R): Unchanged<R> => ({ unchanged: reply });
import type { IndexedEnterprise } from './duplicate-index';
import type { EnterpriseDocument } from './enterprise.schema';

// Pure decisions about enterprise records: who may create one and what it is, who may merge two
// and what each side becomes. No I/O (the service reads, writes and claims keys); unit-tested in
// enterprise.decide.spec.ts.

export type NewEnterprise = Omit<EnterpriseDocument, 'outbox' | 'outboxPending'>;

export function enterpriseView(doc: NewEnterprise): EnterpriseView {
  return {
    id: doc._id,
    name: doc.name,
    region: doc.region,
    status: doc.status,
    merges: (doc.merges ?? []).map((m) => ({ ...m, fieldsTaken: [...(m.fieldsTaken ?? [])] })),
    source: doc.source,
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
    ...(doc.creditCode ? { creditCode: doc.creditCode } : {}),
    ...(doc.phone ? { phone: doc.phone } : {}),
    ...(doc.email ? { email: doc.email } : {}),
    ...(doc.orgId ? { orgId: doc.orgId } : {}),
    ...(doc.mergedInto ? { mergedInto: doc.mergedInto } : {}),
    ...(doc.mergeId ? { mergeId: doc.mergeId } : {}),
  };
}

export function indexedOf(view: EnterpriseView): IndexedEnterprise {
  return {
    id: view.id,
    name: view.name,
    creditCode: view.creditCode,
    region: view.region,
    phone: view.phone,
    email: view.email,
    orgId: view.orgId,
    status: view.status,
    mergedInto: view.mergedInto,
    mergeCount: view.merges.length,
    version: view.version,
  };
}

export const refOf = (e: { id: string; name: string; orgId?: string | undefined }): EnterpriseRef => ({
  enterpriseId: e.id,
  name: e.name,
  ...(e.orgId ? { orgId: e.orgId } : {}),
});

/** The keys at most one record holds (see EnterpriseKeyDocument). */
export function keysOf(doc: { creditCode?: string | undefined; orgId?: string | undefined }): string[] {
  return [...(doc.creditCode ? [`code:${doc.creditCode}`] : []), ...(doc.orgId ? [`org:${doc.orgId}`] : [])];
}

/** May the caller read this record: cadres and admins any, an enterprise's staff their own. */
export function canRead(principal: Principal, doc: { orgId?: string | undefined }): boolean {
  if (hasRole(principal, 'cadre', 'admin')) return true;
  return hasRole(principal, 'enterprise') && !!doc.orgId && doc.orgId === principal.orgId;
}

/**
 * A new record. Cadres and admins create any (an admin may name its id and organisation); an
 * enterprise's user creates its own organisation's, in its own region unless it names one.
 */
export function decideCreate(
  input: CreateEnterpriseInput,
  principal: Principal,
  { now, newId }: DecisionContext,
  source: EnterpriseView['source'] = 'manual',
): { doc: NewEnterprise; events: EventSpec[]; reply: EnterpriseView } {
  const admin = hasRole(principal, 'admin');
  const cadre = hasRole(principal, 'cadre');
  const own = !admin && !cadre && hasRole(principal, 'enterprise');
  if (!admin && !cadre && !own)
    throw AppError.forbidden('Only cadres, admins and an enterprise itself create enterprise records');
  if (!admin && input.id) throw AppError.forbidden('Only an admin names a record’s id');
  if (!admin && input.orgId && input.orgId !== principal.orgId)
    throw AppError.forbidden('Only an admin links a record to another organisation');
  if (own && !principal.orgId) throw AppError.forbidden('Your account belongs to no organisation');
  const orgId = own ? principal.orgId : input.orgId;
  const region = input.region ?? (own || cadre ? principal.region : undefined);
  if (!region)
    throw AppError.validation([
      { field: 'region', message: 'Name the region (a Beijing district or a county)' },
    ]);
  const doc: NewEnterprise = {
    _id: input.id ?? newId(),
    name: input.name,
    region,
    status: 'active',
    merges: [],
    source: own ? 'own-org' : source,
    createdBy: principal.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...(input.creditCode ? { creditCode: input.creditCode } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.email ? { email: input.email.toLowerCase() } : {}),
    ...(orgId ? { orgId } : {}),
  };
  const view = enterpriseView(doc);
  return { doc, events: [event('investment.enterprise.created.v1', { enterprise: view })], reply: view };
}

export const mergeIdOf = (duplicateId: string) => `merge-${duplicateId}`;

const refusal = (status: 403 | 409 | 400, reason: MergeRefusal, message: string, field = 'duplicateId') =>
  new AppError(
    status,
    status === 403 ? 'FORBIDDEN' : status === 400 ? 'VALIDATION_FAILED' : 'CONFLICT',
    message,
    [
      { field: 'reason', message: reason },
      { field, message },
    ],
  );

/**
 * Whether the caller may merge `duplicate` into `survivor`, or why not. An admin may merge any two;
 * a cadre the two records they created themselves (our reading of "the owner of both": a record
 * has no other owner than the cadre who entered it). Two different credit codes, or two
 * different platform organisations, are two enterprises: never merged.
 */
export function mergeRefusal(
  survivor: NewEnterprise,
  duplicate: NewEnterprise,
  principal: Principal,
): AppError | undefined {
  if (survivor._id === duplicate._id)
    return refusal(400, 'same_record', 'A record cannot be merged into itself');
  const admin = hasRole(principal, 'admin');
  const ownsBoth =
    hasRole(principal, 'cadre') &&
    survivor.createdBy === principal.userId &&
    duplicate.createdBy === principal.userId;
  if (!admin && !ownsBoth)
    return refusal(403, 'forbidden', 'Only an admin, or the cadre who created both records, merges them');
  if (duplicate.status === 'merged' && duplicate.mergedInto === survivor._id) return undefined;
  if (survivor.status === 'merged')
    return refusal(
      409,
      'survivor_merged',
      `${survivor.name} was itself merged into ${survivor.mergedInto}: merge into that record`,
      'id',
    );
  if (duplicate.status === 'merged')
    return refusal(
      409,
      'already_merged',
      `${duplicate.name} was merged into ${duplicate.mergedInto} already`,
    );
  if (survivor.creditCode && duplicate.creditCode && survivor.creditCode !== duplicate.creditCode)
    return refusal(
      409,
      'credit_codes_differ',
      `The credit codes differ (${survivor.creditCode} and ${duplicate.creditCode}): these are two enterprises`,
    );
  if (survivor.orgId && duplicate.orgId && survivor.orgId !== duplicate.orgId)
    return refusal(
      409,
      'org_ids_differ',
      `The records belong to two platform organisations (${survivor.orgId} and ${duplicate.orgId})`,
    );
  return undefined;
}

/** What the survivor takes from the duplicate: the fields it lacks and the duplicate has. */
export function fieldsToTake(survivor: NewEnterprise, duplicate: NewEnterprise): Partial<NewEnterprise> {
  const taken: Partial<NewEnterprise> = {};
  for (const field of ['creditCode', 'orgId', 'phone', 'email'] as const)
    if (!survivor[field] && duplicate[field]) taken[field] = duplicate[field];
  return taken;
}

/** Marks the duplicate merged into the survivor (once: a retry finds it done and changes nothing). */
export function decideMarkMerged(
  duplicate: EnterpriseDocument,
  survivor: NewEnterprise,
  principal: Principal,
): Decision<EnterpriseDocument, EnterpriseView> {
  if (duplicate.status === 'merged' && duplicate.mergedInto === survivor._id)
    return unchanged(enterpriseView(duplicate));
  const problem = mergeRefusal(survivor, duplicate, principal);
  if (problem) throw problem;
  const after: NewEnterprise = {
    ...duplicate,
    status: 'merged',
    mergedInto: survivor._id,
    mergeId: mergeIdOf(duplicate._id),
    version: duplicate.version + 1,
  };
  const view = enterpriseView(after);
  return {
    set: { status: 'merged', mergedInto: survivor._id, mergeId: mergeIdOf(duplicate._id) },
    where: { status: 'active' },
    events: [event('investment.enterprise.merged.v1', { enterprise: view })],
    reply: view,
  };
}

/** Records the merge in the survivor with what it took and how many leads moved (once). */
export function decideAbsorb(
  survivor: EnterpriseDocument,
  duplicate: NewEnterprise,
  details: { reason: string; by: string; leadsMoved: number },
  { now }: DecisionContext,
): Decision<EnterpriseDocument, EnterpriseView> {
  const mergeId = mergeIdOf(duplicate._id);
  if ((survivor.merges ?? []).some((m) => m.mergeId === mergeId)) return unchanged(enterpriseView(survivor));
  const taken = fieldsToTake(survivor, duplicate);
  const entry: MergeEntry = {
    mergeId,
    duplicateId: duplicate._id,
    duplicateName: duplicate.name,
    reason: details.reason,
    by: details.by,
    at: now.toISOString(),
    leadsMoved: details.leadsMoved,
    fieldsTaken: Object.keys(taken),
  };
  const after: NewEnterprise = {
    ...survivor,
    ...taken,
    merges: [...(survivor.merges ?? []), entry],
    version: survivor.version + 1,
    updatedAt: now,
  };
  const view = enterpriseView(after);
  return {
    set: taken,
    push: { merges: entry },
    events: [event('investment.enterprise.absorbed.v1', { enterprise: view })],
    reply: view,
  };
}
