import { deadlineCalendar, deadlineUid } from './deadline-calendar.js';
import type { DeliveryDeadline } from './reminder-message.js';
import { aReminderDelivery } from './testing/reminder-delivery.builder.js';

const aDeadline = (overrides: Partial<DeliveryDeadline> = {}) => aReminderDelivery({ deadline: overrides }).deadline;

/** Unfolds RFC 5545 continuation lines so assertions see whole properties. */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('deadlineCalendar', () => {
  it('holds one event with a stable UID and the exact instant in UTC', () => {
    const ics = lines(deadlineCalendar(aDeadline(), { url: 'http://localhost:3000/#/d', description: 'Review' }));

    expect(ics.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).toContain(`UID:${deadlineUid('d-1')}`);
    expect(ics).toContain('UID:d-1@treaty-review-tracker');
    // 12:00 in Zurich on the first day of summer time.
    expect(ics).toContain('DTSTART:20260329T100000Z');
    expect(ics).toContain('SUMMARY:Submissions to the co-facilitators');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('URL;VALUE=URI:http://localhost:3000/#/d');
  });

  it('gives the same UID whatever else changes, so clients update the entry', () => {
    const uid = (ics: string) => lines(ics).find((l) => l.startsWith('UID:'));
    expect(uid(deadlineCalendar(aDeadline({ dueAt: '2027-01-01T00:00:00Z', title: 'Moved' })))).toBe(uid(deadlineCalendar(aDeadline())));
  });

  it('turns offsets into alarms counted in the deadline zone', () => {
    const ics = lines(deadlineCalendar(aDeadline(), { alarms: ['P7D', 'P1D', 'PT1H'] }));

    expect(ics.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(3);
    // The week and the day before both cross the switch to summer time: an hour shorter.
    expect(ics).toContain('TRIGGER:-P6DT23H');
    expect(ics).toContain('TRIGGER:-PT23H');
    expect(ics).toContain('TRIGGER:-PT1H');
  });

  it('marks a cancelled deadline and drops its alarms', () => {
    const ics = lines(deadlineCalendar(aDeadline({ status: 'cancelled' }), { alarms: ['P7D'] }));

    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).not.toContain('BEGIN:VALARM');
  });

  it('escapes text values', () => {
    const ics = lines(deadlineCalendar(aDeadline({ title: 'A, B; C\nD' })));
    expect(ics).toContain('SUMMARY:A\\, B\\; C\\nD');
  });
});
