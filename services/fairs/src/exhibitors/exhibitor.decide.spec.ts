import { exhibitorApplicationSchema, type Principal } from '@qingshui/contracts';
import { absent } from '@qingshui/persistence';
import { refusal } from '@qingshui/testing';
import {
  checkDecision,
  decideDecision,
  decideNote,
  decideReviewChanges,
  decideSave,
  decideSubmit,
  decideWithdraw,
  diffFields,
  exhibitorView,
  type ExhibitorFair,
} from './exhibitor.decide';
import type { ExhibitorDocument } from './exhibitor.schema';

const ctx = { now: new Date('2026-12-01T08:00:00.000Z'), newId: () => 'x' };
const enterprise: Principal = {
  userId: 'u-e',
  username: 'e',
  roles: ['enterprise'],
  orgId: 'ent-1',
  region: 'xichuan',
};
const otherEnterprise: Principal = { ...enterprise, userId: 'u-o', orgId: 'ent-2' };
const reviewer: Principal = {
  userId: 'u-r',
  username: 'r',
  roles: ['cadre'],
  orgId: 'gov-xichuan',
  region: 'xichuan',
};
const fair: ExhibitorFair = {
  _id: 'fair-1',
  status: 'exhibitors-open',
  publishedAt: new Date(),
  organiser: { orgId: 'gov-xichuan' },
  regions: ['chaoyang', 'xichuan'],
  pairIds: ['chaoyang-xichuan'],
  boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 10 }],
};
const input = (over: object = {}) =>
  exhibitorApplicationSchema.parse({
    enterpriseName: '淅川县渠首农业开发有限公司',
    products: [{ name: '软籽石榴', category: '水果', county: 'xichuan', certifications: ['地理标志'] }],
    boothTypeId: 'std',
    booths: 2,
    note: '需要冷柜',
    ...over,
  });
type Fn = (doc: ExhibitorDocument, c: typeof ctx) => ReturnType<ReturnType<typeof decideSubmit>>;
const apply = (doc: ExhibitorDocument, fn: Fn): ExhibitorDocument => {
  const d = fn(doc, ctx);
  if ('unchanged' in d) return doc;
  const next = { ...doc, ...d.set, version: doc.version + 1, updatedAt: ctx.now } as ExhibitorDocument;
  for (const key of d.unset ?? []) delete (next as unknown as Record<string, unknown>)[key];
  for (const [key, value] of Object.entries(d.push ?? {}))
    (next as unknown as Record<string, unknown[]>)[key] = [
      ...((next as unknown as Record<string, unknown[]>)[key] ?? []),
      value,
    ];
  return next;
};
const fresh = absent<ExhibitorDocument>({ _id: 'fair-1:ent-1' } as ExhibitorDocument);
const drafted = () => apply(fresh, decideSave(input(), enterprise, fair, 'ent-1'));
const submitted = () => apply(drafted(), decideSubmit(enterprise, fair));
const accepted = () =>
  apply(submitted(), decideDecision('accept', reviewer, fair, { boothIds: ['std-1', 'std-2'] }));

describe('an application', () => {
  it('is drafted by the enterprise’s own accounts only, while the call is open', () => {
    const doc = drafted();
    expect(doc).toMatchObject({
      status: 'draft',
      enterprise: { orgId: 'ent-1', region: 'xichuan' },
      booths: 2,
    });
    expect(refusal(() => decideSave(input(), otherEnterprise, fair, 'ent-1')(fresh, ctx))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(
      refusal(() =>
        decideSave(input(), enterprise, { ...fair, status: 'visitors-open' }, 'ent-1')(fresh, ctx),
      ),
    ).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(
      refusal(() => decideSave(input({ boothTypeId: 'vip' }), enterprise, fair, 'ent-1')(fresh, ctx)),
    ).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    // A draft is the enterprise's own: reviewers do not see it.
    expect(exhibitorView(doc, reviewer, fair)).toBeUndefined();
  });

  it('goes submitted → accepted with its booths, shown to others as a public card only', () => {
    const doc = accepted();
    expect(doc).toMatchObject({ status: 'accepted', boothIds: ['std-1', 'std-2'] });
    const seen = exhibitorView(doc, otherEnterprise, fair)!;
    expect(Object.keys(seen).sort()).toEqual([
      'canDecide',
      'canEdit',
      'canSubmit',
      'canWithdraw',
      'card',
      'fairId',
      'id',
    ]);
    expect(seen.card).toMatchObject({
      enterpriseName: '淅川县渠首农业开发有限公司',
      boothIds: ['std-1', 'std-2'],
    });
    expect(exhibitorView(submitted(), otherEnterprise, fair)).toBeUndefined();
  });

  it('keeps reviewers’ notes from the enterprise and from events', () => {
    const noted = apply(submitted(), decideNote('资质待核实', reviewer, fair));
    expect(exhibitorView(noted, reviewer, fair)!.notes).toEqual([
      expect.objectContaining({ text: '资质待核实' }),
    ]);
    expect(exhibitorView(noted, enterprise, fair)!.notes).toBeUndefined();
    const decision = decideDecision('waitlist', reviewer, fair)(noted, ctx);
    expect(JSON.stringify('events' in decision ? decision.events : [])).not.toContain('资质待核实');
    expect(refusal(() => decideNote('x', enterprise, fair)(noted, ctx))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('is decided by reviewers only, from the right status, a repeat being done', () => {
    expect(refusal(() => checkDecision(submitted(), 'accept', enterprise, fair))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(checkDecision(accepted(), 'accept', reviewer, fair)).toBe('done');
    expect(refusal(() => checkDecision(accepted(), 'waitlist', reviewer, fair))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(refusal(() => checkDecision(submitted(), 'reject', reviewer, fair))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const waitlisted = apply(submitted(), decideDecision('waitlist', reviewer, fair));
    expect(checkDecision(waitlisted, 'accept', reviewer, fair)).toBe('go');
    const rejected = apply(
      waitlisted,
      decideDecision('reject', reviewer, fair, { reason: '产品与展会主题不符' }),
    );
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '产品与展会主题不符' });
    expect(refusal(() => decideWithdraw(enterprise, fair)(rejected, ctx))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('is withdrawn from any non-final state, freeing its booths, and tells the fair’s room', () => {
    const decision = decideWithdraw(enterprise, fair)(accepted(), ctx);
    expect('set' in decision && decision.set).toMatchObject({ status: 'withdrawn', boothIds: [] });
    expect('events' in decision && decision.events![0]).toMatchObject({ payload: { wasAccepted: true } });
    expect(
      'unchanged' in
        decideWithdraw(enterprise, fair)(apply(accepted(), decideWithdraw(enterprise, fair)), ctx),
    ).toBe(true);
  });

  it('turns an accepted exhibitor’s edits into pending changes, approved or rejected by a reviewer', () => {
    const edited = apply(
      accepted(),
      decideSave(
        input({
          products: [
            {
              name: '软籽石榴',
              category: '水果',
              county: 'xichuan',
              certifications: ['地理标志', '绿色食品'],
            },
            { name: '香菇酱', category: '加工品', county: 'xichuan' },
          ],
        }),
        enterprise,
        fair,
        'ent-1',
      ),
    );
    expect(edited.products).toHaveLength(1); // what was accepted stays
    expect(edited.pendingChanges!.diff).toEqual([
      { path: 'products.0.certifications', before: ['地理标志'], after: ['地理标志', '绿色食品'] },
      { path: 'products.1', after: expect.objectContaining({ name: '香菇酱' }) },
    ]);
    expect(
      refusal(() => decideSave(input({ booths: 3 }), enterprise, fair, 'ent-1')(accepted(), ctx)),
    ).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const approved = apply(edited, decideReviewChanges('approve', reviewer, fair));
    expect(approved.products).toHaveLength(2);
    expect(approved.pendingChanges).toBeUndefined();
    expect(refusal(() => decideReviewChanges('reject', reviewer, fair)(edited, ctx))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const rejected = apply(edited, decideReviewChanges('reject', reviewer, fair, '证书未上传'));
    expect(rejected.products).toHaveLength(1);
    expect(rejected.lastChangesReview).toMatchObject({ outcome: 'rejected', reason: '证书未上传' });
  });

  it('diffs fields by path', () => {
    expect(diffFields({ a: 1, b: [{ c: 'x' }] }, { a: 2, b: [{ c: 'y' }] })).toEqual([
      { path: 'a', before: 1, after: 2 },
      { path: 'b.0.c', before: 'x', after: 'y' },
    ]);
  });
});
