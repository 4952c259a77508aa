import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { COUNTY_IDS } from '@qingshui/regions';
import type { ChallengeView, CreateChallengeInput, UpdateChallengeInput } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { usePrincipal } from '../../auth/AuthProvider';
import { EditingPresence } from '../../components/EditingPresence';
import { ErrorState } from '../../components/ErrorState';
import { useStaleVersionHandler } from '../../components/StaleVersion';
import { filterByLabel, IP_TERM_IDS, useCountyOptions, useFieldOptions } from './challengeUi';

/** The form's values (antd names: `challenge_title`, `challenge_reward_amountYuan`, …). */
interface FormValues {
  title: string;
  publicSummary: string;
  confidentialDetails?: string;
  field: CreateChallengeInput['field'];
  requiredSkills?: string[];
  county: string;
  reward?: { amountYuan?: number | null; budgetNote?: string };
  deadline: Dayjs;
  terms: { ip: CreateChallengeInput['terms']['ip']; confidentiality: boolean; note?: string };
}

type Body = Omit<CreateChallengeInput, 'county'> & { county?: string };

const text = (value: string | undefined) => (value ?? '').trim();

/** The request body: empty optional texts left out (the API checks the rest itself). */
function bodyOf(values: FormValues): Body {
  const budgetNote = text(values.reward?.budgetNote);
  const note = text(values.terms?.note);
  const amount = values.reward?.amountYuan;
  return {
    title: values.title ?? '',
    publicSummary: values.publicSummary ?? '',
    confidentialDetails: values.confidentialDetails ?? '',
    field: values.field,
    requiredSkills: (values.requiredSkills ?? []).map((s) => s.trim()).filter(Boolean),
    county: values.county,
    reward: {
      ...(amount !== undefined && amount !== null ? { amountYuan: amount } : {}),
      ...(budgetNote ? { budgetNote } : {}),
    },
    deadline: values.deadline ? values.deadline.format() : '',
    terms: {
      ip: values.terms?.ip,
      confidentiality: values.terms?.confidentiality ?? false,
      ...(note ? { note } : {}),
    },
  };
}

function valuesOf(challenge: ChallengeView): FormValues {
  return {
    title: challenge.title,
    publicSummary: challenge.publicSummary,
    confidentialDetails: challenge.confidentialDetails ?? '',
    field: challenge.field,
    requiredSkills: challenge.requiredSkills,
    county: challenge.county,
    reward: {
      ...(challenge.reward.amountYuan !== undefined ? { amountYuan: challenge.reward.amountYuan } : {}),
      ...(challenge.reward.budgetNote ? { budgetNote: challenge.reward.budgetNote } : {}),
    },
    deadline: dayjs(challenge.deadline),
    terms: {
      ip: challenge.terms.ip,
      confidentiality: challenge.terms.confidentiality,
      ...(challenge.terms.note ? { note: challenge.terms.note } : {}),
    },
  };
}

/** Only what changed, so that a published challenge's fixed terms are left alone. */
function patchOf(values: FormValues, original: ChallengeView): UpdateChallengeInput {
  const next = bodyOf(values);
  const before = bodyOf(valuesOf(original));
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof Body)[]) {
    if (key === 'county') continue;
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) patch[key] = next[key];
  }
  return patch as UpdateChallengeInput;
}

export default function ChallengeEditPage() {
  const { id } = useParams<{ id: string }>();
  const editing = Boolean(id);
  const { t } = useTranslation('enterprise');
  const navigate = useNavigate();
  const principal = usePrincipal();
  const [form] = Form.useForm<FormValues>();
  const stale = useStaleVersionHandler();
  const fieldOptions = useFieldOptions();
  const countyOptions = useCountyOptions();

  const query = useQuery({
    queryKey: ['challenges', id, 'edit'],
    queryFn: ({ signal }) => api.getVersioned<ChallengeView>(`/challenges/${id}`, signal),
    enabled: editing,
  });
  // The version the user's edit is based on: kept as it was loaded (a live refresh of the query
  // must not silently move it, or a concurrent change would be overwritten without a 409).
  const base = useRef<{ challenge: ChallengeView; etag: string | undefined } | undefined>(undefined);
  useEffect(() => {
    if (!query.data || base.current) return;
    base.current = { challenge: query.data.data, etag: query.data.etag };
    form.setFieldsValue(valuesOf(query.data.data));
  }, [query.data, form]);

  const create = useApiMutation(
    (values: FormValues) => api.post<ChallengeView>('/challenges', bodyOf(values)),
    {
      form,
      success: t('edit.created'),
      invalidates: ['challenges'],
      onSuccess: (challenge) => navigate(`/enterprise/challenges/${challenge.id}`),
    },
  );

  const update = useApiMutation(
    async (values: FormValues) => {
      const current = base.current;
      if (!current) throw new Error(t('edit.notLoaded'));
      const patch = patchOf(values, current.challenge);
      if (Object.keys(patch).length === 0) return current.challenge;
      const { data, etag } = await api.patch<ChallengeView>(`/challenges/${id}`, patch, {
        ...(current.etag ? { ifMatch: current.etag } : {}),
      });
      base.current = { challenge: data, etag };
      return data;
    },
    {
      form,
      success: t('edit.saved'),
      invalidates: ['challenges'],
      onSuccess: (challenge) => navigate(`/enterprise/challenges/${challenge.id}`),
      onError: (error, values) =>
        stale(error, async () => {
          const fresh = await query.refetch();
          if (!fresh.data) return;
          // The user's changes (against what they started from) go onto the new version: what
          // the other person changed and the user did not touch stays as they left it.
          base.current = { challenge: base.current?.challenge ?? fresh.data.data, etag: fresh.data.etag };
          update.mutate(values);
        }),
    },
  );

  const defaultCounty =
    principal.region && COUNTY_IDS.includes(principal.region) ? principal.region : undefined;
  const challenge = query.data?.data;
  const termsFixed = editing && challenge !== undefined && challenge.status !== 'draft';
  const notEditable =
    editing && challenge !== undefined && challenge.status !== 'draft' && challenge.status !== 'published';
  const saving = create.isPending || update.isPending;
  const required = (label: string) => [{ required: true, message: t('edit.required', { label }) }];

  const heading = editing ? t('edit.titleEdit') : t('edit.titleNew');
  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to="/enterprise/challenges">{t('list.title')}</Link> },
        ...(editing && challenge
          ? [{ title: <Link to={`/enterprise/challenges/${challenge.id}`}>{challenge.title}</Link> }]
          : []),
        { title: heading },
      ]}
    />
  );

  if (editing && query.isError)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <Typography.Title level={2}>{heading}</Typography.Title>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Flex>
    );

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1080 }}>
      {crumbs}
      <div>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {heading}
          </Typography.Title>
          {id && <EditingPresence room={`challenge:${id}`} editing={!notEditable} />}
        </Flex>
        <Typography.Text type="secondary">
          {editing ? t('edit.subtitleEdit') : t('edit.subtitleNew')}
        </Typography.Text>
      </div>
      {notEditable && <Alert type="warning" showIcon title={t('edit.notEditable')} />}
      {editing && query.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <Form<FormValues>
          form={form}
          name="challenge"
          layout="vertical"
          requiredMark
          disabled={saving || notEditable}
          initialValues={{
            county: defaultCounty,
            requiredSkills: [],
            confidentialDetails: '',
            terms: { ip: 'negotiable', confidentiality: false },
          }}
          onFinish={(values) => (editing ? update.mutate(values) : create.mutate(values))}
        >
          <Flex vertical gap={16}>
            <Card title={t('edit.sectionBasics')}>
              <Form.Item name="title" label={t('edit.fieldTitle')} rules={required(t('edit.fieldTitle'))}>
                <Input placeholder={t('edit.placeholderTitle')} />
              </Form.Item>
              <Form.Item
                name="publicSummary"
                label={t('edit.fieldSummary')}
                extra={t('edit.helpSummary')}
                rules={required(t('edit.fieldSummary'))}
              >
                <Input.TextArea
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  placeholder={t('edit.placeholderSummary')}
                />
              </Form.Item>
              <Form.Item
                name="confidentialDetails"
                label={t('edit.fieldConfidential')}
                extra={t('edit.helpConfidential')}
              >
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item name="field" label={t('edit.fieldField')} rules={required(t('edit.fieldField'))}>
                    <Select
                      options={fieldOptions}
                      placeholder={t('edit.placeholderSelect')}
                      showSearch={{ filterOption: filterByLabel }}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="county"
                    label={t('edit.fieldCounty')}
                    extra={editing ? t('edit.helpCountyFixed') : t('edit.helpCounty')}
                    rules={required(t('edit.fieldCounty'))}
                  >
                    <Select
                      options={countyOptions}
                      disabled={editing}
                      placeholder={t('edit.placeholderSelect')}
                      showSearch={{ filterOption: filterByLabel }}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="requiredSkills" label={t('edit.fieldSkills')} extra={t('edit.helpSkills')}>
                <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
              </Form.Item>
            </Card>
            <Card title={t('edit.sectionReward')}>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item name={['reward', 'amountYuan']} label={t('edit.fieldAmount')}>
                    <InputNumber<number>
                      style={{ width: '100%' }}
                      min={0}
                      step={10000}
                      precision={0}
                      prefix="¥"
                      formatter={(value) =>
                        value === undefined ? '' : `${value}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
                      }
                      parser={(value) => Number((value ?? '').replace(/[^\d]/g, ''))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name={['reward', 'budgetNote']} label={t('edit.fieldBudgetNote')}>
                    <Input placeholder={t('edit.placeholderBudgetNote')} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="deadline"
                label={t('edit.fieldDeadline')}
                extra={t('edit.helpDeadline')}
                rules={required(t('edit.fieldDeadline'))}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ minWidth: 260 }}
                />
              </Form.Item>
            </Card>
            <Card
              title={t('edit.sectionTerms')}
              extra={
                termsFixed ? <Typography.Text type="secondary">{t('edit.termsFixed')}</Typography.Text> : null
              }
            >
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name={['terms', 'ip']}
                    label={t('edit.fieldIp')}
                    rules={required(t('edit.fieldIp'))}
                  >
                    <Select
                      disabled={termsFixed}
                      options={IP_TERM_IDS.map((ip) => ({ value: ip, label: t(`ip.${ip}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name={['terms', 'confidentiality']}
                    label={t('edit.fieldConfidentiality')}
                    valuePropName="checked"
                    extra={t('edit.helpConfidentiality')}
                  >
                    <Switch
                      disabled={termsFixed}
                      checkedChildren={t('edit.yes')}
                      unCheckedChildren={t('edit.no')}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name={['terms', 'note']} label={t('edit.fieldTermsNote')}>
                <Input.TextArea disabled={termsFixed} autoSize={{ minRows: 2, maxRows: 6 }} />
              </Form.Item>
            </Card>
            <Space>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="challenge-save">
                {editing ? t('common:actions.save') : t('edit.saveDraft')}
              </Button>
              <Button
                onClick={() => navigate(editing ? `/enterprise/challenges/${id}` : '/enterprise/challenges')}
                disabled={false}
              >
                {t('common:actions.cancel')}
              </Button>
            </Space>
          </Flex>
        </Form>
      )}
    </Flex>
  );
}
