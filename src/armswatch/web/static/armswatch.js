// armswatch pages: draw charts from the server's chart descriptions (analytics/charts.py, the same
// layout as its plotly renderer), sort tables by a header click, filter table rows. No network.
(function () {
  "use strict";

  function drawChart(el) {
    if (!window.Plotly) return;
    var c = JSON.parse(el.dataset.chart);
    var traces = c.series.map(function (s) {
      var name = s[0], values = s[1];
      if (c.kind === "line") return { x: c.x, y: values, mode: "lines", name: name };
      if (c.kind === "bars") return { x: values.slice().reverse(), y: c.x.slice().reverse(), orientation: "h", type: "bar", name: name };
      return { x: c.x, y: values, stackgroup: "shares", name: name };
    });
    var layout = {
      title: { text: c.title, font: { size: 14 } }, template: "plotly_white", yaxis: { title: { text: c.kind === "bars" ? "" : c.y_title } },
      xaxis: { title: { text: c.kind === "bars" ? c.y_title : "" } }, margin: { l: c.kind === "bars" ? 140 : 60, b: 90 },
      annotations: [{ text: c.caption, xref: "paper", yref: "paper", x: 0, y: -0.22, showarrow: false, font: { size: 10 } }]
    };
    window.Plotly.newPlot(el, traces, layout, { responsive: true, displaylogo: false });
    el.classList.add("drawn");
  }

  function cellValue(row, index) {
    var text = row.cells[index] ? row.cells[index].textContent.trim() : "";
    var number = parseFloat(text.replace(/[,%+?*]/g, ""));
    return isNaN(number) || !/^[-+]?[\d,.]+[%?*]?$/.test(text) ? text.toLowerCase() : number;
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var ascending = th.dataset.sort !== "asc";
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      if (typeof x !== typeof y) { x = String(x); y = String(y); }
      return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { delete c.dataset.sort; });
    th.dataset.sort = ascending ? "asc" : "desc";
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filterRows(input) {
    var table = document.getElementById(input.dataset.table), needle = input.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.hidden = needle && r.textContent.toLowerCase().indexOf(needle) < 0;
    });
  }

  document.querySelectorAll(".chart[data-chart]").forEach(drawChart);
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener("click", function () { sortBy(table, i, th); });
    });
  });
  // Controls that apply at once (a CSP forbids inline handlers such as onchange=...).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("input.table-filter").forEach(function (input) {
    input.addEventListener("input", function () { filterRows(input); });
  });
})();
