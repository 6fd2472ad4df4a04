/**
 * A promise rejected with nobody listening is a bug to log, not a reason to stop the API, the
 * projections and the reminder workers with it: Node's default exits the process.
 */
export function logUnhandledRejections(log: (reason: unknown) => void): () => void {
  const listener = (reason: unknown) => log(reason);
  process.on('unhandledRejection', listener);
  return () => process.off('unhandledRejection', listener);
}
