/* Leaflet in Dutch: the texts Leaflet itself writes into its controls and popups, on every map of
   Ruimteflow (WCAG 3.1.2). Load right after vendor/leaflet/leaflet.js (1.9.4), before any map is made. */
(function () {
  "use strict";
  if (!window.L) { return; }

  L.Control.Zoom.mergeOptions({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" });
  L.Control.Attribution.mergeOptions({
    prefix: L.Control.Attribution.prototype.options.prefix.replace(
      "A JavaScript library for interactive maps", "Een JavaScript-bibliotheek voor interactieve kaarten")
  });

  /* the layer control's toggle and a popup's close button have their English text fixed in Leaflet */
  var layersLayout = L.Control.Layers.prototype._initLayout;
  L.Control.Layers.include({
    _initLayout: function () {
      layersLayout.call(this);
      this._layersLink.title = "Kaartlagen";
    }
  });
  var popupLayout = L.Popup.prototype._initLayout;
  L.Popup.include({
    _initLayout: function () {
      popupLayout.call(this);
      if (this._closeButton) { this._closeButton.setAttribute("aria-label", "Pop-up sluiten"); }
    }
  });
})();
