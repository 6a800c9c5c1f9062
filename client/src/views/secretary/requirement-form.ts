/**
 * Pure helpers for the requirement editor: units text ⇄ list, and the patch of changed fields.
 */
import type { ReextractionSummary, RequirementFields } from '../../../../shared/protocol/index.ts';

export function formatUnits(units: readonly string[]): string {
  return units.join('、');
}

export function parseUnits(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\n]+/).map((u) => u.trim()).filter((u) => u.length > 0))];
}

/** Form values as typed by the secretary. */
export interface FieldInputs {
  headline: string;
  text: string;
  units: string;
  deadline: string;
}

/** The fields that differ from `current`, or null when nothing changed (or the headline is empty). */
export function fieldsPatch(current: RequirementFields, input: FieldInputs): Partial<RequirementFields> | null {
  const patch: Partial<RequirementFields> = {};
  const headline = input.headline.trim();
  if (headline && headline !== current.headline) patch.headline = headline;
  if (input.text !== current.text) patch.text = input.text;
  const units = parseUnits(input.units);
  if (units.join('\u0000') !== current.responsible.join('\u0000')) patch.responsible = units;
  const deadline = input.deadline.trim() || null;
  if (deadline !== current.deadline) patch.deadline = deadline;
  return Object.keys(patch).length > 0 ? patch : null;
}

/** What a segment correction did to the requirements, for the secretary's toast. */
export function reextractionMessage(s: ReextractionSummary): string {
  const parts = [
    s.added > 0 ? `新增 ${s.added} 条` : '',
    s.updated > 0 ? `更新 ${s.updated} 条` : '',
    s.retracted > 0 ? `撤回 ${s.retracted} 条` : '',
    s.kept > 0 ? `${s.kept} 条已不在转写中但因人工修改保留，请核实` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? '转写已更正' : `转写已更正，要求已重新识别：${parts.join('，')}`;
}
