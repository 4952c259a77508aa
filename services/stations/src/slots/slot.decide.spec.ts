import { SlotEvents, type CreateSlotInput } from '@qingshui/contracts';
import type { StationDocument } from '../stations/station.schema';
import { decideCancelSlot, decideCreateSlot } from './slot.decide';
import {
  aBooking,
  at,
  changeOf,
  context,
  expert,
  host,
  payloadsOf,
  refusal,
  slotWith,
  topicsOf,
} from './slot.fixtures';

const station: StationDocument = {
  _id: 'station-1',
  name: '淅川县院士专家工作站',
  county: 'xichuan',
  pairedDistrict: 'chaoyang',
  hostOrgId: 'hosp-xichuan',
  fields: ['medicine'],
  address: '淅川县人民医院',
  cadreUserIds: ['cadre-1'],
  createdBy: 'cadre-1',
  version: 1,
  createdAt: at(0),
  updatedAt: at(0),
  outbox: [],
  outboxPending: false,
};
const input: CreateSlotInput = {
  start: at(48).toISOString(),
  end: at(72).toISOString(),
  capacity: 3,
  approvalRequired: false,
  offerTtlSeconds: 3600,
  approvalTtlSeconds: 7200,
  reminderLeadSeconds: 86_400,
  noShowGraceSeconds: 7200,
};

describe('creating a slot', () => {
  it('places a slot at its station, with empty seats, a window closing at the start, its event and its no-show sweep', () => {
    const created = decideCreateSlot(station, input, host, context(at(10)));
    expect(created.doc).toMatchObject({
      _id: 'id-1',
      kind: 'slot',
      status: 'open',
      stationId: 'station-1',
      stationName: '淅川县院士专家工作站',
      address: '淅川县人民医院',
      fields: ['medicine'],
      counties: ['xichuan'],
      pairedDistricts: ['chaoyang'],
      hostOrgId: 'hosp-xichuan',
      cadreUserIds: ['cadre-1'],
      capacity: 3,
      seatsTaken: 0,
      opensAt: at(10),
      closesAt: at(48),
      version: 1,
      createdAt: at(10),
    });
    expect(created.doc).not.toHaveProperty('maxPerOrg');
    expect(topicsOf(created)).toEqual([SlotEvents.created]);
    expect(payloadsOf(created)[0]).toEqual({ slot: expect.objectContaining({ id: 'id-1', seatsTaken: 0 }) });
    expect(created.schedule).toEqual([
      { job: { kind: 'no-show', slotId: 'id-1', startMs: at(48).getTime() }, at: at(50) },
    ]);
    expect(created.reply).toMatchObject({ id: 'id-1', canManage: true, bookings: [] });
  });

  it('keeps the window and caps asked for', () => {
    const created = decideCreateSlot(
      station,
      { ...input, maxPerOrg: 1, opensAt: at(20).toISOString(), closesAt: at(40).toISOString() },
      host,
      context(at(10)),
    );
    expect(created.doc).toMatchObject({ maxPerOrg: 1, opensAt: at(20), closesAt: at(40) });
  });

  it('refuses anyone but the station’s host side (403) and a start that has passed (400)', () => {
    expect(refusal(() => decideCreateSlot(station, input, expert('e'), context(at(10))))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(refusal(() => decideCreateSlot(station, input, host, context(at(48))))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('calling a slot off', () => {
  const booked = [
    aBooking({ id: 'b-1', userId: 'u1' }),
    aBooking({ id: 'b-2', userId: 'u2', status: 'pending', decideBy: at(12) }),
    aBooking({ id: 'b-3', userId: 'u3', status: 'rejected' }),
  ];
  const offer = { id: 'o-1', userId: 'u4', expiresAt: at(11), createdAt: at(9) };
  const slot = slotWith(booked, [offer], [{ userId: 'u5' }, { userId: 'u1' }], { capacity: 3 });

  it('cancels every active booking with the reason, withdraws the offers, clears the line and the counts', () => {
    const change = changeOf(decideCancelSlot(slot, '汛期防汛任务', host, context(at(10))));
    expect(change.set).toMatchObject({
      status: 'cancelled',
      cancelReason: '汛期防汛任务',
      seatsTaken: 0,
      orgCounts: {},
      regionCounts: {},
      seatHolders: [],
      waitlist: [],
      waitEntries: [],
      offers: [],
    });
    expect(change.set?.bookings?.map((b) => [b.id, b.status, b.reason, b.cancelledBy])).toEqual([
      ['b-1', 'cancelled', '汛期防汛任务', 'cadre-1'],
      ['b-2', 'cancelled', '汛期防汛任务', 'cadre-1'],
      ['b-3', 'rejected', undefined, undefined],
    ]);
    expect(change.reply.slot).toMatchObject({
      status: 'cancelled',
      seatsTaken: 0,
      waitlistLength: 0,
      offersOpen: 0,
    });
    expect(change.reply.release).toEqual([
      { userId: 'u1', bookingId: 'b-1' },
      { userId: 'u2', bookingId: 'b-2' },
    ]);
  });

  it('tells everyone concerned once: the booked through their booking, the offered and the waiting by name', () => {
    const change = changeOf(decideCancelSlot(slot, '汛期', host, context(at(10))));
    expect(topicsOf(change)).toEqual([
      SlotEvents.cancelled,
      SlotEvents.bookingCancelled,
      SlotEvents.bookingCancelled,
      SlotEvents.cancelled,
      SlotEvents.cancelled,
    ]);
    const payloads = payloadsOf(change) as { userId?: string; booking?: { id: string } }[];
    expect(payloads[0]!.userId).toBeUndefined();
    expect(payloads.slice(1, 3).map((p) => p.booking?.id)).toEqual(['b-1', 'b-2']);
    // u1 is booked and also waiting (an edge of old data): told once, through the booking.
    expect(payloads.slice(3).map((p) => p.userId)).toEqual(['u4', 'u5']);
  });

  it('removes every job of the slot and its bookings', () => {
    const change = changeOf(decideCancelSlot(slot, '汛期', host, context(at(10))));
    const startMs = at(48).getTime();
    expect(change.unschedule).toEqual([
      { kind: 'reminder', slotId: 'slot-1', bookingId: 'b-1', startMs },
      { kind: 'approval-expiry', slotId: 'slot-1', bookingId: 'b-1' },
      { kind: 'reminder', slotId: 'slot-1', bookingId: 'b-2', startMs },
      { kind: 'approval-expiry', slotId: 'slot-1', bookingId: 'b-2' },
      { kind: 'offer-expiry', slotId: 'slot-1', offerId: 'o-1' },
      { kind: 'no-show', slotId: 'slot-1', startMs },
    ]);
  });

  it('leaves a called-off slot as it is, and refuses anyone but the host side (403)', () => {
    const off = slotWith([], [], [], { status: 'cancelled', cancelReason: '汛期' });
    expect(decideCancelSlot(off, 'again', host, context(at(10)))).toMatchObject({
      unchanged: { slot: { status: 'cancelled', cancelReason: '汛期' }, release: [] },
    });
    expect(refusal(() => decideCancelSlot(slot, '汛期', expert('u1'), context(at(10))))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});
