import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  TimePicker,
  Typography,
} from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { pairOf } from '@qingshui/regions';
import type { FairView } from '@qingshui/contracts';
import { api, ApiError, isApiError } from '../../api/client';
import { showFieldErrors } from '../../api/forms';
import { useApiMutation } from '../../api/useApiMutation';
import { useAuth, usePrincipal } from '../../auth/AuthProvider';
import { EditingPresence } from '../../components/EditingPresence';
import { ErrorState } from '../../components/ErrorState';
import { useStaleVersionHandler } from '../../components/StaleVersion';
import { bodyOf, patchOf, relocate, valuesOf, type FairFormValues } from './fairForm';
import type { FairField } from '@qingshui/contracts';
import { FairStatusTag, filterByLabel, pairOptions } from './fairUi';

export default function FairEditPage() {
  const { id } = useParams<{ id: string }>();
  // A fresh form for each fair (and for a new one): the routes share this page.
  return <FairEditor key={id ?? 'new'} id={id} />;
}

function FairEditor({ id }: { id: string | undefined }) {
  const editing = Boolean(id);
  const { t } = useTranslation('fairs');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const principal = usePrincipal();
  const { hasRole } = useAuth();
  const [form] = Form.useForm<FairFormValues>();
  const stale = useStaleVersionHandler();

  const query = useQuery({
    queryKey: ['fairs', id],
    queryFn: ({ signal }) => api.getVersioned<FairView>(`/fairs/${id}`, signal),
    enabled: editing,
  });
  // The version the user's edit is based on, kept as it was loaded: a live refresh must not move
  // it, or a concurrent change would be overwritten without a 409.
  const base = useRef<{ fair: FairView; etag: string | undefined } | undefined>(undefined);
  useEffect(() => {
    if (!query.data || base.current) return;
    base.current = { fair: query.data.data, etag: query.data.etag };
    form.setFieldsValue(valuesOf(query.data.data));
  }, [query.data, form]);

  /** The API's field errors at the fields (row-wide ones at the row's first field). */
  const showErrors = (error: unknown): boolean => {
    if (!isApiError(error) || error.fields.length === 0) return false;
    const moved = new ApiError(
      error.status,
      error.code,
      error.message,
      error.fields.map(relocate),
      error.correlationId,
      error.retryAfterSeconds,
    );
    const unmatched = showFieldErrors(form, moved) ?? [];
    void message.error(
      unmatched.length
        ? `${t('common:errors.validation')}：${unmatched.join('；')}`
        : t('common:errors.validation'),
    );
    return true;
  };

  const create = useApiMutation((values: FairFormValues) => api.post<FairView>('/fairs', bodyOf(values)), {
    form,
    success: t('edit.created'),
    invalidates: ['fairs'],
    onError: (error) => showErrors(error),
    onSuccess: (fair) => navigate(`/fairs/${fair.id}`),
  });

  const update = useApiMutation(
    async (values: FairFormValues) => {
      const current = base.current;
      if (!current) throw new Error(t('edit.notLoaded'));
      const patch = patchOf(values, current.fair);
      if (Object.keys(patch).length === 0) return current.fair;
      const { data, etag } = await api.patch<FairView>(`/fairs/${id}`, patch, {
        ...(current.etag ? { ifMatch: current.etag } : {}),
      });
      base.current = { fair: data, etag };
      return data;
    },
    {
      form,
      success: t('edit.saved'),
      invalidates: ['fairs'],
      onSuccess: (fair) => navigate(`/fairs/${fair.id}`),
      onError: (error, values) =>
        stale(error, async () => {
          const fresh = await query.refetch();
          if (!fresh.data) return;
          // The user's changes (against what they started from) go onto the new version: what the
          // other person changed and the user did not touch stays as they left it.
          base.current = { fair: base.current?.fair ?? fresh.data.data, etag: fresh.data.etag };
          update.mutate(values);
        }) || showErrors(error),
    },
  );

  const fair = query.data?.data;
  const zones = Form.useWatch('zones', form);
  const boothTypes = Form.useWatch('boothTypes', form);
  const ownPair = hasRole('cadre') && principal.region ? pairOf(principal.region)?.id : undefined;
  const statusLabel = fair ? t(`status.${fair.status}`) : '';
  const readOnly = editing && fair !== undefined && !fair.canManage;
  // What may change now, as the API says for this user and this status.
  const frozen = editing && fair !== undefined && fair.canManage && fair.editable.length === 0;
  /** A field the fair's status no longer lets change. */
  const locked = (field: FairField) => editing && fair !== undefined && !fair.editable.includes(field);
  const lockedHint = (field: FairField) =>
    locked(field) && !frozen ? t('edit.locked', { status: statusLabel }) : undefined;
  const saving = create.isPending || update.isPending;
  const required = (label: string) => [{ required: true, message: t('edit.required', { label }) }];
  const zoneOptions = (zones ?? [])
    .filter((zone) => zone?.id)
    .map((zone) => ({
      value: zone.id as string,
      label: zone.name ? t('edit.zoneOption', { name: zone.name, id: zone.id }) : (zone.id as string),
    }));

  const heading = editing ? t('edit.titleEdit') : t('edit.titleNew');
  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to="/fairs">{t('list.title')}</Link> },
        ...(editing && fair ? [{ title: <Link to={`/fairs/${fair.id}`}>{fair.title}</Link> }] : []),
        { title: heading },
      ]}
    />
  );

  if (editing && query.isError)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <Typography.Title level={2}>{heading}</Typography.Title>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Flex>
    );

  const submit = (values: FairFormValues) => (editing ? update.mutate(values) : create.mutate(values));

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1080 }}>
      {crumbs}
      <div>
        <Space align="center" wrap>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {heading}
          </Typography.Title>
          {fair && <FairStatusTag status={fair.status} />}
          {fair && <EditingPresence room={`fair:${fair.id}`} editing={!readOnly} />}
        </Space>
        <div>
          <Typography.Text type="secondary">
            {editing ? t('edit.subtitleEdit') : t('edit.subtitleNew')}
          </Typography.Text>
        </div>
      </div>
      {readOnly && <Alert type="warning" showIcon title={t('edit.notManager')} />}
      {!readOnly && frozen && (
        <Alert type="warning" showIcon title={t('edit.frozen', { status: statusLabel })} />
      )}
      {!readOnly && fair && !frozen && fair.status !== 'draft' && (
        <Alert
          type="info"
          showIcon
          title={t('edit.partly', { status: statusLabel })}
          description={t(`edit.partlyWhat.${fair.status}`)}
        />
      )}
      {editing && query.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : (
        <Form<FairFormValues>
          form={form}
          name="fair"
          layout="vertical"
          requiredMark
          disabled={saving || readOnly || frozen}
          initialValues={{
            pairIds: ownPair ? [ownPair] : [],
            description: '',
            days: [{}],
            zones: [],
            boothTypes: [{ priceYuan: 0 }],
          }}
          onFinish={submit}
        >
          <Flex vertical gap={16}>
            <Card title={t('edit.sectionBasics')}>
              <Form.Item
                name="title"
                label={t('edit.fieldTitle')}
                rules={required(t('edit.fieldTitle'))}
                extra={lockedHint('title')}
              >
                <Input placeholder={t('edit.placeholderTitle')} disabled={locked('title')} />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('edit.fieldDescription')}
                extra={lockedHint('description')}
              >
                <Input.TextArea
                  autoSize={{ minRows: 3, maxRows: 10 }}
                  placeholder={t('edit.placeholderDescription')}
                  disabled={locked('description')}
                />
              </Form.Item>
              <Form.Item
                name="pairIds"
                label={t('edit.fieldPairs')}
                rules={required(t('edit.fieldPairs'))}
                extra={lockedHint('pairIds') ?? (ownPair ? t('edit.helpPairsCadre') : t('edit.helpPairs'))}
              >
                <Select
                  mode="multiple"
                  options={pairOptions()}
                  placeholder={t('edit.placeholderSelect')}
                  showSearch={{ filterOption: filterByLabel }}
                  disabled={locked('pairIds')}
                />
              </Form.Item>
            </Card>

            <Card title={t('edit.sectionVenue')} extra={lockedHint('venue')}>
              <Row gutter={16}>
                <Col xs={24} md={10}>
                  <Form.Item
                    name={['venue', 'name']}
                    label={t('edit.fieldVenueName')}
                    rules={required(t('edit.fieldVenueName'))}
                  >
                    <Input placeholder={t('edit.placeholderVenueName')} disabled={locked('venue')} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item
                    name={['venue', 'address']}
                    label={t('edit.fieldVenueAddress')}
                    rules={required(t('edit.fieldVenueAddress'))}
                  >
                    <Input placeholder={t('edit.placeholderVenueAddress')} disabled={locked('venue')} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>

            <Card title={t('edit.sectionDays')} extra={lockedHint('days')}>
              <Form.List name="days">
                {(fields, { add, remove }, { errors }) => (
                  <Flex vertical gap={8}>
                    {fields.map((field, index) => (
                      <Row key={field.key} gutter={16} align="top">
                        <Col xs={24} md={8}>
                          <Form.Item
                            name={[field.name, 'date']}
                            label={t('edit.fieldDate', { n: index + 1 })}
                            rules={required(t('edit.fieldDate', { n: index + 1 }))}
                          >
                            <DatePicker
                              style={{ width: '100%' }}
                              format="YYYY-MM-DD"
                              disabled={locked('days')}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={11} md={6}>
                          <Form.Item
                            name={[field.name, 'opensAt']}
                            label={t('edit.fieldOpensAt')}
                            rules={required(t('edit.fieldOpensAt'))}
                          >
                            <TimePicker
                              style={{ width: '100%' }}
                              format="HH:mm"
                              needConfirm={false}
                              disabled={locked('days')}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={11} md={6}>
                          <Form.Item
                            name={[field.name, 'closesAt']}
                            label={t('edit.fieldClosesAt')}
                            rules={required(t('edit.fieldClosesAt'))}
                          >
                            <TimePicker
                              style={{ width: '100%' }}
                              format="HH:mm"
                              needConfirm={false}
                              disabled={locked('days')}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={4}>
                          <Form.Item label=" " colon={false}>
                            <Button
                              icon={<DeleteOutlined />}
                              aria-label={t('edit.removeDay', { n: index + 1 })}
                              title={t('edit.removeDay', { n: index + 1 })}
                              disabled={locked('days')}
                              onClick={() => remove(field.name)}
                            />
                          </Form.Item>
                        </Col>
                      </Row>
                    ))}
                    <Form.ErrorList errors={errors} />
                    <div>
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        aria-label={t('edit.addDay')}
                        disabled={locked('days')}
                        onClick={() => add({})}
                      >
                        {t('edit.addDay')}
                      </Button>
                    </div>
                  </Flex>
                )}
              </Form.List>
            </Card>

            <Card title={t('edit.sectionZones')} extra={lockedHint('zones') ?? t('edit.helpZones')}>
              <Form.List name="zones">
                {(fields, { add, remove }, { errors }) => (
                  <Flex vertical gap={8}>
                    {fields.map((field, index) => (
                      <Row key={field.key} gutter={16} align="top">
                        <Col xs={24} md={8}>
                          <Form.Item
                            name={[field.name, 'id']}
                            label={t('edit.fieldZoneId', { n: index + 1 })}
                            extra={t('edit.helpSlug')}
                            rules={required(t('edit.fieldZoneId', { n: index + 1 }))}
                          >
                            <Input placeholder="fresh" disabled={locked('zones')} />
                          </Form.Item>
                        </Col>
                        <Col xs={22} md={12}>
                          <Form.Item
                            name={[field.name, 'name']}
                            label={t('edit.fieldZoneName')}
                            rules={required(t('edit.fieldZoneName'))}
                          >
                            <Input placeholder={t('edit.placeholderZoneName')} disabled={locked('zones')} />
                          </Form.Item>
                        </Col>
                        <Col xs={2} md={4}>
                          <Form.Item label=" " colon={false}>
                            <Button
                              icon={<DeleteOutlined />}
                              aria-label={t('edit.removeZone', { n: index + 1 })}
                              title={t('edit.removeZone', { n: index + 1 })}
                              disabled={locked('zones')}
                              onClick={() => remove(field.name)}
                            />
                          </Form.Item>
                        </Col>
                      </Row>
                    ))}
                    <Form.ErrorList errors={errors} />
                    <div>
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        aria-label={t('edit.addZone')}
                        disabled={locked('zones')}
                        onClick={() => add({})}
                      >
                        {t('edit.addZone')}
                      </Button>
                    </div>
                  </Flex>
                )}
              </Form.List>
            </Card>

            <Card title={t('edit.sectionBooths')} extra={lockedHint('boothTypes')}>
              <Form.List name="boothTypes">
                {(fields, { add, remove }, { errors }) => (
                  <Flex vertical gap={12}>
                    {fields.map((field, index) => {
                      const price = boothTypes?.[field.name]?.priceYuan;
                      return (
                        <Card
                          key={field.key}
                          size="small"
                          type="inner"
                          title={t('edit.boothTypeN', { n: index + 1 })}
                          extra={
                            <Button
                              size="small"
                              icon={<DeleteOutlined />}
                              aria-label={t('edit.removeBoothType', { n: index + 1 })}
                              title={t('edit.removeBoothType', { n: index + 1 })}
                              disabled={locked('boothTypes')}
                              onClick={() => remove(field.name)}
                            />
                          }
                        >
                          <Row gutter={16}>
                            <Col xs={24} md={6}>
                              <Form.Item
                                name={[field.name, 'id']}
                                label={t('edit.fieldBoothId')}
                                extra={t('edit.helpSlug')}
                                rules={required(t('edit.fieldBoothId'))}
                              >
                                <Input placeholder="std" disabled={locked('boothTypes')} />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={10}>
                              <Form.Item
                                name={[field.name, 'name']}
                                label={t('edit.fieldBoothName')}
                                rules={required(t('edit.fieldBoothName'))}
                              >
                                <Input
                                  placeholder={t('edit.placeholderBoothName')}
                                  disabled={locked('boothTypes')}
                                />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={8}>
                              <Form.Item name={[field.name, 'zoneId']} label={t('edit.fieldBoothZone')}>
                                <Select
                                  allowClear
                                  options={zoneOptions}
                                  placeholder={t('edit.placeholderNoZone')}
                                  notFoundContent={t('edit.noZones')}
                                  disabled={locked('boothTypes')}
                                />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={8}>
                              <Form.Item
                                name={[field.name, 'sizeM2']}
                                label={t('edit.fieldSize')}
                                rules={required(t('edit.fieldSize'))}
                              >
                                <InputNumber<number>
                                  style={{ width: '100%' }}
                                  suffix={t('edit.m2')}
                                  disabled={locked('boothTypes')}
                                />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={8}>
                              <Form.Item
                                name={[field.name, 'priceYuan']}
                                label={t('edit.fieldPrice')}
                                rules={required(t('edit.fieldPrice'))}
                                extra={price === 0 ? t('edit.priceFree') : t('edit.priceHint')}
                              >
                                <InputNumber<number>
                                  style={{ width: '100%' }}
                                  prefix="¥"
                                  disabled={locked('boothTypes')}
                                />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={8}>
                              <Form.Item
                                name={[field.name, 'count']}
                                label={t('edit.fieldCount')}
                                rules={required(t('edit.fieldCount'))}
                              >
                                <InputNumber<number>
                                  style={{ width: '100%' }}
                                  disabled={locked('boothTypes')}
                                />
                              </Form.Item>
                            </Col>
                          </Row>
                        </Card>
                      );
                    })}
                    <Form.ErrorList errors={errors} />
                    <div>
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        aria-label={t('edit.addBoothType')}
                        disabled={locked('boothTypes')}
                        onClick={() => add({ priceYuan: 0 })}
                      >
                        {t('edit.addBoothType')}
                      </Button>
                    </div>
                  </Flex>
                )}
              </Form.List>
            </Card>

            <Space>
              <Button
                type="primary"
                htmlType="submit"
                loading={saving}
                disabled={readOnly || frozen}
                data-testid="fair-save"
              >
                {editing ? t('common:actions.save') : t('edit.saveDraft')}
              </Button>
              <Button onClick={() => navigate(editing ? `/fairs/${id}` : '/fairs')} disabled={false}>
                {t('common:actions.cancel')}
              </Button>
            </Space>
          </Flex>
        </Form>
      )}
    </Flex>
  );
}
