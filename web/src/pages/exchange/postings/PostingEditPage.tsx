import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { CadreLevel, ExchangeDirection, ExchangeKind, PostingView } from '@qingshui/contracts';
import { PAIRS, pairOf } from '@qingshui/regions';
import { api, type ApiResponse } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { PresenceAvatars } from '../../../components/PresenceAvatars';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { useEditingMark } from '../../../realtime/usePresence';
import { useStaleWithWho } from './exchangeUi';

interface Values {
  title: string;
  unitId: string;
  unitName: string;
  pairId: string;
  direction: ExchangeDirection;
  kind: ExchangeKind;
  startDate: string;
  endDate: string;
  level: CadreLevel;
  requirements: string;
  places: number;
}
const LEVELS: CadreLevel[] = ['division', 'deputy-division', 'section', 'deputy-section', 'staff'];
const receivingOf = (pairId: string, direction: ExchangeDirection) => {
  const pair = PAIRS.find((p) => p.id === pairId);
  return direction === 'to-county' ? pair?.county.id : pair?.beijing.id;
};

/** The posting editor (发布/编辑岗位): a new draft, or a change saved with If-Match. */
export default function PostingEditPage() {
  const { id } = useParams() as { id?: string };
  const { t } = useTranslation('exchange-postings');
  const navigate = useNavigate();
  const { principal } = useAuth();
  const [form] = Form.useForm<Values>();
  const stale = useStaleWithWho();
  // Editing an existing posting: its readers see who edits it (presence on its record room).
  const room = id ? `posting:${id}` : undefined;
  useRoom(room);
  useEditingMark(room, true);
  const existing = useQuery({
    queryKey: ['exchange', 'posting', id],
    queryFn: ({ signal }) => api.getVersioned<PostingView>(`/exchange/postings/${id!}`, signal),
    enabled: id !== undefined,
  });
  const own = pairOf(principal?.region ?? '');
  const pairId = Form.useWatch('pairId', form) ?? own?.id;
  const direction = Form.useWatch('direction', form) ?? 'to-county';
  const receiving = receivingOf(pairId ?? '', direction);

  useEffect(() => {
    const p = existing.data?.data;
    if (p) form.setFieldsValue({ ...p, unitId: p.unit.id, unitName: p.unit.name });
    else if (!id && own)
      form.setFieldsValue({
        pairId: own.id,
        direction: principal?.region === own.county.id ? 'to-county' : 'to-beijing',
        kind: 'secondment',
        level: 'section',
        places: 1,
        requirements: '',
      });
  }, [existing.data, form, id, own, principal?.region]);

  const save = useApiMutation(
    async (values: Values): Promise<PostingView> => {
      const unit = { id: values.unitId, name: values.unitName, region: receiving ?? '' };
      const { unitId: _id, unitName: _name, ...rest } = values;
      if (!id) return api.post<PostingView>('/exchange/postings', { ...rest, unit });
      const { pairId: _p, direction: _d, ...patch } = rest;
      const response: ApiResponse<PostingView> = await api.patch<PostingView>(
        `/exchange/postings/${id}`,
        { ...patch, unit },
        { ifMatch: existing.data?.etag ?? String(existing.data?.data.version ?? '') },
      );
      return response.data;
    },
    {
      form,
      invalidates: ['exchange'],
      success: t('editor.saved'),
      onSuccess: (posting) => navigate(`/exchange/postings/${posting.id}`),
      onError: (error, values) =>
        stale(error, async () => {
          await existing.refetch();
          save.mutate(values);
        }),
    },
  );

  if (existing.isError) return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  return (
    <Card>
      <Flex justify="space-between" align="center">
        <Typography.Title level={2}>{id ? t('editor.editTitle') : t('editor.newTitle')}</Typography.Title>
        {id && <PresenceAvatars room={room} />}
      </Flex>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        style={{ maxWidth: 720 }}
      >
        <Form.Item name="title" label={t('fields.title')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input data-testid="posting-title" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="pairId" label={t('fields.pair')} style={{ flex: 1 }} rules={[{ required: true }]}>
            <Select
              disabled={!!id}
              options={PAIRS.map((p) => ({
                value: p.id,
                label: `${regionName(p.beijing.id)}—${regionName(p.county.id)}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="direction"
            label={t('fields.direction')}
            style={{ flex: 1 }}
            rules={[{ required: true }]}
          >
            <Select
              disabled={!!id}
              options={(['to-county', 'to-beijing'] as const).map((d) => ({
                value: d,
                label: t(`direction.${d}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('fields.kind')} style={{ flex: 1 }} rules={[{ required: true }]}>
            <Select
              options={(['secondment', 'short'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            />
          </Form.Item>
        </Flex>
        <Typography.Paragraph type="secondary">
          {t('editor.receiving', { region: regionName(receiving) })}
        </Typography.Paragraph>
        <Flex gap={12}>
          <Form.Item
            name="unitName"
            label={t('fields.unit')}
            style={{ flex: 2 }}
            rules={[{ required: true, min: 2 }]}
          >
            <Input placeholder={t('editor.unitPlaceholder')} data-testid="posting-unit-name" />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('fields.unitId')}
            style={{ flex: 1 }}
            rules={[{ required: true }]}
          >
            <Input placeholder={`gov-${receiving ?? ''}`} data-testid="posting-unit-id" />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item
            name="startDate"
            label={t('fields.startDate')}
            style={{ flex: 1 }}
            rules={[{ required: true }]}
          >
            <Input type="date" data-testid="posting-start" />
          </Form.Item>
          <Form.Item
            name="endDate"
            label={t('fields.endDate')}
            style={{ flex: 1 }}
            rules={[{ required: true }]}
          >
            <Input type="date" data-testid="posting-end" />
          </Form.Item>
          <Form.Item name="level" label={t('fields.level')} style={{ flex: 1 }} rules={[{ required: true }]}>
            <Select options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item
            name="places"
            label={t('fields.places')}
            style={{ flex: 1 }}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={50} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="requirements" label={t('fields.requirements')}>
          <Input.TextArea rows={4} maxLength={3000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="posting-save">
          {t('editor.save')}
        </Button>
      </Form>
    </Card>
  );
}
