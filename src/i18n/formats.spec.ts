import { formatCountdown, formatDuration, formatInstant } from './formats.js';

/** ICU separates times with narrow or plain no-break spaces depending on its version. */
const plain = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, ' ');

describe('formatInstant and formatDuration', () => {
  it('format in each language', () => {
    expect(plain(formatInstant('2026-03-29T10:00:00Z', 'fr', 'America/New_York'))).toBe('dimanche 29 mars 2026 à 06:00');
    expect(formatDuration('P1DT12H', 'en')).toBe('1 day, 12 hours');
    expect(plain(formatDuration('PT1S', 'fr')!)).toBe('1 seconde');
    expect(formatDuration('P2W', 'es')).toBe('2 semanas');
    expect(formatDuration('P1DT12H', 'es')).toBe('1 día y 12 horas');
    expect(formatDuration('overdue', 'en')).toBeUndefined();
    expect(formatDuration('PT0S', 'en')).toBeUndefined();
  });
});

describe('formatCountdown', () => {
  it('puts the amount where the language says "in"', () => {
    expect(formatCountdown('P7D', 'en')).toBe('in 7 days');
    expect(formatCountdown('P1D', 'fr')).toBe('dans 1 jour');
    expect(formatCountdown('PT12H', 'es')).toBe('en 12 horas');
    expect(formatCountdown('overdue', 'en')).toBeUndefined();
  });
});
