// Progressive enhancement: count down the wait the server wrote on the page ("Try again in
// 42 seconds."), once a second, and say when the wait is over. Without this file the page
// keeps the server's sentence.
(function () {
  "use strict";
  function sentence(seconds) {
    if (seconds >= 120) {
      var minutes = Math.ceil(seconds / 60);
      return "Try again in " + minutes + " minutes.";
    }
    if (seconds >= 60) {
      var rest = seconds - 60;
      return rest === 0 ? "Try again in 1 minute." :
        "Try again in 1 minute and " + rest + (rest === 1 ? " second." : " seconds.");
    }
    return seconds === 1 ? "Try again in 1 second." : "Try again in " + seconds + " seconds.";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-countdown]").forEach(function (timer) {
      var ends = Date.now() + parseInt(timer.getAttribute("data-countdown"), 10) * 1000;
      if (isNaN(ends)) { return; }
      function tick() {
        var left = Math.ceil((ends - Date.now()) / 1000);
        if (left <= 0) {
          timer.textContent = timer.getAttribute("data-done");
          return;
        }
        timer.textContent = sentence(left);
        window.setTimeout(tick, 1000);
      }
      // waits of hours keep the server's sentence ("Try again in 3 hours.")
      if (parseInt(timer.getAttribute("data-countdown"), 10) <= 119 * 60) { tick(); }
    });
  });
})();
