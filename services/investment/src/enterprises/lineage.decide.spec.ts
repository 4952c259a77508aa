import type { ChallengePublic } from '@qingshui/contracts';
import {
  countyOf,
  exhibitorCounty,
  planChallengeAward,
  planFairScan,
  type CapturedLead,
} from './lineage.decide';

const lead: CapturedLead = {
  id: 'fl-1',
  fairId: 'fair-1',
  enterpriseOrgId: 'ent-qushou-agri',
  enterpriseName: '淅川县渠首农业开发有限公司',
  visitorOrganisation: '北京清源环保科技有限公司',
  visitor: { userId: 'u-visitor', name: '孙立新' },
  productsOfInterest: ['软籽石榴'],
  notes: '有意向考察基地',
  scannedAt: '2027-05-18T02:00:00.000Z',
};

describe('a booth scan as a lead', () => {
  it('is one lead per exhibitor and visitor, in the exhibitor’s county, its origin the fair and booth', () => {
    const outcome = planFairScan({
      lead,
      rescan: false,
      eventId: 'ev-1',
      county: 'xichuan',
      exhibitor: { enterpriseName: '渠首农业', region: 'xichuan', boothIds: ['A-01'] },
      fair: { title: '2027 淅川农产品北京推介会', pairIds: ['chaoyang-xichuan'] },
    });
    expect(outcome).toMatchObject({
      plan: {
        originKey: 'fair-scan:ent-qushou-agri:u-visitor',
        investor: { name: '北京清源环保科技有限公司', region: 'chaoyang' },
        county: 'xichuan',
        eventId: 'ev-1',
        origin: {
          kind: 'fair-scan',
          fairId: 'fair-1',
          fairTitle: '2027 淅川农产品北京推介会',
          exhibitorOrgId: 'ent-qushou-agri',
          exhibitorName: '渠首农业',
          boothId: 'A-01',
          fairLeadId: 'fl-1',
          scannedAt: lead.scannedAt,
        },
        activity: { kind: 'meeting', at: lead.scannedAt, summary: expect.stringContaining('软籽石榴') },
      },
    });
  });

  it('skips a visitor without an organisation and waits for an unknown county', () => {
    expect(
      planFairScan({
        lead: { ...lead, visitorOrganisation: ' ' },
        rescan: false,
        eventId: 'e',
        county: 'xichuan',
      }),
    ).toEqual({
      skip: expect.any(String),
    });
    expect(() => planFairScan({ lead, rescan: false, eventId: 'e', county: undefined })).toThrow(
      /not known yet/,
    );
  });

  it('finds the county from the exhibitor, else a one-pair fair, else the exhibitor’s record', () => {
    expect(countyOf('chaoyang')).toBe('xichuan');
    expect(countyOf('xixia')).toBe('xixia');
    expect(
      exhibitorCounty({ enterpriseName: 'x', region: 'xixia', boothIds: [] }, undefined, undefined),
    ).toBe('xixia');
    expect(exhibitorCounty(undefined, { title: 't', pairIds: ['haidian-danjiangkou'] }, undefined)).toBe(
      'danjiangkou',
    );
    expect(exhibitorCounty(undefined, { title: 't', pairIds: ['a-b', 'c-d'] }, 'neixiang')).toBe('neixiang');
    expect(exhibitorCounty(undefined, undefined, undefined)).toBeUndefined();
  });
});

describe('an awarded challenge as a lead', () => {
  const challenge = {
    id: 'ch-1',
    title: '丹江口库区面源污染治理',
    county: 'danjiangkou',
    pairedDistrict: 'haidian',
    poster: { kind: 'enterprise', orgId: 'ent-bj-qingyuan-env', userId: 'u-poster' },
    awardedApplicationId: 'app-1',
  } as ChallengePublic;

  it('is the posting enterprise’s lead in the challenge’s county, with the expert’s institution', () => {
    const outcome = planChallengeAward({
      challenge,
      posterName: '北京清源环保科技有限公司',
      expertId: 'ex-1',
      expert: { name: '王建华', institution: '中国科学院生态环境研究中心' },
      awardedAt: '2026-12-01T08:00:00.000Z',
    });
    expect(outcome).toMatchObject({
      plan: {
        originKey: 'challenge:ch-1',
        eventId: 'award:ch-1:app-1',
        county: 'danjiangkou',
        investor: { orgId: 'ent-bj-qingyuan-env', name: '北京清源环保科技有限公司' },
        origin: {
          kind: 'challenge',
          challengeId: 'ch-1',
          expertId: 'ex-1',
          expertInstitution: '中国科学院生态环境研究中心',
        },
      },
    });
  });

  it('gives both award events one event id, and skips a county’s own challenge', () => {
    const a = planChallengeAward({ challenge, posterName: undefined, awardedAt: 'x' });
    const b = planChallengeAward({ challenge, posterName: undefined, expertId: 'ex-1', awardedAt: 'x' });
    expect('plan' in a && 'plan' in b && a.plan.eventId === b.plan.eventId).toBe(true);
    expect(
      planChallengeAward({
        challenge: { ...challenge, poster: { ...challenge.poster, kind: 'county' } },
        posterName: undefined,
        awardedAt: 'x',
      }),
    ).toEqual({ skip: expect.any(String) });
  });
});
