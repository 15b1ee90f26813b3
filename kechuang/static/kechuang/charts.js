/* Charts: <div data-chart="bar" data-source="ID"> reads {labels, values, links, title} from the
   <script type="application/json" id="ID"> next to it (json_script; no inline code, CSP-safe).
   A click on a bar opens the records behind it. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  document.querySelectorAll("[data-chart=bar]").forEach(function (box) {
    var source = document.getElementById(box.getAttribute("data-source"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 24, bottom: 32, containLabel: true },
      xAxis: {
        type: "category",
        data: data.labels,
        axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 30 : 0 }
      },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.values, itemStyle: { color: "#0d6efd" } }]
    });
    chart.on("click", function (params) {
      var link = data.links && data.links[params.dataIndex];
      if (link) { window.location.href = link; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
