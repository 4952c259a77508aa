import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { RegisterBody, RegistrationView, TicketTypesView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { usePrincipal } from '../../../auth/AuthProvider';
import { useApiMutation } from '../../../api/useApiMutation';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../i18n/format';
import { useRoom } from '../../../realtime/RealtimeProvider';
import {
  isLive,
  KindTag,
  RegistrationStatusTag,
  useFair,
  useMyRegistration,
  useTicketTypes,
} from './registrationUi';

type Type = TicketTypesView['types'][number];

/** What one registration says and what its person may do now: accept or decline an offer, cancel. */
export function MyRegistrationCard({
  registration,
  fairId,
}: {
  registration: RegistrationView;
  fairId: string;
}) {
  const { t } = useTranslation('fairs-registrations');
  const post = (step: string) => () =>
    api.post<RegistrationView>(`/fairs/${fairId}/registrations/me/${step}`);
  const accept = useApiMutation(post('accept-offer'), {
    invalidates: ['fairs'],
    success: t('register.accepted'),
  });
  const decline = useApiMutation(post('decline-offer'), { invalidates: ['fairs'] });
  const cancel = useApiMutation(post('cancel'), { invalidates: ['fairs'], success: t('register.cancelled') });
  return (
    <Card title={t('register.mine')} data-testid="my-registration">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('col.status')}>
          <RegistrationStatusTag status={registration.status} />
          {registration.position !== undefined && (
            <span data-testid="registration-position">
              {t('register.position', { position: registration.position })}
            </span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('col.type')}>{registration.typeId}</Descriptions.Item>
        <Descriptions.Item label={t('col.days')}>{registration.days.join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('col.size')}>{registration.size}</Descriptions.Item>
        {registration.reason && (
          <Descriptions.Item label={t('col.reason')}>{registration.reason}</Descriptions.Item>
        )}
      </Descriptions>
      {registration.status === 'offered' && registration.offer && (
        <Alert
          type="success"
          showIcon
          data-testid="offer"
          title={t('register.offer', { until: formatDateTime(registration.offer.expiresAt) })}
          action={
            <Space>
              <Button
                type="primary"
                data-testid="offer-accept"
                loading={accept.isPending}
                onClick={() => accept.mutate()}
              >
                {t('register.accept')}
              </Button>
              <Button
                data-testid="offer-decline"
                loading={decline.isPending}
                onClick={() => decline.mutate()}
              >
                {t('register.decline')}
              </Button>
            </Space>
          }
        />
      )}
      {isLive(registration.status) && (
        <Flex gap={8} style={{ marginTop: 12 }}>
          {registration.status === 'confirmed' && (
            <Link to={`/fairs/tickets?fairId=${fairId}`} data-testid="registration-tickets">
              {t('register.toTickets')}
            </Link>
          )}
          <Popconfirm title={t('register.cancelConfirm')} onConfirm={() => cancel.mutate()}>
            <Button danger size="small" data-testid="registration-cancel" loading={cancel.isPending}>
              {registration.status === 'waiting' ? t('register.leaveLine') : t('register.cancel')}
            </Button>
          </Popconfirm>
        </Flex>
      )}
    </Card>
  );
}

function PlacesLeft({ type }: { type: Type }) {
  const { t } = useTranslation('fairs-registrations');
  return (
    <Typography.Text type="secondary" data-testid={`places-${type.id}`}>
      {type.places
        .map((d) => t('register.placesLeft', { date: d.date, left: d.left, waiting: d.waiting }))
        .join('；')}
    </Typography.Text>
  );
}

/** Register for a fair: a ticket type, its days (and window), a group's size and names, company details, consent. */
export default function RegisterPage() {
  const { t } = useTranslation('fairs-registrations');
  const { id = '' } = useParams();
  const principal = usePrincipal();
  const fair = useFair(id);
  const types = useTicketTypes(id);
  const mine = useMyRegistration(id);
  useRoom(`fair:${id}`);
  const [form] = Form.useForm<RegisterBody>();
  const typeId = Form.useWatch('typeId', form);
  const size = Form.useWatch('size', form) ?? 1;
  const register = useApiMutation(
    (body: RegisterBody) => api.post<RegistrationView>(`/fairs/${id}/registrations`, body),
    {
      form,
      invalidates: ['fairs'],
      success: t('register.sent'),
    },
  );
  if (fair.error || types.error || mine.error)
    return <ErrorState error={fair.error ?? types.error ?? mine.error} onRetry={() => void fair.refetch()} />;
  if (!fair.data || !types.data || mine.data === undefined) return <Skeleton active />;
  const all = types.data.data.types;
  const type = all.find((x) => x.id === typeId);
  const open = fair.data.status === 'visitors-open' || fair.data.status === 'running';
  const registered = mine.data && isLive(mine.data.status) ? mine.data : undefined;
  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          { title: <Link to="/fairs">{t('nav.fairs')}</Link> },
          { title: <Link to={`/fairs/${id}`}>{fair.data.title}</Link> },
          { title: t('register.title') },
        ]}
      />
      <Typography.Title level={3}>{t('register.heading', { fair: fair.data.title })}</Typography.Title>
      {mine.data && <MyRegistrationCard registration={mine.data} fairId={id} />}
      {!open && <Alert type="info" showIcon title={t('register.closed')} />}
      {open && !registered && (
        <Card title={t('register.form')}>
          {all.length === 0 ? (
            <Alert type="info" title={t('register.noTypes')} />
          ) : (
            <Form<RegisterBody>
              form={form}
              layout="vertical"
              // The name on the ticket: the console's reading of the account's name (张仁心, family
              // name first), which the server's `name` claim (given name first) is not.
              initialValues={{
                size: 1,
                members: [],
                leadConsent: false,
                days: [],
                ...(principal.name ? { name: principal.name } : {}),
              }}
              onFinish={(values) => register.mutate(values)}
              data-testid="register-form"
            >
              <Form.Item name="typeId" label={t('col.type')} rules={[{ required: true }]}>
                <Radio.Group data-testid="register-type">
                  <Flex vertical gap={6}>
                    {all.map((x) => (
                      <Radio key={x.id} value={x.id} data-testid={`register-type-${x.id}`}>
                        <Space>
                          {x.name}
                          <KindTag kind={x.kind} />
                          <PlacesLeft type={x} />
                        </Space>
                      </Radio>
                    ))}
                  </Flex>
                </Radio.Group>
              </Form.Item>
              {type && (
                <>
                  {type.description && (
                    <Typography.Paragraph type="secondary">{type.description}</Typography.Paragraph>
                  )}
                  <Form.Item
                    name="days"
                    label={t('col.days')}
                    rules={[{ required: true, type: 'array', min: 1 }]}
                  >
                    <Checkbox.Group
                      data-testid="register-days"
                      options={type.places.map((d) => ({
                        value: d.date,
                        label: `${d.date}（${t('register.left', { left: d.left })}）`,
                      }))}
                    />
                  </Form.Item>
                  {type.windows.length > 0 && (
                    <Form.Item name="windowId" label={t('register.window')} rules={[{ required: true }]}>
                      <Select
                        data-testid="register-window"
                        options={type.windows.map((w) => ({
                          value: w.id,
                          label: `${w.name} ${w.startsAt}-${w.endsAt}`,
                        }))}
                      />
                    </Form.Item>
                  )}
                  <Form.Item name="size" label={t('register.size', { max: type.perPersonLimit })}>
                    <InputNumber min={1} max={type.perPersonLimit} data-testid="register-size" />
                  </Form.Item>
                  <Form.Item name="name" label={t('register.name')}>
                    <Input
                      maxLength={50}
                      data-testid="register-name"
                      placeholder={t('register.namePlaceholder')}
                    />
                  </Form.Item>
                  {size > 1 && (
                    <Form.List name="members">
                      {(fields, { add, remove }) => (
                        <Flex vertical gap={4}>
                          <Typography.Text>{t('register.members', { count: size - 1 })}</Typography.Text>
                          {fields.map((field) => (
                            <Space key={field.key}>
                              <Form.Item name={[field.name, 'name']} rules={[{ required: true }]} noStyle>
                                <Input
                                  placeholder={t('register.memberName')}
                                  data-testid={`register-member-${field.name}`}
                                />
                              </Form.Item>
                              <Form.Item name={[field.name, 'organisation']} noStyle>
                                <Input placeholder={t('register.memberOrg')} />
                              </Form.Item>
                              <Button onClick={() => remove(field.name)}>{t('register.remove')}</Button>
                            </Space>
                          ))}
                          {fields.length < size - 1 && (
                            <Button onClick={() => add({ name: '' })} data-testid="register-add-member">
                              {t('register.addMember')}
                            </Button>
                          )}
                        </Flex>
                      )}
                    </Form.List>
                  )}
                  {type.kind !== 'public' && (
                    <Card size="small" title={t('register.company')} style={{ margin: '12px 0' }}>
                      <Form.Item
                        name={['company', 'name']}
                        label={t('register.companyName')}
                        rules={[{ required: true }]}
                      >
                        <Input maxLength={100} data-testid="register-company-name" />
                      </Form.Item>
                      <Form.Item
                        name={['company', 'title']}
                        label={t('register.companyTitle')}
                        rules={[{ required: true }]}
                      >
                        <Input maxLength={50} data-testid="register-company-title" />
                      </Form.Item>
                      <Form.Item
                        name={['company', 'phone']}
                        label={t('register.companyPhone')}
                        rules={[{ required: true }]}
                      >
                        <Input maxLength={20} data-testid="register-company-phone" />
                      </Form.Item>
                      {type.kind === 'trade' && (
                        <Alert type="info" showIcon title={t('register.needsApproval')} />
                      )}
                    </Card>
                  )}
                  {type.askLeadConsent && (
                    <Form.Item name="leadConsent" valuePropName="checked">
                      <Checkbox data-testid="register-consent">{t('register.consent')}</Checkbox>
                    </Form.Item>
                  )}
                </>
              )}
              <Button
                type="primary"
                htmlType="submit"
                loading={register.isPending}
                data-testid="register-submit"
              >
                {t('register.submit')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </Flex>
  );
}
