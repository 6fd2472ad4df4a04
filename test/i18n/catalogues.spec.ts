import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOCALES_DIR, readCatalogue } from '../../src/i18n/catalogues.js';
import { LANGUAGES, REFERENCE_LANGUAGE } from '../../src/i18n/languages.js';
import { checkCatalogues, literalsOf, readSources, type Catalogues } from './catalogue-check.js';

const catalogues: Catalogues = Object.fromEntries(LANGUAGES.map((language) => [language, readCatalogue(language, LOCALES_DIR)]));
const SOURCE_DIRS = ['src', 'web/src'].map((dir) => fileURLToPath(new URL(`../../${dir}`, import.meta.url)));
// The server names its keys in src, the web page its own (`web.…`) in web/src.
const sources = readSources(...SOURCE_DIRS.filter((dir) => existsSync(dir)));
const check = (changed: Catalogues = catalogues) => checkCatalogues({ catalogues: changed, reference: REFERENCE_LANGUAGE, sources });

/** A copy of the catalogues with one language's messages changed by `change`. */
function withChange(language: string, change: (messages: Record<string, string>) => void): Catalogues {
  const messages = { ...catalogues[language] };
  change(messages);
  return { ...catalogues, [language]: messages };
}

describe('the message catalogues', () => {
  it('hold the same keys in every language, each with the same arguments, each plural with every CLDR form, each key used', () => {
    expect(check()).toEqual([]);
  });

  it('exist for every language the service offers', () => {
    expect(Object.keys(catalogues).sort()).toEqual([...LANGUAGES].sort());
  });
});

describe('the catalogue check', () => {
  it('fails on a key missing in one language', () => {
    const planted = withChange('ru', (messages) => delete messages['reminder.subject']);
    expect(check(planted)).toEqual(['ru: reminder.subject is missing']);
  });

  it('fails on a key only one language has', () => {
    const planted = withChange('zh', (messages) => (messages['reminder.greeting'] = '您好'));
    expect(check(planted)).toEqual(['zh: reminder.greeting is not in en']);
  });

  it('fails on a key the code does not use', () => {
    const planted: Catalogues = Object.fromEntries(Object.entries(catalogues).map(([language, messages]) => [language, { ...messages, 'reminder.unused': 'x' }]));
    expect(check(planted)).toEqual(['reminder.unused is used nowhere in the code']);
  });

  it('fails on a page key the page does not use, and on one the page uses but a language lacks', () => {
    const unused: Catalogues = Object.fromEntries(Object.entries(catalogues).map(([language, messages]) => [language, { ...messages, 'web.timeline.unused': 'x' }]));
    expect(check(unused)).toEqual(['web.timeline.unused is used nowhere in the code']);
    const missing = withChange('ar', (messages) => delete messages['web.timeline.apply']);
    expect(check(missing)).toEqual(['ar: web.timeline.apply is missing']);
  });

  it('fails on a message whose placeholders differ from English', () => {
    const renamed = withChange('fr', (messages) => (messages['reminder.subject'] = 'Rappel : « {titre} » arrive à échéance {when}'));
    expect(check(renamed)).toEqual(['fr: reminder.subject takes {titre, text} {when, text}, en takes {title, text} {when, text}']);
    const retyped = withChange('es', (messages) => (messages['countdown.within'] = 'en {amount, number}'));
    expect(check(retyped)).toEqual(['es: countdown.within takes {amount, number}, en takes {amount, text}']);
  });

  it('fails on a select whose options differ, and on a plural without a form the language needs', () => {
    const select = withChange('ar', (messages) => (messages['invitationMail.lead'] = messages['invitationMail.lead'].replace('auditor {', 'reviewer {')));
    expect(check(select)).toEqual([expect.stringMatching(/^ar: invitationMail.lead takes .*reviewer.*, en takes .*auditor/)]);
    const plural = withChange('ru', (messages) => (messages['countdown.days'] = '{count, plural, one {# день} other {# дней}}'));
    expect(check(plural)).toEqual(['ru: countdown.days lacks the plural form count: few', 'ru: countdown.days lacks the plural form count: many']);
  });

  it('fails on a message that is not ICU MessageFormat or holds markup', () => {
    const broken = withChange('en', (messages) => (messages['reminder.due'] = 'Due {'));
    expect(check(broken)[0]).toMatch(/^en: reminder.due is not ICU MessageFormat/);
    const markup = withChange('fr', (messages) => (messages['reminder.due'] = 'Échéance &nbsp;'));
    expect(check(markup)).toEqual(['fr: reminder.due holds <, > or &']);
  });

  it('takes a key built from a template as used when the rest of it is a literal of the code', () => {
    const literals = literalsOf([{ path: 'a.ts', text: "const k = `deadlineKind.${kind}`; const kinds = ['review'] as const;" }]);
    expect(literals.templatePrefixes).toEqual(new Set(['deadlineKind.']));
    expect(literals.strings.has('review')).toBe(true);
    const family = { en: { 'deadlineKind.review': 'review', 'deadlineKind.gone': 'gone' } };
    expect(checkCatalogues({ catalogues: family, reference: 'en', sources: [{ path: 'a.ts', text: "t(`deadlineKind.${kind}`); ['review'];" }] })).toEqual([
      'deadlineKind.gone is used nowhere in the code',
    ]);
  });

  it('takes a key built from a template as used when the rest of it is a number literal of the code', () => {
    const family = { en: { 'bb.1': 'one', 'bb.2': 'two', 'bb.8': 'eight' } };
    expect(checkCatalogues({ catalogues: family, reference: 'en', sources: [{ path: 'a.ts', text: 't(`bb.${n}`); const blocks = [1, 2] as const;' }] })).toEqual([
      'bb.8 is used nowhere in the code',
    ]);
  });
});
