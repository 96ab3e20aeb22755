// Redpen's only script. Every page works without it; it adds mouse selection of exact
// words on the critique page, tabs between the two documents on narrow screens, and moves
// focus to error summaries.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) summary.focus();
    setUpTabs();
    setUpSelection();
  });

  // On a narrow screen the note and the source stack; tabs switch between them.
  function setUpTabs() {
    var tabs = document.querySelector("[data-pane-tabs]");
    if (!tabs) return;
    var buttons = tabs.querySelectorAll("button");
    var narrow = window.matchMedia("(max-width: 55.99rem)");
    function show(id) {
      buttons.forEach(function (b) {
        var on = b.getAttribute("aria-controls") === id;
        b.setAttribute("aria-pressed", on ? "true" : "false");
        document.getElementById(b.getAttribute("aria-controls")).hidden = narrow.matches && !on;
      });
    }
    function apply() {
      tabs.hidden = !narrow.matches;
      var current = tabs.querySelector("[aria-pressed=true]");
      show(current ? current.getAttribute("aria-controls") : "pane-note");
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("aria-controls")); });
    });
    narrow.addEventListener("change", apply);
    apply();
  }

  // Offsets count Unicode code points, as the server does.
  function codePoints(s) { return Array.from(s).length; }

  function spanText(el) { return el.textContent || ""; }

  // compare tells where a boundary point lies against an element's contents:
  // -1 before, 0 inside, 1 after.
  function compare(el, node, offset) {
    var r = document.createRange();
    r.selectNodeContents(el);
    return r.comparePoint(node, offset);
  }

  function insideOffset(el, node, offset) {
    var r = document.createRange();
    r.setStart(el, 0);
    r.setEnd(node, offset);
    return codePoints(r.toString());
  }

  // boundary maps a selection boundary to a document offset, snapping outwards-in when it
  // falls outside the text (on a line number, a label or the space between sentences).
  function boundary(spans, node, offset, isStart) {
    var i, el, c;
    if (isStart) {
      for (i = 0; i < spans.length; i++) {
        el = spans[i];
        c = compare(el, node, offset);
        if (c === 0) return +el.dataset.s + insideOffset(el, node, offset);
        if (c < 0) return +el.dataset.s;
      }
      return -1;
    }
    for (i = spans.length - 1; i >= 0; i--) {
      el = spans[i];
      c = compare(el, node, offset);
      if (c === 0) return +el.dataset.s + insideOffset(el, node, offset);
      if (c > 0) return +el.dataset.s + codePoints(spanText(el));
    }
    return -1;
  }

  function setUpSelection() {
    var form = document.getElementById("selection-form");
    if (!form) return;
    var docs = document.querySelectorAll(".doc[data-doc]");
    var quote = form.querySelector("[data-selection-quote]");
    var evidence = form.querySelector("select[name=evidence]");
    var title = form.querySelector("#selection-title");
    var returnFocus = null;

    function open(docName, start, end, text, rect) {
      form.elements.doc.value = docName;
      form.elements.start.value = start;
      form.elements.end.value = end;
      quote.textContent = text;
      title.textContent = docName === "source" ? "Flag these words of the source (for an omission)" : "Flag the selected words";
      form.hidden = false;
      var top = window.scrollY + rect.bottom + 8;
      var left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - form.offsetWidth - 8));
      form.style.top = top + "px";
      form.style.left = left + "px";
      var first = form.querySelector("input[name=category]:checked") || form.querySelector("input[name=category]");
      if (docName === "source") {
        var omission = form.querySelector("input[value=omission]");
        if (omission) { omission.checked = true; first = omission; }
      }
      if (first) first.focus();
    }

    function close() {
      form.hidden = true;
      document.body.classList.remove("picking");
      if (returnFocus) returnFocus.focus();
    }

    docs.forEach(function (doc) {
      doc.addEventListener("mouseup", function () {
        var sel = window.getSelection();
        if (!sel || sel.isCollapsed || sel.rangeCount === 0) return;
        var range = sel.getRangeAt(0);
        if (!doc.contains(range.commonAncestorContainer)) return;
        var spans = doc.querySelectorAll("[data-s]");
        var start = boundary(spans, range.startContainer, range.startOffset, true);
        var end = boundary(spans, range.endContainer, range.endOffset, false);
        if (start < 0 || end <= start) return;
        returnFocus = doc;
        open(doc.dataset.doc, start, end, sel.toString().trim(), range.getBoundingClientRect());
      });
    });

    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); close(); return; }
      var t = e.target.tagName;
      if (t === "TEXTAREA" || t === "SELECT" || e.altKey || e.ctrlKey || e.metaKey) return;
      var radio = form.querySelector("input[data-key='" + e.key + "']");
      if (radio) { e.preventDefault(); radio.checked = true; radio.focus(); }
    });
    form.querySelector("[data-cancel]").addEventListener("click", close);
    form.addEventListener("submit", function (e) {
      if (!form.querySelector("input[name=category]:checked")) {
        e.preventDefault();
        var legend = form.querySelector("legend");
        legend.classList.add("field-error");
        form.querySelector("input[name=category]").focus();
      }
    });

    // "Or click a line in the source": the next click on a source line links it as evidence.
    form.querySelector("[data-pick-evidence]").addEventListener("click", function () {
      document.body.classList.add("picking");
    });
    document.querySelectorAll(".source-lines li[data-line]").forEach(function (li) {
      li.addEventListener("click", function (e) {
        if (!document.body.classList.contains("picking")) return;
        e.preventDefault();
        document.body.classList.remove("picking");
        evidence.value = li.dataset.line;
        document.querySelectorAll(".is-evidence-target").forEach(function (x) { x.classList.remove("is-evidence-target"); });
        li.classList.add("is-evidence-target");
        evidence.focus();
      });
    });
  }
})();
