import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { COUNTY_IDS } from '@qingshui/regions';
import type { ExhibitorStatus, FairView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { regionName } from '../../../app/regionName';

// What the exhibitor pages share: status tags, the fair they are about, the fixed lists.

/** The certifications the contract accepts (web code takes only types from the contracts). */
export const CERTIFICATION_OPTIONS = ['绿色食品', '有机', '地理标志', '无公害'] as const;
export const STATUS_OPTIONS: readonly ExhibitorStatus[] = [
  'draft',
  'submitted',
  'accepted',
  'waitlisted',
  'rejected',
  'withdrawn',
];
const STATUS_COLORS: Record<ExhibitorStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'success',
  waitlisted: 'warning',
  rejected: 'error',
  withdrawn: 'default',
};

export function ExhibitorStatusTag({ status }: { status: ExhibitorStatus | undefined }) {
  const { t } = useTranslation('fairs-exhibitors');
  const shown = status ?? 'accepted';
  return (
    <Tag color={STATUS_COLORS[shown]} data-testid={`exhibitor-status-${shown}`}>
      {t(`status.${shown}`)}
    </Tag>
  );
}

export const countyOptions = () => COUNTY_IDS.map((id) => ({ value: id, label: regionName(id) }));

/** The fair a page is about (its booth types, whether the caller manages it). */
export function useFair(id: string) {
  return useQuery({
    queryKey: ['fairs', id],
    queryFn: ({ signal }) => api.getVersioned<FairView>(`/fairs/${id}`, signal),
    enabled: Boolean(id),
  });
}

/** A value of a field-level diff, short. */
export function diffValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value || '""';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('、') || '[]';
  if (value && typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name);
  return JSON.stringify(value);
}
