import type { Language } from './process.vocabulary.js';

/** The revision parts that may only close a symbol: addendum, revision, corrigendum, amendment. */
const REVISION = String.raw`(?:Add|Rev|Corr|Amend)\.\d{1,3}`;
/** A body part: upper case or digit first, then letters and digits in runs joined by dots or hyphens (CN.4, L.10, Sub.2, 22-23); never Add./Rev./Corr./Amend. */
const PART = String.raw`(?!(?:Add|Rev|Corr|Amend)\.)[A-Z0-9][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*`;

/**
 * A UN document symbol: the issuing body's prefix in capitals (A, E, HRI, CCPR), at least one
 * slash-separated part, then any /Add.N, /Rev.N, /Corr.N: A/75/601, E/CN.4/2005/L.10/Add.1.
 */
export const UN_DOCUMENT_SYMBOL_PATTERN = new RegExp(String.raw`^[A-Z][A-Z0-9]{0,9}(?:\/${PART})+(?:\/${REVISION})*$`);
export const UN_DOCUMENT_SYMBOL_MAX_LENGTH = 100;

export function isUnDocumentSymbol(value: unknown): value is string {
  return typeof value === 'string' && value.length <= UN_DOCUMENT_SYMBOL_MAX_LENGTH && UN_DOCUMENT_SYMBOL_PATTERN.test(value);
}

/** The Official Document System's link to a symbol's document in a language (https://docs.un.org/en/A/75/601). */
export function unDocumentUrl(symbol: string, lang: Language): string {
  return `https://docs.un.org/${lang}/${symbol.split('/').map(encodeURIComponent).join('/')}`;
}

// docs.un.org/<lang>/<symbol>, undocs.org/<symbol> and undocs.org/<lang>/<symbol> all name the document by its symbol.
const ODS_HOSTS = new Set(['docs.un.org', 'undocs.org', 'www.undocs.org']);
const LANGUAGE_SEGMENT = /^(?:en|fr|es|ar|zh|ru)$/;

/** The symbol a link to the Official Document System names, if it is one. */
export function unDocumentSymbolInUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (!ODS_HOSTS.has(parsed.hostname.toLowerCase())) return undefined;
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
  if (segments.length > 0 && LANGUAGE_SEGMENT.test(segments[0])) segments.shift();
  const symbol = segments.join('/');
  return isUnDocumentSymbol(symbol) ? symbol : undefined;
}
