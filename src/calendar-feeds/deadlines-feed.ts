import { t } from '../i18n/catalogues.js';
import type { Language } from '../i18n/languages.js';
import type { DeadlineDto } from '../projections/deadlines/deadlines.dto.js';
import { addDeadlineEvent, deadlinesCalendar } from '../reminders/message/deadline-calendar.js';
import { deadlineUrl } from '../reminders/message/reminder-message.js';

export interface FeedSource {
  processId: string;
  processTitle: string;
  deadlines: DeadlineDto[];
  publicBaseUrl: string;
  /** The language of the calendar's name. */
  language: Language;
}

/**
 * The iCalendar feed of a process: one VEVENT per deadline under a UID that never changes, in the
 * deadline's own zone, with an alarm per reminder while it is open. Cancelled deadlines stay, marked
 * CANCELLED, and met ones stay without alarms: clients delete what a feed no longer lists.
 */
export function deadlinesFeed({ processId, processTitle, deadlines, publicBaseUrl, language }: FeedSource): string {
  const calendar = deadlinesCalendar(t(language, 'calendar.feedName', { process: processTitle }));
  for (const deadline of deadlines) {
    const status = deadline.status === 'met' || deadline.status === 'cancelled' ? deadline.status : 'open';
    addDeadlineEvent(
      calendar,
      { deadlineId: deadline.deadlineId, title: deadline.title, kind: deadline.kind, dueAt: deadline.dueAtUtc, timezone: deadline.timezone, status },
      {
        zoned: true,
        alarms: deadline.remindBefore,
        url: deadlineUrl(publicBaseUrl, processId, deadline.deadlineId),
        sequence: deadline.moves.length + (status === 'open' ? 0 : 1),
        ...(deadline.statusReason ? { description: deadline.statusReason } : {}),
      },
    );
  }
  return calendar.toString();
}
