import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  postgres: string;
  platform: string;
}

/** What the figures depend on; printed with them, because they mean nothing without it. */
export async function describeMachine(databaseUrl: string): Promise<Machine> {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpuModel = match[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let postgres = 'unreachable';
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const result = await client.query<{ version: string }>('SELECT version()');
    postgres = result.rows[0].version.split(' on ')[0];
  } catch {
    // reported as unreachable; the suites will fail with the real error
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    postgres,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}
