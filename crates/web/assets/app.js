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
});
