import {
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { TicketTypeInput, TicketTypesView } from '@qingshui/contracts';
import { request } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { ErrorState } from '../../../components/ErrorState';
import { useStaleVersionHandler } from '../../../components/StaleVersion';
import { useFair, useTicketTypes } from './registrationUi';

interface Values {
  types: (TicketTypeInput & { days?: string[] })[];
}

/** The organiser's editor of a fair's ticket types: kinds, quotas per day and window, caps, consent. */
export default function TicketTypesPage() {
  const { t } = useTranslation('fairs-registrations');
  const { id = '' } = useParams();
  const fair = useFair(id);
  const types = useTicketTypes(id);
  const [form] = Form.useForm<Values>();
  const stale = useStaleVersionHandler();
  useEffect(() => {
    if (types.data && !form.isFieldsTouched())
      form.setFieldsValue({ types: types.data.data.types.map(({ places: _places, ...type }) => type) });
  }, [types.data, form]);
  const save = useApiMutation(
    (values: Values) =>
      request<TicketTypesView>('PUT', `/fairs/${id}/ticket-types`, {
        body: {
          types: values.types.map((type) => ({
            ...type,
            days: type.days && type.days.length > 0 ? type.days : undefined,
            orgCap: type.orgCap || undefined,
            windows: type.windows ?? [],
          })),
        },
        ...(types.data?.etag ? { ifMatch: types.data.etag } : {}),
      }),
    {
      form,
      invalidates: ['fairs'],
      success: t('types.saved'),
      // Reload the types and keep the edits on screen: saving again applies them to the new version.
      onError: (error) => stale(error, async () => void (await types.refetch())),
    },
  );
  if (fair.error || types.error)
    return <ErrorState error={fair.error ?? types.error} onRetry={() => void types.refetch()} />;
  if (!fair.data || !types.data) return <Skeleton active />;
  const dayOptions = fair.data.days.map((d) => ({ value: d.date, label: d.date }));
  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          { title: <Link to="/fairs">{t('nav.fairs')}</Link> },
          { title: <Link to={`/fairs/${id}`}>{fair.data.title}</Link> },
          { title: t('types.title') },
        ]}
      />
      <Typography.Title level={3}>{t('types.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('types.hint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        data-testid="ticket-types-form"
      >
        <Form.List name="types">
          {(fields, { add, remove }) => (
            <Flex vertical gap={12}>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  data-testid={`ticket-type-${field.name}`}
                  extra={<Button onClick={() => remove(field.name)}>{t('types.remove')}</Button>}
                >
                  <Space wrap align="start">
                    <Form.Item
                      name={[field.name, 'id']}
                      label={t('types.id')}
                      rules={[{ required: true, pattern: /^[a-z0-9-]{1,32}$/ }]}
                    >
                      <Input style={{ width: 120 }} data-testid={`type-id-${field.name}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('types.name')}
                      rules={[{ required: true }]}
                    >
                      <Input style={{ width: 160 }} data-testid={`type-name-${field.name}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'kind']}
                      label={t('types.kind')}
                      rules={[{ required: true }]}
                    >
                      <Select
                        style={{ width: 140 }}
                        data-testid={`type-kind-${field.name}`}
                        options={(['public', 'trade', 'press'] as const).map((k) => ({
                          value: k,
                          label: t(`kind.${k}`),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'quotaPerDay']}
                      label={t('types.quotaPerDay')}
                      rules={[{ required: true }]}
                    >
                      <InputNumber min={0} data-testid={`type-quota-${field.name}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'perPersonLimit']}
                      label={t('types.perPersonLimit')}
                      initialValue={1}
                    >
                      <InputNumber min={1} max={50} data-testid={`type-limit-${field.name}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'orgCap']} label={t('types.orgCap')}>
                      <InputNumber min={1} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'askLeadConsent']}
                      label={t('types.askLeadConsent')}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                  </Space>
                  <Form.Item name={[field.name, 'days']} label={t('types.days')}>
                    <Checkbox.Group options={dayOptions} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} label={t('types.description')}>
                    <Input.TextArea maxLength={500} autoSize />
                  </Form.Item>
                  <Form.List name={[field.name, 'windows']}>
                    {(windows, w) => (
                      <Flex vertical gap={4}>
                        <Typography.Text>{t('types.windows')}</Typography.Text>
                        {windows.map((win) => (
                          <Space key={win.key} wrap>
                            <Form.Item name={[win.name, 'id']} noStyle rules={[{ required: true }]}>
                              <Input placeholder="am" style={{ width: 80 }} />
                            </Form.Item>
                            <Form.Item name={[win.name, 'name']} noStyle rules={[{ required: true }]}>
                              <Input placeholder={t('types.windowName')} style={{ width: 100 }} />
                            </Form.Item>
                            <Form.Item name={[win.name, 'startsAt']} noStyle rules={[{ required: true }]}>
                              <Input placeholder="09:00" style={{ width: 80 }} />
                            </Form.Item>
                            <Form.Item name={[win.name, 'endsAt']} noStyle rules={[{ required: true }]}>
                              <Input placeholder="12:00" style={{ width: 80 }} />
                            </Form.Item>
                            <Form.Item name={[win.name, 'quota']} noStyle rules={[{ required: true }]}>
                              <InputNumber min={0} placeholder={t('types.windowQuota')} />
                            </Form.Item>
                            <Button onClick={() => w.remove(win.name)}>{t('types.remove')}</Button>
                          </Space>
                        ))}
                        <Button
                          size="small"
                          onClick={() =>
                            w.add({ id: '', name: '', startsAt: '09:00', endsAt: '12:00', quota: 0 })
                          }
                        >
                          {t('types.addWindow')}
                        </Button>
                      </Flex>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button
                data-testid="ticket-types-add"
                onClick={() =>
                  add({
                    id: '',
                    name: '',
                    kind: 'public',
                    quotaPerDay: 100,
                    perPersonLimit: 1,
                    windows: [],
                    askLeadConsent: false,
                  })
                }
              >
                {t('types.add')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          style={{ marginTop: 16 }}
          data-testid="ticket-types-save"
        >
          {t('types.save')}
        </Button>
      </Form>
    </Flex>
  );
}
