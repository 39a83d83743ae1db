// Search over the public reports, in the browser. The index (written by `scrutiny build`):
//   search/index.json          the councils (each a range of report numbers), their
//                              committees, the years, and how many term files there are;
//   search/terms/<n>.json      terms by hash: the reports each is in, with scores, and the
//                              first page of results ready to show;
//   search/docs/<n>.json.gz    eight reports' text by numbered paragraph, gzipped, for other
//                              excerpts (unpacked with DecompressionStream);
//   search/councils/<n>.json   each report's committee; search/dates.json every report's date.
// A one-word search fetches index.json and one term file. Words are split, lower-cased and
// stemmed (Snowball English) exactly as the build does. Results are written as text nodes,
// never as HTML.
(function () {
  "use strict";

  // ---- Words: the same rules as src/output/search/words.rs ----

  var VOWELS = "aeiouy";
  function isVowel(c) { return VOWELS.indexOf(c) >= 0; }

  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var STOP_AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];

  // The end of the region after the first non-vowel that follows a vowel, from `start`.
  function regionFrom(w, start) {
    var i = start;
    while (i < w.length && !isVowel(w[i])) { i++; }
    if (i >= w.length) { return w.length; }
    i++;
    while (i < w.length && isVowel(w[i])) { i++; }
    return i >= w.length ? w.length : i + 1;
  }

  // A short syllable ends `w`.
  function endsShort(w) {
    var n = w.length;
    if (n >= 3 && "aeiouywxY".indexOf(w[n - 1]) < 0 && isVowel(w[n - 2]) && !isVowel(w[n - 3])) { return true; }
    return n === 2 && !isVowel(w[1]) && isVowel(w[0]);
  }

  // The longest of `suffixes` that `w` ends with, or null.
  function longest(w, suffixes) {
    var best = null;
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (w.length >= s.length && w.slice(w.length - s.length) === s && (best === null || s.length > best.length)) { best = s; }
    }
    return best;
  }

  function hasVowel(w, end) {
    for (var i = 0; i < end; i++) { if (isVowel(w[i])) { return true; } }
    return false;
  }

  var STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
    ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
    ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og",
    fulli: "ful", lessli: "less", li: ""
  };
  var STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

  // Snowball's English (Porter 2) stemmer, for a word of lower-case ASCII letters.
  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) { return EXCEPTIONS[word]; }
    if (word.length < 3) { return word; }
    var w = word.split("");
    if (w[0] === "y") { w[0] = "Y"; }
    for (var i = 1; i < w.length; i++) { if (w[i] === "y" && isVowel(w[i - 1])) { w[i] = "Y"; } }
    w = w.join("");
    var prefix = ["gener", "commun", "arsen"].filter(function (p) { return w.indexOf(p) === 0; })[0];
    var p1 = prefix ? prefix.length : regionFrom(w, 0);
    var p2 = regionFrom(w, p1);
    var s;
    var cut = function (suffix) { return w.slice(0, w.length - suffix.length); };

    // Step 1a.
    s = longest(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s === "sses") { w = cut(s) + "ss"; }
    else if (s === "ied" || s === "ies") { w = cut(s) + (w.length - 3 >= 2 ? "i" : "ie"); }
    else if (s === "s" && hasVowel(w, w.length - 2)) { w = cut(s); }
    if (STOP_AFTER_1A.indexOf(w) >= 0) { return w; }

    // Step 1b.
    s = longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (s === "eed" || s === "eedly") {
      if (w.length - s.length >= p1) { w = cut(s) + "ee"; }
    } else if (s && hasVowel(w, w.length - s.length)) {
      w = cut(s);
      var end = longest(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
      if (end === "at" || end === "bl" || end === "iz") { w += "e"; }
      else if (end) { w = w.slice(0, -1); }
      else if (w.length === p1 && endsShort(w)) { w += "e"; }
    }

    // Step 1c.
    var last = w[w.length - 1];
    if (w.length > 2 && (last === "y" || last === "Y") && !isVowel(w[w.length - 2])) { w = w.slice(0, -1) + "i"; }

    // Step 2.
    s = longest(w, Object.keys(STEP2));
    if (s && w.length - s.length >= p1) {
      var before = w[w.length - s.length - 1];
      if (s === "ogi") { if (before === "l") { w = cut(s) + "og"; } }
      else if (s === "li") { if (before && "cdeghkmnrt".indexOf(before) >= 0) { w = cut(s); } }
      else { w = cut(s) + STEP2[s]; }
    }

    // Step 3.
    s = longest(w, Object.keys(STEP3));
    if (s && w.length - s.length >= p1) {
      if (s === "ative") { if (w.length - s.length >= p2) { w = cut(s); } }
      else { w = cut(s) + STEP3[s]; }
    }

    // Step 4.
    s = longest(w, STEP4);
    if (s && w.length - s.length >= p2) {
      if (s === "ion") {
        var c = w[w.length - 4];
        if (c === "s" || c === "t") { w = cut(s); }
      } else { w = cut(s); }
    }

    // Step 5.
    last = w[w.length - 1];
    if (last === "e") {
      var at = w.length - 1;
      if (at >= p2 || (at >= p1 && !endsShort(w.slice(0, -1)))) { w = w.slice(0, -1); }
    } else if (last === "l") {
      if (w.length - 1 >= p2 && w[w.length - 2] === "l") { w = w.slice(0, -1); }
    }
    return w.replace(/Y/g, "y");
  }

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  // The words of `text` with where they start and end, as the build splits them.
  function spans(text) {
    var found = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      if (Array.from(match[0]).length >= 2) { found.push({ word: match[0], start: match.index, end: match.index + match[0].length }); }
    }
    return found;
  }

  function term(word) {
    var lower = word.toLowerCase();
    return /^[a-z]+$/.test(lower) ? stem(lower) : lower;
  }

  // The term file a term is in: FNV-1a of its UTF-8 bytes.
  function chunkOf(t, count) {
    var bytes = new TextEncoder().encode(t);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash & (count - 1);
  }

  if (typeof document === "undefined") {
    // Loaded by a test outside a browser: hand over the word rules.
    module.exports = { stem: stem, term: term, spans: spans, chunkOf: chunkOf };
    return;
  }

  // ---- The page ----

  var script = document.currentScript;
  var indexBase = script.getAttribute("data-index");
  var root = script.getAttribute("data-root");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var councilSelect = document.getElementById("search-council");
  var committeeSelect = document.getElementById("search-committee");
  var yearSelect = document.getElementById("search-year");
  var sortSelect = document.getElementById("search-sort");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10;
  var EXCERPT_WORDS = 28;
  var cache = {};

  if (window.location.protocol === "file:") {
    // Browsers do not let a page opened from a folder read the index files beside it.
    var notice = document.getElementById("search-file-notice");
    notice.hidden = false;
    return;
  }
  form.hidden = false;

  // An index file, read once: `read` turns the response into its value.
  function load(path, read) {
    if (!cache[path]) {
      cache[path] = fetch(indexBase + path).then(function (response) {
        if (!response.ok) { throw new Error(path + ": " + response.status); }
        return read(response);
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function fetchJson(path) {
    return load(path, function (response) { return response.json(); });
  }

  // A gzipped index file. A server that sends it with `Content-Encoding: gzip` has had the
  // browser unpack it already, so the bytes tell which it is.
  function fetchGzipped(path) {
    return load(path, function (response) {
      return response.arrayBuffer().then(function (buffer) {
        var head = new Uint8Array(buffer, 0, Math.min(2, buffer.byteLength));
        if (head[0] !== 0x1f || head[1] !== 0x8b) { return JSON.parse(new TextDecoder().decode(buffer)); }
        if (typeof DecompressionStream === "undefined") {
          var old = new Error("DecompressionStream is not available");
          old.oldBrowser = true;
          throw old;
        }
        return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
      });
    });
  }

  // What the status says when the index cannot be read.
  function failure(error) {
    return error && error.oldBrowser
      ? "This browser is too old to search with filters, by date or for several words. Search for one word, or use a newer browser."
      : "Search could not load its index. Reload the page to try again.";
  }

  function bytes(base64) {
    var binary = atob(base64);
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { out[i] = binary.charCodeAt(i); }
    return out;
  }

  // A term's reports, in number order, with their scores.
  function postings(record) {
    var numbers = [];
    var packed = record[1];
    if (packed[0] === "*") {
      var bits = bytes(packed.slice(1));
      for (var b = 0; b < bits.length; b++) {
        for (var k = 0; k < 8; k++) { if (bits[b] & (1 << k)) { numbers.push(b * 8 + k); } }
      }
    } else {
      var gaps = bytes(packed);
      var last = 0;
      var value = 0;
      var shift = 0;
      for (var i = 0; i < gaps.length; i++) {
        value += (gaps[i] & 0x7f) * Math.pow(2, shift);
        if (gaps[i] & 0x80) { shift += 7; continue; }
        last += value;
        numbers.push(last);
        value = 0;
        shift = 0;
      }
    }
    return { numbers: numbers, scores: bytes(record[2]) };
  }

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }

  function fillCommittees(manifest) {
    var chosen = committeeSelect.value;
    committeeSelect.textContent = "";
    option(committeeSelect, "", "All committees");
    var council = manifest.councils[councilSelect.value];
    committeeSelect.disabled = !council;
    if (council) {
      council[3].forEach(function (name, i) { option(committeeSelect, String(i), name); });
      committeeSelect.value = chosen && council[3][chosen] ? chosen : "";
    }
  }

  function fillFilters(manifest) {
    manifest.councils.forEach(function (council, i) { option(councilSelect, String(i), council[0]); });
    manifest.years.forEach(function (year) { option(yearSelect, year[0], year[0]); });
    fillCommittees(manifest);
  }

  // What the form asks for, read from it or from the address.
  function readState(params) {
    return {
      query: (params.get("q") || "").trim(),
      council: params.get("council") || "",
      committee: params.get("committee") || "",
      year: params.get("year") || "",
      sort: params.get("sort") === "newest" || params.get("sort") === "oldest" ? params.get("sort") : ""
    };
  }

  function formState() {
    var params = new URLSearchParams();
    params.set("q", input.value);
    [["council", councilSelect], ["committee", committeeSelect], ["year", yearSelect], ["sort", sortSelect]].forEach(function (pair) {
      if (pair[1].value) { params.set(pair[0], pair[1].value); }
    });
    return readState(params);
  }

  // Whether report `n` passes the filters.
  function filterFor(state, manifest) {
    var tests = [];
    var council = manifest.councils[state.council];
    if (council) { tests.push(function (n) { return n >= council[1] && n < council[2]; }); }
    var year = manifest.years.filter(function (y) { return y[0] === state.year; })[0];
    if (year) {
      tests.push(function (n) {
        for (var i = 1; i < year.length; i += 2) { if (n >= year[i] && n < year[i + 1]) { return true; } }
        return false;
      });
    }
    var committees = council && state.committee !== "" ? fetchJson("councils/" + state.council + ".json") : Promise.resolve(null);
    return committees.then(function (each) {
      if (each) {
        var wanted = Number(state.committee);
        tests.push(function (n) { return each[n - council[1]] === wanted; });
      }
      return function (n) { return tests.every(function (t) { return t(n); }); };
    });
  }

  // The reports matching every term, best first (or by date), as [{number, score}].
  function rank(records, manifest, state, passes) {
    var found = records.map(postings);
    var total = {};
    var counts = {};
    found.forEach(function (p, t) {
      var idf = Math.log(1 + manifest.documents / records[t][0]);
      for (var i = 0; i < p.numbers.length; i++) {
        var n = p.numbers[i];
        total[n] = (total[n] || 0) + p.scores[i] * idf;
        counts[n] = (counts[n] || 0) + 1;
      }
    });
    var ranked = [];
    Object.keys(total).forEach(function (key) {
      var n = Number(key);
      if (counts[n] === records.length && passes(n)) { ranked.push({ number: n, score: total[n] }); }
    });
    var byScore = function (a, b) { return b.score - a.score || b.number - a.number; };
    if (!state.sort) { return Promise.resolve(ranked.sort(byScore)); }
    return fetchJson("dates.json").then(function (packed) {
      var days = bytes(packed);
      var day = function (n) { return days[2 * n] + 256 * days[2 * n + 1]; };
      var sign = state.sort === "newest" ? 1 : -1;
      return ranked.sort(function (a, b) { return sign * (day(b.number) - day(a.number)) || byScore(a, b); });
    });
  }

  // The block of a report holding most of the terms, and an excerpt of it around the first.
  function bestBlock(blocks, terms) {
    var best = null;
    blocks.forEach(function (block) {
      var words = spans(block[2]);
      var hits = 0;
      var first = -1;
      var distinct = [];
      words.forEach(function (w, i) {
        var t = term(w.word);
        if (terms.indexOf(t) < 0) { return; }
        hits++;
        if (first < 0) { first = i; }
        if (distinct.indexOf(t) < 0) { distinct.push(t); }
      });
      // The block with most of the different words, then most words.
      hits += distinct.length * 100000;
      if (hits > 0 && (!best || hits > best.hits)) { best = { block: block, words: words, first: first, hits: hits }; }
    });
    if (!best) {
      if (!blocks.length) { return ["", "", ""]; }
      best = { block: blocks[0], words: spans(blocks[0][2]), first: 0 };
    }
    var text = best.block[2];
    var from = Math.max(0, best.first - Math.floor(EXCERPT_WORDS / 3));
    var to = Math.min(best.words.length, from + EXCERPT_WORDS);
    var start = from === 0 ? 0 : best.words[from].start;
    var end = to === best.words.length ? text.length : best.words[to - 1].end;
    var excerpt = (start > 0 ? "\u2026" : "") + text.slice(start, end).split(/\s+/).join(" ") + (end < text.length ? "\u2026" : "");
    return [best.block[0], best.block[1], excerpt];
  }

  // Each result as [number, path, title, meta, anchor, label, excerpt], from a term's first
  // page where it is there and from the reports' text where not.
  function details(numbers, manifest, terms, firstPages) {
    // A report on a term's first page is shown from there: with several words, from the page
    // whose excerpt holds most of them.
    var ready = {};
    var held = function (r) {
      return spans(r[6]).filter(function (w) { return terms.indexOf(term(w.word)) >= 0; }).length;
    };
    firstPages.forEach(function (page) {
      page.forEach(function (r) { if (!ready[r[0]] || held(r) > held(ready[r[0]])) { ready[r[0]] = r; } });
    });
    return Promise.all(numbers.map(function (n) {
      if (ready[n]) { return Promise.resolve(ready[n]); }
      return fetchGzipped("docs/" + Math.floor(n / manifest.bundle) + ".json.gz").then(function (bundle) {
        var report = bundle[n % manifest.bundle];
        var where = bestBlock(report[3], terms);
        return [n, report[0], report[1], report[2], where[0], where[1], where[2]];
      });
    }));
  }

  // `text` as nodes, the words whose terms are searched for in <mark>.
  function highlighted(text, terms) {
    var fragment = document.createDocumentFragment();
    var at = 0;
    spans(text).forEach(function (w) {
      if (terms.indexOf(term(w.word)) < 0) { return; }
      fragment.appendChild(document.createTextNode(text.slice(at, w.start)));
      var mark = document.createElement("mark");
      mark.textContent = w.word;
      fragment.appendChild(mark);
      at = w.end;
    });
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function showResult(result, terms) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = root + result[1] + (result[4] ? "#" + result[4] : "");
    link.textContent = result[2];
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    meta.textContent = result[3] + (result[5] ? " \u00b7 " + result[5] : "");
    item.appendChild(meta);
    if (result[6]) {
      var excerpt = document.createElement("p");
      excerpt.className = "search-result-excerpt";
      excerpt.appendChild(highlighted(result[6], terms));
      item.appendChild(excerpt);
    }
    list.appendChild(item);
    return link;
  }

  function describe(state, manifest) {
    var parts = [];
    var council = manifest.councils[state.council];
    if (council) {
      parts.push(council[3][state.committee] ? council[3][state.committee] + ", " + council[0] : council[0]);
    }
    if (state.year) { parts.push(state.year); }
    return parts.length ? " in " + parts.join(", ") : "";
  }

  var current = null;
  var generation = 0;

  function search(state) {
    var mine = ++generation;
    list.textContent = "";
    more.hidden = true;
    var terms = [];
    spans(state.query).forEach(function (w) {
      var t = term(w.word);
      if (terms.indexOf(t) < 0) { terms.push(t); }
    });
    if (terms.length === 0) {
      status.textContent = state.query ? "Type a word of two letters or more." : "";
      return;
    }
    status.textContent = "Searching\u2026";
    fetchJson("index.json").then(function (manifest) {
      var files = terms.map(function (t) { return fetchJson("terms/" + chunkOf(t, manifest.terms) + ".json"); });
      return Promise.all([Promise.all(files), filterFor(state, manifest)]).then(function (loaded) {
        var records = terms.map(function (t, i) { return Object.prototype.hasOwnProperty.call(loaded[0][i], t) ? loaded[0][i][t] : null; });
        var filtered = state.council !== "" || state.year !== "" || state.sort !== "";
        if (records.some(function (r) { return r === null; })) { return { manifest: manifest, ranked: [], records: [] }; }
        if (records.length === 1 && !filtered) {
          // The first page is ready; the rest is ranked only when asked for.
          return { manifest: manifest, ranked: null, total: records[0][0], records: records };
        }
        return rank(records, manifest, state, loaded[1]).then(function (ranked) {
          return { manifest: manifest, ranked: ranked, records: records };
        });
      });
    }).then(function (found) {
      if (mine !== generation) { return; }
      var total = found.ranked ? found.ranked.length : found.total;
      current = { state: state, terms: terms, found: found, shown: 0 };
      var where = describe(state, found.manifest);
      status.textContent = total === 0
        ? "No reports match \u201c" + state.query + "\u201d" + where + "."
        : total + (total === 1 ? " report matches " : " reports match ") + "\u201c" + state.query + "\u201d" + where + "."
          + (total > PAGE ? " Showing the first " + PAGE + "." : "");
      return showMore(false);
    }).catch(function (error) {
      if (mine !== generation) { return; }
      status.textContent = failure(error);
    });
  }

  // Shows the next page of results; with `focus`, moves to the first new one.
  function showMore(focus) {
    var c = current;
    var records = c.found.records;
    var ranked = c.found.ranked;
    var pending;
    if (!ranked && c.shown === 0) {
      pending = Promise.resolve(records[0][3]);
    } else {
      if (!ranked) {
        pending = rank(records, c.found.manifest, c.state, function () { return true; }).then(function (r) {
          c.found.ranked = r;
          return r;
        });
      } else {
        pending = Promise.resolve(ranked);
      }
      pending = pending.then(function (r) {
        var numbers = r.slice(c.shown, c.shown + PAGE).map(function (x) { return x.number; });
        return details(numbers, c.found.manifest, c.terms, records.map(function (rec) { return rec[3]; }));
      });
    }
    return pending.then(function (results) {
      if (c !== current) { return; }
      var first = null;
      results.forEach(function (result) {
        var link = showResult(result, c.terms);
        first = first || link;
      });
      c.shown += results.length;
      var total = c.found.ranked ? c.found.ranked.length : c.found.total;
      more.hidden = c.shown >= total;
      if (focus && first) {
        first.focus();
        status.textContent = "Showing " + c.shown + " of " + total + " reports.";
      }
    });
  }

  function go(event) {
    if (event) { event.preventDefault(); }
    var state = formState();
    var url = new URL(window.location.href);
    url.search = "";
    ["q", "council", "committee", "year", "sort"].forEach(function (key) {
      var value = key === "q" ? state.query : state[key];
      if (value) { url.searchParams.set(key, value); }
    });
    window.history.replaceState(null, "", url);
    search(state);
  }

  form.addEventListener("submit", go);
  more.addEventListener("click", function () {
    if (current) { showMore(true).catch(function (error) { status.textContent = failure(error); }); }
  });

  var initial = readState(new URL(window.location.href).searchParams);
  fetchJson("index.json").then(function (manifest) {
    fillFilters(manifest);
    councilSelect.value = manifest.councils[initial.council] ? initial.council : "";
    fillCommittees(manifest);
    committeeSelect.value = councilSelect.value && manifest.councils[initial.council][3][initial.committee] ? initial.committee : "";
    yearSelect.value = manifest.years.some(function (y) { return y[0] === initial.year; }) ? initial.year : "";
    sortSelect.value = initial.sort;
    councilSelect.addEventListener("change", function () {
      committeeSelect.value = "";
      fillCommittees(manifest);
    });
    [councilSelect, committeeSelect, yearSelect, sortSelect].forEach(function (select) {
      select.addEventListener("change", function () { if (input.value.trim()) { go(); } });
    });
    if (initial.query) {
      input.value = initial.query;
      search(formState());
    }
  }).catch(function () {
    status.textContent = "Search could not load its index. Reload the page to try again.";
  });
})();
