/* The job-fair kiosk. Touch only: every action is a large button, the code is typed on
   an on-screen keypad. The returnee's token lives in this script's memory only and is
   dropped, with everything shown, when the person finishes or nobody touches the screen. */
"use strict";

(function () {
  const J = window.Jisr;
  const body = document.body;
  const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"; // as printed by the skills service
  const LENGTH = 8;
  const PAGE_SIZE = 20;
  const SCREENS = ["start", "browse", "code", "matches"];
  const idleMs = Number(body.dataset.idleMs) || 60000;
  const $ = (id) => document.getElementById(id);

  function readCookie(name) {
    for (const part of document.cookie.split(";")) {
      const [k, ...v] = part.trim().split("=");
      if (k === name) return decodeURIComponent(v.join("="));
    }
    return "";
  }

  const kioskToken = readCookie("jisr_kiosk");
  const fairId = (J.claims(kioskToken) || {}).fair_id || "";
  const state = { session: 0, token: null, returneeId: null, code: "", sector: null, city: null, page: 1 };

  function show(name) {
    for (const screen of SCREENS) $("screen-" + screen).hidden = screen !== name;
    body.dataset.screen = name;
    const heading = document.querySelector("#screen-" + name + " h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
    window.scrollTo(0, 0);
  }

  /* ---- browsing the fair's jobs ---- */

  function jobCard(card) {
    const occupation = card.occupation && card.occupation.label ? card.occupation.label : null;
    return J.el(
      "li",
      { class: "job", dataset: { vacancyId: card.vacancy_id, sector: card.sector || "", city: card.city || "" } },
      J.el("h3", {}, J.el("bdi", { text: card.title })),
      J.el("p", { class: "meta" }, J.facts([card.employer, card.city])),
      J.el("p", {}, J.facts([occupation, J.t("positions", { n: card.positions })])),
      card.incentives && card.incentives.length
        ? J.el("ul", { class: "incentives" }, card.incentives.map((i) => J.el("li", { text: i })))
        : null
    );
  }

  async function search(token, filters, page, size) {
    return J.call("POST", "/matching/v1/search/vacancies", {
      token,
      body: { q: "", filters, page, page_size: size, lang: J.lang },
    });
  }

  function chips(container, values, key) {
    J.clear(container);
    const all = [null, ...values];
    for (const value of all) {
      const button = J.el("button", {
        type: "button",
        "aria-pressed": state[key] === value ? "true" : "false",
        dataset: { value: value || "" },
        text: value || J.t("all"),
      });
      button.addEventListener("click", () => {
        state[key] = value;
        for (const b of container.children) b.setAttribute("aria-pressed", b === button ? "true" : "false");
        loadJobs(1);
      });
      container.append(button);
    }
  }

  async function openBrowse() {
    show("browse");
    state.sector = null;
    state.city = null;
    const session = state.session;
    const res = await search(kioskToken, {}, 1, 100);
    if (session !== state.session) return;
    if (!res.ok) {
      $("jobs-count").textContent = res.status === 401 ? J.t("not_enrolled") : J.problemText(res);
      return;
    }
    const items = res.data.items || [];
    const distinct = (k) => [...new Set(items.map((i) => i[k]).filter(Boolean))].sort();
    chips($("sector-chips"), distinct("sector"), "sector");
    chips($("city-chips"), distinct("city"), "city");
    await loadJobs(1);
  }

  async function loadJobs(page) {
    const session = state.session;
    const filters = {};
    if (state.sector) filters.sector = state.sector;
    if (state.city) filters.city = state.city;
    const res = await search(kioskToken, filters, page, PAGE_SIZE);
    if (session !== state.session) return;
    const list = $("jobs");
    if (page === 1) J.clear(list);
    if (!res.ok) {
      $("jobs-count").textContent = J.problemText(res);
      return;
    }
    state.page = page;
    for (const card of res.data.items || []) list.append(jobCard(card));
    $("jobs-count").textContent = res.data.total ? J.t("jobs_count", { n: res.data.total }) : J.t("no_results");
    $("jobs-more").hidden = page * PAGE_SIZE >= res.data.total;
  }

  /* ---- the code keypad ---- */

  function renderCode() {
    const display = $("code-display");
    J.clear(display);
    for (let i = 0; i < LENGTH; i++) {
      const ch = state.code[i] || "";
      display.append(
        J.el("span", {
          class: (ch ? "filled" : "") + (i === LENGTH / 2 ? " gap" : ""),
          "aria-label": J.t("code_slot", { i: i + 1, n: LENGTH }) + (ch ? ": " + ch : ""),
          text: ch || "·",
        })
      );
    }
    display.dataset.code = state.code;
    $("key-ok").disabled = state.code.length !== LENGTH;
  }

  function press(ch) {
    if (state.code.length >= LENGTH) return;
    state.code += ch;
    $("code-error").textContent = "";
    renderCode();
  }

  function buildKeypad() {
    const pad = $("keypad");
    for (const ch of ALPHABET) {
      pad.append(J.el("button", { type: "button", class: "key", dataset: { key: ch }, on: { click: () => press(ch) }, text: ch }));
    }
    $("key-delete").addEventListener("click", () => {
      state.code = state.code.slice(0, -1);
      renderCode();
    });
    $("key-clear").addEventListener("click", () => {
      state.code = "";
      renderCode();
    });
    $("key-ok").addEventListener("click", redeem);
    // A physical keyboard works too, for people who bring one or use assistive devices.
    document.addEventListener("keydown", (event) => {
      if (body.dataset.screen !== "code" || event.target.closest("a, button:not(.key)")) return;
      const ch = event.key.length === 1 ? event.key.toUpperCase() : "";
      if (ALPHABET.includes(ch)) press(ch);
      else if (event.key === "Backspace") $("key-delete").click();
      else if (event.key === "Enter" && state.code.length === LENGTH) redeem();
    });
  }

  async function redeem() {
    const code = state.code;
    const session = state.session;
    state.code = "";
    renderCode();
    $("key-ok").disabled = true;
    const res = await J.call("POST", "/skills/v1/kiosk/redeem", { token: kioskToken, body: { code } });
    if (session !== state.session) return;
    if (res.status === 429) {
      const wait = Number(res.headers.get("Retry-After")) || 60;
      $("code-error").textContent = J.t("too_many", { s: wait });
      return;
    }
    if (!res.ok) {
      $("code-error").textContent = res.status === 401 ? J.t("not_enrolled") : J.t("wrong_code");
      return;
    }
    state.token = res.data.token;
    state.returneeId = res.data.returnee_id;
    body.dataset.session = "active";
    // Only the first name is shown: nothing else personal reaches the kiosk.
    $("greeting").textContent = res.data.first_name ? J.t("hello", { name: res.data.first_name }) : J.t("hello_anon");
    show("matches");
    await loadMatches(session);
  }

  /* ---- one person's matches ---- */

  async function loadMatches(session) {
    const status = $("matches-status");
    status.textContent = J.t("loading");
    const token = state.token;
    const res = await J.call("GET", "/matching/v1/returnees/" + encodeURIComponent(state.returneeId) + "/matches", {
      token,
      query: { lang: J.lang, limit: 10, fair_id: fairId },
    });
    if (session !== state.session) return;
    const items = res.ok ? res.data.items || [] : [];
    if (!items.length) {
      status.textContent = res.ok || res.status === 404 ? J.t("no_matches") : J.problemText(res);
      return;
    }
    const cards = await search(token, {}, 1, 100);
    if (session !== state.session) return;
    const byId = {};
    for (const card of (cards.ok && cards.data.items) || []) byId[card.vacancy_id] = card;
    const list = $("matches");
    J.clear(list);
    for (const item of items) {
      const card = byId[item.vacancy_id] || {};
      const occupation = card.occupation && card.occupation.label ? card.occupation.label : null;
      const distance = item.distance_km != null ? J.t("km", { km: J.number(item.distance_km) }) : null;
      const meta = [occupation, card.employer, card.city, distance];
      const interested = J.el("button", { type: "button", class: "big", text: J.t("interested") });
      const note = J.el("p", { class: "ok", role: "status" });
      interested.addEventListener("click", async () => {
        const saved = await J.call("POST", "/matching/v1/outcomes", {
          token: state.token,
          body: { returnee_id: state.returneeId, vacancy_id: item.vacancy_id, stage: "saved" },
        });
        note.textContent = saved.ok ? J.t("interest_saved") : J.problemText(saved);
        interested.disabled = saved.ok;
      });
      const li = J.matchCard(item, card.title || (card.occupation && card.occupation.label) || "", meta, [interested, note]);
      li.dataset.vacancyId = item.vacancy_id;
      list.append(li);
    }
    status.textContent = "";
  }

  /* ---- wiping ---- */

  function wipe() {
    state.session += 1; // answers still on their way are dropped when they arrive
    state.token = null;
    state.returneeId = null;
    state.code = "";
    state.sector = null;
    state.city = null;
    renderCode();
    for (const id of ["matches", "jobs", "sector-chips", "city-chips"]) J.clear($(id));
    for (const id of ["greeting", "matches-status", "code-error", "jobs-count"]) $(id).textContent = "";
    $("jobs-more").hidden = true;
    body.dataset.session = "none";
    body.dataset.wipes = String(Number(body.dataset.wipes || 0) + 1);
    show("start");
  }

  let idleTimer = null;
  function poke() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(wipe, idleMs);
  }

  function start() {
    buildKeypad();
    renderCode();
    $("go-browse").addEventListener("click", openBrowse);
    $("go-code").addEventListener("click", () => {
      state.code = "";
      renderCode();
      show("code");
    });
    $("jobs-more").addEventListener("click", () => loadJobs(state.page + 1));
    $("finish").addEventListener("click", wipe);
    for (const button of document.querySelectorAll("[data-go]")) {
      button.addEventListener("click", () => show(button.dataset.go));
    }
    for (const ev of ["pointerdown", "touchstart", "keydown", "wheel", "scroll"]) {
      window.addEventListener(ev, poke, { passive: true, capture: true });
    }
    window.addEventListener("pagehide", wipe);
    show("start");
    body.dataset.ready = "yes";
    poke();
  }

  start();
})();
