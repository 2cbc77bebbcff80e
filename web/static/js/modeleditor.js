/* The model editor (beheer): the vendored bpmn-js Modeler on the user's draft, the scenario text and
   the five actions, each a JSON route of web/faces/modeleditor.py (URLs and CSRF token in the data
   attributes of #modeleditor). Validation problems are marked on the canvas; the comparison, the test
   report and the deploy result are listed below it. When the diagram is imported the container gets
   data-geladen = milliseconds since navigation start (performance.now()). */
(function () {
  "use strict";
  var root, modeler, panel, scenarios, status, failure;
  var marked = [];
  var busy = false;
  var dirty = false;  /* changes not yet saved as the draft */
  var loaded = null;  /* the version the shown draft is based on; sent with each save (a stale page stays stale) */

  function setDirty(value) {
    dirty = value;
    document.getElementById("editor-opgeslagen").classList.toggle("editor-gewijzigd", value);
    if (value) {
      document.getElementById("editor-opgeslagen").textContent = "Er zijn wijzigingen die nog niet zijn opgeslagen.";
    }
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function url(name) { return root.getAttribute("data-url-" + name); }

  function say(text) { status.textContent = text; }

  function fail(text) {
    failure.hidden = !text;
    failure.textContent = text ? "Let op: " + text : "";
  }

  /* A JSON route; rejects with {status, body} (a problem document) when the answer is not 2xx. */
  function call(method, name, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": root.getAttribute("data-csrf") }
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url(name), options).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("json") < 0) {
        throw { status: response.status, body: { detail: "Onverwacht antwoord van de server (HTTP " +
          response.status + "). Bent u nog ingelogd? Laad de pagina opnieuw." } };
      }
      return response.json().then(function (json) {
        if (!response.ok) { throw { status: response.status, body: json }; }
        return json;
      });
    });
  }

  function detailOf(error) {
    if (error && error.body && error.body.detail) { return error.body.detail; }
    return "Er ging iets mis (" + ((error && error.message) || error) + ").";
  }

  function time(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString("nl-NL", { dateStyle: "short", timeStyle: "short" });
  }

  function showDraft(draft) {
    scenarios.value = draft.scenarios || "";
    loaded = draft.versie;
    setDirty(false);
    document.getElementById("editor-versie").textContent = draft.versie;
    document.getElementById("editor-opgeslagen").textContent = draft.concept && draft.bijgewerkt ?
      "Uw concept is opgeslagen op " + time(draft.bijgewerkt) + "." : "Er is nog geen concept opgeslagen.";
    var others = draft.andere_bewerkers || [];
    var warning = document.getElementById("editor-andere");
    warning.hidden = others.length === 0;
    warning.textContent = others.map(function (o) {
      return "Let op: ook " + o.gebruiker + " bewerkt dit model (concept bijgewerkt " + time(o.bijgewerkt) +
        "). Wie het laatst in gebruik neemt, overschrijft de ander.";
    }).join(" ");
  }

  function load() {
    return call("GET", "concept").then(function (draft) {
      return modeler.importXML(draft.xml).then(function () {
        showDraft(draft);
        modeler.get("canvas").zoom("fit-viewport");
        panel.fill();
        var canvas = document.getElementById("editor-canvas");
        canvas.setAttribute("aria-busy", "false");
        root.setAttribute("data-geladen", String(Math.round(performance.now())));
      });
    });
  }

  function draftBody() {
    /* formatted, so a model taken into use from the editor stays readable in a diff; the comparison
       treats indentation between child elements as layout */
    return modeler.saveXML({ format: true }).then(function (result) {
      return { xml: result.xml, scenarios: scenarios.value, versie: loaded };
    });
  }

  function save() {
    return draftBody().then(function (body) { return call("PUT", "concept", body); }).then(function (draft) {
      showDraft(draft);
      return draft;
    });
  }

  function section(id) {
    var node = document.getElementById(id);
    node.textContent = "";
    node.hidden = false;
    return node;
  }

  function listIn(parent, items, render) {
    var list = el("ul");
    items.forEach(function (item) { list.appendChild(render(item)); });
    parent.appendChild(list);
  }

  /* Validation problems: listed, and the refused elements marked on the canvas. */
  function clearMarks() {
    var canvas = modeler.get("canvas");
    var overlays = modeler.get("overlays");
    marked.forEach(function (id) { canvas.removeMarker(id, "editor-fout"); });
    overlays.remove({ type: "editor-fout" });
    marked = [];
  }

  function mark(problems) {
    var registry = modeler.get("elementRegistry");
    var canvas = modeler.get("canvas");
    problems.forEach(function (p) {
      if (!p.element || !registry.get(p.element) || marked.indexOf(p.element) >= 0) { return; }
      canvas.addMarker(p.element, "editor-fout");
      var badge = el("div", "!", "editor-fout-badge");
      badge.setAttribute("data-element", p.element);
      badge.title = p.melding;
      modeler.get("overlays").add(p.element, "editor-fout", { position: { top: -10, right: 10 }, html: badge });
      marked.push(p.element);
    });
  }

  function showProblems(result) {
    var node = section("resultaat-validatie");
    var problems = result.problemen || [];
    clearMarks();
    mark(problems);
    node.appendChild(el("h3", "Validatie"));
    node.setAttribute("data-geldig", result.geldig ? "ja" : "nee");
    node.appendChild(el("p", result.geldig ? "Het concept is geldig: de controles van het deployen slagen." :
      "Het concept wordt geweigerd. " + problems.length + (problems.length === 1 ? " probleem" : " problemen") +
      " (gemarkeerd in het diagram):", result.geldig ? "melding melding-succes" : "melding melding-fout"));
    listIn(node, problems, function (p) {
      var item = el("li", p.melding);
      item.className = "probleem";
      if (p.element) {
        item.setAttribute("data-element", p.element);
        var show = el("button", "Toon " + p.element, "knop knop-licht knop-klein");
        show.type = "button";
        show.addEventListener("click", function () {
          var element = modeler.get("elementRegistry").get(p.element);
          if (element) {
            modeler.get("selection").select(element);
            modeler.get("canvas").scrollToElement(element);
          }
        });
        item.appendChild(document.createTextNode(" "));
        item.appendChild(show);
      }
      return item;
    });
    warnIn(node, result.waarschuwingen);  /* deployed all the same */
  }

  function warnIn(node, warnings) {
    (warnings || []).forEach(function (warning) {
      node.appendChild(el("p", warning, "melding melding-waarschuwing"));
    });
  }

  function elementLine(e) {
    return (e.naam ? e.naam + " " : "") + "(" + e.type + ", " + e.id + ")";
  }

  function showComparison(result) {
    var node = section("resultaat-vergelijking");
    node.appendChild(el("h3", "Verschil met versie " + result.versie));
    var parts = [
      ["Toegevoegd", result.toegevoegd || [], "toegevoegd"],
      ["Verwijderd", result.verwijderd || [], "verwijderd"],
      ["Gewijzigd", result.gewijzigd || [], "gewijzigd"]
    ];
    var total = 0;
    parts.forEach(function (part) {
      if (!part[1].length) { return; }
      total += part[1].length;
      node.appendChild(el("h4", part[0] + " (" + part[1].length + ")"));
      listIn(node, part[1], function (e) {
        var item = el("li", elementLine(e), "verschil-" + part[2]);
        item.setAttribute("data-element", e.id);
        if (e.wijzigingen && e.wijzigingen.length) {
          var changes = el("ul");
          e.wijzigingen.forEach(function (w) { changes.appendChild(el("li", w, "wijziging")); });
          item.appendChild(changes);
        }
        return item;
      });
    });
    if (!total) { node.appendChild(el("p", "Geen verschil met de versie in gebruik.")); }
    var cases = result.zaken_op_verwijderd || [];
    if (cases.length) {
      node.appendChild(el("h4", "Lopende zaken op een verwijderd element (" + cases.length + ")"));
      listIn(node, cases, function (c) { return el("li", "Zaak " + c.zaak + " staat op " + c.element); });
    }
    var refused = result.zaken_geweigerd || [];
    if (refused.length) {
      node.appendChild(el("h4", "Lopende zaken die een migratie zou weigeren (" + refused.length + ")"));
      listIn(node, refused, function (c) { return el("li", "Zaak " + c.zaak + ": " + c.reden); });
    }
  }

  function showTests(result) {
    var node = section("resultaat-test");
    node.appendChild(el("h3", "Scenario's"));
    node.setAttribute("data-geslaagd", result.geslaagd ? "ja" : "nee");
    var runs = result.scenarios || [];
    var failed = runs.filter(function (s) { return !s.geslaagd; }).length;
    var text = result.geslaagd ? "Alle scenario's slagen (" + runs.length + ")." :
      failed + " van de " + runs.length + " scenario's mislukt.";
    if (result.afgebroken) {
      text = "De test is afgebroken: de rekentijd was op. Daarvoor liepen " + runs.length +
        " scenario's, waarvan " + failed + " mislukt.";
    }
    node.appendChild(el("p", text, result.geslaagd ? "melding melding-succes" : "melding melding-fout"));
    listIn(node, runs, function (s) {
      var item = el("li", (s.geslaagd ? "Geslaagd: " : "Mislukt: ") + s.naam, s.geslaagd ? "scenario-geslaagd" : "scenario-mislukt");
      if (s.fouten && s.fouten.length) {
        var errors = el("ul");
        s.fouten.forEach(function (f) { errors.appendChild(el("li", f)); });
        item.appendChild(errors);
      }
      return item;
    });
    if (result.rapport) {
      var details = el("details", null, "uitleg");
      details.appendChild(el("summary", "Volledig rapport"));
      details.appendChild(el("pre", result.rapport, "editor-rapport"));
      node.appendChild(details);
    }
  }

  /* A run its CPU budget stopped (scenarios-rekentijd): the scenarios that ran to their end before it. */
  function showStopped(error) {
    var body = (error && error.body) || {};
    if (body.code === "scenarios-rekentijd" && body.scenarios) {
      showTests({ geslaagd: false, afgebroken: true, scenarios: body.scenarios });
    }
  }

  function showDeployed(result) {
    var node = section("resultaat-gebruik");
    var text = result.ongewijzigd ?
      "Het model is gelijk aan versie " + result.versie + " van " + result.process_id + ", die al in gebruik is: " +
        "er is geen nieuwe versie gemaakt. De scenario's zijn bij die versie vastgelegd" :
      "Versie " + result.versie + " van " + result.process_id + " is in gebruik genomen";
    text += result.geforceerd ? " (geforceerd; de reden is vastgelegd)." : ".";
    node.appendChild(el("p", text, "melding melding-succes"));
    warnIn(node, result.waarschuwingen);
    var link = el("a", "Naar het model");
    link.href = root.getAttribute("data-url-model");
    node.appendChild(link);
    document.getElementById("editor-reden").value = "";
  }

  function deployFailed(error) {
    var body = (error && error.body) || {};
    if (body.problemen) { showProblems({ geldig: false, problemen: body.problemen }); }
    showStopped(error);
    if (body.code === "scenarios-mislukt" || body.code === "concept-verouderd") {
      var reason = document.getElementById("editor-reden");
      reason.focus();
    }
    throw error;
  }

  var ACTIONS = {
    opslaan: function () {
      return save().then(function () { say("Concept opgeslagen."); });
    },
    valideren: function () {
      return draftBody().then(function (body) { return call("POST", "valideren", body); }).then(function (r) {
        setDirty(false);  /* valideren saves the draft it is given first */
        document.getElementById("editor-opgeslagen").textContent = "Uw concept is opgeslagen.";
        showProblems(r);
        say(r.geldig ? "Validatie geslaagd." : "Validatie: het concept wordt geweigerd.");
      });
    },
    vergelijken: function () {
      return save().then(function () { return call("POST", "vergelijken"); }).then(function (r) {
        showComparison(r);
        say("Vergelijking met versie " + r.versie + " getoond.");
      });
    },
    testen: function () {
      return save().then(function () { return call("POST", "testen"); }).then(function (r) {
        showTests(r);
        say(r.geslaagd ? "Alle scenario's slagen." : "Er zijn mislukte scenario's.");
      }, function (error) {
        showStopped(error);
        throw error;
      });
    },
    in_gebruik_nemen: function () {
      var reason = document.getElementById("editor-reden").value.trim();
      var body = reason ? { reden: reason } : {};
      return save().then(function () { return call("POST", "in-gebruik-nemen", body); }).then(function (r) {
        showDeployed(r);
        say(r.ongewijzigd ? "Geen nieuwe versie: het model is ongewijzigd." : "Versie " + r.versie + " is in gebruik genomen.");
        return load();
      }, deployFailed);
    }
  };

  function run(name, button) {
    if (busy) { return; }
    busy = true;
    fail("");
    root.setAttribute("aria-busy", "true");
    var buttons = root.querySelectorAll("[data-actie]");
    buttons.forEach(function (b) { b.disabled = true; });
    say(button.textContent + "…");
    ACTIONS[name]().catch(function (error) {
      fail(detailOf(error));
      say("");
    }).then(function () {
      busy = false;
      root.setAttribute("aria-busy", "false");
      buttons.forEach(function (b) { b.disabled = false; });
      /* back to the button, unless the action moved the focus on purpose (the reason field) */
      if (!document.activeElement || document.activeElement === document.body) { button.focus(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("modeleditor");
    if (!root) { return; }
    status = document.getElementById("editor-status");
    failure = document.getElementById("editor-fout");
    scenarios = document.getElementById("editor-scenarios");
    var canvas = document.getElementById("editor-canvas");
    if (typeof window.BpmnJS !== "function" || typeof window.ruimteflowEditorPanel !== "function") {
      canvas.textContent = "De editor kan niet worden geladen (bpmn-js ontbreekt).";
      return;
    }
    canvas.textContent = "";
    modeler = new window.BpmnJS({ container: canvas });
    modeler.on("commandStack.changed", function (event) { if (event.trigger !== "clear") { setDirty(true); } });
    scenarios.addEventListener("input", function () { setDirty(true); });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
    var keuzes = JSON.parse(document.getElementById("modeleditor-keuzes").textContent);
    panel = window.ruimteflowEditorPanel(modeler, keuzes);
    root.querySelectorAll("[data-actie]").forEach(function (button) {
      button.addEventListener("click", function () { run(button.getAttribute("data-actie").replace(/-/g, "_"), button); });
    });
    load().catch(function (error) {
      canvas.textContent = "Het model kan niet worden geladen: " + detailOf(error);
      canvas.setAttribute("aria-busy", "false");
    });
  });
})();
