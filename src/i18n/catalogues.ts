import { IntlMessageFormat } from 'intl-messageformat';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from './languages.js';

/** `locales/` at the top of the repository, copied beside the compiled service in dist/ by `npm run build`. */
export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

/** Every key of the reference catalogue: a key the code names but English lacks does not compile. */
export type MessageKey = keyof typeof import('../../locales/en.json', { with: { type: 'json' } });

/** A catalogue as stored: message keys to ICU MessageFormat strings. */
export type Catalogue = Readonly<Record<string, string>>;

export type MessageValues = Record<string, string | number | Date>;

export function readCatalogue(language: string, dir = LOCALES_DIR): Catalogue {
  return JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8')) as Catalogue;
}

/** Each language's messages, parsed once on first use and kept for the life of the process. */
class Messages {
  private readonly formats = new Map<Language, Map<string, IntlMessageFormat>>();

  format(language: Language, key: MessageKey, values?: MessageValues): string {
    const message = this.of(language).get(key);
    if (message === undefined) throw new Error(`No message ${key} in the ${language} catalogue`);
    return message.format(values) as string;
  }

  has(language: Language, key: string): key is MessageKey {
    return this.of(language).has(key);
  }

  private of(language: Language): Map<string, IntlMessageFormat> {
    let parsed = this.formats.get(language);
    if (parsed === undefined) {
      const catalogue = readCatalogue(language);
      parsed = new Map(Object.entries(catalogue).map(([key, text]) => [key, new IntlMessageFormat(text, language)]));
      this.formats.set(language, parsed);
    }
    return parsed;
  }
}

const messages = new Messages();

/** The message `key` in `language`, its ICU arguments filled with `values` (plurals and numbers by CLDR rules). */
export function t(language: Language, key: MessageKey, values?: MessageValues): string {
  return messages.format(language, key, values);
}

/** True when the catalogue has `key`: for message families keyed by an open value, such as an error's code. */
export function hasMessage(language: Language, key: string): key is MessageKey {
  return messages.has(language, key);
}
