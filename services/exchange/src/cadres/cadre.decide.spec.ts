import type { CreateCadreInput, Principal } from '@qingshui/contracts';
import {
  canReadCadre,
  canReadNomination,
  decideCreateCadre,
  decideHold,
  decideNominate,
  decideRelease,
  decideUpdateCadre,
  overlaps,
} from './cadre.decide';
import type { PostingDocument } from '../postings/posting.schema';

const now = new Date('2026-12-01T08:00:00.000Z');
const context = { now, newId: () => 'id-1' };
const cadre = (region: string): Principal => ({
  userId: `u-${region}`,
  username: region,
  roles: ['cadre'],
  region,
});
const admin: Principal = { userId: 'a-1', username: 'admin', roles: ['admin'] };
const input: CreateCadreInput = {
  name: '王建国',
  unit: { id: 'gov-chaoyang-fgw', name: '朝阳区发展和改革委员会', region: 'chaoyang' },
  position: '产业发展科科长',
  level: 'section',
  fields: ['产业招商'],
  languages: ['普通话'],
  priorPostings: [],
  userId: 'u-self',
};
const profile = () => decideCreateCadre(input, cadre('chaoyang'), context).doc;
const posting = (over: Partial<PostingDocument> = {}) =>
  ({
    _id: 'p-1',
    title: '淅川县商务局副局长',
    unit: { id: 'gov-xichuan-swj', name: '淅川县商务局', region: 'xichuan' },
    pairId: 'chaoyang-xichuan',
    direction: 'to-county',
    kind: 'secondment',
    year: 2027,
    startDate: '2027-03-01',
    endDate: '2029-02-28',
    level: 'section',
    requirements: '',
    places: 1,
    placed: 0,
    placedIds: [],
    receivingRegion: 'xichuan',
    sendingRegion: 'chaoyang',
    status: 'open',
    history: [],
    createdBy: 'u-xichuan',
    updatedBy: 'u-xichuan',
    version: 2,
    createdAt: now,
    updatedAt: now,
    ...over,
  }) as PostingDocument;
const nominate = { profileId: 'id-1', rank: 1, statement: '推荐' };

describe('cadre profile and nomination decisions', () => {
  it('lets the profile’s region keep it and the paired region, admins and the cadre read it', () => {
    const doc = profile();
    expect(doc.pairedRegion).toBe('xichuan');
    expect(canReadCadre(cadre('chaoyang'), doc)).toBe(true);
    expect(canReadCadre(cadre('xichuan'), doc)).toBe(true);
    expect(canReadCadre(cadre('xixia'), doc)).toBe(false);
    expect(canReadCadre({ userId: 'u-self', username: 's', roles: ['expert'] }, doc)).toBe(true);
    expect(canReadCadre(admin, doc)).toBe(true);
    expect(() => decideCreateCadre(input, cadre('xichuan'), context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideUpdateCadre({ level: 'division' }, cadre('xichuan'))(doc, context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    const change = decideUpdateCadre({ level: 'division', fields: ['产业招商'] }, cadre('chaoyang'))(
      doc,
      context,
    );
    expect('unchanged' in change ? undefined : change.reply.level).toBe('division');
  });

  it('holds a placement’s time and refuses an overlapping one; a repeat or a release is idempotent', () => {
    expect(
      overlaps(
        { startDate: '2027-03-01', endDate: '2027-12-31' },
        { startDate: '2027-12-31', endDate: '2028-06-30' },
      ),
    ).toBe(true);
    expect(
      overlaps(
        { startDate: '2027-03-01', endDate: '2027-12-30' },
        { startDate: '2027-12-31', endDate: '2028-06-30' },
      ),
    ).toBe(false);
    const hold = { nominationId: 'n-1', postingId: 'p-1', startDate: '2027-03-01', endDate: '2029-02-28' };
    const first = decideHold(hold)(profile());
    if ('unchanged' in first) throw new Error('expected a hold');
    const held = { ...profile(), holds: first.set!.holds! };
    expect('unchanged' in decideHold(hold)(held)).toBe(true);
    expect(() =>
      decideHold({ ...hold, nominationId: 'n-2', startDate: '2028-01-01', endDate: '2028-02-01' })(held),
    ).toThrow(expect.objectContaining({ status: 409, code: 'OVERLAPPING_BOOKING' }));
    expect(
      'unchanged' in
        decideHold({ ...hold, nominationId: 'n-3', startDate: '2029-03-01', endDate: '2029-04-01' })(held),
    ).toBe(false);
    const released = decideRelease('n-1')(held);
    expect('unchanged' in released ? undefined : released.set?.holds).toEqual([]);
    expect('unchanged' in decideRelease('n-9')(held)).toBe(true);
  });

  it('nominates for the sending side only, a cadre of the sending side, for an open posting', () => {
    const { doc, reply } = decideNominate(posting(), profile(), nominate, cadre('chaoyang'), context);
    expect(doc).toMatchObject({
      status: 'nominated',
      receivingRegion: 'xichuan',
      sendingRegion: 'chaoyang',
      year: 2027,
    });
    expect(reply.steps).toEqual([
      { action: 'nominated', side: 'sending', by: 'u-chaoyang', at: now.toISOString() },
    ]);
    expect(canReadNomination(cadre('xichuan'), doc)).toBe(true);
    expect(canReadNomination(cadre('xixia'), doc)).toBe(false);
    expect(() => decideNominate(posting(), profile(), nominate, cadre('xichuan'), context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() =>
      decideNominate(posting({ status: 'filled' }), profile(), nominate, cadre('chaoyang'), context),
    ).toThrow(expect.objectContaining({ status: 409 }));
    expect(() =>
      decideNominate(posting({ status: 'draft' }), profile(), nominate, cadre('chaoyang'), context),
    ).toThrow(expect.objectContaining({ status: 404 }));
    const county = {
      ...profile(),
      unit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
      pairedRegion: 'chaoyang',
    };
    expect(() => decideNominate(posting(), county, nominate, admin, context)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    const busy = {
      ...profile(),
      holds: [{ nominationId: 'n-0', postingId: 'p-0', startDate: '2028-01-01', endDate: '2028-12-31' }],
    };
    expect(() => decideNominate(posting(), busy, nominate, cadre('chaoyang'), context)).toThrow(
      expect.objectContaining({ code: 'OVERLAPPING_BOOKING' }),
    );
  });
});
