/**
 * The public website's pages: server-rendered HTML, one function per page. Every value is
 * escaped by `h`; the scripts are /cong-dan/static/public.js and the live-chat widget
 * /chat/widget.js, both files of this server (no inline script, so the CSP forbids all others).
 */
import { h, paragraphs, type Html } from './html.ts';
import type { Lang, MessageKey, Translate } from './i18n.ts';
import { CONTENT_MAX, CONTENT_MIN, FILE_MAX_MB, FILES_MAX } from '../../contract/public.ts';
import type { Problem } from './submission.ts';
import type {
  AgencyFigure,
  AnswersFilter,
  FormOptions,
  KbArticleView,
  KbListItem,
  PublishedItem,
  TenantInfo,
  TicketView,
} from './views.ts';

export const BASE = '/cong-dan';

export interface PageContext {
  lang: Lang;
  t: Translate;
  tenant: TenantInfo;
  /** The request's path and query, for the language switch and the current nav item. */
  url: string;
  /** Content hash of the static assets (cache busting). */
  assetVersion: string;
}

const NAV: { href: string; key: MessageKey }[] = [
  { href: `${BASE}/`, key: 'nav.home' },
  { href: `${BASE}/gui-phan-anh`, key: 'nav.submit' },
  { href: `${BASE}/tra-cuu`, key: 'nav.track' },
  { href: `${BASE}/tra-loi`, key: 'nav.answers' },
  { href: `${BASE}/hoi-dap`, key: 'nav.kb' },
  { href: `${BASE}/co-quan`, key: 'nav.agencies' },
];

function switchUrl(url: string, to: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', to);
  return `${u.pathname}?${u.searchParams.toString()}`;
}

export function formatDate(d: Date | string | null | undefined, lang: Lang): string {
  if (!d) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(d));
}

function formatTime(d: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);
}

export function layout(c: PageContext, title: string, body: Html): Html {
  const { t, lang } = c;
  const path = new URL(c.url, 'http://x').pathname;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const v = c.assetVersion;
  return h`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — ${t('site.short')} ${c.tenant.name}</title>
        <meta name="description" content="${t('site.tagline')}" />
        <meta name="theme-color" content="#0b4f9c" />
        <link rel="manifest" href="${BASE}/manifest.webmanifest" />
        <link rel="icon" href="${BASE}/static/icon.svg?v=${v}" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="${BASE}/static/icon.svg?v=${v}" />
        <link rel="stylesheet" href="${BASE}/static/public.css?v=${v}" />
        <script src="${BASE}/static/public.js?v=${v}" defer></script>
        <script
          src="/chat/widget.js"
          data-lang="${lang}"
          data-kb-url="${BASE}/hoi-dap/{id}"
          defer
        ></script>
      </head>
      <body>
        <a class="skip" href="#main">${t('site.skip')}</a>
        <header class="top">
          <div class="wrap bar">
            <a class="brand" href="${BASE}/"
              ><span>${t('site.short')}</span><small>${c.tenant.name}</small></a
            >
            <a
              class="lang"
              href="${switchUrl(c.url, other)}"
              lang="${other}"
              hreflang="${other}"
              aria-label="${t('site.langLabel')}"
              >${t('site.lang')}</a
            >
          </div>
          <nav aria-label="${t('site.nav')}">
            <ul class="wrap">
              ${NAV.map(
                (n) =>
                  h`<li>
                    <a
                      href="${n.href}"
                      ${path === n.href || (n.href !== `${BASE}/` && path.startsWith(n.href)) ? h` aria-current="page"` : ''}
                      >${t(n.key)}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1"><div class="wrap">${body}</div></main>
        <footer>
          <div class="wrap">
            <p>${t('site.hotline', { hotline: c.tenant.hotline })}</p>
            <p>${t('site.footer')}</p>
          </div>
        </footer>
      </body>
    </html>`;
}

// ---------------------------------------------------------------------------- home

const pick = (lang: Lang, vi: string | null, en: string | null) =>
  (lang === 'en' && en ? en : vi) ?? '';

function publishedCard(c: PageContext, p: PublishedItem): Html {
  const field = pick(c.lang, p.field_name, p.field_name_en);
  const agency = pick(c.lang, p.agency_name, p.agency_name_en);
  return h`<li class="card">
    <h3><a href="${BASE}/tra-loi/${p.ticket_id}">${p.title}</a></h3>
    <p class="meta">
      ${[field, agency].filter(Boolean).join(' · ')} · ${c.t('answers.received')}
      ${formatDate(p.received_at, c.lang)}
    </p>
    <p>${excerpt(p.question, 200)}</p>
  </li>`;
}

function excerpt(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return [...flat].length > n ? `${[...flat].slice(0, n - 1).join('')}…` : flat;
}

export function homePage(c: PageContext, recent: PublishedItem[]): Html {
  const { t } = c;
  return layout(
    c,
    t('nav.home'),
    h`<section class="hero" aria-labelledby="h1">
        <h1 id="h1">${t('home.title')}</h1>
        <p>${t('home.intro')}</p>
        <p class="actions">
          <a class="button primary" href="${BASE}/gui-phan-anh">${t('home.submit')}</a>
          <a class="button" href="${BASE}/tra-cuu">${t('home.track')}</a>
        </p>
      </section>
      <section aria-labelledby="kbh">
        <h2 id="kbh">${t('home.kbTitle')}</h2>
        ${kbSearchForm(c, '')}
      </section>
      <section aria-labelledby="rh">
        <h2 id="rh">${t('home.recent')}</h2>
        ${
          recent.length
            ? h`<ul class="cards">
                ${recent.map((p) => publishedCard(c, p))}
              </ul>`
            : h`<p>${t('home.none')}</p>`
        }
        <p><a href="${BASE}/tra-loi">${t('nav.answers')} →</a></p>
      </section>
      <aside class="note" aria-label="113 / 114 / 115"><p>${t('home.outOfScope')}</p></aside>`,
  );
}

// ---------------------------------------------------------------------------- forms

function errorSummary(c: PageContext, problems: Problem[]): Html {
  if (!problems.length) return h``;
  return h`<div class="errors" role="alert" tabindex="-1" id="errors">
    <h2>${c.t('submit.errorsTitle')}</h2>
    <ul>
      ${problems.map((p) => h`<li><a href="#f-${p.field}">${c.t(p.key, p.params)}</a></li>`)}
    </ul>
  </div>`;
}

function fieldError(c: PageContext, problems: Problem[], name: string): Html {
  const p = problems.find((x) => x.field === name);
  return p ? h`<p class="err" id="e-${name}">${c.t(p.key, p.params)}</p>` : h``;
}

function described(problems: Problem[], name: string, hint?: string): Html {
  const ids = [hint, problems.some((p) => p.field === name) ? `e-${name}` : undefined].filter(
    Boolean,
  );
  return h`${ids.length ? h` aria-describedby="${ids.join(' ')}"` : ''}${problems.some((p) => p.field === name) ? h` aria-invalid="true"` : ''}`;
}

function input(
  c: PageContext,
  o: {
    name: string;
    label: string;
    value: string;
    problems: Problem[];
    type?: string;
    required?: boolean;
    autocomplete?: string;
    hint?: string;
    max?: number;
    inputmode?: string;
  },
): Html {
  const hintId = o.hint ? `h-${o.name}` : undefined;
  return h`<div class="field">
    <label for="f-${o.name}">${o.label}</label>
    ${o.hint ? h`<p class="hint" id="${hintId}">${o.hint}</p>` : ''}
    ${fieldError(c, o.problems, o.name)}
    <input
      id="f-${o.name}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      value="${o.value}"
      ${o.required ? h` required` : ''}${o.autocomplete ? h` autocomplete="${o.autocomplete}"` : ''}${o.max ? h` maxlength="${o.max}"` : ''}${o.inputmode ? h` inputmode="${o.inputmode}"` : ''}${described(o.problems, o.name, hintId)}
    />
  </div>`;
}

export function submitPage(
  c: PageContext,
  o: FormOptions,
  s: { form: Record<string, string>; problems: Problem[]; challenge: string; status?: number },
): Html {
  const { t, lang } = c;
  const f = s.form;
  const p = s.problems;
  const v = (k: string) => f[k] ?? '';
  const scheme = v('scheme') === 'old' ? 'old' : 'new';
  const groups = new Map<string, FormOptions['fields']>();
  for (const fi of o.fields) {
    const g = pick(lang, fi.group_name, fi.group_name_en);
    groups.set(g, [...(groups.get(g) ?? []), fi]);
  }
  return layout(
    c,
    t('submit.title'),
    h`<h1>${t('submit.title')}</h1>
      <p>${t('submit.intro')}</p>
      ${errorSummary(c, p)}
      <form
        method="post"
        action="${BASE}/gui-phan-anh"
        enctype="multipart/form-data"
        class="form"
        id="submit-form"
        novalidate
      >
        <input type="hidden" name="challenge" value="${s.challenge}" />
        <input type="hidden" name="solution" value="" />
        <fieldset>
          <legend>${t('submit.who')}</legend>
          ${input(c, { name: 'name', label: t('submit.name'), value: v('name'), problems: p, required: true, autocomplete: 'name', max: 200 })}
          <p class="hint" id="h-contact">${t('submit.contactHint')}</p>
          ${input(c, { name: 'phone', label: t('submit.phone'), value: v('phone'), problems: p, type: 'tel', autocomplete: 'tel', inputmode: 'tel', max: 20 })}
          ${input(c, { name: 'email', label: t('submit.email'), value: v('email'), problems: p, type: 'email', autocomplete: 'email', max: 200 })}
          ${input(c, { name: 'address', label: t('submit.address'), value: v('address'), problems: p, required: true, autocomplete: 'street-address', max: 500 })}
        </fieldset>
        <fieldset>
          <legend>${t('submit.what')}</legend>
          <div class="field">
            <label for="f-field">${t('submit.field')}</label>
            ${fieldError(c, p, 'field')}
            <select id="f-field" name="field" required${described(p, 'field')}>
              <option value="">${t('submit.fieldChoose')}</option>
              ${[...groups].map(
                ([g, list]) =>
                  h`<optgroup label="${g}">
                    ${list.map((fi) => h`<option value="${fi.id}" ${v('field') === fi.id ? h` selected` : ''}>${pick(lang, fi.name, fi.name_en)}</option>`)}
                  </optgroup>`,
              )}
            </select>
          </div>
          ${input(c, { name: 'subject', label: t('submit.subject'), value: v('subject'), problems: p, max: 300 })}
          <div class="field">
            <label for="f-content">${t('submit.content')}</label>
            <p class="hint" id="h-content">
              ${t('submit.contentHint', { min: CONTENT_MIN, max: CONTENT_MAX })}
            </p>
            ${fieldError(c, p, 'content')}
            <textarea
              id="f-content"
              name="content"
              rows="7"
              required
              maxlength="${CONTENT_MAX}"
              ${described(p, 'content', 'h-content')}
            >
${v('content')}</textarea>
          </div>
        </fieldset>
        <fieldset class="where">
          <legend>${t('submit.where')}</legend>
          <fieldset class="scheme">
            <legend>${t('submit.scheme')}</legend>
            <label class="check"
              ><input
                type="radio"
                name="scheme"
                value="new"
                id="f-scheme"
                ${scheme === 'new' ? h` checked` : ''}
              />
              ${t('submit.schemeNew')}</label
            >
            <label class="check"
              ><input
                type="radio"
                name="scheme"
                value="old"
                ${scheme === 'old' ? h` checked` : ''}
              />
              ${t('submit.schemeOld')}</label
            >
          </fieldset>
          <p class="fixed">
            <span>${t('submit.province')}:</span>
            <strong>${o.province?.name ?? c.tenant.name}</strong>
          </p>
          <div class="field" data-scheme="new">
            <label for="f-unit_new">${t('submit.unitNew')}</label>
            ${fieldError(c, p, 'unit_new')}
            <select id="f-unit_new" name="unit_new" ${described(p, 'unit_new')}>
              <option value="">${t('submit.unitChoose')}</option>
              ${o.current.map((u) => h`<option value="${u.id}" ${v('unit_new') === u.id ? h` selected` : ''}>${u.name}</option>`)}
            </select>
          </div>
          <div class="field" data-scheme="old">
            <label for="f-district">${t('submit.district')}</label>
            ${fieldError(c, p, 'district')}
            <select id="f-district" name="district" ${described(p, 'district')}>
              <option value="">${t('submit.unitChoose')}</option>
              ${o.districts.map((d) => h`<option value="${d.id}" ${v('district') === d.id ? h` selected` : ''}>${d.name}</option>`)}
            </select>
          </div>
          <div class="field" data-scheme="old">
            <label for="f-unit_old">${t('submit.unitOld')}</label>
            ${fieldError(c, p, 'unit_old')}
            <select id="f-unit_old" name="unit_old" ${described(p, 'unit_old')}>
              <option value="">${t('submit.unitChoose')}</option>
              ${o.districts.map(
                (d) =>
                  h`<optgroup label="${d.name}" data-district="${d.id}">
                    ${d.communes.map((u) => h`<option value="${u.id}" ${v('unit_old') === u.id ? h` selected` : ''}>${u.name}</option>`)}
                  </optgroup>`,
              )}
            </select>
          </div>
          ${input(c, { name: 'place', label: t('submit.place'), value: v('place'), problems: p, max: 300 })}
        </fieldset>
        <fieldset>
          <legend>${t('submit.files')}</legend>
          <div class="field">
            <label for="f-files">${t('submit.files')}</label>
            <p class="hint" id="h-files">
              ${t('submit.filesHint', { count: FILES_MAX, size: FILE_MAX_MB })}
            </p>
            ${fieldError(c, p, 'files')}
            <input
              id="f-files"
              name="files"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,image/heic,application/pdf"
              ${described(p, 'files', 'h-files')}
            />
          </div>
          <div class="field">
            <label for="f-photo">${t('submit.photo')}</label>
            <input id="f-photo" name="files" type="file" accept="image/*" capture="environment" />
          </div>
        </fieldset>
        <fieldset>
          <legend>${t('submit.privacy')}</legend>
          <label class="check"
            ><input
              type="checkbox"
              name="confidential"
              value="1"
              id="f-confidential"
              ${v('confidential') === '1' ? h` checked` : ''}
            />
            ${t('submit.confidential')}</label
          >
          <label class="check"
            ><input
              type="checkbox"
              name="consent"
              value="1"
              id="f-consent"
              ${v('consent') === '1' ? h` checked` : ''}
            />
            ${t('submit.consent')}</label
          >
        </fieldset>
        <noscript><p class="note">${t('submit.noscript')}</p></noscript>
        <p
          class="status"
          id="pow-status"
          role="status"
          aria-live="polite"
          data-working="${t('submit.working')}"
          data-ready="${t('submit.ready')}"
        ></p>
        ${fieldError(c, p, 'send')}
        <p><button type="submit" class="button primary" id="f-send">${t('submit.send')}</button></p>
      </form>`,
  );
}

export function trackPage(
  c: PageContext,
  s: { code: string; contact: string; error?: MessageKey },
): Html {
  const { t } = c;
  const problems: Problem[] = s.error ? [{ field: 'code', key: s.error }] : [];
  return layout(
    c,
    t('track.title'),
    h`<h1>${t('track.title')}</h1>
      <p>${t('track.intro')}</p>
      ${s.error ? h`<div class="errors" role="alert" tabindex="-1" id="errors"><p>${t(s.error)}</p></div>` : ''}
      <form method="post" action="${BASE}/tra-cuu" class="form narrow">
        ${input(c, { name: 'code', label: t('track.code'), value: s.code, problems, required: true, autocomplete: 'off', max: 40 })}
        ${input(c, { name: 'contact', label: t('track.contact'), value: s.contact, problems: [], required: true, autocomplete: 'tel', max: 200 })}
        <p><button type="submit" class="button primary">${t('track.go')}</button></p>
      </form>`,
  );
}

// ---------------------------------------------------------------------------- ticket

const PROCESSING = new Set([
  'coordinating',
  'forwarded',
  'in_progress',
  'verifying',
  'pending_approval',
  'agency_answered',
]);

export function publicStatus(status: string): MessageKey {
  if (PROCESSING.has(status)) return 'status.processing';
  return `status.${status}` as MessageKey;
}

/** A subject worth showing: one the citizen wrote, not the content's first line cut short. */
function ownSubject(subject: string, content: string) {
  return !content.startsWith(subject.replace(/…$/, ''));
}

export function ticketPage(
  c: PageContext,
  v: TicketView,
  s: {
    token: string;
    ack?: string | undefined;
    notice?: MessageKey | undefined;
    error?: { form: 'rate' | 'reopen'; key: MessageKey } | undefined;
    form?: Record<string, string>;
  },
): Html {
  const { t, lang } = c;
  const tk = v.ticket;
  const answered = tk.status === 'answered' || tk.status === 'closed';
  const field = pick(lang, tk.field_name, tk.field_name_en);
  const agency = pick(lang, tk.agency_name, tk.agency_name_en);
  const f = s.form ?? {};
  const err = (form: 'rate' | 'reopen') =>
    s.error?.form === form
      ? h`<p class="err" role="alert" id="e-${form}">${t(s.error.key)}</p>`
      : h``;
  return layout(
    c,
    s.ack ? t('done.title') : t('ticket.title', { code: tk.code }),
    h`${
      s.ack
        ? h`<section class="done" aria-labelledby="h1">
              <h1 id="h1">${t('done.title')}</h1>
              <p>${t('done.code')}: <strong class="code" id="ticket-code">${tk.code}</strong></p>
              <p class="ack">${s.ack}</p>
              <p>${t('done.keep')}</p>
            </section>`
        : h`<h1 id="h1">${t('ticket.title', { code: tk.code })}</h1>`
    }
      ${s.notice ? h`<p class="notice" role="status">${t(s.notice)}</p>` : ''}
      <dl class="facts">
        <dt>${t('ticket.status')}</dt>
        <dd><strong id="ticket-status">${t(publicStatus(tk.status))}</strong></dd>
        <dt>${t('ticket.received')}</dt>
        <dd>${formatDate(tk.created_at, lang)}</dd>
        ${
          field
            ? h`<dt>${t('ticket.field')}</dt>
                <dd>${field}</dd>`
            : ''
        }
        ${
          agency
            ? h`<dt>${t('ticket.agency')}</dt>
                <dd>${agency}</dd>`
            : ''
        }
        ${
          tk.answered_at && answered
            ? h`<dt>${t('ticket.answeredAt')}</dt>
                <dd>${formatDate(tk.answered_at, lang)}</dd>`
            : ''
        }
      </dl>
      ${tk.reopen_count ? h`<p>${t('ticket.reopened', { count: tk.reopen_count })}</p>` : ''}
      <section aria-labelledby="hq">
        <h2 id="hq">${t('ticket.content')}</h2>
        ${ownSubject(tk.subject, tk.content) ? h`<p><strong>${tk.subject}</strong></p>` : ''}
        ${paragraphs(tk.content)}
      </section>
      ${
        tk.status === 'rejected'
          ? h`<section aria-labelledby="hr">
              <h2 id="hr">${t('ticket.rejectReason')}</h2>
              ${paragraphs(tk.reject_reason ?? '')}
              ${
                tk.reject_guidance
                  ? h`<h3>${t('ticket.guidance')}</h3>
                      ${paragraphs(tk.reject_guidance)}`
                  : ''
              }
            </section>`
          : ''
      }
      ${
        answered && tk.answer
          ? h`<section aria-labelledby="ha" class="answer">
              <h2 id="ha">${t('ticket.answer')}</h2>
              ${paragraphs(tk.answer)}
            </section>`
          : ''
      }
      ${
        answered
          ? h`<section aria-labelledby="hs">
                <h2 id="hs">${t('rate.title')}</h2>
                ${
                  v.rating
                    ? h`<p>${t('rate.done', { rating: v.rating.rating })}</p>`
                    : h`<form method="post" action="${BASE}/phieu/danh-gia" class="form">
                        <input type="hidden" name="t" value="${s.token}" />
                        ${err('rate')}
                        <fieldset class="stars">
                          <legend>${t('rate.legend')}</legend>
                          ${[5, 4, 3, 2, 1].map((n) => h`<label class="check"><input type="radio" name="rating" value="${n}" ${f.rating === String(n) ? h` checked` : ''} required /> ${n} — ${t(`rate.${n}` as MessageKey)}</label>`)}
                        </fieldset>
                        <div class="field">
                          <label for="f-comment">${t('rate.comment')}</label>
                          <textarea id="f-comment" name="comment" rows="3" maxlength="2000">
${f.comment ?? ''}</textarea>
                        </div>
                        <p>
                          <button type="submit" class="button primary">${t('rate.send')}</button>
                        </p>
                      </form>`
                }
              </section>
              <section aria-labelledby="hro">
                <h2 id="hro">${t('reopen.title')}</h2>
                <form method="post" action="${BASE}/phieu/mo-lai" class="form">
                  <input type="hidden" name="t" value="${s.token}" />
                  ${err('reopen')}
                  <div class="field">
                    <label for="f-reason">${t('reopen.reason')}</label>
                    <textarea
                      id="f-reason"
                      name="reason"
                      rows="3"
                      required
                      minlength="10"
                      maxlength="2000"
                      ${s.error?.form === 'reopen' ? h` aria-invalid="true" aria-describedby="e-reopen"` : ''}
                    >
${f.reason ?? ''}</textarea>
                  </div>
                  <p><button type="submit" class="button">${t('reopen.send')}</button></p>
                </form>
              </section>`
          : ''
      }`,
  );
}

// ---------------------------------------------------------------------------- answers

export function answersPage(
  c: PageContext,
  q: AnswersFilter,
  opts: {
    fields: { id: string; name: string; name_en: string }[];
    agencies: { id: string; name: string; name_en: string }[];
  },
  result: { rows: PublishedItem[]; total: number; pageSize: number },
): Html {
  const { t, lang } = c;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = (page: number) => {
    const u = new URLSearchParams();
    for (const k of ['q', 'field', 'agency', 'from', 'to'] as const) if (q[k]) u.set(k, q[k]);
    u.set('page', String(page));
    return `${BASE}/tra-loi?${u.toString()}`;
  };
  return layout(
    c,
    t('answers.title'),
    h`<h1>${t('answers.title')}</h1>
      <form
        method="get"
        action="${BASE}/tra-loi"
        class="form filters"
        role="search"
        aria-label="${t('answers.filter')}"
      >
        <div class="field">
          <label for="f-q">${t('answers.q')}</label
          ><input id="f-q" name="q" type="search" value="${q.q}" maxlength="200" />
        </div>
        <div class="field">
          <label for="f-afield">${t('answers.field')}</label
          ><select id="f-afield" name="field">
            <option value="">${t('answers.all')}</option>
            ${opts.fields.map((f) => h`<option value="${f.id}" ${q.field === f.id ? h` selected` : ''}>${pick(lang, f.name, f.name_en)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="f-agency">${t('answers.agency')}</label
          ><select id="f-agency" name="agency">
            <option value="">${t('answers.all')}</option>
            ${opts.agencies.map((a) => h`<option value="${a.id}" ${q.agency === a.id ? h` selected` : ''}>${pick(lang, a.name, a.name_en)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="f-from">${t('answers.from')}</label
          ><input id="f-from" name="from" type="date" value="${q.from}" />
        </div>
        <div class="field">
          <label for="f-to">${t('answers.to')}</label
          ><input id="f-to" name="to" type="date" value="${q.to}" />
        </div>
        <p><button type="submit" class="button">${t('answers.go')}</button></p>
      </form>
      <p role="status">${t('answers.count', { count: result.total })}</p>
      ${
        result.rows.length
          ? h`<ul class="cards">
              ${result.rows.map((p) => publishedCard(c, p))}
            </ul>`
          : h`<p>${t('answers.none')}</p>`
      }
      ${
        pages > 1
          ? h`<nav class="pager" aria-label="${t('answers.page', { page: q.page })}">
              ${q.page > 1 ? h`<a href="${link(q.page - 1)}" rel="prev">${t('answers.prev')}</a>` : ''}
              <span>${t('answers.page', { page: q.page })} / ${pages}</span>
              ${q.page < pages ? h`<a href="${link(q.page + 1)}" rel="next">${t('answers.next')}</a>` : ''}
            </nav>`
          : ''
      }`,
  );
}

export function answerPage(c: PageContext, p: PublishedItem & { answer: string }): Html {
  const { t, lang } = c;
  const field = pick(lang, p.field_name, p.field_name_en);
  const agency = pick(lang, p.agency_name, p.agency_name_en);
  return layout(
    c,
    p.title,
    h`<article>
        <h1>${p.title}</h1>
        <dl class="facts">
          ${
            field
              ? h`<dt>${t('answers.field')}</dt>
                  <dd>${field}</dd>`
              : ''
          }
          ${
            agency
              ? h`<dt>${t('answers.agency')}</dt>
                  <dd>${agency}</dd>`
              : ''
          }
          <dt>${t('answers.received')}</dt>
          <dd>${formatDate(p.received_at, lang)}</dd>
          ${
            p.answered_at
              ? h`<dt>${t('answers.answered')}</dt>
                  <dd>${formatDate(p.answered_at, lang)}</dd>`
              : ''
          }
        </dl>
        <section aria-labelledby="hq">
          <h2 id="hq">${t('answers.question')}</h2>
          ${paragraphs(p.question)}
        </section>
        <section aria-labelledby="ha" class="answer">
          <h2 id="ha">${t('answers.answer')}</h2>
          ${paragraphs(p.answer)}
        </section>
      </article>
      <p><a href="${BASE}/tra-loi">← ${t('nav.answers')}</a></p>`,
  );
}

// ---------------------------------------------------------------------------- knowledge base

function kbSearchForm(c: PageContext, q: string): Html {
  const { t } = c;
  return h`<form method="get" action="${BASE}/hoi-dap" class="form search" role="search">
    <div class="field">
      <label for="f-kq">${t('kb.search')}</label>
      <p class="hint" id="h-kq">${t('kb.hint')}</p>
      <div class="inline">
        <input
          id="f-kq"
          name="q"
          type="search"
          value="${q}"
          maxlength="300"
          aria-describedby="h-kq"
        />
        <button type="submit" class="button">${t('kb.go')}</button>
      </div>
    </div>
  </form>`;
}

export function kbPage(c: PageContext, q: string, items: KbListItem[], searched: boolean): Html {
  const { t } = c;
  return layout(
    c,
    t('kb.title'),
    h`<h1>${t('kb.title')}</h1>
      ${kbSearchForm(c, q)} ${searched ? '' : h`<h2>${t('kb.recent')}</h2>`}
      ${
        items.length
          ? h`<ul class="cards">
              ${items.map(
                (a) =>
                  h`<li class="card">
                    <h3><a href="${BASE}/hoi-dap/${a.id}">${a.title}</a></h3>
                    <p class="meta">
                      ${t(`kb.kind.${a.kind}` as MessageKey)}${a.code ? h` · ${a.code}` : ''}
                    </p>
                    <p>${a.snippet}</p>
                  </li>`,
              )}
            </ul>`
          : h`<p>${t('kb.none')} <a href="${BASE}/gui-phan-anh">${t('nav.submit')}</a></p>`
      }`,
  );
}

const LEVELS: Record<string, [string, string]> = {
  central: ['Trung ương', 'Central'],
  province: ['Cấp tỉnh', 'Province'],
  district: ['Cấp huyện', 'District'],
  commune: ['Cấp xã', 'Commune'],
  other: ['Khác', 'Other'],
};

export function kbArticlePage(c: PageContext, a: KbArticleView): Html {
  const { t, lang } = c;
  const p = a.procedure;
  const list = (xs: string[]) =>
    h`<ol>
      ${xs.map((x) => h`<li>${x}</li>`)}
    </ol>`;
  const safeUrl = a.sourceUrl && /^https?:\/\//i.test(a.sourceUrl) ? a.sourceUrl : null;
  return layout(
    c,
    a.title,
    h`<article>
        <p class="meta">
          ${t(`kb.kind.${a.kind}` as MessageKey)}${a.code ? h` · ${t('kb.code')} ${a.code}` : ''}
        </p>
        <h1>${a.title}</h1>
        ${a.summary ? h`<p class="lead">${a.summary}</p>` : ''}
        ${
          p
            ? h`<dl class="facts">
                  <dt>${t('kb.level')}</dt>
                  <dd>${(LEVELS[p.level] ?? [p.level, p.level])[lang === 'en' ? 1 : 0]}</dd>
                  <dt>${t('kb.agency')}</dt>
                  <dd>${p.implementingAgency}</dd>
                  <dt>${t('kb.time')}</dt>
                  <dd>${p.processingTime}</dd>
                  <dt>${t('kb.fees')}</dt>
                  <dd>${p.fees}</dd>
                </dl>
                ${
                  p.steps.length
                    ? h`<h2>${t('kb.steps')}</h2>
                        ${list(p.steps)}`
                    : ''
                }
                ${
                  p.dossier.length
                    ? h`<h2>${t('kb.dossier')}</h2>
                        ${list(p.dossier)}`
                    : ''
                }
                ${
                  p.legalBasis.length
                    ? h`<h2>${t('kb.legal')}</h2>
                        <ul>
                          ${p.legalBasis.map((x) => h`<li>${x}</li>`)}
                        </ul>`
                    : ''
                }`
            : ''
        }
        ${a.body ? paragraphs(a.body) : ''}
        <p class="meta">
          ${a.agencyName ?? ''} · ${t('kb.updated')}
          ${formatDate(a.updatedAt, lang)}${safeUrl ? h` · <a href="${safeUrl}" rel="noopener noreferrer">${t('kb.source')}</a>` : ''}
        </p>
      </article>
      <p><a href="${BASE}/hoi-dap">← ${t('nav.kb')}</a></p>`,
  );
}

// ---------------------------------------------------------------------------- agencies

export function agenciesPage(c: PageContext, rows: AgencyFigure[], at: Date): Html {
  const { t, lang } = c;
  const pct = (a: AgencyFigure) =>
    a.answered ? `${Math.round((a.onTime / a.answered) * 100)}%` : t('agencies.na');
  const num = (n: number) =>
    n.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 });
  return layout(
    c,
    t('agencies.title'),
    h`<h1>${t('agencies.title')}</h1>
      <p>${t('agencies.intro')}</p>
      <div class="table-wrap" role="region" aria-labelledby="cap" tabindex="0">
        <table>
          <caption id="cap">
            ${t('agencies.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('agencies.name')}</th>
              <th scope="col">${t('agencies.answered')}</th>
              <th scope="col">${t('agencies.onTime')}</th>
              <th scope="col">${t('agencies.open')}</th>
              <th scope="col">${t('agencies.satisfaction')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (a) =>
                h`<tr>
                  <th scope="row">${pick(lang, a.name, a.nameEn)}</th>
                  <td>${a.answered}</td>
                  <td>${pct(a)}</td>
                  <td>${a.open}</td>
                  <td>
                    ${a.satisfaction === null ? t('agencies.na') : h`${num(a.satisfaction)} <small>(${t('agencies.ratings', { count: a.ratings })})</small>`}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="meta">${t('agencies.asOf', { time: formatTime(at, lang) })}</p>`,
  );
}

// ---------------------------------------------------------------------------- errors

export function errorPage(
  c: PageContext,
  key: MessageKey,
  params: Record<string, string | number> = {},
): Html {
  const { t } = c;
  return layout(
    c,
    t('err.title'),
    h`<h1>${t('err.title')}</h1>
      <div class="errors" role="alert"><p>${t(key, params)}</p></div>
      <p><a href="${BASE}/">${t('err.back')}</a></p>`,
  );
}

export function offlinePage(c: PageContext): Html {
  const { t } = c;
  return layout(
    c,
    t('offline.title'),
    h`<h1>${t('offline.title')}</h1>
      <p>${t('offline.body')}</p>`,
  );
}
