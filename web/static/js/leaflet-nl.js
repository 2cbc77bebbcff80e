/* Leaflet in Dutch: the texts Leaflet itself writes into its controls and popups, on every map of
   Ruimteflow (WCAG 3.1.2). Load right after vendor/leaflet/leaflet.js (1.9.4), before any map is made.
   Only Leaflet's public API: class options, a map init hook with the popupopen event, and a layer control
   that extends L.Control.Layers through its documented onAdd. */
(function () {
  "use strict";
  if (!window.L) { return; }

  L.Control.Zoom.mergeOptions({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" });
  L.Control.Attribution.mergeOptions({
    prefix: L.Control.Attribution.prototype.options.prefix.replace(
      "A JavaScript library for interactive maps", "Een JavaScript-bibliotheek voor interactieve kaarten")
  });

  /* a popup's close button has its English name fixed in Leaflet: rename it when the popup opens */
  L.Map.addInitHook(function () {
    this.on("popupopen", function (e) {
      var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", "Pop-up sluiten"); }
    });
  });

  /* so has the layer control's toggle: L.control.kaartlagen is L.control.layers with a Dutch toggle */
  L.Control.Kaartlagen = L.Control.Layers.extend({
    onAdd: function (map) {
      var container = L.Control.Layers.prototype.onAdd.call(this, map);
      container.querySelector(".leaflet-control-layers-toggle").title = "Kaartlagen";
      return container;
    }
  });
  L.control.kaartlagen = function (baseLayers, overlays, options) {
    return new L.Control.Kaartlagen(baseLayers, overlays, options);
  };
})();
