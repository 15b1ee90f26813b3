/* Kechuang page behaviour. No inline scripts anywhere (CSP script-src 'self'). */
(function () {
  "use strict";

  // Confirm dangerous actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // A control that changes what the whole page is about (the year) reloads the page:
  // <select data-reload> submits its form as a plain GET. Caught on the way down, so the
  // form's htmx "change" trigger (a filter refreshing only the table) never sees it.
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (control.matches && control.matches("select[data-reload]") && control.form) {
      event.stopPropagation();
      control.form.submit();
    }
  }, true);

  // Tabs follow the URL: /enterprises/5/#figures opens the #tab-figures pane, and back again.
  var tabs = document.querySelector("[data-hash-tabs]");
  if (tabs && window.bootstrap) {
    var show = function () {
      var hash = window.location.hash.replace("#", "");
      var button = hash && tabs.querySelector('[data-bs-target="#tab-' + hash + '"]');
      if (button) { window.bootstrap.Tab.getOrCreateInstance(button).show(); }
    };
    tabs.addEventListener("shown.bs.tab", function (event) {
      var target = event.target.getAttribute("data-bs-target").replace("#tab-", "#");
      history.replaceState(null, "", target);
    });
    show();
    window.addEventListener("hashchange", show);
  }

  // The sign-in captcha's "换一张": a new key and image from django-simple-captcha.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-captcha-refresh]");
    if (!button) { return; }
    event.preventDefault();
    fetch(button.getAttribute("data-captcha-refresh"), {
      headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin"
    }).then(function (r) { return r.json(); }).then(function (data) {
      var box = button.closest("[data-testid=captcha]") || document;
      box.querySelector("[data-captcha-key]").value = data.key;
      box.querySelector("[data-captcha-image]").src = data.image_url;
      var audio = box.querySelector("[data-captcha-audio]");
      if (audio && data.audio_url) { audio.href = data.audio_url; }
    });
  });

  // Row selection (issue #14): the header box ticks the page; a batch button with nothing
  // ticked says so instead of acting on every row.
  document.addEventListener("change", function (event) {
    var box = event.target;
    var field = box.getAttribute && box.getAttribute("data-select-all");
    if (field) {
      document.querySelectorAll('input[form="selection"][name="' + field + '"]').forEach(
        function (row) { row.checked = box.checked; });
    }
    var bar = document.getElementById("selection");
    if (bar && (field || box.getAttribute("form") === "selection")) {
      var name = bar.getAttribute("data-selection");
      var n = document.querySelectorAll('input[form="selection"][name="' + name + '"]:checked').length;
      var label = bar.querySelector("[data-selection-count]");
      if (label) { label.textContent = n ? "已选 " + n + " 条" : ""; }
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-needs-selection]");
    if (!button) { return; }
    var bar = document.getElementById("selection");
    var name = bar && bar.getAttribute("data-selection");
    if (name && !document.querySelector('input[form="selection"][name="' + name + '"]:checked')) {
      event.preventDefault();
      window.alert("请先勾选要处理的记录。");
      return;
    }
    // A POST action carries the CSRF token; a GET one (export) never puts it in the URL.
    var token = bar.querySelector("input[name=csrfmiddlewaretoken]");
    if (button.getAttribute("formmethod") === "post" && !token) {
      var source = document.querySelector("input[name=csrfmiddlewaretoken]");
      if (source) {
        token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrfmiddlewaretoken";
        token.value = source.value;
        bar.appendChild(token);
      }
    } else if (button.getAttribute("formmethod") !== "post" && token) {
      token.remove();
    }
  });

  // htmx requests carry the CSRF token from the cookie-less form token on the page.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });

  // Idle-session warning 5 minutes before the server ends the session (security.md §6.3).
  var idle = parseInt(document.body.getAttribute("data-session-idle") || "0", 10);
  var box = document.getElementById("session-warning");
  if (idle > 360 && box) {
    var timer;
    var arm = function () {
      clearTimeout(timer);
      box.hidden = true;
      timer = setTimeout(function () { box.hidden = false; }, (idle - 300) * 1000);
    };
    document.getElementById("session-keepalive").addEventListener("click", function () {
      fetch("/", { credentials: "same-origin" }).then(arm);
    });
    document.addEventListener("htmx:afterRequest", arm);
    arm();
  }
})();
