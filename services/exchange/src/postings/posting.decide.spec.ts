import type { CreatePostingInput, Principal } from '@qingshui/contracts';
import {
  canReadPosting,
  decideCreate,
  decideFilled,
  decideMove,
  decideUpdate,
  type NewPosting,
} from './posting.decide';

const now = new Date('2026-12-01T08:00:00.000Z');
const context = { now, newId: () => 'posting-1' };
const cadre = (region: string, name?: string): Principal => ({
  userId: `u-${region}`,
  username: region,
  roles: ['cadre'],
  orgId: `gov-${region}`,
  region,
  ...(name ? { name } : {}),
});
const admin: Principal = { userId: 'a-1', username: 'admin', roles: ['admin'] };
const expert: Principal = { userId: 'x-1', username: 'x', roles: ['expert'], region: 'xichuan' };
const input: CreatePostingInput = {
  title: '淅川县发展和改革委员会副主任（挂职）',
  unit: { id: 'gov-xichuan-fgw', name: '淅川县发展和改革委员会', region: 'xichuan' },
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  startDate: '2027-03-01',
  endDate: '2029-02-28',
  level: 'deputy-division',
  requirements: '',
  places: 2,
};
const draft = (): NewPosting => decideCreate(input, cadre('xichuan', '刘丹水'), context).doc;
const apply = (doc: NewPosting, decision: ReturnType<ReturnType<typeof decideMove>>): NewPosting =>
  'unchanged' in decision ? doc : { ...doc, ...decision.set, version: doc.version + 1 };

describe('posting decisions', () => {
  it('creates a draft of the receiving side, its year from the start, the sending region from the pair', () => {
    const { doc, events, reply } = decideCreate(input, cadre('xichuan', '刘丹水'), context);
    expect(doc).toMatchObject({
      status: 'draft',
      year: 2027,
      receivingRegion: 'xichuan',
      sendingRegion: 'chaoyang',
      placed: 0,
    });
    expect(reply.history).toEqual([
      { at: now.toISOString(), action: 'created', by: 'u-xichuan', byName: '刘丹水' },
    ]);
    expect(events[0]!.topic).toBe('exchange.posting.created.v1');
    const beijing = decideCreate(
      {
        ...input,
        direction: 'to-beijing',
        unit: { id: 'gov-chaoyang', name: '朝阳区人民政府', region: 'chaoyang' },
      },
      cadre('chaoyang'),
      context,
    );
    expect(beijing.doc).toMatchObject({ receivingRegion: 'chaoyang', sendingRegion: 'xichuan' });
  });

  it('refuses a unit outside the receiving region, and anyone but its cadres and admins', () => {
    expect(() =>
      decideCreate({ ...input, unit: { ...input.unit, region: 'xixia' } }, cadre('xichuan'), context),
    ).toThrow(
      expect.objectContaining({ status: 400, fields: [expect.objectContaining({ field: 'unit.region' })] }),
    );
    expect(() => decideCreate(input, cadre('chaoyang'), context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideCreate(input, expert, context)).toThrow(expect.objectContaining({ status: 403 }));
    expect(decideCreate(input, admin, context).doc.createdBy).toBe('a-1');
  });

  it('hides a draft from the sending side; shows an open posting to both sides of the pair only', () => {
    const doc = draft();
    expect(canReadPosting(cadre('xichuan'), doc)).toBe(true);
    expect(canReadPosting(cadre('chaoyang'), doc)).toBe(false);
    const open = apply(doc, decideMove({ to: 'open' }, cadre('xichuan'))(doc, context));
    expect(canReadPosting(cadre('chaoyang'), open)).toBe(true);
    expect(canReadPosting(cadre('xixia'), open)).toBe(false);
    expect(canReadPosting(expert, open)).toBe(false);
    expect(canReadPosting(admin, doc)).toBe(true);
  });

  it('records which fields an edit changed and who saved it; never fewer places than agreed', () => {
    const doc = { ...draft(), placed: 2 };
    const decision = decideUpdate({ requirements: '熟悉招商', places: 3 }, cadre('xichuan', '王主任'))(
      doc,
      context,
    );
    if ('unchanged' in decision) throw new Error('expected a change');
    expect(decision.set).toMatchObject({
      requirements: '熟悉招商',
      places: 3,
      updatedBy: 'u-xichuan',
      updatedByName: '王主任',
    });
    expect(decision.reply.history.at(-1)).toMatchObject({
      action: 'updated',
      fields: ['requirements', 'places'],
    });
    expect(() => decideUpdate({ places: 1 }, cadre('xichuan'))(doc, context)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => decideUpdate({ startDate: '2027-04-01' }, cadre('xichuan'))(doc, context)).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    expect('unchanged' in decideUpdate({ places: 2 }, cadre('xichuan'))(draft(), context)).toBe(true);
    expect(() => decideUpdate({ places: 3 }, cadre('chaoyang'))(draft(), context)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('moves draft → open → filled → in progress → completed; cancels with a reason, never with agreed places', () => {
    const who = cadre('xichuan');
    let doc = apply(draft(), decideMove({ to: 'open' }, who)(draft(), context));
    expect(doc.status).toBe('open');
    expect(() => decideMove({ to: 'completed' }, who)(doc, context)).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    expect(() => decideMove({ to: 'in-progress' }, who)(doc, context)).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    doc = { ...doc, placed: 2 };
    expect(() => decideMove({ to: 'cancelled', reason: '机构调整' }, who)(doc, context)).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    doc = apply(doc, decideFilled(who)(doc, context));
    expect(doc.status).toBe('filled');
    doc = apply(doc, decideMove({ to: 'in-progress' }, who)(doc, context));
    doc = apply(doc, decideMove({ to: 'completed' }, who)(doc, context));
    expect(doc.status).toBe('completed');
    const fresh = draft();
    expect(() => decideMove({ to: 'cancelled' }, who)(fresh, context)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    const cancelled = decideMove({ to: 'cancelled', reason: '机构调整' }, who)(fresh, context);
    expect('unchanged' in cancelled ? undefined : cancelled.set).toMatchObject({
      status: 'cancelled',
      cancelReason: '机构调整',
    });
  });

  it('reopens a filled posting when a place is given back', () => {
    const filled = { ...draft(), status: 'filled' as const, placed: 1, places: 2 };
    const decision = decideFilled(admin)(filled, context);
    expect('unchanged' in decision ? undefined : decision.set?.status).toBe('open');
  });
});
