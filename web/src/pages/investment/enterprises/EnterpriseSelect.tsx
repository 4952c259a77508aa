import { Button, Divider, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CreateEnterpriseReply, EnterprisePage } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { regionName } from '../../../app/regionName';
import { ReasonTags, regionOptions, useDebounced, useDuplicateHints } from './enterpriseUi';

interface NewEnterpriseValues {
  name: string;
  creditCode?: string;
  region?: string;
  phone?: string;
  email?: string;
}

/**
 * Picks an enterprise record for a lead (the leads part's forms): searches by name or credit code,
 * and creates a new record with duplicate hints as the name, code or contact is typed.
 */
export function EnterpriseSelect(props: { value?: string; onChange?: (enterpriseId: string) => void }) {
  const { t } = useTranslation('investment-enterprises');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const q = useDebounced(search);
  const found = useQuery({
    queryKey: ['investment-enterprises', 'list', { q, pageSize: 20 }],
    queryFn: ({ signal }) =>
      api.get<EnterprisePage>('/investment/enterprises', { ...(q ? { q } : {}), pageSize: 20 }, signal),
  });
  const options = (found.data?.items ?? []).map((e) => ({
    value: e.id,
    label: `${e.name}${e.creditCode ? `（${e.creditCode}）` : ''} · ${regionName(e.region)}`,
  }));
  if (props.value && !options.some((o) => o.value === props.value))
    options.unshift({ value: props.value, label: props.value });
  return (
    <>
      <Select
        showSearch
        value={props.value}
        placeholder={t('select.placeholder')}
        filterOption={false}
        onSearch={setSearch}
        onChange={(id: string) => props.onChange?.(id)}
        loading={found.isFetching}
        options={options}
        aria-label={t('select.label')}
        popupRender={(menu) => (
          <>
            {menu}
            <Divider style={{ margin: '4px 0' }} />
            <Button type="link" onClick={() => setCreating(true)}>
              {t('select.create')}
            </Button>
          </>
        )}
      />
      <NewEnterpriseModal
        open={creating}
        initialName={search}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          props.onChange?.(id);
        }}
        onPick={(id) => {
          setCreating(false);
          props.onChange?.(id);
        }}
      />
    </>
  );
}

/** A new record's form, showing possible duplicates while typing (pick one instead, or create). */
export function NewEnterpriseModal(props: {
  open: boolean;
  initialName?: string;
  onClose(): void;
  onCreated(id: string): void;
  onPick?(id: string): void;
}) {
  const { t } = useTranslation('investment-enterprises');
  const [form] = Form.useForm<NewEnterpriseValues>();
  const values = Form.useWatch([], form) ?? {};
  const hints = useDuplicateHints(
    { name: values.name, phone: values.phone, email: values.email, creditCode: values.creditCode },
    props.open,
  );
  const create = useApiMutation(
    (body: NewEnterpriseValues) => api.post<CreateEnterpriseReply>('/investment/enterprises', body),
    {
      form,
      invalidates: ['investment-enterprises'],
      success: t('create.done'),
      onSuccess: (reply) => {
        form.resetFields();
        props.onCreated(reply.enterprise.id);
      },
    },
  );
  const candidates = hints.data?.candidates ?? [];
  return (
    <Modal
      open={props.open}
      title={t('create.title')}
      okText={t('create.submit')}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: props.initialName }}
        onFinish={(v) =>
          create.mutate(
            Object.fromEntries(
              Object.entries(v).filter(([, x]) => x !== undefined && x !== ''),
            ) as NewEnterpriseValues,
          )
        }
      >
        <Form.Item name="name" label={t('field.name')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="creditCode" label={t('field.creditCode')} extra={t('field.creditCodeHint')}>
          <Input maxLength={22} />
        </Form.Item>
        <Form.Item name="region" label={t('field.region')}>
          <Select allowClear showSearch optionFilterProp="label" options={regionOptions()} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="phone" label={t('field.phone')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('field.email')} style={{ flex: 1 }}>
            <Input type="email" />
          </Form.Item>
        </Space.Compact>
      </Form>
      {candidates.length > 0 && (
        <div role="region" aria-label={t('hints.title')}>
          <Typography.Text type="warning">{t('hints.title')}</Typography.Text>
          {candidates.map((c) => (
            <div
              key={c.enterprise.id}
              style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginTop: 6 }}
            >
              <span>
                {c.enterprise.name} · {regionName(c.enterprise.region)} <ReasonTags candidate={c} />
              </span>
              {props.onPick && (
                <Button size="small" onClick={() => props.onPick?.(c.enterprise.id)}>
                  {t('hints.use')}
                </Button>
              )}
            </div>
          ))}
        </div>
      )}
    </Modal>
  );
}
