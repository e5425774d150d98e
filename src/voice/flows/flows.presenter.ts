import type { FlowIssue, IvrFlow, IvrFlowDetail, IvrFlowSummary } from '../../contract/ivr.ts';
import type { FlowRow, PromptFileRow } from './flows.repository.ts';

/** A stored flow as the service reads it for the editor. */
export interface FlowView {
  row: FlowRow;
  /** The stored flow, parsed. */
  flow: IvrFlow;
  /** Its spoken texts by prompt key ("greeting.prompt"). */
  prompts: Map<string, string>;
  /** Recordings uploaded for its prompts. */
  files: PromptFileRow[];
  warnings: FlowIssue[];
}

/** A flow in the list: what it is called, which numbers it answers, who changed it. */
export function presentFlowSummary(r: FlowRow): IvrFlowSummary {
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

/** A flow for the editor: the flow, the prompts it speaks and their recordings. */
export function presentFlow(v: FlowView): IvrFlowDetail {
  const byKey = new Map(v.files.map((f) => [f.key, f]));
  return {
    ...presentFlowSummary(v.row),
    flow: v.flow,
    prompts: [...v.prompts].map(([key, text]) => {
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
    warnings: v.warnings.map((w) => presentIssue(w, 'flow')),
  };
}

/** A problem with its path in the request ("flow.nodes.main"), as errors and warnings carry it. */
export function presentIssue(i: FlowIssue, prefix = ''): FlowIssue {
  return {
    code: i.code,
    severity: i.severity,
    path: prefix && i.path ? `${prefix}.${i.path}` : prefix || i.path,
    message_vi: i.message_vi,
    message_en: i.message_en,
  };
}
