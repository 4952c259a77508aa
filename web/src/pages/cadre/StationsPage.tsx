import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { COUNTY_IDS } from '@qingshui/regions';
import type { CreateStationInput, StationList, StationView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { usePrincipal } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { useRoom } from '../../realtime/RealtimeProvider';
import { formatDate } from '../../i18n/format';
import { regionName } from '../../app/regionName';
import { PairPicker, useCountyOptions, useFieldOptions, usePairSelection } from './shared';

const ALL = 'all';

/** The workstations of my pair's county (or any county), and opening a new one. */
export default function StationsPage() {
  const { t } = useTranslation('cadre');
  const principal = usePrincipal();
  const { pair, counterpart, admin, setPairId } = usePairSelection();
  useRoom(counterpart ? `region:${counterpart}` : undefined);
  const [filter, setFilter] = useState<string>();
  const county = filter ?? pair?.county.id ?? ALL;
  const stations = useQuery({
    queryKey: ['stations', 'list', county],
    queryFn: ({ signal }) => api.get<StationList>('/stations', county === ALL ? {} : { county }, signal),
  });
  const [creating, setCreating] = useState(false);
  const mayCreate = admin || (!!principal.region && COUNTY_IDS.includes(principal.region));
  const countyOptions = useCountyOptions();

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('stations.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('stations.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          {admin && (
            <PairPicker
              value={pair?.id}
              onChange={(id) => {
                setPairId(id);
                setFilter(undefined);
              }}
            />
          )}
          <Select
            aria-label={t('stations.filterCounty')}
            style={{ width: 200 }}
            value={county}
            onChange={setFilter}
            options={[{ value: ALL, label: t('stations.allCounties') }, ...countyOptions]}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            disabled={!mayCreate}
            data-testid="station-create"
          >
            {t('stations.create')}
          </Button>
        </Space>
      </Flex>
      {!mayCreate && <Alert type="info" showIcon title={t('stations.onlyCounty')} />}
      <Card>
        {stations.isError ? (
          <ErrorState error={stations.error} onRetry={() => void stations.refetch()} />
        ) : (
          <Table<StationView>
            data-testid="stations-table"
            rowKey="id"
            loading={stations.isLoading}
            dataSource={stations.data?.items ?? []}
            pagination={(stations.data?.items.length ?? 0) > 10 ? { pageSize: 10 } : false}
            locale={{
              emptyText: (
                <Empty description={t('stations.empty')}>
                  {mayCreate && !stations.isLoading && (
                    <Button type="primary" onClick={() => setCreating(true)}>
                      {t('stations.create')}
                    </Button>
                  )}
                </Empty>
              ),
            }}
            columns={[
              {
                title: t('stations.name'),
                key: 'name',
                render: (_, s) => (
                  <Flex vertical>
                    <Link to={`/cadre/stations/${s.id}`}>{s.name}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {s.address}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('stations.county'),
                key: 'county',
                width: 170,
                render: (_, s) => (
                  <Flex vertical>
                    <span>{regionName(s.county)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('stations.pairedWith', { district: regionName(s.pairedDistrict) })}
                    </Typography.Text>
                  </Flex>
                ),
              },
              { title: t('stations.host'), dataIndex: 'hostOrgId', width: 190 },
              {
                title: t('stations.fields'),
                key: 'fields',
                render: (_, s) => (
                  <Flex wrap gap={4}>
                    {s.fields.map((f) => (
                      <Tag key={f}>{t(`common:fields.${f}`)}</Tag>
                    ))}
                  </Flex>
                ),
              },
              {
                title: t('stations.manage'),
                key: 'manage',
                width: 110,
                render: (_, s) =>
                  s.canManage ? (
                    <Tag color="blue">{t('stations.canManage')}</Tag>
                  ) : (
                    <Tag>{t('stations.readOnly')}</Tag>
                  ),
              },
              {
                title: t('stations.createdAt'),
                key: 'createdAt',
                width: 130,
                render: (_, s) => formatDate(s.createdAt),
              },
            ]}
          />
        )}
      </Card>
      <CreateStationDrawer
        open={creating}
        onClose={() => setCreating(false)}
        defaultCounty={pair?.county.id}
      />
    </Flex>
  );
}

interface StationFormValues {
  name: string;
  county: string;
  hostOrgId: string;
  fields: CreateStationInput['fields'];
  address: string;
  cadreUserIds?: string[];
}

function CreateStationDrawer({
  open,
  onClose,
  defaultCounty,
}: {
  open: boolean;
  onClose: () => void;
  defaultCounty: string | undefined;
}) {
  const { t } = useTranslation('cadre');
  const principal = usePrincipal();
  const navigate = useNavigate();
  const [form] = Form.useForm<StationFormValues>();
  const fieldOptions = useFieldOptions();
  const countyOptions = useCountyOptions();
  const create = useApiMutation((body: StationFormValues) => api.post<StationView>('/stations', body), {
    form,
    invalidates: ['stations', 'board'],
    success: t('stations.created'),
    onSuccess: (station) => {
      onClose();
      navigate(`/cadre/stations/${station.id}`);
    },
  });
  const required = { required: true, message: t('form.required') };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={560}
      title={t('stations.createTitle')}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => form.submit()}
            data-testid="station-submit"
          >
            {t('common:actions.create')}
          </Button>
        </Space>
      }
    >
      <Form<StationFormValues>
        form={form}
        name="station"
        layout="vertical"
        initialValues={{
          county:
            principal.region && COUNTY_IDS.includes(principal.region) ? principal.region : defaultCounty,
          hostOrgId: principal.orgId,
          fields: [],
          cadreUserIds: [],
        }}
        onFinish={(values) => create.mutate({ ...values, cadreUserIds: values.cadreUserIds ?? [] })}
      >
        <Form.Item name="name" label={t('stations.form.name')} rules={[required]}>
          <Input placeholder={t('stations.form.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="county"
          label={t('stations.form.county')}
          rules={[required]}
          extra={t('stations.form.countyHint')}
        >
          <Select options={countyOptions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item
          name="hostOrgId"
          label={t('stations.form.host')}
          rules={[required]}
          extra={t('stations.form.hostHint')}
        >
          <Input placeholder="gov-xichuan" />
        </Form.Item>
        <Form.Item name="fields" label={t('stations.form.fields')} rules={[required]}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={fieldOptions}
            placeholder={t('stations.form.fieldsPlaceholder')}
          />
        </Form.Item>
        <Form.Item name="address" label={t('stations.form.address')} rules={[required]}>
          <Input.TextArea rows={2} placeholder={t('stations.form.addressPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="cadreUserIds"
          label={t('stations.form.cadres')}
          extra={t('stations.form.cadresHint')}
        >
          <Select mode="tags" tokenSeparators={[',', ' ', '，']} open={false} suffixIcon={null} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
