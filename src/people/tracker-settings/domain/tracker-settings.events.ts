/** Who may join by the organisation's provider without an invitation: as viewers, or nobody. */
export const OIDC_NEWCOMER_ROLES = ['viewer'] as const;
export type OidcNewcomerRole = (typeof OIDC_NEWCOMER_ROLES)[number];

/** What admins choose for the whole tracker, on the one stream `tracker-settings`. */
export type TrackerSettingsEvent = { type: 'SignInPolicyChanged'; data: { oidcNewcomersJoinAs: OidcNewcomerRole | null } };

export type TrackerSettingsEventType = TrackerSettingsEvent['type'];

const EVENT_TYPE_SET: Record<TrackerSettingsEventType, true> = { SignInPolicyChanged: true };

export const TRACKER_SETTINGS_EVENT_TYPES = Object.keys(EVENT_TYPE_SET) as readonly TrackerSettingsEventType[];

/** A stored event of a type this module records; its data is as that type's, since only its decisions append them. */
export function isTrackerSettingsEvent(event: { type: string; data: unknown }): event is TrackerSettingsEvent {
  return Object.hasOwn(EVENT_TYPE_SET, event.type);
}
