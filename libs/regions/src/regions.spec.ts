import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  PAIRS,
  REGION_IDS,
  COUNTY_IDS,
  pairOf,
  counterpartOf,
  arePaired,
  sameProvince,
  isRegionId,
  regionById,
} from './regions';

describe('regions', () => {
  it('has the 16 one-to-one pairs with distinct ids', () => {
    expect(PAIRS).toHaveLength(16);
    expect(new Set(REGION_IDS).size).toBe(32);
    expect(COUNTY_IDS.filter((id) => regionById(id)?.provinceEn === 'Henan')).toHaveLength(6);
    expect(COUNTY_IDS.filter((id) => regionById(id)?.provinceEn === 'Hubei')).toHaveLength(10);
  });

  it('finds the pair and counterpart from either side', () => {
    expect(pairOf('xichuan')?.id).toBe('chaoyang-xichuan');
    expect(pairOf('chaoyang')?.county.zh).toBe('淅川县');
    expect(counterpartOf('danjiangkou')?.id).toBe('haidian');
    expect(counterpartOf('haidian')?.id).toBe('danjiangkou');
    expect(arePaired('miyun', 'zhuxi')).toBe(true);
    expect(arePaired('miyun', 'xichuan')).toBe(false);
    expect(pairOf('atlantis')).toBeUndefined();
    expect(isRegionId('atlantis')).toBe(false);
  });

  it('knows provinces', () => {
    expect(sameProvince('xichuan', 'xixia')).toBe(true);
    expect(sameProvince('xichuan', 'zhuxi')).toBe(false);
    expect(sameProvince('chaoyang', 'haidian')).toBe(true);
  });

  // The lib carries a copy so that images build without shared/; it must stay equal to the source.
  const shared = join(__dirname, '../../../../shared/domain/pairings.json');
  (existsSync(shared) ? it : it.skip)('keeps its copy equal to shared/domain/pairings.json', () => {
    const source = JSON.parse(readFileSync(shared, 'utf8'));
    const copy = JSON.parse(readFileSync(join(__dirname, 'pairings.json'), 'utf8'));
    expect(copy).toEqual(source);
  });
});
