/* Render a deployed model with the vendored bpmn-js NavigatedViewer (beheer model page).
   The container is a labelled group, not an image: the viewer puts focusable parts (the canvas, the
   bpmn.io link) inside it, and an image may hold nothing interactive (axe: nested-interactive). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("bpmn-diagram");
    if (!container || typeof window.BpmnJS !== "function") {
      return;
    }
    var viewer = new window.BpmnJS({ container: container });
    fetch(container.getAttribute("data-xml-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () { viewer.get("canvas").zoom("fit-viewport"); })
      .catch(function (error) {
        container.textContent = "Het diagram kan niet worden getoond (" + error.message + "). De elementen staan in de tabel hieronder.";
      });
  });
})();
