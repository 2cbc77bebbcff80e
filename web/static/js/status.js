/* Ruimteflow aanvraagformulier: locatie op de kaart, adres zoeken, gemeentegrens en locatiecheck vooraf.
   (De statuspagina toont de publieke fasen zonder script; het interne diagram is niet publiek.) */
(function () {
  "use strict";

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
    window.ruimteflowLocatie = { map: map, store: store, drawn: drawn };
    publicLayers(map, box);
    addressLookup(map, drawn, store);
    locationCheck(field);
  }

  /* -- gemeentegrens op de kaart -------------------------------------------------------------- */
  var LAYER_COLOURS = ["#2f7d32", "#8e24aa", "#1565c0", "#c62828"];
  function publicLayers(map, box) {
    var control = L.control.kaartlagen(null, null, { collapsed: true }).addTo(map);
    fetch("/aanvragen/gemeentegrens", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (geo) {
        if (!geo || !geo.geometry) { return; }
        var grens = L.geoJSON(geo, { interactive: false, style: { color: "#222222", weight: 3, dashArray: "6 4", fill: false } }).addTo(map);
        control.addOverlay(grens, "Gemeentegrens");
      })
      .catch(function () { /* de kaart werkt ook zonder grens */ });
    var bounds = map.getBounds();
    var bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
    (box.getAttribute("data-lagen") || "").split(";").filter(Boolean).forEach(function (item, i) {
      var parts = item.split("|");
      var url = box.getAttribute("data-lagen-url").replace("NAAM", encodeURIComponent(parts[0]));
      fetch(url + "?bbox=" + bbox + "&zoom=12", { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (geo) {
          if (!geo) { return; }
          var colour = LAYER_COLOURS[i % LAYER_COLOURS.length];
          var layer = L.geoJSON(geo, { interactive: false, style: { color: colour, weight: 1, fillOpacity: 0.12 },
            pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 3, color: colour, interactive: false }); } });
          layer.addTo(map);
          control.addOverlay(layer, parts[1]);
        })
        .catch(function () { /* een laag die niet laadt, blijft weg */ });
    });
  }

  /* -- adres zoeken: postcode + huisnummer -> locatie ----------------------------------------- */
  function addressLookup(map, drawn, store) {
    var button = document.getElementById("adres-zoek");
    var out = document.getElementById("adres-resultaat");
    if (!button) { return; }
    function lookup() {
      var pc = document.getElementById("adres-postcode").value;
      var nr = document.getElementById("adres-huisnummer").value;
      out.textContent = "Adres zoeken…";
      fetch("/aanvragen/adres?postcode=" + encodeURIComponent(pc) + "&huisnummer=" + encodeURIComponent(nr),
            { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { out.textContent = res.body.detail || "Het adres is niet gevonden."; return; }
          var a = res.body;
          drawn.clearLayers();
          L.circleMarker([a.lat, a.lon], { radius: 8, color: "#c05600", fillOpacity: 0.7 }).addTo(drawn);
          map.setView([a.lat, a.lon], 17);
          store({ type: "Point", coordinates: [a.lon, a.lat] }, "Locatie van het adres gekozen: " + a.adres + ".");
          var name = document.getElementById("veld-locatie_naam");
          if (name && !name.value) { name.value = a.adres; }
          out.textContent = "Gevonden: " + a.adres + ".";
          runCheck();
        })
        .catch(function () { out.textContent = "Het adres kon niet worden opgezocht. Wijs de locatie aan op de kaart."; });
    }
    button.addEventListener("click", lookup);
    /* Enter in the postcode or house number looks the address up; it does not send the whole application */
    ["adres-postcode", "adres-huisnummer"].forEach(function (id) {
      document.getElementById(id).addEventListener("keydown", function (e) {
        if (e.key === "Enter" && !e.isComposing) { e.preventDefault(); lookup(); }
      });
    });
  }

  /* -- locatiecheck vóór het versturen ---------------------------------------------------------- */
  var runCheck = function () {};
  function locationCheck(field) {
    var box = document.getElementById("locatiecheck");
    if (!box) { return; }
    var out = document.getElementById("locatiecheck-resultaat");
    var form = box.closest("form");
    runCheck = function () {
      var data = new FormData();
      data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
      data.append("locatie", field.value);
      data.append("coordinaat", (document.getElementById("veld-coordinaat") || {}).value || "");
      var soort = document.getElementById("veld-soort");
      if (soort) { data.append("soort", soort.value); }
      out.textContent = "Locatie controleren…";
      fetch(box.getAttribute("data-url"), { method: "POST", body: data, headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          out.textContent = "";
          if (!res.ok) { out.textContent = res.body.detail || "De locatie kon niet worden gecontroleerd."; return; }
          var b = res.body;
          if (!b.binnen_gemeente) {
            var warn = document.createElement("p");
            warn.className = "veld-fout";
            warn.textContent = b.melding;
            out.appendChild(warn);
            return;
          }
          if (b.melding) { var p = document.createElement("p"); p.textContent = b.melding; out.appendChild(p); }
          if (b.aandachtspunten.length) {
            var ul = document.createElement("ul");
            b.aandachtspunten.forEach(function (a) {
              var li = document.createElement("li");
              li.textContent = a.tekst;
              ul.appendChild(li);
            });
            out.appendChild(ul);
          }
        })
        .catch(function () { out.textContent = "De locatie kon niet worden gecontroleerd."; });
    };
    document.getElementById("locatiecheck-knop").addEventListener("click", function () { runCheck(); });
  }

  var picker = document.getElementById("aanvraag-kaart");
  if (picker && window.L) { locationPicker(picker); }
})();
