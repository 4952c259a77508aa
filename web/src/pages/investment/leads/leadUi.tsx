import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, InputNumber, Modal, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InvestmentLeadView, LeadCard, LeadStage, LeadStatus, LeadValues } from '@qingshui/contracts';
import { FIELDS } from './vocabulary';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { COUNTY_IDS } from '@qingshui/regions';
import { useAuth } from '../../../auth/AuthProvider';
import { useEvents, useRealtime } from '../../../realtime/RealtimeProvider';

export const NS = 'investment-leads';
/** Every query of this part starts with this key: the lead events make them stale. */
export const QUERY_GROUP = 'investment-leads';

const STAGE_COLORS: Record<LeadStage, string> = {
  prospect: 'default',
  assigned: 'blue',
  active: 'geekblue',
  signed: 'purple',
  landed: 'green',
};
const STATUS_COLORS: Record<LeadStatus, string> = {
  ongoing: 'processing',
  delayed: 'warning',
  dormant: 'default',
  lost: 'error',
  abandoned: 'default',
};

export function StageTag({ stage }: { stage: LeadStage }) {
  const { t } = useTranslation(NS);
  return <Tag color={STAGE_COLORS[stage]}>{t(`stage.${stage}`)}</Tag>;
}
export function StatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation(NS);
  return <Tag color={STATUS_COLORS[status]}>{t(`status.${status}`)}</Tag>;
}

/** Refetches this part's queries when a lead event arrives (what is shown comes from REST). */
export function useLeadEvents(scope: { county?: string | undefined; leadId?: string } = {}): void {
  const queryClient = useQueryClient();
  const { watch } = useRealtime();
  const admin = useAuth().hasRole('admin');
  // A cadre hears the leads of their region in their own `cadres:` room, an enterprise its own in
  // its staff room. One lead's page watches the lead's room; the office's lists watch the county's
  // cadres room, or every county's when it looks at all of them.
  const rooms = scope.leadId
    ? [`lead:${scope.leadId}`]
    : admin
      ? (scope.county ? [scope.county] : COUNTY_IDS).map((c) => `cadres:${c}`)
      : [];
  const key = rooms.join(' ');
  useEffect(() => {
    if (!key) return undefined;
    const leave = key.split(' ').map((room) => watch(room));
    return () => leave.forEach((stop) => stop());
  }, [key, watch]);
  useEvents(['investment.lead.'], () => void queryClient.invalidateQueries({ queryKey: [QUERY_GROUP] }));
}

/** The value fields a form can fill (the gate fields that are not set elsewhere). */
const VALUE_FIELDS = new Set<keyof LeadValues>([
  'estimatedAmountYuan',
  'contactPerson',
  'meetingRecord',
  'likelihoodPct',
  'expectedSigningDate',
  'agreementDate',
  'signedAmountYuan',
  'parties',
  'actualInvestmentYuan',
  'jobs',
  'site',
  'startDate',
]);
export const isValueField = (field: string): field is keyof LeadValues =>
  VALUE_FIELDS.has(field as keyof LeadValues);

/** One form item per value field, named `values.<field>` (the API's field errors land there). */
export function ValueFields({ fields, required = true }: { fields: readonly string[]; required?: boolean }) {
  const { t } = useTranslation(NS);
  return (
    <>
      {fields.filter(isValueField).map((field) => {
        const label = t(`fields.${field}`);
        const rules = required ? [{ required: true, message: t('gate.required', { field: label }) }] : [];
        const name = ['values', field];
        if (field.endsWith('Yuan') || field === 'jobs' || field === 'likelihoodPct')
          return (
            <Form.Item key={field} name={name} label={label} rules={rules}>
              <InputNumber
                min={0}
                max={field === 'likelihoodPct' ? 100 : undefined}
                style={{ width: '100%' }}
                addonAfter={
                  field === 'likelihoodPct' ? '%' : field === 'jobs' ? t('units.jobs') : t('units.yuan')
                }
              />
            </Form.Item>
          );
        if (field.endsWith('Date'))
          return (
            <Form.Item
              key={field}
              name={name}
              label={label}
              rules={[...rules, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('gate.date') }]}
            >
              <Input placeholder="2026-12-01" />
            </Form.Item>
          );
        if (field === 'parties')
          return (
            <Form.Item key={field} name={name} label={label} rules={rules} extra={t('gate.partiesHint')}>
              <Select mode="tags" tokenSeparators={['，', ',', '、']} open={false} />
            </Form.Item>
          );
        if (field === 'meetingRecord')
          return (
            <Form.Item key={field} name={name} label={label} rules={rules} extra={t('gate.meetingHint')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          );
        return (
          <Form.Item key={field} name={name} label={label} rules={rules}>
            <Input />
          </Form.Item>
        );
      })}
    </>
  );
}

export function FieldSelect(props: { value?: string; onChange?: (value: string) => void }) {
  const { t } = useTranslation(NS);
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      options={FIELDS.map((f) => ({ value: f, label: t(`investField.${f}`) }))}
    />
  );
}

/** What a move to `to` still needs that a dialog can fill (an owner, say, is not filled here). */
export function fillable(missing: readonly string[]): { values: string[]; other: string[] } {
  return {
    values: missing.filter(isValueField),
    other: missing.filter((f) => !isValueField(f) && f !== 'field'),
  };
}

/**
 * The dialog of a move whose gate misses fields: it asks for them before the move (and the field
 * of industry, when that is what is missing), then moves. Also the dialog of a move back (a reason).
 */
export function MoveDialog(props: {
  lead: Pick<LeadCard, 'id' | 'stage' | 'missingForNext' | 'nextStage'> | undefined;
  to: LeadStage | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation(NS);
  const [form] = Form.useForm<{ values: LeadValues; reason?: string; field?: string }>();
  const { lead, to } = props;
  const back = !!lead && !!to && to !== lead.nextStage;
  const forward = !!lead && !!to && to === lead.nextStage;
  const missing = forward ? fillable(lead!.missingForNext) : { values: [], other: [] };
  const needsField = forward && lead!.missingForNext.includes('field');
  const move = useApiMutation(
    async (body: { values: LeadValues; reason?: string; field?: string }) => {
      if (body.field) await api.patch(`/investment/leads/${lead!.id}`, { field: body.field });
      return api.post<InvestmentLeadView>(`/investment/leads/${lead!.id}/move`, {
        to,
        values: cleanValues(body.values),
        ...(body.reason ? { reason: body.reason } : {}),
      });
    },
    { form, invalidates: [QUERY_GROUP], success: t('move.done'), onSuccess: () => props.onClose() },
  );
  return (
    <Modal
      open={!!lead && !!to}
      title={to ? t('move.title', { stage: t(`stage.${to}`) }) : ''}
      onCancel={props.onClose}
      okText={t('move.ok')}
      okButtonProps={{ disabled: missing.other.length > 0, loading: move.isPending }}
      onOk={() => void form.validateFields().then((body) => move.mutate(body))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {missing.other.length > 0 && (
          <p role="alert">
            {t('move.cannotFill', { fields: missing.other.map((f) => t(`fields.${f}`)).join('、') })}
          </p>
        )}
        {forward && missing.values.length === 0 && !needsField && <p>{t('move.gateMet')}</p>}
        {needsField && (
          <Form.Item
            name="field"
            label={t('fields.field')}
            rules={[{ required: true, message: t('gate.required', { field: t('fields.field') }) }]}
          >
            <FieldSelect />
          </Form.Item>
        )}
        <ValueFields fields={missing.values} />
        {back && (
          <Form.Item
            name="reason"
            label={t('move.reason')}
            rules={[{ required: true, message: t('move.reasonRequired') }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Form helper: the values the API accepts (empty inputs left out). */
export function cleanValues(values: LeadValues | undefined): LeadValues {
  return Object.fromEntries(
    Object.entries(values ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as LeadValues;
}
