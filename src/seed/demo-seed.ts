import { Injectable } from '@nestjs/common';
import type { Actor } from '../event-store/event-store.types.js';
import type { WriteContext } from '../event-store/write-context.js';
import {
  decide,
  type AssessBuildingBlock,
  type OpenProcess,
  type ProcessCommand,
  type SetDeadline,
} from '../processes/domain/process.decisions.js';
import type { ProcessEvent } from '../processes/domain/process.events.js';
import { evolve, type ProcessState } from '../processes/domain/process.state.js';
import { ProcessRepository } from '../processes/process.repository.js';
import { findMilestone, milestoneFile, milestoneIdOf, milestoneInput, SEED_KEY_PREFIX } from './milestone-data.js';
import { uuidFromKey } from './seed-ids.js';

export const SEED_PROCESS_ID = uuidFromKey(`${SEED_KEY_PREFIX}:process`);

export const SEED_PROCESS: Omit<OpenProcess, 'type' | 'processId'> = {
  title: 'Review of General Assembly resolution 68/268',
  mandate: 'GA resolution 68/268, paragraph 41: review no later than six years after adoption',
  description:
    'The General Assembly review of resolution 68/268 on strengthening and enhancing the effective functioning of the human rights treaty body system, due no later than 9 April 2020. ' +
    'Demonstration data: dated milestones from 2009 to 2022 from public sources, where unconfirmed ones were not fully verified.',
  reviewDueAt: '2020-04-09',
  timezone: 'America/New_York',
};

export const SEED_ACTOR: Actor = { id: 'seed', name: 'demo data (npm run seed)', role: 'admin' };

const REMINDERS = ['P30D', 'P7D', 'P1D'];

export const SEED_DEADLINES: Omit<SetDeadline, 'type'>[] = [
  {
    deadlineId: uuidFromKey(`${SEED_KEY_PREFIX}:deadline:review-2020`),
    title: 'General Assembly review of resolution 68/268 due',
    kind: 'review',
    dueAt: '2020-04-09T23:59:00-04:00',
    timezone: 'America/New_York',
    remindBefore: REMINDERS,
  },
  {
    deadlineId: uuidFromKey(`${SEED_KEY_PREFIX}:deadline:written-contributions-2020`),
    title: 'Written contributions to the co-facilitators due',
    kind: 'call-for-input',
    dueAt: '2020-07-07T23:59:00-04:00',
    timezone: 'America/New_York',
    remindBefore: REMINDERS,
  },
];

const evidence = (...entries: [occurredOn: string, titleStart: string][]): string[] =>
  entries.map(([occurredOn, titleStart]) => milestoneIdOf(findMilestone(occurredOn, titleStart)));

/** Facts from the shipped milestones and the domain README only; the evidence is looked up in the data file. */
export function seedAssessments(): Omit<AssessBuildingBlock, 'type'>[] {
  const assessment = (key: string, rest: Omit<AssessBuildingBlock, 'type' | 'assessmentId'>) => ({
    assessmentId: uuidFromKey(`${SEED_KEY_PREFIX}:assessment:${key}`),
    ...rest,
  });
  return [
    assessment('block-1-review-2020', {
      buildingBlock: 1,
      rating: 'partly-honoured',
      rationale:
        'The 2020 review opened with a virtual launch for States, treaty bodies, civil society, NHRIs and OHCHR (2 June 2020) and took written contributions until 7 July 2020. ' +
        'The consultations heard States in New York (27 July) and Geneva (28 August); civil society and NHRIs were heard in the Geneva afternoon session.',
      evidence: evidence(
        ['2020-06-02', 'Virtual launch of the 2020 review'],
        ['2020-07-07', 'Deadline for written contributions'],
        ['2020-07-27', 'Informal consultation in New York'],
        ['2020-08-28', 'Geneva consultations'],
      ),
    }),
    assessment('block-3-review-cycle', {
      buildingBlock: 3,
      rating: 'partly-honoured',
      rationale:
        'Civil society proposed a fixed review calendar (TB-Net and ISHR, October 2019), and the chairpersons issued a position paper on the future of the system in 2019. ' +
        "The co-facilitators' report (A/75/601) recommended a follow-up process, and in 2022 the chairs agreed a predictable 8-year review cycle.",
      evidence: evidence(
        ['2019-06-24', '31st meeting of treaty body chairpersons'],
        ['2019-10-23', 'Joint civil society proposals'],
        ['2020-09-14', "Co-facilitators' report"],
        ['2022-05-30', '34th meeting of treaty body chairpersons'],
      ),
    }),
    assessment('block-4-co-facilitators-2020', {
      buildingBlock: 4,
      rating: 'honoured',
      rationale:
        'On 8 April 2020 the President of the General Assembly appointed two co-facilitators, the Permanent Representatives of Morocco and Switzerland. ' +
        'The Swiss co-facilitator was replaced on 9 July 2020, and the co-facilitators delivered their report, transmitted on 14 September 2020 (A/75/601).',
      evidence: evidence(
        ['2020-04-08', 'President of the General Assembly appoints the co-facilitators'],
        ['2020-07-09', 'Swiss co-facilitator replaced'],
        ['2020-09-14', "Co-facilitators' report"],
      ),
    }),
    assessment('block-5-chairs-and-dublin', {
      buildingBlock: 5,
      rating: 'partly-honoured',
      rationale:
        'Practices are shared across treaty bodies through the Dublin meetings (2009, 2011) and the annual meetings of chairpersons (2014, 2017, 2018, 2019, 2022), where in 2022 the chairs agreed a predictable 8-year review cycle. ' +
        'These milestones do not show the practices taken up by all ten treaty bodies.',
      evidence: evidence(
        ['2009-11-18', 'Dublin I meeting'],
        ['2011-11-10', 'Dublin II meeting'],
        ['2014-06-23', '26th meeting of treaty body chairpersons'],
        ['2017-06-27', '29th meeting of treaty body chairpersons'],
        ['2018-05-29', '30th meeting of treaty body chairpersons'],
        ['2019-06-24', '31st meeting of treaty body chairpersons'],
        ['2022-05-30', '34th meeting of treaty body chairpersons'],
      ),
    }),
  ];
}

export interface SeedResult {
  processId: string;
  title: string;
  /** Events written by this run: 0 when everything was already there. */
  appended: number;
  /** Steps found already done (by an earlier run or by hand) and left alone. */
  skipped: number;
  /** What the seed holds, whether written now or before. */
  milestones: number;
  deadlines: number;
  assessments: number;
  /** Stream version after the run. */
  version: number;
  /** Global position of the last event this run wrote; absent when it wrote none. */
  position?: number;
}

interface Step {
  command(state: ProcessState): ProcessCommand;
  done(state: ProcessState): boolean;
}

interface Plan {
  events: ProcessEvent[];
  skipped: number;
}

class NothingToSeed extends Error {}

/**
 * Loads the real 2009-2022 milestones into the 68/268 review process, with its 2020 deadlines and a few
 * building-block assessments. Ids derive from fixed keys, and every step already present is skipped:
 * running it again appends nothing. Everything missing is appended in one write, through `decide`.
 */
@Injectable()
export class DemoSeed {
  constructor(private readonly processes: ProcessRepository) {}

  /** `write` names who loads it: the command line by default, an admin through POST /api/demo. */
  async run(now: Date = new Date(), write: WriteContext = { actor: SEED_ACTOR, correlationId: `seed-${now.toISOString()}` }): Promise<SeedResult> {
    const steps = seedSteps();
    const assessments = seedAssessments().length;
    const result = (appended: number, skipped: number, version: number, position?: number): SeedResult => ({
      processId: SEED_PROCESS_ID,
      title: SEED_PROCESS.title,
      appended,
      skipped,
      milestones: milestoneFile.milestones.length,
      deadlines: SEED_DEADLINES.length,
      assessments,
      version,
      ...(position !== undefined && { position }),
    });

    const current = await this.processes.load(SEED_PROCESS_ID);
    if (plan(steps, current.state).events.length === 0) return result(0, steps.length, current.version);

    let last: Plan = { events: [], skipped: steps.length };
    try {
      // Decided again on the latest state if another writer got in first.
      const written = await this.processes.execute(
        SEED_PROCESS_ID,
        (state) => {
          last = plan(steps, state);
          if (last.events.length === 0) throw new NothingToSeed();
          return last.events;
        },
        write,
      );
      return result(last.events.length, last.skipped, written.version, written.position);
    } catch (error) {
      if (!(error instanceof NothingToSeed)) throw error;
      return result(0, steps.length, (await this.processes.load(SEED_PROCESS_ID)).version);
    }
  }
}

function seedSteps(): Step[] {
  const steps: Step[] = [
    { command: () => ({ type: 'OpenProcess', processId: SEED_PROCESS_ID, ...SEED_PROCESS }), done: (s) => s.exists },
  ];
  for (const m of milestoneFile.milestones) {
    const milestoneId = milestoneIdOf(m);
    steps.push({ command: () => ({ type: 'LogMilestone', milestoneId, ...milestoneInput(m) }), done: (s) => s.milestones.has(milestoneId) });
  }
  for (const deadline of SEED_DEADLINES) {
    const { deadlineId } = deadline;
    steps.push({ command: () => ({ type: 'SetDeadline', ...deadline }), done: (s) => s.deadlines.has(deadlineId) });
    // History: both dates have passed. A deadline someone cancelled since stays cancelled.
    steps.push({ command: () => ({ type: 'MarkDeadlineMet', deadlineId }), done: (s) => s.deadlines.get(deadlineId)?.status !== 'open' });
  }
  for (const assessment of seedAssessments()) {
    const { assessmentId } = assessment;
    steps.push({
      // A milestone someone retracted since is no longer cited.
      command: (s) => ({
        type: 'AssessBuildingBlock',
        ...assessment,
        evidence: assessment.evidence.filter((id) => s.milestones.get(id)?.retracted !== true),
      }),
      done: (s) => s.assessmentIds.has(assessmentId),
    });
  }
  return steps;
}

/** The events of every step not yet done, each decided on the state the previous ones leave. */
function plan(steps: Step[], from: ProcessState): Plan {
  let state = from;
  const events: ProcessEvent[] = [];
  let skipped = 0;
  for (const step of steps) {
    if (step.done(state)) {
      skipped++;
      continue;
    }
    for (const event of decide(step.command(state), state)) {
      events.push(event);
      state = evolve(state, event);
    }
  }
  return { events, skipped };
}
