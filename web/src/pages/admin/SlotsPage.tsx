import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Progress,
  Select,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SlotList, SlotSummary } from '@qingshui/contracts';
import { api } from '../../api/client';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../i18n/format';
import { filterByLabel, useCountyOptions, useFieldOptions } from '../enterprise/challengeUi';
import { FieldTags } from './expertUi';

function Seats({ slot }: { slot: SlotSummary }) {
  const { t } = useTranslation('admin');
  const full = slot.seatsTaken >= slot.capacity;
  return (
    <Flex vertical gap={0}>
      <Progress
        percent={slot.capacity ? Math.round((slot.seatsTaken / slot.capacity) * 100) : 0}
        size="small"
        status={full ? 'exception' : 'normal'}
        aria-label={t('slots.colSeats')}
        format={() => t('slots.seats', { taken: slot.seatsTaken, capacity: slot.capacity })}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {full ? t('slots.full') : t('slots.free', { count: slot.capacity - slot.seatsTaken })}
        {slot.waitlistLength > 0 && ` · ${t('slots.waitlist', { count: slot.waitlistLength })}`}
        {slot.offersOpen > 0 && ` · ${t('slots.offers', { count: slot.offersOpen })}`}
      </Typography.Text>
    </Flex>
  );
}

function useColumns(kind: 'slot' | 'tour'): TableProps<SlotSummary>['columns'] {
  const { t } = useTranslation('admin');
  return [
    {
      title: kind === 'slot' ? t('slots.colStation') : t('slots.colTour'),
      key: 'name',
      render: (_: unknown, s) => (
        <Flex vertical>
          <Link to={`/slots/${s.id}`}>{(kind === 'slot' ? s.stationName : s.title) ?? s.id}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {kind === 'slot'
              ? s.address
              : t('slots.stops', {
                  count: s.stops?.length ?? 0,
                  counties: s.counties.map((c) => regionName(c)).join('、'),
                })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('slots.colCounty'),
      key: 'county',
      width: 150,
      render: (_: unknown, s) => (
        <Flex vertical>
          <span>{regionName(s.county)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('slots.paired', { districts: s.pairedDistricts.map((d) => regionName(d)).join('、') })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('slots.colFields'),
      key: 'fields',
      width: 200,
      render: (_: unknown, s) => (s.fields?.length ? <FieldTags fields={s.fields} /> : t('slots.anyField')),
    },
    {
      title: t('slots.colWhen'),
      key: 'when',
      width: 200,
      render: (_: unknown, s) => (
        <Flex vertical>
          <span>{formatDateTime(s.start)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('slots.until', { end: formatDateTime(s.end) })}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('slots.colSeats'), key: 'seats', width: 200, render: (_: unknown, s) => <Seats slot={s} /> },
    {
      title: t('slots.colStatus'),
      key: 'status',
      width: 130,
      render: (_: unknown, s) => (
        <Flex gap={4} wrap>
          {s.status === 'cancelled' ? (
            <Tag color="error">{t('slots.cancelled')}</Tag>
          ) : (
            <Tag color="success">{t('slots.open')}</Tag>
          )}
          {s.approvalRequired && <Tag color="gold">{t('slots.approval')}</Tag>}
        </Flex>
      ),
    },
  ];
}

function SlotsTab() {
  const { t } = useTranslation('admin');
  const [filters, setFilters] = useState<{
    county?: string;
    field?: string;
    range?: [Dayjs | null, Dayjs | null] | null;
    available: boolean;
  }>({ available: false });
  const countyOptions = useCountyOptions();
  const fieldOptions = useFieldOptions();
  const columns = useColumns('slot');
  const params = {
    county: filters.county,
    field: filters.field,
    from: filters.range?.[0]?.startOf('day').format(),
    to: filters.range?.[1]?.endOf('day').format(),
    available: filters.available,
    limit: 200,
  };
  const query = useQuery({
    queryKey: ['slots', 'all', params],
    queryFn: ({ signal }) => api.get<SlotList>('/slots', params, signal),
    placeholderData: keepPreviousData,
  });
  const items = query.data?.items ?? [];
  return (
    <Flex vertical gap={16}>
      <Form layout="inline" name="slotFilters" style={{ rowGap: 12 }}>
        <Form.Item label={t('filters.county')} htmlFor="slotFilters_county">
          <Select
            id="slotFilters_county"
            allowClear
            style={{ width: 150 }}
            placeholder={t('filters.all')}
            options={countyOptions}
            showSearch={{ filterOption: filterByLabel }}
            value={filters.county}
            onChange={(county?: string) => setFilters((f) => ({ ...f, county }))}
          />
        </Form.Item>
        <Form.Item label={t('filters.field')} htmlFor="slotFilters_field">
          <Select
            id="slotFilters_field"
            allowClear
            style={{ width: 190 }}
            placeholder={t('filters.all')}
            options={fieldOptions}
            showSearch={{ filterOption: filterByLabel }}
            value={filters.field}
            onChange={(field?: string) => setFilters((f) => ({ ...f, field }))}
          />
        </Form.Item>
        <Form.Item label={t('slots.dates')} htmlFor="slotFilters_range">
          <DatePicker.RangePicker
            id={{ start: 'slotFilters_range' }}
            value={filters.range ?? null}
            onChange={(range) => setFilters((f) => ({ ...f, range }))}
          />
        </Form.Item>
        <Form.Item label={t('slots.availableOnly')} htmlFor="slotFilters_available">
          <Switch
            id="slotFilters_available"
            checked={filters.available}
            onChange={(available) => setFilters((f) => ({ ...f, available }))}
          />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('slots.slotsHint')}</Typography.Text>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<SlotSummary>
          rowKey="id"
          data-testid="slots"
          columns={columns}
          dataSource={items}
          loading={query.isPending || (query.isFetching && query.isPlaceholderData)}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('slots.empty')} />,
          }}
          pagination={{
            pageSize: 20,
            showTotal: (total) => t('common:list.total', { total }),
            hideOnSinglePage: true,
          }}
        />
      )}
    </Flex>
  );
}

function ToursTab() {
  const { t } = useTranslation('admin');
  const [filters, setFilters] = useState<{ county?: string; upcoming: boolean }>({ upcoming: true });
  const countyOptions = useCountyOptions();
  const columns = useColumns('tour');
  const query = useQuery({
    queryKey: ['tours', 'all', filters],
    queryFn: ({ signal }) => api.get<SlotList>('/tours', filters, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Flex vertical gap={16}>
      <Form layout="inline" name="tourFilters" style={{ rowGap: 12 }}>
        <Form.Item label={t('filters.county')} htmlFor="tourFilters_county">
          <Select
            id="tourFilters_county"
            allowClear
            style={{ width: 150 }}
            placeholder={t('filters.all')}
            options={countyOptions}
            showSearch={{ filterOption: filterByLabel }}
            value={filters.county}
            onChange={(county?: string) => setFilters((f) => ({ ...f, county }))}
          />
        </Form.Item>
        <Form.Item label={t('slots.upcomingOnly')} htmlFor="tourFilters_upcoming">
          <Switch
            id="tourFilters_upcoming"
            checked={filters.upcoming}
            onChange={(upcoming) => setFilters((f) => ({ ...f, upcoming }))}
          />
        </Form.Item>
      </Form>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<SlotSummary>
          rowKey="id"
          data-testid="tours"
          columns={columns}
          dataSource={query.data?.items ?? []}
          loading={query.isPending || (query.isFetching && query.isPlaceholderData)}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('slots.emptyTours')} />,
          }}
          pagination={{
            pageSize: 20,
            showTotal: (total) => t('common:list.total', { total }),
            hideOnSinglePage: true,
          }}
        />
      )}
    </Flex>
  );
}

/** Every workstation slot and tour of every pair, with their seats. */
export default function SlotsPage() {
  const { t } = useTranslation('admin');
  const slots = useQuery({
    queryKey: ['slots', 'all', 'totals'],
    queryFn: ({ signal }) => api.get<SlotList>('/slots', { limit: 200 }, signal),
  });
  const tours = useQuery({
    queryKey: ['tours', 'all', 'totals'],
    queryFn: ({ signal }) => api.get<SlotList>('/tours', {}, signal),
  });
  const every = [...(slots.data?.items ?? []), ...(tours.data?.items ?? [])];
  const seats = every.reduce((sum, s) => sum + s.capacity, 0);
  const taken = every.reduce((sum, s) => sum + s.seatsTaken, 0);
  const waiting = every.reduce((sum, s) => sum + s.waitlistLength, 0);
  const loading = slots.isPending || tours.isPending;
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t('slots.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('slots.subtitle')}</Typography.Text>
      </div>
      <Flex gap={16} wrap>
        {[
          { key: 'slots', title: t('slots.statSlots'), value: slots.data?.items.length },
          { key: 'tours', title: t('slots.statTours'), value: tours.data?.items.length },
          { key: 'seats', title: t('slots.statSeats'), value: loading ? undefined : `${taken} / ${seats}` },
          { key: 'waiting', title: t('slots.statWaiting'), value: loading ? undefined : waiting },
        ].map((s) => (
          <Card key={s.key} style={{ flex: 1, minWidth: 160 }}>
            <Statistic title={s.title} value={s.value ?? '—'} loading={loading} />
          </Card>
        ))}
      </Flex>
      <Card>
        <Tabs
          items={[
            { key: 'slots', label: t('slots.tabSlots'), children: <SlotsTab /> },
            { key: 'tours', label: t('slots.tabTours'), children: <ToursTab /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
