/**
 * The citizens' website's only script (/cong-dan/static/public.js), bundled from this file and
 * the pure core it imports by the server when it starts (src/modules/public/assets.ts).
 * Progressive enhancement: the pages work without it, except for sending a request, which
 * needs the proof-of-work answer computed here.
 * - solves the form's anti-automation challenge with the server's own check
 *   (src/core/abuse/challenge.ts) in small slices, never freezing the page;
 * - shows only the administrative-unit selects of the chosen scheme, and only the former
 *   communes of the chosen former district;
 * - moves focus to the error summary; registers the service worker (installable app).
 */
import { parseChallenge, solves } from '../../../src/core/abuse/challenge.ts';

/** Tries per slice: a few milliseconds of work between two frames. */
const SLICE = 4000;

document.documentElement.classList.add('js');

/** Counts up until a solution is found, yielding to the page between slices. */
function solve(token: string, bits: number, done: (solution: string) => void) {
  let i = 0;
  const slice = () => {
    for (const end = i + SLICE; i < end; i++) {
      const s = i.toString(36);
      if (solves(token, s, bits)) return done(s);
    }
    setTimeout(slice, 0);
  };
  slice();
}

function challengeForm(form: HTMLFormElement) {
  const token = form.elements.namedItem('challenge');
  const answer = form.elements.namedItem('solution');
  const status = document.getElementById('pow-status');
  const send = document.getElementById('f-send');
  const button = send instanceof HTMLButtonElement ? send : null;
  if (!(token instanceof HTMLInputElement) || !(answer instanceof HTMLInputElement)) return;
  const parsed = parseChallenge(token.value);
  if (!parsed) return;
  let solved = false;
  let waiting = false;
  if (status) status.textContent = status.getAttribute('data-working');
  solve(token.value, parsed.claims.bits, (s) => {
    answer.value = s;
    solved = true;
    if (status) status.textContent = status.getAttribute('data-ready');
    if (waiting) {
      if (button) button.disabled = false;
      form.submit();
    }
  });
  form.addEventListener('submit', (ev) => {
    if (solved) return;
    ev.preventDefault();
    waiting = true;
    if (button) button.disabled = true;
  });
}

function unitPicker(form: HTMLFormElement) {
  const radios = form.querySelectorAll<HTMLInputElement>('input[name="scheme"]');
  const district = form.elements.namedItem('district');
  const oldUnit = form.elements.namedItem('unit_old');
  const scheme = () => {
    let v = 'new';
    for (const r of radios) if (r.checked) v = r.value;
    for (const block of form.querySelectorAll<HTMLElement>('[data-scheme]')) {
      block.hidden = block.getAttribute('data-scheme') !== v;
    }
  };
  const communes = () => {
    if (!(district instanceof HTMLSelectElement) || !(oldUnit instanceof HTMLSelectElement)) return;
    for (const group of oldUnit.querySelectorAll('optgroup')) {
      const show = !district.value || group.getAttribute('data-district') === district.value;
      group.hidden = !show;
      group.disabled = !show;
    }
    const group = oldUnit.options[oldUnit.selectedIndex]?.parentElement;
    if (group instanceof HTMLOptGroupElement && group.disabled) oldUnit.value = '';
  };
  for (const r of radios) r.addEventListener('change', scheme);
  if (district instanceof HTMLSelectElement) district.addEventListener('change', communes);
  scheme();
  communes();
}

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('submit-form');
  if (form instanceof HTMLFormElement) {
    challengeForm(form);
    unitPicker(form);
  }
  document.getElementById('errors')?.focus();
});

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/cong-dan/sw.js', { scope: '/cong-dan/' }).catch(() => {});
  });
}
