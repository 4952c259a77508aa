import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

/**
 * A 409 STALE_VERSION answer to a change: asks whether to reload the record and apply the user's
 * change to the new version (the caller refetches and resubmits), or to drop the change.
 * Returns true when the error was a stale version (and is handled).
 */
export function useStaleVersionHandler() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return useCallback(
    (error: unknown, reapply: () => Promise<void> | void, discard?: () => void): boolean => {
      if (!isApiError(error) || error.code !== 'STALE_VERSION') return false;
      modal.confirm({
        title: t('errors.staleTitle'),
        content: t('errors.stale'),
        okText: t('errors.reloadAndReapply'),
        cancelText: t('errors.discard'),
        onOk: reapply,
        ...(discard ? { onCancel: discard } : {}),
      });
      return true;
    },
    [modal, t],
  );
}
