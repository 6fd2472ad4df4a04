import { Duration } from 'luxon';
import { t, type MessageKey } from './catalogues.js';
import type { Language } from './languages.js';

/** A full date and time in the reader's language and zone. */
export function formatInstant(iso: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The units an ISO 8601 duration may hold, largest first, each a plural message of the catalogues. */
const COUNTDOWN_UNITS = {
  years: 'countdown.years',
  months: 'countdown.months',
  weeks: 'countdown.weeks',
  days: 'countdown.days',
  hours: 'countdown.hours',
  minutes: 'countdown.minutes',
  seconds: 'countdown.seconds',
} as const satisfies Record<string, MessageKey>;

/**
 * "7 days", "1 day, 12 hours", "5 дней" from an ISO duration, in the form the catalogue's
 * `countdown.within` ("in …") governs; undefined when it is not a duration these units can say.
 */
export function formatDuration(iso: string, language: Language): string | undefined {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return undefined;
  const parts = Object.entries(duration.removeZeros().toObject());
  if (parts.length === 0 || parts.some(([unit]) => !(unit in COUNTDOWN_UNITS))) return undefined;
  const amounts = parts.map(([unit, count]) => t(language, COUNTDOWN_UNITS[unit as keyof typeof COUNTDOWN_UNITS], { count: count ?? 0 }));
  return new Intl.ListFormat(language, { type: 'conjunction', style: 'narrow' }).format(amounts);
}

/** "in 7 days", "через 1 день", "خلال يومين" from an ISO duration; undefined when it is not one. */
export function formatCountdown(iso: string, language: Language): string | undefined {
  const amount = formatDuration(iso, language);
  return amount === undefined ? undefined : t(language, 'countdown.within', { amount });
}
