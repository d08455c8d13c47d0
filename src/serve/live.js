// Verity preview: reloads the page after every rebuild, marks the page's
// mistakes where they are with what is wrong beside them, and lets the
// problem overlay be dismissed with its button or the Escape key.
(function () {
  "use strict";
  // Wraps the first `found` text in the page's main content in a mark,
  // followed by the message; text split across elements is left to the
  // overlay's list.
  var mark = function (root, problem) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      if (parent && parent.closest(".verity-mark, .verity-note, #verity-overlay")) { continue; }
      var at = node.nodeValue.indexOf(problem.found);
      if (at < 0) { continue; }
      var range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + problem.found.length);
      var marked = document.createElement("mark");
      marked.className = "verity-mark";
      range.surroundContents(marked);
      var note = document.createElement("span");
      note.className = "verity-note";
      note.textContent = problem.code + ": " + problem.message;
      marked.parentNode.insertBefore(note, marked.nextSibling);
      return;
    }
  };
  var data = document.getElementById("verity-marks");
  if (data) {
    var root = document.querySelector("main") || document.body;
    JSON.parse(data.textContent).forEach(function (problem) { mark(root, problem); });
  }
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
