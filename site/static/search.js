/* Site search, an enhancement: the page lists every service without it.
   Over http(s) it asks Pagefind's static index; where that cannot load (file://, or the
   index is missing) it falls back on the small list in cari/data.js. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var root = form.getAttribute("data-root") || "./";
  var input = document.getElementById("q");
  var out = document.getElementById("search-results");
  var pagefind = null;

  function rootUrl(path) {
    return new URL(root + path.replace(/^\//, ""), window.location.href).href;
  }

  function render(query, items) {
    out.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = items.length
      ? "Hasil untuk \u201c" + query + "\u201d (" + items.length + ")"
      : "Tidak ada layanan yang cocok dengan \u201c" + query + "\u201d";
    out.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "results";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      if (item.note) {
        var p = document.createElement("p");
        p.className = "muted";
        p.textContent = item.note;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    out.appendChild(list);
  }

  function localSearch(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var entries = window.LOKET_SEARCH || [];
    return entries.filter(function (e) {
      var text = (e.t + " " + e.o + " " + e.k).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    }).slice(0, 30).map(function (e) {
      var url = e.u.replace(/\/index\.html$/, "/") ;
      if (window.location.protocol === "file:") { url = url.replace(/\/$/, "/index.html"); }
      return { title: e.t, url: rootUrl(url), note: e.o };
    });
  }

  function pagefindSearch(query) {
    if (window.location.protocol === "file:") { return Promise.reject(new Error("file")); }
    var loading = pagefind ? Promise.resolve(pagefind) : import(rootUrl("pagefind/pagefind.js"));
    return loading.then(function (module) {
      pagefind = module;
      return module.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      return pages.map(function (d) {
        return { title: (d.meta && d.meta.title) || d.url, url: rootUrl(d.url), note: "" };
      });
    });
  }

  function run(query) {
    query = query.trim();
    if (!query) { out.textContent = ""; return; }
    pagefindSearch(query).then(function (items) {
      render(query, items.length ? items : localSearch(query));
    }, function () {
      render(query, localSearch(query));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
}());
