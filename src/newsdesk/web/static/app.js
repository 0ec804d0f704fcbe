// newsdesk progressive enhancement: dates in the reader's locale, live updates on the
// stories page. The pages work without it.
(function () {
  "use strict";
  var POLL_MS = 15000;

  function localDates() {
    var nodes = document.querySelectorAll("time[datetime]");
    var fmt = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
    for (var i = 0; i < nodes.length; i++) {
      var value = nodes[i].getAttribute("datetime");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) continue;
      var parts = value.split("-");
      var d = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
      nodes[i].textContent = fmt.format(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    }
  }

  function pollState() {
    var live = document.getElementById("live");
    if (!live || !window.fetch) return;
    var timer = null;
    function check() {
      clearTimeout(timer);
      fetch("/state.json", { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body || !body.state) { timer = setTimeout(check, POLL_MS * 2); return; }
          var now = body.state.articles + "-" + body.state.changes;
          if (now !== live.getAttribute("data-state")) { live.hidden = false; }
          else { timer = setTimeout(check, POLL_MS); }
        })
        .catch(function () { timer = setTimeout(check, POLL_MS * 2); });
    }
    window.addEventListener("newsdesk:poll", check);  // lets a test (or a console) poll now
    timer = setTimeout(check, POLL_MS);
  }

  function focusCited() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^s-\d+-\d+$/.test(id)) return;
    var el = document.getElementById(id);
    if (el) { el.scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    localDates();
    pollState();
    focusCited();
  });
})();
