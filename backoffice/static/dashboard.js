/* Dashboard charts: each <canvas data-chart="{...}"> is drawn with Chart.js (served with the
   app); a click on a bar or point opens the list that figure counts. No inline script: the
   CSP forbids it. The table beside each chart holds the same figures. */
(function () {
  "use strict";
  var COLOURS = ["#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037"];

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets;
    var labels = spec.labels;
    if (spec.type === "line" && spec.series) {
      labels = spec.periods;
      datasets = spec.series.map(function (s, i) {
        return { label: s.label, data: s.values, borderColor: COLOURS[i % COLOURS.length],
                 backgroundColor: COLOURS[i % COLOURS.length], spanGaps: true };
      });
    } else {
      datasets = [{ label: spec.title, data: spec.values,
                    backgroundColor: spec.labels.map(function (l) {
                      return /terlambat|Lewat/i.test(l) ? "#c62828" : "#1565c0"; }) }];
    }
    var chart = new window.Chart(canvas, {
      type: spec.type,
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: spec.type === "line" } },
        scales: spec.type === "line" ? { y: { min: 25, max: 100 } } : { y: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var el = elements[0];
          var index = spec.type === "line" ? el.datasetIndex * labels.length + el.index : el.index;
          if (spec.links[index]) { window.location.assign(spec.links[index]); }
        }
      }
    });
    canvas.setAttribute("data-rendered", "1");
    return chart;
  }

  function start() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
