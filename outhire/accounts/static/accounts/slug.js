// The new-client form: fill the web address from the name as it is typed, until someone
// edits the address themselves. Without JavaScript the server makes it from the name.
(function () {
  "use strict";
  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "")
      .trim()
      .replace(/[\s-]+/g, "-")
      .slice(0, 55)
      .replace(/-+$/, "");
  }
  document.querySelectorAll("[data-slug-source]").forEach(function (source) {
    var target = document.getElementById(source.getAttribute("data-slug-source"));
    if (!target) return;
    var touched = target.value !== "" && target.value !== slugify(source.value);
    target.addEventListener("input", function () {
      touched = target.value !== "";
    });
    function follow() {
      if (!touched) target.value = slugify(source.value);
    }
    source.addEventListener("input", follow);
    // A name typed before this script ran (a slow connection) is followed too.
    if (source.value) follow();
  });
})();
