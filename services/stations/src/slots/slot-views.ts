import type {
  BookingView,
  OfferView,
  ExpertField,
  Principal,
  SlotSummary,
  SlotView,
} from '@qingshui/contracts';
import type { BookingRecord, OfferRecord, SlotDocument } from './slot.schema';
import { canManage } from './slot.rules';

// How a slot, its bookings and offers are shown: in replies and in event payloads. Pure.

const iso = (d: Date | string) => new Date(d).toISOString();

export function slotSummary(doc: SlotDocument): SlotSummary {
  return {
    id: doc._id,
    kind: doc.kind,
    status: doc.status ?? 'open',
    ...(doc.cancelReason ? { cancelReason: doc.cancelReason } : {}),
    ...(doc.stationId ? { stationId: doc.stationId } : {}),
    ...(doc.stationName ? { stationName: doc.stationName } : {}),
    ...(doc.address ? { address: doc.address } : {}),
    ...(doc.fields ? { fields: doc.fields as ExpertField[] } : {}),
    ...(doc.title ? { title: doc.title } : {}),
    ...(doc.kind === 'tour' ? { description: doc.description ?? '' } : {}),
    ...(doc.stops ? { stops: doc.stops } : {}),
    ...(doc.eligibility ? { eligibility: doc.eligibility } : {}),
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    counties: doc.counties,
    pairedDistricts: doc.pairedDistricts,
    hostOrgId: doc.hostOrgId,
    start: doc.start.toISOString(),
    end: doc.end.toISOString(),
    capacity: doc.capacity,
    seatsTaken: doc.seatsTaken,
    approvalRequired: doc.approvalRequired,
    ...(doc.maxPerOrg !== undefined && doc.maxPerOrg !== null ? { maxPerOrg: doc.maxPerOrg } : {}),
    ...(doc.maxPerRegion !== undefined && doc.maxPerRegion !== null
      ? { maxPerRegion: doc.maxPerRegion }
      : {}),
    opensAt: doc.opensAt.toISOString(),
    closesAt: doc.closesAt.toISOString(),
    offerTtlSeconds: doc.offerTtlSeconds,
    approvalTtlSeconds: doc.approvalTtlSeconds,
    reminderLeadSeconds: doc.reminderLeadSeconds,
    noShowGraceSeconds: doc.noShowGraceSeconds,
    waitlistLength: doc.waitlist.length,
    offersOpen: doc.offers.length,
    version: doc.version,
  };
}

export function bookingView(b: BookingRecord, slot: SlotDocument): BookingView {
  return {
    id: b.id,
    slotId: slot._id,
    ...(slot.stationId ? { stationId: slot.stationId } : {}),
    userId: b.userId,
    ...(b.orgId ? { orgId: b.orgId } : {}),
    ...(b.region ? { region: b.region } : {}),
    status: b.status,
    ...(b.reason ? { reason: b.reason } : {}),
    ...(b.cancelledBy ? { cancelledBy: b.cancelledBy } : {}),
    ...(b.decideBy ? { decideBy: iso(b.decideBy) } : {}),
    ...(b.movedFrom ? { movedFrom: b.movedFrom } : {}),
    ...(b.movedTo ? { movedTo: b.movedTo } : {}),
    checkIns: (b.checkIns ?? []).map((c) => ({ stop: c.stop, at: iso(c.at), by: c.by })),
    ...(b.attendance ? { attendance: b.attendance } : {}),
    ...(b.remindedAt ? { remindedAt: iso(b.remindedAt) } : {}),
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    createdAt: new Date(b.createdAt).toISOString(),
    updatedAt: new Date(b.updatedAt).toISOString(),
  };
}

export const offerView = (o: OfferRecord, slotId: string): OfferView => ({
  id: o.id,
  slotId,
  userId: o.userId,
  expiresAt: new Date(o.expiresAt).toISOString(),
});

export function slotView(doc: SlotDocument, principal: Principal): SlotView {
  const manager = canManage(principal, doc);
  const position = doc.waitlist.indexOf(principal.userId);
  const offer = doc.offers.find((o) => o.userId === principal.userId);
  return {
    ...slotSummary(doc),
    bookings: doc.bookings
      .filter((b) => manager || b.userId === principal.userId)
      .map((b) => bookingView(b, doc)),
    ...(position >= 0 ? { myWaitlistPosition: position + 1 } : {}),
    ...(offer ? { myOffer: offerView(offer, doc._id) } : {}),
    ...(manager ? { waitlist: doc.waitlist } : {}),
    canManage: manager,
  };
}
