import { createHash, randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import { isUniqueViolation } from '../../db/helpers.ts';
import type { Database } from '../../db/schema.ts';
import { auditBy } from '../../modules/audit/audit.repository.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import { publish } from '../../realtime/events.ts';
import type { ServerEvents } from '../../contract/events.ts';
import type { FlowBody, FlowUpdateBody, IvrFlow, PreviewQuery } from '../../contract/ivr.ts';
import type { FileStorage } from '../../storage/storage.ts';
import { audioSeconds, PromptLibrary, soxFormat } from '../ivr/prompts.ts';
import { statusTexts } from '../ivr/status.ts';
import { checkFlow, promptKeys, promptPaths, type FlowIssue } from '../ivr/validate.ts';
import { presentIssue, type FlowView } from './flows.presenter.ts';
import { flowsRepository as repo, type FlowRow } from './flows.repository.ts';

/** Longest recording an administrator may upload for one prompt. */
const MAX_RECORDING_SECONDS = 300;
export const MAX_RECORDING_BYTES = 20 * 1024 * 1024;

/**
 * IVR flows configured through the API (R-TEL-2). A save validates the flow (shape and graph),
 * renders every prompt with espeak-ng + sox BEFORE its transaction commits — a prompt that
 * cannot be rendered rejects the save and nothing changes — then tells telephony nodes
 * (`ivr.updated`), which reload; calls in progress keep the flow they started with.
 */
export class FlowsService {
  readonly library: PromptLibrary;

  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'env' | 'clock'>,
    private readonly storage: FileStorage,
    library?: PromptLibrary,
  ) {
    // The telephony role renders into the same folder: a node running both finds them ready.
    this.library = library ?? new PromptLibrary(path.join(ctx.env.dataDir, 'voice', 'prompts'));
  }

  async list(actorIn: Actor | undefined): Promise<FlowRow[]> {
    const actor = requirePermission(actorIn, 'ivr.read');
    return repo.list(this.ctx.db, actor.tenantId);
  }

  async get(actorIn: Actor | undefined, id: string): Promise<FlowView> {
    const actor = requirePermission(actorIn, 'ivr.read');
    const row = await repo.get(this.ctx.db, actor.tenantId, id);
    if (!row) throw new AppError('ivr_flow_not_found');
    return this.view(row);
  }

  async create(actorIn: Actor | undefined, body: FlowBody): Promise<FlowView> {
    const actor = requirePermission(actorIn, 'ivr.manage');
    const { flow } = await this.checked(actor.tenantId, body.flow);
    await this.render(flow);
    const id = await this.write(async (trx, at) => {
      await this.assertNumbersFree(trx, actor.tenantId, body.numbers, null);
      if (body.isDefault) await this.clearDefault(trx, actor, null);
      const row = await repo.insert(trx, actor.tenantId, {
        name: flow.name,
        flow,
        isDefault: body.isDefault,
        numbers: body.numbers,
        by: actor.userId,
        at,
      });
      await auditBy(trx, actor, {
        action: 'ivr_flow.create',
        entityType: 'ivr_flow',
        entityId: row.id,
        data: { name: flow.name, numbers: body.numbers, isDefault: body.isDefault, flow },
        at,
      });
      await this.notify(trx, actor.tenantId, row.id, row.version, 'created');
      return row.id;
    });
    return this.get(actor, id);
  }

  async update(actorIn: Actor | undefined, id: string, body: FlowUpdateBody): Promise<FlowView> {
    const actor = requirePermission(actorIn, 'ivr.manage');
    const { flow } = await this.checked(actor.tenantId, body.flow);
    // Rendered before the transaction: nothing is locked while espeak-ng works, and a failure
    // leaves the stored flow as it was.
    await this.render(flow);
    await this.write(async (trx, at) => {
      const cur = await repo.lock(trx, actor.tenantId, id);
      if (!cur) throw new AppError('ivr_flow_not_found');
      if (cur.version !== body.version)
        throw new AppError('ivr_version_conflict', { currentVersion: cur.version });
      await this.assertNumbersFree(trx, actor.tenantId, body.numbers, id);
      if (body.isDefault) await this.clearDefault(trx, actor, id);
      const row = await repo.update(trx, actor.tenantId, id, body.version, {
        name: flow.name,
        flow,
        isDefault: body.isDefault,
        numbers: body.numbers,
        by: actor.userId,
        at,
      });
      if (!row) throw new AppError('ivr_version_conflict');
      // Recordings of prompts the flow no longer has go with them.
      const gone = await repo.deletePromptFiles(trx, id, {
        keep: [...promptKeys(flow).keys()],
      });
      await auditBy(trx, actor, {
        action: 'ivr_flow.update',
        entityType: 'ivr_flow',
        entityId: id,
        data: {
          name: flow.name,
          numbers: body.numbers,
          isDefault: body.isDefault,
          version: row.version,
          flow,
          ...(gone.length ? { recordingsRemoved: gone.length } : {}),
        },
        at,
      });
      await this.notify(trx, actor.tenantId, id, row.version, 'updated');
      return gone;
    }).then((gone) => this.removeFiles(gone));
    return this.get(actor, id);
  }

  async remove(actorIn: Actor | undefined, id: string): Promise<void> {
    const actor = requirePermission(actorIn, 'ivr.manage');
    const files = await this.write(async (trx, at) => {
      const storageKeys = (await repo.promptFiles(trx, [id])).map((f) => f.storage_key);
      const gone = await repo.delete(trx, actor.tenantId, id);
      if (!gone) throw new AppError('ivr_flow_not_found');
      await auditBy(trx, actor, {
        action: 'ivr_flow.delete',
        entityType: 'ivr_flow',
        entityId: id,
        data: { name: gone.name, version: gone.version },
        at,
      });
      await this.notify(trx, actor.tenantId, id, null, 'deleted');
      return storageKeys;
    });
    await this.removeFiles(files);
  }

  /**
   * An administrator's recording in place of a prompt's synthesised speech: checked to be
   * audio sox can read, stored as uploaded (FileStorage), converted to 8 kHz A-law and μ-law
   * before the flow's new version commits.
   */
  async putPrompt(
    actorIn: Actor | undefined,
    id: string,
    key: string,
    content: Buffer,
    contentType: string | undefined,
  ): Promise<FlowView> {
    const actor = requirePermission(actorIn, 'ivr.manage');
    const row = await repo.get(this.ctx.db, actor.tenantId, id);
    if (!row) throw new AppError('ivr_flow_not_found');
    const flow = this.parsedStored(row);
    if (!promptKeys(flow).has(key)) throw new AppError('ivr_prompt_unknown', { key });
    const format = soxFormat(contentType);
    const probe = path.join(
      os.tmpdir(),
      `o1022-ivr-${randomBytes(6).toString('hex')}${format ? `.${format}` : ''}`,
    );
    let seconds: number | null;
    try {
      await writeFile(probe, content);
      seconds = await audioSeconds(probe);
    } finally {
      await rm(probe, { force: true });
    }
    if (seconds === null) throw new AppError('ivr_prompt_not_audio');
    if (seconds > MAX_RECORDING_SECONDS) throw new AppError('ivr_prompt_too_long');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const stored = await this.storage.put(Readable.from([content]), MAX_RECORDING_BYTES);
    try {
      await this.library.recorded(sha256, format, () => Readable.from([content]));
    } catch (err) {
      await this.storage.remove(stored.key);
      throw new AppError('ivr_prompt_not_audio', [
        { path: key, message_en: (err as Error).message },
      ]);
    }
    const old = await this.write(async (trx, at) => {
      const cur = await repo.lock(trx, actor.tenantId, id);
      if (!cur) throw new AppError('ivr_flow_not_found');
      const replaced = await repo.putPromptFile(trx, {
        flow_id: id,
        key,
        storage_key: stored.key,
        sha256,
        format,
        bytes: content.length,
        duration_ms: Math.round(seconds * 1000),
        uploaded_by: actor.userId,
        uploaded_at: at,
      });
      const v = await repo.bump(trx, id, actor.userId, at);
      await auditBy(trx, actor, {
        action: 'ivr_prompt.put',
        entityType: 'ivr_flow',
        entityId: id,
        data: { key, sha256, bytes: content.length, seconds, version: v.version },
        at,
      });
      await this.notify(trx, actor.tenantId, id, v.version, 'prompt');
      return replaced;
    }).catch(async (err: unknown) => {
      await this.storage.remove(stored.key);
      throw err;
    });
    if (old && old !== stored.key) await this.removeFiles([old]);
    return this.get(actor, id);
  }

  /** Back to the synthesised speech for this prompt. */
  async deletePrompt(actorIn: Actor | undefined, id: string, key: string): Promise<void> {
    const actor = requirePermission(actorIn, 'ivr.manage');
    const gone = await this.write(async (trx, at) => {
      const cur = await repo.lock(trx, actor.tenantId, id);
      if (!cur) throw new AppError('ivr_flow_not_found');
      const removed = await repo.deletePromptFiles(trx, id, { keys: [key] });
      if (removed.length === 0) throw new AppError('ivr_prompt_unknown', { key });
      const v = await repo.bump(trx, id, actor.userId, at);
      await auditBy(trx, actor, {
        action: 'ivr_prompt.delete',
        entityType: 'ivr_flow',
        entityId: id,
        data: { key, version: v.version },
        at,
      });
      await this.notify(trx, actor.tenantId, id, v.version, 'prompt');
      return removed;
    });
    await this.removeFiles(gone);
  }

  /** A text rendered as the caller will hear it (8 kHz), as a WAV a browser plays. */
  async preview(actorIn: Actor | undefined, q: PreviewQuery): Promise<string> {
    requirePermission(actorIn, 'ivr.read');
    let prompt;
    try {
      prompt = await this.library.render(q.text, q.voice);
    } catch (err) {
      throw new AppError('ivr_render_failed', [
        { code: 'render_failed', path: 'text', message_en: (err as Error).message },
      ]);
    }
    return this.library.playable(prompt);
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A stored flow with its prompts, their recordings and the warnings it has today. */
  private async view(row: FlowRow): Promise<FlowView> {
    const db = this.ctx.db;
    const flow = this.parsedStored(row);
    const check = checkFlow(row.flow, { queues: await repo.queueCodes(db, row.tenant_id) });
    const files = await repo.promptFiles(db, [row.id]);
    return { row, flow, prompts: promptKeys(flow), files, warnings: check.warnings };
  }

  private parsedStored(row: FlowRow): IvrFlow {
    const check = checkFlow(row.flow);
    if (!check.flow) throw new Error(`stored IVR flow ${row.id} is invalid`);
    return check.flow;
  }

  /** The flow checked (shape, graph, queues); 422 with every error's path otherwise. */
  private async checked(tenantId: string, input: unknown) {
    const check = checkFlow(input, { queues: await repo.queueCodes(this.ctx.db, tenantId) });
    if (!check.flow)
      throw new AppError(
        'ivr_flow_invalid',
        check.errors.map((i) => presentIssue(i, 'flow')),
      );
    return { flow: check.flow, warnings: check.warnings };
  }

  /**
   * Every text of the flow rendered to disk; 422 naming each text that failed, at the path of
   * the first node that speaks it.
   */
  private async render(flow: IvrFlow): Promise<void> {
    const paths = promptPaths(flow);
    const texts = [...paths.keys(), ...statusTextsOf(flow)];
    const results = await Promise.allSettled(texts.map((t) => this.library.render(t, flow.voice)));
    const failed: FlowIssue[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      const text = texts[i]!;
      failed.push({
        code: 'invalid',
        severity: 'error',
        path: paths.get(text) ?? '',
        message_vi: `Không tạo được giọng đọc cho lời nhắc "${text.slice(0, 80)}".`,
        message_en: `Rendering "${text.slice(0, 80)}" failed: ${(r.reason as Error).message}`,
      });
    });
    if (failed.length)
      throw new AppError(
        'ivr_render_failed',
        failed.map((f) => ({ ...presentIssue(f, 'flow'), code: 'render_failed' })),
      );
  }

  /**
   * One change of a flow in a transaction. Not `writeAudited`: the audit record carries what
   * the write produced (the new version, recordings removed), so each change writes its own.
   */
  private write<T>(fn: (trx: Transaction<Database>, at: Date) => Promise<T>): Promise<T> {
    return this.ctx.db
      .transaction()
      .execute((trx) => fn(trx, this.ctx.clock.now()))
      .catch((err: unknown) => {
        // Two admins adding the same number at once: the second loses on the primary key.
        if (isUniqueViolation(err)) throw new AppError('ivr_number_taken');
        throw err;
      });
  }

  private async assertNumbersFree(
    trx: Transaction<Database>,
    tenantId: string,
    numbers: string[],
    flowId: string | null,
  ) {
    const taken = await repo.numbersTaken(trx, tenantId, numbers, flowId);
    if (taken.length)
      throw new AppError(
        'ivr_number_taken',
        taken.map((n) => ({
          path: `numbers.${numbers.indexOf(n)}`,
          number: n,
          message_vi: `Số ${n} đã được gán cho một kịch bản khác.`,
          message_en: `Number ${n} is already assigned to another flow.`,
        })),
      );
  }

  private async clearDefault(trx: Transaction<Database>, actor: Actor, except: string | null) {
    for (const r of await repo.clearDefault(trx, actor.tenantId, except))
      await this.notify(trx, actor.tenantId, r.id, r.version, 'updated');
  }

  private notify(
    trx: Transaction<Database>,
    tenantId: string,
    flowId: string,
    version: number | null,
    action: ServerEvents['ivr.updated']['action'],
  ) {
    return publish(trx, 'ivr.updated', [`tenant:${tenantId}`], {
      tenantId,
      flowId,
      version,
      action,
    });
  }

  /** Uploaded originals no row names any more (after the commit: a rollback keeps them). */
  private async removeFiles(keys: string[]) {
    for (const k of keys) await this.storage.remove(k).catch(() => undefined);
  }
}

/** The fixed phrases a status node reads back, rendered with the flow like its prompts. */
function statusTextsOf(flow: IvrFlow): string[] {
  return Object.values(flow.nodes).some((n) => n.type === 'status') ? statusTexts() : [];
}
