/* "Écouter": reads the page's main content aloud with the browser's speech synthesis.
   The button stays hidden where the browser has none. */
(function () {
  "use strict";
  var bars = document.querySelectorAll("[data-listen-bar]");
  if (!bars.length || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;

  function textOf(root) {
    // Read what a sighted reader sees, without the button itself or parts marked as skipped.
    var copy = root.cloneNode(true);
    copy.querySelectorAll("[data-listen-bar], [data-listen-skip], [hidden], script, style, svg").forEach(function (el) {
      el.remove();
    });
    copy.querySelectorAll("h1, h2, h3, p, li, dt, dd, legend, label, button, a, tr").forEach(function (el) {
      el.append(". ");
    });
    return copy.textContent.replace(/\s+/g, " ").replace(/(\.\s*){2,}/g, ". ").trim();
  }

  bars.forEach(function (bar) {
    var button = bar.querySelector("button");
    var label = button.querySelector("[data-listen-label]");
    var playText = label.textContent, stopText = button.dataset.stopLabel;
    var root = document.querySelector(bar.dataset.listenRoot || "main") || document.body;

    function reset() {
      label.textContent = playText;
    }

    button.addEventListener("click", function () {
      if (synth.speaking || synth.pending) {
        synth.cancel();
        reset();
        return;
      }
      var utterance = new window.SpeechSynthesisUtterance(textOf(root));
      utterance.lang = document.documentElement.lang || "fr";
      utterance.rate = 0.9;
      utterance.onend = reset;
      utterance.onerror = reset;
      label.textContent = stopText;
      synth.speak(utterance);
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
    bar.hidden = false;
  });
})();
