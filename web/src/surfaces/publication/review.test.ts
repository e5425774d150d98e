import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from '../../../../src/core/publication/redact.ts';
import { reviewedText } from './review.ts';

test('the approver keeps some proposed redactions and undoes others', () => {
  const original = 'Ông Nguyễn Văn An, số 0912345678, phản ánh đèn hỏng.';
  const p = { original, ...redact(original) };
  const proposal = { original, redacted: p.text, redactions: p.redactions };
  assert.equal(reviewedText(proposal, [true, true]), p.text);
  assert.equal(
    reviewedText(proposal, [false, true]),
    'Ông Nguyễn Văn An, số [số điện thoại], phản ánh đèn hỏng.',
  );
  assert.equal(reviewedText(proposal, [false, false]), original);
});
