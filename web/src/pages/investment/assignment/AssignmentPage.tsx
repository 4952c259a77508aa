import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Flex,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAIRS } from '@qingshui/regions';
import type {
  AssignmentRuleView,
  InvestmentField,
  MyRemindersPage,
  RosterMemberView,
  RosterView,
} from '@qingshui/contracts';
import { api, isApiError } from '../../../api/client';
import { describeError } from '../../../api/useApiMutation';
import { usePrincipal } from '../../../auth/AuthProvider';
import { ErrorState } from '../../../components/ErrorState';
import { regionName } from '../../../app/regionName';
import { formatDateTime, formatYuan } from '../../../i18n/format';
import { useEvents } from '../../../realtime/RealtimeProvider';

/** The investment fields (the contracts' INVESTMENT_FIELDS: the console imports types only). */
export const FIELDS = [
  'environmental-protection',
  'cultural-tourism',
  'solar',
  'wind',
  'drinking-water',
  'new-materials',
  'new-energy',
  'high-end-manufacturing',
  'tcm',
  'health-elderly-care',
  'agriculture-processing',
  'ecological-agriculture',
  'digital-economy',
  'logistics',
  'water-treatment',
  'biomedicine',
  'education-training',
  'consumer-goods',
] as const satisfies readonly InvestmentField[];

const WAN = 10_000;
type DraftRule = Omit<AssignmentRuleView, 'id'> & { id?: string; key: string };

/** One member's load against their capacity. */
function LoadBar({ member }: { member: RosterMemberView }) {
  const percent = member.capacity > 0 ? Math.round((member.openLeads / member.capacity) * 100) : 100;
  return (
    <Progress
      size="small"
      percent={Math.min(100, percent)}
      status={member.openLeads >= member.capacity ? 'exception' : 'normal'}
      format={() => `${member.openLeads}/${member.capacity}`}
      data-testid={`load-${member.userId}`}
    />
  );
}

/** The regions a principal may open: their own and its counterpart; admins every one. */
function regionsFor(isAdmin: boolean, own: string | undefined): string[] {
  if (isAdmin) return PAIRS.flatMap((p) => [p.county.id, p.beijing.id]);
  const pair = PAIRS.find((p) => p.county.id === own || p.beijing.id === own);
  return pair ? [pair.county.id, pair.beijing.id] : [];
}

function MyReminders() {
  const { t } = useTranslation('investment-assignment');
  const client = useQueryClient();
  const key = ['investment', 'reminders', 'mine'];
  const mine = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<MyRemindersPage>('/investment/reminders/mine', { pageSize: 20 }, signal),
  });
  useEvents(['investment.lead.reminder'], () => void client.invalidateQueries({ queryKey: key }));
  return (
    <Card title={t('mine.title')} size="small" data-testid="my-reminders">
      <Table
        size="small"
        rowKey={(r) => `${r.leadId}-${r.id}`}
        loading={mine.isLoading}
        dataSource={mine.data?.items ?? []}
        locale={{ emptyText: t('mine.empty') }}
        pagination={false}
        columns={[
          { title: t('mine.enterprise'), dataIndex: 'enterpriseName' },
          { title: t('mine.county'), render: (_, r) => regionName(r.county) },
          {
            title: t('mine.kind'),
            render: (_, r) => t(`kind.${r.kind}`, { days: r.days, task: r.taskTitle }),
          },
          {
            title: t('mine.state'),
            render: (_, r) => (
              <Tag color={r.state === 'escalated' ? 'red' : 'orange'}>
                {t(`state.${r.state}`)} · {t(`as.${r.as}`)}
              </Tag>
            ),
          },
          { title: t('mine.firedAt'), render: (_, r) => formatDateTime(r.firedAt) },
        ]}
      />
    </Card>
  );
}

/** Roster and rules of a county or district (分配规则): members with load, away, coordinator; rules in order. */
export default function AssignmentPage() {
  const { t } = useTranslation('investment-assignment');
  const principal = usePrincipal();
  const isAdmin = principal.roles.includes('admin');
  const regions = regionsFor(isAdmin, principal.region);
  const [region, setRegion] = useState<string | undefined>(principal.region ?? regions[0]);
  const roster = useQuery({
    queryKey: ['investment', 'roster', region],
    enabled: !!region,
    queryFn: ({ signal }) => api.getVersioned<RosterView>(`/investment/rosters/${region}`, signal),
  });
  if (!region) return <Empty description={t('noRegion')} />;
  if (roster.error) return <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />;
  const view = roster.data?.data;
  return (
    <Flex vertical gap={16}>
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Select
          data-testid="roster-region"
          style={{ minWidth: 200 }}
          value={region}
          onChange={setRegion}
          showSearch
          optionFilterProp="label"
          options={regions.map((id) => ({ value: id, label: regionName(id) }))}
        />
        {view && <Tag>{t(`kind.${view.kind}Roster`)}</Tag>}
        {view && !view.canEdit && <Tag color="blue">{t('readOnly')}</Tag>}
      </Space>
      {view ? (
        // Keyed by version: the drafts start again from what was saved.
        <RosterEditor
          key={`${region}-${view.version}`}
          region={region}
          view={view}
          etag={roster.data?.etag}
          reload={() => void roster.refetch()}
        />
      ) : (
        <Card loading />
      )}
    </Flex>
  );
}

function RosterEditor({
  region,
  view,
  etag,
  reload,
}: {
  region: string;
  view: RosterView;
  etag: string | undefined;
  reload: () => void;
}) {
  const { t } = useTranslation('investment-assignment');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const principal = usePrincipal();
  const client = useQueryClient();
  const key = ['investment', 'roster', region];
  const [members, setMembers] = useState<RosterMemberView[]>(view.members);
  const [rules, setRules] = useState<DraftRule[]>(view.rules.map((r) => ({ ...r, key: r.id })));
  const [adding, setAdding] = useState({ userId: '', name: '' });
  const [saving, setSaving] = useState(false);
  const editable = view.canEdit;
  const isDistrict = view.kind === 'district';

  const save = async () => {
    setSaving(true);
    try {
      await api.put(
        `/investment/rosters/${region}`,
        {
          members: members.map(({ userId, name, capacity, away, coordinator }) => ({
            userId,
            name,
            capacity,
            away,
            coordinator,
          })),
          rules: rules.map(({ id, name, fields, minYuan, maxYuan, memberIds }) => ({
            ...(id ? { id } : {}),
            name,
            fields,
            ...(minYuan === undefined ? {} : { minYuan }),
            ...(maxYuan === undefined ? {} : { maxYuan }),
            memberIds,
          })),
        },
        etag ? { ifMatch: etag } : {},
      );
      void message.success(t('saved'));
      await client.invalidateQueries({ queryKey: key });
    } catch (error) {
      if (isApiError(error) && error.fields.length > 0)
        void message.error(error.fields.map((f) => `${f.field}：${f.message}`).join('；'));
      else void message.error(describeError(tc, error));
      if (isApiError(error) && error.code === 'STALE_VERSION') reload();
    } finally {
      setSaving(false);
    }
  };

  const toggleAway = async (member: RosterMemberView, away: boolean) => {
    try {
      await api.put(`/investment/rosters/${region}/members/${member.userId}/away`, { away });
      await client.invalidateQueries({ queryKey: key });
    } catch (error) {
      void message.error(describeError(tc, error));
    }
  };

  const patchMember = (userId: string, patch: Partial<RosterMemberView>) =>
    setMembers((list) => list.map((m) => (m.userId === userId ? { ...m, ...patch } : m)));
  const patchRule = (index: number, patch: Partial<DraftRule>) =>
    setRules((list) => list.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const moveRule = (index: number, by: number) =>
    setRules((list) => {
      const next = [...list];
      const [rule] = next.splice(index, 1);
      next.splice(Math.max(0, Math.min(next.length, index + by)), 0, rule!);
      return next;
    });
  const persisted = new Set(view.members.map((m) => m.userId));

  return (
    <>
      <Typography.Paragraph type="secondary">
        {t(isDistrict ? 'hintDistrict' : 'hintCounty')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('members.title')} size="small">
            <Table<RosterMemberView>
              size="small"
              rowKey="userId"
              dataSource={members}
              pagination={false}
              locale={{ emptyText: t('members.empty') }}
              columns={[
                {
                  title: t('members.name'),
                  render: (_, m) => (
                    <Space>
                      {m.name}
                      {m.coordinator && <Tag color="gold">{t('members.coordinator')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('members.capacity'),
                  render: (_, m) =>
                    editable ? (
                      <InputNumber
                        size="small"
                        min={0}
                        max={500}
                        value={m.capacity}
                        onChange={(v) => patchMember(m.userId, { capacity: Number(v ?? 0) })}
                        data-testid={`capacity-${m.userId}`}
                      />
                    ) : (
                      m.capacity
                    ),
                },
                { title: t('members.load'), width: 180, render: (_, m) => <LoadBar member={m} /> },
                {
                  title: t('members.away'),
                  render: (_, m) => (
                    <Switch
                      size="small"
                      checked={m.away}
                      disabled={!editable && m.userId !== principal.userId}
                      data-testid={`away-${m.userId}`}
                      onChange={(away) =>
                        persisted.has(m.userId) ? void toggleAway(m, away) : patchMember(m.userId, { away })
                      }
                    />
                  ),
                },
                ...(isDistrict
                  ? [
                      {
                        title: t('members.coordinator'),
                        render: (_: unknown, m: RosterMemberView) => (
                          <Checkbox
                            checked={m.coordinator}
                            disabled={!editable}
                            onChange={(e) => patchMember(m.userId, { coordinator: e.target.checked })}
                          />
                        ),
                      },
                    ]
                  : []),
                ...(editable
                  ? [
                      {
                        title: '',
                        render: (_: unknown, m: RosterMemberView) => (
                          <Button
                            size="small"
                            danger
                            type="link"
                            onClick={() => setMembers((list) => list.filter((x) => x.userId !== m.userId))}
                          >
                            {t('remove')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {editable && (
              <Space.Compact style={{ marginTop: 12 }}>
                <Input
                  placeholder={t('members.userId')}
                  value={adding.userId}
                  data-testid="member-user-id"
                  onChange={(e) => setAdding({ ...adding, userId: e.target.value.trim() })}
                />
                <Input
                  placeholder={t('members.name')}
                  value={adding.name}
                  data-testid="member-name"
                  onChange={(e) => setAdding({ ...adding, name: e.target.value })}
                />
                <Button
                  data-testid="member-add"
                  disabled={
                    !adding.userId || !adding.name.trim() || members.some((m) => m.userId === adding.userId)
                  }
                  onClick={() => {
                    setMembers((list) => [
                      ...list,
                      {
                        userId: adding.userId,
                        name: adding.name.trim(),
                        capacity: 30,
                        away: false,
                        coordinator: false,
                        openLeads: 0,
                      },
                    ]);
                    setAdding({ userId: '', name: '' });
                  }}
                >
                  {t('members.add')}
                </Button>
              </Space.Compact>
            )}
          </Card>
          <Card title={t('rules.title')} size="small" style={{ marginTop: 16 }}>
            <Typography.Paragraph type="secondary">
              {t(isDistrict ? 'rules.hintDistrict' : 'rules.hintCounty')}
            </Typography.Paragraph>
            <Flex vertical gap={8}>
              {rules.length === 0 && <Empty description={t('rules.empty')} />}
              {rules.map((rule, i) => (
                <Card key={rule.key} size="small" data-testid={`rule-${i}`}>
                  <Flex wrap gap={8} align="center">
                    <Tag>{i + 1}</Tag>
                    <Input
                      style={{ width: 180 }}
                      value={rule.name}
                      disabled={!editable}
                      placeholder={t('rules.name')}
                      onChange={(e) => patchRule(i, { name: e.target.value })}
                    />
                    <Select
                      mode="multiple"
                      style={{ minWidth: 220 }}
                      value={rule.fields}
                      disabled={!editable}
                      placeholder={t('rules.anyField')}
                      onChange={(fields) => patchRule(i, { fields })}
                      options={FIELDS.map((f) => ({ value: f, label: t(`field.${f}`) }))}
                    />
                    <InputNumber
                      min={0}
                      value={rule.minYuan === undefined ? null : rule.minYuan / WAN}
                      disabled={!editable}
                      placeholder={t('rules.minWan')}
                      onChange={(v) =>
                        patchRule(i, { minYuan: v === null ? undefined : Math.round(Number(v) * WAN) })
                      }
                    />
                    <InputNumber
                      min={0}
                      value={rule.maxYuan === undefined ? null : rule.maxYuan / WAN}
                      disabled={!editable}
                      placeholder={t('rules.maxWan')}
                      onChange={(v) =>
                        patchRule(i, { maxYuan: v === null ? undefined : Math.round(Number(v) * WAN) })
                      }
                    />
                    <Select
                      mode="multiple"
                      style={{ minWidth: 220 }}
                      value={rule.memberIds}
                      disabled={!editable}
                      placeholder={t('rules.everyone')}
                      onChange={(memberIds) => patchRule(i, { memberIds })}
                      options={members.map((m) => ({ value: m.userId, label: m.name }))}
                    />
                    {editable && (
                      <Space>
                        <Button size="small" disabled={i === 0} onClick={() => moveRule(i, -1)}>
                          ↑
                        </Button>
                        <Button size="small" disabled={i === rules.length - 1} onClick={() => moveRule(i, 1)}>
                          ↓
                        </Button>
                        <Button
                          size="small"
                          danger
                          type="link"
                          onClick={() => setRules((list) => list.filter((_, j) => j !== i))}
                        >
                          {t('remove')}
                        </Button>
                      </Space>
                    )}
                  </Flex>
                  <Typography.Text type="secondary">
                    {t('rules.summary', {
                      fields: rule.fields.length
                        ? rule.fields.map((f) => t(`field.${f}`)).join('、')
                        : t('rules.anyField'),
                      amount:
                        rule.minYuan === undefined && rule.maxYuan === undefined
                          ? t('rules.anyAmount')
                          : `${rule.minYuan === undefined ? '0' : formatYuan(rule.minYuan)} – ${
                              rule.maxYuan === undefined ? '∞' : formatYuan(rule.maxYuan)
                            }`,
                    })}
                  </Typography.Text>
                </Card>
              ))}
              {editable && (
                <Button
                  data-testid="rule-add"
                  onClick={() =>
                    setRules((list) => [
                      ...list,
                      { key: `new-${Date.now()}`, name: t('rules.newName'), fields: [], memberIds: [] },
                    ])
                  }
                >
                  {t('rules.add')}
                </Button>
              )}
            </Flex>
          </Card>
          {editable && (
            <Button
              type="primary"
              style={{ marginTop: 16 }}
              loading={saving}
              data-testid="roster-save"
              onClick={() => void save()}
            >
              {t('save')}
            </Button>
          )}
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            {
              <Card size="small" title={t('counterpart', { region: regionName(view.counterpart.region) })}>
                {view.counterpart.members.length === 0 ? (
                  <Empty description={t('members.empty')} />
                ) : (
                  view.counterpart.members.map((m) => (
                    <Flex key={m.userId} justify="space-between" align="center" gap={8}>
                      <Space>
                        {m.name}
                        {m.coordinator && <Tag color="gold">{t('members.coordinator')}</Tag>}
                        {m.away && <Tag>{t('members.awayTag')}</Tag>}
                      </Space>
                      <div style={{ width: 120 }}>
                        <LoadBar member={m} />
                      </div>
                    </Flex>
                  ))
                )}
              </Card>
            }
            <MyReminders />
          </Flex>
        </Col>
      </Row>
    </>
  );
}
