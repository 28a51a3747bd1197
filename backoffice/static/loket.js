/* Loket JKN back-office behaviours. They live here, not in onclick="" attributes, because the
   Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var HANDLED = "[data-confirm], [data-model-action], [data-inline-add], a.filter, a[href^='javascript:']";

  // Capturing, so that a library stopping the click's propagation cannot skip this.
  document.addEventListener("click", function (event) {
    var el = event.target.closest(HANDLED);
    if (!el) {
      return;
    }
    if (el.hasAttribute("data-confirm")) {
      if (el.tagName === "FORM") {
        return; // a form asks once, when it is submitted (below)
      }
      // A button asking before it submits (delete, workflow steps that cannot be undone).
      if (!window.confirm(el.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
      return;
    }
    // Links that only trigger a script: never follow them (a javascript: URL breaks the CSP).
    event.preventDefault();
    if (el.hasAttribute("data-model-action")) {
      window.modelActions.execute(el.getAttribute("data-model-action"));
    } else if (el.hasAttribute("data-inline-add")) {
      window.faForm.addInlineField(el, el.getAttribute("data-inline-add"));
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();

// A new application: choosing the service sets "Sumber dana" to that service's default.
(function () {
  "use strict";
  var holder = document.getElementById("funding-defaults");
  var service = document.getElementById("service");
  var funding = document.getElementById("funding_source");
  if (!holder || !service || !funding) {
    return;
  }
  var defaults = JSON.parse(holder.getAttribute("data-defaults"));
  service.addEventListener("change", function () {
    if (defaults[service.value]) {
      funding.value = defaults[service.value];
    }
  });
})();
