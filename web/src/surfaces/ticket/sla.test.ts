import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translate } from '../../i18n/catalog.ts';
import { actionHelpParams, deadlineHours } from './sla.ts';

const sla = { focalPointHours: 4, headHours: 24, warnRatio: 0.75 };

test('deadline labels name the tenant’s own durations, not the defaults', () => {
  assert.equal(
    translate('vi', 'deadlineKind.focal_point', deadlineHours(sla, 'focal_point')),
    'Hạn cán bộ đầu mối (4 giờ)',
  );
  assert.equal(
    translate('en', 'deadlineKind.head', deadlineHours(sla, 'head')),
    'Head deadline (24 h)',
  );
  assert.equal(
    translate('vi', 'actionHelp.forward', actionHelpParams('forward', sla)),
    'Chuyển phiếu cho cán bộ đầu mối của đơn vị có thẩm quyền; thời hạn 4 giờ làm việc bắt đầu.',
  );
  assert.match(
    translate('vi', 'actionHelp.escalate', actionHelpParams('escalate', sla)),
    /hạn 24 giờ/,
  );
});

test('while the settings load, no number is guessed; other kinds and actions take none', () => {
  assert.deepEqual(deadlineHours(undefined, 'head'), { hours: '…' });
  assert.equal(deadlineHours(sla, 'promised'), undefined);
  assert.equal(actionHelpParams('accept', sla), undefined);
});
