// Partners' pages load this script and mark where a petition goes:
//   <div data-hub-petition="SLUG" data-lang="ar" data-partner="YOUR-SLUG"></div>
// Each mark becomes a frame served by the hub; the frame sets no cookies and reports its
// height so that it never scrolls inside the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var hub = new URL(script ? script.src : "/", location.href).origin;
  var frames = [];

  document.querySelectorAll("[data-hub-petition]").forEach(function (mark) {
    if (mark.dataset.hubPlaced) return;
    mark.dataset.hubPlaced = "1";
    var query = new URLSearchParams();
    if (mark.dataset.lang) query.set("lang", mark.dataset.lang);
    if (mark.dataset.partner) {
      // the page's origin: the hub credits the partner only in frames on its own pages
      query.set("partner", mark.dataset.partner);
      query.set("origin", location.origin);
    }
    var frame = document.createElement("iframe");
    frame.src = hub + "/widgets/petitions/" + encodeURIComponent(mark.dataset.hubPetition) +
      "/frame?" + query.toString();
    frame.title = mark.dataset.title || "Petition";
    frame.loading = "lazy";
    frame.style.cssText = "width:100%;border:0;height:32rem;";
    mark.appendChild(frame);
    frames.push(frame);
  });

  window.addEventListener("message", function (event) {
    if (event.origin !== hub || !event.data || !event.data.hubWidget) return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = event.data.height + "px";
    });
  });
})();
