import type { Principal } from '@qingshui/contracts';
import { noteOf, staleGroupsOf } from './topics';

const expert: Principal = { userId: 'u-1', username: 'demo-expert', roles: ['expert'], region: 'haidian' };
const slot = { id: 's-1', title: '淅川县中医药工作站 · 12月坐诊' };

describe('which queries an event makes stale', () => {
  it('maps each record kind to the lists that show it', () => {
    expect(staleGroupsOf('talent.challenge.published.v1')).toEqual(
      expect.arrayContaining(['challenges', 'matches', 'board']),
    );
    expect(staleGroupsOf('talent.application.submitted.v1')).toEqual(
      expect.arrayContaining(['applications', 'challenges']),
    );
    expect(staleGroupsOf('talent.expert.updated.v1')).toContain('experts');
    expect(staleGroupsOf('stations.offer.made.v1')).toEqual(expect.arrayContaining(['slots', 'bookings']));
    expect(staleGroupsOf('stations.station.created.v1')).not.toContain('bookings');
    expect(staleGroupsOf('unknown.thing.v1')).toEqual([]);
  });
});

describe('notifications', () => {
  it('notifies the expert an offer is for, and nobody else', () => {
    expect(noteOf('stations.offer.made.v1', { slot, userId: 'u-1' }, expert)).toEqual({
      key: 'offerMade',
      values: { slot: slot.title },
      link: '/slots/s-1',
    });
    expect(noteOf('stations.offer.made.v1', { slot, userId: 'u-2' }, expert)).toBeUndefined();
  });

  it('tells a registrant of a place held for them, not the organiser’s staff who hear it too', () => {
    const payload = { registration: { userId: 'u-1' }, fair: { id: 'f-1', title: '淅川农产品北京推介会' } };
    expect(noteOf('fairs.registration.offered.v1', payload, expert)).toEqual({
      key: 'registrationOffered',
      values: { fair: '淅川农产品北京推介会' },
      link: '/fairs/tickets',
    });
    const organiser: Principal = { userId: 'u-9', username: 'cadre', roles: ['cadre'], orgId: 'gov-xichuan' };
    expect(noteOf('fairs.registration.offered.v1', payload, organiser)).toBeUndefined();
    expect(noteOf('fairs.registration.waitlisted.v1', payload, expert)).toBeUndefined();
  });

  it('tells a team member their application’s fate and the poster of a new application', () => {
    const challenge = { id: 'c-1', title: '库区面源污染治理', poster: { userId: 'ent-1' } };
    const application = { challengeId: 'c-1', userIds: ['u-1', 'u-3'] };
    expect(noteOf('talent.application.awarded.v1', { challenge, application }, expert)).toMatchObject({
      key: 'applicationAwarded',
      link: '/challenges/c-1',
    });
    expect(
      noteOf(
        'talent.application.rejected.v1',
        { challenge, application: { ...application, userIds: ['x'] } },
        expert,
      ),
    ).toBeUndefined();
    const poster: Principal = { userId: 'ent-1', username: 'demo-enterprise', roles: ['enterprise'] };
    expect(noteOf('talent.application.submitted.v1', { challenge, application }, poster)).toMatchObject({
      key: 'applicationSubmitted',
      link: '/enterprise/challenges/c-1',
    });
    expect(noteOf('talent.application.submitted.v1', { challenge, application }, expert)).toBeUndefined();
  });

  it('does not notify list refreshes', () => {
    expect(noteOf('talent.challenge.published.v1', { challenge: { id: 'c' } }, expert)).toBeUndefined();
    expect(noteOf('stations.slot.created.v1', { slot }, expert)).toBeUndefined();
    expect(noteOf('stations.booking.confirmed.v1', undefined, expert)).toBeUndefined();
  });
});
