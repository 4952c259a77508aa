import { PAIRS } from '@qingshui/regions';
import { uniqueTokens } from '@qingshui/text';

// How enterprise names, phones and emails are compared for duplicates. Pure (no I/O); unit-tested
// in enterprise-name.spec.ts. 北京清源环保科技有限公司, 清源环保科技（北京）有限责任公司 and
// "北京 清源环保科技 股份有限公司" all come down to 清源环保科技.

/** Legal-form and group suffixes, longest first (they are stripped repeatedly from the end). */
const SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '股份公司',
  '控股集团',
  '集团公司',
  '集团',
  '总公司',
  '分公司',
  '公司',
  '合伙企业',
  'coltd',
  'limited',
  'ltd',
];

/** Region names that prefix or bracket a company name: Beijing, the provinces and cities, districts, counties. */
function placeNames(): string[] {
  const names = new Set<string>(['中国', '中华', '北京市', '北京', '河南省', '河南', '湖北省', '湖北']);
  for (const { beijing, county } of PAIRS) {
    names.add(beijing.zh);
    names.add(county.zh);
    if (county.cityZh) {
      names.add(county.cityZh);
      names.add(county.cityZh.replace(/(市|地区|林区)$/, ''));
    }
    names.add(county.provinceZh);
    names.add(county.provinceZh.replace(/省$/, ''));
  }
  // Longest first, so 北京市 is stripped whole before 北京.
  return [...names].sort((a, b) => b.length - a.length);
}
const PLACES = placeNames();
const PLACE_SET = new Set(PLACES);
/** A bracketed part that names a place (（北京）, (河南), 【淅川县】) or a partnership form. */
const BRACKETED = /[(（【[]([^)）】\]]*)[)）】\]]/g;

const MIN_CORE = 2;

/**
 * The name as duplicates are compared by: NFKC (full-width → half-width), lower case, no spaces
 * or punctuation, bracketed places and legal forms removed, leading places and trailing
 * suffixes stripped (never below two characters: 北京集团 stays itself).
 */
export function normaliseEnterpriseName(name: string): string {
  let text = name.normalize('NFKC').toLowerCase();
  text = text.replace(BRACKETED, (_, inner: string) => {
    const bare = inner.replace(/\s+/g, '');
    return PLACE_SET.has(bare) || /合伙$/.test(bare) ? '' : bare;
  });
  text = text.replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
  // Legal forms first (集团有限公司 → 集团 → nothing), then places, then again: 北京市清源集团（北京）.
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of SUFFIXES)
      if (text.endsWith(suffix) && text.length - suffix.length >= MIN_CORE) {
        text = text.slice(0, -suffix.length);
        changed = true;
        break;
      }
    if (changed) continue;
    for (const place of PLACES)
      if (text.startsWith(place) && text.length - place.length >= MIN_CORE) {
        text = text.slice(place.length);
        changed = true;
        break;
      }
  }
  return text;
}

/**
 * The words of a normalised name: jieba's (search mode, two characters or more: 环保科技 → 环保,
 * 科技, 环保科技) and every two adjacent characters, so that a brand jieba does not know (清源,
 * 首源) is still one rare word that tells its enterprise apart.
 */
export function nameTokens(normalised: string): string[] {
  const tokens = new Set(uniqueTokens(normalised).filter((t) => t.length >= 2));
  const chars = [...normalised];
  for (let i = 0; i + 1 < chars.length; i += 1) tokens.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) tokens.add(normalised);
  return [...tokens];
}

/** A phone as compared: digits only, without +86 / 0086. `010-6500 1234` → `01065001234`. */
export function phoneKey(phone: string): string {
  let digits = phone.normalize('NFKC').replace(/\D+/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length >= 12) digits = digits.slice(2);
  return digits;
}

/** An email as compared: NFKC, trimmed, lower case. */
export function emailKey(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}
