/* The waiting-time heatmap: the model drawn by the vendored bpmn-js viewer, one overlay per element
   (median waiting + working + outside hours, coloured by intensity), the slowest element marked. */
(function () {
  "use strict";
  function label(row) {
    var parts = [];
    if (row.aantal) { parts.push(row.aantal + "x"); }
    if (row.wachten.mediaan !== null) { parts.push("wacht " + row.wachten.mediaan + " u"); }
    if (row.werken.mediaan !== null) { parts.push("werk " + row.werken.mediaan + " u"); }
    if (row.buiten.mediaan !== null) { parts.push("buiten " + row.buiten.mediaan + " u"); }
    return parts.join(" · ");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("heatmap-diagram");
    var data = JSON.parse(document.getElementById("heatmap-data").textContent);
    if (!container || typeof window.BpmnJS !== "function" || typeof window.ruimteflowDiagram !== "function") { return; }
    window.ruimteflowDiagram(container, "De cijfers staan in de tabel hieronder.", function (viewer) {
      var overlays = viewer.get("overlays");
      var registry = viewer.get("elementRegistry");
      var canvas = viewer.get("canvas");
      data.elementen.forEach(function (row) {
        if (!registry.get(row.element)) { return; }
        var div = document.createElement("div");
        var level = Math.min(4, Math.floor(row.intensiteit * 5));
        div.className = "heat-label heat-" + level + (row.element === data.traagste ? " heat-traagste" : "");
        div.setAttribute("data-element", row.element);
        div.textContent = label(row);
        overlays.add(row.element, { position: { bottom: -4, left: 0 }, html: div });
        if (row.element === data.traagste) { canvas.addMarker(row.element, "heat-traagste"); }
      });
      container.setAttribute("data-klaar", "ja");
    });
  });
})();
