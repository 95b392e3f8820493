// newsdex serve: a little plain JavaScript on top of pages that work without it.
// "/" focuses the search box; when `newsdex index` commits, the results on screen are refreshed
// in place (the page's own URL is fetched again), and a screen reader hears about it.
"use strict";

(function () {
  // Lets the style sheet (and the browser test) tell that scripts run.
  document.documentElement.setAttribute("data-js", "on");

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var q = document.getElementById("q");
      if (q) {
        e.preventDefault();
        q.focus();
        q.select();
      }
    }
  });

  var version = document.body.getAttribute("data-version");
  if (!version || !window.fetch || !window.DOMParser) {
    return;
  }
  var busy = false;

  function announce(text) {
    var live = document.getElementById("announce");
    if (live) {
      live.textContent = text;
    }
  }

  function refresh() {
    return fetch(location.href, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.body.getAttribute("data-version");
        var waiting = false;
        document.querySelectorAll("[data-live][id]").forEach(function (el) {
          var next = doc.getElementById(el.id);
          // Never pull the part the reader is on from under the keyboard focus: try again later.
          if (el.contains(document.activeElement) && document.activeElement !== document.body) {
            waiting = true;
          } else if (next) {
            el.replaceWith(document.importNode(next, true));
          }
        });
        if (fresh && !waiting) {
          version = fresh;
          document.body.setAttribute("data-version", fresh);
        }
        announce("The index changed; results updated.");
      });
  }

  function poll() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch("/api/status")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && s.version && s.version !== version) {
          return refresh();
        }
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }

  setInterval(poll, 1000);
})();
