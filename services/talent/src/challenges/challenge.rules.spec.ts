import { AppError, type Principal } from '@qingshui/contracts';
import {
  assertEditable,
  assertMayApply,
  assertMayPerform,
  canManage,
  canRead,
  canSeeConfidential,
  nextApplicationStatus,
  nextStatus,
  pairedDistrictOf,
  posterFor,
  SYSTEM_DEADLINE,
  type ApplicantFacts,
  type ChallengeFacts,
} from './challenge.rules';

const who = (userId: string, roles: Principal['roles'], orgId?: string, region?: string): Principal => ({
  userId,
  username: userId,
  roles,
  ...(orgId ? { orgId } : {}),
  ...(region ? { region } : {}),
});

const enterprise = who('u-ent', ['enterprise'], 'ent-qushou-agri', 'xichuan');
const colleague = who('u-ent2', ['enterprise'], 'ent-qushou-agri', 'xichuan');
const otherEnterprise = who('u-other', ['enterprise'], 'ent-other', 'xichuan');
const countyCadre = who('u-cc', ['cadre'], 'gov-xichuan', 'xichuan');
const otherCountyCadre = who('u-cc2', ['cadre'], 'gov-yunyang', 'yunyang');
const pairedCadre = who('u-bc', ['cadre'], 'gov-chaoyang', 'chaoyang');
const unpairedCadre = who('u-bc2', ['cadre'], 'gov-haidian', 'haidian');
const expert = who('u-exp', ['expert'], 'inst-bjfu', 'haidian');
const expert2 = who('u-exp2', ['expert'], 'inst-pumch', 'dongcheng');
const admin = who('u-admin', ['admin'], 'gov-bj-office', 'xicheng');

const facts = (over: Partial<ChallengeFacts> = {}): ChallengeFacts => ({
  status: 'published',
  poster: { kind: 'enterprise', orgId: 'ent-qushou-agri', userId: 'u-ent' },
  county: 'xichuan',
  pairedDistrict: 'chaoyang',
  deadline: new Date('2030-01-01T00:00:00Z'),
  publishedAt: new Date('2026-01-01T00:00:00Z'),
  termsConfidential: true,
  termsAcceptedBy: [],
  applicantExpertIds: [],
  awardedUserIds: [],
  ...over,
});
const countyFacts = (over: Partial<ChallengeFacts> = {}) =>
  facts({ poster: { kind: 'county', orgId: 'gov-xichuan', userId: 'u-cc' }, ...over });

const status = (fn: () => unknown): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.status : -1;
  }
};

describe('challenge rules: posting', () => {
  it('lets an enterprise post for its organisation, in any county', () => {
    expect(posterFor(enterprise, 'yunyang')).toEqual({
      kind: 'enterprise',
      orgId: 'ent-qushou-agri',
      userId: 'u-ent',
    });
  });

  it('lets a county cadre post for their own county only', () => {
    expect(posterFor(countyCadre, 'xichuan')).toEqual({
      kind: 'county',
      orgId: 'gov-xichuan',
      userId: 'u-cc',
    });
    expect(status(() => posterFor(countyCadre, 'yunyang'))).toBe(403);
  });

  it('refuses Beijing district cadres, experts and admins as posters', () => {
    expect(status(() => posterFor(pairedCadre, 'xichuan'))).toBe(403);
    expect(status(() => posterFor(expert, 'xichuan'))).toBe(403);
    expect(status(() => posterFor(admin, 'xichuan'))).toBe(403);
  });

  it('knows the paired Beijing district of a county', () => {
    expect(pairedDistrictOf('xichuan')).toBe('chaoyang');
  });
});

describe('challenge rules: managing and reading', () => {
  it('gives management to the poster organisation and admins; to county cadres for county challenges', () => {
    expect(canManage(enterprise, facts())).toBe(true);
    expect(canManage(colleague, facts())).toBe(true);
    expect(canManage(admin, facts())).toBe(true);
    expect(canManage(otherEnterprise, facts())).toBe(false);
    expect(canManage(countyCadre, facts())).toBe(false);
    expect(canManage(countyCadre, countyFacts())).toBe(true);
    expect(canManage(otherCountyCadre, countyFacts())).toBe(false);
    expect(canManage(pairedCadre, countyFacts())).toBe(false);
  });

  it('keeps a never-published challenge to those concerned', () => {
    const draft = facts({ status: 'draft', publishedAt: undefined });
    for (const p of [enterprise, countyCadre, pairedCadre, admin]) expect(canRead(p, draft)).toBe(true);
    for (const p of [expert, otherEnterprise, unpairedCadre, otherCountyCadre])
      expect(canRead(p, draft)).toBe(false);
    expect(canRead(expert, facts())).toBe(true);
    expect(canRead(expert, facts({ status: 'cancelled' }))).toBe(true);
  });

  it('shows the confidential details to the poster side, county and paired cadres, admins and experts who accepted', () => {
    const c = facts({ termsAcceptedBy: ['u-exp'] });
    for (const p of [enterprise, countyCadre, pairedCadre, admin, expert])
      expect(canSeeConfidential(p, c)).toBe(true);
    for (const p of [expert2, otherEnterprise, unpairedCadre, otherCountyCadre])
      expect(canSeeConfidential(p, c)).toBe(false);
  });
});

describe('challenge rules: lifecycle', () => {
  it('follows draft → published → closed → awarded → delivered → completed', () => {
    expect(nextStatus('publish', 'draft')).toBe('published');
    expect(nextStatus('close', 'published')).toBe('closed');
    expect(nextStatus('award', 'closed')).toBe('awarded');
    expect(nextStatus('deliver', 'awarded')).toBe('delivered');
    expect(nextStatus('complete', 'delivered')).toBe('completed');
  });

  it('cancels only from draft, published or closed', () => {
    for (const from of ['draft', 'published', 'closed'] as const)
      expect(nextStatus('cancel', from)).toBe('cancelled');
    for (const from of ['awarded', 'delivered', 'completed', 'cancelled'] as const)
      expect(status(() => nextStatus('cancel', from))).toBe(409);
  });

  it('refuses skipped or repeated steps with 409', () => {
    expect(status(() => nextStatus('award', 'published'))).toBe(409);
    expect(status(() => nextStatus('close', 'closed'))).toBe(409);
    expect(status(() => nextStatus('publish', 'published'))).toBe(409);
    expect(status(() => nextStatus('complete', 'awarded'))).toBe(409);
  });

  it('lets managers take every step, the awarded experts report delivery, the deadline worker only close', () => {
    const c = facts({ awardedUserIds: ['u-exp'] });
    expect(status(() => assertMayPerform(enterprise, 'publish', c))).toBeUndefined();
    expect(status(() => assertMayPerform(admin, 'cancel', c))).toBeUndefined();
    expect(status(() => assertMayPerform(otherEnterprise, 'publish', c))).toBe(403);
    expect(status(() => assertMayPerform(pairedCadre, 'close', c))).toBe(403);
    expect(status(() => assertMayPerform(expert, 'deliver', c))).toBeUndefined();
    expect(status(() => assertMayPerform(expert, 'complete', c))).toBe(403);
    expect(status(() => assertMayPerform(expert2, 'deliver', c))).toBe(403);
    expect(status(() => assertMayPerform(SYSTEM_DEADLINE, 'close', c))).toBeUndefined();
    expect(status(() => assertMayPerform(SYSTEM_DEADLINE, 'cancel', c))).toBe(403);
  });

  it('edits drafts and published challenges, but never the terms once published', () => {
    expect(status(() => assertEditable('draft', ['terms']))).toBeUndefined();
    expect(status(() => assertEditable('published', ['deadline']))).toBeUndefined();
    expect(status(() => assertEditable('published', ['terms']))).toBe(409);
    expect(status(() => assertEditable('closed', ['title']))).toBe(409);
  });
});

describe('challenge rules: applications', () => {
  const now = new Date('2029-06-01T00:00:00Z');
  const leader: ApplicantFacts = { expertId: 'e1', userId: 'u-exp', orgId: 'inst-bjfu' };
  const member: ApplicantFacts = { expertId: 'e2', userId: 'u-exp2', orgId: 'inst-pumch' };
  const accepted = facts({ termsAcceptedBy: ['u-exp'] });

  it('accepts an expert who accepted the terms, alone or with a team', () => {
    expect(status(() => assertMayApply(expert, accepted, leader, [], now))).toBeUndefined();
    expect(status(() => assertMayApply(expert, accepted, leader, [member], now))).toBeUndefined();
  });

  it('requires the terms to be accepted only for confidential challenges', () => {
    expect(status(() => assertMayApply(expert, facts(), leader, [], now))).toBe(403);
    expect(
      status(() => assertMayApply(expert, facts({ termsConfidential: false }), leader, [], now)),
    ).toBeUndefined();
  });

  it('refuses non-experts and experts without a profile', () => {
    expect(status(() => assertMayApply(enterprise, accepted, leader, [], now))).toBe(403);
    expect(status(() => assertMayApply(expert, accepted, undefined, [], now))).toBe(403);
  });

  it('refuses when not published or after the deadline (409)', () => {
    expect(status(() => assertMayApply(expert, { ...accepted, status: 'closed' }, leader, [], now))).toBe(
      409,
    );
    expect(
      status(() =>
        assertMayApply(expert, { ...accepted, deadline: new Date('2029-06-01T00:00:00Z') }, leader, [], now),
      ),
    ).toBe(409);
  });

  it('allows one application per expert, as leader or team member (409)', () => {
    expect(
      status(() => assertMayApply(expert, { ...accepted, applicantExpertIds: ['e1'] }, leader, [], now)),
    ).toBe(409);
    expect(
      status(() =>
        assertMayApply(expert, { ...accepted, applicantExpertIds: ['e2'] }, leader, [member], now),
      ),
    ).toBe(409);
  });

  it('excludes experts of the posting organisation (conflict of interest) and a leader listed in the team', () => {
    const own = facts({
      poster: { kind: 'enterprise', orgId: 'inst-pumch', userId: 'x' },
      termsAcceptedBy: ['u-exp'],
    });
    expect(status(() => assertMayApply(expert, own, leader, [member], now))).toBe(403);
    expect(status(() => assertMayApply(expert, accepted, leader, [leader], now))).toBe(400);
  });

  it('moves applications: shortlist and reject while open or closed, award only once closed', () => {
    expect(nextApplicationStatus('shortlist', 'submitted', 'published')).toBe('shortlisted');
    expect(nextApplicationStatus('reject', 'shortlisted', 'closed')).toBe('rejected');
    expect(nextApplicationStatus('award', 'shortlisted', 'closed')).toBe('awarded');
    expect(status(() => nextApplicationStatus('award', 'submitted', 'published'))).toBe(409);
    expect(status(() => nextApplicationStatus('shortlist', 'rejected', 'published'))).toBe(409);
    expect(status(() => nextApplicationStatus('reject', 'submitted', 'awarded'))).toBe(409);
  });
});
