import type { BenchDatabase } from './bench-database.js';
import type { Table } from './table.js';

/** What the runner gives every suite. */
export interface BenchContext {
  /** A fresh, migrated database named trt_bench_<random>; the runner drops it at the end of the run. */
  createDatabase(): Promise<BenchDatabase>;
  /** Progress lines, on stderr (stdout carries the tables and the JSON line). */
  log(message: string): void;
  /** Multiplies operation counts (`--scale=0.2` for a quick smoke run); 1 by default. */
  scale: number;
  /** Measured rounds per comparison (`--rounds=N`); suites alternate the order of the sides per round. */
  rounds: number;
  /** `--parts=a,b`: the parts of a suite to run (a suite that has parts names them); empty means all. */
  parts: string[];
  /** Scales a count by `scale`, never below `minimum`. */
  count(base: number, minimum?: number): number;
}

/** What a suite hands back: tables for people, figures (flat, JSON-friendly) for docs and tooling. */
export interface SuiteReport {
  tables: Table[];
  figures: Record<string, unknown>;
}

/** One benchmark suite: one file `bench/<name>.bench.ts` exporting it, listed in bench/suites.ts. */
export interface BenchSuite {
  /** Short, kebab-case; what `npm run bench -- <name>` selects. */
  name: string;
  description: string;
  run(context: BenchContext): Promise<SuiteReport>;
}
