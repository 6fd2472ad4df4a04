import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '../../event-store/aggregate-repository.js';
import { EventStore } from '../../event-store/event-store.js';
import type { WriteContext, WriteResult } from '../../event-store/write-context.js';
import { decideTrackerSettings, type TrackerSettingsCommand } from './domain/tracker-settings.decisions.js';
import type { TrackerSettingsEvent } from './domain/tracker-settings.events.js';
import { evolveTrackerSettings, initialTrackerSettings, type TrackerSettingsState } from './domain/tracker-settings.state.js';

/** The tracker has one set of settings, on one stream. */
export const TRACKER_SETTINGS_STREAM = 'tracker-settings';

@Injectable()
export class TrackerSettingsRepository extends AggregateRepository<TrackerSettingsState, TrackerSettingsEvent> {
  constructor(store: EventStore) {
    super(store, { streamId: () => TRACKER_SETTINGS_STREAM, initialState: initialTrackerSettings, evolve: evolveTrackerSettings, cached: 1 });
  }

  /** The settings as recorded now, and the stream's version for an ETag. */
  current(): Promise<{ state: TrackerSettingsState; version: number }> {
    return this.load(TRACKER_SETTINGS_STREAM);
  }

  /** Records the change; the same choice again records nothing and answers the current version. */
  async change(command: TrackerSettingsCommand, write: WriteContext): Promise<Pick<WriteResult, 'version'>> {
    const current = await this.current();
    if (decideTrackerSettings(command, current.state).length === 0) return { version: current.version };
    return this.execute(TRACKER_SETTINGS_STREAM, (state) => decideTrackerSettings(command, state), write);
  }
}
