import type { TicketTokenPayload, TicketType, TicketView } from '@qingshui/contracts';
import type { FairDocument } from '../fairs/fair.schema';
import type { RegistrationDocument } from '../registrations/registration.schema';
import type { TicketDocument } from './ticket.schema';

// Pure decisions about tickets: one per place of a confirmed registration, who holds each, what
// its token says, and how a ticket reads.

export type NewTicket = Omit<TicketDocument, 'outbox' | 'outboxPending'>;

/** The holder of each place: the leader first, then the members as named (or numbered). */
export function holderOf(
  reg: Pick<RegistrationDocument, 'userId' | 'name' | 'members' | 'company'>,
  place: number,
): TicketDocument['holder'] {
  const member = place === 0 ? undefined : reg.members[place - 1];
  const name = place === 0 ? reg.name : (member?.name ?? `${reg.name} 同行 ${place}`);
  const organisation = member?.organisation ?? reg.company?.name;
  return { userId: reg.userId, name, ...(organisation ? { organisation } : {}) };
}

export function ticketsFor(reg: RegistrationDocument, ids: readonly string[], now: Date): NewTicket[] {
  return ids.map((id, place) => ({
    _id: id,
    fairId: reg.fairId,
    registrationId: reg._id,
    typeId: reg.typeId,
    days: reg.days,
    holder: holderOf(reg, place),
    leadConsent: reg.leadConsent,
    status: 'valid',
    version: 1,
    issuedAt: now,
    updatedAt: now,
  }));
}

export const tokenPayloadOf = (
  ticket: Pick<TicketDocument, '_id' | 'fairId' | 'typeId' | 'days' | 'version'>,
  kid: string,
): TicketTokenPayload => ({
  tid: ticket._id,
  fid: ticket.fairId,
  typ: ticket.typeId,
  days: ticket.days,
  v: ticket.version,
  kid,
});

export function ticketView(
  ticket: TicketDocument,
  fair: Pick<FairDocument, 'title' | 'venue'>,
  type: TicketType | undefined,
  windowId: string | undefined,
  token: string | undefined,
): TicketView {
  const window = windowId ? type?.windows.find((w) => w.id === windowId) : undefined;
  return {
    id: ticket._id,
    fairId: ticket.fairId,
    fairTitle: fair.title,
    venue: fair.venue,
    registrationId: ticket.registrationId,
    typeId: ticket.typeId,
    typeName: type?.name ?? ticket.typeId,
    kind: type?.kind ?? 'public',
    days: ticket.days,
    ...(window
      ? { window: { id: window.id, name: window.name, startsAt: window.startsAt, endsAt: window.endsAt } }
      : {}),
    holder: ticket.holder,
    leadConsent: ticket.leadConsent,
    status: ticket.status,
    version: ticket.version,
    ...(ticket.revokedReason ? { revokedReason: ticket.revokedReason } : {}),
    ...(ticket.revokedAt ? { revokedAt: new Date(ticket.revokedAt).toISOString() } : {}),
    issuedAt: new Date(ticket.issuedAt).toISOString(),
    ...(token && ticket.status === 'valid' ? { token } : {}),
  };
}
