// Search within one trust's guidance. Without JavaScript the page lists
// every page; with it, the list is filtered as you type and results link
// to the section whose heading matches.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var results = document.getElementById("search-results");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  if (!form || !results || !input || !window.fetch) { return; }
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  fetch(form.getAttribute("data-index")).then(function (response) { return response.json(); }).then(function (pages) {
    // Letters of any language count as letters: Welsh has â, ŵ and ŷ.
    function words(text) { return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
    function matches(text, terms) {
      var haystack = words(text).join(" ");
      return terms.every(function (term) { return haystack.indexOf(term) !== -1; });
    }
    function item(title, url, detail) {
      var li = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = url;
      link.textContent = title;
      heading.appendChild(link);
      li.appendChild(heading);
      var p = document.createElement("p");
      p.textContent = detail;
      li.appendChild(p);
      return li;
    }
    function show() {
      var terms = words(input.value);
      results.textContent = "";
      var count = 0;
      pages.forEach(function (page) {
        var section = page.sections.filter(function (s) { return matches(s[0], terms); })[0];
        if (!terms.length || matches(page.title + " " + page.description, terms) || section) {
          var url = section && terms.length ? page.url + "#" + section[1] : page.url;
          var detail = section && terms.length ? form.getAttribute("data-section") + " " + section[0] : page.description;
          results.appendChild(item(page.title, url, detail));
          count += 1;
        }
      });
      // The words come from the page, in its language.
      var found = count === 1 ? form.getAttribute("data-found-one") : form.getAttribute("data-found-many").replace("{count}", count);
      status.textContent = terms.length ? found : "";
    }
    input.addEventListener("input", show);
    show();
  });
})();
