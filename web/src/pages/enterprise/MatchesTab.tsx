import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Progress,
  Row,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExpertsForChallenge } from '@qingshui/contracts';
import { api } from '../../api/client';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { formatDate } from '../../i18n/format';

type Match = ExpertsForChallenge['items'][number];
type Excluded = ExpertsForChallenge['excluded'][number];
type PartName = keyof Match['parts'];

/** The parts in the order they are shown (the reply's weights say how much each can bring). */
const PARTS: readonly PartName[] = [
  'skills',
  'text',
  'field',
  'pairing',
  'availability',
  'trackRecord',
  'verified',
  'academician',
];

const PAIRING_COLOR = { 'paired-district': 'green', 'same-province': 'blue', other: 'default' } as const;

const pct = (value: number) => Math.round(value * 100);

function ExpertCell({ expert }: { expert: Match['expert'] }) {
  const { t } = useTranslation('enterprise');
  return (
    <Flex vertical>
      <span>
        <Typography.Text strong>{expert.name}</Typography.Text>
        {expert.academician && (
          <Tag color="red" style={{ marginInlineStart: 6 }}>
            {t('applications.academician')}
          </Tag>
        )}
        {expert.verified && (
          <Tag color="green" style={{ marginInlineStart: 6 }}>
            {t('applications.verified')}
          </Tag>
        )}
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[expert.title, expert.institution].filter(Boolean).join(' · ')}
      </Typography.Text>
    </Flex>
  );
}

function Explanation({ match, weights }: { match: Match; weights: ExpertsForChallenge['weights'] }) {
  const { t } = useTranslation('enterprise');
  const suggestion = (s: Match['suggestions'][number]) => {
    const gain = (s.gain * 100).toFixed(1);
    const extra = s as Record<string, unknown>;
    switch (s.kind) {
      case 'add-skill':
        return t('matches.suggest.addSkill', { skill: String(extra['skill'] ?? ''), gain });
      case 'mark-availability':
        return t('matches.suggest.markAvailability', {
          date: formatDate(String(extra['before'] ?? '')),
          gain,
        });
      case 'get-verified':
        return t('matches.suggest.getVerified', { gain });
      case 'add-field':
        return t('matches.suggest.addField', {
          field: t(`common:fields.${String(extra['field'] ?? '')}`),
          gain,
        });
      default:
        return s.text;
    }
  };
  return (
    <Row gutter={[32, 16]} style={{ padding: '8px 16px' }}>
      <Col xs={24} lg={12}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('matches.parts')}
        </Typography.Title>
        <Flex vertical gap={4}>
          {PARTS.map((part) => {
            const points = match.parts[part] * weights[part] * 100;
            return (
              <Row key={part} align="middle" gutter={8}>
                <Col flex="96px">
                  <Typography.Text>{t(`matches.part.${part}`)}</Typography.Text>
                </Col>
                <Col flex="auto">
                  <Progress
                    percent={pct(match.parts[part])}
                    size="small"
                    aria-label={t(`matches.part.${part}`)}
                    format={() => t('matches.points', { points: points.toFixed(1), max: pct(weights[part]) })}
                  />
                </Col>
              </Row>
            );
          })}
        </Flex>
      </Col>
      <Col xs={24} lg={12}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'skills',
              label: t('matches.skillCoverage'),
              children: (
                <Flex gap={4} wrap>
                  {match.skillMatches.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
                  {match.skillMatches.map((s) => (
                    <Tooltip
                      key={s.skill}
                      title={
                        s.viaTokens.length ? t('matches.via', { tokens: s.viaTokens.join('、') }) : undefined
                      }
                    >
                      <Tag color={s.how === 'exact' ? 'green' : s.how === 'partial' ? 'gold' : 'default'}>
                        {s.skill} · {t(`matches.how.${s.how}`)} {pct(s.strength)}%
                      </Tag>
                    </Tooltip>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'terms',
              label: t('matches.matchedTerms'),
              children: match.matchedTerms.length ? match.matchedTerms.join('、') : '—',
            },
            {
              key: 'availability',
              label: t('matches.availability'),
              children:
                match.availableBeforeDeadline === null
                  ? t('matches.availabilityUnknown')
                  : match.availableBeforeDeadline
                    ? t('matches.availabilityYes')
                    : t('matches.availabilityNo'),
            },
            {
              key: 'suggestions',
              label: t('matches.suggestions'),
              children: match.suggestions.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {match.suggestions.map((s, i) => (
                    <li key={i}>{suggestion(s)}</li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </Col>
    </Row>
  );
}

export function MatchesTab({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation('enterprise');
  const query = useQuery({
    queryKey: ['matches', challengeId],
    queryFn: ({ signal }) =>
      api.get<ExpertsForChallenge>(`/challenges/${challengeId}/matches`, { limit: 20 }, signal),
  });
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data?.items ?? [];
  const excluded = query.data?.excluded ?? [];
  return (
    <Flex vertical gap={16}>
      <Alert type="info" showIcon title={t('matches.intro')} />
      <Table<Match>
        rowKey={(m) => m.expert.id}
        data-testid="matches"
        loading={query.isPending}
        dataSource={items}
        pagination={false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matches.empty')} />,
        }}
        expandable={{
          expandedRowRender: (match) => <Explanation match={match} weights={query.data!.weights} />,
        }}
        columns={[
          {
            title: t('matches.colRank'),
            key: 'rank',
            width: 60,
            render: (_: unknown, __: Match, i) => i + 1,
          },
          {
            title: t('matches.colExpert'),
            key: 'expert',
            render: (_: unknown, m) => <ExpertCell expert={m.expert} />,
          },
          {
            title: t('matches.colRegion'),
            key: 'region',
            width: 170,
            render: (_: unknown, m) => (
              <Flex vertical gap={2} align="start">
                <span>{regionName(m.expert.region)}</span>
                <Tag color={PAIRING_COLOR[m.pairing]}>{t(`matches.pairing.${m.pairing}`)}</Tag>
              </Flex>
            ),
          },
          {
            title: t('matches.colScore'),
            dataIndex: 'score',
            width: 180,
            render: (score: number) => (
              <Progress
                percent={pct(score)}
                size="small"
                aria-label={t('matches.colScore')}
                format={(p) => t('matches.score', { score: p })}
              />
            ),
          },
          {
            title: t('matches.colSkills'),
            key: 'skills',
            render: (_: unknown, m) => (
              <Flex gap={4} wrap>
                {m.matchedSkills.map((s) => (
                  <Tag key={s} color="green">
                    ✓ {s}
                  </Tag>
                ))}
                {m.missingSkills.map((s) => (
                  <Tag key={s} style={{ borderStyle: 'dashed' }}>
                    {t('matches.missing', { skill: s })}
                  </Tag>
                ))}
              </Flex>
            ),
          },
        ]}
      />
      <Collapse
        items={[
          {
            key: 'excluded',
            label: t('matches.excludedTitle', { count: excluded.length }),
            children: (
              <Table<Excluded>
                rowKey={(e) => e.expert.id}
                data-testid="matches-excluded"
                size="small"
                dataSource={excluded}
                pagination={false}
                locale={{
                  emptyText: (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matches.excludedEmpty')} />
                  ),
                }}
                columns={[
                  {
                    title: t('matches.colExpert'),
                    key: 'expert',
                    render: (_: unknown, e) => <ExpertCell expert={e.expert} />,
                  },
                  {
                    title: t('matches.colReason'),
                    key: 'reason',
                    render: (_: unknown, e) => (
                      <Flex vertical>
                        <span>{t(`matches.reason.${e.reason}`, { defaultValue: e.reason })}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {e.detail}
                        </Typography.Text>
                      </Flex>
                    ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Flex>
  );
}
