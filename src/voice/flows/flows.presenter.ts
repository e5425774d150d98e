import type { FlowIssue } from '../ivr/validate.ts';
import type { FlowRow, PromptFileRow } from './flows.repository.ts';

/** A flow in the list: what it is called, which numbers it answers, who changed it. */
export function presentFlowSummary(r: FlowRow) {
  const nodes = (r.flow as { nodes?: Record<string, unknown> } | null)?.nodes ?? {};
  return {
    id: r.id,
    name: r.name,
    numbers: r.numbers,
    isDefault: r.is_default,
    version: r.version,
    nodeCount: Object.keys(nodes).length,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by_name,
  };
}

/** A flow for the editor: the flow JSON, the prompts it speaks and their recordings. */
export function presentFlow(
  r: FlowRow,
  prompts: Map<string, string>,
  files: PromptFileRow[],
  warnings: FlowIssue[],
) {
  const byKey = new Map(files.map((f) => [f.key, f]));
  return {
    ...presentFlowSummary(r),
    flow: r.flow,
    prompts: [...prompts].map(([key, text]) => {
      const f = byKey.get(key);
      return {
        key,
        text,
        recording: f
          ? {
              seconds: f.duration_ms / 1000,
              bytes: f.bytes,
              uploadedAt: f.uploaded_at.toISOString(),
            }
          : null,
      };
    }),
    warnings: warnings.map((w) => presentIssue(w, 'flow')),
  };
}

export function presentIssue(i: FlowIssue, prefix = '') {
  return {
    code: i.code,
    severity: i.severity,
    path: prefix && i.path ? `${prefix}.${i.path}` : prefix || i.path,
    message_vi: i.message_vi,
    message_en: i.message_en,
  };
}
