/*
 * The structured parts of a note in words, one labelled block per part: the
 * export prints these and the signed-note view shows them, so both say the
 * same thing.
 */
import type { NoteStructure } from './noteStructure';
import { ideationText, mentalStatusLines, OBJECTIVE_PROGRESS_LABELS, RISK_KINDS, RISK_LABELS } from './noteStructure';
import { SERVICE_LABELS, serviceCodeLine } from './serviceCodes';

export interface StructureBlock {
  label: string;
  lines: string[];
}

function riskLines(risk: NonNullable<NoteStructure['risk']>): string[] {
  const lines = RISK_KINDS.map((kind) => `${RISK_LABELS[kind]}: ${ideationText(risk[kind])}`);
  if (risk.protectiveFactors.trim()) lines.push(`Protective factors: ${risk.protectiveFactors.trim()}`);
  const details = risk.safetyPlan.details.trim();
  if (risk.safetyPlan.reviewed || details) {
    lines.push(`Safety plan: ${risk.safetyPlan.reviewed ? 'reviewed' : 'not reviewed'}${details ? `. ${details}` : ''}`);
  }
  return lines;
}

/** Only the parts the note uses; nothing for a note written without them. */
export function structureLines(structure: NoteStructure | undefined): StructureBlock[] {
  if (!structure) return [];
  const blocks: StructureBlock[] = [];
  const { service } = structure;
  if (service) {
    blocks.push({
      label: 'Service',
      lines: [`${serviceCodeLine(service)} (${SERVICE_LABELS[service.code]}), ${service.start}–${service.end}, ${service.minutes} min`],
    });
  }
  if (structure.attendees.length > 0) blocks.push({ label: 'Attendees', lines: [structure.attendees.join(', ')] });
  if (structure.diagnoses.length > 0) {
    blocks.push({ label: 'Diagnoses', lines: structure.diagnoses.map((d) => `${d.code} ${d.description}`) });
  }
  if (structure.mentalStatus) {
    const lines = mentalStatusLines(structure.mentalStatus);
    if (lines.length > 0) blocks.push({ label: 'Mental status', lines });
  }
  if (structure.risk) blocks.push({ label: 'Risk', lines: riskLines(structure.risk) });
  if (structure.interventions.length > 0) blocks.push({ label: 'Interventions', lines: [structure.interventions.join(', ')] });
  if (structure.objectives.length > 0) {
    blocks.push({
      label: 'Objectives',
      lines: structure.objectives.map((entry) => {
        const place = `${entry.problem + 1}.${entry.goal + 1}.${entry.objective + 1}`;
        const comment = entry.comment.trim() ? `; ${entry.comment.trim()}` : '';
        return `${place} ${entry.statement} (${OBJECTIVE_PROGRESS_LABELS[entry.progress]}${comment})`;
      }),
    });
  }
  return blocks;
}
