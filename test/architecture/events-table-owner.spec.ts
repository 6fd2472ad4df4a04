import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');
/** The one folder that may write SQL against the events table. */
const OWNER = join(src, 'event-store');
/** SQL naming the events table: `FROM events`, `INTO events`, `JOIN events`, `UPDATE events`, schema-qualified or quoted too. */
const NAMES_EVENTS_TABLE = /\b(from|into|join|update)\s+(\w+\.)?"?events\b/gi;

/** Every source file outside the owner; tests may read the table directly to check what was written. */
function sourcesOutsideOwner(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === OWNER ? [] : sourcesOutsideOwner(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the events table has one owner', () => {
  it('is named in SQL only under src/event-store/', () => {
    const files = sourcesOutsideOwner(src);
    expect(files.length).toBeGreaterThan(50);
    // Over the whole text, so SQL split across lines is caught too.
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(NAMES_EVENTS_TABLE)].map((match) => `${relative(root, file)}:${text.slice(0, match.index).split('\n').length}: ${match[0]}`);
    });
    expect(offenders).toEqual([]);
  });
});
