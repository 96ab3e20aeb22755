// Redpen: show the prompt sandbox's answer as the model writes it. The form works without
// this script (it posts and waits for the whole answer); with it, the same POST asks for
// application/x-ndjson and each line is one event: {"text": "..."} while the answer
// arrives, then {"done": true, "error": "...", "redacted": [...]}. Any other answer (the
// form has a mistake, or the personal-data gate stopped the prompt) makes the script post
// the form normally, so the learner sees the full page with the reason.
(function () {
  'use strict';
  var form = document.querySelector('form[data-ai-stream]');
  if (!form || !window.fetch || !window.TextDecoder || !window.URLSearchParams) { return; }
  var section = document.getElementById(form.getAttribute('data-ai-stream'));
  var text = document.getElementById('answer-text');
  var status = document.getElementById('answer-status');
  if (!section || !text || !status) { return; }
  var button = form.querySelector('button[type=submit]');

  function fallback() { form.submit(); }

  function say(msg) { status.textContent = msg; }

  function handle(line) {
    if (!line) { return; }
    var ev;
    try { ev = JSON.parse(line); } catch (e) { return; }
    if (ev.text) { text.appendChild(document.createTextNode(ev.text)); }
    if (ev.done) {
      var msg = ev.error ? ev.error : 'The answer is complete. Now check it against the record.';
      if (ev.redacted && ev.redacted.length) {
        msg += ' Before sending, Redpen replaced what looked like personal data with placeholders: ' + ev.redacted.join(', ') + '.';
      }
      say(msg);
    }
  }

  form.addEventListener('submit', function (e) {
    if (!window.ReadableStream) { return; }
    e.preventDefault();
    var old = section.querySelectorAll('.warning-text, .panel');
    for (var i = 0; i < old.length; i++) { old[i].remove(); }
    text.textContent = '';
    section.hidden = false;
    section.setAttribute('aria-busy', 'true');
    say('Sent. Waiting for the model…');
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Accept': 'application/x-ndjson', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (res) {
      if (!res.ok || !res.body || (res.headers.get('Content-Type') || '').indexOf('application/x-ndjson') !== 0) {
        fallback();
        return null;
      }
      say('The model is writing…');
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buf = '';
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) { handle(buf + decoder.decode()); return; }
          buf += decoder.decode(r.value, { stream: true });
          var lines = buf.split('\n');
          buf = lines.pop();
          lines.forEach(handle);
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      say('The answer stopped arriving. Send the prompt again to get it in one piece.');
    }).then(function () {
      section.removeAttribute('aria-busy');
      if (button) { button.disabled = false; }
    });
  });
})();
