import type { DeadlineStatus } from '../../processes/domain/process.state.js';
import type { DeadlineKind, Language, SubscriptionChannel } from '../../processes/domain/process.vocabulary.js';

/** The deadline as a calendar entry or a reminder shows it. */
export interface DeliveryDeadline {
  deadlineId: string;
  title: string;
  kind: DeadlineKind;
  /** ISO 8601 with offset. */
  dueAt: string;
  /** IANA zone the deadline is kept in. */
  timezone: string;
  status: DeadlineStatus;
  /** ISO durations of the deadline's reminders: they become alarms in the attached calendar entry. */
  remindBefore?: string[];
}

/** Everything a channel needs to deliver one reminder; the processor builds it from the ledger row. */
export interface ReminderDelivery {
  /** The ledger row id: stable across retries, so it doubles as webhook-id and Message-ID. */
  reminderId: string;
  processId: string;
  processTitle: string;
  deadline: DeliveryDeadline;
  /** The ISO duration before the deadline this reminder stands for, or 'overdue'. */
  offset: string;
  /** ISO instant this reminder was due. */
  dueTime: string;
  /** Sent after its time because nothing ran then. */
  late: boolean;
  recipient: {
    channel: SubscriptionChannel;
    /** Decrypted e-mail address or webhook URL. */
    address: string;
    /** Decrypted webhook signing secret (whsec_…). */
    secret?: string;
    language: Language;
    /** The subscriber's IANA zone; the deadline's zone when absent. */
    timezone?: string;
  };
  /** Absolute link to the deadline in the web interface. */
  deadlineUrl: string;
}

export const OVERDUE_OFFSET = 'overdue';

/** The web interface's page of the process's deadlines (it routes by path), the deadline named in the fragment. */
export function deadlineUrl(publicBaseUrl: string, processId: string, deadlineId: string): string {
  return `${publicBaseUrl}/processes/${encodeURIComponent(processId)}/deadlines#deadline-${encodeURIComponent(deadlineId)}`;
}
