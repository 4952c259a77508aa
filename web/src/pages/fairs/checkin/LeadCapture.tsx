import { Alert, App, Button, Card, Flex, Form, Input, Rate, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadView } from '@qingshui/contracts';
import { isApiError, request } from '../../../api/client';
import { Scanner } from './Scanner';

export interface CaptureReply {
  lead: LeadView;
  rescan: boolean;
  leadCount: number;
}

/** Why a lead scan was refused, in the reader's words (the API's reason, from its fields). */
export function leadRefusalKey(error: unknown): string {
  if (!isApiError(error)) return 'leads.refused.network';
  const reason = error.fields.find((f) => f.field === 'refusal' || f.field === 'token')?.message;
  const known = [
    'no_lead_consent',
    'not_exhibitor',
    'unknown',
    'revoked',
    'invalid_signature',
    'device_revoked',
    'device_unknown',
  ];
  return reason && known.includes(reason) ? `leads.refused.${reason}` : 'leads.refused.other';
}

/**
 * Scans a visitor's badge at the booth, then takes a rating, notes, tags and the products of
 * interest. With a device code it scans for that device's exhibitor, without sign-in.
 */
export function LeadCapture({
  fairId,
  products,
  deviceCode,
  onCaptured,
}: {
  fairId: string;
  products: readonly string[];
  deviceCode?: string;
  onCaptured?: (reply: CaptureReply) => void;
}) {
  const { t } = useTranslation('fairs-checkin');
  const { message } = App.useApp();
  const [token, setToken] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [last, setLast] = useState<CaptureReply>();
  const [form] = Form.useForm<{
    rating: number;
    notes: string;
    tags: string[];
    productsOfInterest: string[];
  }>();
  const save = async () => {
    if (!token) return;
    setSaving(true);
    setRefusal(undefined);
    try {
      const values = form.getFieldsValue();
      const { data } = await request<CaptureReply>(
        'POST',
        `/fairs/${fairId}/${deviceCode ? 'device/' : ''}leads`,
        {
          body: {
            token,
            rating: values.rating ?? 0,
            notes: values.notes ?? '',
            tags: values.tags ?? [],
            productsOfInterest: values.productsOfInterest ?? [],
            ...(deviceCode ? { deviceCode } : {}),
          },
        },
      );
      setLast(data);
      setToken(undefined);
      form.resetFields();
      message.success(data.rescan ? t('leads.updated') : t('leads.captured', { count: data.leadCount }));
      onCaptured?.(data);
    } catch (error) {
      setRefusal(t(leadRefusalKey(error)));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={t('leads.scanTitle')}>
      <Flex vertical gap={12}>
        <Scanner
          onCode={(code) => {
            setRefusal(undefined);
            setToken(code);
          }}
        />
        {token && (
          <Typography.Text data-testid="lead-scanned" type="success">
            {t('leads.scanned')}
          </Typography.Text>
        )}
        {refusal && <Alert type="error" showIcon data-testid="lead-refusal" message={refusal} />}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ rating: 3, notes: '', tags: [], productsOfInterest: [] }}
        >
          <Form.Item name="rating" label={t('leads.rating')}>
            <Rate count={5} allowClear data-testid="lead-rating" />
          </Form.Item>
          <Form.Item name="productsOfInterest" label={t('leads.products')}>
            <Select
              mode="tags"
              data-testid="lead-products"
              options={products.map((p) => ({ value: p, label: p }))}
            />
          </Form.Item>
          <Form.Item name="tags" label={t('leads.tags')}>
            <Select mode="tags" data-testid="lead-tags" />
          </Form.Item>
          <Form.Item name="notes" label={t('leads.notes')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="lead-notes" />
          </Form.Item>
          <Button
            type="primary"
            data-testid="lead-save"
            disabled={!token}
            loading={saving}
            onClick={() => void save()}
          >
            {t('leads.save')}
          </Button>
        </Form>
        {last && (
          <Typography.Text data-testid="lead-count">
            {t('leads.count', { count: last.leadCount })}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
