import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { ExhibitorApplicationInput, ExhibitorView } from '@qingshui/contracts';
import { api, isApiError } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { usePrincipal } from '../../../auth/AuthProvider';
import { ErrorState } from '../../../components/ErrorState';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { CERTIFICATION_OPTIONS, ExhibitorStatusTag, countyOptions, useFair } from './exhibitorUi';

type FormValues = ExhibitorApplicationInput;

/** An enterprise applies to a fair as an exhibitor, with its products; and follows its application. */
export default function ApplyPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation('fairs-exhibitors');
  const { message } = App.useApp();
  const principal = usePrincipal();
  const orgId = principal.orgId ?? '';
  const [form] = Form.useForm<FormValues>();
  useRoom(id ? `fair:${id}` : undefined);
  const fair = useFair(id);
  const path = `/fairs/${id}/exhibitors/${orgId}`;
  const mine = useQuery({
    queryKey: ['fairs', id, 'exhibitors', orgId],
    queryFn: async ({ signal }) => {
      try {
        return await api.getVersioned<ExhibitorView>(path, signal);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
    enabled: Boolean(id && orgId),
  });
  const application = mine.data?.data;
  const etag = mine.data?.etag;

  const fairLoaded = Boolean(fair.data);
  useEffect(() => {
    // The form mounts once the fair is there: fill it then, not before.
    if (!application || !fairLoaded) return;
    const shown = application.pendingChanges?.proposed ?? {
      enterpriseName: application.enterprise?.name ?? '',
      products: application.products ?? [],
      note: application.note ?? '',
    };
    form.setFieldsValue({
      ...shown,
      boothTypeId: application.boothTypeId ?? '',
      booths: application.booths ?? 1,
    });
  }, [application, form, fairLoaded]);

  const save = useApiMutation(
    (values: FormValues) => api.put<ExhibitorView>(path, values, etag ? { ifMatch: etag } : {}),
    { form, invalidates: ['fairs'], success: t('apply.saved') },
  );
  const step = useApiMutation(
    // Guarded by the application's status on the server: no version needed.
    (which: 'submit' | 'withdraw') => api.post<ExhibitorView>(`${path}/${which}`, {}),
    {
      invalidates: ['fairs'],
      onSuccess: (_v, which) =>
        void message.success(t(which === 'submit' ? 'apply.submitted' : 'apply.withdrawn')),
    },
  );

  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to="/fairs">{t('nav.fairs', { ns: 'common' })}</Link> },
        { title: <Link to={`/fairs/${id}`}>{fair.data?.data.title ?? id}</Link> },
        { title: t('apply.title') },
      ]}
    />
  );
  if (fair.isError || mine.isError)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <ErrorState error={fair.error ?? mine.error} onRetry={() => void mine.refetch()} />
      </Flex>
    );
  if (!fair.data || mine.isLoading)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <Card>
          <Skeleton active />
        </Card>
      </Flex>
    );
  const boothTypes = fair.data.data.boothTypes;
  const editable = application ? application.canEdit : fair.data.data.status === 'exhibitors-open';
  const accepted = application?.status === 'accepted';

  return (
    <Flex vertical gap={16}>
      {crumbs}
      <Space align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('apply.title')}
        </Typography.Title>
        {application && <ExhibitorStatusTag status={application.status} />}
      </Space>
      <Typography.Text type="secondary">{t('apply.intro')}</Typography.Text>
      {application?.status === 'accepted' && (
        <Alert
          type="success"
          showIcon
          data-testid="apply-accepted"
          title={t('apply.accepted', { booths: (application.boothIds ?? []).join('、') })}
        />
      )}
      {application?.status === 'rejected' && (
        <Alert
          type="error"
          showIcon
          title={t('apply.rejected', { reason: application.rejectReason ?? '' })}
        />
      )}
      {application?.pendingChanges && (
        <Alert type="warning" showIcon data-testid="apply-pending" title={t('apply.changesPending')} />
      )}
      {!application?.pendingChanges && application?.lastChangesReview?.outcome === 'rejected' && (
        <Alert
          type="error"
          showIcon
          title={t('apply.changesRejected', { reason: application.lastChangesReview.reason ?? '' })}
        />
      )}
      {application && !application.canEdit && !application.canWithdraw && (
        <Alert type="info" showIcon title={t('apply.final')} />
      )}
      {!application && !editable && <Alert type="info" showIcon title={t('panel.callClosed')} />}
      <Card>
        <Form<FormValues>
          form={form}
          name="exhibitorApplication"
          layout="vertical"
          disabled={!editable}
          initialValues={{ booths: 1, note: '', products: [{ certifications: [], photos: [] }] }}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item
            name="enterpriseName"
            label={t('apply.enterpriseName')}
            rules={[{ required: true, message: t('apply.required') }]}
          >
            <Input placeholder={t('apply.enterpriseNamePlaceholder')} data-testid="apply-enterprise-name" />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item
              name="boothTypeId"
              label={t('apply.boothType')}
              rules={[{ required: true, message: t('apply.required') }]}
            >
              <Select
                style={{ minWidth: 220 }}
                disabled={accepted || !editable}
                data-testid="apply-booth-type"
                options={boothTypes.map((type) => ({
                  value: type.id,
                  label: `${type.name}（${type.sizeM2}㎡）`,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="booths"
              label={t('apply.booths')}
              rules={[{ required: true, message: t('apply.required') }]}
            >
              <InputNumber min={1} max={20} disabled={accepted || !editable} data-testid="apply-booths" />
            </Form.Item>
          </Space>
          <Typography.Title level={5}>{t('apply.products')}</Typography.Title>
          <Form.List name="products">
            {(fields, { add, remove }) => (
              <Flex vertical gap={12}>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    data-testid={`apply-product-${index}`}
                    extra={
                      fields.length > 1 && (
                        <Button
                          type="link"
                          danger
                          icon={<MinusCircleOutlined />}
                          onClick={() => remove(field.name)}
                          data-testid={`apply-product-remove-${index}`}
                        >
                          {t('apply.removeProduct')}
                        </Button>
                      )
                    }
                  >
                    <Space wrap align="start">
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('apply.productName')}
                        rules={[{ required: true, message: t('apply.required') }]}
                      >
                        <Input data-testid={`apply-product-name-${index}`} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'category']}
                        label={t('apply.category')}
                        rules={[{ required: true, message: t('apply.required') }]}
                      >
                        <Input
                          placeholder={t('apply.categoryPlaceholder')}
                          data-testid={`apply-product-category-${index}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'county']}
                        label={t('apply.county')}
                        rules={[{ required: true, message: t('apply.required') }]}
                      >
                        <Select
                          style={{ minWidth: 160 }}
                          showSearch
                          optionFilterProp="label"
                          options={countyOptions()}
                          data-testid={`apply-product-county-${index}`}
                        />
                      </Form.Item>
                    </Space>
                    <Form.Item name={[field.name, 'certifications']} label={t('apply.certifications')}>
                      <Checkbox.Group
                        options={CERTIFICATION_OPTIONS.map((c) => ({ value: c, label: c }))}
                        data-testid={`apply-product-certs-${index}`}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'photos']} label={t('apply.photos')}>
                      <Select mode="tags" placeholder={t('apply.photosPlaceholder')} open={false} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'description']} label={t('apply.description')}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                  </Card>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ certifications: [], photos: [] })}
                  data-testid="apply-add-product"
                >
                  {t('apply.addProduct')}
                </Button>
              </Flex>
            )}
          </Form.List>
          <Form.Item name="note" label={t('apply.note')} style={{ marginTop: 16 }}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('apply.notePlaceholder')} />
          </Form.Item>
        </Form>
        <Space wrap>
          {editable && (
            <Button
              type={application?.canSubmit ? 'default' : 'primary'}
              loading={save.isPending}
              onClick={() => form.submit()}
              data-testid="apply-save"
            >
              {accepted ? t('apply.saveChanges') : t('apply.save')}
            </Button>
          )}
          {application?.canSubmit && (
            <Button
              type="primary"
              loading={step.isPending}
              onClick={() => step.mutate('submit')}
              data-testid="apply-submit"
            >
              {t('apply.submit')}
            </Button>
          )}
          {application?.canWithdraw && (
            <Popconfirm title={t('apply.withdrawConfirm')} onConfirm={() => step.mutate('withdraw')}>
              <Button danger data-testid="apply-withdraw">
                {t('apply.withdraw')}
              </Button>
            </Popconfirm>
          )}
          <Link to={`/fairs/${id}/booths`}>{t('mine.boothMap')}</Link>
        </Space>
      </Card>
    </Flex>
  );
}
