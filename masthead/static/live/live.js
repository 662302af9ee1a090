// A live page without reloading: asks the small updates endpoint for the newest updates
// (a 304 when nothing changed: the browser sends If-None-Match itself), adds new ones at the
// top without moving what the reader is reading, changes edited ones and drops deleted ones
// in place, and says "3 new updates" in a polite status message. The reader can pause it.
// Without JavaScript the page is complete: a reload shows what is new.
(function () {
  "use strict";
  var list = document.querySelector("[data-live-updates]");
  var controls = document.querySelector("[data-live-controls]");
  if (!list || !controls || !window.fetch) return;
  var url = list.getAttribute("data-poll-url");
  var seconds = Math.max(0.5, parseFloat(list.getAttribute("data-poll-seconds")) || 15);
  var status = controls.querySelector("[data-live-status]");
  var pause = controls.querySelector("[data-live-pause]");
  var paused = false;
  var ended = false;
  var timer = null;
  controls.hidden = false;

  var cleared = null;
  function say(text) {
    // A change of text in a role=status element is announced without moving focus; it is
    // taken away again once read, so it never tells of updates long seen.
    status.textContent = "";
    window.clearTimeout(cleared);
    window.setTimeout(function () { status.textContent = text; }, 50);
    cleared = window.setTimeout(function () { status.textContent = ""; }, 15000);
  }

  // A reader further down sees that updates arrived above, and can go to them.
  var jump = document.createElement("button");
  jump.type = "button";
  jump.className = "button live__jump";
  jump.hidden = true;
  document.body.appendChild(jump);
  var unseen = 0;
  jump.addEventListener("click", function () {
    jump.hidden = true;
    unseen = 0;
    var first = list.querySelector(":scope > li");
    if (!first) return;
    first.setAttribute("tabindex", "-1");
    first.scrollIntoView({ block: "start" });
    first.focus({ preventScroll: true });
  });
  window.addEventListener("scroll", function () {
    if (!jump.hidden && list.getBoundingClientRect().top >= 0) { jump.hidden = true; unseen = 0; }
  }, { passive: true });

  var language = document.documentElement.lang || undefined;
  var plural = new Intl.PluralRules(language);
  var number = new Intl.NumberFormat(language);

  function counted(n) {
    // "1 new update", "3 new updates"; in Ukrainian, one, few and many forms.
    var text = status.getAttribute("data-" + plural.select(n)) || status.getAttribute("data-other");
    return text.replace("{n}", number.format(n));
  }

  function asList() {
    // The page said "No updates yet": the first update makes it a list.
    if (list.tagName === "OL") return list;
    var ol = document.createElement("ol");
    ol.className = "live__list";
    ol.id = list.id;
    ["data-live-updates", "data-poll-url", "data-poll-seconds"].forEach(function (name) {
      ol.setAttribute(name, list.getAttribute(name));
    });
    list.replaceWith(ol);
    list = ol;
    return list;
  }

  function item(update) {
    var li = document.createElement("li");
    li.setAttribute("data-id", update.id);
    li.innerHTML = update.html;
    return li;
  }

  function apply(data) {
    var fresh = data.updates || [];
    var known = {};
    Array.prototype.forEach.call(list.querySelectorAll(":scope > li[data-id]"), function (li) {
      known[li.getAttribute("data-id")] = li;
    });
    var current = {};
    // The answer holds the newest run; when that is every update there is, it covers the
    // whole list, else only as far back as its oldest.
    var oldest = data.complete ? -Infinity : (fresh.length ? fresh[fresh.length - 1].at : Infinity);
    fresh.forEach(function (update) { current[update.id] = true; });

    // Deleted (or taken back for review): gone from the newest run it belongs to.
    Object.keys(known).forEach(function (id) {
      var li = known[id];
      var at = parseInt(li.firstElementChild && li.firstElementChild.getAttribute("data-at"), 10);
      if (!current[id] && at >= oldest) { li.remove(); delete known[id]; }
    });

    // Edited: the same place, the new text.
    var added = [];
    fresh.forEach(function (update) {
      var li = known[update.id];
      if (!li) { added.push(update); return; }
      var article = li.firstElementChild;
      if (article && article.getAttribute("data-version") !== String(update.version)) {
        li.innerHTML = update.html;
      }
    });

    if (added.length) {
      var target = asList();
      // What the reader is looking at stays where it is on the screen.
      var anchor = Array.prototype.find.call(target.children, function (li) {
        return li.getBoundingClientRect().bottom > 0;
      });
      var before = anchor ? anchor.getBoundingClientRect().top : 0;
      var newestFirst = added.slice().sort(function (a, b) { return b.at - a.at || b.id - a.id; });
      newestFirst.slice().reverse().forEach(function (update) {
        target.insertBefore(item(update), placeFor(target, update));
      });
      if (anchor && anchor.getBoundingClientRect().top !== before) {
        window.scrollBy(0, anchor.getBoundingClientRect().top - before);
      }
      say(counted(added.length));
      if (target.getBoundingClientRect().top < 0) {
        unseen += added.length;
        jump.textContent = "↑ " + counted(unseen);
        jump.hidden = false;
      }
    }

    // The key events and the pinned update, changed in place when they change.
    [["[data-live-key-events]", data.key_events], ["[data-live-pinned]", data.pinned]].forEach(
      function (part) {
        var box = document.querySelector(part[0]);
        if (!box || typeof part[1] !== "string") return;
        var fresh = document.createElement("template");
        fresh.innerHTML = part[1]; // parsed as the page's own markup was, to compare alike
        if (box.innerHTML.trim() !== fresh.innerHTML.trim()) box.innerHTML = fresh.innerHTML;
      }
    );

    if (data.status === "ended") {
      ended = true;
      pause.hidden = true;
      say(status.getAttribute("data-ended"));
    }
    if (data.interval) seconds = Math.max(0.5, data.interval);
  }

  function placeFor(target, update) {
    // Before the first update older than this one (an approved update can be timed earlier).
    return Array.prototype.find.call(target.children, function (li) {
      var at = parseInt(li.firstElementChild && li.firstElementChild.getAttribute("data-at"), 10);
      return at < update.at || (at === update.at && parseInt(li.getAttribute("data-id"), 10) < update.id);
    }) || null;
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!paused && !ended) timer = window.setTimeout(poll, seconds * 1000);
  }

  function poll() {
    if (document.hidden) { schedule(); return; }
    fetch(url, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) { return response.status === 200 ? response.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () {})
      .then(schedule);
  }

  pause.addEventListener("click", function () {
    paused = !paused;
    pause.setAttribute("aria-pressed", String(paused));
    say(status.getAttribute(paused ? "data-paused" : "data-resumed"));
    if (paused) window.clearTimeout(timer); else poll();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !paused && !ended) poll();
  });
  schedule();
})();
