// Progressive enhancement: count down the wait the server wrote on the page ("Try again in
// 42 seconds."), once a second, and say when the wait is over. The sentences are the page's
// own, in the reader's language: the server writes every one the countdown may need
// (<script id="countdown-sentences">, forum/limits.py countdown_sentences), and this file
// only chooses among them. Without this file, or for a wait too long to count, the page
// keeps the server's sentence.
(function () {
  "use strict";
  function sentences() {
    var block = document.getElementById("countdown-sentences");
    if (!block) { return null; }
    try { return JSON.parse(block.textContent); } catch (error) { return null; }
  }
  // The sentence for ``seconds`` left, or null if the page wrote none for it.
  function sentence(said, seconds) {
    if (seconds >= 120) { return said.minutes[Math.ceil(seconds / 60) - 1] || null; }
    if (seconds >= 60) { return said.minute_and[seconds - 60] || null; }
    return said.seconds[seconds - 1] || null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var said = sentences();
    if (!said) { return; }
    document.querySelectorAll("[data-countdown]").forEach(function (timer) {
      var ends = Date.now() + parseInt(timer.getAttribute("data-countdown"), 10) * 1000;
      if (isNaN(ends)) { return; }
      function tick() {
        var left = Math.ceil((ends - Date.now()) / 1000);
        if (left <= 0) {
          timer.textContent = timer.getAttribute("data-done");
          return;
        }
        var text = sentence(said, left);
        if (text) { timer.textContent = text; }
        window.setTimeout(tick, 1000);
      }
      tick();
    });
  });
})();
