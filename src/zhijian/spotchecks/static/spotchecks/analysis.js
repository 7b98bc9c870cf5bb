/* Draws the analysis charts: options come from <script type="application/json" id="analysis-charts">
   (Django json_script), each chart goes into the element whose data-chart names it. No inline script. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("analysis-charts");
    if (!source || typeof echarts === "undefined") { return; }
    var options = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var option = options[el.getAttribute("data-chart")];
      if (!option) { return; }
      var chart = echarts.init(el);
      chart.setOption(option);
      el.setAttribute("data-rendered", "true");
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
