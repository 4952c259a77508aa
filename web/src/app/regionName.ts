import { regionById } from '@qingshui/regions';
import i18n from '../i18n';

/** 淅川县 / Xichuan County for a region id (the id itself when unknown). */
export function regionName(id: string | undefined): string {
  if (!id) return '';
  const region = regionById(id);
  if (!region) return id;
  return i18n.language === 'en' ? region.en : region.zh;
}
