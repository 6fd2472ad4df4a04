import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A process that rejects a promise nobody awaits, with or without the guard main.ts installs. */
function script(guarded: boolean): string {
  return `
    const { logUnhandledRejections } = await import('./dist/src/unhandled-rejections.js');
    ${guarded ? `logUnhandledRejections((reason) => console.error('logged: ' + reason.message));` : ''}
    Promise.reject(new Error('pool timeout'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    console.log('still running');`;
}

describe('a promise rejected with nobody listening', () => {
  it('is logged and the process keeps running', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script(true)]);
    expect(stderr).toContain('logged: pool timeout');
    expect(stdout).toContain('still running');
  });

  it("would stop the process without the guard (Node's default)", async () => {
    await expect(run(process.execPath, ['--input-type=module', '-e', script(false)])).rejects.toMatchObject({ code: 1 });
  });
});
