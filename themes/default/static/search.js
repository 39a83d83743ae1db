// Client-side search over the public reports. The index is split: documents.json lists the
// reports (title, council, committee, date, summary), and terms/<xx>.json holds, for the words
// that start with xx, the reports they appear in. A search fetches the list and the parts for
// the words typed, never the text of every report. Results are written as text, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var indexBase = script.getAttribute("data-index");
  var root = script.getAttribute("data-root");
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var cache = {};

  function fetchJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(indexBase + path).then(function (response) {
        if (!response.ok) { return null; }
        return response.json();
      }).catch(function () { return null; });
    }
    return cache[path];
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2; });
  }

  function shardOf(word) {
    return Array.from(word).slice(0, 2).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "u" + c.codePointAt(0).toString(16);
    }).join("");
  }

  // Scores of the documents holding a word, or a word it starts (so "safeg" finds "safeguarding").
  function scoresFor(word, shards) {
    var shard = shardOf(word);
    if (shards.indexOf(shard) < 0) { return Promise.resolve({}); }
    return fetchJson("terms/" + shard + ".json").then(function (terms) {
      var scores = {};
      Object.keys(terms || {}).forEach(function (term) {
        if (term.indexOf(word) !== 0) { return; }
        terms[term].forEach(function (pair) {
          var weight = term === word ? pair[1] : pair[1] / 2;
          scores[pair[0]] = (scores[pair[0]] || 0) + weight;
        });
      });
      return scores;
    });
  }

  function show(documents, ranked, query) {
    list.textContent = "";
    status.textContent = ranked.length === 0
      ? "No reports match \u201c" + query + "\u201d."
      : ranked.length + (ranked.length === 1 ? " report matches " : " reports match ") + "\u201c" + query + "\u201d.";
    ranked.slice(0, 50).forEach(function (id) {
      var doc = documents[id];
      var item = document.createElement("li");
      item.className = "search-result";
      var heading = document.createElement("h2");
      heading.className = "search-result-title";
      var link = document.createElement("a");
      link.href = root + doc.path;
      link.textContent = doc.title;
      heading.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "search-result-meta";
      meta.textContent = doc.authority + " \u00b7 " + doc.committee + " \u00b7 " + doc.date;
      item.appendChild(heading);
      item.appendChild(meta);
      if (doc.summary) {
        var summary = document.createElement("p");
        summary.textContent = doc.summary;
        item.appendChild(summary);
      }
      list.appendChild(item);
    });
  }

  function search(query) {
    var wanted = words(query);
    if (wanted.length === 0) {
      status.textContent = "";
      list.textContent = "";
      return;
    }
    status.textContent = "Searching\u2026";
    Promise.all([fetchJson("documents.json"), fetchJson("terms.json")]).then(function (loaded) {
      var documents = loaded[0] || [];
      var shards = loaded[1] || [];
      return Promise.all(wanted.map(function (w) { return scoresFor(w, shards); })).then(function (each) {
        // Every word must match; the score is the sum over words.
        var totals = {};
        Object.keys(each[0]).forEach(function (id) {
          if (each.every(function (scores) { return scores[id] !== undefined; })) {
            totals[id] = each.reduce(function (sum, scores) { return sum + scores[id]; }, 0);
          }
        });
        var ranked = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || a - b; });
        show(documents, ranked, query);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var url = new URL(window.location.href);
    url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    search(query);
  });

  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
