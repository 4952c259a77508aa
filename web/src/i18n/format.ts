import i18n from './index';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'zh-CN');

/** 2026年12月2日 09:30 / 2 Dec 2026, 09:30, in the user's time zone. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(date);
}

/** ¥1,200,000 / ¥120万 is left to the reader: amounts are yuan, grouped for the locale. */
export function formatYuan(amount: number | undefined): string {
  if (amount === undefined) return '';
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: 'CNY',
    maximumFractionDigits: 0,
  }).format(amount);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

/** mm:ss (or h:mm:ss) left until `iso`, never negative. */
export function countdown(iso: string, nowMs: number): string {
  const total = Math.max(0, Math.floor((new Date(iso).getTime() - nowMs) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
