/* Render a deployed model with the vendored bpmn-js NavigatedViewer: the beheer model page, and for
   the heatmap (heatmap.js) through window.ruimteflowDiagram.
   The container is a labelled group, not an image: the viewer puts focusable parts (the canvas, the
   bpmn.io link) inside it, and an image may hold nothing interactive (axe: nested-interactive). */
(function () {
  "use strict";
  /* Fetch the model at the container's data-xml-url, draw it, let ``decorate(viewer)`` add to it, and fit
     it to the viewport; on failure say so in the container, pointing at ``elsewhere`` (the table). */
  window.ruimteflowDiagram = function (container, elsewhere, decorate) {
    var viewer = new window.BpmnJS({ container: container });
    return fetch(container.getAttribute("data-xml-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        if (decorate) { decorate(viewer); }
        viewer.get("canvas").zoom("fit-viewport");
      })
      .catch(function (error) {
        container.textContent = "Het diagram kan niet worden getoond (" + error.message + "). " + elsewhere;
      });
  };
  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("bpmn-diagram");
    if (!container || typeof window.BpmnJS !== "function") {
      return;
    }
    window.ruimteflowDiagram(container, "De elementen staan in de tabel hieronder.");
  });
})();
