import fc from 'fast-check';
import { isUnDocumentSymbol, unDocumentSymbolInUrl, unDocumentUrl } from './un-document-symbol.js';

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const word = (first: fc.Arbitrary<string>, rest: fc.Arbitrary<string>, max: number) =>
  fc.tuple(first, fc.array(rest, { maxLength: max })).map(([head, tail]) => head + tail.join(''));
const prefix = word(upper, fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), 5);
const run = fc.array(alnum, { minLength: 1, maxLength: 4 }).map((chars) => chars.join(''));
const part = fc
  .tuple(word(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), alnum, 4), fc.array(fc.tuple(fc.constantFrom('.', '-'), run), { maxLength: 2 }))
  .map(([head, rest]) => head + rest.map(([joint, text]) => joint + text).join(''))
  .filter((text) => !/^(?:Add|Rev|Corr|Amend)\./.test(text));
const revision = fc.tuple(fc.constantFrom('Add', 'Rev', 'Corr', 'Amend'), fc.integer({ min: 1, max: 99 })).map(([name, n]) => `${name}.${n}`);
/** Symbols built by the grammar the validator claims to accept. */
const symbol = fc
  .tuple(prefix, fc.array(part, { minLength: 1, maxLength: 5 }), fc.array(revision, { maxLength: 2 }))
  .map(([body, parts, revisions]) => [body, ...parts, ...revisions].join('/'))
  .filter((text) => text.length <= 100);

describe('UN document symbols', () => {
  it.each([
    'A/75/601',
    'HRI/MC/2018/1',
    'A/RES/68/268',
    'E/CN.4/2005/L.10/Add.1',
    'CCPR/C/GC/37',
    'E/CN.4/Sub.2/2005/1',
    'CERD/C/FRA/CO/22-23',
    'A/HRC/47/L.1/Rev.1/Corr.2',
    'A/RES/ES-11/1',
  ])('accepts %s', (text) => expect(isUnDocumentSymbol(text)).toBe(true));

  it.each(['a/75/601', 'A 75 601', 'A/', '601', 'A//601', 'A/75/', '/A/75', 'A/Add.1', 'A/75/Add.1/601', 'A/75/Add.x', 'A/75/601 ', 'A/-75', 'TB-Net'])(
    'refuses %p',
    (text) => expect(isUnDocumentSymbol(text)).toBe(false),
  );

  it('accepts every symbol of the grammar, and links to it in the language asked for', () => {
    fc.assert(
      fc.property(symbol, fc.constantFrom('en' as const, 'fr' as const, 'es' as const), (text, lang) => {
        expect(isUnDocumentSymbol(text)).toBe(true);
        expect(unDocumentUrl(text, lang)).toBe(`https://docs.un.org/${lang}/${text}`);
        expect(unDocumentSymbolInUrl(unDocumentUrl(text, lang))).toBe(text);
      }),
    );
  });

  it('refuses a symbol spoiled by a blank, an empty part, lower case in front or a revision before the body', () => {
    const spoiled = fc.oneof(
      fc.tuple(symbol, fc.constantFrom(' ', '\t', '\n', '//', '/')).map(([text, junk]) => text + junk),
      symbol.map((text) => text.replace('/', '//')),
      symbol.map((text) => text.toLowerCase()).filter((text) => /^[a-z]/.test(text)),
      fc.tuple(symbol, revision).map(([text, rev]) => text.replace('/', `/${rev}/`)),
      fc.string({ maxLength: 20 }).filter((text) => !text.includes('/')),
    );
    fc.assert(fc.property(spoiled, (text) => expect(isUnDocumentSymbol(text)).toBe(false)));
  });

  it('reads a symbol out of an ODS link, not out of any other address', () => {
    expect(unDocumentSymbolInUrl('https://undocs.org/A/75/601')).toBe('A/75/601');
    expect(unDocumentSymbolInUrl('https://docs.un.org/fr/HRI/MC/2018/1')).toBe('HRI/MC/2018/1');
    expect(unDocumentSymbolInUrl('https://www.ohchr.org/A/75/601')).toBeUndefined();
    expect(unDocumentSymbolInUrl('https://undocs.org/home')).toBeUndefined();
    expect(unDocumentSymbolInUrl('not a url')).toBeUndefined();
  });
});
