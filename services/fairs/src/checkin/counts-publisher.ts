import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, type PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Producer } from 'kafkajs';
import { event, type CheckinCounts } from '@qingshui/contracts';
import { createKafka, eventEntry, scoped, toKafkaMessage } from '@qingshui/messaging';
import type { FairsConfig } from '../config';
import { FAIRS_CONFIG } from '../tokens';
import { CHECKIN_COUNTS_MODEL, type CheckinCountsDocument } from './checkin.schema';

/** At most one counts event per list and instance in this many milliseconds. */
export const COUNTS_EVENT_INTERVAL_MS = 500;

export interface CountsAudience {
  organiserOrgId: string;
  regions: readonly string[];
}

export function countsView(fairId: string, listId: string, doc: CheckinCountsDocument | null): CheckinCounts {
  return {
    fairId,
    listId,
    checkedIn: doc?.checkedIn ?? 0,
    inside: doc?.inside ?? 0,
    entries: doc?.entries ?? 0,
    exits: doc?.exits ?? 0,
    byType: { ...doc?.byType },
    byDay: { ...doc?.byDay },
    byHour: { ...doc?.byHour },
    by10Minutes: { ...doc?.by10Minutes },
    version: doc?.version ?? 0,
    ...(doc?.updatedAt ? { updatedAt: new Date(doc.updatedAt).toISOString() } : {}),
  };
}

/**
 * Tells the organiser's staff and the cadres of the fair's regions a list's counts, coalesced:
 * a scan marks its list dirty, and every ~500 ms one `fairs.checkin.counts-changed.v1` per dirty
 * list carries the totals read then, so a burst of 500 scans a second is two events a second.
 *
 * This event skips the outbox on purpose. It reports no change of its own: it is a snapshot of
 * the counts document, which the next snapshot supersedes, so one lost in a crash costs nothing
 * (the next scan, or any reader's GET /counts, has the truth). Putting it through the outbox
 * would add a write to the hottest document per snapshot and make the relay (which reads every
 * outbox collection, the 50,000 tickets among them, on each kick) run twice a second per fair.
 */
@Injectable()
export class CountsPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly dirty = new Map<string, CountsAudience & { fairId: string; listId: string }>();
  private producer: Producer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    @Inject(FAIRS_CONFIG) private readonly config: FairsConfig,
    @InjectModel(CHECKIN_COUNTS_MODEL) private readonly counts: Model<CheckinCountsDocument>,
    @InjectPinoLogger('counts') private readonly logger: PinoLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const kafka = this.config.kafka;
    this.producer = createKafka(
      { ...kafka, clientId: `${kafka.clientId}-counts` },
      this.logger.logger,
    ).producer({
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    this.timer = setInterval(() => {
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    }, COUNTS_EVENT_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
    await this.flush();
    await this.producer?.disconnect();
  }

  /** A list's counts changed (after their `$inc` was written). */
  changed(fairId: string, listId: string, audience: CountsAudience): void {
    this.dirty.set(`${fairId}:${listId}`, { fairId, listId, ...audience });
  }

  private async flush(): Promise<void> {
    if (this.dirty.size === 0 || !this.producer) return;
    const due = [...this.dirty.entries()];
    // Cleared before reading: a change written after the read marks its list again.
    this.dirty.clear();
    try {
      const messages = await Promise.all(
        due.map(async ([id, { fairId, listId, organiserOrgId, regions }]) => {
          const doc = (await this.counts.collection.findOne({
            _id: id,
          } as never)) as CheckinCountsDocument | null;
          const entry = eventEntry(
            event('fairs.checkin.counts-changed.v1', {
              counts: countsView(fairId, listId, doc),
              organiserOrgId,
              regions: [...regions],
            }),
            {
              key: id,
              actor: 'system:checkin',
              correlationId: `counts:${id}:${doc?.version ?? 0}`,
              occurredAt: new Date(),
            },
          );
          return toKafkaMessage(entry);
        }),
      );
      await this.producer.send({
        topic: scoped(this.config.kafka.environment, 'fairs.checkin.counts-changed.v1'),
        messages,
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'counts event not sent; the next change sends the totals again');
      for (const [id, value] of due) if (!this.dirty.has(id)) this.dirty.set(id, value);
    }
  }
}
