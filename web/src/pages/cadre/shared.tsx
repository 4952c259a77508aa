import { useQuery } from '@tanstack/react-query';
import { Flex, Progress, Select, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { PAIRS, counterpartOf, pairOf, type Pair } from '@qingshui/regions';
import type { BookingView, ExpertPage, SlotSummary } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useAuth, usePrincipal } from '../../auth/AuthProvider';
import { regionName } from '../../app/regionName';

// Pieces the cadre pages share: the pair the page is about, seat counts, expert names.

export { FIELD_IDS } from '../../app/vocabulary';
import { FIELD_IDS } from '../../app/vocabulary';

export function useFieldOptions() {
  const { t } = useTranslation('cadre');
  return FIELD_IDS.map((id) => ({ value: id, label: t(`common:fields.${id}`) }));
}

/** Every county (for county selects), labelled in the user's language. */
export function useCountyOptions() {
  return PAIRS.map((p) => ({ value: p.county.id, label: regionName(p.county.id) }));
}

/**
 * The pair a cadre page is about: the signed-in cadre's own (their region and its counterpart);
 * an admin may look at any pair (their own region's first).
 */
export function usePairSelection() {
  const principal = usePrincipal();
  const { hasRole } = useAuth();
  const own = principal.region ? pairOf(principal.region) : undefined;
  const [chosen, setChosen] = useState<string | undefined>(own?.id ?? PAIRS[0]?.id);
  const admin = hasRole('admin');
  const pair: Pair | undefined = admin ? (PAIRS.find((p) => p.id === chosen) ?? own) : own;
  const mine = principal.region;
  const counterpart = mine ? counterpartOf(mine)?.id : undefined;
  return { pair, mine, counterpart, admin, own, setPairId: setChosen };
}

/** An admin's pair picker (cadres see their own pair only). */
export function PairPicker({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation('cadre');
  return (
    <Select
      aria-label={t('pair.pick')}
      style={{ width: 240 }}
      value={value}
      onChange={onChange}
      options={PAIRS.map((p) => ({
        value: p.id,
        label: `${regionName(p.beijing.id)} — ${regionName(p.county.id)}`,
      }))}
    />
  );
}

/** Seats left of a slot or tour, with a bar (text says it too: color is never the only signal). */
export function Seats({ slot, compact }: { slot: SlotSummary; compact?: boolean }) {
  const { t } = useTranslation('cadre');
  const left = Math.max(0, slot.capacity - slot.seatsTaken);
  const percent = slot.capacity > 0 ? Math.round((slot.seatsTaken / slot.capacity) * 100) : 0;
  return (
    <Flex vertical gap={2} style={{ minWidth: compact ? 120 : 160 }} data-seats-left={left}>
      <Typography.Text>
        {left > 0
          ? t('seats.left', { left, capacity: slot.capacity })
          : t('seats.full', { capacity: slot.capacity })}
      </Typography.Text>
      <Progress
        percent={percent}
        size="small"
        showInfo={false}
        status={left === 0 ? 'exception' : 'normal'}
        aria-label={t('seats.taken', { taken: slot.seatsTaken, capacity: slot.capacity })}
      />
      {(slot.waitlistLength > 0 || slot.offersOpen > 0) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('seats.line', { waiting: slot.waitlistLength, offers: slot.offersOpen })}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Open / cancelled (with the reason), and whether bookings need approval. */
export function SlotStateTags({ slot }: { slot: SlotSummary }) {
  const { t } = useTranslation('cadre');
  return (
    <Flex gap={4} wrap>
      {slot.status === 'cancelled' ? (
        <Tooltip title={slot.cancelReason}>
          <Tag color="default">{t('slot.cancelled')}</Tag>
        </Tooltip>
      ) : (
        <Tag color="green">{t('slot.open')}</Tag>
      )}
      {slot.approvalRequired && <Tag color="gold">{t('slot.approval')}</Tag>}
    </Flex>
  );
}

const BOOKING_COLOR: Record<string, string> = {
  pending: 'gold',
  confirmed: 'blue',
  rejected: 'red',
  cancelled: 'default',
  expired: 'default',
  rescheduled: 'purple',
};

export function BookingStatusTag({ booking }: { booking: BookingView }) {
  const { t } = useTranslation('cadre');
  return (
    <Tag color={BOOKING_COLOR[booking.status] ?? 'default'}>
      {t(`common:bookingStatus.${booking.status}`)}
    </Tag>
  );
}

export interface ExpertName {
  name: string;
  institution?: string;
  title?: string;
}

/** Names of the experts behind bookings (GET /experts?userIds=…, 100 at a time); users without a profile keep their id. */
export function useExpertNames(bookings: readonly Pick<BookingView, 'userId' | 'region'>[]) {
  const wanted = [...new Set(bookings.map((b) => b.userId))].sort();
  const query = useQuery({
    queryKey: ['experts', 'names', wanted.join(',')],
    enabled: wanted.length > 0,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const found = new Map<string, ExpertName>();
      for (let i = 0; i < wanted.length; i += 100) {
        const userIds = wanted.slice(i, i + 100).join(',');
        const result = await api.get<ExpertPage>('/experts', { userIds, pageSize: 100 }, signal);
        for (const e of result.items)
          found.set(e.userId, { name: e.name, institution: e.institution, title: e.title });
      }
      return Object.fromEntries(found) as Record<string, ExpertName>;
    },
  });
  return { names: query.data ?? {}, loading: query.isLoading && wanted.length > 0 };
}

/** An ISO timestamp from a date picker's value (undefined stays undefined). */
export const isoOf = (value: Dayjs | null | undefined): string | undefined =>
  value ? value.toDate().toISOString() : undefined;

/** Hours (what a person types) to the seconds the API takes. */
export const secondsOf = (hours: number | null | undefined): number | undefined =>
  hours === null || hours === undefined ? undefined : Math.round(hours * 3600);

/** Drops undefined, null and '' so that optional fields stay out of a strict body. */
export function compact<T extends Record<string, unknown>>(body: T): T {
  return Object.fromEntries(
    Object.entries(body).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as T;
}

/** 12月9日 09:00 – 12月13日 17:00 */
export function rangeText(start: string, end: string, format: (iso: string) => string): string {
  return `${format(start)} – ${format(end)}`;
}
