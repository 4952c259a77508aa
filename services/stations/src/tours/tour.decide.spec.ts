import { SlotEvents, type CreateTourInput } from '@qingshui/contracts';
import { decideCreateTour } from './tour.decide';
import { at, context, payloadsOf, person, refusal, topicsOf } from '../slots/slot.fixtures';

const admin = person('admin-1', ['admin']);
const tour: CreateTourInput = {
  title: '库区行·水源涵养专场',
  description: '走进淅川、郧阳。',
  organiserOrgId: 'bj-coop-office',
  stops: [
    { county: 'xichuan', place: '九重镇', start: at(48).toISOString(), end: at(52).toISOString() },
    { county: 'yunyang', place: '石漠化治理示范区', start: at(60).toISOString(), end: at(64).toISOString() },
    { county: 'xichuan', place: '渠首', start: at(70).toISOString(), end: at(72).toISOString() },
  ],
  capacity: 10,
  approvalRequired: false,
  eligibility: { verifiedOnly: true, fields: ['ecology-water'] },
  cadreUserIds: ['cadre-9'],
  offerTtlSeconds: 3600,
  approvalTtlSeconds: 7200,
  reminderLeadSeconds: 86_400,
  noShowGraceSeconds: 7200,
};

describe('creating a tour', () => {
  it('runs from the first stop to the last, through every county once, heard of in their paired districts', () => {
    const created = decideCreateTour(tour, admin, context(at(10)));
    expect(created.doc).toMatchObject({
      _id: 'id-1',
      kind: 'tour',
      title: '库区行·水源涵养专场',
      county: 'xichuan',
      pairedDistrict: 'chaoyang',
      counties: ['xichuan', 'yunyang'],
      hostOrgId: 'bj-coop-office',
      cadreUserIds: ['admin-1', 'cadre-9'],
      // Findable by the fields its eligibility asks for.
      fields: ['ecology-water'],
      start: at(48),
      end: at(72),
      closesAt: at(48),
    });
    expect([...created.doc.pairedDistricts].sort()).toEqual(['chaoyang', 'dongcheng']);
    expect(created.doc.stationId).toBeUndefined();
    expect(topicsOf(created)).toEqual([SlotEvents.created]);
    expect(payloadsOf(created)[0]).toEqual({
      slot: expect.objectContaining({ kind: 'tour', counties: ['xichuan', 'yunyang'] }),
    });
    expect(created.schedule).toEqual([
      { job: { kind: 'no-show', slotId: 'id-1', startMs: at(48).getTime() }, at: at(50) },
    ]);
  });

  it('is not findable by field when its eligibility names none', () => {
    const open = decideCreateTour(
      { ...tour, eligibility: { verifiedOnly: false, fields: [] } },
      admin,
      context(at(10)),
    );
    expect(open.doc).not.toHaveProperty('fields');
  });

  it('refuses an organiser who may not (403) and a first stop that has begun (400 at stops.0.start)', () => {
    expect(
      refusal(() => decideCreateTour(tour, person('e', ['enterprise'], { orgId: 'ent-1' }), context(at(10)))),
    ).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    // A cadre of a county visited may organise it.
    const cadre = person('c', ['cadre'], { region: 'yunyang', orgId: 'gov-yunyang' });
    expect(decideCreateTour(tour, cadre, context(at(10))).doc.cadreUserIds).toEqual(['c', 'cadre-9']);
    try {
      decideCreateTour(tour, admin, context(at(48)));
      throw new Error('not refused');
    } catch (error) {
      expect(error).toMatchObject({ status: 400, fields: [{ field: 'stops.0.start' }] });
    }
  });
});
