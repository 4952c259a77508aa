import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { BEIJING_DISTRICT_IDS, COUNTY_IDS, PAIRS, regionById } from '@qingshui/regions';
import type { FairDay, FairStatus, FairView } from '@qingshui/contracts';
import { regionName } from '../../app/regionName';
import { formatDate } from '../../i18n/format';

// What the fair pages share: the lifecycle as plain values (the contracts give types only), the
// status tag, pair and region labels and options, and how days are written.

/** A fair's states, in lifecycle order (labels: fairs:status.<id>). */
export const FAIR_STATUS_IDS = [
  'draft',
  'exhibitors-open',
  'visitors-open',
  'running',
  'closed',
  'cancelled',
] as const satisfies readonly FairStatus[];

/** The forward lifecycle, without cancelling. */
export const FAIR_FLOW: readonly FairStatus[] = [
  'draft',
  'exhibitors-open',
  'visitors-open',
  'running',
  'closed',
];

const STATUS_COLOR: Record<FairStatus, string> = {
  draft: 'default',
  'exhibitors-open': 'processing',
  'visitors-open': 'cyan',
  running: 'success',
  closed: 'purple',
  cancelled: 'error',
};

/** The status in words (the colour only repeats it). */
export function FairStatusTag({ status }: { status: FairStatus }) {
  const { t } = useTranslation('fairs');
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

/** 朝阳区—淅川县 for a pair id (the id itself when unknown). */
export function pairLabel(pairId: string): string {
  const pair = PAIRS.find((p) => p.id === pairId);
  return pair ? `${regionName(pair.beijing.id)}—${regionName(pair.county.id)}` : pairId;
}

export interface Option {
  value: string;
  label: string;
}

export const pairOptions = (): Option[] =>
  PAIRS.map((pair) => ({ value: pair.id, label: pairLabel(pair.id) }));

export function useStatusOptions(): Option[] {
  const { t } = useTranslation('fairs');
  return FAIR_STATUS_IDS.map((status) => ({ value: status, label: t(`status.${status}`) }));
}

/** Beijing's districts and the water-source counties, as two groups of a select. */
export function useRegionOptions(): { label: string; options: Option[] }[] {
  const { t } = useTranslation('fairs');
  const options = (ids: readonly string[]) =>
    [...new Set(ids)].map((id) => ({ value: id, label: regionName(id) }));
  return [
    { label: t('list.districts'), options: options(BEIJING_DISTRICT_IDS) },
    { label: t('list.counties'), options: options(COUNTY_IDS) },
  ];
}

export const filterByLabel = (input: string, option?: { label?: unknown }): boolean =>
  String(option?.label ?? '')
    .toLowerCase()
    .includes(input.trim().toLowerCase());

/** A calendar day (YYYY-MM-DD) in the user's words, read as a local date (no time-zone shift). */
export const formatDay = (date: string): string => formatDate(`${date}T00:00:00`);

/** First–last day of a fair (its days come sorted). */
export function dayRange(days: readonly FairDay[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return '';
  return first.date === last.date
    ? formatDay(first.date)
    : `${formatDay(first.date)} – ${formatDay(last.date)}`;
}

/** Who organises the fair: the kind (district, county, the office) and its region. */
export function useOrganiserText(): (organiser: FairView['organiser']) => string {
  const { t } = useTranslation('fairs');
  return (organiser) => {
    const kind = t(`organiserKind.${organiser.kind}`);
    const region = regionById(organiser.region) ? regionName(organiser.region) : '';
    return region ? t('organiser', { region, kind }) : kind;
  };
}
