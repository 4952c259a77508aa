import type { MyBookingList, SlotSummary } from '@qingshui/contracts';
import { expertCalendar, feedToken, feedTokenValid } from './ics';

const slot = (over: Partial<SlotSummary>): SlotSummary => ({
  id: 's1',
  kind: 'slot',
  status: 'open',
  county: 'xichuan',
  pairedDistrict: 'chaoyang',
  counties: ['xichuan'],
  pairedDistricts: ['chaoyang'],
  hostOrgId: 'gov-xichuan',
  start: '2030-01-01T01:00:00.000Z',
  end: '2030-01-03T09:00:00.000Z',
  capacity: 5,
  seatsTaken: 1,
  approvalRequired: false,
  opensAt: '2029-12-01T00:00:00.000Z',
  closesAt: '2030-01-01T01:00:00.000Z',
  offerTtlSeconds: 60,
  approvalTtlSeconds: 60,
  reminderLeadSeconds: 60,
  noShowGraceSeconds: 60,
  waitlistLength: 0,
  offersOpen: 0,
  version: 1,
  ...over,
});

describe('iCalendar feeds', () => {
  it('signs feed URLs per user and refuses other users’ or altered tokens', () => {
    const token = feedToken('a-secret-of-enough-length', 'user-1');
    expect(feedTokenValid('a-secret-of-enough-length', 'user-1', token)).toBe(true);
    expect(feedTokenValid('a-secret-of-enough-length', 'user-2', token)).toBe(false);
    expect(feedTokenValid('another-secret-of-enough-length', 'user-1', token)).toBe(false);
    expect(feedTokenValid('a-secret-of-enough-length', 'user-1', `${token}x`)).toBe(false);
    expect(feedTokenValid('a-secret-of-enough-length', 'user-1', undefined)).toBe(false);
  });

  it('writes one event per booking with a stable id, the station or the tour route in Chinese', () => {
    const base = {
      userId: 'u',
      status: 'confirmed' as const,
      checkIns: [],
      createdAt: '2029-12-01T00:00:00.000Z',
      updatedAt: '2029-12-02T00:00:00.000Z',
    };
    const bookings: MyBookingList = {
      items: [
        {
          ...base,
          id: 'b1',
          slotId: 's1',
          start: '2030-01-01T01:00:00.000Z',
          end: '2030-01-03T09:00:00.000Z',
          slot: slot({ stationName: '淅川县院士专家工作站', address: '淅川县龙城街道' }),
        },
        {
          ...base,
          id: 'b2',
          slotId: 't1',
          start: '2030-02-01T01:00:00.000Z',
          end: '2030-02-02T09:00:00.000Z',
          slot: slot({
            id: 't1',
            kind: 'tour',
            title: '院士专家库区行',
            stops: [
              {
                county: 'xichuan',
                place: '渠首',
                start: '2030-02-01T01:00:00.000Z',
                end: '2030-02-01T09:00:00.000Z',
              },
              {
                county: 'yunyang',
                place: '石漠化治理示范区',
                start: '2030-02-02T01:00:00.000Z',
                end: '2030-02-02T09:00:00.000Z',
              },
            ],
          }),
        },
      ],
    };
    const text = expertCalendar(bookings, '我的日程');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain('UID:booking-b1@qingshui');
    expect(text).toContain('SUMMARY:驻站：淅川县院士专家工作站（淅川县）');
    expect(text).toContain('LOCATION:淅川县·渠首 → 郧阳区·石漠化治理示范区');
    expect(text).toContain('DTSTART:20300101T010000Z');
  });
});
