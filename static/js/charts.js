// The summary charts, drawn from data the page carries (no inline script: the CSP forbids
// it). A canvas names its kind in data-chart, the json_script element holding its figures
// in data-source, and its translated labels in data-label-*. Safe to load more than once.
(function () {
  "use strict";
  var RED = "#b22222";
  var BLUE = "#1f77b4";

  function figures(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  var KINDS = {
    // Reporting rate and on-time rate over the last periods (the summary page).
    rate: function (canvas, data) {
      return {
        type: "line",
        data: {labels: data.labels, datasets: [
          {label: canvas.dataset.labelRate, data: data.rate, borderColor: RED, tension: 0.2},
          {label: canvas.dataset.labelOnTime, data: data.on_time, borderColor: BLUE, tension: 0.2}
        ]},
        options: {animation: false, scales: {y: {min: 0, max: 100}}}
      };
    },
    // The reporting rate alone, without a legend (the home page's dashboard card).
    "rate-small": function (canvas, data) {
      return {
        type: "line",
        data: {labels: data.labels, datasets: [
          {label: canvas.dataset.labelRate, data: data.rate, borderColor: RED, tension: 0.2}
        ]},
        options: {animation: false, plugins: {legend: {display: false}}, scales: {y: {min: 0, max: 100}}}
      };
    },
    // Completion per indicator, horizontal bars.
    progress: function (canvas, data) {
      return {
        type: "bar",
        data: {labels: data.labels, datasets: [
          {label: canvas.dataset.labelPercent, data: data.percent, backgroundColor: "#c0392b"}
        ]},
        options: {animation: false, indexAxis: "y", scales: {x: {min: 0, max: 100}}}
      };
    }
  };

  function draw() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = KINDS[canvas.dataset.chart];
      // A page with two dashboard cards loads this file (and Chart.js) twice.
      if (!build || canvas.dataset.drawn) { return; }
      var data = figures(canvas);
      if (data) {
        new Chart(canvas, build(canvas, data));
        canvas.dataset.drawn = "1";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
