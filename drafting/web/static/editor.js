// The draft editor: a "Cite" button puts [@fact-id] where the cursor is in the draft,
// and tells htmx the text changed (so the review runs again). No other script runs here.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.cite");
  var text = document.getElementById("text");
  if (!button || !text) return;
  var cite = " " + button.dataset.cite;
  var at = text.selectionStart, end = text.selectionEnd;
  text.value = text.value.slice(0, at) + cite + text.value.slice(end);
  text.selectionStart = text.selectionEnd = at + cite.length;
  text.focus();
  text.dispatchEvent(new Event("input", { bubbles: true }));
});
