// Reports: the print button on the report page, and the PDF's progress on
// its job page (polls the job's JSON and moves the bar; when the PDF is
// ready or has failed, reloads the page to show the download link or the error).
(function () {
  "use strict";
  var print = document.querySelector("[data-action='print']");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  var box = document.querySelector("[data-report-progress]");
  if (!box) return;
  var url = box.getAttribute("data-report-progress");
  var bar = box.querySelector("progress");
  var step = box.querySelector("[data-progress-step]");
  var percent = box.querySelector("[data-progress-percent]");

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
        percent.textContent = state.percent;
        step.textContent = state.step_label || state.stage_label;
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 400);
})();
