/* The R&D survey form: autosave drafts, keep typed data through a session timeout, add project
   rows. Everything typed is mirrored to localStorage first; the copy is removed only after the
   server confirmed the save, so an expired session or a lost connection loses nothing. */
(function () {
  "use strict";
  var form = document.getElementById("rd-form");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave-url");
  // ":wan": drafts kept before amounts were entered in 万元 are not restored into 万元 fields.
  var key = "kechuang:rd-form:wan:" + form.getAttribute("data-form-id") + ":" + form.getAttribute("data-user");
  var status = document.getElementById("autosave-status");
  var notice = document.getElementById("restore-notice");
  var total = form.querySelector("input[name=projects-TOTAL_FORMS]");
  var rows = document.getElementById("project-rows");
  var template = document.getElementById("project-template");
  var timer = null;
  var saving = false;
  var pending = false;

  function say(text, css) {
    if (!status) { return; }
    status.textContent = text;
    status.className = "ms-auto small " + (css || "text-body-secondary");
  }

  function addProjectRow() {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  }

  function snapshot() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version") { data[name] = value; }
    });
    return data;
  }

  function remember() {
    try {
      window.localStorage.setItem(key, JSON.stringify({
        at: new Date().toISOString(),
        version: parseInt(form.elements.namedItem("version").value, 10),
        data: snapshot()
      }));
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  }

  function forget() {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  function restore() {
    var stored;
    try { stored = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (!stored || !stored.data) { return false; }
    if (stored.version < parseInt(form.elements.namedItem("version").value, 10)) {
      forget();  // the server saved a later version: this copy reached it
      return false;
    }
    var wanted = parseInt(stored.data["projects-TOTAL_FORMS"] || "0", 10);
    while (total && parseInt(total.value, 10) < wanted) { addProjectRow(); }
    Object.keys(stored.data).forEach(function (name) {
      if (name === "projects-TOTAL_FORMS") { return; }
      var field = form.elements.namedItem(name);
      if (!field || field.type === "hidden") { return; }
      if (field.type === "checkbox") { field.checked = stored.data[name] === "on"; }
      else { field.value = stored.data[name]; }
    });
    if (notice) {
      notice.textContent = "已恢复您在 " + new Date(stored.at).toLocaleString("zh-CN") +
        " 填写但尚未保存到服务器的内容，正在保存。";
      notice.classList.remove("d-none");
    }
    return true;
  }

  function showFindings(findings) {
    var list = document.getElementById("findings");
    var card = document.getElementById("findings-card");
    if (!list || !card) { return; }
    var typed = {};
    list.querySelectorAll("textarea").forEach(function (t) { typed[t.name] = t.value; });
    list.textContent = "";
    findings.forEach(function (f) {
      var item = document.createElement("li");
      item.setAttribute("data-level", f.level);
      var text = document.createElement("div");
      text.textContent = f.message;
      if (f.level === "error") {
        item.className = "text-danger mb-1";
        item.appendChild(text);
      } else {
        item.className = "mb-2";
        item.setAttribute("data-code", f.code);
        text.className = "text-warning-emphasis";
        item.appendChild(text);
        var name = "explain_" + f.code;
        if (!list.querySelector("[name='" + name + "']")) {
          var label = document.createElement("label");
          label.className = "form-label small mb-0";
          label.htmlFor = name;
          label.textContent = "情况说明（提交前必填）";
          var area = document.createElement("textarea");
          area.className = "form-control form-control-sm";
          area.rows = 2;
          area.id = name;
          area.name = name;
          area.value = typed[name] || "";
          item.appendChild(label);
          item.appendChild(area);
        }
      }
      list.appendChild(item);
    });
    card.classList.toggle("d-none", findings.length === 0);
  }

  function save() {
    if (saving) { pending = true; return; }
    saving = true;
    say("正在保存……");
    var body = new FormData(form);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected || type.indexOf("application/json") === -1) {
        throw new Error("session");
      }
      return response.json().then(function (json) { return { code: response.status, json: json }; });
    }).then(function (result) {
      if (result.json.ok) {
        form.elements.namedItem("version").value = result.json.version;
        forget();
        say("已自动保存 " + result.json.saved_at, "text-success");
        showFindings(result.json.findings || []);
      } else {
        say(result.json.message || "保存失败", "text-danger");
      }
    }).catch(function () {
      say("登录已超时或网络中断：填写的内容已暂存在本机浏览器，重新登录后打开本页会自动恢复。", "text-danger");
    }).then(function () {
      saving = false;
      if (pending) { pending = false; schedule(); }
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  function changed() {
    remember();
    say("有未保存的修改……");
    schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-confirm-submit") &&
        !window.confirm("提交后不能再修改，除非科技局退回。确定提交？")) {
      event.preventDefault();
      return;
    }
    remember();  // kept until the next page shows a later version (the post reached the server)
  });
  document.getElementById("add-project").addEventListener("click", function () {
    addProjectRow();
    changed();
  });
  if (restore()) { save(); }
})();
