import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The top-level folders of `src/`, bottom to top: a file imports its own layer or one below, never one above. */
export const LAYERS = [
  { name: 'platform', folders: ['config', 'errors', 'i18n', 'network', 'database', 'event-store', 'embedded', 'idempotency'] },
  { name: 'write side', folders: ['auth', 'people', 'privacy', 'channels', 'processes', 'erasures', 'imports'] },
  { name: 'consumers', folders: ['projections', 'reminders', 'audit', 'calendar-feeds', 'seed'] },
  { name: 'delivery', folders: ['http', 'operations', 'cli', 'web'] },
] as const;

/** Files that carry requests in, wherever their feature keeps them: they sit in the delivery layer. */
const DELIVERY_FILE = /\.(controller|decorator|guard|pipe|interceptor|filter|middleware)\.ts$/;
/** Nest wiring names the controllers it mounts; it is held to the no-cycle rule only. */
const WIRING_FILE = /\.module\.ts$/;
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$|\/testing\//;

/** One source file of `src/`, relative to it (`processes/domain/process.events.ts`), and the files it imports. */
export interface SourceFile {
  path: string;
  imports: string[];
}

export interface Placement {
  folder: string;
  layer: number;
  delivery: boolean;
  wiring: boolean;
}

export function placementOf(path: string): Placement {
  const parts = path.split('/');
  const folder = parts.length > 1 ? parts[0] : '';
  const delivery = folder === '' || DELIVERY_FILE.test(path) || parts.slice(1, -1).includes('http');
  const folderLayer = LAYERS.findIndex((layer) => (layer.folders as readonly string[]).includes(folder));
  return { folder, layer: delivery ? LAYERS.length - 1 : folderLayer, delivery, wiring: WIRING_FILE.test(path) };
}

/** Every import that runs up a layer, and every folder not placed in a layer. */
export function upwardImports(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const from = placementOf(file.path);
    if (from.layer < 0) {
      problems.push(`${file.path}: src/${from.folder}/ is in no layer; add it to LAYERS in test/architecture/layers.ts`);
      continue;
    }
    if (from.wiring) continue;
    for (const target of file.imports) {
      const to = placementOf(target);
      if (to.layer > from.layer) problems.push(`${file.path} (${LAYERS[from.layer].name}) imports ${target} (${LAYERS[to.layer].name})`);
    }
  }
  return problems;
}

/** Folders that import each other, directly or round a cycle, through anything but their delivery files. */
export function folderCycles(files: SourceFile[]): string[] {
  const edges = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = placementOf(file.path);
    if (from.delivery && !from.wiring) continue;
    for (const target of file.imports) {
      const to = placementOf(target);
      if (to.folder === from.folder || (to.delivery && !to.wiring)) continue;
      if (!edges.has(from.folder)) edges.set(from.folder, new Map());
      edges.get(from.folder)!.set(to.folder, `${file.path} → ${target}`);
    }
  }
  // Each cycle once, told from its alphabetically first folder, whichever folder the walk began at.
  const cycles = new Map<string, string>();
  const walk = (folder: string, trail: string[]) => {
    for (const [next, example] of edges.get(folder) ?? []) {
      const start = trail.indexOf(next);
      if (start < 0 && next !== folder) {
        walk(next, [...trail, folder]);
        continue;
      }
      const loop = start < 0 ? [folder] : [...trail.slice(start), folder];
      const first = loop.indexOf([...loop].sort()[0]);
      const told = [...loop.slice(first), ...loop.slice(0, first)];
      const key = told.join(' → ');
      if (!cycles.has(key)) cycles.set(key, `${key} → ${told[0]} (one import: ${example})`);
    }
  };
  for (const folder of edges.keys()) walk(folder, []);
  return [...cycles.values()];
}

/** The production sources of `src/` with their resolved relative imports (tests may compose anything). */
export function readSources(srcDir: string): SourceFile[] {
  const list = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return list(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
  return list(srcDir)
    .map((absolute) => ({ absolute, path: relative(srcDir, absolute) }))
    .filter(({ path }) => !TEST_FILE.test(`/${path}`))
    .map(({ absolute, path }) => ({
      path,
      imports: ts
        .preProcessFile(readFileSync(absolute, 'utf8'), true, true)
        .importedFiles.map((imported) => imported.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => relative(srcDir, resolve(dirname(absolute), name)).replace(/\.js$/, '.ts'))
        .filter((target) => !target.startsWith('..')),
    }));
}
