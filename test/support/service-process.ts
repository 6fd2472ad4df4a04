import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port, for a service process started by a test. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Resolves with the first output line that matches. */
  waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Runs the built service (`dist/src/main.js`, as `npm start` does) with the given environment. */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = env.PORT ?? String(await freePort());
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'PORT', 'DATA_DIR', 'ROLE'].includes(key)),
  );
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...clean, ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForLine = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = output.split('\n').find((l) => pattern.test(l));
      if (line) return line;
      if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${output}`);
  };

  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    waitForLine,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
