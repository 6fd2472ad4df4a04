/** The UN's six official languages, each with a catalogue `locales/<language>.json`; English is the reference. */
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export const REFERENCE_LANGUAGE: Language = 'en';

export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

/** Languages written right to left: their e-mails and pages set `dir="rtl"`. */
const RIGHT_TO_LEFT: readonly string[] = ['ar'];

export const textDirection = (language: Language): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.includes(language) ? 'rtl' : 'ltr');

/** The attributes of an `<html>` element in `language`: `lang`, and `dir` where it is not left to right. */
export const htmlLanguageAttributes = (language: Language): string =>
  `lang="${language}"${textDirection(language) === 'rtl' ? ' dir="rtl"' : ''}`;
