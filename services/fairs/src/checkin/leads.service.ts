import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { AppError, hasRole, type LeadPage, type Principal } from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { absent, VersionedStore } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { TICKET_MODEL, type TicketDocument } from '../tickets/ticket.schema';
import { FairKeys } from '../tickets/fair-keys';
import { verifyTicketToken } from '../tickets/ticket-token';
import type { ExhibitorDocument } from '../exhibitors/exhibitor.schema';
import { LEAD_BOOK_MODEL, LEAD_MODEL, type LeadBookDocument, type LeadDocument } from './checkin.schema';
import { decideLead, leadRefusal, leadView, refusal, type LeadReply } from './lead.decide';
import { acceptedExhibitor, DevicesService } from './devices.service';

const DUPLICATE_KEY = 11000;

interface Exhibitor {
  application: ExhibitorDocument;
  scannedBy: { id: string; label?: string };
}

/**
 * Booth lead scans. An accepted exhibitor's staff, or a scan-only device of that exhibitor, scan
 * a consenting visitor's ticket: one lead per visitor and exhibitor (`_id` from both; a rescan
 * updates it), its event in its own outbox. The exhibitor's book counts each visitor once (a
 * guarded `$push`, exact under any concurrency) and lists its leads by `_id`.
 */
@Injectable()
export class LeadsService {
  private readonly store: VersionedStore<LeadDocument>;
  private readonly leads: Collection<LeadDocument>;
  private readonly books: Collection<LeadBookDocument>;
  private readonly tickets: Collection<TicketDocument>;

  constructor(
    @InjectModel(LEAD_MODEL) leads: Model<LeadDocument>,
    @InjectModel(LEAD_BOOK_MODEL) books: Model<LeadBookDocument>,
    @InjectModel(TICKET_MODEL) tickets: Model<TicketDocument>,
    private readonly keys: FairKeys,
    private readonly devices: DevicesService,
    // The relay's module imports this part (for its outbox models): a forward reference.
    @Inject(forwardRef(() => OutboxRelayService)) relay: Pick<OutboxRelayService, 'kick'>,
  ) {
    this.leads = leads.collection as unknown as Collection<LeadDocument>;
    this.books = books.collection as unknown as Collection<LeadBookDocument>;
    this.tickets = tickets.collection as unknown as Collection<TicketDocument>;
    this.store = new VersionedStore(this.leads, { noun: 'lead', publish: (hint) => relay.kick(hint) });
  }

  /** Whose booth scans: the signed-in exhibitor's staff, or a lead device by its code. */
  private async exhibitor(
    fairId: string,
    principal: Principal,
    deviceCode: string | undefined,
  ): Promise<Exhibitor> {
    const fair = await this.devices.fairs.findOne({ _id: fairId }, { projection: { outbox: 0 } });
    if (!fair) throw AppError.notFound(`No fair with id ${fairId}`);
    if (deviceCode !== undefined || principal.roles.length === 0) {
      const device = await this.devices.resolve(fairId, deviceCode, 'lead');
      const application = await acceptedExhibitor(this.devices.exhibitors, fairId, device.orgId);
      if (!application)
        throw refusal(
          403,
          'NOT_ELIGIBLE',
          'not_exhibitor',
          'This device’s organisation is no longer an exhibitor here',
        );
      return { application, scannedBy: { id: `device:${device.id}`, label: device.label } };
    }
    if (!hasRole(principal, 'enterprise')) throw AppError.forbidden('Only an exhibitor’s staff scan leads');
    const application = await acceptedExhibitor(this.devices.exhibitors, fairId, principal.orgId);
    if (!application)
      throw refusal(
        403,
        'NOT_ELIGIBLE',
        'not_exhibitor',
        'Your organisation is not an accepted exhibitor of this fair',
      );
    return {
      application,
      scannedBy: { id: principal.userId, ...(principal.name ? { label: principal.name } : {}) },
    };
  }

  async capture(
    input: {
      fairId: string;
      token: string;
      rating: number;
      notes: string;
      tags: string[];
      productsOfInterest: string[];
      deviceCode?: string | undefined;
    },
    ctx: CommandContext,
  ): Promise<LeadReply> {
    const { application, scannedBy } = await this.exhibitor(input.fairId, ctx.principal, input.deviceCode);
    const key = await this.keys.keyOf(input.fairId);
    const check = verifyTicketToken(input.token, key.publicKey);
    if (!check.ok || check.payload.fid !== input.fairId)
      throw new AppError(
        400,
        'VALIDATION_FAILED',
        'This code is not a ticket of this fair (invalid_signature)',
        [{ field: 'token', message: 'invalid_signature' }],
      );
    const ticket = await this.tickets.findOne({ _id: check.payload.tid }, { projection: { outbox: 0 } });
    const refused = leadRefusal(ticket as TicketDocument | null, input.fairId, check.payload.v);
    if (refused) throw refused;
    const visitor = ticket as TicketDocument;
    const orgId = application.enterprise.orgId;
    const bookId = `${input.fairId}:${orgId}`;
    const leadCount = await this.book(bookId, visitor._id);
    const id = `${bookId}:${visitor._id}`;
    return this.store.update(
      async () =>
        ((await this.leads.findOne(
          { _id: id },
          { projection: { outbox: 0, outboxPending: 0 } },
        )) as LeadDocument | null) ??
        absent<LeadDocument>({
          _id: id,
          fairId: input.fairId,
          enterprise: { orgId, name: application.enterprise.name },
          ticketId: visitor._id,
          visitor: { userId: visitor.holder.userId, name: visitor.holder.name },
          rating: 0,
          notes: '',
          tags: [],
          productsOfInterest: [],
          scannedBy,
          firstScannedAt: new Date(),
          lastScannedAt: new Date(),
          scans: 0,
          updatedAt: new Date(),
          outbox: [],
          outboxPending: false,
        }),
      (current, { now }) =>
        decideLead(
          current,
          {
            fairId: input.fairId,
            enterprise: { orgId, name: application.enterprise.name },
            ticket: visitor,
            scan: {
              rating: input.rating,
              notes: input.notes,
              tags: input.tags,
              productsOfInterest: input.productsOfInterest,
              scannedBy,
            },
            leadCount,
          },
          now,
        ),
      ctx,
    );
  }

  /**
   * Puts the visitor in the exhibitor's book once (the filter states "not there yet") and answers
   * the book's count. Written before the lead: a crash between leaves a counted visitor whose
   * lead the next scan writes, never a lead counted twice.
   */
  private async book(bookId: string, ticketId: string): Promise<number> {
    try {
      await this.books.updateOne(
        { _id: bookId, ticketIds: { $ne: ticketId } },
        { $inc: { count: 1 }, $push: { ticketIds: ticketId } },
        { upsert: true },
      );
    } catch (error) {
      // The book exists and holds the visitor: the upsert's insert collided with it.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    return (await this.books.findOne({ _id: bookId }, { projection: { count: 1 } }))?.count ?? 0;
  }

  /** One's organisation's leads at the fair, newest first, and nobody else's. */
  async mine(
    input: { fairId: string; page: number; pageSize: number },
    { principal }: Pick<CommandContext, 'principal'>,
  ): Promise<LeadPage> {
    if (!principal.orgId) throw AppError.forbidden('Leads belong to an exhibitor’s organisation');
    const fair = await this.devices.fairs.findOne({ _id: input.fairId }, { projection: { _id: 1 } });
    if (!fair) throw AppError.notFound(`No fair with id ${input.fairId}`);
    const bookId = `${input.fairId}:${principal.orgId}`;
    const book = await this.books.findOne({ _id: bookId });
    const ids = [...(book?.ticketIds ?? [])].reverse();
    const slice = ids.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
    const docs = await Promise.all(
      slice.map((ticketId) =>
        this.leads.findOne({ _id: `${bookId}:${ticketId}` }, { projection: { outbox: 0, outboxPending: 0 } }),
      ),
    );
    return {
      items: docs
        .filter((d): d is NonNullable<typeof d> => d !== null)
        .map((d) => leadView(d as LeadDocument)),
      total: ids.length,
      page: input.page,
      pageSize: input.pageSize,
    };
  }
}
