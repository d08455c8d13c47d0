// Search within one trust's guidance. Without JavaScript the page lists
// every page. With it, /search/?q=WORDS opens with the pages that answer
// WORDS, best first, each linked to the section that answers it best.
//
// The index (made by `verity build`) holds every word stem of every
// section with its weight (title, heading, body), the words each stem was
// written as, and the site's synonyms and ignored words. A query word
// matches whole words and their stems, never a fragment inside another
// word; a word no page uses is matched to the closest word that one or two
// typing mistakes away.
(function () {
  "use strict";

  // How much a synonym counts against the word itself, and a word found by
  // its closeness to a typo.
  var SYNONYM = 0.6;
  var TYPO = 0.8;
  // How quickly more uses of a word stop adding to a page's score.
  var SATURATION = 3;

  // Words as the index reads them: runs of letters and digits, lower
  // case, accents removed, single characters left out.
  function words(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(function (w) { return Array.from(w).length > 1; });
  }

  // Damerau-Levenshtein distance (adjacent swaps count once), giving up
  // past `limit`.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) rows[i].push(i === 0 ? j : 0);
    }
    for (i = 1; i <= a.length; i++) {
      var best = limit + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        best = Math.min(best, d);
      }
      if (best > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  // How many typing mistakes a word may hold and still find another.
  function typos(word) {
    return word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0;
  }

  function Search(index) {
    var self = this;
    this.index = index;
    this.ignore = new Set(index.ignore);
    this.english = index.lang === "en";
    // Maps, not the parsed objects: a query word such as "constructor"
    // must not find what every object inherits.
    this.terms = new Map(Object.entries(index.terms));
    var forms = new Map(Object.entries(index.forms));
    // Every word written, with its stem; and every stem a synonym names.
    this.stemOf = new Map();
    Object.keys(index.forms).forEach(function (stem) {
      forms.get(stem).forEach(function (word) { self.stemOf.set(word, stem); });
    });
    Object.keys(index.terms).forEach(function (stem) {
      if (!forms.has(stem)) self.stemOf.set(stem, stem);
    });
    index.groups.forEach(function (group) {
      group.forEach(function (member) {
        member.forEach(function (stem) {
          if (!self.stemOf.has(stem) && !forms.has(stem)) self.stemOf.set(stem, stem);
        });
      });
    });
    this.vocabulary = Array.from(this.stemOf.keys()).sort();
    this.postings = new Map();
  }

  // The weight of a stem in each section that uses it.
  Search.prototype.weights = function (stem) {
    if (!this.postings.has(stem)) {
      var flat = this.terms.get(stem) || [];
      var map = new Map();
      for (var i = 0; i < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
      this.postings.set(stem, map);
    }
    return this.postings.get(stem);
  };

  // The stem a query word stands for: the word as some page or synonym
  // writes it, or a plural, past or -ing form of one, or the stem itself
  // (the index's stems are English words with their endings taken off).
  Search.prototype.stem = function (word) {
    if (this.stemOf.has(word)) return this.stemOf.get(word);
    if (!this.english) return null;
    var forms = [];
    function ending(pattern, replacements) {
      if (!pattern.test(word)) return;
      var base = word.replace(pattern, "");
      replacements.forEach(function (end) { forms.push(base + end); });
      // "stopped", "planning": one of a doubled last letter goes too.
      if (/([b-df-hj-np-tv-z])\1$/.test(base)) forms.push(base.slice(0, -1));
    }
    ending(/ies$/, ["y", "i"]);
    ending(/ied$/, ["y", "i"]);
    ending(/es$/, ["", "e"]);
    ending(/s$/, [""]);
    ending(/ing$/, ["", "e"]);
    ending(/ed$/, ["", "e"]);
    ending(/y$/, ["i"]);
    forms.push(word + "s", word + "es", word + "e");
    for (var i = 0; i < forms.length; i++) {
      if (this.stemOf.has(forms[i])) return this.stemOf.get(forms[i]);
      if (this.terms.has(forms[i])) return forms[i];
    }
    return null;
  };

  // The written words closest to `word`, within `limit` mistakes, closest
  // and most used first.
  Search.prototype.closest = function (word, limit) {
    var self = this;
    var found = [];
    this.vocabulary.forEach(function (candidate) {
      if (candidate === word) return;
      var d = distance(word, candidate, limit);
      if (d <= limit) found.push([d, -(self.terms.get(self.stemOf.get(candidate)) || []).length, candidate]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); });
    return found.map(function (f) { return f[2]; });
  };

  // What a query asks for: one concept per word that is not ignored, each
  // the stems that match it (the word, or the word it is a typo of) and
  // the synonym groups it belongs to. A phrase in a group ("power of
  // attorney") belongs when all its words are in the query.
  Search.prototype.concepts = function (query) {
    var self = this;
    var concepts = [];
    words(query).forEach(function (word) {
      if (self.ignore.has(word)) return;
      var stem = self.stem(word);
      var factor = 1;
      if (stem === null) {
        var close = self.closest(word, typos(word))[0];
        if (close === undefined) { concepts.push({ word: word, stems: [], groups: [] }); return; }
        stem = self.stemOf.get(close);
        factor = TYPO;
      }
      concepts.push({ word: word, stems: [[stem, factor]], groups: [] });
    });
    // A word asked twice ("fee fees", a typo beside the word) is one
    // concept, not two.
    concepts = concepts.filter(function (c, i) {
      return !c.stems.length || !concepts.slice(0, i).some(function (d) { return d.stems.length && d.stems[0][0] === c.stems[0][0]; });
    });
    var stems = new Set(concepts.filter(function (c) { return c.stems.length; }).map(function (c) { return c.stems[0][0]; }));
    this.index.groups.forEach(function (group, number) {
      group.forEach(function (member) {
        if (!member.every(function (stem) { return stems.has(stem); })) return;
        concepts.forEach(function (c) {
          if (c.stems.length && member.indexOf(c.stems[0][0]) !== -1 && c.groups.indexOf(number) === -1) c.groups.push(number);
        });
      });
    });
    return concepts;
  };

  // How much a concept weighs in each section: its own stems, or its
  // synonyms (a phrase counts where all its words are).
  Search.prototype.conceptWeights = function (concept) {
    var self = this;
    var weights = new Map();
    function raise(section, weight) {
      if (weight > (weights.get(section) || 0)) weights.set(section, weight);
    }
    concept.stems.forEach(function (pair) {
      self.weights(pair[0]).forEach(function (w, section) { raise(section, w * pair[1]); });
    });
    concept.groups.forEach(function (number) {
      self.index.groups[number].forEach(function (member) {
        self.weights(member[0]).forEach(function (w, section) {
          var least = w;
          for (var i = 1; i < member.length; i++) least = Math.min(least, self.weights(member[i]).get(section) || 0);
          if (least) raise(section, least * SYNONYM * (concept.stems[0] ? concept.stems[0][1] : 1));
        });
      });
    });
    return weights;
  };

  // The pages that answer a query, best first: each with its score and
  // the section that answers it best (null for the top of the page).
  Search.prototype.run = function (query) {
    var self = this;
    var index = this.index;
    var all = this.concepts(query);
    var asked = all.length;
    var concepts = all.filter(function (c) { return c.stems.length; });
    var pages = new Map();
    concepts.forEach(function (concept) {
      var bySection = self.conceptWeights(concept);
      var byPage = new Map();
      bySection.forEach(function (w, section) {
        var page = index.sections[section][0];
        byPage.set(page, (byPage.get(page) || 0) + w);
      });
      var n = index.pages.length;
      var idf = Math.log(1 + (n - byPage.size + 0.5) / (byPage.size + 0.5));
      byPage.forEach(function (tf, page) {
        if (!pages.has(page)) pages.set(page, { page: page, score: 0, matched: 0, sections: new Map() });
        var entry = pages.get(page);
        entry.score += idf * tf / (tf + SATURATION);
        entry.matched += 1;
      });
      bySection.forEach(function (w, section) {
        var entry = pages.get(index.sections[section][0]);
        entry.sections.set(section, (entry.sections.get(section) || 0) + idf * w / (w + SATURATION));
      });
    });
    var results = Array.from(pages.values()).map(function (entry) {
      var best = null;
      var bestScore = 0;
      entry.sections.forEach(function (score, section) {
        if (score > bestScore || (score === bestScore && best !== null && section < best)) { best = section; bestScore = score; }
      });
      var anchor = best === null ? "" : index.sections[best][2];
      return {
        title: index.pages[entry.page][0],
        url: index.pages[entry.page][1] + (anchor ? "#" + anchor : ""),
        description: index.pages[entry.page][2],
        section: anchor ? index.sections[best][1] : "",
        score: entry.score * entry.matched / Math.max(asked, 1)
      };
    });
    results.sort(function (a, b) { return b.score - a.score || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0); });
    return results;
  };

  // Words to suggest for a query that found nothing.
  Search.prototype.suggestions = function (query) {
    var self = this;
    var suggested = [];
    words(query).forEach(function (word) {
      if (self.ignore.has(word)) return;
      self.closest(word, Math.max(typos(word), 1) + 1).slice(0, 3).forEach(function (w) {
        if (suggested.indexOf(w) === -1 && suggested.length < 3) suggested.push(w);
      });
    });
    return suggested;
  };

  if (typeof module === "object" && module.exports) {
    module.exports = { Search: Search, words: words };
    return;
  }

  var form = document.querySelector("form.search");
  var results = document.getElementById("search-results");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var suggestions = document.getElementById("search-suggestions");
  var all = document.getElementById("search-all");
  if (!form || !results || !input || !status || !suggestions || !all || !window.fetch || !window.Map) return;
  var everyPage = results.innerHTML;

  function item(result) {
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.title;
    heading.appendChild(link);
    li.appendChild(heading);
    var p = document.createElement("p");
    p.textContent = result.section ? form.getAttribute("data-section") + " " + result.section : result.description;
    li.appendChild(p);
    return li;
  }

  // What the address asks for is in the box at once; the results follow
  // when the index has arrived.
  var asked = new URLSearchParams(location.search).get("q") || "";
  input.value = asked;
  fetch(form.getAttribute("data-index")).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (index) {
    var search = new Search(index);
    function show(query) {
      suggestions.hidden = true;
      suggestions.textContent = "";
      all.hidden = true;
      if (!words(query).length) {
        results.innerHTML = everyPage;
        results.hidden = false;
        status.textContent = "";
        return;
      }
      var found = search.run(query);
      results.textContent = "";
      results.hidden = !found.length;
      found.forEach(function (result) { results.appendChild(item(result)); });
      // The words come from the page, in its language.
      if (found.length) {
        status.textContent = found.length === 1 ? form.getAttribute("data-found-one") : form.getAttribute("data-found-many").replace("{count}", found.length);
        return;
      }
      // Split and joined, not replaced: "$&" in a query is text.
      status.textContent = form.getAttribute("data-found-none").split("{query}").join(query.trim());
      var close = search.suggestions(query);
      if (close.length) {
        suggestions.appendChild(document.createTextNode(form.getAttribute("data-suggest") + " "));
        close.forEach(function (word, i) {
          var link = document.createElement("a");
          link.href = "?q=" + encodeURIComponent(word);
          link.textContent = word;
          if (i) suggestions.appendChild(document.createTextNode(", "));
          suggestions.appendChild(link);
        });
        suggestions.hidden = false;
      }
      // Nothing found: every page, so the reader can still choose one.
      // Each page's title is a heading under "All pages".
      all.querySelector("ul").innerHTML = everyPage.replace(/<(\/?)h2>/g, "<$1h3>");
      all.hidden = false;
    }
    var typing = null;
    function update() {
      clearTimeout(typing);
      show(input.value);
      var address = input.value.trim() ? "?q=" + encodeURIComponent(input.value.trim()) : location.pathname;
      history.replaceState(null, "", address);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    // While the reader types, the results (and the count a screen reader
    // announces) wait for a pause rather than change at every key.
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(update, 400);
    });
    show(input.value);
  }).catch(function () {
    status.textContent = form.getAttribute("data-unavailable");
  });
})();
