import { App, Tag } from 'antd';
import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { NominationStatus, PostingStatus } from '@qingshui/contracts';
import { isApiError } from '../../../api/client';
import { formatDateTime } from '../../../i18n/format';
import { useEvents } from '../../../realtime/RealtimeProvider';

const POSTING_COLORS: Record<PostingStatus, string> = {
  draft: 'default',
  open: 'processing',
  filled: 'gold',
  'in-progress': 'green',
  completed: 'purple',
  cancelled: 'red',
};
export function PostingStatusTag({ status }: { status: PostingStatus }) {
  const { t } = useTranslation('exchange-postings');
  return <Tag color={POSTING_COLORS[status]}>{t(`status.${status}`)}</Tag>;
}

const NOMINATION_COLORS: Record<NominationStatus, string> = {
  nominated: 'default',
  released: 'blue',
  accepted: 'cyan',
  agreed: 'gold',
  confirmed: 'green',
  refused: 'red',
  withdrawn: 'default',
};
export function NominationStatusTag({ status }: { status: NominationStatus }) {
  const { t } = useTranslation('exchange-postings');
  return (
    <Tag color={NOMINATION_COLORS[status]} data-testid={`nomination-status-${status}`}>
      {t(`nomination.status.${status}`)}
    </Tag>
  );
}

/** Every exchange event refetches the exchange queries on screen from REST (so nothing shows more than REST). */
export function useExchangeLive(): void {
  const queryClient = useQueryClient();
  useEvents(['exchange.'], () => {
    void queryClient.invalidateQueries({ queryKey: ['exchange'] });
  });
}

/**
 * A 409 STALE_VERSION of an exchange record names who saved the newer version and when (in its
 * fields): says so, and offers to reload and reapply the change. True when handled.
 */
export function useStaleWithWho() {
  const { t } = useTranslation('exchange-postings');
  const { modal } = App.useApp();
  return useCallback(
    (error: unknown, reapply: () => Promise<void> | void): boolean => {
      if (!isApiError(error) || error.code !== 'STALE_VERSION') return false;
      const field = (name: string) => error.fields.find((f) => f.field === name)?.message;
      const who = field('updatedBy');
      const at = field('updatedAt');
      modal.confirm({
        title: t('stale.title'),
        content: who && at ? t('stale.who', { who, at: formatDateTime(at) }) : t('stale.plain'),
        okText: t('stale.reapply'),
        cancelText: t('stale.discard'),
        onOk: reapply,
      });
      return true;
    },
    [modal, t],
  );
}
