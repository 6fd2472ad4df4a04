import { OIDC_NEWCOMER_ROLES, type OidcNewcomerRole, type TrackerSettingsEvent } from './tracker-settings.events.js';
import { TrackerSettingsError } from './tracker-settings.errors.js';
import type { TrackerSettingsState } from './tracker-settings.state.js';

export interface ChangeSignInPolicy {
  type: 'ChangeSignInPolicy';
  oidcNewcomersJoinAs: OidcNewcomerRole | null;
}

export type TrackerSettingsCommand = ChangeSignInPolicy;

/** The events a change of the tracker's settings records, or a TrackerSettingsError; pure. */
export function decideTrackerSettings(command: TrackerSettingsCommand, state: TrackerSettingsState): TrackerSettingsEvent[] {
  switch (command.type) {
    case 'ChangeSignInPolicy': {
      const { oidcNewcomersJoinAs } = command;
      if (oidcNewcomersJoinAs !== null && !OIDC_NEWCOMER_ROLES.includes(oidcNewcomersJoinAs)) {
        throw new TrackerSettingsError('unknown-newcomer-role', 'oidcNewcomersJoinAs must be viewer or null', 'oidcNewcomersJoinAs');
      }
      return oidcNewcomersJoinAs === state.oidcNewcomersJoinAs ? [] : [{ type: 'SignInPolicyChanged', data: { oidcNewcomersJoinAs } }];
    }
  }
}
