import {
  Alert,
  Button,
  Col,
  Collapse,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Space,
  Switch,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CreateSlotInput, SlotSummary, SlotView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { compact, isoOf, secondsOf } from './shared';
import { slotLabel } from './Approvals';

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

/** The timings every slot and tour has, typed in hours (the API takes seconds). */
export interface TimingValues {
  offerTtlSeconds?: number;
  approvalTtlSeconds?: number;
  reminderLeadSeconds?: number;
  noShowGraceSeconds?: number;
}
export const TIMING_DEFAULTS: Required<TimingValues> = {
  offerTtlSeconds: 24,
  approvalTtlSeconds: 48,
  reminderLeadSeconds: 24,
  noShowGraceSeconds: 2,
};
export const timingBody = (v: TimingValues) =>
  compact({
    offerTtlSeconds: secondsOf(v.offerTtlSeconds),
    approvalTtlSeconds: secondsOf(v.approvalTtlSeconds),
    reminderLeadSeconds: secondsOf(v.reminderLeadSeconds),
    noShowGraceSeconds: secondsOf(v.noShowGraceSeconds),
  });

/** The advanced timings, folded away (rendered even when folded, so the API's errors find them). */
export function TimingFields() {
  const { t } = useTranslation('cadre');
  const hours = <span aria-hidden>{t('form.hours')}</span>;
  return (
    <Collapse
      size="small"
      items={[
        {
          key: 'timing',
          label: t('form.timing'),
          forceRender: true,
          children: (
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="offerTtlSeconds" label={t('form.offerTtl')} extra={t('form.offerTtlHint')}>
                  <InputNumber min={0} max={168} step={1} suffix={hours} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="approvalTtlSeconds"
                  label={t('form.approvalTtl')}
                  extra={t('form.approvalTtlHint')}
                >
                  <InputNumber min={0} max={336} step={1} suffix={hours} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="reminderLeadSeconds"
                  label={t('form.reminderLead')}
                  extra={t('form.reminderLeadHint')}
                >
                  <InputNumber min={0} max={336} step={1} suffix={hours} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="noShowGraceSeconds"
                  label={t('form.noShowGrace')}
                  extra={t('form.noShowGraceHint')}
                >
                  <InputNumber min={0} max={168} step={0.5} suffix={hours} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          ),
        },
      ]}
    />
  );
}

/** Seats, approval, caps per organisation and region, the booking window: slots and tours alike. */
export function SeatFields() {
  const { t } = useTranslation('cadre');
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="capacity"
            label={t('form.capacity')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="approvalRequired"
            label={t('form.approvalRequired')}
            valuePropName="checked"
            extra={t('form.approvalHint')}
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxPerOrg" label={t('form.maxPerOrg')} extra={t('form.maxPerOrgHint')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxPerRegion" label={t('form.maxPerRegion')} extra={t('form.maxPerRegionHint')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="opensAt" label={t('form.opensAt')} extra={t('form.opensAtHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_FORMAT} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="closesAt" label={t('form.closesAt')} extra={t('form.closesAtHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_FORMAT} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

interface SlotFormValues extends TimingValues {
  start?: Dayjs;
  end?: Dayjs;
  capacity?: number;
  approvalRequired?: boolean;
  maxPerOrg?: number;
  maxPerRegion?: number;
  opensAt?: Dayjs;
  closesAt?: Dayjs;
}

/** Adding a residency slot to a station (Form "slot"). */
export function CreateSlotDrawer({
  stationId,
  open,
  onClose,
}: {
  stationId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('cadre');
  const [form] = Form.useForm<SlotFormValues>();
  const create = useApiMutation(
    (v: SlotFormValues) =>
      api.post<SlotView>(
        `/stations/${stationId}/slots`,
        compact({
          start: isoOf(v.start),
          end: isoOf(v.end),
          capacity: v.capacity,
          approvalRequired: v.approvalRequired ?? false,
          maxPerOrg: v.maxPerOrg,
          maxPerRegion: v.maxPerRegion,
          opensAt: isoOf(v.opensAt),
          closesAt: isoOf(v.closesAt),
          ...timingBody(v),
        }) as Partial<CreateSlotInput>,
      ),
    {
      form,
      invalidates: ['slots', 'stations', 'board'],
      success: t('slots.created'),
      onSuccess: () => {
        form.resetFields();
        onClose();
      },
    },
  );
  const required = { required: true, message: t('form.required') };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={620}
      title={t('slots.createTitle')}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() => form.submit()}
            data-testid="slot-submit"
          >
            {t('common:actions.create')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('slots.createHint')} style={{ marginBottom: 16 }} />
      <Form<SlotFormValues>
        form={form}
        name="slot"
        layout="vertical"
        initialValues={{ capacity: 5, approvalRequired: false, ...TIMING_DEFAULTS }}
        onFinish={(v) => create.mutate(v)}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="start" label={t('form.start')} rules={[required]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format={DATE_TIME_FORMAT}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="end" label={t('form.end')} rules={[required]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format={DATE_TIME_FORMAT}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <SeatFields />
        <TimingFields />
      </Form>
    </Drawer>
  );
}

/** Calling off a slot or a tour, with a reason (Form "cancelSlot"). */
export function CancelSlotModal({ slot, onClose }: { slot: SlotSummary | undefined; onClose: () => void }) {
  const { t } = useTranslation('cadre');
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useApiMutation(
    ({ id, reason }: { id: string; reason: string }) =>
      api.post<SlotSummary>(`/slots/${id}/cancel`, { reason }),
    {
      form,
      invalidates: ['slots', 'stations', 'tours', 'board'],
      success: t('slots.cancelledToast'),
      onSuccess: onClose,
    },
  );
  return (
    <Modal
      open={!!slot}
      title={t('slots.cancelTitle', { slot: slot ? slotLabel(slot) : '' })}
      okText={t('slots.cancelConfirm')}
      okButtonProps={{ danger: true, loading: cancel.isPending }}
      cancelText={t('common:actions.back')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        title={t('slots.cancelWarning', {
          booked: slot?.seatsTaken ?? 0,
          waiting: slot?.waitlistLength ?? 0,
        })}
        style={{ marginBottom: 16 }}
      />
      <Form
        form={form}
        name="cancelSlot"
        layout="vertical"
        onFinish={(v) => slot && cancel.mutate({ id: slot.id, reason: v.reason })}
      >
        <Form.Item
          name="reason"
          label={t('slots.cancelReason')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
