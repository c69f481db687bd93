// kobridge review page: move between flagged beads with the keyboard (n/j next, p/k previous),
// the two buttons, or the summary's links; hide the unflagged beads, or put the lowest
// confidence first, on request. The page is fully readable without this script.
"use strict";
(function () {
  const rows = Array.from(document.querySelectorAll(".bead"));
  let flagged = rows.filter(function (row) { return row.classList.contains("flagged"); });
  const status = document.getElementById("nav-status");
  let last = -1; // the flagged bead shown last, for the buttons, which take the focus themselves


  function show(row) {
    last = flagged.indexOf(row);
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "center" });
    if (status) {
      status.textContent = "flagged bead " + (last + 1) + " of " + flagged.length;
    }
  }

  // The flagged bead to start from when none has the focus: the first one below the top of the window.
  function firstVisible() {
    for (let i = 0; i < flagged.length; i += 1) {
      if (flagged[i].getBoundingClientRect().bottom > 0) {
        return i;
      }
    }
    return flagged.length;
  }

  function step(direction) {
    if (flagged.length === 0) {
      return;
    }
    const active = document.activeElement;
    let current = active ? flagged.indexOf(active.closest(".bead.flagged")) : -1;
    if (current < 0 && active && active.closest(".controls")) {
      current = last;
    }
    let next;
    if (current >= 0) {
      next = current + direction;
    } else {
      next = direction > 0 ? firstVisible() : firstVisible() - 1;
    }
    show(flagged[(next + flagged.length) % flagged.length]);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
      return;
    }
    const target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    if (event.key === "n" || event.key === "j") {
      event.preventDefault();
      step(1);
    } else if (event.key === "p" || event.key === "k") {
      event.preventDefault();
      step(-1);
    }
  });

  const next = document.getElementById("next-flagged");
  const previous = document.getElementById("previous-flagged");
  if (next && previous) {
    next.addEventListener("click", function () { step(1); });
    previous.addEventListener("click", function () { step(-1); });
  }

  // A summary link (#b12) moves the focus to its bead, so n/p continue from there.
  function followHash() {
    let id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return; // a malformed fragment (#%E0%A4%A) names no bead
    }
    const row = id ? document.getElementById(id) : null;
    if (row && row.classList.contains("flagged")) {
      show(row);
    }
  }
  window.addEventListener("hashchange", followHash);
  followHash();

  const controls = document.getElementById("controls");
  if (controls) {
    controls.hidden = false;
  }
  const only = document.getElementById("only-flagged");
  if (only) {
    only.addEventListener("change", function () {
      document.body.classList.toggle("only-flagged", only.checked);
    });
  }
  // Lowest confidence first (ties in document order), or back to document order.
  const byConfidence = document.getElementById("by-confidence");
  const list = document.querySelector("ol.beads");
  if (byConfidence && list) {
    byConfidence.addEventListener("change", function () {
      const order = rows.slice();
      if (byConfidence.checked) {
        order.sort(function (a, b) { return Number(a.dataset.score) - Number(b.dataset.score); });
      }
      order.forEach(function (row) { list.appendChild(row); });
      flagged = order.filter(function (row) { return row.classList.contains("flagged"); });
    });
  }
})();
