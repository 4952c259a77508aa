import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import { setLanguageSource } from '../api/client';
import 'dayjs/locale/zh-cn';
import resourcesToBackend from 'i18next-resources-to-backend';
import zhCommon from '../locales/zh-CN/common.json';
import enCommon from '../locales/en/common.json';

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

// The frame's messages (common) ship with the app; each page's namespace is its own chunk,
// loaded with the page (react-i18next suspends until it is there).
void i18n
  .use(
    resourcesToBackend(
      (language: string, namespace: string) => import(`../locales/${language}/${namespace}.json`),
    ),
  )
  .use(initReactI18next)
  .init({
    lng: initial,
    fallbackLng: 'zh-CN',
    ns: ['common'],
    defaultNS: 'common',
    resources: { 'zh-CN': { common: zhCommon }, en: { common: enCommon } },
    // Bundled resources above, the page namespaces from the backend.
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });

setLanguageSource(() => i18n.language || 'zh-CN');

export default i18n;
