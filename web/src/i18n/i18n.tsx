import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './en.ts';
import { ja } from './ja.ts';

export type Lang = 'en' | 'ja';
export const languages: readonly Lang[] = ['en', 'ja'];
const catalogs: Record<Lang, Messages> = { en, ja };
const storageKey = 'accord.lang';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** A calendar date (YYYY-MM-DD) in the reader's language. */
  date: (iso: string | null | undefined) => string;
  /** A message if the key exists in the catalog (topics, statuses), else the raw value. */
  label: (prefix: string, value: string) => string;
  /** A party's name in the reader's language from its ISO code (the stored name otherwise). */
  party: (code: string, fallback?: string) => string;
  /** Items joined with the language's separator (", " or "、"). */
  list: (items: readonly string[]) => string;
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'en' || saved === 'ja') return saved;
  } catch {
    // storage may be unavailable (private mode): fall back to the browser's language
  }
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    document.documentElement.lang = l;
    return l;
  });
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // not kept across visits, still switched now
    }
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = catalogs[lang];
    const t: Translate = (key, vars) =>
      messages[key].replace(/\{(\w+)\}/g, (m, name: string) =>
        vars && name in vars ? String(vars[name]) : m,
      );
    const formatter = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    const regions = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    return {
      lang,
      setLang,
      t,
      list: (items) => items.join(messages['common.separator']),
      party: (code, fallback) => {
        try {
          return regions.of(code) ?? fallback ?? code;
        } catch {
          return fallback ?? code;
        }
      },
      date: (iso) => {
        if (!iso) return '';
        const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
        return Number.isNaN(d.getTime()) ? iso : formatter.format(d);
      },
      label: (prefix, value) => {
        const key = `${prefix}.${value}`;
        return key in messages ? messages[key as MessageKey] : value;
      },
    };
  }, [lang, setLang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
