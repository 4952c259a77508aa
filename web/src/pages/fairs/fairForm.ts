import dayjs, { type Dayjs } from 'dayjs';
import type { CreateFairInput, FairField, FairView, FieldError, UpdateFairInput } from '@qingshui/contracts';

// The fair form's values and the request bodies made of them (antd names: `fair_title`,
// `fair_venue_name`, `fair_days_0_date`, `fair_boothTypes_0_priceYuan`, …).

export interface DayValues {
  date?: Dayjs | null;
  opensAt?: Dayjs | null;
  closesAt?: Dayjs | null;
}
export interface ZoneValues {
  id?: string;
  name?: string;
}
export interface BoothTypeValues {
  id?: string;
  name?: string;
  sizeM2?: number | null;
  priceYuan?: number | null;
  count?: number | null;
  zoneId?: string | null;
}
export interface FairFormValues {
  title?: string;
  description?: string;
  pairIds?: string[];
  venue?: { name?: string; address?: string };
  days?: DayValues[];
  zones?: ZoneValues[];
  boothTypes?: BoothTypeValues[];
}

const DATE = 'YYYY-MM-DD';
const TIME = 'HH:mm';

/** 09:30 as a time of today, for the time picker. */
function timeOf(hhmm: string): Dayjs {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return dayjs().startOf('day').hour(hours).minute(minutes);
}

/**
 * The request body: what the user entered, as it is (the API checks it and names the fields).
 * Empty numbers go as null so that the API, not the console, says what is missing.
 */
export function bodyOf(values: FairFormValues): CreateFairInput {
  return {
    title: values.title ?? '',
    description: values.description ?? '',
    pairIds: values.pairIds ?? [],
    venue: { name: values.venue?.name ?? '', address: values.venue?.address ?? '' },
    days: (values.days ?? []).map((day) => ({
      date: day?.date ? day.date.format(DATE) : '',
      opensAt: day?.opensAt ? day.opensAt.format(TIME) : '',
      closesAt: day?.closesAt ? day.closesAt.format(TIME) : '',
    })),
    zones: (values.zones ?? []).map((zone) => ({ id: zone?.id ?? '', name: zone?.name ?? '' })),
    boothTypes: (values.boothTypes ?? []).map((booth) => ({
      id: booth?.id ?? '',
      name: booth?.name ?? '',
      sizeM2: (booth?.sizeM2 ?? null) as number,
      priceYuan: (booth?.priceYuan ?? null) as number,
      count: (booth?.count ?? null) as number,
      ...(booth?.zoneId ? { zoneId: booth.zoneId } : {}),
    })),
  };
}

export function valuesOf(fair: FairView): FairFormValues {
  return {
    title: fair.title,
    description: fair.description,
    pairIds: fair.pairIds,
    venue: { name: fair.venue.name, address: fair.venue.address },
    days: fair.days.map((day) => ({
      date: dayjs(day.date, DATE),
      opensAt: timeOf(day.opensAt),
      closesAt: timeOf(day.closesAt),
    })),
    zones: fair.zones.map((zone) => ({ id: zone.id, name: zone.name })),
    boothTypes: fair.boothTypes.map((booth) => ({ ...booth, zoneId: booth.zoneId ?? null })),
  };
}

const FIELDS: readonly FairField[] = [
  'title',
  'description',
  'pairIds',
  'venue',
  'days',
  'zones',
  'boothTypes',
];

/** Only the fields the user changed (against the fair they started from). */
export function patchOf(values: FairFormValues, original: FairView): UpdateFairInput {
  const next = bodyOf(values);
  const before = bodyOf(valuesOf(original));
  const patch: Record<string, unknown> = {};
  for (const key of FIELDS)
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) patch[key] = next[key];
  return patch as UpdateFairInput;
}

/**
 * Where the form shows an error about a whole row or group: a repeated day at its date, a
 * repeated zone or booth type at its id, the venue at its name. Field errors go unchanged.
 */
export function relocate(error: FieldError): FieldError {
  const row = /^(days|zones|boothTypes)\.(\d+)$/.exec(error.field);
  if (row) return { ...error, field: `${row[1]}.${row[2]}.${row[1] === 'days' ? 'date' : 'id'}` };
  if (error.field === 'venue') return { ...error, field: 'venue.name' };
  return error;
}
