import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { InboxEntry, InboxPage, UnreadCount } from '@qingshui/contracts';
import { api, isApiError } from '../../../api/client';
import { useEvents } from '../../../realtime/RealtimeProvider';

/** The query group of the inbox: every inbox query's key starts with it. */
export const INBOX_GROUP = 'exchange-inbox';

/** Where an item leads: the tenure page, or the posting page (nominations and approvals). */
export function linkOf(item: Pick<InboxEntry, 'link'>): string {
  return item.link.kind === 'posting'
    ? `/exchange/postings/${item.link.id}`
    : `/exchange/tenures/${item.link.id}`;
}

/**
 * Keeps the inbox queries current: a delivery to this user's rooms or a read on another of their
 * tabs makes them stale, and they are read again from REST (the socket carries no count).
 */
export function useInboxEvents(): void {
  const client = useQueryClient();
  useEvents(['exchange.inbox.'], () => void client.invalidateQueries({ queryKey: [INBOX_GROUP] }));
}

/** An exchange service that is down (503) is not asked again until an event or a reload says otherwise. */
const retryUnlessUnavailable = (count: number, error: unknown) =>
  !(isApiError(error) && error.status === 503) && count < 2;

export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: [INBOX_GROUP, 'count'],
    enabled,
    retry: retryUnlessUnavailable,
    queryFn: ({ signal }) => api.get<UnreadCount>('/exchange/inbox/unread-count', undefined, signal),
  });
}

export function useInboxPage(
  query: { page: number; pageSize: number; order: 'unread' | 'newest' },
  enabled = true,
) {
  return useQuery({
    queryKey: [INBOX_GROUP, 'page', query],
    enabled,
    retry: retryUnlessUnavailable,
    queryFn: ({ signal }) => api.get<InboxPage>('/exchange/inbox', query, signal),
  });
}

export const markRead = (id: string) => api.post<UnreadCount>(`/exchange/inbox/${id}/read`);
export const markAllRead = () => api.post<UnreadCount>('/exchange/inbox/read-all');
