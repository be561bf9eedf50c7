// Drag and drop on the pipeline board, on top of forms that work without it: dropping a card
// on a column chooses that stage in the card's own move form and submits it, with its version.
// Keyboard users use the form itself.
//
// Before a move is posted, the board asks the server what it would do (the form's
// data-preview URL). Nothing to confirm (204, or anything unexpected): the form is posted as
// it is, and the server answers as it always does. A move that would e-mail the candidate or
// skip stages: the server's confirmation (the same form as the page without JavaScript) opens
// in a dialog, to edit or skip the e-mail and confirm, or to cancel.
(function () {
  "use strict";

  function columnOf(element) {
    return element.closest ? element.closest(".board-column[data-stage]") : null;
  }

  function previewUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") params.append(name, value);
    });
    return form.dataset.preview + "?" + params.toString();
  }

  function resetSelect(form) {
    var select = form.querySelector("select[name='stage']");
    if (!select) return;
    Array.prototype.forEach.call(select.options, function (option) {
      option.selected = option.defaultSelected;
    });
  }

  function post(form) {
    form.dataset.confirmed = "1";
    form.submit(); // does not fire "submit" again
  }

  function ask(form, dialog) {
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    fetch(previewUrl(form), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.status !== 200) return null;
        return response.text();
      })
      .then(function (html) {
        delete form.dataset.busy;
        if (!html || !dialog || !dialog.showModal) {
          post(form);
          return;
        }
        dialog.innerHTML = html;
        dialog.returnValue = "";
        dialog.showModal();
        var first = dialog.querySelector("textarea, input[type='text'], button");
        if (first) first.focus();
        // Closed without confirming (Cancel, Escape): the card's form shows its stage again.
        dialog.addEventListener("close", function closed() {
          dialog.removeEventListener("close", closed);
          dialog.innerHTML = "";
          resetSelect(form);
        });
      })
      .catch(function () {
        delete form.dataset.busy;
        post(form);
      });
  }

  function start() {
    var board = document.querySelector("[data-board]");
    if (!board) return;
    var dialog = document.getElementById("move-dialog");
    var dragged = null;

    board.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form.move-form[data-preview]")) return;
      if (form.dataset.confirmed) return;
      event.preventDefault();
      ask(form, dialog);
    });
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
      column.classList.remove("drop-target");
      var form = dragged.querySelector("form.move-form");
      var select = form && form.querySelector("select[name='stage']");
      if (!select) return;
      select.value = column.dataset.stage;
      ask(form, dialog);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
