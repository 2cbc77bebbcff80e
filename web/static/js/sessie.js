/* Ruimteflow faces: the login session's idle time (WCAG 2.2.1 Timing Adjustable). No library.

   1. A warning (#sessie-waarschuwing, role alertdialog, in base.html) shortly before the session ends for
      lack of requests: at most 2 minutes, at least 20 seconds before (half the idle time when that is
      shorter). "Sessie verlengen" posts to /sessie/verlengen (CSRF header), which counts the session as
      used now. Once the time is up the warning says so and offers "Opnieuw inloggen".
   2. What was typed in a form marked data-bewaren (a task form, "Bericht registreren") is kept in this
      tab's sessionStorage when it is sent and when the warning shows, never a password, file or hidden
      field. After a new login the same page (same form address, same user) gets it back; any other page
      but the login page forgets it, so a form sent successfully leaves nothing behind; "Uitloggen"
      (the form marked data-uitloggen) forgets all of it. */
(function () {
  "use strict";

  var PREFIX = "ruimteflow-formulier:";
  var SKIPPED = ["password", "hidden", "file", "submit", "button", "reset", "image"];
  var box = document.getElementById("sessie-waarschuwing");
  var user = box ? box.getAttribute("data-gebruiker") : null;

  // -- the typed fields ---------------------------------------------------------------------------
  function storage() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }

  function keyOf(form) {
    var a = document.createElement("a");
    a.href = form.getAttribute("action") || window.location.href;
    return PREFIX + a.pathname;
  }

  function kept(el) {
    var type = (el.type || "").toLowerCase();
    return el.name && el.name !== "csrf_token" && !el.disabled && SKIPPED.indexOf(type) < 0;
  }

  function isChoice(el) {
    return el.type === "checkbox" || el.type === "radio";
  }

  function fieldsOf(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) {
        return;
      }
      if (isChoice(el)) {
        fields.push({ n: el.name, v: el.value, c: el.checked });
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          fields.push({ n: el.name, v: o.value, c: o.selected });
        });
      } else {
        fields.push({ n: el.name, v: el.value });
      }
    });
    return fields;
  }

  function save(form) {
    var store = storage();
    if (!store || !user) {
      return;
    }
    var title = document.title.replace(/ – Ruimteflow$/, "");
    try {
      store.setItem(keyOf(form), JSON.stringify({ gebruiker: user, titel: title, velden: fieldsOf(form) }));
    } catch (e) { /* full or forbidden: nothing kept */ }
  }

  function saveAll() {
    document.querySelectorAll("form[data-bewaren]").forEach(save);
  }

  // Put the saved fields back; true when anything differed from what the page showed.
  function restore(form, fields) {
    var changed = false;
    var texts = {};
    var choices = {};
    fields.forEach(function (f) {
      if (f.c === undefined) {
        (texts[f.n] = texts[f.n] || []).push(f.v);
      } else {
        choices[f.n + "\u0000" + f.v] = f.c;
      }
    });
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) {
        return;
      }
      if (isChoice(el)) {
        var c = choices[el.name + "\u0000" + el.value];
        if (c !== undefined && el.checked !== c) {
          el.checked = c;
          changed = true;
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          var s = choices[el.name + "\u0000" + o.value];
          if (s !== undefined && o.selected !== s) {
            o.selected = s;
            changed = true;
          }
        });
      } else if (texts[el.name]) {
        var i = seen[el.name] || 0;
        seen[el.name] = i + 1;
        if (i < texts[el.name].length && el.value !== texts[el.name][i]) {
          el.value = texts[el.name][i];
          changed = true;
        }
      }
    });
    return changed;
  }

  function say(before, id, text) {
    var p = document.createElement("p");
    p.className = "melding melding-info";
    p.id = id;
    p.setAttribute("role", "status");
    p.textContent = text;
    before.parentNode.insertBefore(p, before);
  }

  function savedOnes() {
    var store = storage();
    var found = [];
    if (!store) {
      return found;
    }
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) {
        try {
          found.push({ key: key, data: JSON.parse(store.getItem(key)) });
        } catch (e) {
          found.push({ key: key, data: null });
        }
      }
    }
    return found;
  }

  function forgetAll() {
    var store = storage();
    savedOnes().forEach(function (s) {
      store.removeItem(s.key);
    });
  }

  function onLoad() {
    var store = storage();
    var login = document.getElementById("wachtwoord");
    var saved = savedOnes();
    if (login) {  // the login page: keep them for after the login, and say so
      if (saved.length && saved[0].data) {
        say(login.form, "formulier-bewaard", "Wat u had ingevuld in \u201c" + saved[0].data.titel +
          "\u201d is in deze browser bewaard en staat weer in het formulier zodra u opnieuw bent ingelogd.");
      }
      return;
    }
    saved.forEach(function (s) {
      store.removeItem(s.key);
      if (!s.data || s.data.gebruiker !== user) {
        return;
      }
      document.querySelectorAll("form[data-bewaren]").forEach(function (form) {
        if (keyOf(form) === s.key && restore(form, s.data.velden || [])) {
          say(form, "formulier-teruggezet", "Wat u had ingevuld voordat u werd uitgelogd, staat weer in het " +
            "formulier. Controleer het en verstuur het opnieuw.");
        }
      });
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.hasAttribute && form.hasAttribute("data-bewaren")) {
        save(form);
      } else if (form.hasAttribute && form.hasAttribute("data-uitloggen")) {
        forgetAll();  // a deliberate logout leaves nothing typed in the tab for whoever comes next
      }
    }, true);
  }

  // -- the warning --------------------------------------------------------------------------------
  function warning() {
    var seconds = parseInt(box.getAttribute("data-seconden"), 10) || 0;
    var lead = Math.min(120, Math.max(20, Math.floor(seconds / 2))) * 1000;
    var deadline = Date.now() + seconds * 1000;
    var state = "stil";
    var before = null;
    var extend = document.getElementById("sessie-verlengen");
    var again = document.getElementById("sessie-inloggen");
    var heading = document.getElementById("sessie-kop");
    var text = document.getElementById("sessie-tekst");
    var status = document.getElementById("sessie-status");

    function clock(at) {
      return new Date(at).toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
    }

    function show(focus) {
      box.hidden = false;
      focus.focus();
    }

    function warn() {
      state = "gewaarschuwd";
      saveAll();
      document.getElementById("sessie-tijd").textContent = clock(deadline);
      before = document.activeElement;
      show(extend);
    }

    function expired() {
      state = "verlopen";
      saveAll();
      heading.textContent = "Uw sessie is verlopen";
      text.textContent = "U bent uitgelogd omdat u te lang niet actief was. Wat u in een formulier op deze " +
        "pagina had ingevuld, is in deze browser bewaard en staat er weer in zodra u opnieuw bent ingelogd.";
      extend.hidden = true;
      again.href = box.getAttribute("data-inloggen") + "?volgende=" +
        encodeURIComponent(window.location.pathname + window.location.search);
      again.hidden = false;
      show(again);
    }

    function tick() {
      var now = Date.now();
      if (state !== "verlopen" && now >= deadline) {
        expired();
      } else if (state === "stil" && now >= deadline - lead) {
        warn();
      }
    }

    extend.addEventListener("click", function () {
      extend.disabled = true;
      window.fetch(box.getAttribute("data-verlengen"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": box.getAttribute("data-csrf"), "Accept": "application/json" }
      }).then(function (resp) {
        return resp.ok ? resp.json() : Promise.reject(resp);
      }).then(function (answer) {
        extend.disabled = false;
        deadline = Date.now() + answer.seconden * 1000;
        if (deadline - lead <= Date.now()) {  // the session's lifetime ends first: it cannot be extended
          text.textContent = "Uw sessie kan niet langer worden verlengd. Om " + clock(deadline) +
            " wordt u uitgelogd; verstuur wat u hebt ingevuld voor die tijd.";
          extend.hidden = true;
          return;
        }
        state = "stil";
        box.hidden = true;
        status.textContent = "Uw sessie is verlengd.";
        if (before && before.focus && document.body.contains(before)) {
          before.focus();
        }
      }).catch(function () {
        extend.disabled = false;
        expired();
      });
    });
    window.setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    onLoad();
    if (box) {
      warning();
    }
  });
})();
