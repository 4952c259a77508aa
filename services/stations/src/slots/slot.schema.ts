import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { BookingStatus, Eligibility, TourStop } from '@qingshui/contracts';

export const SLOT_MODEL = 'Slot';

export interface BookingRecord {
  id: string;
  userId: string;
  orgId?: string;
  region?: string;
  status: BookingStatus;
  reason?: string;
  cancelledBy?: string;
  /** Pending only: the host's decision deadline. */
  decideBy?: Date;
  movedFrom?: string;
  movedTo?: string;
  checkIns?: { stop: number; at: Date; by: string }[];
  attendance?: 'present' | 'no-show';
  remindedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface WaitEntry {
  userId: string;
  orgId?: string;
  region?: string;
  at: Date;
}

/** A seat held for the first fitting expert in line, until accepted, declined or expired. */
export interface OfferRecord {
  id: string;
  userId: string;
  orgId?: string;
  region?: string;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * The slot aggregate: seats, counters, bookings, waitlist, offers and pending events in ONE
 * document, so that a booking is one atomic conditional update (no transactions in FerretDB).
 * `seatsTaken` counts pending and confirmed bookings and open offers; `orgCounts`/`regionCounts`
 * count the same seats per organisation and region; `seatHolders` and `waitlist` are flat string
 * arrays of user ids because FerretDB evaluates `$ne` on them correctly.
 */
export interface SlotDocument extends OutboxFields {
  _id: string;
  kind: 'slot' | 'tour';
  status: 'open' | 'cancelled';
  cancelReason?: string;
  /** Slots only. */
  stationId?: string;
  stationName?: string;
  address?: string;
  /** The station's fields: for finding slots by field. */
  fields?: string[];
  /** Tours only. */
  title?: string;
  description?: string;
  stops?: TourStop[];
  eligibility?: Eligibility;
  county: string;
  pairedDistrict: string;
  /** Every county visited (one for a slot) and their paired districts: rooms and filters. */
  counties: string[];
  pairedDistricts: string[];
  hostOrgId: string;
  cadreUserIds: string[];
  start: Date;
  end: Date;
  capacity: number;
  approvalRequired: boolean;
  maxPerOrg?: number;
  maxPerRegion?: number;
  opensAt: Date;
  closesAt: Date;
  offerTtlSeconds: number;
  approvalTtlSeconds: number;
  reminderLeadSeconds: number;
  noShowGraceSeconds: number;
  seatsTaken: number;
  orgCounts: Record<string, number>;
  regionCounts: Record<string, number>;
  seatHolders: string[];
  bookingIds: string[];
  /** Everyone who ever booked here (flat, for "my bookings" on FerretDB). */
  bookedUserIds: string[];
  bookings: BookingRecord[];
  waitlist: string[];
  waitEntries: WaitEntry[];
  offers: OfferRecord[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const SlotSchema = new Schema<SlotDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, required: true, default: 'open' },
    cancelReason: { type: String },
    stationId: { type: String, index: true },
    stationName: { type: String },
    fields: { type: [String], default: undefined },
    address: { type: String },
    title: { type: String },
    description: { type: String },
    stops: { type: Schema.Types.Mixed },
    eligibility: { type: Schema.Types.Mixed },
    county: { type: String, required: true },
    pairedDistrict: { type: String, required: true },
    counties: { type: [String], default: [] },
    pairedDistricts: { type: [String], default: [] },
    hostOrgId: { type: String, required: true },
    cadreUserIds: { type: [String], default: [] },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    capacity: { type: Number, required: true },
    approvalRequired: { type: Boolean, required: true },
    maxPerOrg: { type: Number },
    maxPerRegion: { type: Number },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    offerTtlSeconds: { type: Number, required: true },
    approvalTtlSeconds: { type: Number, required: true },
    reminderLeadSeconds: { type: Number, required: true },
    noShowGraceSeconds: { type: Number, required: true },
    seatsTaken: { type: Number, required: true },
    orgCounts: { type: Schema.Types.Mixed, default: {} },
    regionCounts: { type: Schema.Types.Mixed, default: {} },
    seatHolders: { type: [String], default: [] },
    bookingIds: { type: [String], default: [], index: true },
    bookedUserIds: { type: [String], default: [], index: true },
    bookings: { type: Schema.Types.Mixed, default: [] },
    waitlist: { type: [String], default: [] },
    waitEntries: { type: Schema.Types.Mixed, default: [] },
    offers: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'slots', versionKey: false, minimize: false },
);
SlotSchema.plugin(outboxPlugin);
