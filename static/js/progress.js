// Progress of a background job (a directory import, a report's PDF): polls
// the job's small JSON endpoint named by data-progress on the box and moves
// its <progress> bar and the figures marked inside it; when the job has
// finished, goes to the page the JSON names, which shows the result.
//
//   data-progress-percent  the percent       data-progress-step   the step
//   data-progress-done     rows done         data-progress-total  of how many
(function () {
  "use strict";
  var box = document.querySelector("[data-progress]");
  if (!box) return;
  var url = box.getAttribute("data-progress");
  var bar = box.querySelector("progress");

  function show(name, text) {
    var element = box.querySelector("[data-progress-" + name + "]");
    if (element && text !== undefined && text !== null) element.textContent = text;
  }

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
        show("percent", state.percent);
        show("step", state.step_label || state.stage_label);
        if (state.done !== undefined) show("done", state.done.toLocaleString());
        if (state.total !== undefined) show("total", state.total.toLocaleString());
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 400);
})();
