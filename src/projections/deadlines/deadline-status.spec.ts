import { deadlineStatus, localDueDate, type DeadlineClock } from './deadline-status.js';

const open = (dueAt: string, timezone: string): DeadlineClock => ({ status: 'open', dueAt: new Date(dueAt), timezone });
const at = (instant: string) => new Date(instant);

describe('deadlineStatus', () => {
  it('keeps met and cancelled as recorded, even long after the due instant', () => {
    for (const status of ['met', 'cancelled'] as const) {
      expect(deadlineStatus({ ...open('2020-07-07T23:59:00-04:00', 'America/New_York'), status }, at('2030-01-01T00:00:00Z'))).toBe(status);
    }
  });

  describe('in New York (UTC-4 in summer)', () => {
    const deadline = open('2020-07-07T23:59:00-04:00', 'America/New_York');

    it.each([
      ['the evening before, local time', '2020-07-06T23:59:00Z', 'upcoming'],
      // Already 7 July in New York while UTC says 7 July too; a UTC day check would compare with 8 July.
      ['the morning of the day, local time', '2020-07-07T12:00:00Z', 'due-today'],
      ['after midnight UTC but still 7 July in New York', '2020-07-08T02:00:00Z', 'due-today'],
      ['at the due instant itself', '2020-07-08T03:59:00Z', 'due-today'],
      ['one second after it', '2020-07-08T03:59:01Z', 'overdue'],
    ])('%s is %s', (_when, now, expected) => {
      expect(deadlineStatus(deadline, at(now))).toBe(expected);
    });

    it('gives the local calendar day, not the UTC one', () => {
      expect(localDueDate(deadline.dueAt, deadline.timezone)).toBe('2020-07-07');
      expect(localDueDate(new Date('2020-07-08T00:30:00Z'), 'America/New_York')).toBe('2020-07-07');
    });
  });

  describe('across the spring daylight-saving change in Zurich (29 March 2026 lasts 23 hours)', () => {
    const deadline = open('2026-03-29T23:59:00+02:00', 'Europe/Zurich');

    it('is upcoming at 23:00 the day before, though less than 24 hours remain', () => {
      expect(deadlineStatus(deadline, at('2026-03-28T23:00:00+01:00'))).toBe('upcoming');
    });

    it('is due today from local midnight, before and after the clocks jump', () => {
      expect(deadlineStatus(deadline, at('2026-03-29T00:00:00+01:00'))).toBe('due-today');
      expect(deadlineStatus(deadline, at('2026-03-29T01:59:59+01:00'))).toBe('due-today');
      expect(deadlineStatus(deadline, at('2026-03-29T03:00:00+02:00'))).toBe('due-today');
    });

    it('is overdue once the day is over', () => {
      expect(deadlineStatus(deadline, at('2026-03-30T00:00:00+02:00'))).toBe('overdue');
    });
  });

  describe('across the autumn change in New York (1 November 2026 lasts 25 hours)', () => {
    const deadline = open('2026-11-01T23:59:00-05:00', 'America/New_York');

    it('is due today from local midnight, more than 24 hours before the due instant', () => {
      expect(deadlineStatus(deadline, at('2026-11-01T00:00:00-04:00'))).toBe('due-today');
      expect(deadlineStatus(deadline, at('2026-10-31T23:59:59-04:00'))).toBe('upcoming');
    });
  });

  it('judges the day in the deadline zone, whatever offset dueAt was given with', () => {
    // 05:00 in Zurich on 8 July is 23:00 on 7 July in New York.
    const deadline = open('2020-07-08T05:00:00+02:00', 'America/New_York');
    expect(deadlineStatus(deadline, at('2020-07-07T12:00:00Z'))).toBe('due-today');
    expect(deadlineStatus({ ...deadline, timezone: 'Europe/Zurich' }, at('2020-07-07T12:00:00Z'))).toBe('upcoming');
  });
});
