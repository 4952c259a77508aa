import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinList, CheckinLists, FairView } from '@qingshui/contracts';
import { api, request } from '../../../api/client';

/** The organiser's check-in lists: which types and days each admits, exits and re-entry. */
export function ListsEditor({ fair }: { fair: FairView }) {
  const { t } = useTranslation('fairs-checkin');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ lists: CheckinList[] }>();
  const key = ['fairs', fair.id, 'checkin-lists'];
  const lists = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => request<CheckinLists>('GET', `/fairs/${fair.id}/checkin-lists`, { signal }),
    enabled: open,
  });
  const save = async () => {
    const values = await form.validateFields();
    try {
      await api.put(
        `/fairs/${fair.id}/checkin-lists`,
        values,
        lists.data?.etag ? { ifMatch: lists.data.etag } : {},
      );
      message.success(t('lists.saved'));
      setOpen(false);
      await client.invalidateQueries({ queryKey: key });
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <>
      <Button data-testid="lists-edit" onClick={() => setOpen(true)}>
        {t('lists.edit')}
      </Button>
      <Modal
        open={open}
        title={t('lists.title')}
        width={760}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        okButtonProps={{ 'data-testid': 'lists-save' } as Record<`data-${string}`, string>}
        destroyOnHidden
      >
        {lists.data && (
          <Form form={form} layout="vertical" initialValues={{ lists: lists.data.data.lists }}>
            <Form.List name="lists">
              {(fields, { add, remove }) => (
                <Flex vertical gap={8}>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} align="start" wrap>
                      <Form.Item
                        name={[field.name, 'id']}
                        label={t('lists.id')}
                        rules={[{ required: true, pattern: /^[a-z0-9-]{1,32}$/ }]}
                      >
                        <Input style={{ width: 100 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('lists.name')}
                        rules={[{ required: true }]}
                      >
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'typeIds']} label={t('lists.types')}>
                        <Select mode="tags" style={{ width: 140 }} placeholder={t('lists.all')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'days']} label={t('lists.days')}>
                        <Select
                          mode="multiple"
                          style={{ width: 150 }}
                          placeholder={t('lists.all')}
                          options={fair.days.map((d) => ({ value: d.date, label: d.date }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'exits']} valuePropName="checked" label=" ">
                        <Checkbox>{t('lists.exits')}</Checkbox>
                      </Form.Item>
                      <Form.Item name={[field.name, 'reentry']} valuePropName="checked" label=" ">
                        <Checkbox>{t('lists.reentry')}</Checkbox>
                      </Form.Item>
                      <MinusCircleOutlined
                        aria-label={t('lists.remove')}
                        style={{ marginTop: 36 }}
                        onClick={() => remove(field.name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() =>
                      add({ id: '', name: '', typeIds: [], days: [], exits: false, reentry: false })
                    }
                  >
                    {t('lists.add')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </Form>
        )}
      </Modal>
    </>
  );
}
