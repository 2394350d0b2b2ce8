// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // Sort and filter controls wait for their "Apply" button: submitting on "change" would
    // reload the page while a keyboard user arrows through the options (WCAG 3.2.2).
    // Reply in place instead of opening the reply page.
    document.querySelectorAll("a[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var post = link.closest("article");
        var existing = post && post.parentNode.querySelector(":scope > form.inline-reply");
        if (!post) { return; }
        event.preventDefault();
        if (existing) { existing.querySelector("textarea").focus(); return; }
        var token = document.querySelector("meta[name=csrf-token]");
        var id = link.getAttribute("data-reply-to");
        var form = document.createElement("form");
        form.method = "post";
        form.action = link.getAttribute("href");
        form.className = "inline-reply";
        form.innerHTML =
          '<input type="hidden" name="csrf_token">' +
          '<div class="field"><label class="label" for="inline-reply-' + id + '"></label>' +
          '<textarea id="inline-reply-' + id + '" name="body" rows="5"></textarea></div>' +
          '<button type="submit" class="button">Post reply</button> ' +
          '<button type="button" class="link-button" data-cancel>Cancel</button>';
        form.querySelector("input[name=csrf_token]").value = token ? token.content : "";
        form.querySelector("label").textContent = link.textContent.trim();
        form.querySelector("[data-cancel]").addEventListener("click", function () {
          form.remove();
          link.focus();
        });
        post.insertAdjacentElement("afterend", form);
        form.querySelector("textarea").focus();
      });
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
