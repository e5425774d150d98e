/* The public website's only script (progressive enhancement; the pages work without it except
   for sending a request, which needs the proof-of-work answer computed here):
   - solves the form's anti-automation challenge (sha256(token ":" answer) with `bits` leading
     zero bits, as src/core/abuse/challenge.ts checks) in small slices, never freezing the page;
   - shows only the administrative-unit selects of the chosen scheme, and only the former
     communes of the chosen former district;
   - moves focus to the error summary; registers the service worker (installable app). */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  var W = new Uint32Array(64);

  /* The first 32 bits of sha256 of an ASCII string (all the check needs). */
  function sha256First(s) {
    var n = s.length;
    var blocks = ((n + 8) >> 6) + 1;
    var words = new Uint32Array(blocks * 16);
    for (var i = 0; i < n; i++) words[i >> 2] |= (s.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
    words[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
    words[blocks * 16 - 1] = n * 8;
    var h0 = 0x6a09e667,
      h1 = 0xbb67ae85,
      h2 = 0x3c6ef372,
      h3 = 0xa54ff53a;
    var h4 = 0x510e527f,
      h5 = 0x9b05688c,
      h6 = 0x1f83d9ab,
      h7 = 0x5be0cd19;
    for (var b = 0; b < blocks; b++) {
      for (var t = 0; t < 64; t++) {
        if (t < 16) W[t] = words[b * 16 + t];
        else {
          var x = W[t - 15],
            y = W[t - 2];
          var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
          var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
          W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
        }
      }
      var a = h0,
        c = h2,
        d = h3,
        e = h4,
        f = h5,
        g = h6,
        h = h7,
        bb = h1;
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & bb) ^ (a & c) ^ (bb & c);
        var t2 = (S0 + maj) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = bb;
        bb = a;
        a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + bb) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0;
      h5 = (h5 + f) | 0;
      h6 = (h6 + g) | 0;
      h7 = (h7 + h) | 0;
    }
    return h0 >>> 0;
  }

  function solve(token, bits, done) {
    var i = 0;
    var prefix = token + ':';
    function slice() {
      var end = i + 4000;
      for (; i < end; i++) {
        var s = i.toString(36);
        if (sha256First(prefix + s) >>> (32 - bits) === 0) return done(s);
      }
      setTimeout(slice, 0);
    }
    slice();
  }

  function challengeForm(form) {
    var token = form.elements.challenge && form.elements.challenge.value;
    var answer = form.elements.solution;
    var status = document.getElementById('pow-status');
    var button = document.getElementById('f-send');
    if (!token || !answer) return;
    var bits = Number(token.split('.')[2]);
    if (!(bits > 0 && bits <= 30)) return;
    var solved = false;
    var waiting = false;
    if (status) status.textContent = status.getAttribute('data-working');
    solve(token, bits, function (s) {
      answer.value = s;
      solved = true;
      if (status) status.textContent = status.getAttribute('data-ready');
      if (waiting) {
        if (button) button.disabled = false;
        form.submit();
      }
    });
    form.addEventListener('submit', function (ev) {
      if (solved) return;
      ev.preventDefault();
      waiting = true;
      if (button) button.disabled = true;
    });
  }

  function unitPicker(form) {
    var radios = form.querySelectorAll('input[name="scheme"]');
    var district = form.elements.district;
    var oldUnit = form.elements.unit_old;
    function scheme() {
      var v = 'new';
      for (var i = 0; i < radios.length; i++) if (radios[i].checked) v = radios[i].value;
      var blocks = form.querySelectorAll('[data-scheme]');
      for (var j = 0; j < blocks.length; j++)
        blocks[j].hidden = blocks[j].getAttribute('data-scheme') !== v;
    }
    function communes() {
      if (!district || !oldUnit) return;
      var groups = oldUnit.querySelectorAll('optgroup');
      for (var i = 0; i < groups.length; i++) {
        var show = !district.value || groups[i].getAttribute('data-district') === district.value;
        groups[i].hidden = !show;
        groups[i].disabled = !show;
      }
      var sel = oldUnit.options[oldUnit.selectedIndex];
      if (sel && sel.parentNode.disabled) oldUnit.value = '';
    }
    for (var i = 0; i < radios.length; i++) radios[i].addEventListener('change', scheme);
    if (district) district.addEventListener('change', communes);
    scheme();
    communes();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('submit-form');
    if (form) {
      challengeForm(form);
      unitPicker(form);
    }
    var errors = document.getElementById('errors');
    if (errors) errors.focus();
  });

  if ('serviceWorker' in navigator) {
    window.addEventListener('load', function () {
      navigator.serviceWorker
        .register('/cong-dan/sw.js', { scope: '/cong-dan/' })
        .catch(function () {});
    });
  }
})();
