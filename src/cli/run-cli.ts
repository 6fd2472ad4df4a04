import { ConfigError } from '../config/config.js';
import { DataDirectoryInUse } from '../embedded/data-directory-lock.js';

/** Runs a command line's main and exits with its code; a bad configuration or a busy DATA_DIR is one line, as at start. */
export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof DataDirectoryInUse ? error.message : error);
      process.exit(1);
    },
  );
}
