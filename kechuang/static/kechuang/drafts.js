/* Drafts that survive a lost connection (the R&D form's promise, for any declared form that
   keeps drafts): everything typed is mirrored to localStorage; the copy is removed only when
   the next page is not this form again, i.e. the server took the post. Reopening the form
   after a dropped connection or an expired session restores what was typed. Files (photos)
   cannot be kept by the browser and must be chosen again; the notice says so. */
(function () {
  "use strict";
  var PENDING = "kechuang:draft:pending";
  var form = document.querySelector("form[data-draft]");
  var here = form ? "kechuang:draft:" + form.getAttribute("data-draft-user") + ":" +
    form.getAttribute("data-draft") : null;

  function storage(kind) {
    try { return window[kind]; } catch (e) { return null; }
  }
  var local = storage("localStorage");
  var session = storage("sessionStorage");

  // the previous page posted a form: if this page is not that form again, the post arrived
  var pending = session && session.getItem(PENDING);
  if (pending && pending !== here) {
    if (local) { local.removeItem(pending); }
    session.removeItem(PENDING);
  }
  if (!form || !local) { return; }

  function kept(field) {
    return field.name && field.type !== "file" && field.type !== "hidden" &&
      field.type !== "submit" && field.name !== "csrfmiddlewaretoken";
  }

  function remember() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field)) { return; }
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) { (data[field.name] = data[field.name] || []).push(field.value); }
      } else if (field.multiple) {
        data[field.name] = Array.prototype.filter.call(field.options, function (o) {
          return o.selected;
        }).map(function (o) { return o.value; });
      } else {
        data[field.name] = [field.value];
      }
    });
    try {
      local.setItem(here, JSON.stringify({ at: new Date().toISOString(), data: data }));
    } catch (e) { /* storage full or disabled: the post still runs */ }
  }

  function restore(stored) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field) || !(field.name in stored.data)) { return; }
      var values = stored.data[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.multiple) {
        Array.prototype.forEach.call(field.options, function (o) {
          o.selected = values.indexOf(o.value) !== -1;
        });
      } else {
        field.value = values[0];
      }
    });
    var notice = document.getElementById("draft-notice");
    if (notice) {
      notice.querySelector("[data-draft-at]").textContent =
        new Date(stored.at).toLocaleString("zh-CN");
      notice.classList.remove("d-none");
      var drop = notice.querySelector("[data-draft-drop]");
      if (drop) {
        drop.addEventListener("click", function () {
          local.removeItem(here);
          window.location.reload();
        });
      }
    }
  }

  var stored = null;
  try { stored = JSON.parse(local.getItem(here) || "null"); } catch (e) { stored = null; }
  // a form the server showed again (its errors) holds the posted data already
  if (stored && stored.data && !form.hasAttribute("data-draft-bound")) { restore(stored); }

  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
  form.addEventListener("submit", function () {
    remember();
    if (session) { session.setItem(PENDING, here); }
  });
})();
