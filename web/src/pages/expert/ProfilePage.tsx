import { MinusCircleOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ContactVisibility,
  CreateExpertRequest,
  ExpertField,
  ExpertProfile,
  UpdateExpertInput,
} from '@qingshui/contracts';
import { BEIJING_DISTRICT_IDS, COUNTY_IDS } from '@qingshui/regions';
import { api, type ApiResponse } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { regionName } from '../../app/regionName';
import { usePrincipal } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { useStaleVersionHandler } from '../../components/StaleVersion';
import { formatDateTime } from '../../i18n/format';
import { FIELD_IDS } from '../common/fields';
import { useMyExpert } from './useMyExpert';

const VISIBILITIES: readonly ContactVisibility[] = ['public', 'cadres', 'private'];

interface ProfileForm {
  name?: string;
  title?: string;
  institution?: string;
  fields?: ExpertField[];
  skills?: string[];
  bio?: string;
  region?: string;
  academician?: boolean;
  honours?: string[];
  languages?: string[];
  availability?: { range?: [Dayjs, Dayjs] | null; note?: string }[];
  conflictOrgIds?: string[];
  contact?: { email?: string; phone?: string; wechat?: string };
  contactVisibility?: ContactVisibility;
}

type Body = Required<Omit<CreateExpertRequest, 'contact'>> & {
  contact: NonNullable<CreateExpertRequest['contact']>;
};

const text = (value: string | undefined) => (value ?? '').trim();

function formOf(expert: ExpertProfile): ProfileForm {
  return {
    name: expert.name,
    title: expert.title,
    institution: expert.institution,
    fields: expert.fields,
    skills: expert.skills,
    bio: expert.bio,
    region: expert.region,
    academician: expert.academician,
    honours: expert.honours,
    languages: expert.languages,
    availability: expert.availability.map((w) => ({
      range: [dayjs(w.from), dayjs(w.to)] as [Dayjs, Dayjs],
      ...(w.note ? { note: w.note } : {}),
    })),
    conflictOrgIds: expert.conflictOrgIds,
    contact: { ...expert.contact },
    contactVisibility: expert.contactVisibility,
  };
}

/** The request body from the form: trimmed, empty contact details left out. */
function bodyOf(values: ProfileForm): Body {
  const contact: Body['contact'] = {};
  if (text(values.contact?.email)) contact.email = text(values.contact?.email);
  if (text(values.contact?.phone)) contact.phone = text(values.contact?.phone);
  if (text(values.contact?.wechat)) contact.wechat = text(values.contact?.wechat);
  return {
    name: text(values.name),
    title: text(values.title),
    institution: text(values.institution),
    fields: values.fields ?? [],
    skills: (values.skills ?? []).map((s) => s.trim()).filter(Boolean),
    bio: text(values.bio),
    region: values.region ?? '',
    academician: values.academician ?? false,
    honours: (values.honours ?? []).map((s) => s.trim()).filter(Boolean),
    languages: (values.languages ?? []).map((s) => s.trim()).filter(Boolean),
    availability: (values.availability ?? [])
      .filter((w) => w.range?.[0] && w.range?.[1])
      .map((w) => ({
        from: w.range![0].format('YYYY-MM-DD'),
        to: w.range![1].format('YYYY-MM-DD'),
        ...(text(w.note) ? { note: text(w.note) } : {}),
      })),
    conflictOrgIds: (values.conflictOrgIds ?? []).map((s) => s.trim()).filter(Boolean),
    contact,
    contactVisibility: values.contactVisibility ?? 'cadres',
  };
}

/** Only what the user changed since the form was loaded: a reapplied change keeps others' edits. */
function changes(baseline: Body, body: Body): UpdateExpertInput {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(body) as (keyof Body)[]) {
    if (JSON.stringify(body[key]) !== JSON.stringify(baseline[key])) patch[key] = body[key];
  }
  return patch as UpdateExpertInput;
}

function ProfileFields({ creating }: { creating: boolean }) {
  const { t } = useTranslation('expert');
  const regionOptions = [
    {
      label: t('profile.regionGroups.beijing'),
      options: BEIJING_DISTRICT_IDS.map((id) => ({ value: id, label: regionName(id) })),
    },
    {
      label: t('profile.regionGroups.counties'),
      options: COUNTY_IDS.map((id) => ({ value: id, label: regionName(id) })),
    },
  ];
  const tags = (placeholder: string) => ({
    mode: 'tags' as const,
    tokenSeparators: [',', '，', '、'],
    placeholder,
    open: false,
    suffixIcon: null,
  });
  return (
    <>
      <Card title={t('profile.sections.basic')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="name"
              label={t('profile.name')}
              rules={[{ required: true, message: t('profile.required') }]}
            >
              <Input autoComplete="name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="title"
              label={t('profile.title')}
              rules={[{ required: true, message: t('profile.required') }]}
            >
              <Input placeholder={t('profile.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="institution"
              label={t('profile.institution')}
              rules={[{ required: true, message: t('profile.required') }]}
            >
              <Input autoComplete="organization" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="region"
              label={t('profile.region')}
              rules={[{ required: true, message: t('profile.required') }]}
            >
              <Select
                options={regionOptions}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('profile.regionPlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="languages" label={t('profile.languages')}>
              <Select {...tags(t('profile.tagsPlaceholder'))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="academician" label={t('profile.academician')} valuePropName="checked">
              <Switch checkedChildren={t('profile.yes')} unCheckedChildren={t('profile.no')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="bio" label={t('profile.bio')}>
              <Input.TextArea rows={4} showCount maxLength={4000} placeholder={t('profile.bioPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="honours" label={t('profile.honours')} style={{ marginBottom: 0 }}>
              <Select {...tags(t('profile.tagsPlaceholder'))} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t('profile.sections.expertise')} size="small" style={{ marginBottom: 16 }}>
        <Form.Item
          name="fields"
          label={t('profile.fields')}
          extra={t('profile.fieldsHint')}
          rules={[{ required: true, message: t('profile.required') }]}
        >
          <Select
            mode="multiple"
            allowClear
            placeholder={t('profile.fieldsPlaceholder')}
            options={FIELD_IDS.map((id) => ({ value: id, label: t(`common:fields.${id}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="skills"
          label={t('profile.skills')}
          extra={t('profile.skillsHint')}
          style={{ marginBottom: 0 }}
        >
          <Select {...tags(t('profile.skillsPlaceholder'))} />
        </Form.Item>
      </Card>
      <Card title={t('profile.sections.availability')} size="small" style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('profile.availabilityHint')}</Typography.Paragraph>
        <Form.List name="availability">
          {(items, { add, remove }) => (
            <Flex vertical gap={8}>
              {items.map((item, index) => (
                <Flex key={item.key} gap={8} align="flex-start" wrap>
                  <Form.Item
                    name={[item.name, 'range']}
                    label={t('profile.window', { n: index + 1 })}
                    rules={[{ required: true, message: t('profile.required') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <DatePicker.RangePicker />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, 'note']}
                    label={t('profile.windowNote')}
                    style={{ marginBottom: 0, flex: 1, minWidth: 200 }}
                  >
                    <Input placeholder={t('profile.windowNotePlaceholder')} maxLength={100} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<MinusCircleOutlined />}
                    aria-label={t('profile.removeWindow', { n: index + 1 })}
                    onClick={() => remove(item.name)}
                    style={{ marginTop: 30 }}
                  />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ width: 220 }}>
                {t('profile.addWindow')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Card>
      <Card title={t('profile.sections.contact')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name={['contact', 'email']} label={t('profile.email')}>
              <Input type="email" autoComplete="email" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['contact', 'phone']} label={t('profile.phone')}>
              <Input type="tel" autoComplete="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['contact', 'wechat']} label={t('profile.wechat')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="contactVisibility"
          label={t('profile.contactVisibility')}
          style={{ marginBottom: 0 }}
        >
          <Radio.Group
            options={VISIBILITIES.map((v) => ({ value: v, label: t(`profile.visibility.${v}`) }))}
            optionType="button"
          />
        </Form.Item>
      </Card>
      <Card title={t('profile.sections.conflicts')} size="small" style={{ marginBottom: 16 }}>
        <Form.Item
          name="conflictOrgIds"
          label={t('profile.conflictOrgIds')}
          extra={t('profile.conflictsHint')}
          style={{ marginBottom: 0 }}
        >
          <Select {...tags(t('profile.conflictsPlaceholder'))} />
        </Form.Item>
      </Card>
      {creating && (
        <Alert type="info" showIcon title={t('profile.createHint')} style={{ marginBottom: 16 }} />
      )}
    </>
  );
}

function StatusCard({ expert }: { expert: ExpertProfile }) {
  const { t } = useTranslation('expert');
  return (
    <Card title={t('profile.statusTitle')} size="small" data-testid="verification">
      <Flex vertical gap={16}>
        {expert.verified ? (
          <Tag
            color="success"
            icon={<SafetyCertificateOutlined />}
            style={{ alignSelf: 'flex-start', fontSize: 14, padding: '2px 10px' }}
          >
            {t('profile.verified')}
          </Tag>
        ) : (
          <Tag color="default" style={{ alignSelf: 'flex-start', fontSize: 14, padding: '2px 10px' }}>
            {t('profile.unverified')}
          </Tag>
        )}
        <Typography.Text type="secondary">
          {expert.verified
            ? t('profile.verifiedAt', { at: formatDateTime(expert.verifiedAt) })
            : t('profile.unverifiedHint')}
        </Typography.Text>
        <Row gutter={16}>
          <Col span={12}>
            <Statistic title={t('profile.visits')} value={expert.engagements.visits} />
          </Col>
          <Col span={12}>
            <Statistic title={t('profile.solved')} value={expert.engagements.challengesSolved} />
          </Col>
        </Row>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'version', label: t('profile.version'), children: expert.version },
            { key: 'updated', label: t('profile.updatedAt'), children: formatDateTime(expert.updatedAt) },
            { key: 'created', label: t('profile.createdAt'), children: formatDateTime(expert.createdAt) },
          ]}
        />
      </Flex>
    </Card>
  );
}

function ProfileEditor({
  record,
  refetch,
}: {
  record: ApiResponse<ExpertProfile>;
  refetch: () => Promise<{ data?: ApiResponse<ExpertProfile> | undefined }>;
}) {
  const { t } = useTranslation('expert');
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileForm>();
  const stale = useStaleVersionHandler();
  const expert = record.data;
  const [initial] = useState(() => formOf(expert));
  // What the form was loaded from: the changes are computed against it, and its version is the
  // If-Match (a newer version read in the meantime must not silently win over the user's edit).
  const [base, setBase] = useState(() => ({
    body: bodyOf(formOf(expert)),
    etag: record.etag,
    version: expert.version,
  }));
  const save = useApiMutation(
    ({ patch, etag }: { patch: UpdateExpertInput; etag: string | undefined }) =>
      api.patch<ExpertProfile>(`/experts/${expert.id}`, patch, etag ? { ifMatch: etag } : {}),
    {
      form,
      invalidates: ['experts', 'matches'],
      success: t('profile.saved'),
      onSuccess: (reply) =>
        setBase({ body: bodyOf(formOf(reply.data)), etag: reply.etag, version: reply.data.version }),
      onError: (error, vars) =>
        stale(error, async () => {
          const fresh = await refetch();
          save.mutate({ patch: vars.patch, etag: fresh.data?.etag });
        }),
    },
  );
  const onFinish = (values: ProfileForm) => {
    const patch = changes(base.body, bodyOf(values));
    if (Object.keys(patch).length === 0) {
      void message.info(t('profile.nothingChanged'));
      return;
    }
    save.mutate({ patch, etag: base.etag });
  };
  const loadLatest = () => {
    form.resetFields();
    form.setFieldsValue(formOf(expert));
    setBase({ body: bodyOf(formOf(expert)), etag: record.etag, version: expert.version });
  };
  const newer = expert.version > base.version && !save.isPending;
  return (
    <Row gutter={24}>
      <Col xs={24} xl={17}>
        {newer && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('profile.newerTitle', { version: expert.version })}
            description={t('profile.newerText')}
            action={
              <Button size="small" onClick={loadLatest} data-testid="profile-load-latest">
                {t('profile.loadLatest')}
              </Button>
            }
          />
        )}
        <Form<ProfileForm>
          form={form}
          name="profile"
          layout="vertical"
          initialValues={initial}
          onFinish={onFinish}
        >
          <ProfileFields creating={false} />
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="profile-save">
              {t('common:actions.save')}
            </Button>
            <Button onClick={() => form.resetFields()}>{t('profile.resetForm')}</Button>
          </Space>
        </Form>
      </Col>
      <Col xs={24} xl={7}>
        <StatusCard expert={expert} />
      </Col>
    </Row>
  );
}

function ProfileCreator() {
  const { t } = useTranslation('expert');
  const principal = usePrincipal();
  const [form] = Form.useForm<ProfileForm>();
  const create = useApiMutation((body: Body) => api.post<ExpertProfile>('/experts', body), {
    form,
    invalidates: ['experts', 'matches'],
    success: t('profile.created'),
  });
  const initial: ProfileForm = {
    ...(principal.region ? { region: principal.region } : {}),
    languages: ['中文'],
    contactVisibility: 'cadres',
    academician: false,
  };
  return (
    <Flex vertical gap={16}>
      <Alert type="warning" showIcon title={t('profile.noneTitle')} description={t('profile.noneText')} />
      <Form<ProfileForm>
        form={form}
        name="profile"
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => create.mutate(bodyOf(values))}
      >
        <ProfileFields creating />
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="profile-create">
          {t('profile.create')}
        </Button>
      </Form>
    </Flex>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation('expert');
  const mine = useMyExpert();
  const expertId = mine.data?.id;
  const versioned = useQuery({
    queryKey: ['experts', expertId, 'versioned'],
    queryFn: () => api.getVersioned<ExpertProfile>(`/experts/${expertId}`),
    enabled: Boolean(expertId),
  });
  let body;
  if (mine.isError) body = <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (mine.isPending) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else if (mine.data === null) body = <ProfileCreator />;
  else if (versioned.isError)
    body = <ErrorState error={versioned.error} onRetry={() => void versioned.refetch()} />;
  else if (!versioned.data) body = <Skeleton active paragraph={{ rows: 10 }} />;
  else
    body = <ProfileEditor key={versioned.data.data.id} record={versioned.data} refetch={versioned.refetch} />;
  return (
    <>
      <Typography.Title level={2}>{t('profile.pageTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('profile.lead')}</Typography.Paragraph>
      {body}
    </>
  );
}
