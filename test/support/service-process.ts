import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports handed out in this test process, so two services started together never get the same one. */
const handedOut = new Set<number>();

/**
 * Where the kernel takes ports for outgoing connections and `listen(0)`: a port picked there can be
 * taken by another socket before the service binds it (EADDRINUSE), so ports are picked below it.
 */
function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32768;
  }
}

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/** A free loopback port outside the ephemeral range, for a service process started by a test. */
export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart() - 1;
  // A kernel that hands out nearly every port leaves no safe range: take what it gives.
  if (high < 10_000) return (await tryListen(0))!;
  const low = Math.min(20_000, high - 1_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(candidate)) continue;
    if ((await tryListen(candidate)) !== undefined) {
      handedOut.add(candidate);
      return candidate;
    }
  }
  throw new Error(`no free port between ${low} and ${high}`);
}

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Resolves with the first output line that matches. */
  waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  exited: Promise<number | null>;
  /** Resolves once GET /health answers 200; fails at once, with the output, if the process exits. */
  healthy: (timeoutMs?: number) => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** The end of a service's output, for a failure message. */
export function tail(output: string, lines = 40): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The key-encryption key of services on a test database (DATABASE_URL needs one); every restart on it keeps it. */
export const TEST_DATA_KEY = Buffer.alloc(32, 'test data key').toString('base64');

/** Runs the built service (`dist/src/main.js`, as `npm start` does) with the given environment. */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = env.PORT ?? String(await freePort());
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'PORT', 'DATA_DIR', 'ROLE', 'DATA_KEY', 'DATA_KEY_FILE'].includes(key)),
  );
  const dataKey = env.DATABASE_URL && !('DATA_KEY' in env) && !('DATA_KEY_FILE' in env) ? { DATA_KEY: TEST_DATA_KEY } : {};
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...clean, ...dataKey, ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': after 'exit' the pipes may still hold the last lines, the error among them.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  const waitForLine = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = output.split('\n').find((l) => pattern.test(l));
      if (line) return line;
      if (child.exitCode !== null) throw new Error(`service exited with ${await exited}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`);
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const healthy = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    let status = 0;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`service exited with ${await exited} before it was healthy:\n${tail(output)}`);
      status = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${baseUrl}/health did not answer 200 within ${timeoutMs} ms (last status ${status}):\n${tail(output)}`);
  };

  return {
    child,
    baseUrl,
    output: () => output,
    waitForLine,
    exited,
    healthy,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
