import type { Logger } from '@nestjs/common';

export interface BackgroundWork {
  /** Says what failed in the log: "Sealing", "Purging idempotency records". */
  what: string;
  everyMs: number;
  /** Whether the first run is at once rather than after one interval. */
  atOnce?: boolean;
  /** Does the work; what it returns, when anything, is logged as what it did. */
  run(): Promise<string | undefined>;
}

/** Runs work on a timer that never keeps the process alive; a failure is logged and the next run tries again. */
export function repeatInBackground(work: BackgroundWork, logger: Logger): () => void {
  const runOnce = async () => {
    try {
      const done = await work.run();
      if (done) logger.log(done);
    } catch (error) {
      logger.error(`${work.what} failed: ${(error as Error).message}`);
    }
  };
  if (work.atOnce) void runOnce();
  const timer = setInterval(() => void runOnce(), work.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
