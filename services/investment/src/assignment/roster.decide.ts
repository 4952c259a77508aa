import {
  AppError,
  hasRole,
  type FieldError,
  type InvestmentField,
  type Principal,
  type PutRosterCommand,
  type RosterMemberView,
  type RosterView,
} from '@qingshui/contracts';
import { counterpartOf, pairOf, regionById } from '@qingshui/regions';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type {
  AssignmentRuleDoc,
  LoadEntry,
  PairRosterDocument,
  RosterMemberDoc,
  RosterSideDoc,
} from './roster.schema';

// Rosters, rules, round robin and capacity: pure decisions over a pair's roster document.

const unchanged = <R>(reply: R) => ({ unchanged: reply });

export interface LeadToPlace {
  leadId: string;
  field?: InvestmentField | undefined;
  amountYuan?: number | undefined;
}

/** A picked owner and where they sit. */
export interface Placed {
  userId: string;
  name: string;
  region: string;
}

/** The pair of a county or district, with both ids; undefined for an unknown region. */
export function pairSides(region: string): { county: string; district: string; pairId: string } | undefined {
  const pair = pairOf(region);
  return pair ? { county: pair.county.id, district: pair.beijing.id, pairId: pair.id } : undefined;
}

/** A pair with nothing kept yet: read at version 0, inserted by its first write. */
export function emptyRoster(county: string, now: Date): PairRosterDocument {
  const sides = pairSides(county)!;
  return {
    version: 0,
    _id: sides.county,
    pairId: sides.pairId,
    district: sides.district,
    countySide: { members: [], rules: [] },
    districtSide: { members: [], rules: [] },
    load: [],
    holders: [],
    createdAt: now,
    updatedAt: now,
  };
}

const sideOf = (doc: PairRosterDocument, region: string): RosterSideDoc =>
  region === doc._id ? doc.countySide : doc.districtSide;

/** Members in rotation order: the county's, then the district's, each in roster order. */
function rotation(doc: PairRosterDocument): (RosterMemberDoc & { region: string })[] {
  return [
    ...doc.countySide.members.map((m) => ({ ...m, region: doc._id })),
    ...doc.districtSide.members.map((m) => ({ ...m, region: doc.district })),
  ];
}

export function ruleMatches(rule: AssignmentRuleDoc, lead: LeadToPlace): boolean {
  if (rule.fields.length > 0 && (!lead.field || !rule.fields.includes(lead.field))) return false;
  // A rule with an amount bound does not match a lead whose amount nobody knows yet.
  if (rule.minYuan !== undefined && (lead.amountYuan === undefined || lead.amountYuan < rule.minYuan))
    return false;
  if (rule.maxYuan !== undefined && (lead.amountYuan === undefined || lead.amountYuan > rule.maxYuan))
    return false;
  return true;
}

/**
 * Who may take the lead: by the first matching rule of each side. No county rule matching: all
 * of the county's members; no district rule matching: none of the district's (they join a county's
 * rotation by rule only).
 */
export function eligible(doc: PairRosterDocument, lead: LeadToPlace): Set<string> {
  const out = new Set<string>();
  const take = (side: RosterSideDoc, byDefault: boolean) => {
    const rule = side.rules.find((r) => ruleMatches(r, lead));
    if (!rule && !byDefault) return;
    const ids = rule && rule.memberIds.length > 0 ? rule.memberIds : side.members.map((m) => m.userId);
    for (const id of ids) if (side.members.some((m) => m.userId === id)) out.add(id);
  };
  take(doc.countySide, true);
  take(doc.districtSide, false);
  return out;
}

export const loadOf = (doc: PairRosterDocument, userId: string): string[] =>
  doc.load.find((entry) => entry.userId === userId)?.leadIds ?? [];

/** Who holds the lead now, if anyone on this pair's rosters does. */
export const holderOf = (doc: PairRosterDocument, leadId: string): string | undefined =>
  doc.load.find((entry) => entry.leadIds.includes(leadId))?.userId;

function member(doc: PairRosterDocument, userId: string): Placed | undefined {
  const found = rotation(doc).find((m) => m.userId === userId);
  return found ? { userId: found.userId, name: found.name, region: found.region } : undefined;
}

/** The next eligible member with room who is not away, after the last one picked (round robin). */
export function pickNext(doc: PairRosterDocument, lead: LeadToPlace): Placed | undefined {
  const order = rotation(doc);
  if (order.length === 0) return undefined;
  const allowed = eligible(doc, lead);
  const start = doc.lastPicked ? order.findIndex((m) => m.userId === doc.lastPicked) + 1 : 0;
  for (let step = 0; step < order.length; step += 1) {
    const candidate = order[(start + step) % order.length]!;
    if (!allowed.has(candidate.userId) || candidate.away) continue;
    if (loadOf(doc, candidate.userId).length >= candidate.capacity) continue;
    return { userId: candidate.userId, name: candidate.name, region: candidate.region };
  }
  return undefined;
}

/** The load with `leadId` added to `userId`'s, and the holders that go with it. */
function withLead(doc: PairRosterDocument, userId: string, leadId: string) {
  const load: LoadEntry[] = doc.load.map((entry) => ({ userId: entry.userId, leadIds: [...entry.leadIds] }));
  const mine = load.find((entry) => entry.userId === userId);
  if (mine) mine.leadIds.push(leadId);
  else load.push({ userId, leadIds: [leadId] });
  return { load, holders: load.map((entry) => entry.userId) };
}

/** Round robin claim; a lead already held keeps its holder and takes no second unit. */
export function decideClaim(lead: LeadToPlace) {
  return (doc: PairRosterDocument): Decision<PairRosterDocument, Placed | undefined> => {
    const held = holderOf(doc, lead.leadId);
    if (held) return unchanged(member(doc, held) ?? { userId: held, name: held, region: doc._id });
    const picked = pickNext(doc, lead);
    if (!picked) return unchanged(undefined);
    return {
      set: { ...withLead(doc, picked.userId, lead.leadId), lastPicked: picked.userId },
      reply: picked,
    };
  };
}

/**
 * A named cadre takes the lead (reassignment, a manual pick, a reopened lead): they must be on the
 * pair's rosters with room (away or not: a person chose them). The previous owner keeps their unit
 * until the caller releases it once the change is committed, so a failed reassignment loses nothing.
 */
export function decideNamedClaim(leadId: string, userId: string) {
  return (doc: PairRosterDocument): Decision<PairRosterDocument, Placed> => {
    const found = rotation(doc).find((m) => m.userId === userId);
    if (!found)
      throw AppError.validation(
        [{ field: 'ownerId', message: 'Not on the roster of the county or of its paired district' }],
        `${userId} is not on the roster of ${doc._id} or ${doc.district}`,
      );
    const pick = { userId: found.userId, name: found.name, region: found.region };
    const held = loadOf(doc, userId);
    if (held.includes(leadId)) return unchanged(pick);
    if (held.length >= found.capacity)
      throw new AppError(
        409,
        'CAP_REACHED',
        `${found.name} holds ${held.length} open leads, the capacity of ${found.capacity}`,
        [{ field: 'ownerId', message: 'No room: at capacity' }],
      );
    const load = doc.load.some((entry) => entry.userId === userId)
      ? doc.load.map((entry) => (entry.userId === userId ? { userId, leadIds: [...held, leadId] } : entry))
      : [...doc.load, { userId, leadIds: [leadId] }];
    return { set: { load, holders: load.map((entry) => entry.userId) }, reply: pick };
  };
}

/** Gives the lead's unit back; nothing to do when the cadre does not hold it (a repeat). */
export function decideRelease(userId: string, leadId: string) {
  return (doc: PairRosterDocument): Decision<PairRosterDocument, boolean> => {
    if (!loadOf(doc, userId).includes(leadId)) return unchanged(false);
    const load = doc.load
      .map((entry) =>
        entry.userId === userId ? { userId, leadIds: entry.leadIds.filter((id) => id !== leadId) } : entry,
      )
      .filter((entry) => entry.leadIds.length > 0);
    return { set: { load, holders: load.map((entry) => entry.userId) }, reply: true };
  };
}

// --- rights ---

/** The cadres of the county and of its paired district, and admins. */
export function canReadRoster(
  principal: Principal,
  doc: Pick<PairRosterDocument, '_id' | 'district'>,
): boolean {
  if (hasRole(principal, 'admin')) return true;
  return hasRole(principal, 'cadre') && [doc._id, doc.district].includes(principal.region ?? '');
}

/** A region's own cadres keep its roster; admins any. */
export const canEditRoster = (principal: Principal, region: string): boolean =>
  hasRole(principal, 'admin') || (hasRole(principal, 'cadre') && principal.region === region);

// --- editing ---

/** Sets one side's members and rules; rules name members of that side only; coordinators are the district's. */
export function decidePutRoster(command: PutRosterCommand, principal: Principal) {
  return (doc: PairRosterDocument, { newId }: DecisionContext): Decision<PairRosterDocument, true> => {
    if (!canEditRoster(principal, command.region))
      throw AppError.forbidden(`Only the cadres of ${command.region} and admins keep its roster`);
    const isCounty = command.region === doc._id;
    const errors: FieldError[] = [];
    const members: RosterMemberDoc[] = command.roster.members.map((m, i) => {
      if (m.coordinator && isCounty)
        errors.push({
          field: `members.${i}.coordinator`,
          message: 'Coordinators are the paired Beijing district’s: set them on the district’s roster',
        });
      return {
        userId: m.userId,
        name: m.name,
        capacity: m.capacity ?? 30,
        away: m.away ?? false,
        coordinator: m.coordinator ?? false,
      };
    });
    const onRoster = new Set(members.map((m) => m.userId));
    const ruleIds = new Set<string>();
    const rules: AssignmentRuleDoc[] = (command.roster.rules ?? []).map((r, i) => {
      (r.memberIds ?? []).forEach((id, j) => {
        if (!onRoster.has(id))
          errors.push({ field: `rules.${i}.memberIds.${j}`, message: 'Not a member of this roster' });
      });
      const id = r.id ?? newId();
      if (ruleIds.has(id)) errors.push({ field: `rules.${i}.id`, message: 'Two rules have this id' });
      ruleIds.add(id);
      return {
        id,
        name: r.name,
        fields: r.fields ?? [],
        ...(r.minYuan === undefined ? {} : { minYuan: r.minYuan }),
        ...(r.maxYuan === undefined ? {} : { maxYuan: r.maxYuan }),
        memberIds: r.memberIds ?? [],
      };
    });
    if (errors.length > 0) throw AppError.validation(errors, 'The roster is not valid');
    const side: RosterSideDoc = { members, rules, updatedBy: principal.userId };
    return { set: isCounty ? { countySide: side } : { districtSide: side }, reply: true };
  };
}

export function decideSetAway(region: string, userId: string, away: boolean, principal: Principal) {
  return (doc: PairRosterDocument): Decision<PairRosterDocument, true> => {
    if (!canEditRoster(principal, region) && principal.userId !== userId)
      throw AppError.forbidden(`Only the cadres of ${region} and admins mark its cadres away`);
    const side = sideOf(doc, region);
    const found = side.members.find((m) => m.userId === userId);
    if (!found) throw AppError.notFound(`${userId} is not on the roster of ${region}`);
    if (found.away === away) return unchanged(true);
    const next: RosterSideDoc = {
      ...side,
      members: side.members.map((m) => (m.userId === userId ? { ...m, away } : m)),
    };
    return { set: region === doc._id ? { countySide: next } : { districtSide: next }, reply: true };
  };
}

// --- views ---

function memberViews(doc: PairRosterDocument, side: RosterSideDoc): RosterMemberView[] {
  return side.members.map((m) => ({
    userId: m.userId,
    name: m.name,
    capacity: m.capacity,
    away: m.away,
    coordinator: m.coordinator,
    openLeads: loadOf(doc, m.userId).length,
  }));
}

export function rosterView(doc: PairRosterDocument, region: string, principal: Principal): RosterView {
  const isCounty = region === doc._id;
  const side = sideOf(doc, region);
  const other = isCounty ? doc.districtSide : doc.countySide;
  return {
    region,
    kind: isCounty ? 'county' : 'district',
    pairId: doc.pairId,
    county: doc._id,
    district: doc.district,
    members: memberViews(doc, side),
    rules: side.rules.map((r) => ({
      id: r.id,
      name: r.name,
      fields: r.fields,
      ...(r.minYuan === undefined ? {} : { minYuan: r.minYuan }),
      ...(r.maxYuan === undefined ? {} : { maxYuan: r.maxYuan }),
      memberIds: r.memberIds,
    })),
    counterpart: { region: counterpartOf(region)!.id, members: memberViews(doc, other) },
    version: doc.version,
    canEdit: canEditRoster(principal, region),
  };
}

/** The coordinators on the district's side of the pair. */
export const coordinatorsOf = (doc: PairRosterDocument): string[] =>
  doc.districtSide.members.filter((m) => m.coordinator).map((m) => m.userId);

/** Whether the region is a county (its roster document's id) or a district. */
export const isCounty = (region: string): boolean => regionById(region)?.kind === 'county';
