import { Button, Flex, Form, Select, Tag, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useUrlFilters } from '../../components/useUrlFilters';
import type { ChallengeView } from '@qingshui/contracts';
import { regionName } from '../../app/regionName';
import { formatDateTime, formatYuan } from '../../i18n/format';
import {
  ChallengeStatusTag,
  filterByLabel,
  useCountyOptions,
  useFieldOptions,
  useStatusOptions,
} from './challengeUi';

/** The list filters, kept in the address (useUrlFilters). */
export const useChallengeFilters = () => useUrlFilters(['status', 'field', 'county'] as const);

export function ChallengeFilterBar({ filters, update }: ReturnType<typeof useChallengeFilters>) {
  const { t } = useTranslation('enterprise');
  const statusOptions = useStatusOptions();
  const fieldOptions = useFieldOptions();
  const countyOptions = useCountyOptions();
  return (
    <Form layout="inline" name="challengeFilters" style={{ rowGap: 12 }}>
      <Form.Item label={t('list.filterStatus')} htmlFor="challengeFilters_status">
        <Select
          id="challengeFilters_status"
          allowClear
          style={{ width: 140 }}
          placeholder={t('list.all')}
          options={statusOptions}
          value={filters.status}
          onChange={(value?: string) => update({ status: value })}
        />
      </Form.Item>
      <Form.Item label={t('list.filterField')} htmlFor="challengeFilters_field">
        <Select
          id="challengeFilters_field"
          allowClear
          showSearch={{ filterOption: filterByLabel }}
          style={{ width: 200 }}
          placeholder={t('list.all')}
          options={fieldOptions}
          value={filters.field}
          onChange={(value?: string) => update({ field: value })}
        />
      </Form.Item>
      <Form.Item label={t('list.filterCounty')} htmlFor="challengeFilters_county">
        <Select
          id="challengeFilters_county"
          allowClear
          showSearch={{ filterOption: filterByLabel }}
          style={{ width: 160 }}
          placeholder={t('list.all')}
          options={countyOptions}
          value={filters.county}
          onChange={(value?: string) => update({ county: value })}
        />
      </Form.Item>
      {(filters.status || filters.field || filters.county) && (
        <Form.Item>
          <Button onClick={() => update({ status: undefined, field: undefined, county: undefined })}>
            {t('common:actions.reset')}
          </Button>
        </Form.Item>
      )}
    </Form>
  );
}

/** The columns every challenge list shows; `link` is where a title leads. */
export function useChallengeColumns(): TableProps<ChallengeView>['columns'] {
  const { t } = useTranslation('enterprise');
  return [
    {
      title: t('list.colTitle'),
      dataIndex: 'title',
      render: (title: string, row) => (
        <Flex vertical gap={2}>
          <Link to={`/enterprise/challenges/${row.id}`}>{title}</Link>
          {row.reward.amountYuan !== undefined && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('list.reward', { amount: formatYuan(row.reward.amountYuan) })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('list.colStatus'),
      dataIndex: 'status',
      width: 100,
      render: (status: ChallengeView['status']) => <ChallengeStatusTag status={status} />,
    },
    {
      title: t('list.colField'),
      dataIndex: 'field',
      width: 170,
      render: (field: string) => <Tag>{t(`common:fields.${field}`)}</Tag>,
    },
    {
      title: t('list.colCounty'),
      dataIndex: 'county',
      width: 150,
      render: (county: string, row) => (
        <Flex vertical>
          <span>{regionName(county)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('list.pairedWith', { district: regionName(row.pairedDistrict) })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('list.colDeadline'),
      dataIndex: 'deadline',
      width: 170,
      render: (deadline: string) => formatDateTime(deadline),
    },
    {
      title: t('list.colApplications'),
      dataIndex: 'applicationCount',
      width: 90,
      align: 'right',
    },
    {
      title: t('list.colUpdated'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (updatedAt: string) => formatDateTime(updatedAt),
    },
  ];
}
