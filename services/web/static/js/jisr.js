/* Helpers every Jisr page shares: translated words, API calls with a bearer token,
   safe DOM building (text only, never HTML from data), sign-in, the ESCO look-up and
   the card of a match. Plain JavaScript, no library, nothing loaded from elsewhere. */
"use strict";

(function () {
  const body = document.body;
  const base = body.dataset.apiBase || "";
  const lang = body.dataset.lang || "en";
  const node = document.getElementById("jisr-messages");
  const messages = node ? JSON.parse(node.textContent || "{}") : {};
  const CALL_TIMEOUT_MS = 15000;
  const numberLocale = lang === "ar" ? "ar-u-nu-latn" : lang;

  /** The translated text of `key`, with `{name}` placeholders filled from `vars`. */
  function t(key, vars) {
    let text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
    for (const [k, v] of Object.entries(vars || {})) {
      text = text.split("{" + k + "}").join(String(v));
    }
    return text;
  }

  /** The claims of a JWT, read without checking it (the APIs check it); null if unreadable. */
  function claims(token) {
    const parts = String(token || "").split(".");
    if (parts.length !== 3) return null;
    try {
      const raw = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
      const bytes = Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (err) {
      return null;
    }
  }

  /** Call a JSON API; resolves to {ok, status, data, headers} and never throws. */
  async function call(method, path, opts) {
    const options = opts || {};
    const headers = { Accept: "application/json" };
    if (options.token) headers.Authorization = "Bearer " + options.token;
    let url = base + path;
    if (options.query) {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(options.query)) {
        if (v !== undefined && v !== null && v !== "") query.set(k, String(v));
      }
      const text = query.toString();
      if (text) url += (url.includes("?") ? "&" : "?") + text;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CALL_TIMEOUT_MS);
    const init = { method, headers, credentials: "omit", cache: "no-store", signal: controller.signal };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    try {
      const resp = await fetch(url, init);
      let data = null;
      if (resp.status !== 204) {
        try {
          data = await resp.json();
        } catch (err) {
          data = null;
        }
      }
      if (resp.status === 401 && options.token && Jisr.onUnauthorized) Jisr.onUnauthorized();
      return { ok: resp.ok, status: resp.status, data, headers: resp.headers };
    } catch (err) {
      return { ok: false, status: 0, data: null, headers: new Headers() };
    } finally {
      clearTimeout(timer);
    }
  }

  /** What went wrong, in words: the problem's detail and each bad field's messages. */
  function problemText(res) {
    if (!res || res.status === 0) return t("network");
    const data = res.data || {};
    const parts = [];
    if (data.detail) parts.push(String(data.detail));
    for (const [field, msgs] of Object.entries(data.errors || {})) {
      parts.push(field + ": " + [].concat(msgs).join(" "));
    }
    return parts.join(" — ") || data.title || t("error");
  }

  /** Build an element: attrs may hold `text`, `class`, `dataset`, `on` (events) and others. */
  function el(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") element.textContent = String(v);
      else if (k === "class") element.className = v;
      else if (k === "dataset") Object.assign(element.dataset, v);
      else if (k === "on") for (const [ev, fn] of Object.entries(v)) element.addEventListener(ev, fn);
      else element.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function clear(element) {
    while (element && element.firstChild) element.removeChild(element.firstChild);
  }

  function number(value, digits) {
    return new Intl.NumberFormat(numberLocale, { maximumFractionDigits: digits ?? 1 }).format(value);
  }

  function date(value) {
    if (!value) return "–";
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return String(value);
    return d.toLocaleDateString(numberLocale, { year: "numeric", month: "short", day: "numeric" });
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /** A short, readable form of a pseudonymous id. */
  function ref(id) {
    return String(id || "").replace(/-/g, "").slice(0, 8).toUpperCase();
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  // Cities with coordinates, so that a counsellor or employer never types a latitude.
  const CITIES = {
    Cairo: [30.0444, 31.2357, "Cairo"],
    Giza: [30.0131, 31.2089, "Giza"],
    Alexandria: [31.2001, 29.9187, "Alexandria"],
    Asyut: [27.1783, 31.1859, "Asyut"],
    Tunis: [36.8065, 10.1815, "Tunis"],
    Sfax: [34.7406, 10.7603, "Sfax"],
    Sousse: [35.8256, 10.6084, "Sousse"],
    Casablanca: [33.5731, -7.5898, "Casablanca-Settat"],
    Rabat: [34.0209, -6.8416, "Rabat-Sale-Kenitra"],
    Fes: [34.0181, -5.0078, "Fes-Meknes"],
    Tangier: [35.7595, -5.834, "Tanger-Tetouan-Al Hoceima"],
    Baghdad: [33.3152, 44.3661, "Baghdad"],
    Erbil: [36.1911, 44.0092, "Erbil"],
    Basra: [30.5085, 47.7804, "Basra"],
    Mosul: [36.34, 43.13, "Nineveh"],
  };

  function fillCities() {
    const list = document.getElementById("known-cities");
    if (!list || list.childElementCount) return;
    for (const name of Object.keys(CITIES)) list.append(el("option", { value: name }));
  }

  /** The location object of a city input: coordinates when the city is known. */
  function locationOf(value) {
    const city = String(value || "").trim();
    if (!city) return undefined;
    const known = Object.keys(CITIES).find((c) => c.toLowerCase() === city.toLowerCase());
    if (!known) return { city };
    const [lat, lon, region] = CITIES[known];
    return { city: known, region, lat, lon };
  }

  /** Mark each field named in a 422 problem (by `data-field`) and say what is wrong. */
  function showFieldErrors(form, res) {
    for (const bad of form.querySelectorAll("[aria-invalid]")) bad.removeAttribute("aria-invalid");
    for (const field of Object.keys((res && res.data && res.data.errors) || {})) {
      const input = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
      if (input) input.setAttribute("aria-invalid", "true");
    }
  }

  /* Sign-in: a pasted token lives in sessionStorage (this tab only) under the page's area. */
  function signIn(onReady) {
    const area = body.dataset.area || "staff";
    const roles = (body.dataset.roles || "").split(",").filter(Boolean);
    const key = "jisr.token." + area;
    const section = document.getElementById("signin");
    const app = document.getElementById("app");
    const out = document.getElementById("sign-out");
    const form = document.getElementById("signin-form");
    const error = document.getElementById("signin-error");

    let started = false;
    function ready(token) {
      if (started) {
        // The page's scripts are already wired to the old token: start afresh.
        window.location.reload();
        return;
      }
      started = true;
      section.hidden = true;
      app.hidden = false;
      out.hidden = false;
      const c = claims(token) || {};
      const employerId = c.employer_id || sessionStorage.getItem("jisr.employer") || "";
      onReady({ token, claims: c, employerId });
    }

    function ask(message) {
      app.hidden = true;
      section.hidden = false;
      out.hidden = true;
      error.textContent = message || "";
      document.getElementById("signin-token").focus();
    }

    Jisr.onUnauthorized = () => {
      sessionStorage.removeItem(key);
      ask(t("bad_token"));
    };
    out.addEventListener("click", () => {
      sessionStorage.removeItem(key);
      sessionStorage.removeItem("jisr.employer");
      ask(t("signed_out"));
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const token = form.elements.token.value.trim();
      const c = claims(token);
      if (!token) return ask(t("bad_token"));
      if (c && roles.length && !roles.includes(c.role)) return ask(t("wrong_role"));
      if (c && c.exp && c.exp * 1000 < Date.now()) return ask(t("bad_token"));
      if (form.elements.employer_id && form.elements.employer_id.value.trim()) {
        sessionStorage.setItem("jisr.employer", form.elements.employer_id.value.trim());
      }
      sessionStorage.setItem(key, token);
      form.reset();
      ready(token);
    });
    const stored = sessionStorage.getItem(key);
    if (stored) ready(stored);
    else ask("");
  }

  /* The ESCO look-up: an ARIA combobox whose options come from the taxonomy search. */
  function combobox(input, options) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    const langSelect = document.getElementById(input.id + "-lang");
    const kind = options.kind;
    let items = [];
    let active = -1;
    let timer = null;
    let seq = 0;
    input.dataset.uri = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function render() {
      clear(list);
      items.forEach((item, i) => {
        const option = el("li", {
          role: "option",
          id: list.id + "-" + i,
          "aria-selected": i === active ? "true" : "false",
          dataset: { uri: item.uri },
          text: item.label,
        });
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(i);
        });
        list.append(option);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      if (active >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + active);
      else input.removeAttribute("aria-activedescendant");
    }

    function pick(i) {
      const item = items[i];
      input.value = item.label;
      input.dataset.uri = item.uri;
      close();
      if (options.onPick) options.onPick(item);
    }

    async function search() {
      const q = input.value.trim();
      if (q.length < 2) {
        items = [];
        render();
        return;
      }
      const mine = ++seq;
      const res = await call("GET", "/skills/v1/taxonomy/" + kind, {
        token: options.token(),
        query: { q, lang: langSelect ? langSelect.value : lang, limit: 8 },
      });
      if (mine !== seq) return;
      items = res.ok ? res.data.items || [] : [];
      active = -1;
      render();
    }

    input.addEventListener("input", () => {
      input.dataset.uri = "";
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && items.length) {
        active = (active + 1) % items.length;
        render();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && items.length) {
        active = (active - 1 + items.length) % items.length;
        render();
        event.preventDefault();
      } else if (event.key === "Enter" && active >= 0) {
        pick(active);
        event.preventDefault();
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    if (langSelect) langSelect.addEventListener("change", search);
    return {
      reset() {
        input.value = "";
        input.dataset.uri = "";
        items = [];
        close();
      },
    };
  }

  /** A line of facts, each isolated so that Latin names sit right in Arabic text. */
  function facts(values) {
    const out = [];
    for (const value of values.filter((v) => v !== null && v !== undefined && v !== "")) {
      if (out.length) out.push(" · ");
      out.push(el("bdi", { text: value }));
    }
    return out;
  }

  /** A match as a list item: title, facts, why it fits, what is missing, incentives. */
  function matchCard(item, title, meta, extra) {
    const parts = [el("h3", {}, el("bdi", { text: title }))];
    if (meta && meta.length) parts.push(el("p", { class: "meta" }, facts(meta)));
    if (item.reasons && item.reasons.length) {
      parts.push(el("h4", { text: t("why") }));
      parts.push(el("ul", { class: "reasons" }, item.reasons.map((r) => el("li", { text: r }))));
    }
    if (item.gaps && item.gaps.length) {
      parts.push(el("h4", { text: t("to_learn") }));
      parts.push(
        el(
          "ul",
          { class: "gaps" },
          item.gaps.map((g) =>
            el(
              "li",
              { dataset: { skill: g.skill || "" } },
              g.label + " (" + t(g.essential ? "essential" : "optional") + ")",
              g.training && g.training.length
                ? el("span", { class: "help" }, " — " + t("training", { names: g.training.join(", ") }))
                : null
            )
          )
        )
      );
    }
    if (item.incentives && item.incentives.length) {
      parts.push(el("h4", { text: t("incentives") }));
      parts.push(el("ul", { class: "incentives" }, item.incentives.map((r) => el("li", { text: r }))));
    }
    return el("li", { class: "match" }, parts, extra || null);
  }

  /** Give the labels and inputs of a cloned <template> unique ids that tie them together. */
  function cloneForm(templateId, suffix) {
    const fragment = document.getElementById(templateId).content.cloneNode(true);
    for (const label of fragment.querySelectorAll("label[data-for]")) {
      const input = fragment.querySelector(`[data-id="${label.dataset.for}"]`);
      const id = templateId + "-" + label.dataset.for + "-" + suffix;
      input.id = id;
      label.htmlFor = id;
    }
    return fragment.firstElementChild;
  }

  const Jisr = {
    t,
    lang,
    claims,
    call,
    problemText,
    el,
    clear,
    number,
    date,
    today,
    ref,
    sleep,
    fillCities,
    locationOf,
    showFieldErrors,
    signIn,
    combobox,
    matchCard,
    facts,
    cloneForm,
    onUnauthorized: null,
  };
  window.Jisr = Jisr;
})();
