// Live preview beside every Markdown field (textarea[data-markdown-preview]): the text is
// posted to the back-office's preview endpoint as the officer types, and the public site's
// rendering (sanitised there) is shown below the field. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-endpoint");
  if (!endpoint) { return; }

  function token(field) {
    var form = field.form;
    var input = form && form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function attach(field) {
    var box = document.createElement("div");
    box.className = "markdown-preview border rounded p-2 mt-1 bg-light";
    box.setAttribute("aria-live", "polite");
    box.setAttribute("aria-label", "Pratinjau tampilan di situs publik");
    var title = document.createElement("div");
    title.className = "small text-muted";
    title.textContent = "Pratinjau di situs publik:";
    var body = document.createElement("div");
    box.appendChild(title);
    box.appendChild(body);
    field.insertAdjacentElement("afterend", box);
    var timer = null;
    function refresh() {
      var data = new URLSearchParams();
      data.append("text", field.value);
      fetch(endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: {"X-CSRFToken": token(field)},
        body: data
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (html) {
        // The server's answer is sanitised HTML (nh3 allow-list), the same the site shows.
        body.innerHTML = html;
      }).catch(function () {
        body.textContent = "Pratinjau tidak tersedia.";
      });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  document.querySelectorAll("textarea[data-markdown-preview]").forEach(attach);
})();
