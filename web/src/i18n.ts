import { IntlMessageFormat } from 'intl-messageformat';
import english from '../../locales/en.json';

/** The UN's six official languages, as the service offers them (src/i18n/languages.ts). */
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Every key of the reference catalogue: a key the page names but English lacks does not compile. */
export type MessageKey = keyof typeof english;
type Catalogue = Readonly<Record<string, string>>;
export type MessageValues = Record<string, string | number>;

/** Whether the catalogues hold `key`: every language holds what English holds (test/i18n). */
export const isMessageKey = (key: string): key is MessageKey => key in english;

/** Looks a message up in the reader's language and fills its ICU arguments (plurals and numbers by CLDR rules). */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

// English ships with the page as the fallback; every other language is its own chunk, fetched only once chosen.
const CATALOGUES: Record<Exclude<Lang, 'en'>, () => Promise<{ default: Catalogue }>> = {
  fr: () => import('../../locales/fr.json'),
  es: () => import('../../locales/es.json'),
  ar: () => import('../../locales/ar.json'),
  zh: () => import('../../locales/zh.json'),
  ru: () => import('../../locales/ru.json'),
};

/** The translator for `lang` once its catalogue has arrived. */
export async function loadTranslator(lang: Lang): Promise<Translate> {
  const catalogue = lang === 'en' ? english : (await CATALOGUES[lang]()).default;
  return translator(lang, catalogue);
}

function translator(lang: Lang, catalogue: Catalogue): Translate {
  // Each message is parsed on first use only: a page shows a small part of the catalogue.
  const parsed = new Map<string, IntlMessageFormat>();
  return (key: MessageKey, values?: MessageValues): string => {
    let message = parsed.get(key);
    if (message === undefined) {
      const text = catalogue[key] ?? english[key];
      message = new IntlMessageFormat(text, catalogue[key] === undefined ? 'en' : lang);
      parsed.set(key, message);
    }
    return String(message.format(values));
  };
}

/** Languages written right to left: the page sets `dir="rtl"` on `<html>` for them. */
export const textDirection = (lang: Lang): 'ltr' | 'rtl' => (lang === 'ar' ? 'rtl' : 'ltr');

const STORAGE_KEY = 'trt.language';

/** The remembered choice, else the first of the browser's languages that we speak, else English. */
export function initialLanguage(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLang(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

export function rememberLanguage(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const NAMED_CHANNELS = ['email', 'webhook'] as const;
const isNamedChannel = (channel: string): channel is (typeof NAMED_CHANNELS)[number] => (NAMED_CHANNELS as readonly string[]).includes(channel);

/** A channel's label from the catalogue; a channel the page has no words for yet is shown by its name. */
export function channelLabel(t: Translate, channel: string): string {
  return isNamedChannel(channel) ? t(`web.channel.${channel}`) : channel;
}

/** Calendar dates (YYYY-MM-DD) are days, not instants: format them in UTC so no zone shifts them. */
export function formatDay(lang: Lang, day: string, style: 'long' | 'medium' = 'long'): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { dateStyle: style, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatInstant(lang: Lang, iso: string, timeZone?: string): string {
  // dateStyle cannot be combined with timeZoneName, so the parts are named one by one.
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));
}

export function formatTime(lang: Lang, date: Date): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(date);
}

const DURATION_UNITS: Record<string, string> = { Y: 'year', W: 'week', D: 'day', H: 'hour', M: 'minute', S: 'second' };

/** A reminder offset in words: "P7D" is "7 days", "PT1H" "1 hour"; anything fancier stays as written. */
export function formatOffset(lang: Lang, offset: string): string {
  const match = /^P(?:(\d+)([YWD])|T(\d+)([HMS]))$/.exec(offset);
  if (!match) return offset;
  const amount = Number(match[1] ?? match[3]);
  const unit = DURATION_UNITS[match[2] ?? match[4]];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}

/** "in 3 days", "2 hours ago": the largest unit that fits. */
export function relativeTime(lang: Lang, target: Date, now: Date): string {
  const seconds = Math.round((target.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  return format.format(seconds, 'second');
}
