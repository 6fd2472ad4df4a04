import type { RecordedOf } from '../event-store/event-store.types.js';
import type { ProcessEventOf, ProcessEventType } from './domain/process.events.js';

const PROCESS_STREAM = /^process-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The stream that records a process: `process-<uuid>`. */
export function processStreamId(processId: string): string {
  return `process-${processId}`;
}

/** The process id of a `process-<uuid>` stream, undefined for any other stream. */
export function processIdOf(streamId: string): string | undefined {
  return PROCESS_STREAM.exec(streamId)?.[1];
}

/** A process event as the store records it: `RecordedProcessEvent<'DeadlineSet'>` has the data of a DeadlineSet. */
export type RecordedProcessEvent<T extends ProcessEventType = ProcessEventType> = RecordedOf<ProcessEventOf<T>>;
