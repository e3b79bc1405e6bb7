/*
 * The outcome measures the vault scores: PHQ-9 (depression) and GAD-7
 * (anxiety), both developed by Drs. Spitzer, Williams, Kroenke and colleagues
 * with an educational grant from Pfizer and free to reproduce without
 * permission. The item wording and the severity bands are the published ones.
 */

export const MEASURE_INSTRUMENTS = ['phq9', 'gad7'] as const;
export type MeasureInstrument = (typeof MEASURE_INSTRUMENTS)[number];

/** Every item is answered on the same four-point scale, scored 0 to 3. */
export const RESPONSE_LABELS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'] as const;
export const MAX_RESPONSE = RESPONSE_LABELS.length - 1;

/**
 * PHQ-9's closing question, asked after the items and never scored: how much
 * the problems get in the way of daily life.
 */
export const DIFFICULTY_QUESTION =
  'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?';
export const DIFFICULTY_LEVELS = ['not-difficult', 'somewhat', 'very', 'extremely'] as const;
export type Difficulty = (typeof DIFFICULTY_LEVELS)[number];
export const DIFFICULTY_LABELS: Readonly<Record<Difficulty, string>> = {
  'not-difficult': 'Not difficult at all',
  somewhat: 'Somewhat difficult',
  very: 'Very difficult',
  extremely: 'Extremely difficult',
};

export type SeverityBand = 'minimal' | 'mild' | 'moderate' | 'moderately severe' | 'severe';

interface Band {
  band: SeverityBand;
  /** Lowest total score in the band. */
  from: number;
}

export interface MeasureDefinition {
  id: MeasureInstrument;
  /** The short name clinicians use. */
  name: string;
  title: string;
  stem: string;
  items: readonly string[];
  /** Ascending by `from`; the first starts at 0. */
  bands: readonly Band[];
  /** The item whose answer above 0 flags risk, by its 0-based index. */
  riskItem?: number;
  /** Ends with the unscored difficulty question (DIFFICULTY_QUESTION). */
  asksDifficulty?: boolean;
}

const STEM = 'Over the last 2 weeks, how often have you been bothered by any of the following problems?';

export const MEASURES: Readonly<Record<MeasureInstrument, MeasureDefinition>> = {
  phq9: {
    id: 'phq9',
    name: 'PHQ-9',
    title: 'Patient Health Questionnaire',
    stem: STEM,
    items: [
      'Little interest or pleasure in doing things',
      'Feeling down, depressed, or hopeless',
      'Trouble falling or staying asleep, or sleeping too much',
      'Feeling tired or having little energy',
      'Poor appetite or overeating',
      'Feeling bad about yourself, or that you are a failure or have let yourself or your family down',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
      'Moving or speaking so slowly that other people could have noticed, or the opposite: being so fidgety or restless that you have been moving around a lot more than usual',
      'Thoughts that you would be better off dead, or of hurting yourself in some way',
    ],
    bands: [
      { band: 'minimal', from: 0 },
      { band: 'mild', from: 5 },
      { band: 'moderate', from: 10 },
      { band: 'moderately severe', from: 15 },
      { band: 'severe', from: 20 },
    ],
    riskItem: 8,
    asksDifficulty: true,
  },
  gad7: {
    id: 'gad7',
    name: 'GAD-7',
    title: 'Generalized Anxiety Disorder scale',
    stem: STEM,
    items: [
      'Feeling nervous, anxious, or on edge',
      'Not being able to stop or control worrying',
      'Worrying too much about different things',
      'Trouble relaxing',
      'Being so restless that it is hard to sit still',
      'Becoming easily annoyed or irritable',
      'Feeling afraid, as if something awful might happen',
    ],
    bands: [
      { band: 'minimal', from: 0 },
      { band: 'mild', from: 5 },
      { band: 'moderate', from: 10 },
      { band: 'severe', from: 15 },
    ],
  },
};

export function maxScore(instrument: MeasureInstrument): number {
  return MEASURES[instrument].items.length * MAX_RESPONSE;
}

export function bandOf(instrument: MeasureInstrument, score: number): SeverityBand {
  const bands = MEASURES[instrument].bands;
  let found = bands[0]!.band;
  for (const entry of bands) if (score >= entry.from) found = entry.band;
  return found;
}

export interface MeasureScore {
  score: number;
  band: SeverityBand;
  /** PHQ-9 item 9 answered above 0: thoughts of death or self-harm, to be assessed in the session. */
  risk: boolean;
}

/** Scores complete answers; the caller has checked there is one answer 0-3 per item. */
export function scoreMeasure(instrument: MeasureInstrument, responses: readonly number[]): MeasureScore {
  const score = responses.reduce((sum, response) => sum + response, 0);
  const riskItem = MEASURES[instrument].riskItem;
  return { score, band: bandOf(instrument, score), risk: riskItem !== undefined && (responses[riskItem] ?? 0) > 0 };
}

/** "12 · moderate", as lists and the chart's table show a result. */
export function scoreLabel(result: Pick<MeasureScore, 'score' | 'band'>): string {
  return `${result.score} · ${result.band}`;
}
