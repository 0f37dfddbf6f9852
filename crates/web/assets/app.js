// iryosec works without JavaScript; this only makes forms a little friendlier.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Beds matter only for hospitals and clinics: hide the field for pharmacies.
  const kind = document.getElementById("kind");
  const beds = document.querySelector("[data-beds]");
  if (kind && beds) {
    const update = () => { beds.hidden = kind.value === "pharmacy"; };
    kind.addEventListener("change", update);
    update();
  }
  // One navigation group open at a time; a click elsewhere or Escape closes it.
  const groups = document.querySelectorAll("details.navgroup");
  const closeGroups = (except) => { for (const g of groups) { if (g !== except) g.open = false; } };
  for (const g of groups) { g.addEventListener("toggle", () => { if (g.open) closeGroups(g); }); }
  document.addEventListener("click", (e) => { if (!e.target.closest("details.navgroup")) closeGroups(null); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeGroups(null); });
  // A print button on printable pages (the browser's own print works just as well).
  for (const b of document.querySelectorAll("[data-print]")) {
    b.addEventListener("click", () => window.print());
  }
  // Ask before a destructive form is sent; without JavaScript the server still refuses what
  // must not be lost (an entry with files or vendor sheets).
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (e) => {
      if (!window.confirm(form.dataset.confirm)) { e.preventDefault(); e.stopImmediatePropagation(); }
    });
  }
  // The one-page checklist: Y or N on a row's answer picks はい or いいえ and moves on — to the
  // 目標日 a いいえ needs, or to the next row still without an answer. Space and the arrow keys work as on any
  // radio button; without JavaScript the form is the same form.
  const sheet = document.getElementById("answer-sheet");
  if (sheet) {
    const rows = [...sheet.querySelectorAll("tr[data-slot]")].filter((r) => r.querySelector("[data-answer]"));
    const open = (row) => !row.querySelector("[data-answer]:checked");
    const focusAnswer = (row) => row.querySelector("[data-answer]").focus();
    // Start where the work is: the first row without an answer (unless a refused save is shown).
    const first = rows.find(open);
    if (first && !document.getElementById("sheet-errors")) { focusAnswer(first); }
    sheet.addEventListener("keydown", (e) => {
      const radio = e.target.closest("[data-answer]");
      if (!radio || e.ctrlKey || e.metaKey || e.altKey) { return; }
      const answer = { y: "yes", n: "no" }[e.key.toLowerCase()];
      if (!answer) { return; }
      e.preventDefault();
      const row = radio.closest("tr");
      const choice = row.querySelector(`[data-answer="${answer}"]`);
      choice.checked = true;
      choice.dispatchEvent(new Event("change", { bubbles: true }));
      const next = rows.slice(rows.indexOf(row) + 1).find(open);
      const target = row.querySelector("[data-target]");
      if (answer === "no" && target && !target.value) { target.focus(); }
      else if (next) { focusAnswer(next); }
      else { document.getElementById("sheet-save").focus(); }
    });
  }
  // Guard against double submission of a form (a second click while the first is on its way).
  // Disabled only after this turn: a button disabled during the submit event would drop its
  // own name=value (e.g. "save and next") from what is sent.
  for (const form of document.querySelectorAll("form[method=post]")) {
    form.addEventListener("submit", () => {
      setTimeout(() => {
        for (const b of form.querySelectorAll("button[type=submit]")) { b.disabled = true; }
      }, 0);
    });
  }
  keepSessionAlive();
});

// Warns a few minutes before the idle logout, with a button that keeps the session, and keeps
// it alive while the person types (at most one request a minute). Without JavaScript a form
// sent after the logout is still kept and comes back after the next login.
function keepSessionAlive() {
  const left = Number(document.body.dataset.sessionLeft);
  const banner = document.getElementById("session-warning");
  const token = document.querySelector("form[action='/logout'] input[name=csrf]");
  if (!left || !banner || !token) { return; }
  const soon = banner.querySelector("[data-soon]");
  const ended = banner.querySelector("[data-ended]");
  const keep = banner.querySelector("[data-keep]");
  let timers = [];
  let lastPing = Date.now();
  const schedule = (seconds) => {
    timers.forEach(clearTimeout);
    const lead = Math.min(300, seconds / 2);
    banner.hidden = true;
    timers = [
      setTimeout(() => { banner.hidden = false; soon.hidden = false; ended.hidden = true; keep.hidden = false; },
        (seconds - lead) * 1000),
      setTimeout(() => { banner.hidden = false; soon.hidden = true; ended.hidden = false; keep.hidden = true; },
        seconds * 1000),
    ];
  };
  const ping = () => {
    lastPing = Date.now();
    fetch("/session/keep-alive", {
      method: "POST", headers: { "X-CSRF-Token": token.value }, redirect: "manual", credentials: "same-origin",
    }).then((r) => (r.ok ? r.json() : { left: 0 }))
      .then((body) => schedule(body.left))
      .catch(() => {});
  };
  keep.addEventListener("click", ping);
  document.addEventListener("input", () => {
    if (ended.hidden && Date.now() - lastPing >= 60000) { ping(); }
  });
  schedule(left);
}
