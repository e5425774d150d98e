import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTION_PERMISSION,
  availableActions,
  decide,
  KB_PENDING_STATUSES,
  KB_REVIEW_ACTIONS,
  KB_STATUSES,
  TRANSITIONS,
  type KbReviewState,
} from './review.ts';
import { PERMISSIONS } from '../access/permissions.ts';

const s = (status: KbReviewState['status'], pending: KbReviewState['pending'] = null) => ({
  status,
  pending,
});

/** Every state an article can be in: a pending edit exists on published articles only. */
const STATES: KbReviewState[] = [
  ...KB_STATUSES.map((st) => s(st)),
  ...KB_PENDING_STATUSES.map((p) => s('published', p)),
];

test('a draft is submitted, published and archived', () => {
  const submit = decide(s('draft'), 'submit');
  assert.ok(submit.ok);
  assert.deepEqual(submit.to, s('in_review'));
  const publish = decide(submit.to, 'publish');
  assert.ok(publish.ok);
  assert.deepEqual(publish.to, s('published'));
  assert.equal(publish.text, 'kept');
  assert.equal(publish.vocabulary, 'add', 'the published text enters the vocabulary');
  assert.equal(publish.publishes, true);
  const archive = decide(publish.to, 'archive');
  assert.ok(archive.ok);
  assert.deepEqual(archive.to, s('archived'));
  assert.equal(archive.vocabulary, 'remove');
  assert.deepEqual(decide(archive.to, 'archive'), { ok: false, error: 'kb_invalid_state' });
});

test('an edit of a published article waits on top of it until published in its turn', () => {
  const edit = decide(s('published'), 'edit');
  assert.ok(edit.ok);
  assert.deepEqual(edit.to, s('published', 'draft'));
  assert.equal(edit.text, 'kept', 'operators keep reading the published text');
  assert.equal(edit.edit, 'pending');
  assert.equal(edit.vocabulary, 'none');
  // Not publishable before review.
  assert.equal(decide(edit.to, 'publish').ok, false);
  const submit = decide(edit.to, 'submit');
  assert.ok(submit.ok);
  assert.deepEqual(submit.to, s('published', 'in_review'));
  const publish = decide(submit.to, 'publish');
  assert.ok(publish.ok);
  assert.deepEqual(publish.to, s('published'));
  assert.equal(publish.text, 'pending');
  assert.equal(publish.vocabulary, 'replace');
  // A second edit while one is in review sends it back to draft.
  const again = decide(submit.to, 'edit');
  assert.ok(again.ok);
  assert.deepEqual(again.to, s('published', 'draft'));
});

test('an edit of an unpublished article replaces its text and makes it a draft again', () => {
  for (const from of [s('draft'), s('in_review'), s('archived')]) {
    const d = decide(from, 'edit');
    assert.ok(d.ok, from.status);
    assert.deepEqual(d.to, s('draft'));
    assert.equal(d.text, 'new');
    assert.equal(d.edit, 'article');
    assert.equal(d.vocabulary, 'none', 'drafts are not in the vocabulary');
  }
});

test('an import that publishes does so from any state; the vocabulary follows', () => {
  for (const from of STATES) {
    const d = decide(from, 'import');
    assert.ok(d.ok, JSON.stringify(from));
    assert.deepEqual(d.to, s('published'));
    assert.equal(d.text, 'new');
    assert.equal(d.vocabulary, from.status === 'published' ? 'replace' : 'add');
    assert.equal(d.publishes, true);
  }
});

test('what each state allows', () => {
  assert.deepEqual(
    Object.fromEntries(
      STATES.map((st) => [
        `${st.status}${st.pending ? `+${st.pending}` : ''}`,
        availableActions(st),
      ]),
    ),
    {
      draft: ['edit', 'submit', 'archive', 'import'],
      in_review: ['edit', 'publish', 'archive', 'import'],
      published: ['edit', 'archive', 'import'],
      archived: ['edit', 'import'],
      'published+draft': ['edit', 'submit', 'archive', 'import'],
      'published+in_review': ['edit', 'publish', 'archive', 'import'],
    },
  );
});

test('the table is consistent: one transition per state and action, permissions exist', () => {
  for (const st of STATES) {
    for (const a of KB_REVIEW_ACTIONS) {
      const matching = TRANSITIONS.filter(
        (t) =>
          t.action === a &&
          t.from.status.includes(st.status) &&
          (!t.from.pending || t.from.pending.includes(st.pending)),
      );
      assert.ok(matching.length <= 1, `${a} from ${JSON.stringify(st)}`);
    }
  }
  for (const t of TRANSITIONS) {
    // A pending edit exists only on a published article.
    assert.ok(t.to.pending === null || t.to.status === 'published');
    // Only what is published is in the vocabulary.
    if (t.vocabulary === 'add' || t.vocabulary === 'replace')
      assert.equal(t.to.status, 'published');
    if (t.publishes) assert.deepEqual(t.to, s('published'));
  }
  for (const p of Object.values(ACTION_PERMISSION)) assert.ok(p in PERMISSIONS);
});
