// The main menu's groups are <details> and work without this file. Sharing a name, they
// already close each other in current browsers, at once. This file adds the same for older
// browsers (on the toggle event, which arrives later: a group closed meanwhile is left alone),
// and what people expect of a menu bar: a click elsewhere or Escape closes the open group
// (Escape puts focus back on its summary).
(function () {
  "use strict";
  var groups = document.querySelectorAll("header.site details.nav-group");
  function closeAll(except) {
    groups.forEach(function (group) {
      if (group !== except) group.open = false;
    });
  }
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) closeAll(group);
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("header.site details.nav-group")) closeAll(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("header.site details.nav-group[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
})();
