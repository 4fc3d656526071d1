// Draws the page's chart with Chart.js from the JSON in #metrics-data. The same figures are in a table,
// so the page works without JavaScript.
(function () {
  'use strict';
  var canvas = document.getElementById('metrics-chart');
  var source = document.getElementById('metrics-data');
  if (!canvas || !source || typeof window.Chart === 'undefined') {
    return;
  }

  var spec = JSON.parse(source.textContent);
  var palette = ['#0b5cab', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#6a4c93', '#1982c4', '#8ac926', '#ff595e', '#6d6875'];
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  new window.Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map(function (d, i) {
        return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length] };
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      scales: {
        x: { stacked: spec.stacked },
        y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } }
      }
    }
  });
})();
