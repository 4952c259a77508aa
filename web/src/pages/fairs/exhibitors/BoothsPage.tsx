import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Flex,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { BoothMap, SetBoothRulesBody } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { useStaleVersionHandler } from '../../../components/StaleVersion';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { countyOptions, useFair } from './exhibitorUi';

type Booth = BoothMap['booths'][number];

function BoothTile({ booth }: { booth: Booth }) {
  const assigned = booth.state === 'assigned';
  return (
    <Tooltip title={assigned ? `${booth.enterpriseName}（${regionName(booth.county)}）` : undefined}>
      <div
        data-testid={`booth-${booth.id}`}
        data-state={booth.state}
        style={{
          width: 64,
          height: 44,
          borderRadius: 4,
          fontSize: 11,
          padding: 2,
          overflow: 'hidden',
          border: `1px solid ${assigned ? '#389e0d' : '#d9d9d9'}`,
          background: assigned ? '#f6ffed' : '#fafafa',
        }}
      >
        <div style={{ fontWeight: 600 }}>{booth.id}</div>
        {assigned && (
          <div style={{ whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>{booth.enterpriseName}</div>
        )}
      </div>
    </Tooltip>
  );
}

type RulesForm = Omit<SetBoothRulesBody, 'reserveForEveryCounty'> & { reserveForEveryCounty?: number | null };

function RulesEditor({
  fairId,
  map,
  etag,
  refetch,
}: {
  fairId: string;
  map: BoothMap;
  etag?: string;
  refetch: () => Promise<unknown>;
}) {
  const { t } = useTranslation('fairs-exhibitors');
  const [form] = Form.useForm<RulesForm>();
  const stale = useStaleVersionHandler();
  useEffect(() => {
    form.setFieldsValue({
      maxBoothsPerEnterprise: map.rules.maxBoothsPerEnterprise,
      reservedPerCounty: map.rules.reservedPerCounty,
      reserveForEveryCounty: null,
    });
  }, [map, form]);
  const save = useApiMutation(
    (values: RulesForm) =>
      api.put<BoothMap>(
        `/fairs/${fairId}/booth-rules`,
        {
          maxBoothsPerEnterprise: values.maxBoothsPerEnterprise ?? null,
          reservedPerCounty: values.reservedPerCounty ?? [],
          ...(values.reserveForEveryCounty ? { reserveForEveryCounty: values.reserveForEveryCounty } : {}),
        },
        etag ? { ifMatch: etag } : {},
      ),
    {
      form,
      invalidates: ['fairs'],
      success: t('booths.rulesSaved'),
      onError: (error) => stale(error, async () => void (await refetch())),
    },
  );
  return (
    <Card title={t('booths.rules')} data-testid="booth-rules">
      <Form<RulesForm>
        form={form}
        layout="vertical"
        name="boothRules"
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="maxBoothsPerEnterprise" label={t('booths.maxPerEnterprise')}>
          <InputNumber
            min={1}
            max={2000}
            placeholder={t('booths.maxPlaceholder')}
            data-testid="booth-rules-max"
          />
        </Form.Item>
        <Typography.Text strong>{t('booths.reservations')}</Typography.Text>
        <Form.List name="reservedPerCounty">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ marginTop: 8 }}>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'county']} rules={[{ required: true }]}>
                    <Select
                      style={{ minWidth: 160 }}
                      showSearch
                      optionFilterProp="label"
                      options={countyOptions()}
                      data-testid={`booth-rules-county-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'booths']} rules={[{ required: true }]}>
                    <InputNumber min={0} max={2000} data-testid={`booth-rules-booths-${i}`} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ booths: 1 })}
                data-testid="booth-rules-add"
              >
                {t('booths.addReservation')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Form.Item
          name="reserveForEveryCounty"
          label={t('booths.reserveEvery')}
          extra={t('booths.reserveEveryHelp')}
          style={{ marginTop: 16 }}
        >
          <InputNumber min={1} max={100} data-testid="booth-rules-every" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="booth-rules-save">
          {t('booths.saveRules')}
        </Button>
      </Form>
    </Card>
  );
}

/** The booth map of a fair: every booth free or whose, per-county reservations, the rules editor. */
export default function BoothsPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation('fairs-exhibitors');
  useRoom(id ? `fair:${id}` : undefined);
  const fair = useFair(id);
  const query = useQuery({
    queryKey: ['fairs', id, 'booths'],
    queryFn: ({ signal }) => api.getVersioned<BoothMap>(`/fairs/${id}/booths`, signal),
    enabled: Boolean(id),
  });
  const map = query.data?.data;
  const assigned = (map?.booths ?? []).filter((b) => b.state === 'assigned');

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          { title: <Link to="/fairs">{t('nav.fairs', { ns: 'common' })}</Link> },
          { title: <Link to={`/fairs/${id}`}>{fair.data?.data.title ?? id}</Link> },
          { title: t('booths.title') },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('booths.title')}
        </Typography.Title>
        <Link to={`/fairs/${id}/exhibitors`}>
          {map?.canManage ? t('panel.review') : t('panel.exhibitors')}
        </Link>
      </Flex>
      <Alert type="info" showIcon title={t('booths.ruleExplained')} />
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Flex vertical gap={16}>
              {(map?.types ?? []).map((type) => (
                <Card
                  key={type.id}
                  title={type.name}
                  extra={<Tag>{t('booths.free', { free: type.free, count: type.count })}</Tag>}
                  loading={query.isLoading}
                  data-testid={`booth-type-${type.id}`}
                >
                  <Flex gap={6} wrap>
                    {map!.booths
                      .filter((b) => b.boothTypeId === type.id)
                      .map((booth) => (
                        <BoothTile key={booth.id} booth={booth} />
                      ))}
                  </Flex>
                </Card>
              ))}
              <Card title={t('booths.assignments')}>
                <Table<Booth>
                  size="small"
                  rowKey="id"
                  dataSource={assigned}
                  data-testid="booth-assignments"
                  pagination={{ pageSize: 20 }}
                  columns={[
                    { title: t('booths.booth'), dataIndex: 'id' },
                    { title: t('booths.holder'), dataIndex: 'enterpriseName' },
                    { title: t('booths.county'), dataIndex: 'county', render: (c: string) => regionName(c) },
                  ]}
                />
              </Card>
            </Flex>
          </Col>
          <Col xs={24} xl={8}>
            <Flex vertical gap={16}>
              <Card title={t('booths.counties')}>
                <Table
                  size="small"
                  rowKey="county"
                  pagination={false}
                  dataSource={map?.counties ?? []}
                  data-testid="booth-counties"
                  columns={[
                    { title: t('booths.county'), dataIndex: 'county', render: (c: string) => regionName(c) },
                    { title: t('booths.reserved'), dataIndex: 'reserved', align: 'right' },
                    {
                      title: t('booths.used'),
                      dataIndex: 'used',
                      align: 'right',
                      render: (used: number, row: { reserved: number }) => (
                        <Typography.Text type={used < row.reserved ? 'warning' : undefined}>
                          {used}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              </Card>
              {map?.canManage && (
                <RulesEditor fairId={id} map={map} etag={query.data?.etag} refetch={() => query.refetch()} />
              )}
            </Flex>
          </Col>
        </Row>
      )}
    </Flex>
  );
}
