import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from './client';
import { showFieldErrors } from './forms';

/** One line for a toast: what went wrong, in the user's language where the status says it all. */
export function describeError(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return (error as Error)?.message ?? String(error);
  const seconds = error.retryAfterSeconds ?? 5;
  switch (error.status) {
    case 0:
      return t('errors.network');
    case 403:
      return t('errors.forbidden', { message: error.message });
    case 404:
      return t('errors.notFound');
    case 429:
      return t('errors.rateLimited', { seconds });
    case 503:
      return t('errors.unavailable', { seconds });
    default: {
      // A business refusal in the user's language, with the API's own words as the detail.
      const key = `errors.codes.${error.code}`;
      return i18nHas(t, key)
        ? t('errors.withDetail', { summary: t(key), detail: error.message })
        : error.message;
    }
  }
}

const i18nHas = (t: TFunction, key: string): boolean => t(key, { defaultValue: '' }) !== '';

interface Options<T, V> extends Omit<UseMutationOptions<T, unknown, V>, 'mutationFn' | 'onError'> {
  /** The form whose fields show the API's field errors. */
  form?: FormInstance;
  /** Query groups to refetch after success (besides what the realtime events refresh). */
  invalidates?: string[];
  /** Handles an error first; return true when handled (a stale version, say). */
  onError?: (error: unknown, variables: V) => boolean | void;
  /** The success toast, if any. */
  success?: string;
}

/**
 * A mutation that reports like the rest of the console: field errors at the form's fields, a
 * toast for the rest (the API's message, or the state of 403/404/429/503), queries refreshed.
 */
export function useApiMutation<T, V = void>(
  mutationFn: (variables: V) => Promise<T>,
  options: Options<T, V> = {},
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { form, invalidates, onError, success, onSuccess, ...rest } = options;
  return useMutation<T, unknown, V>({
    ...rest,
    mutationFn,
    onSuccess: async (data, variables, ...more) => {
      if (success) void message.success(success);
      await Promise.all(
        (invalidates ?? []).map((group) => queryClient.invalidateQueries({ queryKey: [group] })),
      );
      await onSuccess?.(data, variables, ...more);
    },
    onError: (error, variables) => {
      if (onError?.(error, variables)) return;
      if (form && isApiError(error) && error.fields.length > 0) {
        const unmatched = showFieldErrors(form, error) ?? [];
        void message.error(
          unmatched.length ? `${t('errors.validation')}：${unmatched.join('；')}` : t('errors.validation'),
        );
        return;
      }
      void message.error(describeError(t, error));
    },
  });
}
