import { decideTrackerSettings } from './tracker-settings.decisions.js';
import type { TrackerSettingsEvent } from './tracker-settings.events.js';
import { evolveTrackerSettings, initialTrackerSettings } from './tracker-settings.state.js';

const given = (...history: TrackerSettingsEvent[]) => history.reduce(evolveTrackerSettings, initialTrackerSettings);
const allowed: TrackerSettingsEvent = { type: 'SignInPolicyChanged', data: { oidcNewcomersJoinAs: 'viewer' } };
const closed: TrackerSettingsEvent = { type: 'SignInPolicyChanged', data: { oidcNewcomersJoinAs: null } };

describe("the tracker's sign-in policy", () => {
  it('lets no unknown person of the provider in until an admin says so', () => {
    expect(given().oidcNewcomersJoinAs).toBeNull();
    expect(decideTrackerSettings({ type: 'ChangeSignInPolicy', oidcNewcomersJoinAs: 'viewer' }, given())).toEqual([allowed]);
    expect(given(allowed).oidcNewcomersJoinAs).toBe('viewer');
  });

  it('is closed again by a later change', () => {
    expect(decideTrackerSettings({ type: 'ChangeSignInPolicy', oidcNewcomersJoinAs: null }, given(allowed))).toEqual([closed]);
    expect(given(allowed, closed).oidcNewcomersJoinAs).toBeNull();
  });

  it('records nothing when nothing changes', () => {
    expect(decideTrackerSettings({ type: 'ChangeSignInPolicy', oidcNewcomersJoinAs: null }, given())).toEqual([]);
    expect(decideTrackerSettings({ type: 'ChangeSignInPolicy', oidcNewcomersJoinAs: 'viewer' }, given(allowed))).toEqual([]);
  });

  it('refuses a role newcomers may not be given', () => {
    expect(() => decideTrackerSettings({ type: 'ChangeSignInPolicy', oidcNewcomersJoinAs: 'admin' as never }, given())).toThrow(
      expect.objectContaining({ code: 'unknown-newcomer-role', kind: 'validation' }),
    );
  });
});
