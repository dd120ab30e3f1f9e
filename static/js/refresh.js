// Blocks that are still being worked on in the background carry data-refresh="<address of the block alone>":
// they are fetched again every two seconds and replaced until the new block no longer asks for it.
(function () {
  "use strict";
  var DELAY_MS = 2000;

  function watch(block) {
    var url = block.getAttribute("data-refresh");
    if (!url) { return; }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          if (!fresh) { return; }
          block.replaceWith(fresh);
          watch(fresh);
        })
        .catch(function () { watch(block); });
    }, DELAY_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-refresh]").forEach(watch);
  });
})();
