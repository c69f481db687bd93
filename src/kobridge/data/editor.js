// kobridge review editor: the review page of `kobridge review`, where keys and buttons edit the
// alignment. Each edit is posted to the server that served the page (which saves it into the
// TEI at once); the page then reloads its beads from the server. Bead numbers count from 0.
"use strict";
(function () {
  const controls = document.getElementById("controls");
  if (controls) {
    controls.hidden = false;
  }
  const status = document.getElementById("nav-status");
  const errorBox = document.getElementById("edit-error");
  const jump = document.getElementById("jump");
  const only = document.getElementById("only-flagged");
  const byConfidence = document.getElementById("by-confidence");
  let current = 0; // the current bead's number
  let selected = 0; // the selected sentence, among the current bead's (source first)
  let splitting = null; // while choosing where to split a sentence: {span, saved, points, at}
  let busy = false;
  let edits = 0;
  let failures = 0;

  function beadRows() {
    return Array.from(document.querySelectorAll("ol.beads > li.bead"));
  }
  function visibleRows() {
    return beadRows().filter(function (row) { return row.getClientRects().length > 0; });
  }
  function rowOf(number) {
    return document.getElementById("b" + number);
  }
  function numberOf(row) {
    return Number(row.id.slice(1));
  }
  function sentencesOf(row) {
    return Array.from(row.querySelectorAll(".side .s"));
  }
  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }
  function fail(message) {
    failures += 1;
    document.body.dataset.failures = String(failures);
    if (errorBox) {
      errorBox.textContent = message;
    }
  }

  function show(scroll) {
    document.querySelectorAll(".bead.current").forEach(function (el) { el.classList.remove("current"); });
    document.querySelectorAll(".s.selected").forEach(function (el) { el.classList.remove("selected"); });
    const count = beadRows().length;
    current = Math.max(0, Math.min(current, count - 1));
    const row = rowOf(current);
    if (!row) {
      return;
    }
    row.classList.add("current");
    const list = sentencesOf(row);
    if (list.length) {
      selected = Math.max(0, Math.min(selected, list.length - 1));
      list[selected].classList.add("selected");
    }
    row.focus({ preventScroll: true });
    if (scroll) {
      row.scrollIntoView({ block: "nearest" });
    }
    document.body.dataset.current = String(current);
    say("bead " + current + " (of 0–" + (count - 1) + "): " + row.dataset.kind + ", confidence " +
      Number(row.dataset.score).toFixed(2) + (row.dataset.review ? ", " + row.dataset.review : ""));
  }

  function step(direction) {
    const rows = visibleRows();
    const at = rows.indexOf(rowOf(current));
    const next = rows[at + direction];
    if (next) {
      current = numberOf(next);
      selected = 0;
      show(true);
    }
  }

  function matches(row, kind) {
    if (kind === "low") {
      return row.classList.contains("low");
    }
    if (kind === "multi") {
      return row.dataset.kind !== "1-1";
    }
    if (kind === "unconfirmed") {
      return !row.dataset.review;
    }
    return row.classList.contains("flagged");
  }

  function jumpTo(direction) {
    const kind = jump ? jump.value : "flagged";
    const rows = visibleRows();
    const at = rows.indexOf(rowOf(current));
    for (let k = 1; k <= rows.length; k += 1) {
      const row = rows[(at + direction * k + rows.length * k) % rows.length];
      if (matches(row, kind)) {
        current = numberOf(row);
        selected = 0;
        show(true);
        return;
      }
    }
    say("no " + (jump ? jump.options[jump.selectedIndex].text : "flagged beads") + " to jump to");
  }

  function order() {
    const list = document.querySelector("ol.beads");
    if (!list || !byConfidence) {
      return;
    }
    const rows = beadRows();
    rows.sort(function (a, b) {
      if (byConfidence.checked) {
        const diff = Number(a.dataset.score) - Number(b.dataset.score);
        if (diff !== 0) {
          return diff;
        }
      }
      return numberOf(a) - numberOf(b);
    });
    rows.forEach(function (row) { list.appendChild(row); });
  }

  // Load the page again from the server and put its beads and summary in place of ours.
  function refresh(message) {
    return fetch(window.location.pathname, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        const fresh = new DOMParser().parseFromString(text, "text/html");
        ["ol.beads", "dl.facts"].forEach(function (selector) {
          const old = document.querySelector(selector);
          const replacement = fresh.querySelector(selector);
          if (old && replacement) {
            old.replaceWith(document.adoptNode(replacement));
          }
        });
        order();
        edits += 1;
        show(true);
        say(message + " · " + status.textContent);
        document.body.dataset.edits = String(edits);
      });
  }

  function post(path, payload, focus, message) {
    if (busy) {
      return;
    }
    busy = true;
    if (errorBox) {
      errorBox.textContent = "";
    }
    fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) {
          fail(result.data.error || "the edit failed");
          return null;
        }
        current = focus;
        return refresh(message);
      })
      .catch(function (error) { fail("the editor's server did not answer: " + error); })
      .then(function () { busy = false; });
  }

  function selection() {
    const row = rowOf(current);
    const span = row ? sentencesOf(row)[selected] : null;
    return span ? { span: span, side: Number(span.dataset.side), index: Number(span.dataset.index) } : null;
  }

  function edit(op, extra, focus, message) {
    const payload = { op: op, bead: current };
    Object.keys(extra).forEach(function (key) { payload[key] = extra[key]; });
    post("api/edit", payload, focus, message);
  }

  function onSentence(op, message) {
    const chosen = selection();
    if (!chosen) {
      fail("select a sentence first (← and → move between the bead's sentences)");
      return;
    }
    edit(op, { side: chosen.side, sentence: chosen.index }, current, message);
  }

  // Splitting a sentence: the split point moves between the places where a space is.
  function startSplit() {
    const chosen = selection();
    if (!chosen) {
      fail("select a sentence to split first");
      return;
    }
    const text = chosen.span.textContent;
    const points = [];
    for (let i = 1; i < text.length; i += 1) {
      if (/\s/.test(text[i]) && !/\s/.test(text[i - 1])) {
        points.push(i);
      }
    }
    if (!points.length) {
      fail("this sentence has no space to split at");
      return;
    }
    splitting = { span: chosen.span, saved: chosen.span.cloneNode(true), points: points, at: 0, chosen: chosen };
    drawSplit();
    say("split point: ← → to move it, Enter to split, Esc to cancel");
  }
  function drawSplit() {
    const text = splitting.saved.textContent;
    const point = splitting.points[splitting.at];
    const mark = document.createElement("span");
    mark.className = "split-point";
    mark.textContent = "‸";
    splitting.span.replaceChildren(text.slice(0, point), mark, text.slice(point));
  }
  function endSplit(apply) {
    const state = splitting;
    splitting = null;
    state.span.replaceWith(state.saved);
    show(false);
    if (apply) {
      // The server counts characters as code points, JavaScript as UTF-16 units.
      const at = Array.from(state.saved.textContent.slice(0, state.points[state.at])).length;
      edit("split_sentence", { side: state.chosen.side, sentence: state.chosen.index, at: at }, current, "sentence split");
    } else {
      say("split cancelled");
    }
  }

  const actions = {
    previous: function () { jumpTo(-1); },
    next: function () { jumpTo(1); },
    merge_next: function () { edit("merge_next", {}, current, "merged with the next bead"); },
    merge_previous: function () {
      if (current === 0) {
        fail("bead 0 is the first one: there is no bead before it");
        return;
      }
      post("api/edit", { op: "merge_next", bead: current - 1 }, current - 1, "merged with the previous bead");
    },
    split_bead: function () { edit("split_bead", {}, current, "bead split"); },
    move_first: function () {
      const chosen = selection();
      edit("move_first", { side: chosen ? chosen.side : 0 }, current, "sentence moved up");
    },
    move_last: function () {
      const chosen = selection();
      edit("move_last", { side: chosen ? chosen.side : 0 }, current, "sentence moved down");
    },
    detach: function () { onSentence("detach", "sentence detached"); },
    split_sentence: startSplit,
    join_sentences: function () { onSentence("join_sentences", "sentences joined"); },
    confirm: function () { edit("confirm", {}, current + 1, "bead " + current + " confirmed"); },
    confirm_through: function () {
      edit("confirm_through", {}, current + 1, "beads 0 to " + current + " confirmed");
    },
    undo: function () { post("api/undo", {}, current, "undone"); },
    redo: function () { post("api/redo", {}, current, "redone"); },
    realign: function () { post("api/edit", { op: "realign" }, current, "the rest realigned"); },
  };

  const keys = {
    m: "merge_next", M: "merge_previous", s: "split_bead", x: "detach", "/": "split_sentence",
    "+": "join_sentences", c: "confirm", C: "confirm_through", u: "undo", r: "redo", R: "realign",
    n: "next", p: "previous",
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    const target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    let handled = true;
    if (splitting) {
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        const move = event.key === "ArrowLeft" ? -1 : 1;
        splitting.at = Math.max(0, Math.min(splitting.points.length - 1, splitting.at + move));
        drawSplit();
      } else if (event.key === "Enter" || event.key === "Escape") {
        endSplit(event.key === "Enter");
      }
      event.preventDefault();
      return;
    }
    if (event.ctrlKey) {
      if (event.key === "z" || event.key === "Z") {
        actions[event.shiftKey ? "redo" : "undo"]();
      } else if (event.key === "y") {
        actions.redo();
      } else {
        handled = false;
      }
    } else if (event.key === "ArrowDown" || event.key === "j") {
      if (event.shiftKey) {
        actions.move_last();
      } else {
        step(1);
      }
    } else if (event.key === "ArrowUp" || event.key === "k") {
      if (event.shiftKey) {
        actions.move_first();
      } else {
        step(-1);
      }
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      const row = rowOf(current);
      const count = row ? sentencesOf(row).length : 0;
      if (count) {
        selected = (selected + (event.key === "ArrowLeft" ? count - 1 : 1)) % count;
        show(false);
      }
    } else if (event.key === "o" && byConfidence) {
      byConfidence.checked = !byConfidence.checked;
      order();
      show(true);
    } else if (Object.prototype.hasOwnProperty.call(keys, event.key)) {
      actions[keys[event.key]]();
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) {
      actions[button.dataset.action]();
      return;
    }
    const sentence = event.target.closest && event.target.closest(".bead .s");
    const row = event.target.closest && event.target.closest("li.bead");
    if (row && !splitting) {
      current = numberOf(row);
      selected = sentence ? Math.max(0, sentencesOf(row).indexOf(sentence)) : 0;
      show(false);
    }
  });

  if (only) {
    only.addEventListener("change", function () {
      document.body.classList.toggle("only-flagged", only.checked);
    });
  }
  if (byConfidence) {
    byConfidence.addEventListener("change", function () { order(); show(true); });
  }

  // #b12 in the address (a summary link) makes that bead current; a malformed one names none.
  function followHash() {
    let id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      id = "";
    }
    const row = /^b[0-9]+$/.test(id) ? document.getElementById(id) : null;
    if (row) {
      current = numberOf(row);
      selected = 0;
    }
    show(Boolean(row));
  }
  window.addEventListener("hashchange", followHash);
  followHash();
  document.body.dataset.edits = "0";
})();
