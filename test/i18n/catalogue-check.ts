import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export type Catalogues = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** A source file the keys are looked for in. */
export interface Source {
  path: string;
  text: string;
}

export interface CatalogueCheck {
  catalogues: Catalogues;
  /** The language every other catalogue is held to. */
  reference: string;
  sources: Source[];
}

const ARGUMENT_TYPES: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: 'text',
  [TYPE.number]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'time',
  [TYPE.select]: 'select',
  [TYPE.plural]: 'plural',
  [TYPE.tag]: 'tag',
};

/** What a message asks of its caller: each argument with its type, and each select's options (plural forms differ by language). */
function signature(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    const type = ARGUMENT_TYPES[element.type];
    if (type !== undefined && 'value' in element && typeof element.value === 'string') {
      const ordinal = element.type === TYPE.plural && element.pluralType === 'ordinal' ? 'ordinal' : type;
      into.add(`{${element.value}, ${ordinal}}`);
    }
    if (element.type === TYPE.select) into.add(`{${element.value}, select, ${Object.keys(element.options).sort().join(' ')}}`);
    if (element.type === TYPE.select || element.type === TYPE.plural) for (const option of Object.values(element.options)) signature(option.value, into);
    if (element.type === TYPE.tag) signature(element.children, into);
  }
  return into;
}

/** Plural arguments that lack a form the language's CLDR rules ask for (`few` in Russian, `two` in Arabic). */
function missingPluralForms(elements: MessageFormatElement[], language: string): string[] {
  const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  return elements.flatMap((element) => {
    if (element.type === TYPE.plural && element.pluralType !== 'ordinal') {
      const missing = needed.filter((form) => !(form in element.options)).map((form) => `${element.value}: ${form}`);
      return [...missing, ...Object.values(element.options).flatMap((option) => missingPluralForms(option.value, language))];
    }
    if (element.type === TYPE.select) return Object.values(element.options).flatMap((option) => missingPluralForms(option.value, language));
    return [];
  });
}

type Literals = { strings: Set<string>; templatePrefixes: Set<string> };

// Parsing every source takes seconds: one list of sources is read once, however many catalogues are checked against it.
const literalsRead = new WeakMap<Source[], Literals>();

/** Every string and number literal of the sources (a family may be keyed by number, as `bb.${n}`), and every template's text before its first `${`. */
export function literalsOf(sources: Source[]): Literals {
  const known = literalsRead.get(sources);
  if (known !== undefined) return known;
  const strings = new Set<string>();
  const templatePrefixes = new Set<string>();
  for (const source of sources) {
    const file = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.Latest, false, source.path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) strings.add(node.text);
      else if (ts.isTemplateHead(node) && node.text !== '') templatePrefixes.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  literalsRead.set(sources, { strings, templatePrefixes });
  return { strings, templatePrefixes };
}

/**
 * A key is used when the code names it literally, or when it belongs to a family the code builds
 * from a template (`deadlineKind.${kind}`) and the rest of the key is itself a literal of the code
 * (`'call-for-input'` in the vocabulary), so a key for a value the code no longer has is caught.
 */
function isUsed(key: string, literals: Literals): boolean {
  if (literals.strings.has(key)) return true;
  for (const prefix of literals.templatePrefixes) {
    if (key.startsWith(prefix) && literals.strings.has(key.slice(prefix.length))) return true;
  }
  return false;
}

/** Everything wrong with the catalogues, one line each; empty when they are sound. */
export function checkCatalogues({ catalogues, reference, sources }: CatalogueCheck): string[] {
  const problems: string[] = [];
  const referenceKeys = Object.keys(catalogues[reference] ?? {});
  const parsed = new Map<string, MessageFormatElement[]>();
  for (const [language, catalogue] of Object.entries(catalogues)) {
    for (const [key, message] of Object.entries(catalogue)) {
      try {
        parsed.set(`${language} ${key}`, parse(message, { requiresOtherClause: true }));
      } catch (error) {
        problems.push(`${language}: ${key} is not ICU MessageFormat (${(error as Error).message})`);
      }
      // Messages go into HTML with only their values escaped, so they hold no markup of their own.
      if (/[<>&]/.test(message)) problems.push(`${language}: ${key} holds <, > or &`);
    }
  }
  for (const [language, catalogue] of Object.entries(catalogues)) {
    for (const key of referenceKeys) if (!(key in catalogue)) problems.push(`${language}: ${key} is missing`);
    if (language === reference) continue;
    for (const key of Object.keys(catalogue)) if (!referenceKeys.includes(key)) problems.push(`${language}: ${key} is not in ${reference}`);
  }
  for (const key of referenceKeys) {
    const expected = parsed.get(`${reference} ${key}`);
    if (expected === undefined) continue;
    const wanted = [...signature(expected)].sort().join(' ');
    for (const language of Object.keys(catalogues)) {
      const elements = parsed.get(`${language} ${key}`);
      if (elements === undefined) continue;
      const found = [...signature(elements)].sort().join(' ');
      if (found !== wanted) problems.push(`${language}: ${key} takes ${found || 'no arguments'}, ${reference} takes ${wanted || 'no arguments'}`);
      for (const missing of missingPluralForms(elements, language)) problems.push(`${language}: ${key} lacks the plural form ${missing}`);
    }
  }
  const literals = literalsOf(sources);
  for (const key of referenceKeys) if (!isUsed(key, literals)) problems.push(`${key} is used nowhere in the code`);
  return problems;
}

const TEST_FILE = /\.(spec|int-spec|e2e-spec|browser-spec)\.tsx?$|\/testing\//;

/** The production sources under each folder: tests do not make a message used. */
export function readSources(...dirs: string[]): Source[] {
  const list = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return list(path);
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  return dirs.flatMap(list).filter((path) => !TEST_FILE.test(path)).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
