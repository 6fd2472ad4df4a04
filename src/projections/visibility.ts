import type { Principal } from '../auth/roles.js';
import { roleCan } from '../auth/roles.js';
import type { Visibility } from '../processes/domain/process.vocabulary.js';

/**
 * The one place that decides who sees which milestones: without a token only public ones; viewers
 * and editors internal ones too; auditors and admins confidential ones as well. Every read (JSON,
 * CSV, progress measures, live events) filters with this, so nothing confidential leaks through an
 * aggregate either.
 */
export function visibleTo(principal: Principal | undefined): Visibility[] {
  if (!principal) return ['public'];
  if (roleCan(principal.role, 'audit')) return ['public', 'internal', 'confidential'];
  return ['public', 'internal'];
}

export function canSee(principal: Principal | undefined, visibility: Visibility): boolean {
  return visibleTo(principal).includes(visibility);
}
