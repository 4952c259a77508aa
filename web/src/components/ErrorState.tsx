import { Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

/**
 * A failed read as a person understands it: its own state for 403, 404, 429 and 503 (with the
 * wait the server asked for), the offline case, and otherwise the API's message.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const apiError = isApiError(error) ? error : undefined;
  const seconds = apiError?.retryAfterSeconds ?? 5;
  const retry = onRetry ? (
    <Button type="primary" onClick={onRetry} key="retry">
      {t('errors.retry')}
    </Button>
  ) : null;
  const reference = apiError?.correlationId ? (
    <Typography.Text type="secondary" copyable key="reference">
      {t('errors.reference', { id: apiError.correlationId })}
    </Typography.Text>
  ) : null;
  const state = (() => {
    switch (apiError?.status) {
      case 403:
        return {
          status: '403' as const,
          title: t('errors.forbiddenTitle'),
          sub: t('errors.forbidden', { message: apiError.message }),
        };
      case 404:
        return { status: '404' as const, title: t('errors.notFoundTitle'), sub: t('errors.notFound') };
      case 429:
        return {
          status: 'warning' as const,
          title: t('errors.rateLimitedTitle'),
          sub: t('errors.rateLimited', { seconds }),
        };
      case 503:
        return {
          status: 'warning' as const,
          title: t('errors.unavailableTitle'),
          sub: t('errors.unavailable', { seconds }),
        };
      case 401:
        return {
          status: 'warning' as const,
          title: t('errors.unauthenticatedTitle'),
          sub: t('errors.unauthenticated'),
        };
      case 0:
        return { status: 'warning' as const, title: t('errors.networkTitle'), sub: t('errors.network') };
      default:
        return {
          status: 'error' as const,
          title: t('errors.genericTitle'),
          sub: t('errors.generic', { message: apiError?.message ?? (error as Error)?.message ?? '' }),
        };
    }
  })();
  return (
    <Result
      status={state.status}
      title={state.title}
      subTitle={state.sub}
      extra={[retry, reference].filter(Boolean)}
      role="alert"
    />
  );
}
