// drafting serve --users: every POST form carries the session's token (the pages put it
// in each form they draw; this adds it to any form drawn without it). htmx sends it as a
// header from <body hx-headers>; a script's own fetch() reads <meta name="csrf-token">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var token = document.querySelector('meta[name="csrf-token"]');
  if (!token || !(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") {
    return;
  }
  if (!form.querySelector('input[name="csrf_token"]')) {
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "csrf_token";
    field.value = token.content;
    form.appendChild(field);
  }
}, true);
