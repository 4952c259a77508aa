import { BulbOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Drawer,
  Empty,
  Flex,
  Progress,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { ChallengesForExpert } from '@qingshui/contracts';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { formatDate } from '../../i18n/format';
import { MatchExplanation, scorePoints } from '../common/MatchExplanation';
import { useMatches, useMyExpert } from './useMyExpert';

type Match = ChallengesForExpert['items'][number];

const LIMITS = [20, 50, 100];

function scoreColor(points: number): string {
  if (points >= 60) return '#389e0d';
  if (points >= 40) return '#0b6bcb';
  return '#d48806';
}

export default function MatchesPage() {
  const { t } = useTranslation('expert');
  const navigate = useNavigate();
  const mine = useMyExpert();
  const [limit, setLimit] = useState(50);
  const matches = useMatches(mine.data?.id, limit);
  const [openId, setOpenId] = useState<string>();
  const open = matches.data?.items.find((m) => m.challenge.id === openId);

  const header = (
    <>
      <Typography.Title level={2}>{t('matches.pageTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('matches.lead')}</Typography.Paragraph>
    </>
  );
  if (mine.isError)
    return (
      <>
        {header}
        <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
      </>
    );
  if (mine.isPending)
    return (
      <>
        {header}
        <Skeleton active paragraph={{ rows: 8 }} />
      </>
    );
  if (mine.data === null)
    return (
      <>
        {header}
        <Result
          status="info"
          title={t('matches.noProfileTitle')}
          subTitle={t('matches.noProfileText')}
          extra={
            <Button type="primary" onClick={() => navigate('/expert/profile')}>
              {t('matches.createProfile')}
            </Button>
          }
        />
      </>
    );

  const columns = [
    {
      title: t('matches.columns.title'),
      key: 'title',
      render: (_: unknown, m: Match) => (
        <Flex vertical gap={2}>
          <Link to={`/challenges/${m.challenge.id}`}>{m.challenge.title}</Link>
          {m.matchedSkills.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('matches.matchedShort', { skills: m.matchedSkills.slice(0, 3).join('、') })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('matches.columns.county'),
      key: 'county',
      width: 120,
      render: (_: unknown, m: Match) => regionName(m.challenge.county),
    },
    {
      title: t('matches.columns.field'),
      key: 'field',
      width: 170,
      render: (_: unknown, m: Match) => <Tag color="blue">{t(`common:fields.${m.challenge.field}`)}</Tag>,
    },
    {
      title: t('matches.columns.deadline'),
      key: 'deadline',
      width: 140,
      sorter: (a: Match, b: Match) => a.challenge.deadline.localeCompare(b.challenge.deadline),
      render: (_: unknown, m: Match) => formatDate(m.challenge.deadline),
    },
    {
      title: t('matches.columns.score'),
      key: 'score',
      width: 190,
      defaultSortOrder: 'descend' as const,
      sorter: (a: Match, b: Match) => a.score - b.score,
      render: (_: unknown, m: Match) => {
        const points = scorePoints(m.score);
        return (
          <Flex align="center" gap={8}>
            <Progress
              percent={points}
              size="small"
              showInfo={false}
              strokeColor={scoreColor(points)}
              style={{ width: 90, margin: 0 }}
              aria-hidden
            />
            <Typography.Text strong>{t('explain.points', { points })}</Typography.Text>
          </Flex>
        );
      },
    },
    {
      title: t('matches.columns.actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, m: Match) => (
        <Space>
          <Button
            size="small"
            icon={<BulbOutlined />}
            data-testid={`explain-${m.challenge.id}`}
            onClick={() => setOpenId(m.challenge.id)}
          >
            {t('matches.explain')}
          </Button>
          <Button size="small" type="link" onClick={() => navigate(`/challenges/${m.challenge.id}`)}>
            {t('matches.open')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      {header}
      <Card
        title={t('matches.tableTitle', { name: mine.data.name })}
        extra={
          <Space>
            <label htmlFor="matches-limit">{t('matches.limit')}</label>
            <Select
              id="matches-limit"
              value={limit}
              onChange={setLimit}
              style={{ width: 100 }}
              options={LIMITS.map((n) => ({ value: n, label: t('matches.limitOption', { n }) }))}
            />
          </Space>
        }
      >
        {matches.isError ? (
          <ErrorState error={matches.error} onRetry={() => void matches.refetch()} />
        ) : (
          <Table<Match>
            rowKey={(m) => m.challenge.id}
            loading={matches.isPending}
            dataSource={matches.data?.items ?? []}
            columns={columns}
            pagination={{
              pageSize: 10,
              showTotal: (total) => t('common:list.total', { total }),
              hideOnSinglePage: true,
            }}
            locale={{
              emptyText: <Empty description={t('matches.empty')} />,
            }}
          />
        )}
      </Card>
      {matches.data && matches.data.excluded.length > 0 && (
        <Collapse
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'excluded',
              label: t('matches.excludedTitle', { n: matches.data.excluded.length }),
              children: (
                <Flex vertical gap={8}>
                  {matches.data.excluded.map((e) => (
                    <Alert
                      key={e.challenge.id}
                      type="warning"
                      showIcon
                      title={<Link to={`/challenges/${e.challenge.id}`}>{e.challenge.title}</Link>}
                      description={e.detail || e.reason}
                    />
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      )}
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpenId(undefined)}
        size={560}
        title={open ? t('explain.drawerTitle', { title: open.challenge.title }) : ''}
        data-testid="match-explanation"
        extra={
          open && (
            <Button
              type="primary"
              onClick={() => navigate(`/challenges/${open.challenge.id}`)}
              data-testid="explain-open-challenge"
            >
              {t('explain.toChallenge')}
            </Button>
          )
        }
        destroyOnHidden
      >
        {open && (
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">
              {regionName(open.challenge.county)} · {t(`common:fields.${open.challenge.field}`)} ·{' '}
              {t('matches.deadlineOn', { date: formatDate(open.challenge.deadline) })}
            </Typography.Text>
            <MatchExplanation explanation={open} />
            <Link to={`/challenges/${open.challenge.id}`}>{t('explain.toChallengeLink')}</Link>
          </Flex>
        )}
      </Drawer>
    </>
  );
}
