// A table wider than its box scrolls inside it (.scroll-x) rather than widening the page. A
// mouse or a finger scrolls it directly; the keyboard needs the box itself in the tab order,
// so a box that overflows gets tabindex="0" (and loses it again once it fits, so boxes that do
// not scroll add no tab stops). Without this script the box still scrolls with a pointer.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".scroll-x").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
  // Content swapped in by htmx (a board column, a partial) may bring new boxes.
  document.addEventListener("htmx:afterSettle", mark);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
