import type { ChallengePublic, LeadOrigin } from '@qingshui/contracts';
import { COUNTY_IDS, counterpartOf, pairOf } from '@qingshui/regions';
import type { OpenFromOriginInput } from '../leads/leads.service';

// Pure decisions of lineage: what lead a booth scan at a fair or an awarded challenge becomes,
// from the event and what the consumer learnt before (exhibitors' counties, fairs' titles,
// experts' institutions). No I/O; unit-tested in lineage.decide.spec.ts.

/** What the consumer knows of an accepted exhibitor (fairs.exhibitor.accepted.v1). */
export interface ExhibitorFacts {
  enterpriseName: string;
  /** The exhibitor's region as fairs has it (a county, or a Beijing district). */
  region: string;
  boothIds: string[];
}
/** What it knows of a fair (fairs.fair.created/updated.v1). */
export interface FairFacts {
  title: string;
  pairIds: string[];
}
/** What it knows of an expert (talent.expert.registered/updated.v1). */
export interface ExpertFacts {
  name: string;
  institution: string;
}

/** The scanned lead as fairs.lead.captured.v1 carries it. */
export interface CapturedLead {
  id: string;
  fairId: string;
  enterpriseOrgId: string;
  enterpriseName: string;
  visitorOrganisation?: string | undefined;
  visitor: { userId: string; name: string };
  productsOfInterest: string[];
  notes: string;
  scannedAt: string;
}

/** A lead to open (less the enterprise record, which the consumer finds or creates by name or org). */
export type LeadPlan = Omit<OpenFromOriginInput, 'enterprise'> & {
  /** The investor side: by name (a scan's visitor organisation) or by organisation (a challenge's poster). */
  investor: { name: string; orgId?: string; region: string };
};

export type PlanOutcome = { plan: LeadPlan } | { skip: string };

/** A county from a region: itself, or a Beijing district's paired county. */
export function countyOf(region: string | undefined): string | undefined {
  if (!region) return undefined;
  if (COUNTY_IDS.includes(region)) return region;
  const other = counterpartOf(region);
  return other?.kind === 'county' ? other.id : undefined;
}

/**
 * The exhibitor's county: from its accepted application, else from the fair when it serves one
 * pair only, else from the exhibitor's own enterprise record; undefined when none is known yet.
 */
export function exhibitorCounty(
  exhibitor: ExhibitorFacts | undefined,
  fair: FairFacts | undefined,
  recordRegion: string | undefined,
): string | undefined {
  const fromExhibitor = countyOf(exhibitor?.region);
  if (fromExhibitor) return fromExhibitor;
  if (fair?.pairIds.length === 1) {
    const county = fair.pairIds[0]!.split('-').slice(1).join('-');
    if (COUNTY_IDS.includes(county)) return county;
  }
  return countyOf(recordRegion);
}

/**
 * A booth scan becomes the lead of the visitor's organisation with the exhibitor's county: one per
 * exhibitor and visitor (`fair-scan:<exhibitorOrgId>:<visitorUserId>`); a later scan of the same
 * pair is an activity of that lead, once per event. A visitor with no organisation is no investor.
 */
export function planFairScan(input: {
  lead: CapturedLead;
  rescan: boolean;
  eventId: string;
  county: string | undefined;
  exhibitor?: ExhibitorFacts | undefined;
  fair?: FairFacts | undefined;
}): PlanOutcome {
  const { lead, eventId, county, exhibitor, fair } = input;
  const organisation = lead.visitorOrganisation?.trim();
  if (!organisation) return { skip: 'the visitor names no organisation' };
  if (!county)
    throw new Error(
      `the county of exhibitor ${lead.enterpriseOrgId} at fair ${lead.fairId} is not known yet`,
    );
  const exhibitorName = exhibitor?.enterpriseName ?? lead.enterpriseName;
  const origin: LeadOrigin = {
    kind: 'fair-scan',
    fairId: lead.fairId,
    ...(fair?.title ? { fairTitle: fair.title } : {}),
    exhibitorOrgId: lead.enterpriseOrgId,
    exhibitorName,
    ...(exhibitor?.boothIds[0] ? { boothId: exhibitor.boothIds[0] } : {}),
    fairLeadId: lead.id,
    scannedAt: lead.scannedAt,
  };
  const where = fair?.title ? `${fair.title}，` : '';
  const interest = lead.productsOfInterest.length ? `；关注：${lead.productsOfInterest.join('、')}` : '';
  return {
    plan: {
      originKey: `fair-scan:${lead.enterpriseOrgId}:${lead.visitor.userId}`,
      investor: { name: organisation, region: pairOf(county)?.beijing.id ?? county },
      county,
      title: `${organisation} × ${exhibitorName}（展会扫码）`,
      origin,
      eventId,
      activity: {
        kind: 'meeting',
        at: lead.scannedAt,
        summary: `${where}${exhibitorName}展位${input.rescan ? '再次' : ''}扫码：${lead.visitor.name}${interest}${lead.notes ? `；${lead.notes}` : ''}`,
      },
    },
  };
}

/**
 * An awarded challenge posted by an enterprise becomes that enterprise's lead in the challenge's
 * county (`challenge:<id>`), with the awarded expert and institution when known. Both award events
 * (challenge and application, written together) give the same event id, so whichever comes first
 * opens the lead and the other changes nothing. A county's own challenge has no enterprise: skipped.
 */
export function planChallengeAward(input: {
  challenge: ChallengePublic;
  posterName: string | undefined;
  expertId?: string | undefined;
  expert?: ExpertFacts | undefined;
  awardedAt: string;
}): PlanOutcome {
  const { challenge, expert, expertId } = input;
  if (challenge.poster.kind !== 'enterprise') return { skip: 'a county’s own challenge has no enterprise' };
  const origin: LeadOrigin = {
    kind: 'challenge',
    challengeId: challenge.id,
    challengeTitle: challenge.title,
    ...(expertId ? { expertId } : {}),
    ...(expert?.institution ? { expertInstitution: expert.institution } : {}),
    awardedAt: input.awardedAt,
  };
  const by = expert ? `${expert.name}（${expert.institution}）` : '专家团队';
  return {
    plan: {
      originKey: `challenge:${challenge.id}`,
      investor: {
        name: input.posterName ?? `企业 ${challenge.poster.orgId}`,
        orgId: challenge.poster.orgId,
        region: challenge.county,
      },
      county: challenge.county,
      title: `揭榜挂帅成果转化：${challenge.title}`,
      origin,
      eventId: `award:${challenge.id}:${challenge.awardedApplicationId ?? ''}`,
      activity: { kind: 'note', at: input.awardedAt, summary: `揭榜挂帅“${challenge.title}”由${by}揭榜` },
    },
  };
}
