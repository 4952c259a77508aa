import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { BEIJING_DISTRICT_IDS, COUNTY_IDS } from '@qingshui/regions';
import type { ApplicationStatus, ChallengeStatus } from '@qingshui/contracts';
import { regionName } from '../../app/regionName';

// What the challenge pages (enterprise, cadre, admin) share: status tags and select options.

export { CHALLENGE_STATUS_IDS, FIELD_IDS } from '../../app/vocabulary';
import { CHALLENGE_STATUS_IDS, FIELD_IDS } from '../../app/vocabulary';

export const IP_TERM_IDS = ['poster', 'expert', 'shared', 'negotiable'] as const;

const CHALLENGE_STATUS_COLOR: Record<ChallengeStatus, string> = {
  draft: 'default',
  published: 'processing',
  closed: 'warning',
  awarded: 'purple',
  delivered: 'cyan',
  completed: 'success',
  cancelled: 'error',
};

const APPLICATION_STATUS_COLOR: Record<ApplicationStatus, string> = {
  submitted: 'processing',
  shortlisted: 'gold',
  rejected: 'default',
  awarded: 'success',
};

/** The status in words (the colour only repeats it). */
export function ChallengeStatusTag({ status }: { status: ChallengeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={CHALLENGE_STATUS_COLOR[status]} data-status={status}>
      {t(`common:challengeStatus.${status}`)}
    </Tag>
  );
}

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={APPLICATION_STATUS_COLOR[status]} data-status={status}>
      {t(`common:applicationStatus.${status}`)}
    </Tag>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function useFieldOptions(): Option[] {
  const { t } = useTranslation();
  return FIELD_IDS.map((id) => ({ value: id, label: t(`common:fields.${id}`) }));
}

export function useStatusOptions(): Option[] {
  const { t } = useTranslation();
  return CHALLENGE_STATUS_IDS.map((id) => ({ value: id, label: t(`common:challengeStatus.${id}`) }));
}

/** The 16 water-source counties (re-rendered with the language). */
export function useCountyOptions(): Option[] {
  useTranslation();
  return COUNTY_IDS.map((id) => ({ value: id, label: regionName(id) }));
}

/** Every region, grouped: Beijing districts, then the counties. */
export function useRegionOptions(beijingLabel: string, countiesLabel: string) {
  const counties = useCountyOptions();
  return [
    {
      label: beijingLabel,
      options: BEIJING_DISTRICT_IDS.map((id) => ({ value: id, label: regionName(id) })),
    },
    { label: countiesLabel, options: counties },
  ];
}

/** Select filtering on the label (Chinese names), not on the id. */
export const filterByLabel = (input: string, option?: { label?: unknown }) =>
  String(option?.label ?? '')
    .toLowerCase()
    .includes(input.trim().toLowerCase());
