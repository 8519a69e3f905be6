import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { en, type MessageKey } from './en';
import { fr } from './fr';

export type Language = 'en' | 'fr';

export const LANGUAGES: readonly { code: Language; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'fr', label: 'Français' },
];

/** The `<option>`s of a language select, each named in its own language. */
export function LanguageOptions() {
  return (
    <>
      {LANGUAGES.map((option) => (
        <option key={option.code} value={option.code} lang={option.code}>
          {option.label}
        </option>
      ))}
    </>
  );
}

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = 'foyer.language';
const SIZE_UNITS = ['size.B', 'size.KB', 'size.MB', 'size.GB', 'size.TB'] as const;

/** Words for codes that mean something else on one page (412 for an event: changed meanwhile). */
export type ErrorOverrides = Partial<Record<string, MessageKey>>;

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  formatDate(iso: string): string;
  /** A size in the units people read: "1.5 MB", "1,5 Mo". */
  formatBytes(bytes: number): string;
  /** An amount in the currency's minor unit (cents), as money: "€4.99", "4,99 €". */
  formatMoney(minor: number, currency: string): string;
  /** A date and time, short: "14 Mar 2025, 09:05". */
  formatDateTime(iso: string): string;
  /** Any error, in words: an API refusal by its code, never the code itself. */
  errorText(error: unknown, overrides?: ErrorOverrides): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'fr') return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[language];
    const t: Translate = (key, values) =>
      dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        values && name in values ? String(values[name]) : whole,
      );
    const dates = new Intl.DateTimeFormat(language, { dateStyle: 'long' });
    const dateTimes = new Intl.DateTimeFormat(language, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    const numbers = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    const formatBytes = (bytes: number): string => {
      let unit = 0;
      let value = bytes;
      while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
        value /= 1024;
        unit++;
      }
      return t(SIZE_UNITS[unit], { size: numbers.format(value) });
    };
    return {
      language,
      setLanguage,
      t,
      formatDate: (iso) => dates.format(new Date(iso)),
      formatDateTime: (iso) => dateTimes.format(new Date(iso)),
      formatBytes,
      formatMoney: (minor, currency) =>
        new Intl.NumberFormat(language, { style: 'currency', currency }).format(minor / 100),
      errorText: (error, overrides) => {
        if (!(error instanceof ApiError)) return t('error.generic');
        if (error.status === 0) return t('error.network');
        const key = overrides?.[error.code] ?? `error.${error.code}`;
        let text = key in dictionary ? dictionary[key as MessageKey] : t('error.generic');
        if (error.retryAfterSeconds !== null) {
          text += ` ${t('error.retryIn', { seconds: error.retryAfterSeconds })}`;
        }
        return text;
      },
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
