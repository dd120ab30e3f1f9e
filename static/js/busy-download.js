// A link that makes a file on the server (a line sheet, an invoice) can take a moment: a link with
// data-busy="<label>" shows that label and aria-busy="true" from the click until the file's response arrives.
// The server sets the cookie download_<token> (the token is added to the link's URL) on that response; the page
// watches for it. Without JavaScript the link simply works.
(function () {
  "use strict";
  function restore(link) {
    if (link.dataset.idleLabel) link.textContent = link.dataset.idleLabel;
    link.removeAttribute("aria-busy");
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-busy]") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    var token = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("download_token", token);
    link.href = url.toString();
    link.dataset.idleLabel = link.textContent;
    link.textContent = link.dataset.busy;
    link.setAttribute("aria-busy", "true");
    var cookie = "download_" + token + "=";
    var started = Date.now();
    var timer = window.setInterval(function () {
      if (document.cookie.indexOf(cookie) !== -1 || Date.now() - started > 120000) {
        window.clearInterval(timer);
        document.cookie = cookie + "; max-age=0; path=/";
        restore(link);
      }
    }, 200);
  });
  // Coming back to the page (the back button) shows the links idle again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("a[data-busy][aria-busy]").forEach(restore);
  });
})();
