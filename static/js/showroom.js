// The showroom's behaviour: follow a 3D model's conversion on the maker's page; on the product page, count 3D
// views and AR launches, say when the device cannot show AR, and open the RFQ form from Quick Look's banner.
(function () {
  "use strict";

  function followConversion(block) {
    var bar = document.getElementById("conversion-bar");
    var stage = document.getElementById("conversion-stage");
    function poll() {
      fetch(block.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          bar.value = state.progress;
          stage.textContent = state.stage;
          if (state.status !== "pending") { window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }

  function platform() {
    var ua = navigator.userAgent || "";
    if (/iPad|iPhone|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1)) { return "quick-look"; }
    return navigator.xr ? "webxr" : "scene-viewer";
  }

  function showModel(section) {
    var viewer = document.getElementById("product-viewer");
    var track = section.dataset.track === "yes";
    function send(kind, where) {
      if (!track) { return; }
      var data = new FormData();
      data.append("csrf_token", section.dataset.csrf);
      data.append("product_id", section.dataset.productId);
      data.append("kind", kind);
      data.append("platform", where || "");
      fetch(section.dataset.eventUrl, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
        .catch(function () { return null; });
    }
    function toQuote() {
      send("quote", platform());
      window.location.assign(section.dataset.rfqUrl);
    }
    var link = document.getElementById("quick-look-link");
    if (link) {
      link.addEventListener("click", function () { send("ar", "quick-look"); });
      // AR Quick Look posts this message to the link that opened it when its banner is tapped.
      link.addEventListener("message", function (event) {
        if (event.data === "_apple_ar_quicklook_button_tapped") { toQuote(); }
      });
    }
    if (!viewer) { return; }
    var counted = false;
    viewer.addEventListener("load", function () {
      if (!counted) { counted = true; send("view", ""); }
      if (!viewer.canActivateAR) { document.getElementById("ar-unsupported").hidden = false; }
    });
    if (window.customElements) {
      window.customElements.whenDefined("model-viewer").then(function () {
        window.setTimeout(function () {
          if (!viewer.canActivateAR) { document.getElementById("ar-unsupported").hidden = false; }
        }, 0);
      });
    }
    viewer.addEventListener("ar-status", function (event) {
      if (event.detail && event.detail.status === "session-started") { send("ar", platform()); }
    });
    viewer.addEventListener("quick-look-button-tapped", toQuote);
    var button = document.getElementById("ar-button");
    if (button && platform() !== "webxr") {
      button.addEventListener("click", function () { send("ar", platform()); });
    }
  }

  var progress = document.getElementById("conversion-progress");
  if (progress) { followConversion(progress); }
  var section = document.getElementById("model-3d");
  if (section) { showModel(section); }
})();
