import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import zhCommon from '../locales/zh-CN/common.json';
import zhExpert from '../locales/zh-CN/expert.json';
import zhEnterprise from '../locales/zh-CN/enterprise.json';
import zhCadre from '../locales/zh-CN/cadre.json';
import zhAdmin from '../locales/zh-CN/admin.json';
import enCommon from '../locales/en/common.json';
import enExpert from '../locales/en/expert.json';
import enEnterprise from '../locales/en/enterprise.json';
import enCadre from '../locales/en/cadre.json';
import enAdmin from '../locales/en/admin.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'qingshui.language';

/** The language chosen before (kept across visits), else Chinese: the platform's users write Chinese. */
export function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    /* private mode: the choice lasts for this visit */
  }
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = language;
  await i18n.changeLanguage(language);
}

const initial = storedLanguage();
dayjs.locale(initial === 'zh-CN' ? 'zh-cn' : 'en');
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  lng: initial,
  fallbackLng: 'zh-CN',
  ns: ['common', 'expert', 'enterprise', 'cadre', 'admin'],
  defaultNS: 'common',
  resources: {
    'zh-CN': { common: zhCommon, expert: zhExpert, enterprise: zhEnterprise, cadre: zhCadre, admin: zhAdmin },
    en: { common: enCommon, expert: enExpert, enterprise: enEnterprise, cadre: enCadre, admin: enAdmin },
  },
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
