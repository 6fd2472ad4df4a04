/** The channel on which every instance hears that some session, token or person's access changed. */
export const ACCESS_CHANGED_CHANNEL = 'trt_access_changed';

/** Anything that runs SQL: a pool, a client in a transaction, a TypeORM repository or manager. */
export interface Queryable {
  query(sql: string): Promise<unknown>;
}

const localListeners = new Set<() => void>();

/** Registers a cache of this process to clear with every change; returns how to stop. */
export function onAccessChangedHere(listener: () => void): () => void {
  localListeners.add(listener);
  return () => localListeners.delete(listener);
}

/** How long after a change this process clears its caches once more: a transaction still open at the first clear has committed by then. */
const SECOND_CLEAR_MS = 1_000;

/**
 * Tells every instance to forget what it cached about sessions, tokens and people. Inside a
 * transaction the NOTIFY goes out at its commit; this process also clears at once and a second
 * later, since the embedded database delivers no notifications between connections.
 */
export async function notifyAccessChanged(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_notify('${ACCESS_CHANGED_CHANNEL}', '')`);
  clearHere();
  setTimeout(clearHere, SECOND_CLEAR_MS).unref();
}

function clearHere(): void {
  for (const listener of localListeners) listener();
}
