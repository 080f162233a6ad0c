// Import progress: polls the job's small JSON endpoint and moves the bar;
// when the step has finished, reloads the page to show its result.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box) return;
  var url = box.getAttribute("data-import-progress");
  var bar = box.querySelector("progress");
  var stage = box.querySelector("[data-progress-stage]");
  var done = box.querySelector("[data-progress-done]");
  var total = box.querySelector("[data-progress-total]");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.running) {
          window.location.assign(state.url);
          return;
        }
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        stage.textContent = state.stage_label;
        done.textContent = state.done.toLocaleString();
        total.textContent = state.total.toLocaleString();
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 400);
})();
