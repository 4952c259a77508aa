import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { counterpartOf } from '@qingshui/regions';
import {
  AppError,
  hasRole,
  type LeadFollowUps,
  type MyReminder,
  type MyRemindersPage,
  type Principal,
} from '@qingshui/contracts';
import { absent, unchanged, VersionedStore, type Acting } from '@qingshui/persistence';
import { LEAD_SNAPSHOT_READER, type LeadSnapshot, type LeadSnapshotReader } from '../lead-snapshot';
import { InjectRelay, type OutboxKick } from './relay';
import {
  FOLLOW_UP_MODEL,
  REMINDER_BOX_MODEL,
  type FollowUpDocument,
  type ReminderBoxDocument,
} from './follow-up.schema';
import {
  decideLeadChanged,
  decideStep,
  firedView,
  followUpsView,
  type FollowUpJob,
  type StepOutcome,
} from './follow-up.decide';
import { FollowUpJobs } from './follow-up-jobs';
import { AssignmentService } from './assignment.service';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;
const systemActing = (causationId?: string): Acting => ({
  principal: { userId: 'investment-follow-ups' },
  correlationId: randomUUID(),
  ...(causationId ? { causationId } : {}),
});
/** Leads one user's box holds at most (a coordinator's escalations across the pair). */
const MAX_BOX = 2000;

/** The owner (and owners before), the cadres of the county and its pair, the enterprise, admins. */
export function canReadFollowUps(principal: Principal, doc: FollowUpDocument): boolean {
  if (hasRole(principal, 'admin')) return true;
  const { lead } = doc;
  if (lead.ownerId === principal.userId || lead.pastOwners.includes(principal.userId)) return true;
  if (hasRole(principal, 'cadre') && principal.region)
    return [lead.county, counterpartOf(lead.county)?.id].includes(principal.region);
  return hasRole(principal, 'enterprise') && !!lead.orgId && principal.orgId === lead.orgId;
}

/**
 * Follow-up deadlines (issue #11, item 6): delayed jobs with deterministic ids. The leads part calls
 * `onLeadChanged` after every committed change of a lead; each lead's follow-up document keeps the
 * latest snapshot's version and the jobs it expects, and a job records its reminder only if the
 * document still expects it, in the same guarded update.
 */
@Injectable()
export class FollowUpsService {
  private readonly store: VersionedStore<FollowUpDocument, FollowUpJob>;
  private readonly boxes: VersionedStore<ReminderBoxDocument>;

  constructor(
    @InjectModel(FOLLOW_UP_MODEL) model: Model<FollowUpDocument>,
    @InjectModel(REMINDER_BOX_MODEL) boxModel: Model<ReminderBoxDocument>,
    @InjectRelay() relay: OutboxKick,
    private readonly jobs: FollowUpJobs,
    private readonly assignment: AssignmentService,
    @Inject(LEAD_SNAPSHOT_READER) private readonly leads: LeadSnapshotReader,
    @InjectPinoLogger('follow-ups') private readonly logger: PinoLogger,
  ) {
    this.store = new VersionedStore(model.collection as unknown as Collection<FollowUpDocument>, {
      noun: 'lead’s follow-ups',
      publish: (hint) => relay.kick(hint),
      jobs,
      maxAttempts: 20,
    });
    this.boxes = new VersionedStore(boxModel.collection as unknown as Collection<ReminderBoxDocument>, {
      noun: 'reminder box',
      publish: () => undefined,
      maxAttempts: 20,
    });
  }

  private get settings() {
    return this.jobs.settings;
  }

  private async read(leadId: string): Promise<FollowUpDocument | undefined> {
    const doc = await this.store.collection.findOne({ _id: leadId }, { projection: OUTBOX_EXCLUDED });
    return (doc as FollowUpDocument | null) ?? undefined;
  }

  private async readOrAbsent(leadId: string): Promise<FollowUpDocument> {
    return (
      (await this.read(leadId)) ??
      absent<FollowUpDocument>({
        _id: leadId,
        leadVersion: 0,
        lead: undefined as never,
        planned: [],
        fired: [],
        recipients: [],
        createdAt: new Date(),
        updatedAt: new Date(),
      } as unknown as Omit<FollowUpDocument, 'version'>)
    );
  }

  /** (Re)schedules the lead's reminders for its new state; a closed or landed lead gets none. */
  async onLeadChanged(lead: LeadSnapshot): Promise<void> {
    const change = await this.store.update(
      () => this.readOrAbsent(lead.id),
      decideLeadChanged(lead, this.settings),
      systemActing(),
    );
    await Promise.all([
      ...change.added.map((userId) => this.file(userId, lead.id, true)),
      ...change.removed.map((userId) => this.file(userId, lead.id, false)),
    ]);
  }

  /** A job runs: records the reminder or escalation if the lead is still where it was planned. */
  async run(job: FollowUpJob): Promise<StepOutcome> {
    const doc = await this.read(job.leadId);
    if (!doc || doc.leadVersion !== job.leadVersion) return { outcome: 'superseded', recipients: [] };
    // The lead itself, not only its plan: a change whose hand-over to the follow-ups was lost (the
    // lead's events bring it again, later) must not let the old plan fire. Re-plan from it now.
    const lead = await this.leads.current(job.leadId);
    if (lead && lead.version !== doc.leadVersion) {
      if (lead.version > doc.leadVersion) await this.onLeadChanged(lead);
      return { outcome: 'superseded', recipients: [] };
    }
    const coordinators = await this.assignment.pairCoordinators(doc.lead.county);
    const outcome = await this.store.update(
      () => this.readOrAbsent(job.leadId),
      decideStep(job, coordinators, this.settings),
      systemActing(),
    );
    // Repeated on a retried job too: filing is idempotent.
    await Promise.all(outcome.recipients.map((userId) => this.file(userId, job.leadId, true)));
    this.logger.debug({ job, outcome: outcome.outcome }, 'follow-up step');
    return outcome;
  }

  /** Adds or removes the lead in a user's reminder box (an index: reads check it against the lead). */
  private async file(userId: string, leadId: string, add: boolean): Promise<void> {
    try {
      await this.boxes.update(
        async () =>
          ((await this.boxes.collection.findOne({ _id: userId })) as ReminderBoxDocument | null) ??
          absent<ReminderBoxDocument>({ _id: userId, leadIds: [], updatedAt: new Date() }),
        (box) => {
          const has = box.leadIds.includes(leadId);
          if (has === add) return unchanged(undefined);
          const leadIds = add
            ? [...box.leadIds, leadId].slice(-MAX_BOX)
            : box.leadIds.filter((id) => id !== leadId);
          return { set: { leadIds }, reply: undefined };
        },
        systemActing(),
      );
    } catch (error) {
      // The follow-up document is the truth; a box behind it misses or keeps an entry until the next change.
      this.logger.warn({ err: error, userId, leadId }, 'reminder box not updated');
    }
  }

  /** Re-adds the jobs every follow-up document still expects (a crash between a write and its jobs); idempotent. */
  async repair(batch = 500): Promise<number> {
    let after = '';
    let scheduled = 0;
    for (;;) {
      // By `_id` ranges: the one filter FerretDB answers without reading the whole collection.
      const docs = (await this.store.collection
        .find({ _id: { $gt: after } }, { projection: { _id: 1, leadVersion: 1, planned: 1 } })
        .sort({ _id: 1 })
        .limit(batch)
        .toArray()) as Pick<FollowUpDocument, '_id' | 'leadVersion' | 'planned'>[];
      if (docs.length === 0) return scheduled;
      for (const doc of docs)
        for (const step of doc.planned ?? []) {
          await this.jobs.schedule(
            { leadId: doc._id, leadVersion: doc.leadVersion, reminderId: step.id, step: step.step },
            new Date(step.runAt),
          );
          scheduled += 1;
        }
      after = docs[docs.length - 1]!._id;
    }
  }

  // --- reads (routes) ---

  async forLead(leadId: string, principal: Principal): Promise<LeadFollowUps> {
    const doc = await this.read(leadId);
    if (!doc || !canReadFollowUps(principal, doc))
      throw AppError.notFound(`No follow-ups for lead ${leadId}`);
    return followUpsView(doc);
  }

  /** The caller's open reminders, newest first: from their box, each checked against its lead's document. */
  async mine(query: { page: number; pageSize: number }, principal: Principal): Promise<MyRemindersPage> {
    const box = (await this.boxes.collection.findOne({
      _id: principal.userId,
    })) as ReminderBoxDocument | null;
    const leadIds = box?.leadIds ?? [];
    const docs = leadIds.length
      ? ((await this.store.collection
          .find({ _id: { $in: leadIds } }, { projection: OUTBOX_EXCLUDED })
          .toArray()) as FollowUpDocument[])
      : [];
    const items: MyReminder[] = [];
    for (const doc of docs) {
      const escalations = new Map(
        doc.planned.filter((p) => p.step === 'escalate').map((p) => [p.id, new Date(p.runAt)] as const),
      );
      for (const fired of doc.fired) {
        if (fired.resolvedAt) continue;
        const asOwner = fired.sentTo.includes(principal.userId) && doc.lead.ownerId === principal.userId;
        const asCoordinator = fired.escalatedTo.includes(principal.userId);
        if (!asOwner && !asCoordinator) continue;
        items.push({
          ...firedView(doc._id, fired, escalations.get(fired.id)),
          county: doc.lead.county,
          enterpriseName: doc.lead.enterpriseName,
          as: asOwner ? 'owner' : 'coordinator',
        });
      }
    }
    items.sort((a, b) => (b.firedAt ?? '').localeCompare(a.firedAt ?? '') || a.id.localeCompare(b.id));
    const start = (query.page - 1) * query.pageSize;
    return {
      items: items.slice(start, start + query.pageSize),
      total: items.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
