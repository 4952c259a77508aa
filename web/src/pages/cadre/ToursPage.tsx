import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Segmented, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { SlotList } from '@qingshui/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { useRoom } from '../../realtime/RealtimeProvider';
import { TourTable } from './tables';
import { PairPicker, useCountyOptions, usePairSelection } from './shared';

const ALL = 'all';

/** Visit tours (库区行) through my pair's county, or any county: seats, itinerary, check-in. */
export default function ToursPage() {
  const { t } = useTranslation('cadre');
  const navigate = useNavigate();
  const { pair, counterpart, admin, setPairId } = usePairSelection();
  useRoom(counterpart ? `region:${counterpart}` : undefined);
  useRoom(pair ? `pair:${pair.id}` : undefined);
  const [filter, setFilter] = useState<string>();
  const [upcoming, setUpcoming] = useState(true);
  const county = filter ?? pair?.county.id ?? ALL;
  const tours = useQuery({
    queryKey: ['tours', county, upcoming],
    queryFn: ({ signal }) =>
      api.get<SlotList>('/tours', { ...(county === ALL ? {} : { county }), upcoming }, signal),
  });
  const countyOptions = useCountyOptions();

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('tours.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('tours.subtitle')}</Typography.Text>
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
          <Segmented
            aria-label={t('tours.when')}
            value={upcoming ? 'upcoming' : 'all'}
            onChange={(v) => setUpcoming(v === 'upcoming')}
            options={[
              { value: 'upcoming', label: t('tours.upcoming') },
              { value: 'all', label: t('tours.all') },
            ]}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cadre/tours/new')}>
            {t('tours.create')}
          </Button>
        </Space>
      </Flex>
      <Card>
        {tours.isError ? (
          <ErrorState error={tours.error} onRetry={() => void tours.refetch()} />
        ) : (
          <TourTable items={tours.data?.items ?? []} loading={tours.isLoading} testId="tours-table" />
        )}
      </Card>
    </Flex>
  );
}
