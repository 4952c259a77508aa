import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  FairView,
  RegistrationStatus,
  RegistrationView,
  TicketKind,
  TicketTypesView,
} from '@qingshui/contracts';
import { api, isApiError } from '../../../api/client';

// What the registrations pages share: the reads (query keys start with 'fairs', so every fairs.*
// event refetches them), and the status and kind as tags.

const STATUS_COLOURS: Record<RegistrationStatus, string> = {
  pending: 'default',
  'awaiting-approval': 'gold',
  confirmed: 'green',
  waiting: 'blue',
  offered: 'purple',
  cancelled: 'default',
  rejected: 'red',
  declined: 'default',
  expired: 'default',
  failed: 'red',
};

export function RegistrationStatusTag({ status }: { status: RegistrationStatus }) {
  const { t } = useTranslation('fairs-registrations');
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="registration-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: TicketKind }) {
  const { t } = useTranslation('fairs-registrations');
  return (
    <Tag color={kind === 'trade' ? 'geekblue' : kind === 'press' ? 'magenta' : 'cyan'}>
      {t(`kind.${kind}`)}
    </Tag>
  );
}

/**
 * The fair: the same query (and cached shape, with its ETag) as the fair's page and the other
 * fairs pages share under ['fairs', id]; this one reads the fair alone.
 */
export const useFair = (fairId: string) =>
  useQuery({
    queryKey: ['fairs', fairId],
    queryFn: ({ signal }) => api.getVersioned<FairView>(`/fairs/${fairId}`, signal),
    select: (answer) => answer.data,
  });

export const useTicketTypes = (fairId: string) =>
  useQuery({
    queryKey: ['fairs', fairId, 'ticket-types'],
    queryFn: ({ signal }) => api.getVersioned<TicketTypesView>(`/fairs/${fairId}/ticket-types`, signal),
  });

/**
 * A ticket type's name by its id (the door, the wall), from the same query as the ticket types
 * (kept in memory, so a door gone offline still names them); the id while unknown.
 */
export function useTicketTypeName(fairId: string, enabled = true): (typeId: string) => string {
  const types = useQuery({
    queryKey: ['fairs', fairId, 'ticket-types'],
    queryFn: ({ signal }) => api.getVersioned<TicketTypesView>(`/fairs/${fairId}/ticket-types`, signal),
    enabled: enabled && Boolean(fairId),
  });
  return (typeId) => types.data?.data.types.find((type) => type.id === typeId)?.name ?? typeId;
}

/** My registration at a fair, or null when I have none. */
export const useMyRegistration = (fairId: string) =>
  useQuery({
    queryKey: ['fairs', fairId, 'registrations', 'me'],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<RegistrationView>(`/fairs/${fairId}/registrations/me`, undefined, signal);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });

export const isLive = (status: RegistrationStatus) =>
  ['awaiting-approval', 'confirmed', 'waiting', 'offered'].includes(status);

/** The statuses a list filters on (the contracts' list, less the moment of writing). */
export const LISTED_STATUSES = [
  'awaiting-approval',
  'confirmed',
  'waiting',
  'offered',
  'cancelled',
  'rejected',
  'declined',
  'expired',
  'failed',
] as const satisfies readonly RegistrationStatus[];
