import pairingsFile from './pairings.json';

/** A Beijing district or a water-source county, as in shared/domain/pairings.json. */
export interface Region {
  id: string;
  /** GB/T 2260 division code; null for Wudangshan Special Zone, which has none. */
  code: string | null;
  zh: string;
  en: string;
  kind: 'beijing-district' | 'county';
  provinceZh: string;
  provinceEn: string;
  cityZh: string | null;
  cityEn: string | null;
  specialties: string[];
}

export interface Pair {
  /** `<district>-<county>`, e.g. `chaoyang-xichuan`: the room and key for a pair. */
  id: string;
  beijing: Region;
  county: Region;
}

interface RawDistrict {
  id: string;
  code: string | null;
  zh: string;
  en: string;
}
interface RawCounty extends RawDistrict {
  city_zh: string | null;
  city_en: string | null;
  province_zh: string;
  province_en: string;
  specialties: string[];
}

const rawPairs = (pairingsFile as { pairs: { beijing: RawDistrict; county: RawCounty }[] }).pairs;

export const PAIRS: readonly Pair[] = Object.freeze(
  rawPairs.map(({ beijing, county }) => ({
    id: `${beijing.id}-${county.id}`,
    beijing: {
      id: beijing.id,
      code: beijing.code,
      zh: beijing.zh,
      en: beijing.en,
      kind: 'beijing-district' as const,
      provinceZh: '北京市',
      provinceEn: 'Beijing',
      cityZh: '北京市',
      cityEn: 'Beijing',
      specialties: [],
    },
    county: {
      id: county.id,
      code: county.code,
      zh: county.zh,
      en: county.en,
      kind: 'county' as const,
      provinceZh: county.province_zh,
      provinceEn: county.province_en,
      cityZh: county.city_zh,
      cityEn: county.city_en,
      specialties: county.specialties,
    },
  })),
);

const regionsById = new Map<string, Region>();
const pairsByRegion = new Map<string, Pair>();
for (const pair of PAIRS) {
  for (const region of [pair.beijing, pair.county]) {
    regionsById.set(region.id, region);
    pairsByRegion.set(region.id, pair);
  }
}

export const REGION_IDS: readonly string[] = Object.freeze([...regionsById.keys()]);
export const COUNTY_IDS: readonly string[] = Object.freeze(PAIRS.map((p) => p.county.id));
export const BEIJING_DISTRICT_IDS: readonly string[] = Object.freeze(PAIRS.map((p) => p.beijing.id));

export function isRegionId(id: string): boolean {
  return regionsById.has(id);
}

export function regionById(id: string): Region | undefined {
  return regionsById.get(id);
}

/** The pair a district or county belongs to; undefined for an unknown id. */
export function pairOf(regionId: string): Pair | undefined {
  return pairsByRegion.get(regionId);
}

/** The other side of a region's pair: the county for a district, the district for a county. */
export function counterpartOf(regionId: string): Region | undefined {
  const pair = pairsByRegion.get(regionId);
  if (!pair) return undefined;
  return pair.beijing.id === regionId ? pair.county : pair.beijing;
}

/** True when the two regions are the two sides of one pair. */
export function arePaired(a: string, b: string): boolean {
  return counterpartOf(a)?.id === b;
}

export function sameProvince(a: string, b: string): boolean {
  const ra = regionsById.get(a);
  const rb = regionsById.get(b);
  return !!ra && !!rb && ra.provinceEn === rb.provinceEn;
}
