import { absent } from '@qingshui/persistence';
import type { LeadDocument } from './checkin.schema';
import { decideLead, leadRefusal, type LeadTicketFacts } from './lead.decide';

const now = new Date('2027-05-18T02:00:00.000Z');
const ticket: LeadTicketFacts = {
  _id: 't-1',
  fairId: 'fair-1',
  status: 'valid',
  version: 1,
  leadConsent: true,
  holder: { userId: 'u-visitor', name: '王采购', organisation: '北京新发地' },
};
const fresh = absent<LeadDocument>({
  _id: 'fair-1:ent-a:t-1',
  fairId: 'fair-1',
  enterprise: { orgId: 'ent-a', name: '渠首农业' },
  ticketId: 't-1',
  visitor: { userId: 'u-visitor', name: '王采购' },
  rating: 0,
  notes: '',
  tags: [],
  productsOfInterest: [],
  scannedBy: { id: 'u-staff' },
  firstScannedAt: now,
  lastScannedAt: now,
  scans: 0,
  updatedAt: now,
  outbox: [],
  outboxPending: false,
});
const scan = {
  rating: 4,
  notes: '要 2 吨',
  tags: ['采购'],
  productsOfInterest: ['香菇'],
  scannedBy: { id: 'u-staff' },
};
const input = {
  fairId: 'fair-1',
  enterprise: { orgId: 'ent-a', name: '渠首农业' },
  ticket,
  scan,
  leadCount: 1,
};

describe('booth leads', () => {
  it('refuses visitors who did not consent, other fairs’ and revoked tickets, with the reason', () => {
    expect(leadRefusal(ticket, 'fair-1', 1)).toBeUndefined();
    expect(leadRefusal({ ...ticket, leadConsent: false }, 'fair-1', 1)?.fields).toEqual([
      { field: 'refusal', message: 'no_lead_consent' },
    ]);
    expect(leadRefusal(ticket, 'fair-2', 1)?.status).toBe(404);
    expect(leadRefusal(null, 'fair-1', 1)?.status).toBe(404);
    expect(leadRefusal({ ...ticket, status: 'revoked' }, 'fair-1', 1)?.status).toBe(409);
    expect(leadRefusal(ticket, 'fair-1', 2)?.fields).toEqual([{ field: 'refusal', message: 'revoked' }]);
  });

  it('makes a lead on the first scan and updates the same lead on a rescan, each with its event', () => {
    const first = decideLead(fresh, input, now);
    if ('unchanged' in first) throw new Error('expected a change');
    expect(first.reply).toMatchObject({
      rescan: false,
      leadCount: 1,
      lead: { rating: 4, scans: 1, version: 1 },
    });
    expect(first.events![0]).toMatchObject({
      topic: 'fairs.lead.captured.v1',
      payload: {
        rescan: false,
        leadCount: 1,
        lead: { enterpriseOrgId: 'ent-a', visitorOrganisation: '北京新发地', productsOfInterest: ['香菇'] },
      },
    });
    const stored = { ...fresh, ...first.set, version: 1 } as LeadDocument;
    const later = new Date(now.getTime() + 60_000);
    const again = decideLead(stored, { ...input, scan: { ...scan, rating: 5 } }, later);
    if ('unchanged' in again) throw new Error('expected a change');
    expect(again.reply).toMatchObject({ rescan: true, lead: { rating: 5, scans: 2, version: 2 } });
    expect(again.set!.firstScannedAt).toEqual(now);
    expect(again.set!.lastScannedAt).toEqual(later);
  });
});
