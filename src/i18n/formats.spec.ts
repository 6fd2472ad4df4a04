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

  it('says Russian’s four plural forms, in the accusative that "через" governs', () => {
    const ru = (iso: string) => formatCountdown(iso, 'ru');
    expect([ru('P1D'), ru('P2D'), ru('P5D'), ru('P21D'), ru('PT1.5H')]).toEqual(['через 1 день', 'через 2 дня', 'через 5 дней', 'через 21 день', 'через 1,5 часа']);
    expect([ru('P1W'), ru('P3W'), ru('PT1M'), ru('PT11M')]).toEqual(['через 1 неделю', 'через 3 недели', 'через 1 минуту', 'через 11 минут']);
  });

  it('says Arabic’s plural forms: one, two (dual), few, many and other', () => {
    const ar = (iso: string) => formatCountdown(iso, 'ar');
    expect([ar('P1D'), ar('P2D'), ar('P3D'), ar('P11D'), ar('P100D')]).toEqual(['خلال يوم واحد', 'خلال يومين', 'خلال 3 أيام', 'خلال 11 يومًا', 'خلال 100 يوم']);
    expect([ar('PT1H'), ar('PT2H'), ar('P2W')]).toEqual(['خلال ساعة واحدة', 'خلال ساعتين', 'خلال أسبوعين']);
  });

  it('says Chinese with no plural, the amount before 后', () => {
    expect([formatCountdown('P1D', 'zh'), formatCountdown('P5D', 'zh'), formatCountdown('PT3H', 'zh')]).toEqual(['1天后', '5天后', '3小时后']);
  });
});

describe('formatInstant in six languages', () => {
  it.each([
    ['en', 'Sunday, March 29, 2026 at 12:00 PM'],
    ['fr', 'dimanche 29 mars 2026 à 12:00'],
    ['es', 'domingo, 29 de marzo de 2026, 12:00'],
    ['ar', 'الأحد، 29 مارس 2026 في 12:00 م'],
    ['zh', '2026年3月29日星期日 12:00'],
    ['ru', 'воскресенье, 29 марта 2026 г. в 12:00'],
  ] as const)('%s', (language, expected) => {
    expect(plain(formatInstant('2026-03-29T10:00:00Z', language, 'Europe/Zurich'))).toBe(expected);
  });
});
