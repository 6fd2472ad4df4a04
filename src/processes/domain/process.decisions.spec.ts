import { decide, type ProcessCommand } from './process.decisions.js';
import type { DomainErrorCode } from './process.errors.js';
import type { ProcessEvent } from './process.events.js';
import {
  aBuildingBlockAssessed,
  aCancelDeadline,
  aCorrectMilestone,
  aDeadlineCancelled,
  aDeadlineMet,
  aDeadlineMoved,
  aDeadlineSet,
  aLogMilestone,
  aMarkDeadlineMet,
  aMilestoneCorrected,
  aMilestoneLogged,
  aMilestoneRetracted,
  aMoveDeadline,
  anAddSubscription,
  anAssessBuildingBlock,
  anEncryptedValue,
  anEndSubscription,
  anOpenProcess,
  aProcessOpened,
  aRetractMilestone,
  aSetDeadline,
  aSubscriptionAdded,
  aSubscriptionEnded,
  given,
  rejectionOf,
} from './testing/process-builders.js';

const opened = aProcessOpened();

const when = (command: ProcessCommand, history: ProcessEvent[] = [opened]): ProcessEvent[] =>
  decide(command, given(...history));

// Commands built from unchecked input (HTTP bodies) reach decide with any shape.
const loose = (command: Record<string, unknown>): ProcessCommand => command as unknown as ProcessCommand;

function expectRejected(command: ProcessCommand, history: ProcessEvent[], code: DomainErrorCode, field?: string): void {
  const error = rejectionOf(() => when(command, history));
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
}

describe('decide', () => {
  describe('on a process that does not exist', () => {
    it.each<[string, ProcessCommand]>([
      ['LogMilestone', aLogMilestone()],
      ['CorrectMilestone', aCorrectMilestone()],
      ['RetractMilestone', aRetractMilestone()],
      ['AssessBuildingBlock', anAssessBuildingBlock({ evidence: [] })],
      ['SetDeadline', aSetDeadline()],
      ['MoveDeadline', aMoveDeadline()],
      ['MarkDeadlineMet', aMarkDeadlineMet()],
      ['CancelDeadline', aCancelDeadline()],
      ['AddSubscription', anAddSubscription()],
      ['EndSubscription', anEndSubscription()],
    ])('refuses %s with process-not-found', (_name, command) => {
      const error = rejectionOf(() => when(command, []));
      expect(error.code).toBe('process-not-found');
      expect(error.kind).toBe('not-found');
    });
  });

  it('refuses an unknown command type', () => {
    expectRejected(loose({ type: 'DeleteEverything' }), [opened], 'unknown-command');
    expectRejected(loose(null as unknown as Record<string, unknown>), [opened], 'unknown-command');
  });

  it('is deterministic: the same command on the same state gives equal events', () => {
    const state = given(opened);
    expect(decide(aLogMilestone(), state)).toEqual(decide(aLogMilestone(), state));
  });

  describe('OpenProcess', () => {
    it('opens a process with trimmed text', () => {
      expect(
        when(
          anOpenProcess({
            title: '  Review of resolution 68/268 ',
            mandate: ' A/RES/68/268 para. 41 ',
            description: ' The 2020 review ',
            reviewDueAt: '2020-04-09',
            timezone: 'America/New_York',
          }),
          [],
        ),
      ).toStrictEqual([
        {
          type: 'ProcessOpened',
          data: {
            processId: 'process-1',
            title: 'Review of resolution 68/268',
            mandate: 'A/RES/68/268 para. 41',
            description: 'The 2020 review',
            reviewDueAt: '2020-04-09',
            timezone: 'America/New_York',
          },
        },
      ]);
    });

    it('defaults the time zone to UTC and omits absent optional fields', () => {
      expect(when(anOpenProcess({ timezone: undefined, mandate: '  ' }), [])).toStrictEqual([
        { type: 'ProcessOpened', data: { processId: 'process-1', title: 'Review of resolution 68/268', timezone: 'UTC' } },
      ]);
    });

    it('stores the canonical spelling of the time zone', () => {
      const [event] = when(anOpenProcess({ timezone: 'europe/zurich' }), []);
      expect(event).toMatchObject({ data: { timezone: 'Europe/Zurich' } });
    });

    it('accepts a review due instant with an offset', () => {
      const [event] = when(anOpenProcess({ reviewDueAt: '2020-04-09T23:59:59-04:00' }), []);
      expect(event).toMatchObject({ data: { reviewDueAt: '2020-04-09T23:59:59-04:00' } });
    });

    it('refuses to open a process twice', () => {
      const error = rejectionOf(() => when(anOpenProcess(), [opened]));
      expect(error.code).toBe('process-already-opened');
      expect(error.kind).toBe('conflict');
    });

    it.each([[''], ['   '], [undefined], [42]])('requires a title (%p)', (title) => {
      expectRejected(loose({ ...anOpenProcess(), title }), [], 'title-required', 'title');
    });

    it('limits the title to 500 characters', () => {
      expect(when(anOpenProcess({ title: 'x'.repeat(500) }), [])).toHaveLength(1);
      expectRejected(anOpenProcess({ title: 'x'.repeat(501) }), [], 'title-too-long', 'title');
    });

    it('limits the description length', () => {
      expectRejected(anOpenProcess({ description: 'x'.repeat(10_001) }), [], 'text-too-long', 'description');
    });

    it.each([['Mars/Base'], ['+02:00'], ['']])('refuses the time zone %p', (timezone) => {
      expectRejected(anOpenProcess({ timezone }), [], 'unknown-time-zone', 'timezone');
    });

    it.each([['2020-02-30'], ['2020-04-09T12:00'], ['9 April 2020']])('refuses the review due date %p', (reviewDueAt) => {
      expectRejected(anOpenProcess({ reviewDueAt }), [], 'invalid-review-due-at', 'reviewDueAt');
    });

    it('refuses a blank process id', () => {
      expectRejected(anOpenProcess({ processId: '' }), [], 'invalid-id', 'processId');
    });
  });

  describe('LogMilestone', () => {
    it('logs a milestone with only its required fields', () => {
      expect(when(aLogMilestone())).toStrictEqual([aMilestoneLogged()]);
    });

    it('logs every optional field, trimmed', () => {
      const [event] = when(
        aLogMilestone({
          title: ' Geneva consultations ',
          endsOn: '2020-08-29',
          location: ' Geneva ',
          source: { url: 'https://www.ohchr.org/', symbol: 'A/75/601' },
          notes: ' States in the morning ',
          translations: { fr: { title: ' Consultations de Genève ' }, es: { title: 'Consultas de Ginebra' } },
          confirmed: false,
        }),
      );
      expect(event).toStrictEqual(
        aMilestoneLogged({
          endsOn: '2020-08-29',
          location: 'Geneva',
          source: { url: 'https://www.ohchr.org/', symbol: 'A/75/601' },
          notes: 'States in the morning',
          translations: { fr: { title: 'Consultations de Genève' }, es: { title: 'Consultas de Ginebra' } },
          confirmed: false,
        }),
      );
    });

    it('drops blank optional text, an empty source and empty translations', () => {
      const [event] = when(aLogMilestone({ location: ' ', notes: '', source: {}, translations: {}, endsOn: null }));
      expect(event).toStrictEqual(aMilestoneLogged());
    });

    it('keeps the first of repeated stakeholder groups and building blocks', () => {
      const [event] = when(aLogMilestone({ stakeholders: ['States', 'NHRIs', 'States'], buildingBlocks: [5, 1, 5] }));
      expect(event).toMatchObject({ data: { stakeholders: ['States', 'NHRIs'], buildingBlocks: [5, 1] } });
    });

    it('accepts empty stakeholder and building block lists', () => {
      const [event] = when(aLogMilestone({ stakeholders: [], buildingBlocks: [] }));
      expect(event).toMatchObject({ data: { stakeholders: [], buildingBlocks: [] } });
    });

    it.each([['chairs-meeting'], ['deadline'], ['resolution'], ['other']])('accepts the kind %s', (kind) => {
      expect(when(loose({ ...aLogMilestone(), kind }))).toHaveLength(1);
    });

    it.each([['webinar'], [''], [undefined]])('refuses the kind %p', (kind) => {
      expectRejected(loose({ ...aLogMilestone(), kind }), [opened], 'unknown-milestone-kind', 'kind');
    });

    it('refuses an unknown stakeholder group and names its position', () => {
      expectRejected(loose({ ...aLogMilestone(), stakeholders: ['States', 'NGOs'] }), [opened], 'unknown-stakeholder-group', 'stakeholders[1]');
      expectRejected(loose({ ...aLogMilestone(), stakeholders: 'States' }), [opened], 'unknown-stakeholder-group', 'stakeholders');
    });

    it.each([[0], [8], ['1'], [1.5]])('refuses the building block %p', (block) => {
      expectRejected(loose({ ...aLogMilestone(), buildingBlocks: [block] }), [opened], 'unknown-building-block', 'buildingBlocks[0]');
    });

    it.each([['2021-02-30'], ['2021-2-3'], ['2021-02-03T00:00:00Z'], ['03/02/2021'], [undefined]])(
      'refuses the occurrence date %p',
      (occurredOn) => {
        expectRejected(loose({ ...aLogMilestone(), occurredOn }), [opened], 'invalid-calendar-date', 'occurredOn');
      },
    );

    it('accepts 29 February in a leap year only', () => {
      expect(when(aLogMilestone({ occurredOn: '2020-02-29' }))).toHaveLength(1);
      expectRejected(aLogMilestone({ occurredOn: '2021-02-29' }), [opened], 'invalid-calendar-date', 'occurredOn');
    });

    it('refuses an end date that is not a real date', () => {
      expectRejected(aLogMilestone({ endsOn: '2020-09-31' }), [opened], 'invalid-calendar-date', 'endsOn');
    });

    it('refuses an end before the start, accepts the same day', () => {
      expectRejected(aLogMilestone({ occurredOn: '2020-08-28', endsOn: '2020-08-27' }), [opened], 'ends-before-occurs', 'endsOn');
      expect(when(aLogMilestone({ occurredOn: '2020-08-28', endsOn: '2020-08-28' }))).toHaveLength(1);
    });

    it.each([['secret'], [undefined], ['Public']])('refuses the visibility %p', (visibility) => {
      expectRejected(loose({ ...aLogMilestone(), visibility }), [opened], 'invalid-visibility', 'visibility');
    });

    it('requires a title of at most 500 characters', () => {
      expectRejected(aLogMilestone({ title: ' ' }), [opened], 'title-required', 'title');
      expectRejected(aLogMilestone({ title: 'x'.repeat(501) }), [opened], 'title-too-long', 'title');
    });

    it.each([['ftp://example.org/file'], ['not a url'], ['javascript:alert(1)']])('refuses the source url %p', (url) => {
      expectRejected(aLogMilestone({ source: { url } }), [opened], 'invalid-source-url', 'source.url');
    });

    it('accepts an http source url, as some real sources are', () => {
      expect(when(aLogMilestone({ source: { url: 'http://ishr.ch/news/make-no-mistake' } }))).toHaveLength(1);
    });

    it.each([['a/75/601'], ['A 75 601'], ['A/'], ['601']])('refuses the document symbol %p', (symbol) => {
      expectRejected(aLogMilestone({ source: { symbol } }), [opened], 'invalid-document-symbol', 'source.symbol');
    });

    it('takes a translated title in each UN language but English, the original', () => {
      const translations = {
        fr: { title: 'Consultations de Genève' },
        es: { title: 'Consultas de Ginebra' },
        ar: { title: 'مشاورات جنيف' },
        zh: { title: '日内瓦磋商' },
        ru: { title: 'Консультации в Женеве' },
      };
      const [event] = when(aLogMilestone({ translations }));
      expect(event).toStrictEqual(aMilestoneLogged({ translations }));
      expectRejected(loose({ ...aLogMilestone(), translations: { en: { title: 'Geneva' } } }), [opened], 'invalid-translations', 'translations.en');
    });

    it('refuses a blank translated title and an unknown translation language', () => {
      expectRejected(aLogMilestone({ translations: { fr: { title: ' ' } } }), [opened], 'title-required', 'translations.fr.title');
      expectRejected(loose({ ...aLogMilestone(), translations: { de: { title: 'Konsultation' } } }), [opened], 'invalid-translations', 'translations.de');
    });

    it('refuses a confirmed flag that is not a boolean', () => {
      expectRejected(loose({ ...aLogMilestone(), confirmed: 'yes' }), [opened], 'invalid-flag', 'confirmed');
    });

    it('refuses a milestone id already used', () => {
      const error = rejectionOf(() => when(aLogMilestone(), [opened, aMilestoneLogged()]));
      expect(error.code).toBe('duplicate-id');
      expect(error.kind).toBe('conflict');
    });
  });

  describe('CorrectMilestone', () => {
    const history = [opened, aMilestoneLogged({ endsOn: '2020-08-29', location: 'Geneva' })];

    it('records the changed fields and the reason, trimmed', () => {
      expect(when(aCorrectMilestone({ changes: { title: ' Geneva consultations (hybrid) ' }, reason: ' format ' }), history)).toStrictEqual([
        aMilestoneCorrected({ changes: { title: 'Geneva consultations (hybrid)' }, reason: 'format' }),
      ]);
    });

    it('keeps only the fields that differ from the milestone as recorded', () => {
      const [event] = when(aCorrectMilestone({ changes: { title: 'Geneva consultations', visibility: 'internal' } }), history);
      expect(event).toMatchObject({ data: { changes: { visibility: 'internal' } } });
      expect(Object.keys((event.data as { changes: object }).changes)).toEqual(['visibility']);
    });

    it('clears an optional field with null', () => {
      const [event] = when(aCorrectMilestone({ changes: { endsOn: null, location: null } }), history);
      expect(event).toMatchObject({ data: { changes: { endsOn: null, location: null } } });
    });

    it('may change every correctable field at once', () => {
      const changes = {
        kind: 'meeting' as const,
        title: 'Geneva meeting',
        occurredOn: '2020-08-27',
        endsOn: '2020-08-30',
        stakeholders: ['NHRIs' as const],
        buildingBlocks: [2 as const, 7 as const],
        location: 'Palais des Nations',
        source: { symbol: 'HRI/MC/2020/1' },
        visibility: 'confidential' as const,
        notes: 'moved online',
        translations: { es: { title: 'Reunión de Ginebra' } },
        confirmed: false,
      };
      expect(when(aCorrectMilestone({ changes }), history)).toStrictEqual([aMilestoneCorrected({ changes })]);
    });

    it.each([[{}], [{ title: 'Geneva consultations' }], [{ endsOn: '2020-08-29', notes: null }], [undefined]])(
      'refuses a correction that changes nothing (%p)',
      (changes) => {
        expectRejected(loose({ ...aCorrectMilestone(), changes }), history, 'empty-correction', 'changes');
      },
    );

    it('refuses a field that cannot be corrected', () => {
      expectRejected(loose({ ...aCorrectMilestone(), changes: { milestoneId: 'other' } }), history, 'unknown-correction-field', 'changes.milestoneId');
    });

    it('re-validates the merged milestone: a later start than the recorded end', () => {
      expectRejected(aCorrectMilestone({ changes: { occurredOn: '2020-08-30' } }), history, 'ends-before-occurs', 'changes.occurredOn');
    });

    it('re-validates the merged milestone: an end before the recorded start', () => {
      expectRejected(aCorrectMilestone({ changes: { endsOn: '2020-08-01' } }), history, 'ends-before-occurs', 'changes.endsOn');
    });

    it('accepts moving both dates together', () => {
      expect(when(aCorrectMilestone({ changes: { occurredOn: '2020-09-01', endsOn: '2020-09-02' } }), history)).toHaveLength(1);
    });

    it.each<[Record<string, unknown>, DomainErrorCode, string]>([
      [{ kind: 'webinar' }, 'unknown-milestone-kind', 'changes.kind'],
      [{ title: '' }, 'title-required', 'changes.title'],
      [{ occurredOn: '2021-02-30' }, 'invalid-calendar-date', 'changes.occurredOn'],
      [{ stakeholders: ['Press'] }, 'unknown-stakeholder-group', 'changes.stakeholders[0]'],
      [{ buildingBlocks: [9] }, 'unknown-building-block', 'changes.buildingBlocks[0]'],
      [{ visibility: 'secret' }, 'invalid-visibility', 'changes.visibility'],
      [{ source: { url: 'ftp://x' } }, 'invalid-source-url', 'changes.source.url'],
      [{ source: { symbol: 'nope' } }, 'invalid-document-symbol', 'changes.source.symbol'],
      [{ translations: { fr: { title: '' } } }, 'title-required', 'changes.translations.fr.title'],
      [{ confirmed: null }, 'invalid-flag', 'changes.confirmed'],
    ])('validates the changed field %p', (changes, code, field) => {
      expectRejected(loose({ ...aCorrectMilestone(), changes }), history, code, field);
    });

    it('requires a reason', () => {
      expectRejected(aCorrectMilestone({ reason: '  ' }), history, 'reason-required', 'reason');
    });

    it('refuses an unknown milestone', () => {
      const error = rejectionOf(() => when(aCorrectMilestone({ milestoneId: 'milestone-9' }), history));
      expect([error.code, error.kind, error.field]).toEqual(['milestone-not-found', 'not-found', 'milestoneId']);
    });

    it('refuses a retracted milestone', () => {
      const error = rejectionOf(() => when(aCorrectMilestone(), [...history, aMilestoneRetracted()]));
      expect([error.code, error.kind]).toEqual(['milestone-retracted', 'conflict']);
    });

    it('compares against the milestone as already corrected', () => {
      const corrected = [...history, aMilestoneCorrected({ changes: { title: 'Corrected title' } })];
      expectRejected(aCorrectMilestone({ changes: { title: 'Corrected title' } }), corrected, 'empty-correction');
      expect(when(aCorrectMilestone({ changes: { title: 'Geneva consultations' } }), corrected)).toHaveLength(1);
    });
  });

  describe('RetractMilestone', () => {
    const history = [opened, aMilestoneLogged()];

    it('retracts a milestone with a trimmed reason', () => {
      expect(when(aRetractMilestone({ reason: ' logged twice ' }), history)).toStrictEqual([aMilestoneRetracted()]);
    });

    it('refuses an unknown milestone', () => {
      expectRejected(aRetractMilestone({ milestoneId: 'milestone-9' }), history, 'milestone-not-found', 'milestoneId');
    });

    it('refuses to retract twice', () => {
      expectRejected(aRetractMilestone(), [...history, aMilestoneRetracted()], 'milestone-retracted', 'milestoneId');
    });

    it('requires a reason', () => {
      expectRejected(loose({ ...aRetractMilestone(), reason: undefined }), history, 'reason-required', 'reason');
    });
  });

  describe('AssessBuildingBlock', () => {
    const history = [opened, aMilestoneLogged(), aMilestoneLogged({ milestoneId: 'milestone-2' })];

    it('records an assessment with its evidence', () => {
      expect(when(anAssessBuildingBlock({ evidence: ['milestone-1', 'milestone-2'] }), history)).toStrictEqual([
        aBuildingBlockAssessed({ evidence: ['milestone-1', 'milestone-2'] }),
      ]);
    });

    it('accepts an assessment without evidence', () => {
      expect(when(anAssessBuildingBlock({ evidence: [] }), history)).toStrictEqual([aBuildingBlockAssessed({ evidence: [] })]);
    });

    it('cites repeated evidence once', () => {
      const [event] = when(anAssessBuildingBlock({ evidence: ['milestone-2', 'milestone-1', 'milestone-2'] }), history);
      expect(event).toMatchObject({ data: { evidence: ['milestone-2', 'milestone-1'] } });
    });

    it.each([[0], [8], ['3'], [undefined]])('refuses the building block %p', (buildingBlock) => {
      expectRejected(loose({ ...anAssessBuildingBlock(), buildingBlock }), history, 'unknown-building-block', 'buildingBlock');
    });

    it.each([['excellent'], [''], [3]])('refuses the rating %p', (rating) => {
      expectRejected(loose({ ...anAssessBuildingBlock(), rating }), history, 'invalid-rating', 'rating');
    });

    it('requires a rationale', () => {
      expectRejected(anAssessBuildingBlock({ rationale: ' ' }), history, 'rationale-required', 'rationale');
    });

    it('refuses evidence that is not a milestone of this process', () => {
      expectRejected(anAssessBuildingBlock({ evidence: ['milestone-1', 'milestone-9'] }), history, 'evidence-not-found', 'evidence[1]');
    });

    it('refuses retracted evidence', () => {
      expectRejected(anAssessBuildingBlock(), [...history, aMilestoneRetracted()], 'evidence-retracted', 'evidence[0]');
    });

    it('refuses an assessment id already used', () => {
      expectRejected(anAssessBuildingBlock(), [...history, aBuildingBlockAssessed()], 'duplicate-id', 'assessmentId');
    });
  });

  describe('SetDeadline', () => {
    it('sets a deadline as given', () => {
      expect(when(aSetDeadline())).toStrictEqual([aDeadlineSet()]);
    });

    it('reminds when overdue unless told not to, and defaults to no reminders', () => {
      const [event] = when(loose({ ...aSetDeadline(), notifyOverdue: undefined, remindBefore: undefined }));
      expect(event).toMatchObject({ data: { notifyOverdue: true, remindBefore: [] } });
      expect(when(aSetDeadline({ notifyOverdue: false }))[0]).toMatchObject({ data: { notifyOverdue: false } });
    });

    it.each([['2020-07-07T23:59:00Z'], ['2020-07-07T23:59:00.123-04:00'], ['2020-07-07T23:59+05:30']])(
      'accepts the instant %s',
      (dueAt) => {
        expect(when(aSetDeadline({ dueAt }))[0]).toMatchObject({ data: { dueAt } });
      },
    );

    it.each([
      ['2020-07-07T23:59:00'],
      ['2020-07-07'],
      ['2020-02-30T10:00:00Z'],
      ['2020-07-07T25:00:00Z'],
      ['07/07/2020 23:59 +02:00'],
      [1594159140000],
    ])('refuses the due instant %p', (dueAt) => {
      expectRejected(loose({ ...aSetDeadline(), dueAt }), [opened], 'invalid-due-at', 'dueAt');
    });

    it.each([['Geneva'], ['Europe/Geneva'], ['GMT+2'], [undefined]])('refuses the time zone %p', (timezone) => {
      expectRejected(loose({ ...aSetDeadline(), timezone }), [opened], 'unknown-time-zone', 'timezone');
    });

    it('accepts the shortest and longest reminder offsets', () => {
      expect(when(aSetDeadline({ remindBefore: ['PT1S', 'P1Y', 'PT2H30M', 'P1M'] }))[0]).toMatchObject({
        data: { remindBefore: ['PT1S', 'P1Y', 'PT2H30M', 'P1M'] },
      });
    });

    it.each([['PT0S'], ['PT0.5S'], ['P1Y1D'], ['P2Y'], ['-P1D'], ['7 days'], ['p7d'], ['P'], ['PT'], [7]])(
      'refuses the reminder offset %p',
      (offset) => {
        expectRejected(loose({ ...aSetDeadline(), remindBefore: ['P30D', offset] }), [opened], 'invalid-reminder-offset', 'remindBefore[1]');
      },
    );

    it('accepts ten reminders and refuses eleven', () => {
      const ten = Array.from({ length: 10 }, (_, i) => `P${i + 1}D`);
      expect(when(aSetDeadline({ remindBefore: ten }))).toHaveLength(1);
      expectRejected(aSetDeadline({ remindBefore: [...ten, 'P11D'] }), [opened], 'too-many-reminders', 'remindBefore');
    });

    it.each([[['P1D', 'P1D']], [['P7D', 'P1W']], [['PT24H', 'P1D']]])('refuses the duplicate offsets %p', (remindBefore) => {
      expectRejected(aSetDeadline({ remindBefore }), [opened], 'duplicate-reminder-offset', 'remindBefore[1]');
    });

    it('refuses an unknown deadline kind', () => {
      expectRejected(loose({ ...aSetDeadline(), kind: 'birthday' }), [opened], 'unknown-deadline-kind', 'kind');
    });

    it('requires a title', () => {
      expectRejected(aSetDeadline({ title: '' }), [opened], 'title-required', 'title');
    });

    it('refuses a non-boolean overdue flag', () => {
      expectRejected(loose({ ...aSetDeadline(), notifyOverdue: 'yes' }), [opened], 'invalid-flag', 'notifyOverdue');
    });

    it('refuses a deadline id already used', () => {
      expectRejected(aSetDeadline(), [opened, aDeadlineSet()], 'duplicate-id', 'deadlineId');
    });
  });

  describe('MoveDeadline', () => {
    const history = [opened, aDeadlineSet()];

    it('moves the deadline and records where it was', () => {
      expect(when(aMoveDeadline(), history)).toStrictEqual([aDeadlineMoved()]);
    });

    it('records the previous due instant of an already moved deadline', () => {
      const [event] = when(aMoveDeadline({ dueAt: '2020-07-21T12:00:00Z' }), [...history, aDeadlineMoved()]);
      expect(event).toMatchObject({ data: { dueAt: '2020-07-21T12:00:00Z', previousDueAt: '2020-07-14T23:59:00+02:00' } });
    });

    it('refuses a move to the same instant, however it is written', () => {
      expectRejected(aMoveDeadline({ dueAt: '2020-07-07T21:59:00Z' }), history, 'deadline-unchanged', 'dueAt');
    });

    it('refuses a due instant without an offset', () => {
      expectRejected(aMoveDeadline({ dueAt: '2020-07-14T23:59:00' }), history, 'invalid-due-at', 'dueAt');
    });

    it('requires a reason', () => {
      expectRejected(aMoveDeadline({ reason: '' }), history, 'reason-required', 'reason');
    });

    it('refuses an unknown deadline', () => {
      const error = rejectionOf(() => when(aMoveDeadline({ deadlineId: 'deadline-9' }), history));
      expect([error.code, error.kind, error.field]).toEqual(['deadline-not-found', 'not-found', 'deadlineId']);
    });

    it.each([['met', aDeadlineMet()], ['cancelled', aDeadlineCancelled()]])('refuses a %s deadline', (_status, closing) => {
      const error = rejectionOf(() => when(aMoveDeadline(), [...history, closing]));
      expect([error.code, error.kind]).toEqual(['deadline-closed', 'conflict']);
    });
  });

  describe('MarkDeadlineMet', () => {
    const history = [opened, aDeadlineSet()];

    it('marks an open deadline met, also after a move', () => {
      expect(when(aMarkDeadlineMet(), history)).toStrictEqual([aDeadlineMet()]);
      expect(when(aMarkDeadlineMet(), [...history, aDeadlineMoved()])).toStrictEqual([aDeadlineMet()]);
    });

    it('refuses an unknown deadline', () => {
      expectRejected(aMarkDeadlineMet({ deadlineId: 'deadline-9' }), history, 'deadline-not-found');
    });

    it.each([['met', aDeadlineMet()], ['cancelled', aDeadlineCancelled()]])('refuses a %s deadline', (_status, closing) => {
      expectRejected(aMarkDeadlineMet(), [...history, closing], 'deadline-closed', 'deadlineId');
    });
  });

  describe('CancelDeadline', () => {
    const history = [opened, aDeadlineSet()];

    it('cancels an open deadline', () => {
      expect(when(aCancelDeadline({ reason: ' call withdrawn ' }), history)).toStrictEqual([aDeadlineCancelled()]);
    });

    it('requires a reason', () => {
      expectRejected(aCancelDeadline({ reason: ' ' }), history, 'reason-required', 'reason');
    });

    it('refuses an unknown deadline', () => {
      expectRejected(aCancelDeadline({ deadlineId: 'deadline-9' }), history, 'deadline-not-found');
    });

    it.each([['met', aDeadlineMet()], ['cancelled', aDeadlineCancelled()]])('refuses a %s deadline', (_status, closing) => {
      expectRejected(aCancelDeadline(), [...history, closing], 'deadline-closed', 'deadlineId');
    });
  });

  describe('AddSubscription', () => {
    it('adds an e-mail subscription with its encrypted address', () => {
      expect(when(anAddSubscription())).toStrictEqual([aSubscriptionAdded()]);
    });

    it('adds a webhook subscription with its encrypted secret and a canonical time zone', () => {
      const secret = anEncryptedValue({ ciphertext: 'c2VjcmV0' });
      const events = when(
        anAddSubscription({
          channel: 'webhook',
          encryptedSecret: secret,
          language: 'fr',
          timezone: 'america/new_york',
        }),
      );
      expect(events).toStrictEqual([
        aSubscriptionAdded({ channel: 'webhook', secret, language: 'fr', timezone: 'America/New_York' }),
      ]);
    });

    it.each(['ar', 'zh', 'ru'] as const)('takes reminders in %s, a UN language', (language) => {
      const events = when(anAddSubscription({ language }), [opened]);
      expect(events).toMatchObject([{ type: 'SubscriptionAdded', data: { language } }]);
    });

    // Which channels exist and which addresses each takes is the channels registry's answer (reminder-channel.registry.spec.ts).
    it('refuses a channel that is no channel name, an unknown language or time zone', () => {
      for (const channel of [42, '', 'SMS!', undefined]) {
        expectRejected(loose({ ...anAddSubscription(), channel }), [opened], 'invalid-channel', 'channel');
      }
      expectRejected(loose({ ...anAddSubscription(), language: 'de' }), [opened], 'unsupported-language', 'language');
      expectRejected(anAddSubscription({ timezone: 'Geneva' }), [opened], 'unknown-time-zone', 'timezone');
    });

    it('refuses a malformed encrypted value or subject id from the handler', () => {
      expectRejected(loose({ ...anAddSubscription(), encryptedAddress: { keyId: 'k' } }), [opened], 'invalid-encrypted-value', 'encryptedAddress');
      expectRejected(anAddSubscription({ subjectId: '' }), [opened], 'invalid-id', 'subjectId');
    });

    it('refuses a subscription id already used', () => {
      expectRejected(anAddSubscription(), [opened, aSubscriptionAdded()], 'duplicate-id', 'subscriptionId');
    });
  });

  describe('EndSubscription', () => {
    const history = [opened, aSubscriptionAdded()];

    it('ends an active subscription, with or without a reason', () => {
      expect(when(anEndSubscription(), history)).toStrictEqual([aSubscriptionEnded()]);
      expect(when(anEndSubscription({ reason: ' left ISHR ' }), history)).toStrictEqual([aSubscriptionEnded({ reason: 'left ISHR' })]);
    });

    it('refuses an unknown subscription', () => {
      const error = rejectionOf(() => when(anEndSubscription({ subscriptionId: 'subscription-9' }), history));
      expect([error.code, error.kind, error.field]).toEqual(['subscription-not-found', 'not-found', 'subscriptionId']);
    });

    it('refuses a subscription that already ended', () => {
      const error = rejectionOf(() => when(anEndSubscription(), [...history, aSubscriptionEnded()]));
      expect([error.code, error.kind]).toEqual(['subscription-ended', 'conflict']);
    });
  });
});
