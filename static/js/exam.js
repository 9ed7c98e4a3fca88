/* Timed exam: one page holds every question; this shows one at a time, saves every change (htmx posts the
   question's form), keeps unconfirmed answers in localStorage until the server confirms them, retries while the
   network is down, counts the server's remaining time down and submits at zero.
   Without JavaScript every question is listed, each form has a Save button, and the server still holds the clock. */
"use strict";
(function () {
  var exam = document.getElementById("exam");
  if (!exam) return;
  var attempt = exam.dataset.attempt;
  var storeKey = "qw-pending-" + attempt;
  var retryTimers = {};
  var retryDelay = {};

  /* --- Answers not yet confirmed by the server ------------------------------------------------------ */
  function pending() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function setPending(all) {
    try {
      if (Object.keys(all).length) localStorage.setItem(storeKey, JSON.stringify(all));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* storage full or disabled: the retry in memory still runs */ }
  }
  function fields(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "seq") out.push([name, String(value)]);
    });
    return out;
  }
  function form(n) { return exam.querySelector('form.exam-answer[data-number="' + n + '"]'); }
  /* A change is numbered by when it was made (milliseconds, never below the last number this question had), so
     the server keeps the latest change whichever window or device it came from, and a retry (which keeps its
     change's number) never overwrites a newer answer. */
  function nextSeq(f) {
    var entry = pending()[f.dataset.number];
    var seq = Math.max(Date.now(), Number(f.dataset.seq || 0) + 1, entry ? entry.seq + 1 : 0);
    setSeq(f, seq);
    return seq;
  }
  function setSeq(f, seq) {
    f.dataset.seq = String(seq);
    f.querySelector('input[name="seq"]').value = String(seq);
  }
  function remember(f, seq) {
    var all = pending();
    all[f.dataset.number] = { seq: seq, fields: fields(f) };
    setPending(all);
  }
  function confirmed(n, seq) {
    var all = pending();
    if (all[n] && all[n].seq <= seq) { delete all[n]; setPending(all); }
    clearTimeout(retryTimers[n]); delete retryTimers[n]; delete retryDelay[n];
  }

  /* --- What the page shows ---------------------------------------------------------------------------- */
  function setState(n, state, text) {
    var el = document.getElementById("save-" + n);
    if (!el) return;
    el.dataset.state = state;
    el.classList.toggle("is-error", state === "unsaved");
    el.textContent = text;
  }
  function chosen(f) {
    return fields(f).some(function (pair) { return pair[0] !== "flagged" && !/^pos-/.test(pair[0]) && pair[1]; }) ||
      !!f.querySelector("[data-order-list]");
  }
  function setNav(n, answered, flagged) {
    var cell = document.getElementById("nav-" + n);
    if (!cell) return;
    cell.classList.toggle("is-answered", answered);
    cell.classList.toggle("is-flagged", flagged);
    var state = cell.querySelector("[data-nav-state]");
    if (state) state.textContent = (answered ? ", answered" : ", unanswered") + (flagged ? ", flagged" : "");
    var counts = { answered: exam.querySelectorAll(".exam-nav ol .is-answered").length,
                   flagged: exam.querySelectorAll(".exam-nav ol .is-flagged").length };
    exam.querySelectorAll("[data-count]").forEach(function (el) { el.textContent = counts[el.dataset.count]; });
  }
  function show(n, focus) {
    var total = Number(exam.dataset.total);
    n = Math.min(Math.max(1, n), total);
    exam.querySelectorAll(".exam-question").forEach(function (section) {
      section.hidden = Number(section.dataset.number) !== n;
    });
    exam.querySelectorAll(".exam-nav [aria-current]").forEach(function (el) { el.removeAttribute("aria-current"); });
    var cell = document.getElementById("nav-" + n);
    if (cell) cell.setAttribute("aria-current", "step");
    exam.dataset.current = String(n);
    var url = exam.dataset.questionUrl.replace(/\/0\/$/, "/" + n + "/");
    history.replaceState(null, "", url);
    document.title = document.title.replace(/^Question \d+/, "Question " + n);
    if (focus) { var h = document.getElementById("q-" + n + "-heading"); if (h) h.focus(); }
  }

  /* --- Saving ------------------------------------------------------------------------------------------ */
  document.addEventListener("change", function (event) {
    var f = event.target.closest && event.target.closest("form.exam-answer");
    if (!f) return;
    // Runs before htmx builds the request (capture phase): number this change, keep it until confirmed.
    remember(f, nextSeq(f));
    setState(f.dataset.number, "saving", "Saving…");
    setNav(f.dataset.number, chosen(f), !!f.querySelector('input[name="flagged"]:checked'));
  }, true);

  function retry(n) {
    var f = form(n);
    var entry = pending()[n];
    if (!f || !entry) return;
    clearTimeout(retryTimers[n]); delete retryTimers[n];
    setSeq(f, entry.seq); // the change keeps its number: a newer answer saved elsewhere still wins
    setState(n, "saving", "Saving…");
    htmx.trigger(f, "qw-retry");
  }
  function scheduleRetry(n, atLeast) {
    var delay = Math.min(Math.max((retryDelay[n] || 1000) * 2, atLeast || 0), 15000);
    retryDelay[n] = delay;
    clearTimeout(retryTimers[n]);
    retryTimers[n] = setTimeout(function () { retry(n); }, delay);
  }
  function retryAll() { Object.keys(pending()).forEach(retry); }

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var f = event.detail.elt;
    if (!f || !f.matches || !f.matches("form.exam-answer")) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var n = f.dataset.number;
    if (status >= 200 && status < 300) return; // qw:saved (HX-Trigger) confirms it
    if (status === 422) { confirmed(n, Number(f.dataset.seq)); return; } // refused: the message is shown
    // No answer at all (offline), or the server could not save it (a 503 while its database is out of reach, with
    // Retry-After; any 5xx): either way the answer was not saved, is kept here, and is sent again.
    setState(n, "unsaved", status === 0
      ? "Not saved: no connection. Your answer is kept on this device and will be sent again."
      : "Not saved yet: the server could not save it just now. Your answer is kept on this device and will be sent again.");
    var after = Number(event.detail.xhr && event.detail.xhr.getResponseHeader("Retry-After"));
    scheduleRetry(n, after > 0 ? after * 1000 : 0);
  });
  document.body.addEventListener("qw:saved", function (event) {
    var d = event.detail;
    if (!d || !d.number) return;
    var f = form(d.number);
    if (f && Number(f.dataset.seq || 0) < d.seq) f.dataset.seq = String(d.seq);
    if (d.ok) {
      var stillPending = pending()[d.number] && pending()[d.number].seq > d.seq;
      if (d.stale && f) {
        // A newer answer from another window stands: show it, and drop this window's older one.
        var all = pending(); delete all[d.number]; setPending(all);
        applyFields(f, d.fields || []);
        stillPending = false;
      }
      confirmed(d.number, d.seq);
      if (!stillPending) setNav(d.number, d.answered, d.flagged);
      if (!Object.keys(pending()).length) clearAlert();
    }
    if (typeof d.secondsLeft === "number") clock.sync(d.secondsLeft);
  });
  window.addEventListener("online", retryAll);

  function applyFields(f, values) {
      f.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
        input.checked = values.some(function (p) { return p[0] === input.name && p[1] === input.value; });
      });
      var order = values.filter(function (p) { return p[0] === "order"; }).map(function (p) { return p[1]; });
      var list = f.querySelector("[data-order-list]");
      if (list && order.length) {
        order.forEach(function (key) {
          var li = list.querySelector('.order-item[data-key="' + key + '"]');
          if (li) list.appendChild(li);
        });
      }
      values.forEach(function (p) {
        var select = f.querySelector('select[name="' + p[0] + '"]');
        if (select) select.value = p[1];
      });
      if (list) list.querySelectorAll(".order-item").forEach(function (li, i) {
        var select = li.querySelector("select"); if (select) select.value = String(i + 1);
      });
      if (list) {
        f.querySelectorAll('input[name="order"]').forEach(function (el) { el.remove(); });
        list.querySelectorAll(".order-item").forEach(function (li) {
          var input = document.createElement("input");
          input.type = "hidden"; input.name = "order"; input.value = li.dataset.key; f.appendChild(input);
        });
      }
  }

  function restore() {
    var all = pending();
    Object.keys(all).forEach(function (n) {
      var f = form(n);
      if (!f) return;
      applyFields(f, all[n].fields);
      setNav(n, chosen(f), !!f.querySelector('input[name="flagged"]:checked'));
      setState(n, "unsaved", "Not saved yet: sending again…");
      if (f.dataset.seq < all[n].seq) f.dataset.seq = String(all[n].seq);
    });
    if (Object.keys(all).length) setTimeout(retryAll, 50);
  }

  /* --- The clock (the server's remaining time; this only counts it down) ------------------------------ */
  var clock = (function () {
    var box = exam.querySelector("[data-seconds-left]");
    if (!box) return { sync: function () {} };
    var display = box.querySelector("[data-timer]");
    var announce = box.querySelector("[data-timer-announce]");
    var endsAt = performance.now() + Number(box.dataset.secondsLeft) * 1000;
    var said = {};
    var done = false;
    function text(s) {
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
      var mm = h ? String(m).padStart(2, "0") : String(m);
      return (h ? h + ":" : "") + mm + ":" + String(sec).padStart(2, "0");
    }
    function tick() {
      var left = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
      display.textContent = text(left);
      box.classList.toggle("is-low", left <= 300);
      [[600, "10 minutes left."], [60, "1 minute left."]].forEach(function (mark) {
        if (left <= mark[0] && left > mark[0] - 30 && !said[mark[0]]) { said[mark[0]] = true; announce.textContent = mark[1]; }
        if (left <= mark[0] - 30) said[mark[0]] = true; // loaded later than the mark: say nothing stale
      });
      if (left === 0 && !done) { done = true; timeUp(); }
    }
    tick();
    setInterval(tick, 250);
    return { sync: function (seconds) { endsAt = performance.now() + seconds * 1000; } };
  })();

  function flush(ms) {
    retryAll();
    return new Promise(function (resolve) {
      var started = performance.now();
      (function wait() {
        if (!Object.keys(pending()).length || performance.now() - started > ms) resolve(!Object.keys(pending()).length);
        else setTimeout(wait, 100);
      })();
    });
  }
  function timeUp() {
    var announce = exam.querySelector("[data-timer-announce]");
    if (announce) announce.textContent = "Time is up: submitting your answers.";
    flush(4000).then(function () {
      setPending({});
      document.getElementById("auto-submit").submit();
    });
  }

  /* --- Moving around ---------------------------------------------------------------------------------- */
  document.addEventListener("click", function (event) {
    var go = event.target.closest && event.target.closest("[data-goto]");
    if (go && exam.contains(go) && form(go.dataset.goto)) {
      event.preventDefault();
      show(Number(go.dataset.goto), true);
      return;
    }
    var review = event.target.closest && event.target.closest("[data-review]");
    if (review && Object.keys(pending()).length) {
      event.preventDefault();
      flush(3000).then(function (ok) {
        if (ok) { window.location.href = review.href; return; }
        var count = Object.keys(pending()).length;
        showAlert((count === 1 ? "1 answer is" : count + " answers are") +
          " not saved yet: check your connection. They are kept on this device and sent as soon as it is back; then review and submit.");
      });
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.action && event.target.action.indexOf("/finish/") !== -1) setPending({});
  });

  function showAlert(text) {
    var alerts = document.getElementById("htmx-alerts");
    if (!alerts) return;
    alerts.innerHTML = "";
    var p = document.createElement("p");
    p.className = "message message-warning";
    p.textContent = text;
    alerts.appendChild(p);
  }
  function clearAlert() {
    var alerts = document.getElementById("htmx-alerts");
    if (alerts && alerts.querySelector(".message-warning")) alerts.innerHTML = "";
  }

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !["radio", "checkbox"].includes(target.type)));
  }
  function pick(input) {
    if (input.type === "radio") input.checked = true; else input.checked = !input.checked;
    input.focus();
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var current = Number(exam.dataset.current);
    var f = form(current);
    if (!f) return;
    var row = event.target.closest && event.target.closest("[data-match-row]");
    if (row && /^[a-z]$/i.test(event.key)) {
      var radio = row.querySelector('input[data-letter="' + event.key.toUpperCase() + '"]');
      if (radio) { pick(radio); event.preventDefault(); }
      return;
    }
    var key = event.key;
    if (key === "n" || key === "N") { if (current < Number(exam.dataset.total)) { show(current + 1, true); event.preventDefault(); } }
    else if (key === "p" || key === "P") { if (current > 1) { show(current - 1, true); event.preventDefault(); } }
    else if (key === "F" && event.shiftKey) { pick(f.querySelector('input[name="flagged"]')); event.preventDefault(); }
    else if (/^[1-9]$/.test(key)) {
      var option = f.querySelector('input[data-option-index="' + key + '"]');
      if (option) { pick(option); event.preventDefault(); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (exam.dataset.current) {
      var fromHash = /^#q-(\d+)$/.exec(window.location.hash);
      show(fromHash ? Number(fromHash[1]) : Number(exam.dataset.current), false);
    }
    restore();
  });
})();
