// Background imports (Pemohon › Impor) and exports of large lists: poll the job's status every 2 seconds, show its
// progress, and reload the page once the job has finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-job-status-url");
  var label = box.querySelector("[data-job-label]");
  var progress = box.querySelector("[data-job-progress]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) {
          // A busy database (503) or a restart: ask again a little later, never give up.
          window.setTimeout(poll, 5000);
          return;
        }
        if (state.finished) {
          window.location.reload();
          return;
        }
        label.textContent = state.label.replace(/\.$/, "");
        progress.textContent = state.progress ? " (" + state.progress.toLocaleString("id-ID") + " baris)" : "";
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
