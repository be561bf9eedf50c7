// Drag and drop on the pipeline board, on top of forms that work without it: dropping a card
// on a column chooses that stage in the card's own move form and submits it, with its version.
// Keyboard users use the form itself.
(function () {
  "use strict";

  function columnOf(element) {
    return element.closest ? element.closest(".board-column[data-stage]") : null;
  }

  function start() {
    var board = document.querySelector("[data-board]");
    if (!board) return;
    var dragged = null;

    board.addEventListener("dragstart", function (event) {
      var card = event.target.closest && event.target.closest(".board-card[draggable='true']");
      if (!card) return;
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.application);
    });
    board.addEventListener("dragend", function () {
      dragged = null;
      board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    });
    board.addEventListener("dragover", function (event) {
      var column = columnOf(event.target);
      if (!dragged || !column || column.contains(dragged)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("drop-target");
    });
    board.addEventListener("dragleave", function (event) {
      var column = columnOf(event.target);
      if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
    });
    board.addEventListener("drop", function (event) {
      var column = columnOf(event.target);
      if (!dragged || !column || column.contains(dragged)) return;
      event.preventDefault();
      var form = dragged.querySelector("form.move-form");
      var select = form && form.querySelector("select[name='stage']");
      if (!select) return;
      select.value = column.dataset.stage;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
