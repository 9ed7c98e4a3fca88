/* Site-wide enhancements; every page works without them. */
"use strict";
(function () {
  // A link that opens a <dialog> when JavaScript runs (its href is the same question as a plain page).
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-opens-dialog]");
    if (!opener) return;
    var dialog = document.getElementById(opener.dataset.opensDialog);
    if (!dialog || typeof dialog.showModal !== "function") return;
    event.preventDefault();
    dialog.showModal();
    var first = dialog.querySelector("button, a");
    if (first) first.focus();
  });

  // Controls only needed without JavaScript (a "show the choices for these banks" button) hide themselves.
  function hideNoScript(root) {
    root.querySelectorAll("[data-without-js]").forEach(function (el) { el.hidden = true; });
  }
  document.addEventListener("DOMContentLoaded", function () { hideNoScript(document); });
  document.addEventListener("htmx:afterSettle", function (event) { hideNoScript(event.detail.elt || document); });
})();

(function () {
  // The question editor shows the inputs of the chosen type only (without JavaScript, every type's inputs show,
  // and the server reads those of the chosen type).
  // A case study's parts are scopes of their own (`data-type-scope`), each with its own type.
  function showType(scope) {
    var select = scope.querySelector("select[name$=type]");
    if (!select) return;
    scope.querySelectorAll("[data-types]").forEach(function (part) {
      if (part.parentElement.closest("[data-type-scope]") !== scope) return;
      part.hidden = part.dataset.types.split(" ").indexOf(select.value) === -1;
    });
  }
  function showTypes(root) {
    root.querySelectorAll(".question-editor, .question-editor [data-type-scope]").forEach(showType);
  }
  document.addEventListener("DOMContentLoaded", function () { showTypes(document); });
  document.addEventListener("change", function (event) {
    if (!event.target.name || !/(^|-)type$/.test(event.target.name)) return;
    var scope = event.target.closest && event.target.closest("[data-type-scope]");
    if (scope) showType(scope);
  });
})();
