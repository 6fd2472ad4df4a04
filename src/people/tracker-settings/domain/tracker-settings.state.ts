import { isTrackerSettingsEvent, type OidcNewcomerRole, type TrackerSettingsEvent } from './tracker-settings.events.js';

export interface TrackerSettingsState {
  /** The role an unknown person of the provider joins with; null: they are refused (the default). */
  oidcNewcomersJoinAs: OidcNewcomerRole | null;
}

export const initialTrackerSettings: TrackerSettingsState = Object.freeze({ oidcNewcomersJoinAs: null });

/** Never mutates its input, so cached states stay valid; events of other types are ignored. */
export function evolveTrackerSettings(state: TrackerSettingsState, event: TrackerSettingsEvent | { type: string; data: unknown }): TrackerSettingsState {
  if (!isTrackerSettingsEvent(event)) return state;
  switch (event.type) {
    case 'SignInPolicyChanged':
      return { ...state, oidcNewcomersJoinAs: event.data.oidcNewcomersJoinAs };
  }
}
