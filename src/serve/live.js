// Verity preview: reloads the page after every rebuild, and lets the
// problem overlay be dismissed with its button or the Escape key.
(function () {
  "use strict";
  var overlay = document.getElementById("verity-overlay");
  if (overlay) {
    var previous = document.activeElement;
    var dismiss = function () {
      overlay.hidden = true;
      if (previous && previous.focus) { previous.focus(); }
    };
    document.getElementById("verity-overlay-close").addEventListener("click", dismiss);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !overlay.hidden) { dismiss(); }
    });
    overlay.focus();
  }
  var events = new EventSource("/__verity/events");
  events.addEventListener("reload", function () { window.location.reload(); });
})();
