import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Form,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { ExpertField, SlotList, SlotSummary } from '@qingshui/contracts';
import { COUNTY_IDS } from '@qingshui/regions';
import { api } from '../../api/client';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../i18n/format';
import { FIELD_IDS } from '../common/fields';
import { seatsLeft, slotTitle } from '../common/slotText';

interface SlotFilters {
  county?: string;
  field?: ExpertField;
  dates?: [Dayjs, Dayjs] | null;
  available?: boolean;
}

function Seats({ slot }: { slot: SlotSummary }) {
  const { t } = useTranslation('expert');
  const left = seatsLeft(slot);
  return (
    <Flex vertical gap={2}>
      <Badge
        status={
          slot.status === 'cancelled' ? 'default' : left === 0 ? 'error' : left <= 2 ? 'warning' : 'success'
        }
        text={
          <span style={{ whiteSpace: 'nowrap' }}>{t('slots.seats', { left, capacity: slot.capacity })}</span>
        }
      />
      {slot.waitlistLength > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('slots.waitlist', { n: slot.waitlistLength })}
        </Typography.Text>
      )}
    </Flex>
  );
}

function StatusTag({ slot }: { slot: SlotSummary }) {
  const { t } = useTranslation('expert');
  if (slot.status === 'cancelled') return <Tag>{t('slots.status.cancelled')}</Tag>;
  const now = new Date().toISOString();
  if (slot.closesAt <= now) return <Tag color="default">{t('slots.status.closed')}</Tag>;
  if (slot.opensAt > now) return <Tag color="blue">{t('slots.status.notYet')}</Tag>;
  if (seatsLeft(slot) === 0) return <Tag color="orange">{t('slots.status.full')}</Tag>;
  return <Tag color="green">{t('slots.status.open')}</Tag>;
}

function Period({ slot }: { slot: SlotSummary }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {formatDateTime(slot.start)}
      <br />
      {'– '}
      {formatDateTime(slot.end)}
    </span>
  );
}

const countyOptions = () => COUNTY_IDS.map((id) => ({ value: id, label: regionName(id) }));

function SlotsTab() {
  const { t } = useTranslation('expert');
  const navigate = useNavigate();
  const [form] = Form.useForm<SlotFilters>();
  const [filters, setFilters] = useState<SlotFilters>({});
  const query = {
    county: filters.county,
    field: filters.field,
    from: filters.dates?.[0]?.startOf('day').toISOString(),
    to: filters.dates?.[1]?.endOf('day').toISOString(),
    available: filters.available ? true : undefined,
    limit: 200,
  };
  const slots = useQuery({
    queryKey: ['slots', 'search', query],
    queryFn: () => api.get<SlotList>('/slots', query),
  });
  const columns = [
    {
      title: t('slots.columns.station'),
      key: 'station',
      render: (_: unknown, s: SlotSummary) => (
        <>
          <Link to={`/slots/${s.id}`}>{slotTitle(s)}</Link>
          {s.address && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.address}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t('slots.columns.county'),
      key: 'county',
      width: 110,
      render: (_: unknown, s: SlotSummary) => regionName(s.county),
    },
    {
      title: t('slots.columns.fields'),
      key: 'fields',
      width: 220,
      render: (_: unknown, s: SlotSummary) => (
        <Space size={[4, 4]} wrap>
          {(s.fields ?? []).map((f) => (
            <Tag key={f}>{t(`common:fields.${f}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('slots.columns.period'),
      key: 'period',
      width: 190,
      render: (_: unknown, s: SlotSummary) => <Period slot={s} />,
    },
    {
      title: t('slots.columns.seats'),
      key: 'seats',
      width: 150,
      render: (_: unknown, s: SlotSummary) => <Seats slot={s} />,
    },
    {
      title: t('slots.columns.status'),
      key: 'status',
      width: 130,
      render: (_: unknown, s: SlotSummary) => (
        <Space orientation="vertical" size={2}>
          <StatusTag slot={s} />
          {s.approvalRequired && <Tag color="gold">{t('slots.approval')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('slots.columns.actions'),
      key: 'actions',
      width: 100,
      render: (_: unknown, s: SlotSummary) => (
        <Button size="small" onClick={() => navigate(`/slots/${s.id}`)} data-testid={`open-slot-${s.id}`}>
          {t('slots.open')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Form<SlotFilters>
        form={form}
        name="slotFilters"
        layout="inline"
        onFinish={(values) => setFilters(values)}
        style={{ marginBottom: 16, rowGap: 12 }}
      >
        <Form.Item name="county" label={t('slots.filters.county')}>
          <Select
            allowClear
            options={countyOptions()}
            placeholder={t('slots.filters.any')}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item name="field" label={t('slots.filters.field')}>
          <Select
            allowClear
            placeholder={t('slots.filters.any')}
            style={{ width: 190 }}
            options={FIELD_IDS.map((id) => ({ value: id, label: t(`common:fields.${id}`) }))}
          />
        </Form.Item>
        <Form.Item name="dates" label={t('slots.filters.dates')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="available" valuePropName="checked">
          <Checkbox>{t('slots.filters.available')}</Checkbox>
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common:actions.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('common:actions.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {slots.isError ? (
        <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />
      ) : (
        <Table<SlotSummary>
          rowKey="id"
          loading={slots.isPending}
          dataSource={slots.data?.items ?? []}
          columns={columns}
          pagination={{
            pageSize: 10,
            hideOnSinglePage: true,
            showTotal: (total) => t('common:list.total', { total }),
          }}
          locale={{ emptyText: <Empty description={t('slots.empty')} /> }}
        />
      )}
    </>
  );
}

function ToursTab() {
  const { t } = useTranslation('expert');
  const navigate = useNavigate();
  const [county, setCounty] = useState<string>();
  const [past, setPast] = useState(false);
  const query = { county, upcoming: !past };
  const tours = useQuery({ queryKey: ['tours', query], queryFn: () => api.get<SlotList>('/tours', query) });
  const columns = [
    {
      title: t('slots.columns.tour'),
      key: 'title',
      render: (_: unknown, s: SlotSummary) => (
        <>
          <Link to={`/slots/${s.id}`}>{slotTitle(s)}</Link>
          {s.description && (
            <Typography.Paragraph
              type="secondary"
              style={{ fontSize: 12, margin: 0 }}
              ellipsis={{ rows: 1, tooltip: s.description }}
            >
              {s.description}
            </Typography.Paragraph>
          )}
        </>
      ),
    },
    {
      title: t('slots.columns.route'),
      key: 'route',
      width: 200,
      render: (_: unknown, s: SlotSummary) => s.counties.map((c) => regionName(c)).join(' → '),
    },
    {
      title: t('slots.columns.period'),
      key: 'period',
      width: 190,
      render: (_: unknown, s: SlotSummary) => <Period slot={s} />,
    },
    {
      title: t('slots.columns.seats'),
      key: 'seats',
      width: 150,
      render: (_: unknown, s: SlotSummary) => <Seats slot={s} />,
    },
    {
      title: t('slots.columns.status'),
      key: 'status',
      width: 130,
      render: (_: unknown, s: SlotSummary) => (
        <Space orientation="vertical" size={2}>
          <StatusTag slot={s} />
          {s.eligibility?.verifiedOnly && <Tag color="purple">{t('slots.verifiedOnly')}</Tag>}
          {s.approvalRequired && <Tag color="gold">{t('slots.approval')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('slots.columns.actions'),
      key: 'actions',
      width: 100,
      render: (_: unknown, s: SlotSummary) => (
        <Button size="small" onClick={() => navigate(`/slots/${s.id}`)} data-testid={`open-tour-${s.id}`}>
          {t('slots.open')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
        <Space>
          <label htmlFor="tour-county">{t('slots.filters.county')}</label>
          <Select
            id="tour-county"
            allowClear
            value={county}
            onChange={setCounty}
            options={countyOptions()}
            placeholder={t('slots.filters.any')}
            style={{ width: 140 }}
          />
        </Space>
        <Space>
          <Switch id="tour-past" checked={past} onChange={setPast} />
          <label htmlFor="tour-past">{t('slots.filters.includePast')}</label>
        </Space>
      </Flex>
      {tours.isError ? (
        <ErrorState error={tours.error} onRetry={() => void tours.refetch()} />
      ) : (
        <Table<SlotSummary>
          rowKey="id"
          loading={tours.isPending}
          dataSource={tours.data?.items ?? []}
          columns={columns}
          pagination={{
            pageSize: 10,
            hideOnSinglePage: true,
            showTotal: (total) => t('common:list.total', { total }),
          }}
          locale={{ emptyText: <Empty description={t('slots.toursEmpty')} /> }}
        />
      )}
    </>
  );
}

export default function SlotsPage() {
  const { t } = useTranslation('expert');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'tours' ? 'tours' : 'slots';
  return (
    <>
      <Typography.Title level={2}>{t('slots.pageTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('slots.lead')}</Typography.Paragraph>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'tours' ? { tab: 'tours' } : {}, { replace: true })}
          items={[
            { key: 'slots', label: t('slots.tabSlots'), children: <SlotsTab /> },
            { key: 'tours', label: t('slots.tabTours'), children: <ToursTab /> },
          ]}
        />
      </Card>
    </>
  );
}
