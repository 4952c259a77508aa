import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppError, hasRole, type FairReport, type Principal } from '@qingshui/contracts';
import { FAIR_MODEL, type FairDocument } from './fair.schema';
import { canManageFair } from './fair.rules';
import { EXHIBITOR_MODEL, type ExhibitorDocument } from '../exhibitors/exhibitor.schema';
import {
  LEDGER_MODEL,
  REGISTRATION_MODEL,
  type LedgerDocument,
  type RegistrationDocument,
} from '../registrations/registration.schema';
import {
  CHECKIN_COUNTS_MODEL,
  LEAD_MODEL,
  type CheckinCountsDocument,
  type LeadDocument,
} from '../checkin/checkin.schema';

const NO_OUTBOX = { outbox: 0, outboxPending: 0 } as const;
const PLACE_HOLDING = new Set(['confirmed', 'awaiting-approval', 'offered']);

/**
 * A fair's summary report, read from every part's documents of the fair. The per-fair lists
 * (applications, registrations, leads) are filtered by `fairId`, which FerretDB answers by reading
 * their collections: a report is asked for now and then, not on a hot path.
 */
@Injectable()
export class FairReports {
  constructor(
    @InjectModel(FAIR_MODEL) private readonly fairs: Model<FairDocument>,
    @InjectModel(EXHIBITOR_MODEL) private readonly exhibitors: Model<ExhibitorDocument>,
    @InjectModel(REGISTRATION_MODEL) private readonly registrations: Model<RegistrationDocument>,
    @InjectModel(LEDGER_MODEL) private readonly ledgers: Model<LedgerDocument>,
    @InjectModel(CHECKIN_COUNTS_MODEL) private readonly counts: Model<CheckinCountsDocument>,
    @InjectModel(LEAD_MODEL) private readonly leads: Model<LeadDocument>,
  ) {}

  async report(id: string, principal: Principal, now = new Date()): Promise<FairReport> {
    const fair = (await this.fairs.collection.findOne({ _id: id } as never, {
      projection: NO_OUTBOX,
    })) as FairDocument | null;
    const cadreOfItsRegions =
      !!fair && hasRole(principal, 'cadre') && !!principal.region && fair.regions.includes(principal.region);
    if (!fair || !(fair.publishedAt || canManageFair(principal, fair) || cadreOfItsRegions))
      throw AppError.notFound(`No fair with id ${id}`);
    if (!canManageFair(principal, fair) && !cadreOfItsRegions)
      throw AppError.forbidden(
        'The report is for the organiser’s staff and the cadres of the fair’s regions',
      );
    const [applications, registrations, ledger, counts, leads] = await Promise.all([
      this.exhibitors.collection.find({ fairId: id } as never, { projection: NO_OUTBOX }).toArray(),
      this.registrations.collection.find({ fairId: id } as never, { projection: NO_OUTBOX }).toArray(),
      this.ledgers.collection.findOne({ _id: id } as never, { projection: NO_OUTBOX }),
      this.counts.collection.find({ fairId: id } as never).toArray(),
      this.leads.collection.find({ fairId: id } as never, { projection: NO_OUTBOX }).toArray(),
    ]);
    return summarise(
      fair,
      applications as unknown as ExhibitorDocument[],
      registrations as unknown as RegistrationDocument[],
      ledger as unknown as LedgerDocument | null,
      counts as unknown as CheckinCountsDocument[],
      leads as unknown as LeadDocument[],
      now,
    );
  }
}

const tally = <K extends string>(into: Record<K, number>, key: K, by = 1) => {
  into[key] = (into[key] ?? 0) + by;
};

/** The report from the documents read (pure). */
export function summarise(
  fair: FairDocument,
  applications: readonly ExhibitorDocument[],
  registrations: readonly RegistrationDocument[],
  ledger: LedgerDocument | null,
  counts: readonly CheckinCountsDocument[],
  leads: readonly LeadDocument[],
  now: Date,
): FairReport {
  const byStatus: Record<string, number> = {};
  const counties = new Map<string, { exhibitors: number; booths: number }>();
  let products = 0;
  for (const application of applications) {
    if (application.status === 'draft') continue;
    tally(byStatus, application.status);
    if (application.status !== 'accepted') continue;
    products += application.products.length;
    const county = counties.get(application.enterprise.region) ?? { exhibitors: 0, booths: 0 };
    county.exhibitors += 1;
    county.booths += application.boothIds.length;
    counties.set(application.enterprise.region, county);
  }
  const registrationsByStatus: Record<string, { registrations: number; places: number }> = {};
  const placesByType = new Map<string, number>();
  const organisations = new Set<string>();
  for (const registration of registrations) {
    const entry = (registrationsByStatus[registration.status] ??= { registrations: 0, places: 0 });
    entry.registrations += 1;
    entry.places += registration.size;
    if (registration.status === 'confirmed')
      placesByType.set(registration.typeId, (placesByType.get(registration.typeId) ?? 0) + registration.size);
    if (PLACE_HOLDING.has(registration.status) && registration.company?.name)
      organisations.add(registration.company.name);
  }
  const typeNames = new Map((ledger?.types ?? []).map((type) => [type.id, type.name]));
  const perExhibitor = new Map<string, { name: string; leads: number }>();
  for (const lead of leads) {
    const entry = perExhibitor.get(lead.enterprise.orgId) ?? { name: lead.enterprise.name, leads: 0 };
    entry.leads += 1;
    perExhibitor.set(lead.enterprise.orgId, entry);
  }
  return {
    fair: {
      id: fair._id,
      title: fair.title,
      status: fair.status,
      venue: fair.venue,
      days: fair.days.map((day) => day.date),
      pairIds: fair.pairIds,
    },
    exhibitors: {
      byStatus,
      booths: {
        total: fair.boothTypes.reduce((sum, type) => sum + type.count, 0),
        assigned: [...counties.values()].reduce((sum, county) => sum + county.booths, 0),
      },
      byCounty: [...counties]
        .map(([county, figures]) => ({ county, ...figures }))
        .sort((a, b) => b.booths - a.booths || a.county.localeCompare(b.county)),
      products,
    },
    registrations: {
      byStatus: registrationsByStatus,
      byType: [...placesByType].map(([typeId, places]) => ({
        typeId,
        name: typeNames.get(typeId) ?? typeId,
        places,
      })),
      organisations: organisations.size,
    },
    checkins: counts.map((list) => ({
      listId: list.listId,
      checkedIn: list.checkedIn,
      inside: list.inside,
      byType: list.byType,
      byDay: list.byDay,
    })),
    leads: {
      total: leads.length,
      exhibitors: perExhibitor.size,
      averageRating:
        leads.length === 0
          ? null
          : Math.round((leads.reduce((sum, lead) => sum + lead.rating, 0) / leads.length) * 10) / 10,
      byExhibitor: [...perExhibitor]
        .map(([orgId, entry]) => ({ orgId, ...entry }))
        .sort((a, b) => b.leads - a.leads),
    },
    generatedAt: now.toISOString(),
  };
}
