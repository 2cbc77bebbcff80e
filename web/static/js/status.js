/* Ruimteflow statuspagina (BPMN-diagram met de huidige stap) en aanvraagformulier (locatie op de kaart). */
(function () {
  "use strict";

  /* -- diagram op de statuspagina ---------------------------------------------------------------- */
  function showDiagram(box) {
    var status = document.getElementById("diagram-status");
    var ids = function (name) { return (box.getAttribute(name) || "").split(",").filter(Boolean); };
    if (typeof window.BpmnJS !== "function") {
      status.textContent = "Het schema kan in deze browser niet worden getoond.";
      return;
    }
    var viewer = new window.BpmnJS({ container: box });
    fetch(box.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.statusText); } return r.text(); })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        var canvas = viewer.get("canvas");
        var registry = viewer.get("elementRegistry");
        var names = [];
        ids("data-afgerond").forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, "rf-afgerond"); } });
        ids("data-actief").forEach(function (id) {
          var element = registry.get(id);
          if (element) {
            canvas.addMarker(id, "rf-actief");
            if (element.businessObject && element.businessObject.name) {
              // model names may hold {placeholders} filled per case; the public line shows the plain name
              var plain = element.businessObject.name.replace(/\s*\{[^}]*\}/g, "").replace(/\s*\(\s*\)/g, "").trim();
              if (plain && names.indexOf(plain) < 0) { names.push(plain); }
            }
          }
        });
        canvas.zoom("fit-viewport");
        box.setAttribute("data-geladen", "ja");
        status.textContent = names.length ? "Huidige stap: " + names.join(", ") + "." :
          "Er is op dit moment geen actieve stap.";
        status.id = "diagram-status";
      })
      .catch(function () { status.textContent = "Het schema kon niet worden geladen."; });
  }

  /* -- locatie kiezen op het aanvraagformulier -------------------------------------------------- */
  function locationPicker(box) {
    var field = document.getElementById("veld-locatie");
    var info = document.getElementById("locatie-gekozen");
    var btnPoint = document.getElementById("teken-punt");
    var btnPolygon = document.getElementById("teken-vlak");
    var btnDone = document.getElementById("teken-klaar");
    var btnClear = document.getElementById("teken-wis");
    var map = L.map(box, { minZoom: 6, maxZoom: 19 });
    var tiles = box.getAttribute("data-tile-url");
    if (tiles) { L.tileLayer(tiles, { maxZoom: 19, attribution: "Kaartgegevens © Kadaster" }).addTo(map); }
    var start = (box.getAttribute("data-start") || "3.3,50.75,7.23,53.55").split(",").map(Number);
    map.fitBounds([[start[1], start[0]], [start[3], start[2]]]);
    var multi = box.getAttribute("data-modus") === "punten";
    var points = [];
    var mode = "punt";
    var drawn = L.layerGroup().addTo(map);
    var vertices = [];

    function setMode(m) {
      mode = m;
      btnPoint.setAttribute("aria-pressed", String(m === "punt"));
      btnPolygon.setAttribute("aria-pressed", String(m === "vlak"));
      btnDone.hidden = m !== "vlak";
      vertices = [];
      points = [];
    }

    function store(geometry, text) {
      field.value = geometry ? JSON.stringify(geometry) : "";
      info.textContent = text;
    }

    function r6(v) { return Math.round(v * 1e6) / 1e6; }

    map.on("click", function (e) {
      if (mode === "punt") {
        var c = [r6(e.latlng.lng), r6(e.latlng.lat)];
        if (!multi) { drawn.clearLayers(); points = []; }
        points.push(c);
        L.circleMarker(e.latlng, { radius: 8, color: "#c05600", fillOpacity: 0.7 }).addTo(drawn);
        if (points.length === 1) {
          store({ type: "Point", coordinates: c }, "Punt gekozen: " + c[1] + ", " + c[0] + ".");
        } else {
          store({ type: "MultiPoint", coordinates: points.slice() }, points.length + " punten gekozen.");
        }
      } else {
        vertices.push([r6(e.latlng.lng), r6(e.latlng.lat)]);
        drawn.clearLayers();
        L.polyline(vertices.map(function (c) { return [c[1], c[0]]; }), { color: "#c05600" }).addTo(drawn);
        info.textContent = vertices.length + " hoek(en) geplaatst; klik op 'Vlak klaar' om af te sluiten.";
      }
    });
    btnPoint.addEventListener("click", function () { setMode("punt"); });
    btnPolygon.addEventListener("click", function () { setMode("vlak"); drawn.clearLayers(); store(null, "Klik de hoeken van het vlak aan."); });
    btnDone.addEventListener("click", function () {
      if (vertices.length < 3) { info.textContent = "Een vlak heeft minstens drie hoeken."; return; }
      var ring = vertices.concat([vertices[0]]);
      drawn.clearLayers();
      L.polygon(vertices.map(function (c) { return [c[1], c[0]]; }), { color: "#c05600" }).addTo(drawn);
      store({ type: "Polygon", coordinates: [ring] }, "Vlak gekozen met " + vertices.length + " hoeken.");
      setMode("punt");
    });
    btnClear.addEventListener("click", function () { drawn.clearLayers(); vertices = []; points = []; store(null, "Nog geen locatie op de kaart gekozen."); });
    if (field.value) {
      try { drawn.addLayer(L.geoJSON(JSON.parse(field.value))); } catch (e) { field.value = ""; }
    }
    window.ruimteflowLocatie = { map: map };
  }

  var diagram = document.getElementById("diagram");
  if (diagram) { showDiagram(diagram); }
  var picker = document.getElementById("aanvraag-kaart");
  if (picker && window.L) { locationPicker(picker); }
})();
