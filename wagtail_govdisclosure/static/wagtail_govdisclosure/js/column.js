/*
 * wagtail-govdisclosure: small helpers of the column's public pages. Everything works
 * without this script; it only makes phones and reading more comfortable.
 *
 * - <details data-gd-fold-narrow open>: closed on a narrow screen (the notice list's
 *   filters, a notice's metadata box), so the content starts on the first screen.
 * - [data-gd-font-size="up|down|reset"]: the reader's text size, kept for the session.
 * - [data-gd-print]: prints the page (its print stylesheet shows the document only).
 */
(function () {
  "use strict";
  var NARROW = "(max-width: 600px)";
  var SIZES = [100, 112.5, 125, 150];
  var KEY = "gd-font-size";

  function foldOnNarrowScreens() {
    if (!window.matchMedia || !window.matchMedia(NARROW).matches) return;
    var folds = document.querySelectorAll("details[data-gd-fold-narrow]");
    for (var i = 0; i < folds.length; i++) folds[i].open = false;
  }

  function applySize(step) {
    var article = document.querySelectorAll("[data-gd-resizable]");
    for (var i = 0; i < article.length; i++) {
      article[i].style.fontSize = step ? SIZES[step] + "%" : "";
    }
    var buttons = document.querySelectorAll("[data-gd-font-size]");
    for (var j = 0; j < buttons.length; j++) {
      var action = buttons[j].getAttribute("data-gd-font-size");
      buttons[j].setAttribute("aria-pressed", String(action === "up" ? step > 0 : false));
    }
  }

  function currentStep() {
    try {
      var stored = parseInt(window.sessionStorage.getItem(KEY) || "0", 10);
      return stored >= 0 && stored < SIZES.length ? stored : 0;
    } catch (error) {
      return 0;
    }
  }

  function setStep(step) {
    try {
      window.sessionStorage.setItem(KEY, String(step));
    } catch (error) {
      /* private mode: the size lasts for this page only */
    }
    applySize(step);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-gd-font-size], [data-gd-print]") : null;
    if (!target) return;
    if (target.hasAttribute("data-gd-print")) {
      window.print();
      return;
    }
    var step = currentStep();
    var action = target.getAttribute("data-gd-font-size");
    if (action === "up") step = Math.min(step + 1, SIZES.length - 1);
    else if (action === "down") step = Math.max(step - 1, 0);
    else step = 0;
    setStep(step);
  });

  // A folded box is part of the printed document.
  window.addEventListener("beforeprint", function () {
    var folds = document.querySelectorAll("details[data-gd-fold-narrow]");
    for (var i = 0; i < folds.length; i++) folds[i].open = true;
  });

  function start() {
    foldOnNarrowScreens();
    var tools = document.querySelectorAll(".gd-tools");
    for (var i = 0; i < tools.length; i++) tools[i].hidden = false;
    applySize(currentStep());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
