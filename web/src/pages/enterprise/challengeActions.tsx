import type { QueryObserverResult } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, type FormInstance } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiResponse } from '../../api/client';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import type { ChallengeView } from '@qingshui/contracts';
import { useStaleVersionHandler } from '../../components/StaleVersion';

export type StepName = 'publish' | 'close' | 'award' | 'deliver' | 'complete' | 'cancel';

/** The steps each status allows (the service's CHALLENGE_TRANSITIONS). */
export const STEPS_FROM: Record<ChallengeView['status'], StepName[]> = {
  draft: ['publish', 'cancel'],
  published: ['close', 'cancel'],
  closed: ['award', 'cancel'],
  awarded: ['deliver'],
  delivered: ['complete'],
  completed: [],
  cancelled: [],
};

export interface StepVars {
  step: StepName;
  body?: { reason: string } | { applicationId: string };
  /** The version to base the step on; the one on screen when left out. */
  etag?: string;
}

/**
 * A lifecycle step of the challenge (POST /challenges/:id/<step> with If-Match): on a stale
 * version, reloads the challenge and offers to take the step again on the new version.
 */
export function useChallengeStep(
  id: string,
  query: {
    data?: ApiResponse<ChallengeView> | undefined;
    refetch: () => Promise<QueryObserverResult<ApiResponse<ChallengeView>>>;
  },
  options: { onDone?: (step: StepName) => void; form?: FormInstance } = {},
) {
  const { t } = useTranslation('enterprise');
  const stale = useStaleVersionHandler();
  const { message } = App.useApp();
  const etag = useRef<string | undefined>(undefined);
  useEffect(() => {
    etag.current = query.data?.etag;
  }, [query.data]);
  const mutation = useApiMutation(
    ({ step, body, etag: based }: StepVars) => {
      const ifMatch = based ?? etag.current;
      return api.post<ChallengeView>(`/challenges/${id}/${step}`, body ?? {}, ifMatch ? { ifMatch } : {});
    },
    {
      invalidates: ['challenges', 'applications', 'matches'],
      ...(options.form ? { form: options.form } : {}),
      onSuccess: (_data, vars) => {
        void message.success(t(`manage.done.${vars.step}`));
        options.onDone?.(vars.step);
      },
      onError: (error, vars) =>
        stale(error, async () => {
          const fresh = await query.refetch();
          mutation.mutate({ ...vars, ...(fresh.data?.etag ? { etag: fresh.data.etag } : {}) });
        }),
    },
  );
  return mutation;
}

/** A modal that asks for a reason (cancel a challenge, reject an application). */
export function ReasonModal({
  open,
  formName,
  title,
  intro,
  okText,
  pending,
  onSubmit,
  onClose,
  form,
}: {
  open: boolean;
  formName: string;
  title: string;
  intro?: string;
  okText: string;
  pending: boolean;
  onSubmit: (reason: string) => void;
  onClose: () => void;
  form: ReturnType<typeof Form.useForm<{ reason: string }>>[0];
}) {
  const { t } = useTranslation('enterprise');
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger: true, loading: pending, 'data-testid': `${formName}-ok` }}
      cancelText={t('common:actions.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {intro && <p>{intro}</p>}
      <Form form={form} name={formName} layout="vertical" onFinish={({ reason }) => onSubmit(reason ?? '')}>
        <Form.Item
          name="reason"
          label={t('manage.reason')}
          rules={[{ required: true, message: t('manage.reasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t('manage.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Picks the application to award. */
export function AwardModal({
  open,
  options,
  initial,
  pending,
  onSubmit,
  onClose,
  form,
}: {
  open: boolean;
  options: { value: string; label: string }[];
  initial?: string | undefined;
  pending: boolean;
  onSubmit: (applicationId: string) => void;
  onClose: () => void;
  form: ReturnType<typeof Form.useForm<{ applicationId: string }>>[0];
}) {
  const { t } = useTranslation('enterprise');
  useEffect(() => {
    if (open) form.setFieldsValue({ applicationId: initial as string });
  }, [open, initial, form]);
  return (
    <Modal
      open={open}
      title={t('manage.awardTitle')}
      okText={t('manage.actions.award')}
      okButtonProps={{ loading: pending, 'data-testid': 'award-ok' }}
      cancelText={t('common:actions.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <p>{t('manage.awardIntro')}</p>
      <Form
        form={form}
        name="award"
        layout="vertical"
        onFinish={({ applicationId }) => onSubmit(applicationId)}
      >
        <Form.Item
          name="applicationId"
          label={t('manage.awardApplication')}
          rules={[{ required: true, message: t('manage.awardRequired') }]}
        >
          <Select options={options} placeholder={t('manage.awardPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
