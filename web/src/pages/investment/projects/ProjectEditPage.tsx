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
import type { ProjectView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth } from '../../../auth/AuthProvider';
import { EditingPresence } from '../../../components/EditingPresence';
import { ErrorState } from '../../../components/ErrorState';
import { useStaleVersionHandler } from '../../../components/StaleVersion';
import {
  countyOptions,
  filterByLabel,
  fromWan,
  toWan,
  useFieldOptions,
  useFundingAreaOptions,
  useProjectStatusOptions,
} from '../needs/investUi';

/** The form's values: the API's shape, with amounts in 万元. */
interface ProjectFormValues {
  county?: string;
  title: string;
  fundingArea: string;
  field: string;
  investmentSought: { minYuan: number; maxYuan: number };
  landMu?: number | null;
  site?: string;
  policySupport?: string;
  status: string;
  inPlan: boolean;
  planYear?: number | null;
  description?: string;
}

function bodyOf(values: ProjectFormValues): Record<string, unknown> {
  return {
    title: values.title,
    fundingArea: values.fundingArea,
    field: values.field,
    investmentSought: {
      minYuan: fromWan(values.investmentSought.minYuan),
      maxYuan: fromWan(values.investmentSought.maxYuan),
    },
    ...(values.landMu !== null && values.landMu !== undefined ? { landMu: values.landMu } : {}),
    site: values.site ?? '',
    policySupport: values.policySupport ?? '',
    status: values.status,
    inPlan: values.inPlan,
    ...(values.planYear ? { planYear: values.planYear } : {}),
    description: values.description ?? '',
  };
}
function valuesOf(p: ProjectView): ProjectFormValues {
  return {
    title: p.title,
    fundingArea: p.fundingArea,
    field: p.field,
    investmentSought: {
      minYuan: toWan(p.investmentSought.minYuan),
      maxYuan: toWan(p.investmentSought.maxYuan),
    },
    landMu: p.landMu ?? null,
    site: p.site,
    policySupport: p.policySupport,
    status: p.status,
    inPlan: p.inPlan,
    planYear: p.planYear ?? null,
    description: p.description,
  };
}

export default function ProjectEditPage() {
  const { id } = useParams();
  return <ProjectEditor key={id ?? 'new'} id={id} />;
}

function ProjectEditor({ id }: { id: string | undefined }) {
  const editing = Boolean(id);
  const { t } = useTranslation('investment-projects');
  const navigate = useNavigate();
  const { hasRole } = useAuth();
  const [form] = Form.useForm<ProjectFormValues>();
  const stale = useStaleVersionHandler();
  const fieldOptions = useFieldOptions();
  const areaOptions = useFundingAreaOptions();
  const statusOptions = useProjectStatusOptions();
  const inPlan = Form.useWatch('inPlan', form);
  const query = useQuery({
    queryKey: ['investment-projects', id],
    queryFn: ({ signal }) => api.getVersioned<ProjectView>(`/investment/projects/${id}`, signal),
    enabled: editing,
  });
  // The version the edit is based on, as loaded (a refresh must not move it).
  const base = useRef<{ project: ProjectView; etag: string | undefined } | undefined>(undefined);
  useEffect(() => {
    if (!query.data || base.current) return;
    base.current = { project: query.data.data, etag: query.data.etag };
    form.setFieldsValue(valuesOf(query.data.data));
  }, [query.data, form]);

  const create = useApiMutation(
    (values: ProjectFormValues) =>
      api.post<ProjectView>('/investment/projects', {
        ...bodyOf(values),
        ...(values.county ? { county: values.county } : {}),
      }),
    {
      form,
      success: t('form.created'),
      invalidates: ['investment-projects'],
      onSuccess: (p) => navigate(`/investment/projects/${p.id}`),
    },
  );
  const update = useApiMutation(
    async (values: ProjectFormValues) => {
      const current = base.current;
      if (!current) throw new Error(t('form.notLoaded'));
      const next = bodyOf(values);
      const before = bodyOf(valuesOf(current.project));
      const patch = Object.fromEntries(
        Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])),
      );
      if (Object.keys(patch).length === 0) return current.project;
      const { data, etag } = await api.patch<ProjectView>(`/investment/projects/${id}`, patch, {
        ...(current.etag ? { ifMatch: current.etag } : {}),
      });
      base.current = { project: data, etag };
      return data;
    },
    {
      form,
      success: t('form.saved'),
      invalidates: ['investment-projects'],
      onSuccess: (p) => navigate(`/investment/projects/${p.id}`),
      onError: (error, values) =>
        stale(error, async () => {
          const fresh = await query.refetch();
          if (!fresh.data) return;
          base.current = { project: base.current?.project ?? fresh.data.data, etag: fresh.data.etag };
          update.mutate(values);
        }),
    },
  );

  if (editing && query.isError)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const project = query.data?.data;
  const readOnly = editing && project !== undefined && !project.canEdit;
  const wide = { style: { width: '100%' } };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2}>{editing ? t('form.editTitle') : t('form.newTitle')}</Typography.Title>
        {id && <EditingPresence room={`project:${id}`} />}
      </Flex>
      {readOnly && <Alert type="info" showIcon message={t('form.readOnly')} />}
      <Card loading={editing && query.isPending}>
        <Form<ProjectFormValues>
          form={form}
          name="project"
          layout="vertical"
          disabled={readOnly}
          initialValues={{ status: 'reserve', inPlan: false }}
          onFinish={(values) => (editing ? update.mutate(values) : create.mutate(values))}
        >
          {!editing && hasRole('admin') && (
            <Form.Item name="county" label={t('form.county')} rules={[{ required: true }]}>
              <Select options={countyOptions()} showSearch={{ filterOption: filterByLabel }} />
            </Form.Item>
          )}
          <Form.Item name="title" label={t('form.title')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="fundingArea" label={t('form.fundingArea')} rules={[{ required: true }]}>
                <Select options={areaOptions} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="field" label={t('form.field')} rules={[{ required: true }]}>
                <Select options={fieldOptions} showSearch={{ filterOption: filterByLabel }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="status" label={t('form.status')} rules={[{ required: true }]}>
                <Select options={statusOptions} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                name={['investmentSought', 'minYuan']}
                label={t('form.minWan')}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} {...wide} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name={['investmentSought', 'maxYuan']}
                label={t('form.maxWan')}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} {...wide} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="landMu" label={t('form.landMu')}>
                <InputNumber min={0} {...wide} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="site" label={t('form.site')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item name="inPlan" label={t('form.inPlan')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="planYear" label={t('form.planYear')} rules={[{ required: Boolean(inPlan) }]}>
                <InputNumber min={2021} max={2100} {...wide} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="policySupport" label={t('form.policySupport')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="description" label={t('form.description')}>
            <Input.TextArea rows={4} maxLength={5000} showCount />
          </Form.Item>
          {!readOnly && (
            <Flex gap={8}>
              <Button
                type="primary"
                htmlType="submit"
                loading={create.isPending || update.isPending}
                data-testid="project-save"
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
