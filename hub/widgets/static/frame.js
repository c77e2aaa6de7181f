// The widget frame: signs without leaving the page, follows the count live, and tells the
// embedding page its height. Without JavaScript the form still posts and the page reloads.
(function () {
  "use strict";
  var main = document.querySelector("main.petition");
  if (!main) return;
  var refusals = JSON.parse(main.dataset.refusals || "{}");
  // the server's locale and grouping (hub/widgets/numbers.py): the same digits both ways
  var numbers = new Intl.NumberFormat(main.dataset.locale || "en", { useGrouping: "always" });
  var count = main.querySelector("[data-count]");
  var progress = main.querySelector("progress");

  function showCount(n) {
    count.textContent = numbers.format(n);
    count.removeAttribute("data-served");  // written here now, no longer as served
    if (progress) progress.value = Math.min(n, Number(progress.max));
    tellHeight();
  }

  function tellHeight() {
    if (window.parent !== window) {
      window.parent.postMessage(
        { hubWidget: location.pathname, height: document.documentElement.scrollHeight }, "*");
    }
  }

  var form = main.querySelector("form");
  if (form) {
    var refusal = form.querySelector("[data-refusal]");
    var button = form.querySelector("button");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      var body = {
        name: data.get("name"), email: data.get("email"), country: data.get("country"),
        language: data.get("language"), partner: data.get("partner"),
        partnerToken: data.get("partnerToken"),
        consentToContact: data.get("consent") === "on", website: data.get("website")
      };
      button.disabled = true;
      button.textContent = form.dataset.signing;
      fetch("signatures", {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify(body), credentials: "omit"
      }).then(function (response) {
        return response.json().then(function (answer) { return [response.ok, answer]; });
      }).then(function (result) {
        if (result[0]) {
          var thanks = document.createElement("p");
          thanks.className = "thanks";
          thanks.setAttribute("role", "status");
          thanks.textContent = form.dataset.thanks;
          form.replaceWith(thanks);
          showCount(result[1].signatureCount);
          return;
        }
        var error = result[1].error || {};
        refusal.textContent = refusals[error.field] || refusals[error.code] || error.message;
        var field = error.field && form.elements[error.field];
        if (field && field.focus) { field.setAttribute("aria-invalid", "true"); field.focus(); }
      }).catch(function () {
        refusal.textContent = form.dataset.failed;
      }).finally(function () {
        button.disabled = false;
        button.textContent = button.dataset.label;
        tellHeight();
      });
    });
    button.dataset.label = button.textContent;
  }

  if (window.EventSource) {
    new EventSource("events").addEventListener("count", function (event) {
      showCount(JSON.parse(event.data).signatureCount);
    });
  }
  window.addEventListener("load", tellHeight);
  if (window.ResizeObserver) new ResizeObserver(tellHeight).observe(document.body);
})();
