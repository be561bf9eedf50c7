// The main menu's groups are <details> and work without this file. It only adds what people
// expect of a menu bar: opening one group closes the others, a click elsewhere or Escape
// closes the open one (Escape puts focus back on its summary).
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
