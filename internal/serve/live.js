// clic serve: live reload and the build error overlay. Added to pages by
// the preview server only; never part of a published site. See
// internal/serve for the events.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me && me.getAttribute("data-build");
  var returnFocus = null;

  function connect() {
    var es = new EventSource("/_clic/events");
    es.addEventListener("hello", function (e) {
      if (build && e.data !== build) { location.reload(); return; } // a build came while this page loaded
      document.documentElement.setAttribute("data-clic-live", "");
    });
    es.addEventListener("reload", function () { location.reload(); });
    es.addEventListener("css", refreshStyles);
    es.addEventListener("errors", function (e) {
      try { draw(JSON.parse(e.data)); } catch (err) { location.reload(); }
    });
    es.onerror = function () {
      // EventSource retries by itself, unless the server answered with
      // something other than a stream; then start again after a pause.
      if (es.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    };
  }

  // refreshStyles loads each same-site stylesheet again under a new query,
  // and drops the old one only once the new one has loaded, so the page
  // never shows unstyled.
  function refreshStyles() {
    var stamp = String(Date.now());
    var links = document.querySelectorAll('link[rel~="stylesheet"]:not([data-clic]):not([data-clic-old])');
    Array.prototype.forEach.call(links, function (old) {
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("clic", stamp);
      var link = old.cloneNode(false);
      link.href = url.pathname + url.search;
      old.setAttribute("data-clic-old", "");
      link.onload = function () { old.remove(); };
      link.onerror = function () { link.remove(); old.removeAttribute("data-clic-old"); };
      old.after(link);
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  // draw shows the errors the way the server does (see overlay.go), built
  // with textContent so no message can become markup.
  function draw(report) {
    remove();
    if (!document.querySelector("link[data-clic]")) {
      document.head.appendChild(el("link", { rel: "stylesheet", href: "/_clic/live.css", "data-clic": "" }));
    }
    var overlay = el("div", { id: "clic-overlay", "class": "clic-overlay", role: "alertdialog",
      "aria-labelledby": "clic-overlay-title", "aria-describedby": "clic-overlay-intro" });
    var box = overlay.appendChild(el("div", { "class": "clic-overlay__box" }));
    box.appendChild(el("h2", { id: "clic-overlay-title" }, report.title));
    box.appendChild(el("p", { id: "clic-overlay-intro" }, report.intro));
    var list = box.appendChild(el("ol", { "class": "clic-overlay__list" }));
    (report.errors || []).forEach(function (d) {
      var li = list.appendChild(el("li"));
      var p = li.appendChild(el("p"));
      if (d.pos) p.appendChild(el("code", {}, d.pos));
      p.appendChild(document.createTextNode((d.pos ? " " : "") + d.msg));
      if (d.lines && d.lines.length) {
        var pre = li.appendChild(el("pre"));
        d.lines.forEach(function (ln) {
          pre.appendChild(ln.here ? el("mark", {}, ln.text) : document.createTextNode(ln.text));
          pre.appendChild(document.createTextNode("\n"));
        });
      }
    });
    box.appendChild(el("button", { type: "button", "class": "clic-overlay__close" }, "Close"));
    document.body.appendChild(overlay);
    wire(overlay);
  }

  function wire(overlay) {
    var button = overlay.querySelector(".clic-overlay__close");
    if (!button) return;
    button.addEventListener("click", remove);
    if (!returnFocus) returnFocus = document.activeElement;
    button.focus();
  }

  function remove() {
    var overlay = document.getElementById("clic-overlay");
    if (!overlay) return;
    overlay.remove();
    if (returnFocus && returnFocus.focus) returnFocus.focus();
    returnFocus = null;
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") remove();
  });
  var served = document.getElementById("clic-overlay");
  if (served) wire(served);
  if (window.EventSource) connect();
})();
