import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  event,
  type Principal,
  type Revocations,
  type TicketList,
  type TicketView,
} from '@qingshui/contracts';
import { eventEntry, type CommandContext } from '@qingshui/messaging';
import { FAIR_MODEL, type FairDocument } from '../fairs/fair.schema';
import { canManageFair, canReadFair } from '../fairs/fair.rules';
import { InjectRelay, type OutboxKick } from '../registrations/relay';
import {
  LEDGER_MODEL,
  REGISTRATION_MODEL,
  USER_REGISTRATIONS_MODEL,
  type LedgerDocument,
  type RegistrationDocument,
  type UserRegistrationsDocument,
} from '../registrations/registration.schema';
import { FairKeys } from './fair-keys';
import { TICKET_MODEL, type TicketDocument } from './ticket.schema';
import { REVOCATION_MODEL, type RevocationDocument } from './revocation.schema';
import { holderOf, ticketsFor, ticketView, tokenPayloadOf } from './ticket.decide';
import { signTicketToken } from './ticket-token';

const DUPLICATE_KEY = 11000;
const NO_OUTBOX = { outbox: 0, outboxPending: 0 } as const;
type Acting = Pick<CommandContext, 'principal' | 'correlationId'>;

/**
 * Tickets: issued for a confirmed registration (one per place, ids from the registration, so a
 * retry issues nothing twice), revoked when it ends, re-signed when what a token says changes.
 * The revocation list is written before the ticket, so a crash between leaves a door refusing a
 * ticket rather than admitting one.
 */
@Injectable()
export class TicketsService {
  readonly tickets: Collection<TicketDocument>;
  private readonly revocations: Collection<RevocationDocument>;
  private readonly fairs: Collection<FairDocument>;
  private readonly ledgers: Collection<LedgerDocument>;
  private readonly regs: Collection<RegistrationDocument>;
  private readonly users: Collection<UserRegistrationsDocument>;

  constructor(
    @InjectModel(TICKET_MODEL) tickets: Model<TicketDocument>,
    @InjectModel(REVOCATION_MODEL) revocations: Model<RevocationDocument>,
    @InjectModel(FAIR_MODEL) fairs: Model<FairDocument>,
    @InjectModel(LEDGER_MODEL) ledgers: Model<LedgerDocument>,
    @InjectModel(REGISTRATION_MODEL) regs: Model<RegistrationDocument>,
    @InjectModel(USER_REGISTRATIONS_MODEL) users: Model<UserRegistrationsDocument>,
    private readonly keys: FairKeys,
    @InjectRelay() private readonly relay: OutboxKick,
  ) {
    this.tickets = tickets.collection as unknown as Collection<TicketDocument>;
    this.revocations = revocations.collection as unknown as Collection<RevocationDocument>;
    this.fairs = fairs.collection as unknown as Collection<FairDocument>;
    this.ledgers = ledgers.collection as unknown as Collection<LedgerDocument>;
    this.regs = regs.collection as unknown as Collection<RegistrationDocument>;
    this.users = users.collection as unknown as Collection<UserRegistrationsDocument>;
  }

  /** Writes the registration's tickets; those already there stay as they are. */
  async issue(reg: RegistrationDocument, now = new Date()): Promise<void> {
    if (reg.ticketIds.length === 0) return;
    const docs = ticketsFor(reg, reg.ticketIds, now).map((t) => ({ ...t, outbox: [], outboxPending: false }));
    try {
      await this.tickets.insertMany(docs as never, { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
      const allDuplicates = writeErrors
        ? writeErrors.every((e) => e.code === DUPLICATE_KEY)
        : (error as { code?: number }).code === DUPLICATE_KEY;
      if (!allDuplicates) throw error;
    }
  }

  /** The next sequence number of a fair's revocation list (the list is made on first use). */
  private async nextSeq(fairId: string, set: Partial<RevocationDocument> = {}): Promise<number> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const doc = await this.revocations.findOneAndUpdate(
        { _id: fairId },
        { $inc: { seq: 1 }, $set: { updatedAt: new Date(), ...set } },
        { returnDocument: 'after' },
      );
      if (doc) return doc.seq;
      try {
        await this.revocations.insertOne({
          _id: fairId,
          seq: 1,
          fairCancelled: false,
          entries: {},
          updatedAt: new Date(),
          outbox: [],
          outboxPending: false,
          ...set,
        });
        return 1;
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
    }
    throw new AppError(409, 'CONFLICT', 'The revocation list is busy; try again');
  }

  /** Every ticket of the registration revoked (the list first, then each ticket with its event). */
  async revoke(
    reg: Pick<RegistrationDocument, 'fairId' | 'ticketIds'>,
    reason: string,
    organiserOrgId: string,
    acting: Acting,
  ): Promise<void> {
    if (reg.ticketIds.length === 0) return;
    const now = new Date();
    const found = await Promise.all(
      reg.ticketIds.map((id) => this.tickets.findOne({ _id: id }, { projection: NO_OUTBOX })),
    );
    const valid = found.filter((t): t is TicketDocument => !!t && t.status === 'valid');
    if (valid.length === 0) return;
    const seq = await this.nextSeq(reg.fairId);
    // The list's entries and their events in one write of the fair's list: the tickets' own
    // collection carries no outbox, so the relay never polls a collection of a fair's every ticket.
    const entries = valid.map((ticket) =>
      eventEntry(
        event('fairs.ticket.revoked.v1', {
          ticket: this.eventTicket({ ...ticket, status: 'revoked', revokedReason: reason }),
          organiserOrgId,
        }),
        {
          key: ticket._id,
          actor: acting.principal.userId,
          correlationId: acting.correlationId,
          occurredAt: now,
        },
      ),
    );
    await this.revocations.updateOne({ _id: reg.fairId }, {
      $set: {
        ...Object.fromEntries(
          valid.map((t) => [`entries.${t._id}`, { version: t.version, revoked: true, at: now, seq }]),
        ),
        outboxPending: true,
      },
      $push: { outbox: { $each: entries } },
    } as never);
    this.relay.kick({ collection: this.revocations.collectionName, id: reg.fairId });
    for (const ticket of valid)
      await this.tickets.updateOne({ _id: ticket._id, status: 'valid' }, {
        $set: { status: 'revoked', revokedReason: reason, revokedAt: now, updatedAt: now },
      } as never);
  }

  /**
   * New holders' names on a registration's tickets: each changed ticket's version goes up (its old
   * token is refused from then on) and it is told as re-issued.
   */
  async reissue(reg: RegistrationDocument, organiserOrgId: string, acting: Acting): Promise<number> {
    const now = new Date();
    const found = await Promise.all(
      reg.ticketIds.map((id) => this.tickets.findOne({ _id: id }, { projection: NO_OUTBOX })),
    );
    const changed = found
      .map((t, place) => ({ t, holder: holderOf(reg, place) }))
      .filter(
        (c): c is { t: TicketDocument; holder: TicketDocument['holder'] } =>
          !!c.t && c.t.status === 'valid' && JSON.stringify(c.t.holder) !== JSON.stringify(c.holder),
      );
    if (changed.length === 0) return 0;
    const seq = await this.nextSeq(reg.fairId);
    const entries = changed.map(({ t, holder }) =>
      eventEntry(
        event('fairs.ticket.reissued.v1', {
          ticket: this.eventTicket({ ...t, holder, version: t.version + 1 }),
          organiserOrgId,
        }),
        { key: t._id, actor: acting.principal.userId, correlationId: acting.correlationId, occurredAt: now },
      ),
    );
    await this.revocations.updateOne({ _id: reg.fairId }, {
      $set: {
        ...Object.fromEntries(
          changed.map(({ t }) => [
            `entries.${t._id}`,
            { version: t.version + 1, revoked: false, at: now, seq },
          ]),
        ),
        outboxPending: true,
      },
      $push: { outbox: { $each: entries } },
    } as never);
    this.relay.kick({ collection: this.revocations.collectionName, id: reg.fairId });
    for (const { t, holder } of changed)
      await this.tickets.updateOne({ _id: t._id, version: t.version, status: 'valid' }, {
        $set: { holder, version: t.version + 1, updatedAt: now },
      } as never);
    return changed.length;
  }

  /** The whole fair is off: every ticket of it is refused from now on (then each is revoked). */
  async markFairCancelled(fairId: string): Promise<void> {
    await this.nextSeq(fairId, { fairCancelled: true });
  }

  private eventTicket(t: TicketDocument) {
    return {
      id: t._id,
      fairId: t.fairId,
      registrationId: t.registrationId,
      typeId: t.typeId,
      days: t.days,
      holder: t.holder,
      status: t.status,
      version: t.version,
      ...(t.revokedReason ? { revokedReason: t.revokedReason } : {}),
    };
  }

  private async fairOf(fairId: string): Promise<FairDocument | null> {
    return (await this.fairs.findOne({ _id: fairId }, { projection: NO_OUTBOX })) as FairDocument | null;
  }

  private async render(ticket: TicketDocument, fair: FairDocument): Promise<TicketView> {
    const [ledger, reg] = await Promise.all([
      this.ledgers.findOne({ _id: ticket.fairId }, { projection: { types: 1 } }),
      this.regs.findOne({ _id: ticket.registrationId }, { projection: { windowId: 1 } }),
    ]);
    const type = ledger?.types.find((t) => t.id === ticket.typeId);
    let token: string | undefined;
    if (ticket.status === 'valid') {
      const key = await this.keys.keyOf(ticket.fairId);
      token = signTicketToken(tokenPayloadOf(ticket, key.kid), key.privateKeyPem);
    }
    return ticketView(ticket, fair, type, reg?.windowId, token);
  }

  /** One ticket: its holder and the organiser's staff read it (anyone else: it does not exist). */
  async get(id: string, principal: Principal): Promise<TicketView> {
    const ticket = (await this.tickets.findOne(
      { _id: id },
      { projection: NO_OUTBOX },
    )) as TicketDocument | null;
    const fair = ticket ? await this.fairOf(ticket.fairId) : null;
    if (!ticket || !fair || (ticket.holder.userId !== principal.userId && !canManageFair(principal, fair)))
      throw AppError.notFound(`No ticket ${id}`);
    return this.render(ticket, fair);
  }

  /** My tickets, by `_id` only: my fairs, my registration at each, its tickets. */
  async mine(principal: Principal, fairId?: string): Promise<TicketList> {
    const user = await this.users.findOne({ _id: principal.userId });
    const fairIds = Object.keys(user?.fairs ?? {}).filter((id) => !fairId || id === fairId);
    const items: TicketView[] = [];
    for (const id of fairIds) {
      const [reg, fair] = await Promise.all([
        this.regs.findOne({ _id: `${id}:${principal.userId}` }, { projection: NO_OUTBOX }),
        this.fairOf(id),
      ]);
      if (!reg || !fair) continue;
      const tickets = await Promise.all(
        reg.ticketIds.map((t) => this.tickets.findOne({ _id: t }, { projection: NO_OUTBOX })),
      );
      for (const t of tickets) if (t) items.push(await this.render(t as TicketDocument, fair));
    }
    return { items };
  }

  async publicKey(fairId: string, principal: Principal) {
    const fair = await this.fairOf(fairId);
    if (!fair || !canReadFair(principal, fair)) throw AppError.notFound(`No fair with id ${fairId}`);
    return this.keys.publicKeyOf(fairId);
  }

  async revocationList(fairId: string, since: number, principal: Principal): Promise<Revocations> {
    const fair = await this.fairOf(fairId);
    if (!fair || !canReadFair(principal, fair)) throw AppError.notFound(`No fair with id ${fairId}`);
    if (!canManageFair(principal, fair))
      throw AppError.forbidden('The revocation list is for the organiser’s staff and door devices');
    return this.revocationsOf(fairId, since);
  }

  /** The list itself, for door devices too (check-in reads it by `_id`). */
  async revocationsOf(fairId: string, since = 0): Promise<Revocations> {
    const doc = await this.revocations.findOne({ _id: fairId });
    return {
      fairId,
      seq: doc?.seq ?? 0,
      fairCancelled: doc?.fairCancelled ?? false,
      entries: Object.entries(doc?.entries ?? {})
        .filter(([, e]) => e.seq > since)
        .sort((a, b) => a[1].seq - b[1].seq)
        .map(([ticketId, e]) => ({
          ticketId,
          version: e.version,
          revoked: e.revoked,
          at: new Date(e.at).toISOString(),
          seq: e.seq,
        })),
    };
  }
}
