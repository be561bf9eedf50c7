// After a form comes back with errors (a 400), move focus to its error summary so that the
// keyboard and the screen reader start where the fixing starts. Without this script the summary
// is still first in the form and announced (role="alert"). A link in the summary focuses its
// field and shows the field's label or legend with it, not just the input.
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) return;
    event.preventDefault();
    var group = input.closest("fieldset") || input.closest(".field");
    (group || input).scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  });

  // A form swapped in by htmx brings its own summary.
  document.addEventListener("htmx:afterSwap", function (event) {
    focusSummary(event.detail.target);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  } else {
    focusSummary(document);
  }
})();
