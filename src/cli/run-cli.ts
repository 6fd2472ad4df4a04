import { ConfigError } from '../config/config.js';

/** Runs a command line's main and exits with its code; a bad configuration is one line, as at start. */
export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(1);
    },
  );
}
