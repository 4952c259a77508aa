import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Form, InputNumber, Select, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuotaBoard, QuotaFigures } from '@qingshui/contracts';
import { PAIRS } from '@qingshui/regions';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { ExportButtons } from '../../../components/ExportButtons';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { pairOf } from '@qingshui/regions';
import { useExchangeLive } from '../postings/exchangeUi';

const pairName = (pairId: string) => {
  const pair = PAIRS.find((p) => p.id === pairId);
  return pair ? `${regionName(pair.beijing.id)}—${regionName(pair.county.id)}` : pairId;
};

/** The admin sets a direction's quota for the year (never below what is used). */
function SetQuota({ figures }: { figures: QuotaFigures }) {
  const { t } = useTranslation('exchange-placements');
  const [form] = Form.useForm<{ total: number }>();
  const save = useApiMutation(
    ({ total }: { total: number }) =>
      api.put<QuotaFigures>(
        `/exchange/quotas/${figures.year}/${figures.direction}`,
        {
          total,
          perPair: Object.fromEntries(
            figures.pairs.filter((p) => p.limit !== undefined).map((p) => [p.pairId, p.limit]),
          ),
        },
        { ifMatch: String(figures.version) },
      ),
    { form, invalidates: ['exchange'], success: t('saved') },
  );
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ total: figures.total }}
      onFinish={(v) => save.mutate(v)}
    >
      <Form.Item name="total" label={t('total')} rules={[{ required: true }]}>
        <InputNumber min={0} max={1000} data-testid={`quota-total-${figures.direction}`} />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending}>
        {t('set')}
      </Button>
    </Form>
  );
}

/** The quota board (年度名额): per direction used, pending and free, per pair, short exchanges apart; live. */
export default function QuotasPage() {
  const { t } = useTranslation('exchange-placements');
  const { t: tp } = useTranslation('exchange-postings');
  const { hasRole, principal } = useAuth();
  const [year, setYear] = useState(2027);
  const pairId = pairOf(principal?.region ?? '')?.id;
  useRoom(pairId ? `pair:${pairId}` : undefined);
  useExchangeLive();
  const board = useQuery({
    queryKey: ['exchange', 'quotas', year],
    queryFn: ({ signal }) => api.get<QuotaBoard>('/exchange/quotas', { year }, signal),
  });
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Flex gap={8}>
          <Select
            value={year}
            onChange={setYear}
            options={[2025, 2026, 2027, 2028].map((y) => ({
              value: y,
              label: tp('board.year', { year: y }),
            }))}
          />
          <ExportButtons path="/exchange/quotas/usage/export" query={{ year }} testId="quota-export" />
        </Flex>
      </Flex>
      {(board.data?.directions ?? []).map((d) => (
        <Card
          key={d.direction}
          title={tp(`direction.${d.direction}`)}
          data-testid={`quota-board-${d.direction}`}
        >
          <Flex gap={32} wrap style={{ marginBottom: 16 }}>
            <Statistic title={t('total')} value={d.total} />
            <Statistic title={tp('board.used')} value={d.used} />
            <Statistic title={tp('board.pending')} value={d.pending} />
            <Statistic title={tp('board.free')} value={d.free} />
            <Statistic
              title={tp('board.short')}
              value={d.short.used}
              suffix={tp('board.shortPending', { n: d.short.pending })}
            />
            {hasRole('admin') && <SetQuota figures={d} />}
          </Flex>
          <Table
            rowKey="pairId"
            size="small"
            pagination={false}
            dataSource={d.pairs}
            columns={[
              { title: t('pair'), render: (_, p) => pairName(p.pairId) },
              { title: t('limit'), render: (_, p) => p.limit ?? '—' },
              { title: tp('board.used'), dataIndex: 'used' },
              { title: tp('board.pending'), dataIndex: 'pending' },
              { title: t('shortUsed'), dataIndex: 'shortUsed' },
              { title: t('shortPending'), dataIndex: 'shortPending' },
            ]}
          />
        </Card>
      ))}
    </Flex>
  );
}
