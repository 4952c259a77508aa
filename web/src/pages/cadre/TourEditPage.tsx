import { useQuery } from '@tanstack/react-query';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { COUNTY_IDS } from '@qingshui/regions';
import type { CreateTourInput, ExpertField, SlotView, StationList } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { usePrincipal } from '../../auth/AuthProvider';
import { regionName } from '../../app/regionName';
import { compact, isoOf, useCountyOptions, useFieldOptions } from './shared';
import {
  DATE_TIME_FORMAT,
  SeatFields,
  TIMING_DEFAULTS,
  TimingFields,
  timingBody,
  type TimingValues,
} from './SlotForms';

interface StopValues {
  /** Only helps fill the place and county: the API's stop has no station. */
  stationId?: string;
  county?: string;
  place?: string;
  start?: Dayjs;
  end?: Dayjs;
}

interface TourFormValues extends TimingValues {
  title?: string;
  description?: string;
  organiserOrgId?: string;
  stops: StopValues[];
  capacity?: number;
  approvalRequired?: boolean;
  maxPerOrg?: number;
  maxPerRegion?: number;
  eligibility?: { verifiedOnly?: boolean; fields?: ExpertField[] };
  opensAt?: Dayjs;
  closesAt?: Dayjs;
  cadreUserIds?: string[];
}

/** A new visit tour (Form "tour") with its itinerary: an ordered list of county stops. */
export default function TourEditPage() {
  const { t } = useTranslation('cadre');
  const principal = usePrincipal();
  const navigate = useNavigate();
  const [form] = Form.useForm<TourFormValues>();
  const fieldOptions = useFieldOptions();
  const countyOptions = useCountyOptions();
  const stations = useQuery({
    queryKey: ['stations', 'list', 'all'],
    queryFn: ({ signal }) => api.get<StationList>('/stations', {}, signal),
  });
  const stationById = new Map((stations.data?.items ?? []).map((s) => [s.id, s]));
  const stops = Form.useWatch('stops', form) ?? [];
  const route = stops.map((s) => s?.county).filter((c): c is string => !!c);

  const create = useApiMutation(
    (v: TourFormValues) => {
      const body = compact({
        title: v.title,
        description: v.description ?? '',
        organiserOrgId: v.organiserOrgId,
        stops: (v.stops ?? []).map((s) =>
          compact({ county: s.county, place: s.place, start: isoOf(s.start), end: isoOf(s.end) }),
        ),
        capacity: v.capacity,
        approvalRequired: v.approvalRequired ?? false,
        maxPerOrg: v.maxPerOrg,
        maxPerRegion: v.maxPerRegion,
        eligibility: {
          verifiedOnly: v.eligibility?.verifiedOnly ?? false,
          fields: v.eligibility?.fields ?? [],
        },
        opensAt: isoOf(v.opensAt),
        closesAt: isoOf(v.closesAt),
        cadreUserIds: v.cadreUserIds ?? [],
        ...timingBody(v),
      }) as Partial<CreateTourInput>;
      return api.post<SlotView>('/tours', body);
    },
    {
      form,
      invalidates: ['tours', 'slots', 'board'],
      success: t('tourEdit.created'),
      onSuccess: (tour) => navigate(`/slots/${tour.id}`),
    },
  );

  const required = { required: true, message: t('form.required') };
  const ownCounty = principal.region && COUNTY_IDS.includes(principal.region) ? principal.region : undefined;

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1080 }}>
      <Breadcrumb
        items={[{ title: <Link to="/cadre/tours">{t('tours.title')}</Link> }, { title: t('tourEdit.title') }]}
      />
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t('tourEdit.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('tourEdit.subtitle')}</Typography.Text>
      </div>
      <Form<TourFormValues>
        form={form}
        name="tour"
        layout="vertical"
        initialValues={{
          organiserOrgId: principal.orgId,
          stops: [{ county: ownCounty }],
          capacity: 20,
          approvalRequired: false,
          eligibility: { verifiedOnly: false, fields: [] },
          cadreUserIds: [],
          ...TIMING_DEFAULTS,
        }}
        onFinish={(v) => create.mutate(v)}
        // Enter confirms a date or a choice in a field; only the button sends the whole tour.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
      >
        <Flex vertical gap={16}>
          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                {t('tourEdit.basics')}
              </Typography.Title>
            }
          >
            <Row gutter={16}>
              <Col span={16}>
                <Form.Item name="title" label={t('tourEdit.name')} rules={[required]}>
                  <Input placeholder={t('tourEdit.namePlaceholder')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="organiserOrgId"
                  label={t('tourEdit.organiser')}
                  rules={[required]}
                  extra={t('tourEdit.organiserHint')}
                >
                  <Input placeholder="bj-coop-office" />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="description" label={t('tourEdit.description')}>
                  <Input.TextArea rows={3} placeholder={t('tourEdit.descriptionPlaceholder')} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                {t('tourEdit.itinerary')}
              </Typography.Title>
            }
            extra={
              route.length > 0 && (
                <Space wrap size={4} aria-label={t('tourEdit.route')}>
                  <Typography.Text type="secondary">{t('tourEdit.route')}</Typography.Text>
                  {route.map((c, i) => (
                    <Tag key={`${c}-${i}`}>
                      {i + 1}. {regionName(c)}
                    </Tag>
                  ))}
                </Space>
              )
            }
          >
            <Form.List name="stops">
              {(fields, { add, remove, move }) => (
                <Flex vertical gap={12} data-testid="tour-stops">
                  {fields.length === 0 && (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tourEdit.noStops')} />
                  )}
                  {fields.map((field, index) => (
                    <Card
                      key={field.key}
                      size="small"
                      type="inner"
                      data-testid={`tour-stop-${index}`}
                      title={t('tourEdit.stop', { n: index + 1 })}
                      extra={
                        <Space size={4}>
                          <Tooltip title={t('tourEdit.moveUp')}>
                            <Button
                              size="small"
                              icon={<ArrowUpOutlined />}
                              aria-label={t('tourEdit.moveUpN', { n: index + 1 })}
                              disabled={index === 0}
                              onClick={() => move(index, index - 1)}
                            />
                          </Tooltip>
                          <Tooltip title={t('tourEdit.moveDown')}>
                            <Button
                              size="small"
                              icon={<ArrowDownOutlined />}
                              aria-label={t('tourEdit.moveDownN', { n: index + 1 })}
                              disabled={index === fields.length - 1}
                              onClick={() => move(index, index + 1)}
                            />
                          </Tooltip>
                          <Tooltip title={t('tourEdit.removeStop')}>
                            <Button
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              aria-label={t('tourEdit.removeStopN', { n: index + 1 })}
                              disabled={fields.length === 1}
                              onClick={() => remove(index)}
                            />
                          </Tooltip>
                        </Space>
                      }
                    >
                      <Row gutter={12}>
                        <Col span={8}>
                          <Form.Item
                            name={[field.name, 'stationId']}
                            label={t('tourEdit.station')}
                            extra={t('tourEdit.stationHint')}
                          >
                            <Select
                              allowClear
                              loading={stations.isLoading}
                              showSearch={{ optionFilterProp: 'label' }}
                              placeholder={t('tourEdit.stationPlaceholder')}
                              options={(stations.data?.items ?? []).map((s) => ({
                                value: s.id,
                                label: `${s.name}（${regionName(s.county)}）`,
                              }))}
                              onChange={(stationId?: string) => {
                                const station = stationId ? stationById.get(stationId) : undefined;
                                if (station)
                                  form.setFieldValue(['stops', field.name], {
                                    ...form.getFieldValue(['stops', field.name]),
                                    stationId,
                                    county: station.county,
                                    place: station.name,
                                  });
                              }}
                            />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item
                            name={[field.name, 'county']}
                            label={t('tourEdit.county')}
                            rules={[required]}
                          >
                            <Select options={countyOptions} showSearch={{ optionFilterProp: 'label' }} />
                          </Form.Item>
                        </Col>
                        <Col span={10}>
                          <Form.Item
                            name={[field.name, 'place']}
                            label={t('tourEdit.place')}
                            rules={[required]}
                          >
                            <Input placeholder={t('tourEdit.placePlaceholder')} />
                          </Form.Item>
                        </Col>
                        <Col span={12}>
                          <Form.Item name={[field.name, 'start']} label={t('form.start')} rules={[required]}>
                            <DatePicker
                              showTime={{ format: 'HH:mm' }}
                              format={DATE_TIME_FORMAT}
                              style={{ width: '100%' }}
                            />
                          </Form.Item>
                        </Col>
                        <Col span={12}>
                          <Form.Item name={[field.name, 'end']} label={t('form.end')} rules={[required]}>
                            <DatePicker
                              showTime={{ format: 'HH:mm' }}
                              format={DATE_TIME_FORMAT}
                              style={{ width: '100%' }}
                            />
                          </Form.Item>
                        </Col>
                      </Row>
                    </Card>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= 20}
                    onClick={() => {
                      const last = (form.getFieldValue('stops') as StopValues[] | undefined)?.at(-1);
                      add({ ...(last?.end ? { start: last.end.add(1, 'hour') } : {}) });
                    }}
                  >
                    {t('tourEdit.addStop')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </Card>

          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                {t('tourEdit.seats')}
              </Typography.Title>
            }
          >
            <SeatFields />
            <Divider titlePlacement="start" plain>
              {t('tourEdit.eligibility')}
            </Divider>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item
                  name={['eligibility', 'verifiedOnly']}
                  label={t('tourEdit.verifiedOnly')}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item
                  name={['eligibility', 'fields']}
                  label={t('tourEdit.eligibleFields')}
                  extra={t('tourEdit.eligibleFieldsHint')}
                >
                  <Select
                    mode="multiple"
                    showSearch={{ optionFilterProp: 'label' }}
                    options={fieldOptions}
                    allowClear
                    placeholder={t('tourEdit.anyField')}
                  />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item
                  name="cadreUserIds"
                  label={t('stations.form.cadres')}
                  extra={t('tourEdit.cadresHint')}
                >
                  <Select mode="tags" tokenSeparators={[',', ' ', '，']} open={false} suffixIcon={null} />
                </Form.Item>
              </Col>
            </Row>
            <TimingFields />
          </Card>

          <Flex justify="end" gap={8}>
            <Button onClick={() => navigate('/cadre/tours')}>{t('common:actions.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="tour-submit">
              {t('tourEdit.submit')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </Flex>
  );
}
