import { h, type Html } from './html.ts';
import { layout, type PageContext } from './pages.ts';

/** A checkpoint as the page shows it (modules/audit/checkpoint.ts: checkpointJson). */
export interface CheckpointView {
  sequence: string;
  hash: string;
  at: string;
  algorithm: string;
  publicKey: string;
  signature: string;
  signedText: string;
}

/**
 * The latest signed checkpoint of the province's audit trail (issue #12, finding 4): anyone
 * may keep a copy; `npm run audit:verify` holds the trail to it, so a later rewrite, a record
 * inserted with an earlier date or a deleted tail shows. `…/nhat-ky-kiem-toan.json` is the same
 * for programs.
 */
export function auditCheckpointPage(c: PageContext, cp: CheckpointView | null): Html {
  const { t, lang } = c;
  const time = (iso: string) =>
    new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(iso));
  return layout(
    c,
    t('audit.title'),
    h`<h1>${t('audit.title')}</h1>
      <p>${t('audit.intro')}</p>
      ${
        cp
          ? h`<dl class="facts stacked" id="checkpoint">
                <dt>${t('audit.sequence')}</dt>
                <dd id="cp-sequence">${cp.sequence}</dd>
                <dt>${t('audit.time')}</dt>
                <dd><time datetime="${cp.at}">${time(cp.at)}</time></dd>
                <dt>${t('audit.hash')}</dt>
                <dd class="digest" id="cp-hash">${cp.hash}</dd>
                <dt>${t('audit.algorithm')}</dt>
                <dd>${cp.algorithm}</dd>
                <dt>${t('audit.publicKey')}</dt>
                <dd class="digest" id="cp-key">${cp.publicKey}</dd>
                <dt>${t('audit.signature')}</dt>
                <dd class="digest" id="cp-signature">${cp.signature}</dd>
              </dl>
              <p>${t('audit.signedText')}</p>
              <pre class="digest">${cp.signedText}</pre>
              <p><a href="nhat-ky-kiem-toan.json">${t('audit.json')}</a></p>`
          : h`<p class="notice" role="status">${t('audit.none')}</p>`
      }`,
  );
}
