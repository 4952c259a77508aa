import { Empty, Flex, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SlotSummary } from '@qingshui/contracts';
import { formatDate } from '../../i18n/format';
import { regionName } from '../../app/regionName';
import { slotLabel } from './Approvals';
import { Seats, SlotStateTags } from './shared';

/** Tours with their itinerary's counties, dates, live seats and a check-in link. */
export function TourTable({
  items,
  loading,
  testId = 'board-tours',
}: {
  items: SlotSummary[];
  loading: boolean;
  testId?: string;
}) {
  const { t } = useTranslation('cadre');
  return (
    <Table<SlotSummary>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={items.length > 8 ? { pageSize: 8 } : false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tours.empty')} /> }}
      columns={[
        {
          title: t('tours.name'),
          key: 'title',
          render: (_, s) => (
            <Flex vertical gap={2}>
              <Link to={`/slots/${s.id}`}>{slotLabel(s)}</Link>
              <SlotStateTags slot={s} />
            </Flex>
          ),
        },
        {
          title: t('tours.route'),
          key: 'route',
          render: (_, s) => (
            <Flex wrap gap={4}>
              {(s.stops ?? []).map((stop, i) => (
                <Tag key={i}>
                  {i + 1}. {regionName(stop.county)}
                </Tag>
              ))}
            </Flex>
          ),
        },
        {
          title: t('tours.dates'),
          key: 'dates',
          render: (_, s) => `${formatDate(s.start)} – ${formatDate(s.end)}`,
        },
        { title: t('slot.seats'), key: 'seats', render: (_, s) => <Seats slot={s} compact /> },
        {
          title: t('slot.checkIn'),
          key: 'checkin',
          width: 90,
          render: (_, s) => <Link to={`/cadre/slots/${s.id}/check-in`}>{t('slot.checkIn')}</Link>,
        },
      ]}
    />
  );
}
