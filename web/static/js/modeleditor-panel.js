/* The side panel of the model editor: the platform's properties of the selected element
   (bpmn/MODELLING.md "Element properties"), read from and written to the
   <spiffworkflow:properties> extension element through the bpmn-js modeling commands (so undo works
   and the XML is written by bpmn-js, never by hand), and a lane's name (its candidate group).
   The spiffworkflow namespace has no moddle descriptor here on purpose: its elements stay generic
   moddle elements, so every extension the file holds (scripts, instructions, ...) survives the
   round trip untouched. window.ruimteflowEditorPanel(modeler, keuzes) wires it up. */
(function () {
  "use strict";
  var NS = "http://spiffworkflow.org/bpmn/schema/1.0/core";
  var USER_TASK = ["kandidaatgroepen", "wacht_op", "documenten", "termijn", "reden", "besluit", "formulier", "keuzes"];

  function is(bo, type) { return Boolean(bo && bo.$instanceOf && bo.$instanceOf(type)); }

  function isSpiff(el, local) {
    var ns = el && el.$descriptor && el.$descriptor.ns;
    if (ns && ns.uri === NS) { return ns.localName === local; }
    return Boolean(el && typeof el.$type === "string" && /^spiffworkflow:/.test(el.$type) &&
      el.$type.split(":")[1] === local);
  }

  /* Which fields the panel shows for an element (by its BPMN type). */
  function fieldsFor(bo) {
    if (is(bo, "bpmn:Lane")) { return ["groep"]; }
    if (!is(bo, "bpmn:FlowNode")) { return ["naam"]; }
    var fields = ["naam", "fase", "publiek", "publiek_voor_derden"];
    if (is(bo, "bpmn:UserTask")) { return fields.concat(USER_TASK); }
    if (is(bo, "bpmn:IntermediateCatchEvent") || is(bo, "bpmn:BoundaryEvent") || is(bo, "bpmn:ReceiveTask")) {
      fields = fields.concat(["wacht_op", "houder"]);
    }
    if (is(bo, "bpmn:EndEvent")) { fields.push("resultaat"); }
    return fields;
  }

  function container(bo) {
    var ext = bo.extensionElements;
    var values = (ext && ext.values) || [];
    for (var i = 0; i < values.length; i++) {
      if (isSpiff(values[i], "properties")) { return values[i]; }
    }
    return null;
  }

  function children(props) {
    return ((props && props.$children) || []).filter(function (c) { return isSpiff(c, "property"); });
  }

  function readProperty(bo, key) {
    var found = children(container(bo)).filter(function (c) { return c.name === key; })[0];
    return found ? String(found.value || "") : "";
  }

  /* Set (or, for an empty value, remove) one property with modeling commands. */
  function writeProperty(modeler, element, key, value) {
    var modeling = modeler.get("modeling");
    var moddle = modeler.get("moddle");
    var bo = element.businessObject;
    var ext = bo.extensionElements;
    if (!ext) {
      if (!value) { return; }
      ext = moddle.create("bpmn:ExtensionElements", { values: [] });
      modeling.updateProperties(element, { extensionElements: ext });
    }
    var props = container(bo);
    if (!props) {
      if (!value) { return; }
      props = moddle.createAny("spiffworkflow:properties", NS, {});
      props.$children = [];
      modeling.updateModdleProperties(element, ext, { values: (ext.values || []).concat([props]) });
    }
    var all = props.$children || [];
    var current = all.filter(function (c) { return isSpiff(c, "property") && c.name === key; })[0];
    if (current && value) {
      modeling.updateModdleProperties(element, current, { value: value });
    } else if (current) {
      modeling.updateModdleProperties(element, props, { $children: all.filter(function (c) { return c !== current; }) });
    } else if (value) {
      var created = moddle.createAny("spiffworkflow:property", NS, { name: key, value: value });
      modeling.updateModdleProperties(element, props, { $children: all.concat([created]) });
    }
  }

  /* A JSON list property (documenten, besluit) is edited as "a, b"; anything else stays as typed. */
  function listToText(raw) {
    if (!raw) { return ""; }
    try {
      var list = JSON.parse(raw);
      if (Array.isArray(list)) { return list.join(", "); }
    } catch (e) { /* not JSON: shown as it is */ }
    return raw;
  }

  function textToList(text) {
    var trimmed = text.trim();
    if (!trimmed || trimmed.charAt(0) === "[") { return trimmed; }
    var items = trimmed.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    return "[" + items.map(function (s) { return JSON.stringify(s); }).join(", ") + "]";
  }

  function laneOf(registry, shape) {
    var node = shape;
    while (node) {
      var bo = node.businessObject;
      var lanes = registry.filter(function (e) {
        return is(e.businessObject, "bpmn:Lane") && (e.businessObject.flowNodeRef || []).indexOf(bo) >= 0;
      });
      if (lanes.length) { return lanes[0].businessObject.name || lanes[0].id; }
      node = node.parent;
    }
    return null;
  }

  function describe(bo) {
    var kind = (bo.$type || "").replace(/^bpmn:/, "");
    return (bo.name ? bo.name + " " : "") + "(" + kind + ", " + bo.id + ")";
  }

  window.ruimteflowEditorPanel = function (modeler, keuzes) {
    var form = document.getElementById("paneel-formulier");
    var label = document.getElementById("paneel-element");
    var error = document.getElementById("paneel-fout");
    var chooser = document.getElementById("paneel-kies");
    var registry = modeler.get("elementRegistry");
    var selected = null;
    var phases = {};
    (keuzes.fasen || []).forEach(function (f) { phases[f.intern] = f.publiek; });
    document.getElementById("documenttypen").textContent = (keuzes.documenttypen || [])
      .map(function (t) { return t.code + " (" + t.omschrijving + ")"; }).join(", ");

    function inputs() { return Array.prototype.slice.call(form.querySelectorAll("[data-eigenschap]")); }

    function showPhase(value) {
      var text = !value ? "" : phases[value] ? "Publieke fase: " + phases[value] + "." :
        "Let op: '" + value + "' hoort bij geen publieke fase in bpmn/fasen.toml.";
      document.getElementById("fase-publiek").textContent = text;
    }

    function valueOf(bo, key) {
      if (key === "naam" || key === "groep") { return bo.name || ""; }
      var raw = readProperty(bo, key);
      return form.querySelector("[data-eigenschap='" + key + "']").hasAttribute("data-lijst") ? listToText(raw) : raw;
    }

    function render() {
      error.textContent = "";
      if (!selected || selected.type === "label") {
        form.hidden = true;
        label.textContent = "Kies een element in het diagram of in de lijst hierboven.";
        return;
      }
      var bo = selected.businessObject;
      var shown = fieldsFor(bo);
      label.textContent = describe(bo);
      form.querySelectorAll("[data-veld]").forEach(function (el) {
        el.hidden = shown.indexOf(el.getAttribute("data-veld")) < 0;
      });
      inputs().forEach(function (input) {
        var key = input.getAttribute("data-eigenschap");
        input.value = shown.indexOf(key) >= 0 ? valueOf(bo, key) : "";
        input.removeAttribute("aria-invalid");
      });
      var lane = is(bo, "bpmn:Lane") ? null : laneOf(registry, selected);
      var laneText = document.getElementById("prop-lane");
      laneText.hidden = !lane;
      laneText.textContent = lane ? "Lane (groep): " + lane : "";
      showPhase(valueOf(bo, "fase"));
      form.hidden = false;
      if (chooser && chooser.value !== selected.id) { chooser.value = selected.id; }
    }

    function apply(input) {
      if (!selected) { return; }
      var key = input.getAttribute("data-eigenschap");
      var value = input.value.trim();
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      if (key === "naam" || key === "groep") {
        modeler.get("modeling").updateLabel(selected, value);
        return;
      }
      if (key === "formulier" && value) {
        try { JSON.parse(value); } catch (e) {
          input.setAttribute("aria-invalid", "true");
          error.textContent = "Het formulier is geen geldige JSON; het is niet overgenomen. Controleer " +
            "aanhalingstekens, komma's en haakjes.";
          return;
        }
      }
      if (input.hasAttribute("data-lijst")) { value = textToList(value); }
      writeProperty(modeler, selected, key, value);
      if (key === "fase") { showPhase(value); }
    }

    inputs().forEach(function (input) {
      input.addEventListener("change", function () { apply(input); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    modeler.on("selection.changed", function (event) {
      selected = event.newSelection.length === 1 ? event.newSelection[0] : null;
      render();
    });
    modeler.on("element.changed", function (event) {
      if (selected && event.element === selected && !form.contains(document.activeElement)) { render(); }
    });
    if (chooser) {
      chooser.addEventListener("change", function () {
        var element = registry.get(chooser.value);
        if (!element) { return; }
        modeler.get("selection").select(element);
        modeler.get("canvas").scrollToElement(element);
      });
    }
    return {
      /* Fill the element chooser after an import: every flow node and lane, by name. */
      fill: function () {
        if (!chooser) { return; }
        var options = registry.filter(function (e) {
          return e.type !== "label" && (is(e.businessObject, "bpmn:FlowNode") || is(e.businessObject, "bpmn:Lane"));
        }).map(function (e) { return { id: e.id, text: describe(e.businessObject) }; });
        options.sort(function (a, b) { return a.text.localeCompare(b.text, "nl"); });
        chooser.textContent = "";
        var empty = document.createElement("option");
        empty.value = "";
        empty.textContent = "— kies een element —";
        chooser.appendChild(empty);
        options.forEach(function (o) {
          var option = document.createElement("option");
          option.value = o.id;
          option.textContent = o.text;
          chooser.appendChild(option);
        });
        selected = null;
        render();
      }
    };
  };
})();
