// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // Submit sort/filter controls as soon as they change.
    document.querySelectorAll(".debate-controls select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // Warn before leaving a page with unsent text.
    document.querySelectorAll("form textarea").forEach(function (area) {
      var initial = area.value;
      var form = area.form;
      var submitting = false;
      if (form) { form.addEventListener("submit", function () { submitting = true; }); }
      window.addEventListener("beforeunload", function (event) {
        if (!submitting && area.value.trim() && area.value !== initial) {
          event.preventDefault();
          event.returnValue = "";
        }
      });
    });
  });
})();
