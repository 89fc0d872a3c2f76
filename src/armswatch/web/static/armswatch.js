// armswatch pages: draw charts from the server's chart descriptions (analytics/charts.py, the same
// layout as its plotly renderer), sort tables by a header click, filter table rows. No network.
(function () {
  "use strict";

  // Charts (web/charts.py): "stacked" — TIV per year stacked by partner, with buttons for five-year
  // periods and for shares (plotly's barnorm); "bars" — horizontal bars. The modebar downloads
  // PNG (plotly's camera) and SVG (the button added here); both work offline.
  function slug(text) { return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80); }

  function stackedFigure(c, view) {
    var x = view.period ? c.periods : c.years, series = view.period ? c.period_series : c.year_series;
    var traces = series.map(function (s) {
      return { x: x, y: s[1], name: s[0], type: "bar", hovertemplate: "%{x}: %{y:,.1f}" + (view.share ? "%" : " " + c.value_label) + "<extra>" + s[0] + "</extra>" };
    });
    var layout = {
      barmode: "stack", barnorm: view.share ? "percent" : "", showlegend: series.length > 1,
      xaxis: view.period ? { type: "category", title: { text: "Five-year period" } } : { type: "linear", title: { text: "Year" }, dtick: c.years.length > 40 ? 5 : (c.years.length > 12 ? 2 : 1) },
      yaxis: { title: { text: view.share ? "share of the " + (view.period ? "period" : "year") + "'s TIV (%)" : c.y_title }, rangemode: "tozero" },
      legend: { title: { text: c.legend_title } }
    };
    return { traces: traces, layout: layout };
  }

  function barsFigure(c) {
    return {
      traces: [{ x: c.values.slice().reverse(), y: c.labels.slice().reverse(), orientation: "h", type: "bar", name: c.x_title, hovertemplate: "%{y}: %{x:.1f}%<extra></extra>" }],
      layout: { xaxis: { title: { text: c.x_title } }, yaxis: { automargin: true }, showlegend: false }
    };
  }

  function plot(el, c, view) {
    view = view || {};
    var figure = c.kind === "bars" ? barsFigure(c) : stackedFigure(c, view);
    var layout = Object.assign({
      title: { text: view.share ? c.title.replace("TIV millions", "shares of TIV (%)") : c.title, font: { size: 15 }, subtitle: { text: c.caption, font: { size: 10 } } },
      template: "plotly_white", margin: { t: 90, l: 70, r: 20, b: 60 }
    }, figure.layout);
    var name = slug(c.title);
    window.Plotly.react(el, figure.traces, layout, {
      responsive: true, displaylogo: false, displayModeBar: true,
      modeBarButtonsToRemove: ["sendChartToCloud", "sendDataToCloud"],
      toImageButtonOptions: { format: "png", filename: name, scale: 2 },
      modeBarButtonsToAdd: [{ name: "Download as SVG", icon: window.Plotly.Icons.camera,
        click: function (gd) { window.Plotly.downloadImage(gd, { format: "svg", filename: name }); } }]
    });
  }

  function toggles(el, c, view, stacks) {
    var box = document.createElement("div");
    box.className = "chart-controls";
    var choices = [["period", "Per year", "Per five-year period"], ["share", "Volume", "Share"]];
    choices.slice(0, stacks ? 2 : 1).forEach(function (t) {  // one series: shares are all 100%
      var group = document.createElement("div");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", t[0] === "period" ? "Years or periods" : "Volume or share");
      [false, true].forEach(function (on) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = on ? t[2] : t[1]; b.dataset.toggle = t[0];
        b.setAttribute("aria-pressed", String(view[t[0]] === on));
        b.addEventListener("click", function () {
          view[t[0]] = on;
          group.querySelectorAll("button").forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
          plot(el, c, view);
        });
        group.appendChild(b);
      });
      box.appendChild(group);
    });
    el.parentNode.insertBefore(box, el);
  }

  function drawChart(el) {
    if (!window.Plotly) return;
    var c = JSON.parse(el.dataset.chart), view = { period: false, share: false };
    if (c.kind === "stacked" && c.toggles) toggles(el, c, view, c.year_series.length > 1);
    plot(el, c, view);
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
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { delete c.dataset.sort; c.removeAttribute("aria-sort"); });
    th.dataset.sort = ascending ? "asc" : "desc";
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filterRows(input) {
    var table = document.getElementById(input.dataset.table), needle = input.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.hidden = needle && r.textContent.toLowerCase().indexOf(needle) < 0;
    });
  }

  document.querySelectorAll(".chart[data-chart]").forEach(drawChart);
  // Column titles become buttons, so a keyboard sorts as a mouse does; aria-sort says the order.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = document.createElement("button");
      button.type = "button"; button.className = "sort"; button.textContent = th.textContent;
      th.textContent = ""; th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, i, th); });
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
