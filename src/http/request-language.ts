import type { Request } from 'express';
import { isLanguage, LANGUAGES, REFERENCE_LANGUAGE, type Language } from '../i18n/languages.js';

/** The language to answer a person in: `?lang=` when it names one, else the best of `Accept-Language`, else English. */
export function requestLanguage(request: Pick<Request, 'query' | 'acceptsLanguages'>): Language {
  const asked = request.query?.lang;
  if (isLanguage(asked)) return asked;
  // `fr-CH` and `zh-Hans-CN` are taken as `fr` and `zh`; q-values rank the rest.
  const accepted = request.acceptsLanguages(...LANGUAGES);
  return isLanguage(accepted) ? accepted : REFERENCE_LANGUAGE;
}
