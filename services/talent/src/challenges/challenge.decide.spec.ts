import { eventContract, type EventSpec, type Principal } from '@qingshui/contracts';
import type { Change, DecisionContext } from '@qingshui/persistence';
import { refusal, specsOf } from '@qingshui/testing';
import type { ApplicationRecord, ChallengeState } from './challenge.schema';
import type { ApplicantFacts } from './challenge.rules';
import * as decide from './challenge.decide';

// The challenge decisions, called directly: no database, no Kafka, no Redis.

const who = (userId: string, roles: Principal['roles'], orgId?: string, region?: string): Principal => ({
  userId,
  username: userId,
  roles,
  ...(orgId ? { orgId } : {}),
  ...(region ? { region } : {}),
});
const enterprise = who('u-ent', ['enterprise'], 'ent-qushou-agri', 'xichuan');
const countyCadre = who('u-cc', ['cadre'], 'gov-xichuan', 'xichuan');
const otherCountyCadre = who('u-cc2', ['cadre'], 'gov-yunyang', 'yunyang');
const pairedCadre = who('u-bc', ['cadre'], 'gov-chaoyang', 'chaoyang');
const expert = who('u-exp', ['expert'], 'inst-bjfu', 'haidian');
const expert2 = who('u-exp2', ['expert'], 'inst-pumch', 'dongcheng');

const NOW = new Date('2027-03-01T08:00:00.000Z');
const DEADLINE = new Date('2027-06-01T00:00:00.000Z');
const context = (now = NOW): DecisionContext => {
  let n = 0;
  return { now, newId: () => `id-${(n += 1)}` };
};

const application = (over: Partial<ApplicationRecord> = {}): ApplicationRecord => ({
  id: 'app-1',
  leaderExpertId: 'e-exp',
  leaderUserId: 'u-exp',
  expertIds: ['e-exp'],
  userIds: ['u-exp'],
  proposal: '生态沟渠+人工湿地组合拦截方案',
  status: 'submitted',
  submittedAt: new Date('2027-02-01T00:00:00Z'),
  updatedAt: new Date('2027-02-01T00:00:00Z'),
  ...over,
});

const challenge = (over: Partial<ChallengeState> = {}): ChallengeState => ({
  _id: 'ch-1',
  title: '淅川县农业面源污染治理',
  publicSummary: '丹江口库区总氮总磷削减',
  confidentialDetails: '监测点位与历史数据',
  field: 'ecology-water',
  requiredSkills: ['湿地'],
  county: 'xichuan',
  pairedDistrict: 'chaoyang',
  reward: { amountYuan: 500_000 },
  deadline: DEADLINE,
  terms: { ip: 'shared', confidentiality: true },
  status: 'published',
  poster: { kind: 'enterprise', orgId: 'ent-qushou-agri', userId: 'u-ent' },
  history: [
    { from: null, to: 'draft', by: 'u-ent', at: new Date('2027-01-01T00:00:00Z') },
    { from: 'draft', to: 'published', by: 'u-ent', at: new Date('2027-01-02T00:00:00Z') },
  ],
  termsAcceptedBy: [],
  applications: [],
  applicantExpertIds: [],
  publishedAt: new Date('2027-01-02T00:00:00Z'),
  version: 3,
  createdAt: new Date('2027-01-01T00:00:00Z'),
  updatedAt: new Date('2027-01-02T00:00:00Z'),
  ...over,
});
const draft = (over: Partial<ChallengeState> = {}) =>
  challenge({ status: 'draft', history: challenge().history.slice(0, 1), publishedAt: undefined, ...over });

/** The change a decision asks for (failing the test if it asked for none). */
/** The change a decision makes, its events as specs (challenge events are all the caller's own). */
function changeOf<R>(decision: Change<ChallengeState, R, unknown> | { unchanged: R }) {
  if ('unchanged' in decision) throw new Error('expected a change, got an unchanged decision');
  const events = specsOf(decision.events);
  return { ...decision, events };
}

/** Every event must be what its topic's contract accepts (a consumer validates it so). */
function expectValid(events: readonly EventSpec[] | undefined): void {
  for (const spec of events ?? []) {
    const contract = eventContract(spec.topic);
    expect(contract).toBeDefined();
    expect(() => contract!.payload.parse(spec.payload)).not.toThrow();
  }
}

const topics = (events: readonly EventSpec[] | undefined) => (events ?? []).map((e) => e.topic);
const job = { challengeId: 'ch-1' };

describe('creating a challenge', () => {
  it('posts a draft for the enterprise, with the created event and who may manage it', () => {
    const input = {
      title: '淅川县农业面源污染治理',
      publicSummary: '丹江口库区总氮总磷削减',
      confidentialDetails: '',
      field: 'ecology-water' as const,
      requiredSkills: [],
      county: 'xichuan',
      reward: {},
      deadline: DEADLINE.toISOString(),
      terms: { ip: 'shared' as const, confidentiality: false },
    };
    const { doc, events, reply } = decide.create(input, enterprise, context());
    expect(doc).toMatchObject({
      _id: 'id-1',
      status: 'draft',
      pairedDistrict: 'chaoyang',
      poster: { kind: 'enterprise', orgId: 'ent-qushou-agri', userId: 'u-ent' },
      history: [{ from: null, to: 'draft', by: 'u-ent', at: NOW }],
      version: 1,
      createdAt: NOW,
    });
    expect(doc.deadline).toEqual(DEADLINE);
    expect(topics(events)).toEqual(['talent.challenge.created.v1']);
    expect(events[0]!.payload).toMatchObject({
      challenge: { id: 'id-1', status: 'draft', applicationCount: 0 },
    });
    expectValid(events);
    expect(reply).toMatchObject({ id: 'id-1', canManage: true, termsAccepted: false });
  });

  it('refuses experts and cadres of another county (403)', () => {
    const input = { county: 'xichuan' } as Parameters<typeof decide.create>[0];
    expect(refusal(() => decide.create(input, expert, context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(refusal(() => decide.create(input, otherCountyCadre, context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});

describe('updating a challenge', () => {
  it('writes the changed fields of a draft with draft-updated, and schedules nothing', () => {
    const change = changeOf(
      decide.update({ title: '新标题', requiredSkills: ['湿地'] }, enterprise)(draft(), context()),
    );
    expect(change.set).toEqual({ title: '新标题' });
    expect(topics(change.events)).toEqual(['talent.challenge.draft-updated.v1']);
    expect(change.events![0]!.payload).toMatchObject({
      changed: ['title'],
      challenge: { title: '新标题', version: 4 },
    });
    expectValid(change.events);
    expect(change.schedule).toBeUndefined();
    expect(change.reply).toMatchObject({ title: '新标题', version: 4, updatedAt: NOW.toISOString() });
  });

  it('moves the deadline job with the deadline of a published challenge', () => {
    const later = new Date('2027-07-01T00:00:00.000Z');
    const change = changeOf(
      decide.update({ deadline: later.toISOString() }, enterprise)(challenge(), context()),
    );
    expect(change.set).toEqual({ deadline: later });
    expect(topics(change.events)).toEqual(['talent.challenge.updated.v1']);
    expect(change.schedule).toEqual([{ job, at: later }]);
  });

  it('writes nothing for a patch that changes nothing', () => {
    const decision = decide.update({ title: challenge().title }, enterprise)(challenge(), context());
    expect(decision).toEqual({ unchanged: expect.objectContaining({ id: 'ch-1', version: 3 }) });
  });

  it('refuses outsiders (403), a closed challenge and the terms of a published one (409)', () => {
    expect(refusal(() => decide.update({ title: 'x1' }, pairedCadre)(challenge(), context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(
      refusal(() => decide.update({ title: 'x1' }, enterprise)(challenge({ status: 'closed' }), context())),
    ).toEqual({ status: 409, code: 'CONFLICT' });
    const terms = { ip: 'poster' as const, confidentiality: true };
    expect(refusal(() => decide.update({ terms }, enterprise)(challenge(), context()))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });
});

describe('the lifecycle', () => {
  it('publishes a draft: history, publishedAt, the published event and the deadline job', () => {
    const change = changeOf(decide.publish(enterprise)(draft(), context()));
    expect(change.set).toMatchObject({ status: 'published', publishedAt: NOW });
    expect(change.set!.history).toHaveLength(2);
    expect(topics(change.events)).toEqual(['talent.challenge.published.v1']);
    expect(change.events![0]!.payload).toMatchObject({
      transition: { from: 'draft', to: 'published', by: 'u-ent', at: NOW.toISOString() },
      challenge: { status: 'published', publishedAt: NOW.toISOString() },
    });
    expectValid(change.events);
    expect(change.schedule).toEqual([{ job, at: DEADLINE }]);
    expect(change.reply).toMatchObject({ status: 'published', version: 4 });
  });

  it('refuses to publish past its deadline (400), twice (409), or for a cadre of an enterprise challenge (403)', () => {
    const late = context(new Date(DEADLINE.getTime() + 1));
    expect(refusal(() => decide.publish(enterprise)(draft(), late))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(refusal(() => decide.publish(enterprise)(challenge(), context()))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(refusal(() => decide.publish(countyCadre)(draft(), context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('removes the deadline job when the poster closes early or cancels', () => {
    const closed = changeOf(decide.close(enterprise)(challenge(), context()));
    expect(closed.set).toMatchObject({ status: 'closed' });
    expect(topics(closed.events)).toEqual(['talent.challenge.closed.v1']);
    expect(closed.unschedule).toEqual([job]);
    expect(closed.schedule).toBeUndefined();

    const cancelled = changeOf(decide.cancel({ reason: '资金未落实' }, enterprise)(challenge(), context()));
    expect(cancelled.set).toMatchObject({ status: 'cancelled' });
    expect(cancelled.events![0]!.payload).toMatchObject({
      transition: { to: 'cancelled', reason: '资金未落实' },
    });
    expect(cancelled.unschedule).toEqual([job]);
    expectValid(cancelled.events);
  });

  it('awards an application of a closed challenge: both the challenge and the application events', () => {
    const closed = challenge({
      status: 'closed',
      applications: [
        application(),
        application({ id: 'app-2', leaderUserId: 'u-exp2', userIds: ['u-exp2'] }),
      ],
    });
    const change = changeOf(decide.award({ applicationId: 'app-1' }, enterprise)(closed, context()));
    expect(change.set).toMatchObject({ status: 'awarded', awardedApplicationId: 'app-1' });
    expect(change.set!.applications!.map((a) => a.status)).toEqual(['awarded', 'submitted']);
    expect(topics(change.events)).toEqual(['talent.challenge.awarded.v1', 'talent.application.awarded.v1']);
    expect(change.events![1]!.payload).toMatchObject({ application: { id: 'app-1', status: 'awarded' } });
    expectValid(change.events);
    expect(change.schedule ?? change.unschedule).toBeUndefined();
  });

  it('refuses to award an unknown application (404) or before the challenge is closed (409)', () => {
    const closed = challenge({ status: 'closed', applications: [application()] });
    expect(refusal(() => decide.award({ applicationId: 'nope' }, enterprise)(closed, context()))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(
      refusal(() =>
        decide.award({ applicationId: 'app-1' }, enterprise)(
          challenge({ applications: [application()] }),
          context(),
        ),
      ),
    ).toEqual({ status: 409, code: 'CONFLICT' });
  });

  it('lets the awarded experts report delivery, but only the poster side complete', () => {
    const awarded = challenge({
      status: 'awarded',
      applications: [application({ status: 'awarded' })],
      awardedApplicationId: 'app-1',
    });
    const delivered = changeOf(decide.deliver(expert)(awarded, context()));
    expect(delivered.set).toMatchObject({ status: 'delivered' });
    expect(refusal(() => decide.deliver(expert2)(awarded, context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    const done = challenge({ ...awarded, status: 'delivered' });
    expect(refusal(() => decide.complete(expert)(done, context()))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(changeOf(decide.complete(enterprise)(done, context())).set).toMatchObject({ status: 'completed' });
  });
});

describe("the deadline job's close", () => {
  it('closes a published challenge whose deadline has come, as the system, leaving its own job alone', () => {
    const change = changeOf(decide.closeAtDeadline()(challenge(), context(DEADLINE)));
    expect(change.reply).toBe(true);
    expect(change.set).toMatchObject({ status: 'closed' });
    expect(change.events![0]!.payload).toMatchObject({ transition: { to: 'closed', by: 'system:deadline' } });
    expect(change.schedule ?? change.unschedule).toBeUndefined();
  });

  it('does nothing for a deadline moved later, or a challenge closed already (a re-run)', () => {
    expect(decide.closeAtDeadline()(challenge(), context())).toEqual({ unchanged: false });
    expect(decide.closeAtDeadline()(challenge({ status: 'closed' }), context(DEADLINE))).toEqual({
      unchanged: false,
    });
  });
});

describe('accepting the terms', () => {
  it('adds the expert, with the terms-accepted event naming them, and opens the confidential part', () => {
    const change = changeOf(decide.acceptTerms(expert)(challenge(), context()));
    expect(change.push).toEqual({ termsAcceptedBy: 'u-exp' });
    expect(change.where).toEqual({ status: 'published' });
    expect(topics(change.events)).toEqual(['talent.challenge.terms-accepted.v1']);
    expect(change.events![0]!.payload).toMatchObject({ userId: 'u-exp' });
    expectValid(change.events);
    expect(change.reply).toMatchObject({
      termsAccepted: true,
      canSeeConfidential: true,
      confidentialDetails: '监测点位与历史数据',
    });
  });

  it('changes nothing when accepted again', () => {
    const decision = decide.acceptTerms(expert)(challenge({ termsAcceptedBy: ['u-exp'] }), context());
    expect(decision).toEqual({ unchanged: expect.objectContaining({ termsAccepted: true, version: 3 }) });
  });

  it('refuses non-experts before anything is read (403) and a challenge not published (409)', () => {
    expect(refusal(() => decide.acceptTerms(enterprise))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(refusal(() => decide.acceptTerms(expert)(draft(), context()))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });
});

describe('applying (揭榜)', () => {
  const leader: ApplicantFacts = { expertId: 'e-exp', userId: 'u-exp', orgId: 'inst-bjfu' };
  const member: ApplicantFacts = { expertId: 'e-exp2', userId: 'u-exp2', orgId: 'inst-pumch' };
  const proposal = { proposal: '生态沟渠+人工湿地组合拦截方案，分三年实施。', teamExpertIds: ['e-exp2'] };
  const open = challenge({ termsAcceptedBy: ['u-exp'] });

  it('states every precondition in the write and adds the application with its event', () => {
    const change = changeOf(
      decide.submitApplication(proposal, expert, { leader, team: [member] })(open, context()),
    );
    expect(change.where).toEqual({
      status: 'published',
      deadline: { $gt: NOW },
      applicantExpertIds: { $nin: ['e-exp', 'e-exp2'] },
    });
    expect(change.set).toEqual({ applicantExpertIds: ['e-exp', 'e-exp2'] });
    expect(change.push).toEqual({
      applications: expect.objectContaining({
        id: 'id-1',
        expertIds: ['e-exp', 'e-exp2'],
        status: 'submitted',
      }),
    });
    expect(topics(change.events)).toEqual(['talent.application.submitted.v1']);
    expect(change.events![0]!.payload).toMatchObject({
      challenge: { applicationCount: 1 },
      application: { id: 'id-1', userIds: ['u-exp', 'u-exp2'], leaderUserId: 'u-exp' },
    });
    expectValid(change.events);
    expect(change.reply).toMatchObject({ id: 'id-1', challengeId: 'ch-1', proposal: proposal.proposal });
  });

  it('refuses without a profile or accepted terms (403), twice or after the deadline (409)', () => {
    const apply = (doc: ChallengeState, applicants: decide.Applicants, now = NOW) =>
      refusal(() => decide.submitApplication(proposal, expert, applicants)(doc, context(now)));
    expect(apply(open, { leader: undefined, team: [] })).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(apply(challenge(), { leader, team: [] })).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(apply(challenge({ ...open, applicantExpertIds: ['e-exp2'] }), { leader, team: [member] })).toEqual(
      {
        status: 409,
        code: 'DUPLICATE',
      },
    );
    expect(apply(open, { leader, team: [] }, DEADLINE)).toEqual({ status: 409, code: 'CONFLICT' });
  });
});

describe('moving an application', () => {
  const withApps = challenge({ applications: [application(), application({ id: 'app-2' })] });

  it('shortlists: rewrites the applications with the one moved, and tells its experts', () => {
    const change = changeOf(
      decide.shortlistApplication({ applicationId: 'app-2' }, enterprise)(withApps, context()),
    );
    expect(change.set!.applications!.map((a) => [a.id, a.status])).toEqual([
      ['app-1', 'submitted'],
      ['app-2', 'shortlisted'],
    ]);
    expect(topics(change.events)).toEqual(['talent.application.shortlisted.v1']);
    expectValid(change.events);
    expect(change.reply).toMatchObject({ id: 'app-2', status: 'shortlisted', updatedAt: NOW.toISOString() });
  });

  it('rejects with the reason', () => {
    const change = changeOf(
      decide.rejectApplication({ applicationId: 'app-1', reason: '方案不符合要求' }, enterprise)(
        withApps,
        context(),
      ),
    );
    expect(topics(change.events)).toEqual(['talent.application.rejected.v1']);
    expect(change.events![0]!.payload).toMatchObject({
      application: { status: 'rejected', reason: '方案不符合要求' },
    });
    expect(change.reply).toMatchObject({ status: 'rejected', reason: '方案不符合要求' });
  });

  it('refuses outsiders (403), an unknown application (404) and a rejected one (409)', () => {
    expect(
      refusal(() =>
        decide.shortlistApplication({ applicationId: 'app-1' }, pairedCadre)(withApps, context()),
      ),
    ).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      refusal(() => decide.shortlistApplication({ applicationId: 'nope' }, enterprise)(withApps, context())),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
    const rejected = challenge({ applications: [application({ status: 'rejected' })] });
    expect(
      refusal(() => decide.shortlistApplication({ applicationId: 'app-1' }, enterprise)(rejected, context())),
    ).toEqual({ status: 409, code: 'CONFLICT' });
  });
});
