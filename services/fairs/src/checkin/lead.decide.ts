import { AppError, event, type ErrorCode, type EventSpec, type LeadView } from '@qingshui/contracts';
import type { Decision } from '@qingshui/persistence';
import type { LeadDocument } from './checkin.schema';

// Booth lead scans, pure: whether a ticket may be scanned as a lead, and the lead a scan makes or
// updates, with its event. No I/O; unit-tested in lead.decide.spec.ts.

export interface LeadTicketFacts {
  _id: string;
  fairId: string;
  status: 'valid' | 'revoked';
  version: number;
  leadConsent: boolean;
  holder: { userId: string; name: string; organisation?: string };
}

/** A refusal with its machine-readable reason in `fields` (`refusal`). */
export function refusal(status: number, code: ErrorCode, reason: string, message: string): AppError {
  return new AppError(status, code, message, [{ field: 'refusal', message: reason }]);
}

/** Refuses a ticket that is not a lead to take (before anything is written). */
export function leadRefusal(
  ticket: LeadTicketFacts | null,
  fairId: string,
  tokenVersion: number,
): AppError | undefined {
  if (!ticket || ticket.fairId !== fairId)
    return refusal(404, 'NOT_FOUND', 'unknown', 'No such ticket at this fair');
  if (ticket.status !== 'valid' || ticket.version !== tokenVersion)
    return refusal(409, 'CONFLICT', 'revoked', 'This ticket was revoked or replaced');
  if (!ticket.leadConsent)
    return refusal(
      403,
      'NOT_ELIGIBLE',
      'no_lead_consent',
      'This visitor did not agree to have their badge scanned by exhibitors (未同意展商扫码)',
    );
  return undefined;
}

export interface LeadScan {
  rating: number;
  notes: string;
  tags: string[];
  productsOfInterest: string[];
  scannedBy: { id: string; label?: string };
}

export function leadView(doc: Omit<LeadDocument, 'outbox' | 'outboxPending'>): LeadView {
  return {
    id: doc._id,
    fairId: doc.fairId,
    enterpriseOrgId: doc.enterprise.orgId,
    ticketId: doc.ticketId,
    visitor: doc.visitor,
    rating: doc.rating,
    notes: doc.notes,
    tags: doc.tags,
    productsOfInterest: doc.productsOfInterest,
    scannedBy: doc.scannedBy,
    firstScannedAt: new Date(doc.firstScannedAt).toISOString(),
    lastScannedAt: new Date(doc.lastScannedAt).toISOString(),
    scans: doc.scans,
    version: doc.version,
  };
}

export interface LeadReply {
  lead: LeadView;
  rescan: boolean;
  leadCount: number;
}

/**
 * A scan of a visitor at a booth: a new lead (version 0 read: `absent`), or the same lead
 * updated (what the rescan gives replaces what was there; the first scan's time stays).
 */
export function decideLead(
  current: LeadDocument,
  input: {
    fairId: string;
    enterprise: { orgId: string; name: string };
    ticket: LeadTicketFacts;
    scan: LeadScan;
    leadCount: number;
  },
  now: Date,
): Decision<LeadDocument, LeadReply> {
  const rescan = current.version > 0;
  const visitor = {
    userId: input.ticket.holder.userId,
    name: input.ticket.holder.name,
    ...(input.ticket.holder.organisation ? { organisation: input.ticket.holder.organisation } : {}),
  };
  const set: Partial<LeadDocument> = {
    fairId: input.fairId,
    enterprise: input.enterprise,
    ticketId: input.ticket._id,
    visitor,
    rating: input.scan.rating,
    notes: input.scan.notes,
    tags: input.scan.tags,
    productsOfInterest: input.scan.productsOfInterest,
    scannedBy: input.scan.scannedBy,
    firstScannedAt: rescan ? current.firstScannedAt : now,
    lastScannedAt: now,
    scans: (current.scans ?? 0) + 1,
  };
  const next = { ...current, ...set, version: current.version + 1, updatedAt: now } as LeadDocument;
  const events: EventSpec[] = [
    event('fairs.lead.captured.v1', {
      lead: {
        id: current._id,
        fairId: input.fairId,
        enterpriseOrgId: input.enterprise.orgId,
        enterpriseName: input.enterprise.name,
        ticketId: input.ticket._id,
        ...(visitor.organisation ? { visitorOrganisation: visitor.organisation } : {}),
        visitor: { userId: visitor.userId, name: visitor.name },
        productsOfInterest: input.scan.productsOfInterest,
        rating: input.scan.rating,
        tags: input.scan.tags,
        notes: input.scan.notes,
        scannedAt: now.toISOString(),
      },
      rescan,
      leadCount: input.leadCount,
    }),
  ];
  return { set, events, reply: { lead: leadView(next), rescan, leadCount: input.leadCount } };
}
