// The pipeline board with JavaScript, on top of forms that work without it.
//
// Each card's move form carries hx-post: htmx posts it and the server answers with the card,
// which lands at the top of its new column, and the columns' counts and messages out of band
// (views._card_response). A refused move (409: someone else moved it first; 422: a stage rule)
// answers with the card and the reason on it, swapped in too. Keyboard users use the form itself;
// dropping a card on a column only chooses that stage in the card's form and submits it.
//
// Before htmx posts a move, the board asks the server what it would do (the form's
// data-preview URL). Nothing to confirm (204, or anything unexpected): the move is posted as it
// is. A move that would e-mail the candidate or skip stages: the server's confirmation (the same
// form as the page without JavaScript) opens in a dialog, to edit or skip the e-mail and
// confirm (posted by htmx too, so the card moves in place), or to cancel.
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
    var select = form && form.querySelector("select[name='stage']");
    if (!select) return;
    Array.prototype.forEach.call(select.options, function (option) {
      option.selected = option.defaultSelected;
    });
  }

  function start() {
    var board = document.querySelector("[data-board]");
    if (!board || !window.htmx) return;
    var dialog = document.getElementById("move-dialog");
    var asking = null; // the card's move form the dialog is about
    var dragged = null;

    function openDialog(form) {
      if (!dialog || !dialog.showModal) return false;
      asking = form;
      if (!dialog.open) {
        dialog.returnValue = "";
        dialog.showModal();
      }
      var first = dialog.querySelector("textarea, input[type='text'], button");
      if (first) first.focus();
      return true;
    }

    if (dialog) {
      // Closed without confirming (Cancel, Escape): the card's form shows its stage again.
      dialog.addEventListener("close", function () {
        dialog.innerHTML = "";
        resetSelect(asking);
        asking = null;
      });
      // The confirmation's own submit buttons post through htmx, aimed at the card; Cancel
      // (formmethod="dialog") only closes the dialog.
      dialog.addEventListener("submit", function (event) {
        var form = event.target;
        var submitter = event.submitter;
        if (submitter && submitter.getAttribute("formmethod") === "dialog") return;
        var card = asking && asking.closest(".board-card");
        if (!card) return; // no card to update: the plain post and redirect
        event.preventDefault();
        var values = {};
        if (submitter && submitter.name) values[submitter.name] = submitter.value;
        window.htmx.ajax("POST", form.action, {
          source: form,
          target: "#" + card.id,
          swap: "outerHTML",
          values: values,
        });
      });
    }

    // The move is posted only once the server said there is nothing to confirm, or the person
    // confirmed in the dialog.
    board.addEventListener("htmx:confirm", function (event) {
      var form = event.detail.elt;
      if (!form.matches || !form.matches("form.move-form[data-preview]")) return;
      event.preventDefault();
      if (form.dataset.busy) return;
      form.dataset.busy = "1";
      fetch(previewUrl(form), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          return response.status === 200 ? response.text() : null;
        })
        .then(function (html) {
          delete form.dataset.busy;
          if (html && dialog) {
            dialog.innerHTML = html;
            if (openDialog(form)) return;
          }
          event.detail.issueRequest(true);
        })
        .catch(function () {
          delete form.dataset.busy;
          event.detail.issueRequest(true);
        });
    });

    // A refused move comes with the card saying why; an invalid confirmation comes back to the
    // dialog with its errors: show them rather than dropping the answer as htmx does for 4xx.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var status = event.detail.xhr.status;
      var toDialog = dialog && event.detail.target === dialog;
      if (status === 409 || status === 422 || (status === 400 && toDialog)) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (!dialog || !dialog.open || !dialog.contains(event.detail.elt)) return;
      var status = event.detail.xhr.status;
      if (status !== 400) dialog.close();
    });
    // The server asked for a confirmation the preview did not (the application changed in
    // between): it is already in the dialog.
    document.body.addEventListener("outhire:confirm-move", function (event) {
      var form = event.target.closest ? event.target.closest("form.move-form") : null;
      openDialog(form || asking);
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
      form.requestSubmit();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
