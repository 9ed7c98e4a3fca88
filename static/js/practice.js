/* Practice screen: keyboard shortcuts, ordering by drag and drop or buttons, focus after htmx swaps.
   Everything here is an enhancement: without JavaScript the forms post and the server redirects. */
"use strict";
(function () {
  function card() { return document.getElementById("question-card"); }

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !["radio", "checkbox"].includes(target.type)));
  }

  function chooseOption(index) {
    var c = card();
    var input = c && c.querySelector('.answer-form input[data-option-index="' + index + '"]');
    if (!input) return false;
    if (input.type === "radio") input.checked = true; else input.checked = !input.checked;
    input.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    var c = card();
    if (!c || event.ctrlKey || event.metaKey || event.altKey) return;
    // In a matching row, a letter picks that answer for the item (the answers are listed with letters).
    var row = event.target.closest && event.target.closest("[data-match-row]");
    if (row && /^[a-z]$/i.test(event.key)) {
      var radio = row.querySelector('input[data-letter="' + event.key.toUpperCase() + '"]');
      if (radio) { radio.checked = true; radio.focus(); event.preventDefault(); }
      return;
    }
    if (event.target.tagName === "SELECT" && event.key === "Enter") {
      var submit = c.querySelector('[data-shortcut="submit"]');
      if (submit) { event.preventDefault(); submit.click(); }
      return;
    }
    if (typing(event.target)) return;
    var key = event.key;
    var area = document.getElementById("answer-area");
    var answered = Boolean(area) && area.dataset.answered === "true";
    if (key === "Enter") {
      if (event.target && (event.target.tagName === "BUTTON" || event.target.tagName === "A")) return; // they act themselves
      var button = c.querySelector(answered ? '[data-shortcut="next"]' : '[data-shortcut="submit"]');
      if (button) { event.preventDefault(); button.click(); }
      return;
    }
    if (answered) {
      if (key === "f" || key === "F") { clickFlag(event); }
      return;
    }
    if (/^[1-9]$/.test(key)) {
      if (chooseOption(Number(key))) event.preventDefault();
      return;
    }
    var letter = key.toUpperCase();
    if (letter === "F" && !event.shiftKey && c.querySelectorAll(".answer-form input[data-option-index]").length >= 6) {
      chooseOption(6); event.preventDefault(); return; // a sixth option takes F; Shift+F still flags
    }
    if (letter === "F") { clickFlag(event); return; }
    if (/^[A-E]$/.test(letter) && key.length === 1) {
      if (chooseOption(letter.charCodeAt(0) - 64)) event.preventDefault();
    }
  });

  function clickFlag(event) {
    var flag = card() && card().querySelector('[data-shortcut="flag"]');
    if (flag) { event.preventDefault(); flag.click(); }
  }

  /* Ordering: show move buttons and drag handles, keep hidden `order` inputs in list order. */
  function syncOrder(list) {
    var form = list.closest("form");
    form.querySelectorAll('input[name="order"]').forEach(function (el) { el.remove(); });
    list.querySelectorAll(".order-item").forEach(function (item, i) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "order"; input.value = item.dataset.key;
      form.appendChild(input);
      var select = item.querySelector("select");
      if (select) select.value = String(i + 1);
    });
  }

  // A move is a change of the answer: a timed exam saves it (static/js/exam.js), as it saves a ticked box.
  function changed(list) {
    list.closest("form").dispatchEvent(new Event("change", { bubbles: true }));
  }

  function enhanceOrdering(root) {
    root.querySelectorAll("[data-order-list]").forEach(function (list) {
      if (list.dataset.enhanced) return;
      list.dataset.enhanced = "true";
      list.querySelectorAll(".order-position").forEach(function (el) { el.hidden = true; });
      list.querySelectorAll(".order-buttons").forEach(function (el) { el.hidden = false; });
      list.addEventListener("click", function (event) {
        var button = event.target.closest("[data-move]");
        if (!button) return;
        var item = button.closest(".order-item");
        if (button.dataset.move === "up" && item.previousElementSibling) {
          list.insertBefore(item, item.previousElementSibling);
        } else if (button.dataset.move === "down" && item.nextElementSibling) {
          list.insertBefore(item.nextElementSibling, item);
        }
        syncOrder(list);
        changed(list);
        button.focus();
      });
      var dragged = null;
      list.addEventListener("dragstart", function (event) {
        dragged = event.target.closest(".order-item");
        if (dragged) { dragged.classList.add("dragging"); event.dataTransfer.effectAllowed = "move"; }
      });
      list.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        var over = event.target.closest(".order-item");
        if (!over || over === dragged) return;
        var rect = over.getBoundingClientRect();
        var after = event.clientY > rect.top + rect.height / 2;
        list.insertBefore(dragged, after ? over.nextElementSibling : over);
      });
      list.addEventListener("dragend", function () {
        if (dragged) dragged.classList.remove("dragging");
        dragged = null;
        syncOrder(list);
        changed(list);
      });
      syncOrder(list);
    });
  }

  function focusAfterSwap(root) {
    var target = root.querySelector("[data-autofocus]") || document.getElementById("question-heading");
    if (target) target.focus({ preventScroll: false });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceOrdering(document);
    var target = document.querySelector("#question-card [data-autofocus]");
    if (target) target.focus();
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    enhanceOrdering(document);
    // An outerHTML swap replaces its target: look the new element up rather than using the (old) target.
    // A new question focuses its heading; an answer focuses its verdict (or the refusal's message).
    var target = event.detail && event.detail.target;
    if (!target) return;
    var swapped = document.getElementById(target.id);
    if (swapped && (target.id === "question-card" || target.id === "answer-area")) focusAfterSwap(swapped);
  });
})();
