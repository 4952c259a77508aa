import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Form, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CadrePage, CadreView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { useExchangeLive } from '../postings/exchangeUi';
import { CadreFields, type CadreValues } from './CadreForm';

/** Cadre profiles (干部档案) of the caller's region and the paired one; the caller's region adds them. */
export default function CadresPage() {
  const { t } = useTranslation('exchange-cadres');
  const { t: tp } = useTranslation('exchange-postings');
  const { principal } = useAuth();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<CadreValues>();
  useExchangeLive();
  const list = useQuery({
    queryKey: ['exchange', 'cadres', 'all'],
    queryFn: ({ signal }) => api.get<CadrePage>('/exchange/cadres', { pageSize: 200 }, signal),
  });
  const create = useApiMutation(
    ({ unitId, unitName, ...values }: CadreValues) =>
      api.post<CadreView>('/exchange/cadres', {
        ...values,
        fields: values.fields ?? [],
        languages: values.languages?.length ? values.languages : ['普通话'],
        unit: { id: unitId, name: unitName, region: principal?.region ?? '' },
      }),
    {
      form,
      invalidates: ['exchange'],
      success: t('saved'),
      onSuccess: () => {
        setAdding(false);
        form.resetFields();
      },
    },
  );
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {principal?.region && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="cadre-new">
            {t('new')}
          </Button>
        )}
      </Flex>
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={[
          {
            title: t('fields.name'),
            render: (_, c) => <Link to={`/exchange/cadres/${c.id}`}>{c.name}</Link>,
          },
          { title: t('fields.unit'), render: (_, c) => `${c.unit.name}（${regionName(c.unit.region)}）` },
          { title: t('fields.position'), dataIndex: 'position' },
          { title: t('fields.level'), render: (_, c) => tp(`level.${c.level}`) },
          { title: t('fields.fields'), render: (_, c) => c.fields.map((f) => <Tag key={f}>{f}</Tag>) },
          { title: t('fields.holds'), render: (_, c) => c.holds.length },
        ]}
      />
      <Modal
        open={adding}
        title={t('new')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ unitId: principal?.orgId, level: 'section', languages: ['普通话'] }}
          onFinish={(values) => create.mutate(values)}
        >
          <CadreFields withUnit />
        </Form>
      </Modal>
    </Flex>
  );
}
