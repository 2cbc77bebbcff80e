/* Ruimteflow kaart: zaken en lagen van de locatiecheck op een Leaflet-kaart (WGS84). */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("kaart-config").textContent);
  var api = config.api;
  var form = document.getElementById("kaart-filters");
  var telling = document.getElementById("kaart-telling");
  var paneel = document.getElementById("kaart-paneel");
  var paneelInhoud = document.getElementById("paneel-inhoud");
  var lijst = document.getElementById("kaart-zakenlijst");
  var ERNST = config.legenda.ernst;

  var map = L.map("kaart", { zoomControl: true, minZoom: 6, maxZoom: 19 });
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { maxZoom: 19, attribution: config.attributie || "" }).addTo(map);
  }
  var s = config.start;
  map.fitBounds([[s[1], s[0]], [s[3], s[2]]]);

  var layerRenderer = L.canvas({ padding: 0.3 });
  var overlays = {};        // naam -> {meta, group, controller}
  var highlighted = {};     // laag -> set of feature ids (conflicten van de gekozen zaak)
  var zakenLaag = L.layerGroup().addTo(map);
  var zakenController = null;
  var gekozen = null;
  var opener = null;        // what opened the side panel (a list button, the map): focus goes back there

  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function bboxParam() {
    var b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
  }

  function filterParams() {
    var p = new URLSearchParams();
    ["procedure", "fase", "status", "mijlpaal_van", "mijlpaal_tot"].forEach(function (name) {
      var v = form.elements[name].value;
      if (v) { p.set(name, v); }
    });
    return p;
  }

  function fetchJson(url, controller) {
    return fetch(url, { credentials: "same-origin", signal: controller ? controller.signal : undefined,
                        headers: { "Accept": "application/geo+json, application/json" } })
      .then(function (r) {
        if (!r.ok) { return r.json().then(function (p) { throw new Error(p.detail || r.statusText); }); }
        return r.json();
      });
  }

  /* -- zaken ------------------------------------------------------------------------------------ */
  function caseStyle(f) {
    var p = f.properties;
    var rand = p.ernst ? ERNST[p.ernst] || "#333" : "#1f2d3d";
    var conflictRand = config.legenda.conflict_rand;  // dotted: not a layer's dashed outline
    return { color: rand, weight: p.ernst ? conflictRand.dikte : 1.5, dashArray: p.ernst ? conflictRand.streep : null,
             lineCap: p.ernst ? "round" : "butt",
             fillColor: p.kleur, fillOpacity: gekozen === p.zaak ? 0.85 : 0.55,
             className: "zaak zaak-" + p.soort + (p.ernst ? " zaak-conflict" : "") };
  }

  function label(p) {
    return p.zaak + " – " + p.titel + (p.fase ? " (fase " + p.fase + ")" : "") + " – " +
      (p.weergave || p.status).replace("_", " ");
  }

  /* -- clusters (zoomed out the server groups nearby cases and layer objects) ---------------------- */
  function isCluster(f) { return !!(f.properties && f.properties.cluster); }

  function clusterMarker(f, latlng, soort) {
    var n = f.properties.aantal;
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
    var rand = f.properties.ernst ? " kaart-cluster-" + f.properties.ernst : "";
    var wat = soort === "zaken" ? (n === 1 ? "zaak" : "zaken") : "objecten";
    var marker = L.marker(latlng, {
      icon: L.divIcon({ className: "kaart-cluster kaart-cluster-" + soort + rand, iconSize: [size, size],
                        html: el("span", { text: Number(n).toLocaleString("nl-NL") }) }),
      title: n + " " + wat + "; klik om in te zoomen", alt: n + " " + wat, keyboard: true, riseOnHover: true
    });
    marker.on("click", function () { zoomToCluster(f); });
    marker.on("add", function () {
      var node = marker.getElement && marker.getElement();
      if (node) { node.setAttribute("data-cluster", String(n)); node.setAttribute("role", "button"); }
    });
    return marker;
  }

  function zoomToCluster(f) {
    var b = f.properties.bbox;
    var target = map.getBoundsZoom([[b[1], b[0]], [b[3], b[2]]]);
    var zoom = Math.min(map.getMaxZoom(), Math.max(target, map.getZoom() + 2));
    map.setView([(b[1] + b[3]) / 2, (b[0] + b[2]) / 2], zoom);
  }

  /* the SVG element of each shape of a case: one, or one per point of a MultiPoint (a feature group) */
  function eachShape(layer, fn) {
    if (layer.eachLayer) { layer.eachLayer(function (part) { eachShape(part, fn); }); return; }
    var node = layer.getElement && layer.getElement();
    if (node) { fn(node); }
  }

  function loadCases() {
    if (zakenController) { zakenController.abort(); }
    zakenController = new AbortController();
    var p = filterParams();
    p.set("bbox", bboxParam());
    p.set("zoom", String(map.getZoom()));
    telling.textContent = "Zaken laden…";
    fetchJson(api + "/zaken?" + p.toString(), zakenController).then(function (fc) {
      zakenLaag.clearLayers();
      var geo = L.geoJSON(fc, {
        style: caseStyle,
        pointToLayer: function (f, latlng) {
          if (isCluster(f)) { return clusterMarker(f, latlng, "zaken"); }
          var st = caseStyle(f);
          st.radius = 8;
          return L.circleMarker(latlng, st);
        },
        onEachFeature: function (f, layer) {
          if (isCluster(f)) { return; }
          // a node, not a string: Leaflet puts a string into innerHTML, and the title is what an applicant typed
          layer.bindTooltip(el("span", { text: label(f.properties) }));
          layer.on("click", function () { openCase(f.properties.zaak, map.getContainer()); });
          layer.on("add", function () {
            eachShape(layer, function (node) {
              node.setAttribute("data-zaak", f.properties.zaak);
              // the tooltip's focus listeners made every shape an unnamed Tab stop: the list "Zaken in beeld"
              // is the keyboard and screen reader route to the same cases, so the shapes are pointer-only
              node.setAttribute("tabindex", "-1");
              node.setAttribute("aria-hidden", "true");
            });
          });
        }
      });
      zakenLaag.addLayer(geo);
      telling.textContent = (fc.aantal === 1 ? "1 zaak in beeld" : fc.aantal + " zaken in beeld") +
        (fc.clusters ? " (gegroepeerd; klik op een groep om in te zoomen)" : "");
      renderList(fc.features.filter(function (f) { return !isCluster(f); }), fc.clusters);
    }).catch(function (e) {
      if (e.name !== "AbortError") { telling.textContent = "Zaken konden niet worden geladen: " + e.message; }
    });
  }

  function renderList(features, clusters) {
    lijst.textContent = "";
    if (clusters) {
      lijst.appendChild(el("li", { text: "Zoom in om de gegroepeerde zaken één voor één te zien." }));
    }
    features.slice(0, 100).forEach(function (f) {
      var p = f.properties;
      var knop = el("button", { type: "button", "class": "zaak-knop", "data-zaak": p.zaak });
      knop.appendChild(el("span", { "class": "veeg", style: "background:" + p.kleur }));
      knop.appendChild(document.createTextNode(label(p)));
      knop.addEventListener("click", function () { openCase(p.zaak, knop); });
      lijst.appendChild(el("li", {}, [knop]));
    });
    if (features.length > 100) {
      lijst.appendChild(el("li", { text: "… en " + (features.length - 100) + " meer; zoom in of filter." }));
    }
  }

  /* -- zijpaneel -------------------------------------------------------------------------------- */
  function row(dl, term, value) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(el("dt", { text: term }));
    dl.appendChild(el("dd", { text: String(value) }));
  }

  function section(title, items, render) {
    var sec = el("section", { "class": "paneel-sectie" }, [el("h3", { text: title })]);
    if (!items.length) { sec.appendChild(el("p", { "class": "leeg", text: "Geen." })); return sec; }
    var ul = el("ul");
    items.forEach(function (it) { ul.appendChild(render(it)); });
    sec.appendChild(ul);
    return sec;
  }

  function openCase(ref, from) {
    gekozen = ref;
    opener = from || null;
    fetchJson(api + "/zaken/" + encodeURIComponent(ref)).then(function (z) {
      paneelInhoud.textContent = "";
      paneelInhoud.appendChild(el("p", { "class": "paneel-soort", text: z.soort_label === z.procedure ? z.procedure : z.soort_label + " · " + z.procedure }));
      paneelInhoud.appendChild(el("h2", { id: "paneel-titel", tabindex: "-1", text: z.titel }));
      var dl = el("dl", { "class": "paneel-gegevens" });
      row(dl, "Zaak", z.zaak);
      row(dl, "Fase", z.fase || "—");
      row(dl, "Status", z.weergave_label);
      row(dl, "Locatie", z.locatie);
      row(dl, "Bij", z.houder);
      row(dl, "Wacht op", z.wacht_op);
      row(dl, "Volgende mijlpaal", z.volgende_mijlpaal ? z.volgende_mijlpaal.datum + " – " + z.volgende_mijlpaal.wat : "geen");
      paneelInhoud.appendChild(dl);
      paneelInhoud.appendChild(section("Open taken", z.open_taken, function (t) {
        var wie = t.toegewezen_aan ? "opgepakt door " + (t.houder || t.toegewezen_aan)
          : (t.opgepakt ? "opgepakt" : "nog niet opgepakt");
        var li = el("li", { "class": "open-taak", text: t.naam + " – " + ((t.groepen || []).join(", ") || "medewerkers van de gemeente") +
                                   " · " + wie + (t.vervaldatum ? " (gereed " + t.vervaldatum + ")" : "") });
        if (t.reden) { li.appendChild(el("span", { "class": "taak-reden", text: "Reden: " + t.reden })); }
        return li;
      }));
      paneelInhoud.appendChild(section("Conflicten", z.conflicten, function (c) {
        return el("li", { "class": "conflict conflict-" + c.ernst + (c.overschreven ? " overschreven" : ""),
                          text: c.ernst + ": " + c.beschrijving + " (" + c.laag + ", afdeling " + c.afdeling + ")" +
                                (c.overschreven ? " – overschreven" : "") + (c.intern ? " – intern" : "") });
      }));
      paneelInhoud.appendChild(section("Gekoppelde zaken", z.gekoppelde_zaken, function (g) {
        var a = el("a", { href: g.url, text: g.zaak + " " + g.titel });
        return el("li", {}, [a, document.createTextNode(" – " + g.reden)]);
      }));
      paneelInhoud.appendChild(el("p", {}, [el("a", { href: config.zaak_url + encodeURIComponent(z.zaak), "class": "knop",
                                                     text: "Open het zaakdossier" })]));
      paneel.hidden = false;
      highlighted = {};
      z.conflicten.forEach(function (c) {
        if (!c.overschreven) { (highlighted[c.laag] = highlighted[c.laag] || {})[String(c.feature_id)] = c.ernst; }
      });
      Object.keys(overlays).forEach(function (n) { restyleOverlay(n); });
      zakenLaag.eachLayer(function (g) {
        if (g.setStyle) { g.setStyle(function (f) { return isCluster(f) ? {} : caseStyle(f); }); }
      });
      document.getElementById("paneel-titel").focus();
    }).catch(function (e) {
      paneelInhoud.textContent = "De zaak kon niet worden geladen: " + e.message;
      paneel.hidden = false;
    });
  }

  /* focus goes back to what opened the panel: the list button (the list may have been drawn anew since:
     then the case's new button), else the map */
  function returnFocus(ref) {
    var back = opener;
    if (back && !document.body.contains(back)) {
      back = lijst.querySelector(".zaak-knop[data-zaak='" + CSS.escape(ref) + "']");
    }
    (back || map.getContainer()).focus();
  }

  document.getElementById("paneel-sluiten").addEventListener("click", function () {
    var ref = gekozen;
    paneel.hidden = true;
    gekozen = null;
    highlighted = {};
    Object.keys(overlays).forEach(function (n) { restyleOverlay(n); });
    returnFocus(ref);
    opener = null;
  });

  /* -- lagen ------------------------------------------------------------------------------------ */
  function layerStyle(meta) {
    var st = meta.stijl || {};
    return function (f) {
      var p = f.properties || {};
      var kleur = st.kleur || "#555";
      if (st.kleur_veld && st.kleuren && st.kleuren[p[st.kleur_veld]]) { kleur = st.kleuren[p[st.kleur_veld]]; }
      var streep = st.streep_veld && st.strepen ? st.strepen[p[st.streep_veld]] || null : null;
      var hl = (highlighted[meta.naam] || {})[String(f.id)];
      return { color: hl ? ERNST[hl] : kleur, weight: hl ? 4 : 1.5, dashArray: streep, fillColor: kleur,
               fillOpacity: st.vulling === undefined ? 0.2 : st.vulling, renderer: layerRenderer };
    };
  }

  function popupText(meta, p) {
    var lines = [meta.titel];
    Object.keys(p || {}).forEach(function (k) {
      if (p[k] !== null && p[k] !== "") { lines.push(k + ": " + p[k]); }
    });
    return lines;
  }

  function restyleOverlay(naam) {
    var o = overlays[naam];
    if (o && o.geo) { o.geo.setStyle(layerStyle(o.meta)); }
  }

  function loadOverlay(naam) {
    var o = overlays[naam];
    if (!o || !o.aan) { return; }
    if (o.controller) { o.controller.abort(); }
    o.controller = new AbortController();
    var url = api + "/lagen/" + encodeURIComponent(naam) + "?bbox=" + bboxParam() + "&zoom=" + map.getZoom();
    fetchJson(url, o.controller).then(function (fc) {
      if (o.geo) { map.removeLayer(o.geo); }
      o.geo = L.geoJSON(fc, {
        style: layerStyle(o.meta),
        pointToLayer: function (f, latlng) {
          if (isCluster(f)) { return clusterMarker(f, latlng, "laag"); }
          return L.circleMarker(latlng, { radius: 5, renderer: layerRenderer });
        },
        onEachFeature: function (f, layer) {
          if (isCluster(f)) { return; }
          layer.bindPopup(function () {
            var div = el("div", { "class": "laag-popup" });
            popupText(o.meta, f.properties).forEach(function (t, i) { div.appendChild(el(i ? "div" : "strong", { text: t })); });
            return div;
          });
        }
      });
      if (o.aan) { o.geo.addTo(map); zakenLaag.eachLayer(function (g) { g.bringToFront && g.bringToFront(); }); }
      o.status.textContent = fc.afgekapt ? " (ingekort, zoom in)" : fc.clusters ? " (gegroepeerd, zoom in)" : "";
    }).catch(function (e) {
      if (e.name !== "AbortError") { o.status.textContent = " (niet geladen)"; }
    });
  }

  /* what a layer's colours and dashes mean (web.kaart.styles.layer_legend) */
  function layerLegend(meta) {
    var ul = el("ul", { "class": "laag-legenda", "aria-label": "Legenda " + meta.titel });
    meta.legenda.forEach(function (item) {
      var veeg = item.soort === "lijn"
        ? el("span", { "class": "veeg veeg-lijn" + (item.streep ? " veeg-gestreept" : ""), style: "border-color:" + item.kleur })
        : el("span", { "class": "veeg", style: "background:" + item.kleur });
      ul.appendChild(el("li", {}, [veeg, document.createTextNode(item.label)]));
    });
    return ul;
  }

  function renderLayerList(lagen) {
    var box = document.getElementById("kaart-lagenlijst");
    box.textContent = "";
    lagen.forEach(function (meta) {
      var id = "laag-" + meta.naam;
      var input = el("input", { type: "checkbox", id: id, name: "laag", value: meta.naam });
      input.checked = !!(meta.stijl && meta.stijl.aan);
      var status = el("span", { "class": "laag-status" });
      var lab = el("label", { "for": id }, [
        el("span", { "class": "veeg", style: "background:" + ((meta.stijl && meta.stijl.kleur) || "#555") }),
        document.createTextNode(meta.titel + " (" + meta.familie + ")"), status]);
      box.appendChild(el("div", { "class": "laag-keuze" }, [input, lab]));
      if (meta.legenda && meta.legenda.length) { box.appendChild(layerLegend(meta)); }
      overlays[meta.naam] = { meta: meta, aan: input.checked, geo: null, controller: null, status: status };
      input.addEventListener("change", function () {
        var o = overlays[meta.naam];
        o.aan = input.checked;
        if (o.aan) { loadOverlay(meta.naam); } else if (o.geo) { map.removeLayer(o.geo); o.geo = null; }
      });
      if (input.checked) { loadOverlay(meta.naam); }
    });
  }

  fetchJson(api + "/lagen").then(function (d) { renderLayerList(d.lagen); }).catch(function (e) {
    document.getElementById("kaart-lagenlijst").textContent = "Lagen niet beschikbaar: " + e.message;
  });

  var reload = debounce(function () {
    loadCases();
    Object.keys(overlays).forEach(loadOverlay);
  }, 200);
  map.on("moveend", reload);
  form.addEventListener("change", debounce(loadCases, 100));
  form.addEventListener("reset", function () { setTimeout(loadCases, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); loadCases(); });
  loadCases();
  window.ruimteflowKaart = { map: map, openZaak: openCase, herlaad: loadCases };
})();
