import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Form, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { CadreView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { formatDate, formatDateTime } from '../../../i18n/format';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { useExchangeLive, useStaleWithWho } from '../postings/exchangeUi';
import { CadreFields, type CadreValues } from './CadreForm';

/** One cadre profile: unit, level, fields, languages, prior postings, the placements held. */
export default function CadrePage() {
  const { id } = useParams() as { id: string };
  const { t } = useTranslation('exchange-cadres');
  const { t: tp } = useTranslation('exchange-postings');
  const { principal, hasRole } = useAuth();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<CadreValues>();
  const stale = useStaleWithWho();
  useRoom(`cadre:${id}`);
  useExchangeLive();
  const query = useQuery({
    queryKey: ['exchange', 'cadre', id],
    queryFn: ({ signal }) => api.get<CadreView>(`/exchange/cadres/${id}`, undefined, signal),
  });
  const cadre = query.data;
  useEffect(() => {
    if (cadre && editing) form.setFieldsValue(cadre);
  }, [cadre, editing, form]);
  const save = useApiMutation(
    async ({ unitId: _i, unitName: _n, ...patch }: CadreValues) =>
      (await api.patch<CadreView>(`/exchange/cadres/${id}`, patch, { ifMatch: String(cadre?.version ?? '') }))
        .data,
    {
      form,
      invalidates: ['exchange'],
      success: t('saved'),
      onSuccess: () => setEditing(false),
      onError: (error, values) =>
        stale(error, async () => {
          await query.refetch();
          save.mutate(values);
        }),
    },
  );
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!cadre) return <Card loading />;
  const keeper = hasRole('admin') || (hasRole('cadre') && principal?.region === cadre.unit.region);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {cadre.name} <Tag>{tp(`level.${cadre.level}`)}</Tag>
        </Typography.Title>
        {keeper && !editing && <Button onClick={() => setEditing(true)}>{t('edit')}</Button>}
      </Flex>
      {editing ? (
        <Card>
          <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} style={{ maxWidth: 560 }}>
            <CadreFields withUnit={false} />
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('save')}
            </Button>
          </Form>
        </Card>
      ) : (
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('fields.unit')}>
              {cadre.unit.name}（{regionName(cadre.unit.region)}）
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.position')}>{cadre.position}</Descriptions.Item>
            <Descriptions.Item label={t('fields.fields')}>{cadre.fields.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('fields.languages')}>{cadre.languages.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('fields.updated')}>
              {cadre.updatedByName ?? cadre.updatedBy} · {formatDateTime(cadre.updatedAt)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card size="small" title={t('fields.priorPostings')}>
        <List
          dataSource={cadre.priorPostings}
          locale={{ emptyText: '—' }}
          renderItem={(p) => (
            <List.Item>
              {p.title} · {p.unitName} · {formatDate(p.startDate)} – {formatDate(p.endDate)}
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('fields.holds')}>
        <List
          dataSource={cadre.holds}
          locale={{ emptyText: '—' }}
          renderItem={(h) => (
            <List.Item>
              <Link to={`/exchange/postings/${h.postingId}`}>{t('holdLink')}</Link> ·{' '}
              {formatDate(h.startDate)} – {formatDate(h.endDate)}
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
