import { createBenchDatabase, BENCH_ADMIN_URL, type BenchDatabase } from './support/bench-database.js';
import { describeMachine } from './support/machine.js';
import type { BenchContext } from './support/suite.js';
import { renderTable } from './support/table.js';
import { suites } from './suites.js';

/**
 * npm run bench [-- <suite> … ] [--scale=N] [--rounds=N] [--parts=a,b] [--list]
 * Tables go to stdout, progress to stderr, and the last stdout line is one JSON object with every
 * figure (prefixed "BENCH_RESULT ").
 */
async function main(argv: string[]): Promise<number> {
  const flags = new Map<string, string>();
  const names: string[] = [];
  for (const arg of argv) {
    const flag = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (flag) flags.set(flag[1], flag[2] ?? 'true');
    else names.push(arg);
  }
  if (flags.has('list') || flags.has('help')) {
    console.log('npm run bench [-- <suite> …] [--scale=N] [--rounds=N] [--parts=a,b]\n\nSuites:');
    for (const suite of suites) console.log(`  ${suite.name.padEnd(20)} ${suite.description}`);
    return 0;
  }
  const unknown = names.filter((name) => !suites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown suite(s): ${unknown.join(', ')}. Known: ${suites.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const selected = names.length === 0 ? suites : suites.filter((suite) => names.includes(suite.name));
  const scale = Number(flags.get('scale') ?? 1);
  const rounds = Number(flags.get('rounds') ?? 3);
  if (!(scale > 0) || !Number.isInteger(rounds) || rounds < 1) {
    console.error('--scale must be > 0 and --rounds a positive integer');
    return 2;
  }

  const databases: BenchDatabase[] = [];
  const dropDatabases = async () => {
    await Promise.allSettled(databases.splice(0).map((database) => database.close()));
  };
  process.once('SIGINT', () => {
    console.error('\nInterrupted: dropping the bench databases…');
    void dropDatabases().finally(() => process.exit(130));
  });

  const log = (message: string) => console.error(`[bench] ${message}`);
  const context: BenchContext = {
    async createDatabase() {
      const database = await createBenchDatabase();
      databases.push(database);
      log(`created database ${database.name}`);
      return database;
    },
    log,
    scale,
    rounds,
    parts: (flags.get('parts') ?? '').split(',').filter(Boolean),
    count: (base, minimum = 1) => Math.max(minimum, Math.round(base * scale)),
  };

  const machine = await describeMachine(BENCH_ADMIN_URL);
  console.log(
    `Machine: ${machine.cpus} CPU (${machine.cpuModel}), ${machine.memory}, ${machine.platform}\n` +
      `         Node ${machine.node}, ${machine.postgres}\n` +
      `Run:     ${new Date().toISOString()}, scale ${scale}, ${rounds} round(s)`,
  );

  const results: Record<string, unknown> = {};
  let failed = false;
  for (const suite of selected) {
    log(`suite ${suite.name}: ${suite.description}`);
    try {
      const report = await suite.run(context);
      for (const table of report.tables) console.log(`\n${renderTable(table)}`);
      results[suite.name] = report.figures;
    } catch (error) {
      failed = true;
      console.error(`suite ${suite.name} failed:`, error);
      results[suite.name] = { error: String(error) };
    } finally {
      await dropDatabases();
    }
  }

  console.log(`\nBENCH_RESULT ${JSON.stringify({ date: new Date().toISOString(), machine, scale, rounds, suites: results })}`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
