/**
 * Parser and serializer. The "RFC 4475" cases rebuild each torture message of RFC 4475 §3.1
 * that concerns a parser (same oddity, our own addresses); the section name is the RFC's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipParseError } from './errors.ts';
import { formatNameAddr, paramValue } from './headers.ts';
import { createResponse, SipRequest, type SipMessage } from './message.ts';
import { parseMessage, SipStreamFramer } from './parser.ts';
import { serialize } from './serializer.ts';
import { formatUri, type SipUri } from './uri.ts';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

function req(msg: SipMessage): SipRequest {
  assert.equal(msg.kind, 'request');
  return msg as SipRequest;
}

function rejects(
  bytes: Buffer,
  pattern: RegExp,
  status: 400 | 505 = 400,
  label = '',
): SipParseError {
  let caught: unknown;
  try {
    parseMessage(bytes);
  } catch (err) {
    caught = err;
  }
  assert.ok(
    caught instanceof SipParseError,
    `${label}: expected a SipParseError, got ${String(caught)}`,
  );
  assert.match(caught.message, pattern, label);
  assert.equal(caught.status, status, label);
  return caught;
}

const sdp = [
  'v=0',
  'o=mhandley 29739 7272939 IN IP4 192.0.2.3',
  's=-',
  'c=IN IP4 192.0.2.4',
  't=0 0',
  'm=audio 49217 RTP/AVP 0 12',
  'm=video 3227 RTP/AVP 31',
  'a=rtpmap:31 LPC',
  '',
].join('\r\n');

test('RFC 4475 wsinv: folding, odd spacing, compact forms, escapes, unknown headers', () => {
  const text = [
    'INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0',
    'TO :',
    ' sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n',
    'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>',
    '  ;',
    '  tag = 98asjd8',
    'MaX-fOrWaRdS: 0068',
    'Call-ID: wsinv.ndaksdj@192.0.2.1',
    `Content-Length   : ${Buffer.byteLength(sdp)}`,
    'cseq: 0009',
    '  INVITE',
    'Via  : SIP  /   2.0',
    ' /UDP',
    '    192.0.2.2;branch=390skdjuw',
    's :',
    'NewFangledHeader:   newfangled value',
    ' continued newfangled value',
    'UnknownHeaderWithUnusualValue: ;;,,;;,;',
    'Content-Type: application/sdp',
    'Route:',
    ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
    'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
    '  branch  =   z9hG4bK9ikj8  ,',
    ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
    ' z9hG4bK30239',
    'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
    '      newvalue ;',
    '  secondparam ; q = 0.33',
    '',
    sdp,
  ].join('\r\n');
  const m = req(parseMessage(Buffer.from(text)));
  assert.equal(m.method, 'INVITE');
  assert.equal((m.requestUri as SipUri).params.has('unknownparam'), true);
  assert.equal(m.toTag, '1918181833n');
  assert.equal(m.from.displayName, 'J Rosenberg \\"');
  assert.equal(m.fromTag, '98asjd8');
  assert.equal(m.maxForwards, 68);
  assert.deepEqual(m.cseq, { seq: 9, method: 'INVITE' });
  assert.equal(m.get('subject'), '');
  assert.equal(m.get('newfangledheader'), 'newfangled value continued newfangled value');
  assert.equal(m.get('UnknownHeaderWithUnusualValue'), ';;,,;;,;');
  assert.equal(m.vias.length, 3);
  assert.deepEqual(
    m.vias.map((v) => [v.transport, v.host, v.params.get('branch')]),
    [
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ],
  );
  const contacts = m.contacts;
  assert.ok(contacts !== '*');
  assert.equal(contacts[0]!.displayName, 'Quoted string ""');
  assert.equal(paramValue(contacts[0]!.params, 'newparam'), 'newvalue');
  assert.equal(contacts[0]!.params.get('secondparam'), null);
  assert.equal(paramValue(contacts[0]!.params, 'q'), '0.33');
  assert.equal(
    formatUri(m.routes[0]!.uri),
    'sip:services.example.com;lr;unknownwith=value;unknown-no-value',
  );
  assert.equal(m.contentType, 'application/sdp');
  assert.equal(m.body.toString(), sdp);
});

test('RFC 4475 intmeth: unusual but legal method, tokens and Call-ID words', () => {
  const method = "!interesting-Method0123456789_*+`.%indeed'~";
  const m = req(
    parseMessage(
      crlf([
        `${method} sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0`,
        "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~",
        'To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" <sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*@example.com>',
        "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.",
        'Call-ID: intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{',
        `CSeq: 139122385 ${method}`,
        'Max-Forwards: 255',
        "extensionHeader-!.%*+_`'~:﻿大停電",
        'Content-Length: 0',
        '',
        '',
      ]),
    ),
  );
  assert.equal(m.method, method);
  assert.equal(m.cseq.method, method);
  assert.equal(m.to.displayName, 'BEL:\x07 NUL:\x00 DEL:\x7f');
  assert.equal(m.from.displayName, "token1~` token2'+_ token3*%!.-");
  assert.equal(paramValue(m.from.params, "fromparam''~+*_!.-%"), 'работающий');
  assert.equal(m.fromTag, "_token~1'+`*%!-.");
  assert.equal(m.get("extensionHeader-!.%*+_`'~"), '\ufeff大停電');
});

test('RFC 4475 esc01, escnull, esc02: escapes and "%" that is not an escape', () => {
  const esc = req(
    parseMessage(
      crlf([
        'INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0',
        'To: sip:%75se%72@example.com',
        'From: <sip:I%20have%20spaces@example.net>;tag=938',
        'Max-Forwards: 87',
        'i: esc01.239409asdfakjkn23onasd0-3234',
        'CSeq: 234234 INVITE',
        'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw',
        'C: application/sdp',
        'Contact: <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>',
        `Content-Length: ${Buffer.byteLength(sdp)}`,
        '',
        sdp,
      ]),
    ),
  );
  assert.equal((esc.requestUri as SipUri).user, 'sips%3Auser%40example.com');
  assert.equal(esc.contentType, 'application/sdp');
  const nul = parseMessage(
    crlf([
      'REGISTER sip:example.com SIP/2.0',
      'To: sip:null-%00-null@example.com',
      'From: sip:null-%00-null@example.com;tag=839923423',
      'Max-Forwards: 70',
      'Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd',
      'CSeq: 14398234 REGISTER',
      'Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw',
      'Contact: <sip:%00@host5.example.com>',
      'Contact: <sip:%00%00@host5.example.com>',
      'L:0',
      '',
      '',
    ]),
  );
  assert.equal((nul.contacts as unknown[]).length, 2);
  const esc02 = req(
    parseMessage(
      crlf([
        'RE%47IST%45R sip:registrar.example.com SIP/2.0',
        'To: "%Z%45" <sip:resource@example.com>',
        'From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23',
        'Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf',
        'Via: SIP/2.0/TCP host.example.com;rport;branch=z9hG4bK209fasdfasdf',
        'CSeq: 1209 RE%47IST%45R',
        'Max-Forwards: 70',
        'Contact: <sip:alias1@host1.example.com>',
        'Contact: <sip:alias2@host2.example.com>',
        'Expires: 3600',
        'l: 0',
        '',
        '',
      ]),
    ),
  );
  // Not REGISTER: '%' is a token character, so this is another (unknown) method.
  assert.equal(esc02.method, 'RE%47IST%45R');
  assert.equal(esc02.to.displayName, '%Z%45');
});

test('RFC 4475 dblreq: octets after Content-Length are dropped from a datagram', () => {
  const m = parseMessage(
    crlf([
      'REGISTER sip:example.com SIP/2.0',
      'To: sip:j.user@example.com',
      'From: sip:j.user@example.com;tag=43251j3j324',
      'Max-Forwards: 8',
      'I: dblreq.0ha0isndaksdj99sdfafnl3lk233412',
      'Contact: sip:j.user@host.example.com',
      'CSeq: 8 REGISTER',
      'Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492',
      'Content-Length: 0',
      '',
      'INVITE sip:joe@example.com SIP/2.0',
      't: sip:joe@example.com',
      '',
    ]),
  );
  assert.equal(m.kind === 'request' && m.method, 'REGISTER');
  assert.equal(m.body.length, 0);
});

test('RFC 4475 transports, mpart01, unreason, noreason, longreq', () => {
  const t = parseMessage(
    crlf([
      'OPTIONS sip:user@example.com SIP/2.0',
      'To: sip:user@example.com',
      'From: <sip:caller@example.com>;tag=323',
      'Max-Forwards: 70',
      'Call-ID:  transports.kijh4akdnaqjkwendsasfdj',
      'Accept: application/sdp',
      'CSeq: 60 OPTIONS',
      'Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw',
      'Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf',
      'Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj',
      'Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en',
      'Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee',
      'l: 0',
      '',
      '',
    ]),
  );
  assert.deepEqual(
    t.vias.map((v) => v.transport),
    ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'],
  );

  const part = Buffer.concat([
    Buffer.from('--boundary42\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n'),
    Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]), // binary, not UTF-8: bodies are bytes
    Buffer.from('\r\n--boundary42--\r\n'),
  ]);
  const mp = parseMessage(
    Buffer.concat([
      crlf([
        'MESSAGE sip:kumiko@example.org SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-1',
        'Max-Forwards: 70',
        'From: "Hiroshi Hayashi" <sip:hiroshi@example.org>;tag=1',
        'To: <sip:kumiko@example.org>',
        'Call-ID: mpart01.1',
        'CSeq: 1 MESSAGE',
        'Content-Type: multipart/mixed;boundary=boundary42',
        `Content-Length: ${part.length}`,
        '',
        '',
      ]),
      part,
    ]),
  );
  assert.equal(mp.contentType, 'multipart/mixed');
  assert.deepEqual(mp.body, part);

  const unreason = parseMessage(
    crlf([
      'SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое',
      'Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923',
      'Call-ID: unreason.1234ksdfak3j2erwedfsASdf',
      'CSeq: 35 INVITE',
      'From: sip:user@example.com;tag=11141343',
      'To: sip:user@example.edu;tag=2229',
      'Content-Length: 0',
      '',
      '',
    ]),
  );
  assert.equal(
    unreason.kind === 'response' && unreason.reason,
    '= 2**3 * 5**2 но сто девяносто девять - простое',
  );

  const noreason = parseMessage(
    crlf([
      'SIP/2.0 100 ',
      'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe',
      'Call-ID: noreason.asndj203insdf99223ndf',
      'CSeq: 35 INVITE',
      'From: <sip:user@example.com>;tag=39ansfi3',
      'To: <sip:user@example.edu>;tag=902jndnke3',
      'Content-Length: 0',
      '',
      '',
    ]),
  );
  assert.equal(noreason.kind === 'response' && noreason.status, 100);
  assert.equal(noreason.kind === 'response' && noreason.reason, '');

  const long = 'very'.repeat(1000);
  const vias = Array.from(
    { length: 30 },
    (_, i) => `Via: SIP/2.0/TCP sip${i}.example.com;branch=z9hG4bK${long.slice(0, 100)}${i}`,
  );
  const lr = parseMessage(
    crlf([
      'INVITE sip:user@example.com SIP/2.0',
      `To: "I have a user name of ${long} long" <sip:user@example.com>`,
      `From: sip:caller@example.net;tag=${long}`,
      `Call-ID: longreq.${long}`,
      'CSeq: 1 INVITE',
      'Max-Forwards: 70',
      ...vias,
      `Unknown-${long}-Header: ${long}`,
      'Content-Length: 0',
      '',
      '',
    ]),
  );
  assert.equal(lr.vias.length, 30);
  assert.equal(lr.fromTag, long);
});

test('Vietnamese display names and bodies: Content-Length counts bytes, not characters', () => {
  const body = 'v=0\r\ns=Cuộc gọi đến tổng đài 1022\r\n';
  const m = new SipRequest('INVITE', 'sip:1022@tongdai.example.vn');
  m.append('Via', 'SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK776asdhds');
  m.append('From', '"Nguyễn Văn An" <sip:0905123456@10.0.0.2>;tag=1928301774');
  m.append('To', '"Tổng đài 1022" <sip:1022@tongdai.example.vn>');
  m.append('Call-ID', 'a84b4c76e66710@10.0.0.2');
  m.append('CSeq', '314159 INVITE');
  m.append('Max-Forwards', '70');
  m.append('Content-Length', '999'); // wrong on purpose: the serializer writes the real length
  m.setBody(body, 'application/sdp');
  const bytes = serialize(m);
  const text = bytes.toString('utf8');
  assert.match(text, new RegExp(`\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`));
  assert.notEqual(Buffer.byteLength(body), body.length); // the case the `sip` package got wrong
  assert.ok(!text.includes('999'));
  const back = req(parseMessage(bytes));
  assert.equal(back.from.displayName, 'Nguyễn Văn An');
  assert.equal(back.to.displayName, 'Tổng đài 1022');
  assert.equal(back.body.toString('utf8'), body);
  // Over a stream too.
  const framer = new SipStreamFramer();
  const items = framer.push(Buffer.concat([bytes, bytes]));
  assert.equal(items.length, 2);
  for (const it of items) {
    assert.equal(it.kind, 'message');
    if (it.kind === 'message')
      assert.equal(parseMessage(it.bytes, { stream: true }).body.toString(), body);
  }
});

test('round trip: parse → serialize → parse gives the same message', () => {
  const original = crlf([
    'BYE sip:alice@pc33.atlanta.example.com SIP/2.0',
    'Via: SIP/2.0/TCP 192.0.2.4;branch=z9hG4bKnashds10, SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'From: "Trần Thị Bình" <sip:binh@biloxi.example.com>;tag=a6c85cf',
    'To: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710',
    'CSeq: 231 BYE',
    'Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>',
    'X-Unknown: kept as is',
    'Content-Length: 0',
    '',
    '',
  ]);
  const a = parseMessage(original);
  const b = parseMessage(serialize(a));
  assert.deepEqual(
    b.headers.map((h) => [h.key, h.value]),
    a.headers
      .filter((h) => h.key !== 'content-length')
      .map((h) => [h.key, h.value])
      .concat([['content-length', '0']]),
  );
  assert.equal(b.getAll('via').length, 2);
  assert.equal(b.getAll('route').length, 2);
  assert.equal(b.from.displayName, 'Trần Thị Bình');
  assert.equal(formatNameAddr(b.to), '"Alice" <sip:alice@atlanta.example.com>;tag=1928301774');
});

test('leading CRLFs and bare LF line ends are tolerated', () => {
  const m = parseMessage(
    Buffer.from(
      '\r\n\r\nOPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:x@y>;tag=1\nTo: <sip:a@b>\nCall-ID: lf\nCSeq: 1 OPTIONS\n\n',
    ),
  );
  assert.equal(m.kind === 'request' && m.method, 'OPTIONS');
});

// ---------------------------------------------------------------------------------------------
// Invalid messages: a clear error, never a crash; the partial message lets a UAS answer 400.

const base = (
  over: Record<string, string | null> = {},
  start = 'INVITE sip:user@example.com SIP/2.0',
) => {
  const headers: Record<string, string | null> = {
    Via: 'SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw',
    To: 'sip:j.user@example.com',
    From: 'sip:caller@example.net;tag=134161461246',
    'Max-Forwards': '70',
    'Call-ID': 'bad.0ha0isndaksdjasdf3234nas',
    CSeq: '8 INVITE',
    'Content-Length': '0',
    ...over,
  };
  const lines = [start];
  for (const [k, v] of Object.entries(headers)) if (v !== null) lines.push(`${k}: ${v}`);
  return crlf([...lines, '', '']);
};

test('the base message of the invalid cases is itself valid', () => {
  assert.equal(parseMessage(base()).kind, 'request');
});

test('RFC 4475 invalid messages are rejected with a reason', () => {
  const cases: [string, Buffer, RegExp, (400 | 505)?][] = [
    ['badinv01 Via', base({ Via: 'SIP/2.0/UDP 192.0.2.15;;,;,,' }), /empty/],
    ['badinv01 Contact', base({ Contact: '"Joe" <sip:joe@example.org>;;;;' }), /empty parameter/],
    ['clerr', base({ 'Content-Length': '9999' }), /Content-Length 9999 is larger/],
    ['scalar02', base({ 'Content-Length': '-999' }), /Content-Length/],
    ['scalarlg CSeq', base({ CSeq: '36893488147419103232 INVITE' }), /CSeq number out of range/],
    ['scalarlg Max-Forwards', base({ 'Max-Forwards': '300' }), /Max-Forwards out of range/],
    ['scalarlg Expires', base({ Expires: '10000000000' }), /Expires out of range/],
    ['quotbal', base({ To: '"Mr. J. User <sip:j.user@example.com>' }), /unterminated/],
    ['ltgtruri', base({}, 'INVITE <sip:user@example.com> SIP/2.0'), /not a URI/],
    ['lwsruri', base({}, 'INVITE sip:user@example.com; lr SIP/2.0'), /bad request line/],
    ['lwsstart', base({}, 'INVITE  sip:user@example.com  SIP/2.0'), /bad request line/],
    ['trws', base({}, 'INVITE sip:user@example.com SIP/2.0 '), /bad request line/],
    [
      'escruri',
      base({}, 'INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0'),
      /headers are not allowed/,
    ],
    ['baddate', base({ Date: 'Fri, 01 Jan 2010 16:00:00 EST' }), /bad Date/],
    [
      'regbadct',
      base({ Contact: 'sip:user@example.com?Route=%3Csip:sip.example.com%3E' }),
      /angle brackets/,
    ],
    ['badaspec', base({ To: '"Watson, Thomas" < sip:t.watson@example.org >' }), /not a URI/],
    [
      'baddn',
      base({ From: 'Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43' }),
      /must be quoted/,
    ],
    [
      'badvers',
      base({}, 'INVITE sip:user@example.com SIP/7.0'),
      /unsupported SIP version 7.0/,
      505,
    ],
    ['mismatch01', base({ CSeq: '8 OPTIONS' }), /does not match/],
    [
      'mismatch02',
      base({ CSeq: '8 INVITE' }, 'NEWMETHOD sip:user@example.com SIP/2.0'),
      /does not match/,
    ],
    ['multi01', base({ 'Call-ID': 'a@b\r\nCall-ID: c@d' }), /more than one Call-ID/],
    ['mcl01', base({ 'Content-Length': '0\r\nl: 1' }), /more than one Content-Length/],
    ['insuf', base({ 'Call-ID': null, From: null }), /missing/],
    ['unknown URI in Request-URI', base({}, 'INVITE user@example.com SIP/2.0'), /not a URI/],
    ['bad Call-ID', base({ 'Call-ID': 'a b' }), /bad Call-ID/],
    ['missing Via', base({ Via: null }), /missing Via/],
  ];
  for (const [name, bytes, pattern, status] of cases) {
    rejects(bytes, pattern, status ?? 400, name);
  }
});

test('response-side invalid messages', () => {
  const resp = (start: string, extra: string[] = []) =>
    crlf([
      start,
      'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe',
      'Call-ID: r.asndj203insdf99223ndf',
      'CSeq: 35 INVITE',
      'From: <sip:user@example.com>;tag=39ansfi3',
      'To: <sip:user@example.edu>;tag=902jndnke3',
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ]);
  rejects(resp('SIP/2.0 4294967301 better not break the receiver'), /bad status line/); // bigcode
  rejects(resp('SIP/2.0 099 Too low'), /bad status line/);
  rejects(resp('SIP/2.0 200 OK', ['Retry-After: 949302838503028349304023988']), /Retry-After/);
  rejects(resp('SIP/3.0 200 OK'), /unsupported SIP version/, 505);
});

test('framing and encoding errors', () => {
  rejects(Buffer.from(''), /empty message/);
  rejects(Buffer.from('\r\n\r\n'), /empty message/);
  rejects(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: x'), /no blank line/);
  rejects(
    Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nNo colon here\r\n\r\n'),
    /without a name and colon/,
  );
  rejects(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n'), /bad header name/);
  rejects(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n folded: first\r\n\r\n'), /continuation line/);
  rejects(
    Buffer.concat([
      Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX: '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\r\n\r\n'),
    ]),
    /not valid UTF-8/,
  );
  rejects(Buffer.from('GARBAGE\r\n\r\n'), /bad request line/);
  rejects(Buffer.from('\x00\x01\x02 \x03 SIP/2.0\r\n\r\n'), /bad method/);
});

test('a header error keeps the partial message so a UAS can answer 400', () => {
  const err = rejects(base({ CSeq: '36893488147419103232 INVITE' }), /CSeq/);
  assert.ok(err.partial);
  const res = createResponse(err.partial as SipRequest, 400, 'Bad CSeq', 'tag1');
  const text = serialize(res).toString();
  assert.match(text, /^SIP\/2\.0 400 Bad CSeq\r\n/);
  assert.match(text, /\r\nVia: SIP\/2\.0\/UDP 192\.0\.2\.15;branch=z9hG4bKkdjuw\r\n/);
  assert.match(text, /\r\nTo: sip:j\.user@example\.com;tag=tag1\r\n/);
  assert.match(text, /\r\nCSeq: 36893488147419103232 INVITE\r\n/);
});

test('fuzz: random mutations of a valid message never throw anything but SipParseError', () => {
  const seed = base({ Contact: '"Nguyễn Văn An" <sip:an@192.0.2.1;transport=tcp>;expires=60' });
  let x = 12345;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
  const alphabet = Buffer.from(' \t\r\n:;,"<>@%=/\\0aZ9\xff');
  for (let round = 0; round < 5000; round++) {
    const b = Buffer.from(seed);
    const edits = 1 + rand(4);
    for (let e = 0; e < edits; e++) b[rand(b.length)] = alphabet[rand(alphabet.length)]!;
    try {
      const m = parseMessage(b);
      void m.vias;
      serialize(m);
    } catch (err) {
      assert.ok(err instanceof SipParseError, `round ${round}: ${String(err)}`);
    }
  }
});

test('stream framer: split anywhere, pipelined, keep-alive pings, oversize and missing length', () => {
  const one = base();
  const many = Buffer.concat([Buffer.from('\r\n\r\n'), one, one, Buffer.from('\r\n\r\n'), one]);
  for (let cut = 1; cut < many.length; cut += 7) {
    const f = new SipStreamFramer();
    const items = [...f.push(many.subarray(0, cut)), ...f.push(many.subarray(cut))];
    assert.deepEqual(
      items.map((i) => i.kind),
      ['ping', 'message', 'message', 'ping', 'message'],
      `cut at ${cut}`,
    );
    assert.equal(f.buffered, 0);
  }
  const noLength = base({ 'Content-Length': null });
  assert.throws(() => new SipStreamFramer().push(noLength), /Content-Length is required/);
  assert.throws(() => parseMessage(noLength, { stream: true }), /Content-Length is required/);
  assert.throws(() => new SipStreamFramer().push(Buffer.alloc(70_000, 0x41)), /too large/);
  const withBody = Buffer.concat([base({ 'Content-Length': '5' }), Buffer.from('hello')]);
  const f = new SipStreamFramer();
  assert.equal(f.push(withBody.subarray(0, withBody.length - 2)).length, 0);
  const [msg] = f.push(withBody.subarray(withBody.length - 2));
  assert.equal(
    msg?.kind === 'message' && parseMessage(msg.bytes, { stream: true }).body.toString(),
    'hello',
  );
});
