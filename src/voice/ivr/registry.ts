/**
 * The IVR flows a telephony node answers with (R-TEL-2): loaded from `ivr_flow`, picked per
 * called number (DNIS), else the tenant's default flow, else the demo flow. Reloaded when an
 * administrator saves (`ivr.updated` over PostgreSQL NOTIFY) and once a minute in case a
 * notification was missed. A call keeps the flow object it started with; new calls get the new
 * one. Prompts missing on this node's disk (another node rendered them, or the data folder is
 * new) are rendered when a flow is loaded, before any call needs them.
 */
import pg from 'pg';
import type { Readable } from 'node:stream';
import type { Prompt } from '../media/engine.ts';
import { EVENTS_CHANNEL } from '../../realtime/events.ts';
import type { Envelope } from '../../contract/events.ts';
import { ivrFlowObject, type IvrFlow } from './flow.ts';
import type { PromptLibrary } from './prompts.ts';
import { promptKeys } from './validate.ts';

export interface RecordedPrompt {
  key: string;
  sha256: string;
  format: string | null;
  storageKey: string;
}

export interface FlowSource {
  list(
    tenantId: string,
  ): Promise<
    { id: string; version: number; flow: unknown; is_default: boolean; numbers: string[] }[]
  >;
  promptFiles(
    flowIds: string[],
  ): Promise<
    { flow_id: string; key: string; sha256: string; format: string | null; storage_key: string }[]
  >;
}

interface RegistryLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * A flow's prompt map (text → files): every text rendered with espeak-ng, then the uploaded
 * recordings in place of the texts of their keys. A recording that cannot be read or
 * converted leaves the synthesised speech in its place (logged), so a call still hears it.
 */
export async function preparePrompts(
  lib: PromptLibrary,
  flow: IvrFlow,
  recordings: RecordedPrompt[],
  read: (storageKey: string) => Readable,
  log?: RegistryLog,
): Promise<Map<string, Prompt>> {
  const keys = promptKeys(flow);
  const [map, recorded] = await Promise.all([
    lib.renderFlow(flow),
    Promise.all(
      recordings.map(async (r) => {
        const text = keys.get(r.key);
        if (!text) return null;
        try {
          return [text, await lib.recorded(r.sha256, r.format, () => read(r.storageKey))] as const;
        } catch (err) {
          log?.warn({ err, key: r.key }, 'IVR: recorded prompt not converted, speech used');
          return null;
        }
      }),
    ),
  ]);
  for (const r of recorded) if (r) map.set(r[0], r[1]);
  return map;
}

interface Loaded {
  id: string;
  version: number;
  flow: IvrFlow;
  prompts: Promise<Map<string, Prompt>>;
}

export class FlowRegistry {
  private loaded = new Map<string, Loaded>();
  private byNumber = new Map<string, Loaded>();
  private default: Loaded | null = null;
  private readonly prompts = new WeakMap<IvrFlow, Promise<Map<string, Prompt>>>();
  private readonly prepare = new WeakMap<IvrFlow, () => Promise<Map<string, Prompt>>>();
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly opts: {
      source: FlowSource;
      tenantId: string;
      library: PromptLibrary;
      read: (storageKey: string) => Readable;
      /** Answers when the tenant has no flow at all. */
      demo: IvrFlow;
      log: RegistryLog;
    },
  ) {}

  /** The flow that answers a call to `called`. */
  flowFor(called: string): IvrFlow {
    return (this.byNumber.get(called) ?? this.default)?.flow ?? this.opts.demo;
  }

  /**
   * The prompts of a flow this registry handed out (rendered on load). A failed render (a disk
   * that was full, storage briefly away) is tried again by the next call, not kept.
   */
  promptsFor(flow: IvrFlow): Promise<Map<string, Prompt>> {
    let p = this.prompts.get(flow);
    if (!p) {
      const prepare = this.prepare.get(flow);
      p = prepare ? prepare() : this.opts.library.renderFlow(flow);
      this.remember(flow, p);
    }
    return p;
  }

  private remember(flow: IvrFlow, p: Promise<Map<string, Prompt>>) {
    this.prompts.set(flow, p);
    p.catch(() => {
      if (this.prompts.get(flow) === p) this.prompts.delete(flow);
    });
  }

  /** Flows loaded (for logs and tests). */
  get size(): number {
    return this.loaded.size;
  }

  /** Loads what changed since the last load; concurrent calls coalesce into one more pass. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.again = false;
          await this.loadOnce();
        } while (this.again);
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  private async loadOnce(): Promise<void> {
    const { source, tenantId, log } = this.opts;
    const rows = await source.list(tenantId);
    const changed = rows.filter((r) => this.loaded.get(r.id)?.version !== r.version);
    const files = await source.promptFiles(changed.map((r) => r.id));
    const next = new Map<string, Loaded>();
    for (const r of rows) {
      const same = this.loaded.get(r.id);
      if (same && same.version === r.version) {
        next.set(r.id, same);
        continue;
      }
      const parsed = ivrFlowObject.safeParse(r.flow);
      if (!parsed.success) {
        log.warn({ flowId: r.id, issues: parsed.error.issues }, 'IVR: stored flow is invalid');
        continue;
      }
      const flow = parsed.data;
      const recordings = files
        .filter((f) => f.flow_id === r.id)
        .map((f) => ({
          key: f.key,
          sha256: f.sha256,
          format: f.format,
          storageKey: f.storage_key,
        }));
      const prepare = () =>
        preparePrompts(this.opts.library, flow, recordings, this.opts.read, log);
      this.prepare.set(flow, prepare);
      const prompts = prepare();
      prompts.catch((err: unknown) =>
        log.warn({ err, flowId: r.id }, 'IVR: prompts of a flow not rendered'),
      );
      this.remember(flow, prompts);
      next.set(r.id, { id: r.id, version: r.version, flow, prompts });
    }
    const byNumber = new Map<string, Loaded>();
    let def: Loaded | null = null;
    for (const r of rows) {
      const l = next.get(r.id);
      if (!l) continue;
      for (const n of r.numbers) byNumber.set(n, l);
      if (r.is_default) def = l;
    }
    // Swapped at once: a call arriving now sees either the old set or the new one.
    this.loaded = next;
    this.byNumber = byNumber;
    this.default = def;
    if (changed.length)
      log.info(
        { flows: rows.length, changed: changed.map((r) => `${r.id}@${r.version}`) },
        'IVR flows loaded',
      );
    // Wait for the prompts of what changed, so that `reload()` resolving means ready to answer.
    await Promise.allSettled([...next.values()].map((l) => l.prompts));
  }

  /**
   * Reloads on `ivr.updated` for this tenant (PostgreSQL NOTIFY, delivered at commit) and every
   * `everyMs` in case a notification was lost with the connection.
   */
  async listen(dbUrl: string | undefined, everyMs = 60_000): Promise<void> {
    const { log, tenantId } = this.opts;
    const kick = () =>
      void this.reload().catch((err: unknown) => log.warn({ err }, 'IVR flows not reloaded'));
    this.timer = setInterval(kick, everyMs);
    this.timer.unref();
    if (!dbUrl) return;
    const client = new pg.Client({ connectionString: dbUrl });
    client.on('error', (err) => log.warn({ err }, 'IVR: flow listener error'));
    client.on('notification', (msg) => {
      if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
      try {
        const e = JSON.parse(msg.payload) as Envelope;
        if (e.type === 'ivr.updated' && (e.data as { tenantId: string }).tenantId === tenantId)
          kick();
      } catch {
        // Not ours to judge: the gateway logs bad payloads.
      }
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.listener = client;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    await this.reloading?.catch(() => undefined);
  }
}
