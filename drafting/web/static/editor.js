// The draft editor: a "Cite" button puts [@fact-id] where the cursor is in the draft,
// and tells htmx the text changed (so the review runs again).
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

// "Show line N" beside a finding selects that line of the draft, so the text at fault is
// marked where it is.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.goto");
  var text = document.getElementById("text");
  if (!button || !text) return;
  var lines = text.value.split("\n");
  var n = Math.max(1, Math.min(lines.length, parseInt(button.dataset.line, 10)));
  var start = 0;
  for (var i = 0; i < n - 1; i++) start += lines[i].length + 1;
  text.focus();
  text.setSelectionRange(start, start + lines[n - 1].length);
  var rows = text.value.slice(0, start).split("\n").length - 1;
  text.scrollTop = Math.max(0, rows * parseFloat(getComputedStyle(text).lineHeight) - 40);
});
