import { eventContract, type CreateExpertInput, type EventSpec, type Principal } from '@qingshui/contracts';
import type { Change, DecisionContext } from '@qingshui/persistence';
import { refusal, specsOf } from '@qingshui/testing';
import type { ExpertState } from './expert.schema';
import * as decide from './expert.decide';

// The expert decisions, called directly: no database, no Kafka.

const who = (userId: string, roles: Principal['roles'], orgId?: string): Principal => ({
  userId,
  username: userId,
  roles,
  ...(orgId ? { orgId } : {}),
});
const owner = who('u-exp', ['expert'], 'inst-bjfu');
const otherExpert = who('u-exp2', ['expert'], 'inst-pumch');
const cadre = who('u-cc', ['cadre'], 'gov-xichuan');
const admin = who('u-admin', ['admin'], 'gov-bj-office');
const enterprise = who('u-ent', ['enterprise'], 'ent-qushou-agri');

const NOW = new Date('2027-03-01T08:00:00.000Z');
const context = (): DecisionContext => ({ now: NOW, newId: () => 'e-new' });

const input: CreateExpertInput = {
  name: '王立新',
  institution: '北京林业大学',
  title: '教授',
  fields: ['ecology-water'],
  skills: ['湿地修复'],
  bio: '',
  region: 'haidian',
  academician: false,
  honours: [],
  languages: ['中文'],
  availability: [],
  contact: { email: 'wang@example.org' },
  contactVisibility: 'private',
  conflictOrgIds: [],
};

const expert = (over: Partial<ExpertState> = {}): ExpertState => ({
  _id: 'e-exp',
  userId: 'u-exp',
  orgId: 'inst-bjfu',
  ...input,
  engagements: { visits: 2, challengesSolved: 1 },
  verified: false,
  creditedChallenges: ['ch-old'],
  creditedVisits: [],
  version: 5,
  createdAt: new Date('2027-01-01T00:00:00Z'),
  updatedAt: new Date('2027-01-02T00:00:00Z'),
  ...over,
});

/** The change a decision makes, its events as specs (expert events are all the caller's own). */
function changeOf<R>(decision: Change<ExpertState, R> | { unchanged: R }) {
  if ('unchanged' in decision) throw new Error('expected a change, got an unchanged decision');
  const events = specsOf(decision.events);
  return { ...decision, events };
}

/** Every event is what its topic's contract accepts, and never carries contact details. */
function expectPublic(events: readonly EventSpec[] | undefined): void {
  for (const spec of events ?? []) {
    expect(() => eventContract(spec.topic)!.payload.parse(spec.payload)).not.toThrow();
    expect((spec.payload as { expert: object }).expert).not.toHaveProperty('contact');
  }
}

describe('registering', () => {
  it('shapes the profile with the registered event, the contact for the owner only', () => {
    const { doc, events, reply } = decide.register(input, owner, context());
    expect(doc).toMatchObject({
      _id: 'e-new',
      userId: 'u-exp',
      orgId: 'inst-bjfu',
      engagements: { visits: 0, challengesSolved: 0 },
      verified: false,
      version: 1,
      createdAt: NOW,
    });
    expect(events.map((e) => e.topic)).toEqual(['talent.expert.registered.v1']);
    expectPublic(events);
    expect(reply.contact).toEqual({ email: 'wang@example.org' });
  });

  it('refuses anyone but an expert (403)', () => {
    expect(refusal(() => decide.register(input, enterprise, context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});

describe('updating', () => {
  it('writes the changed fields only, with the updated event naming them', () => {
    const change = changeOf(
      decide.update({ patch: { title: '研究员', skills: input.skills } }, owner)(expert(), context()),
    );
    expect(change.set).toEqual({ title: '研究员' });
    expect(change.events!.map((e) => e.topic)).toEqual(['talent.expert.updated.v1']);
    expect(change.events![0]!.payload).toMatchObject({
      changed: ['title'],
      expert: { title: '研究员', version: 6 },
    });
    expectPublic(change.events);
    expect(change.reply).toMatchObject({ title: '研究员', version: 6, updatedAt: NOW.toISOString() });
  });

  it('writes nothing for a patch that changes nothing', () => {
    expect(decide.update({ patch: { title: '教授' } }, owner)(expert(), context())).toEqual({
      unchanged: expect.objectContaining({ version: 5 }),
    });
  });

  it('lets an admin edit, refuses another expert (403) even with a stale version, and a stale owner (409)', () => {
    expect(changeOf(decide.update({ patch: { title: '研究员' } }, admin)(expert(), context())).set).toEqual({
      title: '研究员',
    });
    expect(
      refusal(() =>
        decide.update({ patch: { title: 'x' }, expectedVersion: 1 }, otherExpert)(expert(), context()),
      ),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      refusal(() => decide.update({ patch: { title: 'x' }, expectedVersion: 4 }, owner)(expert(), context())),
    ).toEqual({ status: 409, code: 'STALE_VERSION' });
    expect(
      changeOf(decide.update({ patch: { title: 'x' }, expectedVersion: 5 }, owner)(expert(), context())).set,
    ).toEqual({ title: 'x' });
  });
});

describe('verifying', () => {
  it('marks who verified and when', () => {
    const change = changeOf(decide.verify({ verified: true }, cadre)(expert(), context()));
    expect(change.set).toEqual({ verified: true, verifiedBy: 'u-cc', verifiedAt: NOW });
    expect(change.unset).toBeUndefined();
    expect(change.events![0]!.payload).toMatchObject({ changed: ['verified'], expert: { verified: true } });
    expectPublic(change.events);
    expect(change.reply).toMatchObject({ verified: true, verifiedBy: 'u-cc', verifiedAt: NOW.toISOString() });
  });

  it('withdraws the mark, removing who and when', () => {
    const marked = expert({
      verified: true,
      verifiedBy: 'u-cc',
      verifiedAt: new Date('2027-02-01T00:00:00Z'),
    });
    const change = changeOf(decide.verify({ verified: false }, admin)(marked, context()));
    expect(change.set).toEqual({ verified: false });
    expect(change.unset).toEqual(['verifiedBy', 'verifiedAt']);
    expect(change.reply.verified).toBe(false);
    expect(change.reply).not.toHaveProperty('verifiedBy');
    expect(change.reply).not.toHaveProperty('verifiedAt');
  });

  it('changes nothing when the mark is already so', () => {
    expect(decide.verify({ verified: false }, cadre)(expert(), context())).toEqual({
      unchanged: expect.objectContaining({ verified: false, version: 5 }),
    });
  });

  it('refuses experts, and a cadre verifying their own profile (403)', () => {
    expect(refusal(() => decide.verify({ verified: true }, otherExpert)(expert(), context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    const own = expert({ userId: 'u-cc' });
    expect(refusal(() => decide.verify({ verified: true }, cadre)(own, context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});

describe('crediting the track record', () => {
  it('counts a solved challenge once: the guard is pushed, stated in the filter, and the event says so', () => {
    const change = changeOf(decide.creditSolvedChallenge('ch-1')(expert(), context()));
    expect(change.reply).toBe(true);
    expect(change.set).toEqual({ engagements: { visits: 2, challengesSolved: 2 } });
    expect(change.push).toEqual({ creditedChallenges: 'ch-1' });
    expect(change.where).toEqual({ creditedChallenges: { $ne: 'ch-1' } });
    expect(change.events![0]!.payload).toMatchObject({
      changed: ['engagements'],
      expert: { engagements: { visits: 2, challengesSolved: 2 }, version: 6 },
    });
    expectPublic(change.events);
  });

  it('counts nothing twice', () => {
    expect(decide.creditSolvedChallenge('ch-old')(expert(), context())).toEqual({ unchanged: false });
    expect(decide.creditVisit('tour-1')(expert({ creditedVisits: ['tour-1'] }), context())).toEqual({
      unchanged: false,
    });
  });

  it('counts a visit tour in visits, and reads a document from before the guards as counting nothing yet', () => {
    const old = expert({ creditedVisits: undefined, creditedChallenges: undefined });
    const change = changeOf(decide.creditVisit('tour-1')(old, context()));
    expect(change.set).toEqual({ engagements: { visits: 3, challengesSolved: 1 } });
    expect(change.push).toEqual({ creditedVisits: 'tour-1' });
    expect(change.where).toEqual({ creditedVisits: { $ne: 'tour-1' } });
  });
});
