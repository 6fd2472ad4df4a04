import type { Principal, Role } from '../auth/roles.js';
import { roleCan } from '../auth/roles.js';
import { VISIBILITIES, type Visibility } from '../processes/domain/process.vocabulary.js';

/**
 * The one place that decides who sees which milestones: without a token only public ones; viewers
 * and editors internal ones too; auditors and admins confidential ones as well. Every read (JSON,
 * CSV, progress measures, live events) filters with this, so nothing confidential leaks through an
 * aggregate either.
 */
export function visibleTo(principal: Principal | undefined): Visibility[] {
  return visibleToRole(principal?.role);
}

/** The same rule for a role (undefined: no token), where a reader's role differs from process to process. */
export function visibleToRole(role: Role | undefined): Visibility[] {
  if (role === undefined) return ['public'];
  if (roleCan(role, 'audit')) return ['public', 'internal', 'confidential'];
  return ['public', 'internal'];
}

export function canSee(principal: Principal | undefined, visibility: Visibility): boolean {
  return visibleTo(principal).includes(visibility);
}

/** A milestone's standing now, which governs what any reader sees of its past. */
export interface CurrentStanding {
  visibility: Visibility;
  retracted: boolean;
}

/**
 * The visibility a milestone's past is read under: the most restrictive of what it was then and what
 * it is now (made confidential later, its public past closes too), and a retraction takes it out of
 * the public's view of every moment. Unknown now (not yet projected) counts as confidential.
 */
export function visibilityOfPast(then: Visibility, now: CurrentStanding | undefined): Visibility {
  if (now === undefined) return 'confidential';
  const floor: Visibility = now.retracted ? 'internal' : 'public';
  return [then, now.visibility, floor].reduce((a, b) => (VISIBILITIES.indexOf(a) >= VISIBILITIES.indexOf(b) ? a : b));
}
