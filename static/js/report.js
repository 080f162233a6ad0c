// Reports: the print button on the report page (the PDF's progress on its
// job page is static/js/progress.js).
(function () {
  "use strict";
  var print = document.querySelector("[data-action='print']");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
