// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Drafts: what is typed in a form marked data-draft="THREAD:PARENT" ("argument" for a new
  // argument) is kept in this browser until the post is saved, so leaving the page, a crash
  // or a lost connection loses nothing.
  var DRAFT = "forum-draft:";
  var SENT = "forum-draft-sent";

  function store(name) {  // localStorage or sessionStorage, or null where the browser refuses
    try {
      var s = window[name];
      s.setItem(DRAFT + "test", "1");
      s.removeItem(DRAFT + "test");
      return s;
    } catch (error) { return null; }
  }
  var drafts = store("localStorage");
  var sent = store("sessionStorage");

  // The sentences this file writes, in the reader's language: the page gives them
  // (<script id="forum-messages">, templates/_partials/script_messages.html); none is built
  // here. Without them, what needs them is left as the server sent it.
  var MESSAGES = (function () {
    var block = document.getElementById("forum-messages");
    try { return block ? JSON.parse(block.textContent) : {}; } catch (error) { return {}; }
  })();

  function fieldsOf(form) {  // the fields a person types or chooses (not tokens, not buttons)
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && (el.tagName === "TEXTAREA" ||
        (el.tagName === "INPUT" && (el.type === "text" || el.type === "radio")));
    });
  }

  function valuesOf(form) {  // {name: value}, or null when nothing is typed
    var values = {};
    var typed = false;
    fieldsOf(form).forEach(function (el) {
      if (el.type === "radio") {
        if (el.checked) { values[el.name] = el.value; }
        return;
      }
      values[el.name] = el.value;
      if (el.value.trim()) { typed = true; }
    });
    return typed ? values : null;
  }

  function readDraft(key) {
    if (!drafts) { return null; }
    try { return JSON.parse(drafts.getItem(DRAFT + key) || "null"); } catch (error) { return null; }
  }

  function writeDraft(key, values, closed) {
    if (!drafts) { return; }
    try {
      if (values) {
        drafts.setItem(DRAFT + key, JSON.stringify({values: values, closed: !!closed}));
      } else {
        drafts.removeItem(DRAFT + key);
      }
    } catch (error) { /* storage full: the page still warns before leaving */ }
  }

  function restore(form, draft) {
    fieldsOf(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(draft.values, el.name)) { return; }
      if (el.type === "radio") { el.checked = el.value === draft.values[el.name]; }
      else { el.value = draft.values[el.name]; }
    });
    if (!MESSAGES.draft_restored) { return; }
    var note = document.createElement("p");
    note.className = "hint draft-restored";
    note.setAttribute("role", "status");
    note.textContent = MESSAGES.draft_restored;
    form.insertBefore(note, form.firstChild);
  }

  // Keep the form's draft as it is typed; bring it back when the page shows the form empty
  // (a form the server sent back with an error already holds the text).
  function keepDrafts(form) {
    var key = form.getAttribute("data-draft");
    if (!key || !drafts) { return; }
    var draft = readDraft(key);
    if (draft && valuesOf(form) === null) { restore(form, draft); }
    var save = function () { writeDraft(key, valuesOf(form)); };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () {
      save();
      if (sent) { sent.setItem(SENT, key); }
    });
  }

  // The page after a form was sent: a success message and no error means it was saved, so
  // its draft goes; otherwise (an error, a preview, a rate limit) the draft stays.
  function forgetSentDraft() {
    if (!sent) { return; }
    var key = sent.getItem(SENT);
    sent.removeItem(SENT);
    if (key && document.querySelector(".flash-success") && !document.querySelector(".error-summary")) {
      writeDraft(key, null);
    }
  }

  // Reply in place instead of opening the reply page (which the link opens otherwise).
  function openInlineReply(link, focus) {
    var post = link.closest("article");
    if (!post || !MESSAGES.post_reply) { return null; }
    var existing = post.parentNode.querySelector(":scope > form.inline-reply");
    if (existing) {
      if (focus) { existing.querySelector("textarea").focus(); }
      return existing;
    }
    var token = document.querySelector("meta[name=csrf-token]");
    var thread = link.closest("[data-thread-id]");
    var id = link.getAttribute("data-reply-to");
    var form = document.createElement("form");
    form.method = "post";
    form.action = link.getAttribute("href");
    form.className = "inline-reply";
    form.innerHTML =
      '<input type="hidden" name="csrf_token">' +
      '<div class="field"><label class="label" for="inline-reply-' + id + '"></label>' +
      '<textarea id="inline-reply-' + id + '" name="body" rows="5"></textarea></div>' +
      '<div class="actions"><button type="submit" class="button" data-post></button> ' +
      '<button type="submit" class="button button-secondary" name="preview" value="1" data-preview></button> ' +
      '<button type="button" class="link-button" data-cancel></button></div>';
    form.querySelector("input[name=csrf_token]").value = token ? token.content : "";
    form.querySelector("label").textContent = link.textContent.trim();
    form.querySelector("[data-post]").textContent = MESSAGES.post_reply;
    form.querySelector("[data-preview]").textContent = MESSAGES.preview;
    form.querySelector("[data-cancel]").textContent = MESSAGES.cancel;
    var help = document.querySelector("details.formatting-help");
    if (help) {  // the same formatting help as the page's own boxes
      var copy = help.cloneNode(true);
      copy.id = "inline-reply-" + id + "-formatting";
      copy.open = false;
      form.querySelector(".field").insertAdjacentElement("afterend", copy);
    }
    if (thread) { form.setAttribute("data-draft", thread.getAttribute("data-thread-id") + ":" + id); }
    form.querySelector("[data-cancel]").addEventListener("click", function () {
      // Closed, not thrown away: "Reply" brings the text back.
      var key = form.getAttribute("data-draft");
      if (key) { writeDraft(key, valuesOf(form), true); }
      form.remove();
      link.focus();
    });
    post.insertAdjacentElement("afterend", form);
    keepDrafts(form);
    if (focus) { form.querySelector("textarea").focus(); }
    return form;
  }

  // Warn before leaving a page with unsent text, in every form, also those added after load.
  var submitting = false;
  document.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("pageshow", function () { submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (submitting) { return; }
    var unsent = Array.prototype.some.call(document.querySelectorAll("form textarea"), function (area) {
      return !area.readOnly && area.value.trim() && area.value !== area.defaultValue;
    });
    if (unsent) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to an error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // Sort and filter controls wait for their "Apply" button: submitting on "change" would
    // reload the page while a keyboard user arrows through the options (WCAG 3.2.2).
    forgetSentDraft();
    document.querySelectorAll("form[data-draft]").forEach(keepDrafts);
    document.querySelectorAll("a[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (openInlineReply(link, true)) { event.preventDefault(); }
      });
      // A reply left unsent on this page comes back open, with its text.
      var thread = link.closest("[data-thread-id]");
      var draft = thread && readDraft(thread.getAttribute("data-thread-id") + ":" +
                                      link.getAttribute("data-reply-to"));
      if (draft && !draft.closed) { openInlineReply(link, false); }
    });
  });
})();
