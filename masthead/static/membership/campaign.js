// Keeps the membership drive banner's count current without a reload. The server already
// rendered the true number; this only refreshes it from the small JSON endpoint.
(function () {
  "use strict";
  var banner = document.querySelector("[data-campaign-url]");
  if (!banner || !window.fetch) return;
  var url = banner.getAttribute("data-campaign-url");
  var seconds = Math.max(1, parseInt(banner.getAttribute("data-poll-seconds"), 10) || 15);
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var count = banner.querySelector("[data-campaign-count]");
  var goal = banner.querySelector("[data-campaign-goal]");
  var message = banner.querySelector("[data-campaign-message]");
  var bar = banner.querySelector("progress");
  var thanking = banner.hasAttribute("data-member"); // a member's banner keeps its thanks

  function show(data) {
    if (!data || typeof data.count !== "number") return;
    count.textContent = format.format(data.count);
    goal.textContent = format.format(data.goal);
    if (!thanking) {
      message.textContent = "— " + (data.reached ? data.reached_text : data.call_to_action);
    }
    bar.max = Math.max(1, data.goal);
    bar.value = Math.min(data.count, bar.max);
    bar.textContent = Math.round(data.percent) + "%";
  }

  function refresh() {
    if (document.hidden) return;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show)
      .catch(function () {});
  }

  setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", refresh);
})();
