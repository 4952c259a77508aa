import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { LeadSnapshot, LeadSnapshotReader } from '../lead-snapshot';
import { snapshotOf } from './lead.decide';
import { LEAD_MODEL, type LeadDocument } from './lead.schema';

/** A lead's current snapshot, by `_id` (see LeadSnapshotReader). */
@Injectable()
export class MongoLeadSnapshotReader implements LeadSnapshotReader {
  constructor(@InjectModel(LEAD_MODEL) private readonly leads: Model<LeadDocument>) {}

  async current(leadId: string): Promise<LeadSnapshot | undefined> {
    const doc = await this.leads
      .findById(leadId, { outbox: 0, outboxPending: 0 })
      .lean<LeadDocument>()
      .exec();
    return doc ? snapshotOf(doc) : undefined;
  }
}
