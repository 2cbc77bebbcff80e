/* Ruimteflow faces: small progressive enhancements. Everything works without JavaScript. */
(function () {
  "use strict";

  // Ask before far-reaching actions (forms with data-bevestig="question").
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-bevestig");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Move focus to the error summary of a refused form (the one convention: data-foutoverzicht with
  // tabindex="-1"), so screen reader and keyboard users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-foutoverzicht]");
    if (summary) {
      summary.focus();
    }
    // Prevent double submits: disable a form's submit button once it is sent.
    document.querySelectorAll("form[method='post']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (event.defaultPrevented) {
          return;
        }
        var button = form.querySelector("button[type='submit'], button:not([type])");
        if (button) {
          window.setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
        }
      });
    });
  });

  // Coming back through the history (bfcache): enable the buttons again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[aria-busy='true']").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  });
})();
