/**
 * The live-chat widget (R-CH-5): one script any page embeds with
 * `<script src="https://…/chat/widget.js" defer></script>`. Vanilla TypeScript, no framework,
 * built by esbuild on the server (src/modules/chat/chat.widget.ts) into one small file.
 *
 * Options on the script tag: `data-tenant` (the tenant's code, when a server holds several),
 * `data-lang` (`vi` default, `en`), `data-kb-url` (a link to a knowledge-base article, `{id}`
 * replaced, e.g. "/cong-dan/kien-thuc/{id}").
 *
 * It talks to `/chat/ws` (see chat.routes.ts): every message gets a client id and stays in
 * `pending` until the server acknowledges it (stored); after a reconnect the widget resumes
 * the conversation by its token, fetches what it missed and resends what was not acknowledged.
 * The token lives in sessionStorage, so a reload of the page keeps the conversation.
 */

import type {
  ChatMessage as Message,
  ChatSuggestion as Suggestion,
  VisitorConversation as Conversation,
  VisitorFrameInput,
  VisitorServerFrame as Frame,
} from '../../../src/contract/chat.ts';

const T = {
  vi: {
    open: 'Trò chuyện với Tổng đài 1022',
    title: 'Hỏi đáp trực tuyến 1022',
    close: 'Đóng khung trò chuyện',
    intro: 'Vui lòng cho biết họ tên và số điện thoại hoặc email để tổng đài liên hệ lại khi cần.',
    name: 'Họ và tên',
    phone: 'Số điện thoại',
    email: 'Email',
    start: 'Bắt đầu',
    needContact: 'Cần nhập họ tên và số điện thoại hoặc email.',
    message: 'Nội dung tin nhắn',
    send: 'Gửi',
    handoff: 'Gặp tổng đài viên',
    end: 'Kết thúc',
    you: 'Bạn',
    bot: 'Trợ lý tự động',
    operator: 'Tổng đài viên',
    system: 'Thông báo',
    sending: 'đang gửi…',
    offline: 'Mất kết nối, đang kết nối lại…',
    code: 'Mã phiếu của Quý khách:',
    ended: 'Cuộc trò chuyện đã kết thúc.',
    newChat: 'Bắt đầu cuộc trò chuyện mới',
    log: 'Các tin nhắn',
  },
  en: {
    open: 'Chat with the 1022 hotline',
    title: '1022 live chat',
    close: 'Close the chat',
    intro: 'Please give your name and a phone number or email so that we can contact you.',
    name: 'Full name',
    phone: 'Phone number',
    email: 'Email',
    start: 'Start',
    needContact: 'Enter your name and a phone number or an email.',
    message: 'Message',
    send: 'Send',
    handoff: 'Talk to an operator',
    end: 'End chat',
    you: 'You',
    bot: 'Automatic assistant',
    operator: 'Operator',
    system: 'Notice',
    sending: 'sending…',
    offline: 'Connection lost, reconnecting…',
    code: 'Your request number:',
    ended: 'The conversation has ended.',
    newChat: 'Start a new conversation',
    log: 'Messages',
  },
};

const me = document.currentScript as HTMLScriptElement | null;
const base = new URL(me?.src ?? '/chat/widget.js', location.href);
const lang: 'vi' | 'en' = (me?.dataset.lang ?? document.documentElement.lang).startsWith('en')
  ? 'en'
  : 'vi';
const t = T[lang];
const tenant = me?.dataset.tenant;
const kbUrl = me?.dataset.kbUrl;
const KEY = 'o1022-chat';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('aria-') || k.startsWith('data-') || k === 'role' || k === 'for')
      e.setAttribute(k, String(v));
    else (e as unknown as Record<string, unknown>)[k] = v;
  }
  e.append(...children);
  return e;
}

const css = el('link', { rel: 'stylesheet', href: new URL('widget.css', base).href });
document.head.append(css);

const launcher = el(
  'button',
  { type: 'button', className: 'o1022c-launch', 'aria-expanded': 'false' },
  t.open,
);
const heading = el('h2', { id: 'o1022c-title' }, t.title);
const closeBtn = el(
  'button',
  { type: 'button', className: 'o1022c-x', 'aria-label': t.close },
  '×',
);
const statusLine = el('p', { className: 'o1022c-status', role: 'status' });
const log = el('ol', {
  className: 'o1022c-log',
  role: 'log',
  'aria-live': 'polite',
  'aria-label': t.log,
});
const body = el('div', { className: 'o1022c-body' });
const panel = el(
  'div',
  {
    className: 'o1022c-panel',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'o1022c-title',
    hidden: true,
  },
  el('div', { className: 'o1022c-head' }, heading, closeBtn),
  statusLine,
  body,
);
const root = el('div', { className: 'o1022c' }, launcher, panel);
document.body.append(root);

// ---- focus: the panel traps Tab, Escape returns to the launcher
function focusables(): HTMLElement[] {
  return [...panel.querySelectorAll<HTMLElement>('button, input, textarea, a[href]')].filter(
    (x) => !x.hasAttribute('disabled') && x.offsetParent !== null,
  );
}
panel.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') return toggle(false);
  if (e.key !== 'Tab') return;
  const f = focusables();
  const first = f[0];
  const last = f[f.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
});
function toggle(open: boolean) {
  panel.hidden = !open;
  launcher.setAttribute('aria-expanded', String(open));
  if (open) {
    (focusables()[1] ?? closeBtn).focus();
    if (token && !ws) connect();
  } else launcher.focus();
}
launcher.addEventListener('click', () => toggle(!!panel.hidden));
closeBtn.addEventListener('click', () => toggle(false));

// ---- state
let token: string | null = sessionStorage.getItem(KEY);
let ws: WebSocket | null = null;
let lastSeq = 0;
let conv: Conversation | null = null;
let retry = 0;
/** Sent but not acknowledged (stored) yet: resent after a reconnect. */
const pending = new Map<string, { body: string; li: HTMLLIElement }>();
const shown = new Set<number>();
let startFrame: VisitorFrameInput | null = null;

const newId = () =>
  [...crypto.getRandomValues(new Uint8Array(12))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

function frame(f: VisitorFrameInput) {
  if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(f));
}

function connect() {
  const url = new URL('ws', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const s = new WebSocket(url);
  ws = s;
  s.onopen = () => {
    retry = 0;
    statusLine.textContent = '';
    if (token) frame({ type: 'resume', token, after: lastSeq });
    else if (startFrame) frame(startFrame);
  };
  s.onmessage = (e) => receive(JSON.parse(String(e.data)) as Frame);
  s.onclose = () => {
    if (ws !== s) return;
    ws = null;
    if (conv && (conv.status === 'closed' || conv.status === 'ticket')) return;
    statusLine.textContent = t.offline;
    // Backoff up to 10 s, with jitter so a restarted server is not hit all at once.
    const wait = Math.min(10_000, 500 * 2 ** retry++) * (0.5 + Math.random() / 2);
    setTimeout(connect, wait);
  };
}

function receive(f: Frame) {
  switch (f.type) {
    case 'session':
      if (f.token) {
        token = f.token;
        sessionStorage.setItem(KEY, f.token);
      }
      showChat();
      setConv(f.conversation);
      for (const m of f.messages) show(m);
      for (const [clientId, p] of pending) frame({ type: 'send', clientId, body: p.body });
      return;
    case 'ack': {
      // Stored: its echo (same seq) is not shown twice. lastSeq moves only with events, so
      // that a resume still fetches anything that arrived while this ack was in flight.
      shown.add(f.seq);
      const p = pending.get(f.clientId);
      pending.delete(f.clientId);
      p?.li.classList.remove('o1022c-pending');
      p?.li.querySelector('.o1022c-note')?.remove();
      return;
    }
    case 'chat.message':
      return show(f.data);
    case 'chat.status':
      if (conv) setConv({ ...conv, status: f.data.status, ticketCode: f.data.ticketCode });
      return;
    case 'error': {
      if (f.code === 'chat_not_found') {
        token = null;
        sessionStorage.removeItem(KEY);
        return showForm();
      }
      const p = f.clientId ? pending.get(f.clientId) : undefined;
      if (p && f.clientId) {
        pending.delete(f.clientId);
        p.li.remove();
        input.value = p.body;
      }
      const err = formError.isConnected ? formError : statusLine;
      err.textContent = f.message;
      return;
    }
  }
}

// ---- start form
const formError = el('p', { className: 'o1022c-error', id: 'o1022c-err', role: 'alert' });
function field(label: string, type: string, autocomplete: AutoFill) {
  const id = `o1022c-${autocomplete}`;
  const input = el('input', { id, type, autocomplete, 'aria-describedby': 'o1022c-err' });
  return [el('label', { for: id }, label), input] as const;
}
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function showForm() {
  const [nl, name] = field(t.name, 'text', 'name');
  const [pl, phone] = field(t.phone, 'tel', 'tel');
  const [el_, email] = field(t.email, 'email', 'email');
  const form = el(
    'form',
    { className: 'o1022c-form' },
    el('p', {}, t.intro),
    nl,
    name,
    pl,
    phone,
    el_,
    email,
    formError,
    el('button', { type: 'submit' }, t.start),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!name.value.trim() || !(phone.value.trim() || email.value.trim())) {
      formError.textContent = t.needContact;
      name.focus();
      return;
    }
    startFrame = {
      type: 'start',
      // Our secret, chosen here: if the connection drops before the answer, the start sent
      // again finds the conversation it made rather than opening a second one.
      token: randomToken(),
      name: name.value,
      language: lang,
      ...(phone.value.trim() ? { phone: phone.value } : {}),
      ...(email.value.trim() ? { email: email.value } : {}),
      ...(tenant ? { tenant } : {}),
    };
    if (ws?.readyState === WebSocket.OPEN) frame(startFrame);
    else if (!ws) connect();
  });
  body.replaceChildren(form);
  log.replaceChildren();
  shown.clear();
  lastSeq = 0;
  conv = null;
}

// ---- conversation
const input = el('textarea', { id: 'o1022c-msg', rows: 2, maxLength: 2000 });
const sendBtn = el('button', { type: 'submit' }, t.send);
const handoffBtn = el('button', { type: 'button', className: 'o1022c-handoff' }, t.handoff);
const endBtn = el('button', { type: 'button' }, t.end);
const codeLine = el('p', { className: 'o1022c-code', role: 'status' });
const composer = el(
  'form',
  { className: 'o1022c-compose' },
  el('label', { for: 'o1022c-msg' }, t.message),
  input,
  sendBtn,
);
const actions = el('div', { className: 'o1022c-actions' }, handoffBtn, endBtn);
const restart = el('button', { type: 'button', hidden: true }, t.newChat);

composer.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  const clientId = newId();
  const li = bubble('visitor', text, []);
  li.classList.add('o1022c-pending');
  li.dataset.client = clientId;
  li.append(el('span', { className: 'o1022c-note' }, t.sending));
  pending.set(clientId, { body: text, li });
  input.value = '';
  frame({ type: 'send', clientId, body: text });
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    composer.requestSubmit();
  }
});
handoffBtn.addEventListener('click', () => frame({ type: 'handoff' }));
endBtn.addEventListener('click', () => frame({ type: 'close' }));
restart.addEventListener('click', () => {
  token = null;
  sessionStorage.removeItem(KEY);
  ws?.close();
  ws = null;
  showForm();
});

function showChat() {
  if (log.isConnected) return;
  body.replaceChildren(log, codeLine, composer, actions, restart);
}

/** The newest message in view; scrolls the log only, never the host page. */
function scrollDown() {
  log.scrollTop = log.scrollHeight;
}

function setConv(c: Conversation) {
  conv = c;
  const over = c.status === 'closed' || c.status === 'ticket';
  handoffBtn.hidden = c.status !== 'bot';
  composer.hidden = over;
  actions.hidden = over;
  restart.hidden = !over;
  codeLine.textContent = c.ticketCode ? `${t.code} ${c.ticketCode}` : over ? t.ended : '';
  scrollDown();
}

function bubble(author: Message['author'], text: string, suggestions: Suggestion[]) {
  const who = author === 'visitor' ? t.you : t[author];
  const li = el(
    'li',
    { className: `o1022c-m o1022c-${author}` },
    el('strong', {}, `${who}: `),
    text,
  );
  if (suggestions.length) {
    const ul = el('ul', { className: 'o1022c-kb' });
    for (const s of suggestions) {
      const title = kbUrl
        ? el(
            'a',
            {
              href: kbUrl.replace('{id}', encodeURIComponent(s.id)),
              target: '_blank',
              rel: 'noopener',
            },
            s.title,
          )
        : el('strong', {}, s.title);
      ul.append(el('li', {}, title, el('p', {}, s.summary)));
    }
    li.append(ul);
  }
  log.append(li);
  scrollDown();
  return li;
}

function show(m: Message) {
  if (shown.has(m.seq)) return;
  shown.add(m.seq);
  lastSeq = Math.max(lastSeq, m.seq);
  // Our own message, already on screen: its acknowledgement or its echo marks it stored.
  if (m.clientId) {
    const p = pending.get(m.clientId);
    if (p) {
      pending.delete(m.clientId);
      p.li.classList.remove('o1022c-pending');
      p.li.querySelector('.o1022c-note')?.remove();
      return;
    }
    if ([...log.querySelectorAll('li')].some((li) => li.dataset.client === m.clientId)) return;
  }
  const li = bubble(m.author, m.body, m.suggestions);
  if (m.clientId) li.dataset.client = m.clientId;
}

if (token) {
  showChat();
} else showForm();
