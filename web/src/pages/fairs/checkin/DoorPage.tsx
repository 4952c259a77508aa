import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Form, Input, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { CheckinLists, FairPage } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { DoorScanner } from './DoorScanner';

/** The door (入场核验): choose the fair, the list and the gate, then scan; works offline. */
export default function DoorPage() {
  const { t } = useTranslation('fairs-checkin');
  const [params, setParams] = useSearchParams();
  const fairId = params.get('fair') ?? undefined;
  const listId = params.get('list') ?? 'main';
  const gate = params.get('gate') ?? '';
  const choose = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const fairs = useQuery({
    queryKey: ['fairs', 'door', 'mine'],
    queryFn: ({ signal }) => api.get<FairPage>('/fairs', { pageSize: 100 }, signal),
  });
  const managed = (fairs.data?.items ?? []).filter((f) => f.canManage && f.status !== 'cancelled');
  const lists = useQuery({
    queryKey: ['fairs', fairId, 'checkin-lists'],
    queryFn: ({ signal }) => api.get<CheckinLists>(`/fairs/${fairId}/checkin-lists`, undefined, signal),
    enabled: !!fairId,
  });
  const list = lists.data?.lists.find((l) => l.id === listId);
  const setup = useMemo(
    () => (fairId && gate ? { fairId, listId, gate } : undefined),
    [fairId, listId, gate],
  );
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3}>{t('door.title')}</Typography.Title>
      {fairs.error && <ErrorState error={fairs.error} onRetry={() => void fairs.refetch()} />}
      <Card>
        <Form layout="inline">
          <Form.Item label={t('door.fair')}>
            <Select
              data-testid="door-fair"
              aria-label={t('door.fair')}
              style={{ minWidth: 280 }}
              loading={fairs.isLoading}
              value={fairId}
              onChange={(value: string) => choose({ fair: value, list: undefined })}
              options={managed.map((f) => ({ value: f.id, label: f.title }))}
              placeholder={t('door.chooseFair')}
            />
          </Form.Item>
          <Form.Item label={t('door.list')}>
            <Select
              data-testid="door-list"
              aria-label={t('door.list')}
              style={{ minWidth: 180 }}
              value={listId}
              onChange={(value: string) => choose({ list: value })}
              options={(lists.data?.lists ?? []).map((l) => ({ value: l.id, label: l.name }))}
            />
          </Form.Item>
          <Form.Item label={t('door.gate')}>
            <Input
              data-testid="door-gate"
              defaultValue={gate}
              placeholder={t('door.gatePlaceholder')}
              onBlur={(e) => choose({ gate: e.target.value.trim() || undefined })}
              onPressEnter={(e) => choose({ gate: (e.target as HTMLInputElement).value.trim() || undefined })}
            />
          </Form.Item>
          {fairId && (
            <Form.Item>
              <Link to={`/fairs/${fairId}/wall`}>{t('door.openWall')}</Link>
            </Form.Item>
          )}
        </Form>
      </Card>
      {setup ? (
        <Card>
          <DoorScanner setup={setup} exits={list?.exits ?? false} />
        </Card>
      ) : (
        <Empty description={t('door.chooseFirst')} />
      )}
    </Flex>
  );
}
