import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { CreateNeedInput, NeedView } from '@qingshui/contracts';
import { BEIJING_DISTRICT_IDS, COUNTY_IDS } from '@qingshui/regions';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { EditingPresence } from '../../../components/EditingPresence';
import { ErrorState } from '../../../components/ErrorState';
import { useStaleVersionHandler } from '../../../components/StaleVersion';
import { countyOptions, filterByLabel, fromWan, toWan, useFieldOptions } from './investUi';

/** The form's values: the API's shape, with amounts in 万元 and "any county" as a switch. */
interface NeedFormValues {
  title: string;
  enterpriseName: string;
  orgId?: string;
  region?: string;
  fields: string[];
  amount: { minYuan: number; maxYuan: number };
  anyCounty: boolean;
  counties?: string[];
  landMu?: number | null;
  energy?: { kwhPerYear?: number | null; kw?: number | null };
  waterM3PerDay?: number | null;
  workforce?: number | null;
  timeline: { startBy: string; years: number };
  publicSummary: string;
  confidentialDetails?: string;
}

const given = <T,>(value: T | null | undefined): value is T => value !== null && value !== undefined;

function bodyOf(values: NeedFormValues): Record<string, unknown> {
  const energy = {
    ...(given(values.energy?.kwhPerYear) ? { kwhPerYear: values.energy.kwhPerYear } : {}),
    ...(given(values.energy?.kw) ? { kw: values.energy.kw } : {}),
  };
  return {
    title: values.title,
    enterpriseName: values.enterpriseName,
    fields: values.fields,
    amount: { minYuan: fromWan(values.amount.minYuan), maxYuan: fromWan(values.amount.maxYuan) },
    counties: values.anyCounty ? 'any' : (values.counties ?? []),
    ...(given(values.landMu) ? { landMu: values.landMu } : {}),
    ...(Object.keys(energy).length > 0 ? { energy } : {}),
    ...(given(values.waterM3PerDay) ? { waterM3PerDay: values.waterM3PerDay } : {}),
    ...(given(values.workforce) ? { workforce: values.workforce } : {}),
    timeline: values.timeline,
    publicSummary: values.publicSummary,
    confidentialDetails: values.confidentialDetails ?? '',
  };
}

function valuesOf(need: NeedView): NeedFormValues {
  return {
    title: need.title,
    enterpriseName: need.enterpriseName,
    fields: need.fields,
    amount: { minYuan: toWan(need.amount.minYuan), maxYuan: toWan(need.amount.maxYuan) },
    anyCounty: need.counties === 'any',
    counties: need.counties === 'any' ? [] : need.counties,
    landMu: need.landMu ?? null,
    energy: { kwhPerYear: need.energy?.kwhPerYear ?? null, kw: need.energy?.kw ?? null },
    waterM3PerDay: need.waterM3PerDay ?? null,
    workforce: need.workforce ?? null,
    timeline: need.timeline,
    publicSummary: need.publicSummary,
    confidentialDetails: need.confidentialDetails ?? '',
  };
}

/** Only what changed against the version the edit started from (the API keeps the rest). */
function patchOf(values: NeedFormValues, base: NeedView): Record<string, unknown> {
  const next = bodyOf(values);
  const before = bodyOf(valuesOf(base));
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])),
  );
}

export default function NeedEditPage() {
  const { id } = useParams();
  return <NeedEditor key={id ?? 'new'} id={id} />;
}

function NeedEditor({ id }: { id: string | undefined }) {
  const editing = Boolean(id);
  const { t } = useTranslation('investment-needs');
  const navigate = useNavigate();
  const { hasRole } = useAuth();
  const [form] = Form.useForm<NeedFormValues>();
  const stale = useStaleVersionHandler();
  const fieldOptions = useFieldOptions();
  const anyCounty = Form.useWatch('anyCounty', form);
  const query = useQuery({
    queryKey: ['investment-needs', id],
    queryFn: ({ signal }) => api.getVersioned<NeedView>(`/investment/needs/${id}`, signal),
    enabled: editing,
  });
  // The version the edit is based on, as loaded: a refresh must not move it (or a concurrent
  // change would be overwritten without a 409).
  const base = useRef<{ need: NeedView; etag: string | undefined } | undefined>(undefined);
  useEffect(() => {
    if (!query.data || base.current) return;
    base.current = { need: query.data.data, etag: query.data.etag };
    form.setFieldsValue(valuesOf(query.data.data));
  }, [query.data, form]);

  const create = useApiMutation(
    (values: NeedFormValues) =>
      api.post<NeedView>('/investment/needs', {
        ...bodyOf(values),
        ...(values.orgId ? { orgId: values.orgId } : {}),
        ...(values.region ? { region: values.region } : {}),
      } as Partial<CreateNeedInput>),
    {
      form,
      success: t('form.created'),
      invalidates: ['investment-needs'],
      onSuccess: (need) => navigate(`/investment/needs/${need.id}`),
    },
  );
  const update = useApiMutation(
    async (values: NeedFormValues) => {
      const current = base.current;
      if (!current) throw new Error(t('form.notLoaded'));
      const patch = patchOf(values, current.need);
      if (Object.keys(patch).length === 0) return current.need;
      const { data, etag } = await api.patch<NeedView>(`/investment/needs/${id}`, patch, {
        ...(current.etag ? { ifMatch: current.etag } : {}),
      });
      base.current = { need: data, etag };
      return data;
    },
    {
      form,
      success: t('form.saved'),
      invalidates: ['investment-needs'],
      onSuccess: (need) => navigate(`/investment/needs/${need.id}`),
      onError: (error, values) =>
        stale(error, async () => {
          const fresh = await query.refetch();
          if (!fresh.data) return;
          base.current = { need: base.current?.need ?? fresh.data.data, etag: fresh.data.etag };
          update.mutate(values);
        }),
    },
  );

  if (editing && query.isError)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const need = query.data?.data;
  const readOnly = editing && need !== undefined && !need.canEdit;
  const number = (min: number) => ({ min, style: { width: '100%' } });

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2}>{editing ? t('form.editTitle') : t('form.newTitle')}</Typography.Title>
        {id && <EditingPresence room={`need:${id}`} />}
      </Flex>
      {readOnly && <Alert type="info" showIcon message={t('form.readOnly')} />}
      <Card loading={editing && query.isPending}>
        <Form<NeedFormValues>
          form={form}
          name="need"
          layout="vertical"
          disabled={readOnly}
          initialValues={{ anyCounty: false, fields: [], counties: [], timeline: { years: 5 } }}
          onFinish={(values) => (editing ? update.mutate(values) : create.mutate(values))}
        >
          <Row gutter={16}>
            <Col xs={24} md={14}>
              <Form.Item name="title" label={t('form.title')} rules={[{ required: true, min: 2, max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name="enterpriseName"
                label={t('form.enterpriseName')}
                rules={[{ required: true, min: 2 }]}
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          {!editing && hasRole('admin') && (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="orgId" label={t('form.orgId')} extra={t('form.orgIdHelp')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="region" label={t('form.region')}>
                  <Select
                    allowClear
                    showSearch={{ filterOption: filterByLabel }}
                    options={[...BEIJING_DISTRICT_IDS, ...COUNTY_IDS].map((r) => ({
                      value: r,
                      label: regionName(r),
                    }))}
                  />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Form.Item
            name="fields"
            label={t('form.fields')}
            rules={[{ required: true, type: 'array', min: 1 }]}
          >
            <Select mode="multiple" options={fieldOptions} showSearch={{ filterOption: filterByLabel }} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item name={['amount', 'minYuan']} label={t('form.minWan')} rules={[{ required: true }]}>
                <InputNumber {...number(0)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['amount', 'maxYuan']} label={t('form.maxWan')} rules={[{ required: true }]}>
                <InputNumber {...number(0)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name={['timeline', 'startBy']}
                label={t('form.startBy')}
                rules={[
                  { required: true, pattern: /^20\d\d-(0[1-9]|1[0-2])$/, message: t('form.startByHelp') },
                ]}
              >
                <Input placeholder="2027-06" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['timeline', 'years']} label={t('form.years')} rules={[{ required: true }]}>
                <InputNumber {...number(1)} max={50} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16} align="bottom">
            <Col xs={24} md={6}>
              <Form.Item name="anyCounty" label={t('form.anyCounty')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} md={18}>
              <Form.Item
                name="counties"
                label={t('form.counties')}
                rules={[{ required: !anyCounty, type: 'array', min: anyCounty ? 0 : 1 }]}
              >
                <Select
                  mode="multiple"
                  disabled={anyCounty}
                  options={countyOptions()}
                  showSearch={{ filterOption: filterByLabel }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={12} md={4}>
              <Form.Item name="landMu" label={t('form.landMu')}>
                <InputNumber {...number(0)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name={['energy', 'kwhPerYear']} label={t('form.kwhPerYear')}>
                <InputNumber {...number(0)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name={['energy', 'kw']} label={t('form.kw')}>
                <InputNumber {...number(0)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="waterM3PerDay" label={t('form.water')}>
                <InputNumber {...number(0)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="workforce" label={t('form.workforce')}>
                <InputNumber {...number(0)} precision={0} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="publicSummary"
            label={t('form.publicSummary')}
            extra={t('form.publicSummaryHelp')}
            rules={[{ required: true, min: 10 }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item
            name="confidentialDetails"
            label={t('form.confidentialDetails')}
            extra={t('form.confidentialHelp')}
          >
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
          {!readOnly && (
            <Flex gap={8}>
              <Button
                type="primary"
                htmlType="submit"
                loading={create.isPending || update.isPending}
                data-testid="need-save"
              >
                {t('common:actions.save')}
              </Button>
              <Button onClick={() => navigate(-1)}>{t('common:actions.cancel')}</Button>
            </Flex>
          )}
        </Form>
      </Card>
    </Flex>
  );
}
