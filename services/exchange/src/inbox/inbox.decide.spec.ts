import {
  sampleNomination,
  type InboxItem,
  type PlacementSnapshot,
  type Principal,
} from '@qingshui/contracts';
import type { DecisionContext } from '@qingshui/persistence';
import { payloadsOf, topicsOf } from '@qingshui/testing';
import {
  boxesOf,
  countOf,
  decideFile,
  decideMarkAllRead,
  decideMarkRead,
  mergeBoxes,
  pageOf,
  planItems,
} from './inbox.decide';
import type { InboxBoxDocument, InboxReadsDocument } from './inbox.schema';

const OFFICE = 'bj-coop-office';
const placement: PlacementSnapshot = {
  id: 'pl-1',
  postingId: 'po-1',
  postingTitle: '淅川县发展和改革委员会副主任（挂职）',
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  year: 2027,
  receivingUnit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
  sendingUnit: { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' },
  cadre: { profileId: 'cp-1', userId: 'u-cadre', name: '李明远' },
  startDate: '2027-03-01',
  endDate: '2028-02-29',
  confirmedAt: '2027-02-01T02:00:00.000Z',
  version: 1,
};
const person = (userId: string, roles: Principal['roles'], orgId?: string): Principal => ({
  userId,
  username: userId,
  roles,
  ...(orgId ? { orgId } : {}),
});
const at = (m: number) => new Date(Date.UTC(2027, 2, 1, 0, m));
const ctx: DecisionContext = { now: at(30), newId: () => 'x' };
const reads = (extra: Partial<InboxReadsDocument> = {}): InboxReadsDocument =>
  ({ _id: 'u-1', readIds: [], version: 1, ...extra }) as InboxReadsDocument;

describe('who must act next', () => {
  const n = {
    ...sampleNomination,
    receivingUnit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
  };
  const sending = `unit:${n.cadre.unit.id}`;
  const plan = (type: string, nomination: typeof n) =>
    planItems({ id: 'ev', type, payload: { nomination } }, OFFICE).map((i) => [i.kind, i.addressees]);

  it('sends a nomination to the receiving unit to accept and the sending unit to release', () => {
    expect(plan('exchange.nomination.submitted.v1', n)).toEqual([
      ['nomination-to-accept', ['unit:gov-xichuan']],
      ['nomination-to-release', [sending]],
    ]);
  });

  it('sends one side’s approval to the other side, the agreement to the office, a refusal to both units', () => {
    expect(plan('exchange.placement.step-recorded.v1', { ...n, status: 'released', released: true })).toEqual(
      [['nomination-to-accept', ['unit:gov-xichuan']]],
    );
    expect(plan('exchange.placement.step-recorded.v1', { ...n, status: 'accepted', accepted: true })).toEqual(
      [['nomination-to-release', [sending]]],
    );
    expect(plan('exchange.placement.agreed.v1', { ...n, status: 'agreed' })).toEqual([
      ['placement-to-confirm', [`office:${OFFICE}`]],
    ]);
    const refused = plan('exchange.placement.step-recorded.v1', { ...n, status: 'refused' });
    expect(refused[0]![0]).toBe('placement-refused');
    expect(refused[0]![1]).toEqual(expect.arrayContaining(['unit:gov-xichuan', sending]));
    expect(plan('exchange.placement.step-recorded.v1', { ...n, status: 'withdrawn' })).toEqual([]);
  });

  it('sends a confirmed placement to both units and the cadre, with deterministic ids', () => {
    const items = planItems(
      { id: 'ev-1', type: 'exchange.placement.confirmed.v1', payload: { placement } },
      OFFICE,
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'ev-1-0',
        kind: 'placement-confirmed',
        link: { kind: 'tenure', id: 'pl-1' },
        addressees: ['unit:gov-xichuan', 'unit:gov-chaoyang', 'user:u-cadre'],
        sourceEventId: 'ev-1',
      }),
    ]);
    expect(items[0]!.title).toContain('淅川县发展和改革委员会副主任');
  });

  it('sends tracking deadlines to the receiving unit only', () => {
    const [item] = planItems(
      {
        id: 'ev-2',
        type: 'exchange.tenure.deadline.v1',
        payload: {
          tenureId: 'pl-1',
          kind: 'review-due',
          dueDate: '2027-08-30',
          endDate: '2028-02-29',
          postingTitle: placement.postingTitle,
          pairId: 'chaoyang-xichuan',
          receivingUnit: placement.receivingUnit,
          sendingUnit: placement.sendingUnit,
          cadreName: '李明远',
        },
      },
      OFFICE,
    );
    expect(item).toMatchObject({ kind: 'review-due', addressees: ['unit:gov-xichuan'] });
  });

  it('sends an ended tenure to the sending unit (and an early return to the office); other steps file nothing', () => {
    const tenure = { ...placement, state: 'returned-early', returnedOn: '2027-06-30' };
    const early = planItems(
      { id: 'e', type: 'exchange.tenure.changed.v1', payload: { tenure, step: 'early-return' } },
      OFFICE,
    );
    expect(early[0]).toMatchObject({
      kind: 'tenure-ended',
      addressees: ['unit:gov-chaoyang', `office:${OFFICE}`],
    });
    const done = planItems(
      { id: 'd', type: 'exchange.tenure.changed.v1', payload: { tenure, step: 'completion' } },
      OFFICE,
    );
    expect(done[0]!.addressees).toEqual(['unit:gov-chaoyang']);
    expect(
      planItems(
        { id: 'a', type: 'exchange.tenure.changed.v1', payload: { tenure, step: 'arrival' } },
        OFFICE,
      ),
    ).toEqual([]);
    expect(planItems({ id: 'z', type: 'exchange.posting.created.v1', payload: {} }, OFFICE)).toEqual([]);
  });
});

describe('whose boxes', () => {
  it('reads one’s own box, one’s unit’s as its staff, the office’s as its member or an admin', () => {
    expect(boxesOf(person('c', ['cadre'], 'gov-xichuan'), OFFICE).map((b) => b.key)).toEqual([
      'user:c',
      'unit:gov-xichuan',
    ]);
    expect(boxesOf(person('a', ['admin'], OFFICE), OFFICE).map((b) => b.key)).toEqual([
      'user:a',
      `office:${OFFICE}`,
    ]);
    expect(boxesOf(person('e', ['expert'], 'inst-bjfu'), OFFICE).map((b) => b.key)).toEqual(['user:e']);
  });

  it('merges boxes with one entry per item, named by the first box that has it', () => {
    const keys = [
      { key: 'user:c', as: 'user' as const },
      { key: 'unit:gov-xichuan', as: 'unit' as const },
    ];
    const boxes = [
      {
        _id: 'unit:gov-xichuan',
        entries: [
          { id: 'i1', at: at(1) },
          { id: 'i2', at: at(2) },
        ],
      },
      { _id: 'user:c', entries: [{ id: 'i2', at: at(2) }] },
    ];
    expect(mergeBoxes(keys, boxes).map((e) => [e.id, e.as])).toEqual([
      ['i2', 'user'],
      ['i1', 'unit'],
    ]);
  });
});

describe('read state', () => {
  const entries = [
    { id: 'i1', at: at(1), as: 'unit' as const },
    { id: 'i2', at: at(2), as: 'unit' as const },
    { id: 'i3', at: at(3), as: 'user' as const },
  ];
  const item = (id: string, m: number): InboxItem => ({
    id,
    kind: 'review-due',
    title: id,
    body: id,
    link: { kind: 'tenure', id: 'pl-1' },
    sourceEventId: 'e',
    createdAt: at(m).toISOString(),
  });

  it('files an item once per box', () => {
    const box = {
      _id: 'unit:gov-xichuan',
      entries: [{ id: 'i1', at: at(1) }],
      version: 1,
    } as InboxBoxDocument;
    expect(decideFile({ id: 'i1', at: at(5) })(box)).toEqual({ unchanged: undefined });
    expect(decideFile({ id: 'i2', at: at(5) })(box)).toMatchObject({
      set: { entries: [{ id: 'i1' }, { id: 'i2' }] },
    });
  });

  it('marks one read (a repeat changes nothing) and tells the user’s sockets the new count', () => {
    const d = decideMarkRead('u-1', 'i2', entries)(reads());
    expect(d).toMatchObject({ set: { readIds: ['i2'] }, reply: { unread: 2, total: 3 } });
    expect(topicsOf(d as never)).toEqual(['exchange.inbox.read.v1']);
    expect(payloadsOf(d as never)).toEqual([{ userId: 'u-1', itemIds: ['i2'], all: false, unread: 2 }]);
    expect(decideMarkRead('u-1', 'i2', entries)(reads({ readIds: ['i2'] }))).toEqual({
      unchanged: { unread: 2, total: 3 },
    });
  });

  it('marks all read up to now; what is filed later is unread', () => {
    const d = decideMarkAllRead('u-1', entries)(reads({ readIds: ['i1'] }), ctx);
    expect(d).toMatchObject({ set: { readIds: [] }, reply: { unread: 0, total: 3 } });
    const state = reads({ readAllAt: at(30) });
    expect(countOf([...entries, { id: 'i4', at: at(31) }], state)).toEqual({ unread: 1, total: 4 });
    expect(decideMarkAllRead('u-1', entries)(state, ctx)).toEqual({ unchanged: { unread: 0, total: 3 } });
  });

  it('pages unread first (newest first within), or newest first', () => {
    const items = [item('i1', 1), item('i2', 2), item('i3', 3)];
    const state = reads({ readIds: ['i3'] });
    const unread = pageOf(entries, items, state, { page: 1, pageSize: 10, order: 'unread' });
    expect(unread.items.map((i) => [i.id, i.read])).toEqual([
      ['i2', false],
      ['i1', false],
      ['i3', true],
    ]);
    expect(unread).toMatchObject({ total: 3, unread: 2 });
    const newest = pageOf(entries, items, state, { page: 1, pageSize: 2, order: 'newest' });
    expect(newest.items.map((i) => i.id)).toEqual(['i3', 'i2']);
    // An entry whose item is not there (yet) is left out.
    expect(
      pageOf(entries, items.slice(0, 1), undefined, { page: 1, pageSize: 10, order: 'newest' }).total,
    ).toBe(1);
  });
});
