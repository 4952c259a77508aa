import { useQuery } from '@tanstack/react-query';
import { Space, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REGION_IDS } from '@qingshui/regions';
import type { DuplicateCandidate, Duplicates } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { regionName } from '../../../app/regionName';

export const regionOptions = () => REGION_IDS.map((id) => ({ value: id, label: regionName(id) }));

/** A value that follows another after it stopped changing for `ms` (typing → one request). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface DuplicateProbe {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  creditCode?: string | undefined;
  excludeId?: string | undefined;
}

/** Possible duplicates of what is being typed (cadres and admins), asked once typing pauses. */
export function useDuplicateHints(probe: DuplicateProbe, enabled = true) {
  const settled = useDebounced(probe);
  const query = Object.fromEntries(
    Object.entries(settled).filter(([, v]) => typeof v === 'string' && v.trim().length >= 2),
  ) as Record<string, string>;
  const asked = Object.keys(query).some((k) => k !== 'excludeId');
  return useQuery({
    queryKey: ['investment-enterprises', 'duplicates', query],
    queryFn: ({ signal }) => api.get<Duplicates>('/investment/enterprises/duplicates', query, signal),
    enabled: enabled && asked,
    staleTime: 10_000,
  });
}

/** Why a record is a possible duplicate, as tags. */
export function ReasonTags({ candidate }: { candidate: DuplicateCandidate }) {
  const { t } = useTranslation('investment-enterprises');
  return (
    <Space size={4} wrap>
      {candidate.reasons.map((r) => (
        <Tooltip key={r.kind} title={r.detail ? t('reason.overlap', { value: r.detail }) : undefined}>
          <Tag color={r.kind === 'credit-code' ? 'red' : r.kind === 'same-name' ? 'orange' : 'gold'}>
            {t(`reason.${r.kind}`)}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
