/* The DMN files of the model in the vendored dmn-js Modeler. The script (1 MB) and its styles load
   only when a file is opened, so the BPMN editor stays fast. An edited file is downloaded (a Blob,
   no server round trip) and deployed by upload on the beheer page. */
(function () {
  "use strict";
  var section, files, modeler, current = null, loading = null;

  function say(text) { document.getElementById("dmn-status").textContent = text; }

  function loadDmnJs() {
    if (window.DmnJS) { return Promise.resolve(); }
    if (loading) { return loading; }
    (section.getAttribute("data-styles") || "").split(" ").filter(Boolean).forEach(function (href) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    });
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = section.getAttribute("data-script");
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("dmn-js kon niet worden geladen")); };
      document.head.appendChild(script);
    });
    return loading;
  }

  /* Show the first decision table (or literal expression) rather than the requirements diagram. */
  function openTable() {
    var views = modeler.getViews().filter(function (v) {
      return v.type === "decisionTable" || v.type === "literalExpression";
    });
    if (views.length) { return modeler.open(views[0]); }
    return Promise.resolve();
  }

  function open(index) {
    var file = files[index];
    say(file.bestand + " wordt geladen…");
    return loadDmnJs().then(function () {
      if (!modeler) {
        modeler = new window.DmnJS({ container: document.getElementById("dmn-canvas") });
      }
      return modeler.importXML(file.xml);
    }).then(openTable).then(function () {
      current = file;
      document.getElementById("dmn-werkvlak").hidden = false;
      document.getElementById("dmn-naam").textContent = file.bestand;
      section.setAttribute("data-geopend", file.bestand);
      say(file.bestand + " is geopend.");
    }).catch(function (error) {
      say("De beslistabel kan niet worden geopend: " + (error && error.message ? error.message : error));
    });
  }

  function download() {
    if (!modeler || !current) { return; }
    modeler.saveXML({ format: true }).then(function (result) {
      var blob = new Blob([result.xml], { type: "application/xml" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = current.bestand;
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
      say(current.bestand + " is gedownload. Deploy het bestand op de beheerpagina om het in gebruik te nemen.");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    section = document.getElementById("editor-dmn");
    var data = document.getElementById("modeleditor-dmn");
    if (!section || !data) { return; }
    files = JSON.parse(data.textContent);
    section.querySelectorAll("[data-dmn]").forEach(function (button) {
      button.addEventListener("click", function () { open(Number(button.getAttribute("data-dmn"))); });
    });
    document.getElementById("dmn-downloaden").addEventListener("click", download);
  });
})();
