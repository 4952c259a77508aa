import { Descriptions, Drawer, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpertProfile } from '@qingshui/contracts';
import { regionName } from '../../app/regionName';
import { formatDate, formatDateTime } from '../../i18n/format';

export function FieldTags({ fields }: { fields: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      {fields.map((f) => (
        <Tag key={f}>{t(`common:fields.${f}`)}</Tag>
      ))}
    </Flex>
  );
}

/** Name with the academician and verified marks (in words, not colour alone). */
export function ExpertName({
  expert,
}: {
  expert: Pick<ExpertProfile, 'name' | 'academician' | 'verified' | 'title'>;
}) {
  const { t } = useTranslation('admin');
  return (
    <Flex vertical>
      <span>
        <Typography.Text strong>{expert.name}</Typography.Text>
        {expert.academician && (
          <Tag color="red" style={{ marginInlineStart: 6 }}>
            {t('expert.academician')}
          </Tag>
        )}
        {expert.verified && (
          <Tag color="green" style={{ marginInlineStart: 6 }}>
            {t('expert.verified')}
          </Tag>
        )}
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {expert.title}
      </Typography.Text>
    </Flex>
  );
}

/** The whole profile, read-only, for an admin deciding about it. */
export function ExpertDrawer({
  expert,
  onClose,
  extra,
}: {
  expert: ExpertProfile | undefined;
  onClose: () => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation('admin');
  const dash = '—';
  return (
    <Drawer
      open={expert !== undefined}
      onClose={onClose}
      size="large"
      title={expert ? t('expert.drawerTitle', { name: expert.name }) : ''}
      extra={extra}
    >
      {expert && (
        <Descriptions
          column={1}
          size="small"
          bordered
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'name', label: t('expert.name'), children: <ExpertName expert={expert} /> },
            { key: 'institution', label: t('expert.institution'), children: expert.institution },
            { key: 'region', label: t('expert.region'), children: regionName(expert.region) },
            { key: 'fields', label: t('expert.fields'), children: <FieldTags fields={expert.fields} /> },
            {
              key: 'skills',
              label: t('expert.skills'),
              children: expert.skills.length ? (
                <Flex gap={4} wrap>
                  {expert.skills.map((s) => (
                    <Tag key={s} color="blue">
                      {s}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                dash
              ),
            },
            {
              key: 'bio',
              label: t('expert.bio'),
              children: <span style={{ whiteSpace: 'pre-wrap' }}>{expert.bio || dash}</span>,
            },
            { key: 'honours', label: t('expert.honours'), children: expert.honours.join('；') || dash },
            { key: 'languages', label: t('expert.languages'), children: expert.languages.join('、') || dash },
            {
              key: 'contact',
              label: t('expert.contact'),
              children: expert.contact
                ? [
                    expert.contact.email,
                    expert.contact.phone,
                    expert.contact.wechat && t('expert.wechat', { id: expert.contact.wechat }),
                  ]
                    .filter(Boolean)
                    .join(' · ') || dash
                : dash,
            },
            {
              key: 'availability',
              label: t('expert.availability'),
              children: expert.availability.length
                ? expert.availability
                    .map((w) => `${formatDate(w.from)} – ${formatDate(w.to)}${w.note ? `（${w.note}）` : ''}`)
                    .join('；')
                : dash,
            },
            {
              key: 'engagements',
              label: t('expert.engagements'),
              children: t('expert.engagementsValue', {
                visits: expert.engagements.visits,
                solved: expert.engagements.challengesSolved,
              }),
            },
            {
              key: 'verified',
              label: t('expert.verification'),
              children: expert.verified
                ? t('expert.verifiedAt', { at: formatDateTime(expert.verifiedAt) })
                : t('expert.notVerified'),
            },
            { key: 'created', label: t('expert.submitted'), children: formatDateTime(expert.createdAt) },
            { key: 'updated', label: t('expert.updated'), children: formatDateTime(expert.updatedAt) },
          ]}
        />
      )}
    </Drawer>
  );
}
