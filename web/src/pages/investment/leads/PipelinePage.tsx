import { useState, type DragEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Statistic,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type {
  InvestmentLeadView,
  LeadCard,
  LeadCardPage,
  LeadStage,
  LeadTotals,
  LeadValues,
} from '@qingshui/contracts';
import { COUNTY_IDS, pairOf } from '@qingshui/regions';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth, usePrincipal } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { formatDate, formatNumber, formatYuan } from '../../../i18n/format';
import { EnterpriseSelect } from '../enterprises/EnterpriseSelect';
import {
  cleanValues,
  FieldSelect,
  MoveDialog,
  NS,
  QUERY_GROUP,
  StatusTag,
  useLeadEvents,
  ValueFields,
} from './leadUi';
import { STAGES } from './vocabulary';

/**
 * The cadres' pipeline board (招商线索): a column per stage with its totals (count, amount), cards
 * dragged between stages (HTML5 drag and drop, or the card's button). The next stage's missing
 * fields are on each card before any move; a drop on a stage whose gate is unmet opens the dialog
 * that asks for them, and the API's 422 lands on the same fields.
 */
export default function PipelinePage() {
  const { t } = useTranslation(NS);
  const principal = usePrincipal();
  const admin = useAuth().hasRole('admin');
  const own = principal.region ? pairOf(principal.region)?.county.id : undefined;
  const [county, setCounty] = useState<string | undefined>(admin ? undefined : own);
  const [moving, setMoving] = useState<{ lead: LeadCard; to: LeadStage } | undefined>();
  const [dragged, setDragged] = useState<LeadCard | undefined>();
  const [creating, setCreating] = useState(false);
  useLeadEvents({ county });
  const cards = useQuery({
    queryKey: [QUERY_GROUP, 'board', county],
    queryFn: ({ signal }) => api.get<LeadCardPage>('/investment/leads', { county, pageSize: 500 }, signal),
  });
  const totals = useQuery({
    queryKey: [QUERY_GROUP, 'totals', county],
    queryFn: ({ signal }) => api.get<LeadTotals>('/investment/totals', { county }, signal),
  });
  if (cards.isError) return <ErrorState error={cards.error} onRetry={() => void cards.refetch()} />;
  const byStage = (stage: LeadStage) => (cards.data?.items ?? []).filter((c) => c.stage === stage);
  const onDrop = (stage: LeadStage) => (event: DragEvent) => {
    event.preventDefault();
    if (dragged && dragged.stage !== stage) setMoving({ lead: dragged, to: stage });
    setDragged(undefined);
  };
  return (
    <Flex vertical gap={16} data-testid="pipeline">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('pipeline.title')}
        </Typography.Title>
        <Space wrap>
          {admin && (
            <Select
              allowClear
              placeholder={t('pipeline.allCounties')}
              style={{ minWidth: 180 }}
              value={county}
              onChange={setCounty}
              aria-label={t('pipeline.county')}
              options={COUNTY_IDS.map((id) => ({ value: id, label: regionName(id) }))}
            />
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('pipeline.new')}
          </Button>
        </Space>
      </Flex>
      <Typography.Text type="secondary">{t('pipeline.hint')}</Typography.Text>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(5, minmax(220px, 1fr))',
          gap: 12,
          overflowX: 'auto',
        }}
      >
        {STAGES.map((stage) => {
          const lane = totals.data?.lanes[stage];
          const blocked = dragged && dragged.nextStage === stage && dragged.missingForNext.length > 0;
          return (
            <Card
              key={stage}
              size="small"
              data-testid={`column-${stage}`}
              title={t(`stage.${stage}`)}
              extra={<Tag>{formatNumber(lane?.count ?? byStage(stage).length)}</Tag>}
              onDragOver={(e) => e.preventDefault()}
              onDrop={onDrop(stage)}
              styles={{ body: { minHeight: 240, background: blocked ? '#fff7e6' : undefined } }}
            >
              <Statistic
                value={lane?.amountYuan ?? 0}
                formatter={(v) => formatYuan(Number(v))}
                valueStyle={{ fontSize: 14 }}
              />
              {blocked && (
                <Typography.Text type="warning">
                  {t('pipeline.willAsk', {
                    fields: dragged.missingForNext.map((f) => t(`fields.${f}`)).join('、'),
                  })}
                </Typography.Text>
              )}
              <Flex vertical gap={8} style={{ marginTop: 8 }}>
                {byStage(stage).map((card) => (
                  <LeadCardView
                    key={card.id}
                    card={card}
                    onDrag={setDragged}
                    onNext={(to) => setMoving({ lead: card, to })}
                  />
                ))}
              </Flex>
            </Card>
          );
        })}
      </div>
      <MoveDialog lead={moving?.lead} to={moving?.to} onClose={() => setMoving(undefined)} />
      <NewLeadDialog open={creating} county={county ?? own} onClose={() => setCreating(false)} />
    </Flex>
  );
}

function LeadCardView(props: {
  card: LeadCard;
  onDrag: (card: LeadCard | undefined) => void;
  onNext: (to: LeadStage) => void;
}) {
  const { t } = useTranslation(NS);
  const { card } = props;
  const missing = card.missingForNext.map((f) => t(`fields.${f}`));
  // Signed → landed goes through the office's verification (the lead page), not a move.
  const movable =
    card.nextStage && card.nextStage !== 'landed' && card.status !== 'lost' && card.status !== 'abandoned';
  return (
    <Card
      size="small"
      draggable={!!movable}
      onDragStart={() => props.onDrag(card)}
      onDragEnd={() => props.onDrag(undefined)}
      data-testid={`lead-card-${card.id}`}
      style={{ cursor: movable ? 'grab' : 'default' }}
    >
      <Flex vertical gap={4}>
        <Link to={`/investment/leads/${card.id}`}>{card.title}</Link>
        <Typography.Text type="secondary">{card.enterpriseName}</Typography.Text>
        <Space size={4} wrap>
          <StatusTag status={card.status} />
          {card.field && <Tag>{t(`investField.${card.field}`)}</Tag>}
          {card.landingRequested && <Tag color="gold">{t('lead.landingRequested')}</Tag>}
        </Space>
        {card.amountYuan !== undefined && <Typography.Text>{formatYuan(card.amountYuan)}</Typography.Text>}
        <Typography.Text type="secondary">
          {card.owner ? t('lead.ownedBy', { name: card.owner.name }) : t('lead.noOwner')} ·{' '}
          {formatDate(card.lastActivityAt)}
        </Typography.Text>
        {card.nextStage && missing.length > 0 && (
          <Typography.Text type="warning" data-testid="missing">
            {t('lead.missingFor', { stage: t(`stage.${card.nextStage}`), fields: missing.join('、') })}
          </Typography.Text>
        )}
        {movable && (
          <Tooltip title={missing.length ? t('pipeline.willAsk', { fields: missing.join('、') }) : undefined}>
            <Button size="small" icon={<RightOutlined />} onClick={() => props.onNext(card.nextStage!)}>
              {t('pipeline.moveTo', { stage: t(`stage.${card.nextStage}`) })}
            </Button>
          </Tooltip>
        )}
      </Flex>
    </Card>
  );
}

interface NewLeadForm {
  title: string;
  enterpriseId: string;
  enterpriseName: string;
  orgId?: string;
  county: string;
  field?: string;
  values?: LeadValues;
}

function NewLeadDialog(props: { open: boolean; county: string | undefined; onClose: () => void }) {
  const { t } = useTranslation(NS);
  const navigate = useNavigate();
  const [form] = Form.useForm<NewLeadForm>();
  const create = useApiMutation(
    (body: NewLeadForm) =>
      api.post<InvestmentLeadView>('/investment/leads', {
        title: body.title,
        enterprise: {
          enterpriseId: body.enterpriseId,
          name: body.enterpriseName,
          ...(body.orgId ? { orgId: body.orgId } : {}),
        },
        county: body.county,
        ...(body.field ? { field: body.field } : {}),
        values: cleanValues(body.values),
      }),
    {
      form,
      invalidates: [QUERY_GROUP],
      success: t('pipeline.created'),
      onSuccess: (lead) => {
        props.onClose();
        navigate(`/investment/leads/${lead.id}`);
      },
    },
  );
  return (
    <Modal
      open={props.open}
      title={t('pipeline.new')}
      onCancel={props.onClose}
      onOk={() => void form.validateFields().then((body) => create.mutate(body))}
      okButtonProps={{ loading: create.isPending }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ county: props.county }}>
        <Form.Item name="title" label={t('fields.title')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="enterpriseId"
          label={t('fields.enterprise')}
          rules={[{ required: true }]}
          extra={t('pipeline.enterpriseHint')}
        >
          <EnterpriseSelect />
        </Form.Item>
        <Form.Item
          name="enterpriseName"
          label={t('fields.enterpriseName')}
          rules={[{ required: true, min: 2 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="orgId" label={t('fields.orgId')}>
          <Input />
        </Form.Item>
        <Form.Item name="county" label={t('fields.county')} rules={[{ required: true }]}>
          <Select options={COUNTY_IDS.map((id) => ({ value: id, label: regionName(id) }))} />
        </Form.Item>
        <Form.Item name="field" label={t('fields.field')}>
          <FieldSelect />
        </Form.Item>
        <ValueFields fields={['estimatedAmountYuan']} required={false} />
      </Form>
    </Modal>
  );
}
