/**
 * The knowledge base's review workflow (R-KB-1) as data plus one pure function, as the ticket
 * state machine (`core/ticket/state-machine.ts`) is.
 *
 * An article has a `status`; a published one may also carry an edit waiting on top of it
 * (`pending`): the published text stays what operators read until that edit is published.
 *
 * ```text
 *   draft ──submit──▶ in_review ──publish──▶ published ──archive──▶ archived
 *     ▲ edit (from any state but published: the edit replaces the text, back to draft)
 *   published ──edit──▶ published + draft ──submit──▶ published + in_review ──publish──▶ published
 * ```
 *
 * An import either edits (drafts) or, when the administrator asks, publishes its text at once
 * whatever the article's state. `decide()` says what follows; the service applies it in one
 * transaction. Who may take each action is the permission table's (`ACTION_PERMISSION`); the
 * rules here add states.
 */
import type { Permission } from '../access/permissions.ts';

export const KB_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

/** An edit waiting on top of a published article. */
export const KB_PENDING_STATUSES = ['draft', 'in_review'] as const;
export type KbPendingStatus = (typeof KB_PENDING_STATUSES)[number];

export const KB_REVIEW_ACTIONS = ['edit', 'submit', 'publish', 'archive', 'import'] as const;
export type KbReviewAction = (typeof KB_REVIEW_ACTIONS)[number];

export interface KbReviewState {
  status: KbStatus;
  pending: KbPendingStatus | null;
}

/**
 * The article's text after the action: `kept` (what it shows now), `new` (the text the action
 * brings: an edit, an imported row) or `pending` (the edit that was waiting).
 */
export type KbText = 'kept' | 'new' | 'pending';

/**
 * What the action does to the search vocabulary, which counts published text only: `add` the
 * text's terms, `remove` the terms the article had, `replace` (both) or `none`.
 */
export type KbIndexing = 'none' | 'add' | 'remove' | 'replace';

export interface KbTransition {
  action: KbReviewAction;
  from: { status: readonly KbStatus[]; pending?: readonly (KbPendingStatus | null)[] };
  to: KbReviewState;
  text: KbText;
  /**
   * Where an action keeps a new text: `version` only (the published text stays, the edit
   * waits as a pending version) or the article itself.
   */
  edit?: 'pending' | 'article';
  vocabulary: KbIndexing;
  /** The action publishes a text: the article and that version record who and when. */
  publishes: boolean;
}

/** Who may take each action (before the article's agency: see the permission's scope). */
export const ACTION_PERMISSION = {
  edit: 'kb.edit',
  submit: 'kb.edit',
  publish: 'kb.publish',
  archive: 'kb.edit',
  import: 'kb.import',
} as const satisfies Record<KbReviewAction, Permission>;

const UNPUBLISHED: readonly KbStatus[] = ['draft', 'in_review', 'archived'];
const state = (status: KbStatus, pending: KbPendingStatus | null = null): KbReviewState => ({
  status,
  pending,
});

/** Every transition; the first whose `from` matches an article's state applies. */
export const TRANSITIONS: readonly KbTransition[] = [
  {
    action: 'edit',
    from: { status: ['published'] },
    to: state('published', 'draft'),
    text: 'kept',
    edit: 'pending',
    vocabulary: 'none',
    publishes: false,
  },
  {
    action: 'edit',
    from: { status: UNPUBLISHED },
    to: state('draft'),
    text: 'new',
    edit: 'article',
    vocabulary: 'none',
    publishes: false,
  },
  {
    action: 'submit',
    from: { status: ['draft'] },
    to: state('in_review'),
    text: 'kept',
    vocabulary: 'none',
    publishes: false,
  },
  {
    action: 'submit',
    from: { status: ['published'], pending: ['draft'] },
    to: state('published', 'in_review'),
    text: 'kept',
    vocabulary: 'none',
    publishes: false,
  },
  {
    action: 'publish',
    from: { status: ['in_review'] },
    to: state('published'),
    text: 'kept',
    vocabulary: 'add',
    publishes: true,
  },
  {
    action: 'publish',
    from: { status: ['published'], pending: ['in_review'] },
    to: state('published'),
    text: 'pending',
    vocabulary: 'replace',
    publishes: true,
  },
  {
    action: 'archive',
    from: { status: ['published'] },
    to: state('archived'),
    text: 'kept',
    vocabulary: 'remove',
    publishes: false,
  },
  {
    action: 'archive',
    from: { status: ['draft', 'in_review'] },
    to: state('archived'),
    text: 'kept',
    vocabulary: 'none',
    publishes: false,
  },
  {
    action: 'import',
    from: { status: ['published'] },
    to: state('published'),
    text: 'new',
    edit: 'article',
    vocabulary: 'replace',
    publishes: true,
  },
  {
    action: 'import',
    from: { status: UNPUBLISHED },
    to: state('published'),
    text: 'new',
    edit: 'article',
    vocabulary: 'add',
    publishes: true,
  },
];

export type KbReviewDecision =
  ({ ok: true } & KbTransition) | { ok: false; error: 'kb_invalid_state' };

/**
 * What `action` does to an article in state `s`, or why it may not.
 *
 * ### Examples
 * ```ts
 * decide({ status: 'published', pending: null }, 'edit');
 * // → { ok: true, to: { status: 'published', pending: 'draft' }, text: 'kept', edit: 'pending', … }
 * decide({ status: 'draft', pending: null }, 'publish'); // → { ok: false, error: 'kb_invalid_state' }
 * ```
 */
export function decide(s: KbReviewState, action: KbReviewAction): KbReviewDecision {
  const t = TRANSITIONS.find(
    (t) =>
      t.action === action &&
      t.from.status.includes(s.status) &&
      (!t.from.pending || t.from.pending.includes(s.pending)),
  );
  return t ? { ok: true, ...t } : { ok: false, error: 'kb_invalid_state' };
}

/** The actions an article in state `s` allows (before who may take them). */
export function availableActions(s: KbReviewState): KbReviewAction[] {
  return KB_REVIEW_ACTIONS.filter((a) => decide(s, a).ok);
}
