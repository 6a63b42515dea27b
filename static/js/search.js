// Site search for the CLIC website. It loads /search/index.json once and
// ranks pages by where the words appear: title first, then glossary
// aliases, then headings, then the summary. Whole words score more than
// the start of a word. Results are plain links, so the keyboard and
// screen readers treat them like any other list of links.
(function () {
  "use strict";

  var form = document.querySelector("form[role=search]");
  var input = document.getElementById("search-q");
  var results = document.getElementById("results");
  if (!form || !input || !results) return;

  var nojs = document.getElementById("search-nojs");
  if (nojs) nojs.hidden = true;

  var KINDS = {
    post: "Blog post", log: "Reflective log", course: "Course",
    term: "Glossary", chapter: "Case study", section: "Section", page: "Page", home: "Page"
  };
  // Field weights: title > aliases > headings > summary.
  var FIELDS = [["t", 10], ["a", 7], ["h", 4], ["s", 2]];
  var MAX = 50;

  var index = null;   // prepared documents, once loaded
  var loading = null; // the fetch promise
  var timer = 0;
  var last = null;

  function fold(s) {
    s = String(s || "").toLowerCase();
    if (s.normalize) s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return s.replace(/[\u2018\u2019']/g, "");
  }

  function words(s) {
    return fold(s).split(/[^a-z0-9]+/).filter(Boolean);
  }

  function prepare(data) {
    return data.map(function (d) {
      var doc = { d: d, f: {} };
      FIELDS.forEach(function (f) { doc.f[f[0]] = words(d[f[0]]); });
      doc.title = fold(d.t);
      return doc;
    });
  }

  function load() {
    if (!loading) {
      loading = fetch("/search/index.json", { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) { index = prepare(Array.isArray(data) ? data : []); return index; });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // score returns 0 unless every query word is found somewhere.
  function score(doc, terms, phrase) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var q = terms[i], best = 0;
      for (var j = 0; j < FIELDS.length; j++) {
        var ws = doc.f[FIELDS[j][0]], w = FIELDS[j][1];
        for (var k = 0; k < ws.length; k++) {
          var s = 0;
          if (ws[k] === q) s = w;
          else if (ws[k].lastIndexOf(q, 0) === 0) s = w * 0.6;
          if (s > best) best = s;
        }
        if (best === w) break;
      }
      if (!best) return 0;
      total += best;
    }
    if (phrase && doc.title.indexOf(phrase) !== -1) total += 10;
    if (doc.title === phrase) total += 10;
    return total;
  }

  function search(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var phrase = fold(query).trim();
    var found = [];
    index.forEach(function (doc) {
      var s = score(doc, terms, phrase);
      if (s) found.push({ s: s, d: doc.d });
    });
    found.sort(function (a, b) {
      return b.s - a.s || String(a.d.t).localeCompare(String(b.d.t));
    });
    return found;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function clear() {
    while (results.firstChild) results.removeChild(results.firstChild);
  }

  function render(query, found) {
    clear();
    var n = found.length;
    var msg = n === 0 ? "No results for \u201c" + query + "\u201d." :
      n + (n === 1 ? " result" : " results") + " for \u201c" + query + "\u201d" +
      (n > MAX ? ". Showing the first " + MAX + "." : ".");
    results.appendChild(el("p", "search__count", msg));
    if (!n) {
      var help = el("p", "search__help");
      help.appendChild(document.createTextNode("Check the spelling or try fewer words. You can also browse "));
      [["/posts/", "the blog"], ["/glossary/", "the glossary A to Z"], ["/courses/", "the courses"]].forEach(function (l, i) {
        if (i) help.appendChild(document.createTextNode(i === 2 ? " and " : ", "));
        var a = el("a", null, l[1]);
        a.href = l[0];
        help.appendChild(a);
      });
      help.appendChild(document.createTextNode("."));
      results.appendChild(help);
      return;
    }
    // The list is not announced as it appears: only the count above is.
    var ul = el("ul", "search__list");
    ul.setAttribute("aria-live", "off");
    found.slice(0, MAX).forEach(function (r) {
      var d = r.d, li = el("li", "search__result");
      var h = el("h2", "search__title");
      var a = el("a", null, d.t || d.u);
      a.href = d.u;
      h.appendChild(a);
      li.appendChild(h);
      var kind = KINDS[d.k];
      if (kind) li.appendChild(el("p", "search__kind", kind));
      if (d.a) li.appendChild(el("p", "search__aliases", "Also called: " + d.a));
      if (d.s) li.appendChild(el("p", "search__summary", d.s));
      ul.appendChild(li);
    });
    results.appendChild(ul);
  }

  function run(push) {
    var query = input.value.trim();
    if (query === last) return;
    if (!query) {
      last = query;
      clear();
      return;
    }
    load().then(function () {
      if (input.value.trim() !== query) return; // typed on since
      last = query;
      render(query, search(query));
      if (push && window.history && history.replaceState) {
        history.replaceState(null, "", "?q=" + encodeURIComponent(query));
      }
    }, function () {
      last = null;
      clear();
      results.appendChild(el("p", "search__count", "Sorry, search is not working at the moment."));
      if (nojs) nojs.hidden = false;
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 300);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    last = null;
    run(true);
  });
  input.addEventListener("focus", load, { once: true });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    run(false);
  }
})();
