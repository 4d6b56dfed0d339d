/* The counsellor's pages: returnees of the centre, registration with consent purpose by
   purpose, skills with the ESCO look-up, matches with reasons and gaps, outcomes, kiosk
   codes and the follow-ups that are due. Every read and write goes through the APIs. */
"use strict";

(function () {
  const J = window.Jisr;
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;
  const STAGES = ["applied", "interviewed", "hired", "rejected", "saved", "shown", "left_job"];
  const FOLLOW_UP_MONTHS = [3, 6, 12];
  const MATCH_TRIES = 10;
  let token = "";

  const api = (method, path, opts) => J.call(method, path, { token, ...(opts || {}) });

  /* ---- the centre's returnees ---- */

  async function home() {
    const res = await api("GET", "/skills/v1/returnees", { query: { page_size: 100 } });
    const rows = $("returnees");
    J.clear(rows);
    if (!res.ok) {
      $("returnees-status").textContent = J.problemText(res);
      return;
    }
    const items = res.data.items || [];
    $("returnees-status").textContent = items.length ? "" : J.t("no_returnees");
    for (const r of items) {
      const granted = Object.entries(r.consents || {})
        .filter(([, on]) => on)
        .map(([k]) => k.replace(/_/g, " "));
      rows.append(
        J.el(
          "tr",
          {},
          J.el("td", {}, J.el("a", { href: "/counsellor/returnees/" + encodeURIComponent(r.id), class: "ref", text: J.ref(r.id) })),
          J.el("td", { text: (r.location && r.location.city) || "–" }),
          J.el("td", { text: granted.join(", ") || J.t("none") }),
          J.el("td", { text: J.date(r.created_at) })
        )
      );
    }
  }

  /* ---- registration ---- */

  function languagesOf(form) {
    const out = [];
    for (const select of form.querySelectorAll("select[data-lang-code]")) {
      if (select.value) out.push({ code: select.dataset.langCode, level: select.value });
    }
    return out;
  }

  function register() {
    J.fillCities();
    const form = $("register-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const f = form.elements;
      const personal = { name: f.name.value.trim() };
      if (f.phone.value.trim()) personal.phone = f.phone.value.trim();
      if (f.email.value.trim()) personal.email = f.email.value.trim();
      if (f.birth_year.value) personal.birth_year = Number(f.birth_year.value);
      const consents = [...form.querySelectorAll("input[name=consent]:checked")].map((c) => c.value);
      const body = { personal, status: f.status.value, languages: languagesOf(form), consents };
      if (f.gender.value) body.gender = f.gender.value;
      if (f.education_level.value !== "") body.education_level = Number(f.education_level.value);
      const location = J.locationOf(f.city.value);
      if (location) body.location = location;
      if (consents.length) body.consent_method = f.consent_method.value;
      const res = await api("POST", "/skills/v1/returnees", { body });
      if (res.status === 201) {
        window.location.assign("/counsellor/returnees/" + encodeURIComponent(res.data.id));
        return;
      }
      J.showFieldErrors(form, res);
      $("register-error").textContent = J.problemText(res);
    });
  }

  /* ---- one returnee ---- */

  const labels = {};
  async function labelOf(uri, kind) {
    if (!labels[uri]) {
      const res = await api("GET", "/skills/v1/taxonomy/" + kind, { query: { uri, lang: J.lang } });
      labels[uri] = res.ok ? res.data.label : uri;
    }
    return labels[uri];
  }

  const vacancies = {};
  async function vacancyOf(id) {
    if (!vacancies[id]) {
      const res = await api("GET", "/employers/v1/vacancies/" + encodeURIComponent(id));
      vacancies[id] = res.ok ? res.data : { id, title: J.ref(id) };
      if (res.ok) {
        const employer = await api("GET", "/employers/v1/employers/" + encodeURIComponent(res.data.employer_id));
        vacancies[id].employer = employer.ok ? employer.data.name : "";
      }
    }
    return vacancies[id];
  }

  function returnee(rid) {
    const base = "/skills/v1/returnees/" + encodeURIComponent(rid);
    $("ref").textContent = J.ref(rid);

    async function profile() {
      const res = await api("GET", base);
      if (!res.ok) {
        $("profile-status").textContent = J.problemText(res);
        return;
      }
      const r = res.data;
      const facts = $("facts");
      J.clear(facts);
      const rows = [
        ["fact.reference", J.ref(r.id)],
        ["fact.status", J.t("status." + r.status)],
        ["fact.city", (r.location && r.location.city) || "–"],
        ["fact.languages", (r.languages || []).map((l) => l.code + " " + l.level).join(", ") || "–"],
        ["fact.education", r.education_level ?? "–"],
        ["fact.gender", r.gender ? J.t("gender." + r.gender) : J.t("gender.unknown")],
        ["fact.age_band", r.age_band || "–"],
      ];
      for (const [k, v] of rows) facts.append(J.el("dt", { text: J.t(k) }), J.el("dd", { text: v }));
      for (const li of document.querySelectorAll("#consent-list li")) {
        const on = Boolean((r.consents || {})[li.dataset.purpose]);
        li.dataset.granted = on ? "yes" : "no";
        li.querySelector(".state").textContent = J.t(on ? "consent_on" : "consent_off");
        li.querySelector("button").textContent = J.t(on ? "withdraw" : "grant");
      }
      const list = $("skills");
      J.clear(list);
      if (!(r.skills || []).length) list.append(J.el("li", { text: J.t("no_skills") }));
      for (const s of r.skills || []) {
        const label = await labelOf(s.uri, "skill");
        const facts2 = [label, s.proficiency + "/4", J.t("evidence." + s.evidence)];
        if (s.years != null) facts2.push(J.number(s.years) + " y");
        list.append(J.el("li", { dataset: { uri: s.uri }, text: facts2.join(" · ") }));
      }
    }

    for (const button of document.querySelectorAll(".toggle-consent")) {
      button.addEventListener("click", async () => {
        const li = button.closest("li");
        const granting = li.dataset.granted !== "yes";
        const res = await api(granting ? "PUT" : "DELETE", base + "/consents/" + button.dataset.purpose, {
          body: { method: "verbal" },
        });
        $("profile-status").textContent = res.ok ? J.t("saved") : J.problemText(res);
        await profile();
        findMatches();
      });
    }

    $("show-name").addEventListener("click", async () => {
      const res = await api("GET", base, { query: { include: "personal", purpose: "counselling session", fields: "name" } });
      $("name").textContent = res.ok ? J.t("show_name", { name: (res.data.personal || {}).name || "–" }) : J.problemText(res);
    });

    const skillInput = $("skill-q");
    const combo = J.combobox(skillInput, { kind: "skills", token: () => token });
    $("skill-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = $("skill-error");
      if (!skillInput.dataset.uri) {
        error.textContent = J.t("pick_skill");
        skillInput.focus();
        return;
      }
      const body = {
        uri: skillInput.dataset.uri,
        proficiency: Number($("skill-proficiency").value),
        evidence: $("skill-evidence").value,
      };
      if ($("skill-years").value) body.years = Number($("skill-years").value);
      if ($("skill-country").value.trim()) body.acquired_in = $("skill-country").value.trim().toUpperCase();
      const res = await api("POST", base + "/skills", { body });
      if (!res.ok) {
        J.showFieldErrors($("skill-form"), res);
        error.textContent = J.problemText(res);
        return;
      }
      error.textContent = "";
      combo.reset();
      $("skill-years").value = "";
      $("skill-country").value = "";
      await profile();
      findMatches();
    });

    $("kiosk-code").addEventListener("click", async () => {
      const res = await api("POST", base + "/kiosk-codes", { body: {} });
      const out = $("kiosk-code-value");
      if (!res.ok) {
        out.textContent = J.problemText(res);
        return;
      }
      const code = res.data.code;
      out.dataset.code = code;
      const time = new Date(res.data.expires_at).toLocaleTimeString(J.lang === "ar" ? "ar-u-nu-latn" : J.lang);
      out.textContent = J.t("kiosk_code", { code: code.slice(0, 4) + "-" + code.slice(4), time });
    });

    let search = 0;
    async function findMatches() {
      const mine = ++search;
      const status = $("matches-status");
      const list = $("matches");
      status.textContent = J.t("matches_wait");
      let res = null;
      // A fresh record reaches matching through events a moment later; ask again briefly.
      for (let i = 0; i < MATCH_TRIES; i++) {
        res = await J.call("GET", "/matching/v1/returnees/" + encodeURIComponent(rid) + "/matches", {
          token,
          query: { lang: J.lang, limit: 20 },
        });
        if (mine !== search) return;
        if (res.ok && (res.data.items || []).length) break;
        if (!res.ok && res.status !== 404) break;
        await J.sleep(1000);
      }
      J.clear(list);
      const items = res && res.ok ? res.data.items || [] : [];
      if (!items.length) {
        status.textContent = res && !res.ok && res.status !== 404 ? J.problemText(res) : J.t("no_matches");
        return;
      }
      status.textContent = "";
      for (const item of items) {
        const vacancy = await vacancyOf(item.vacancy_id);
        if (mine !== search) return;
        const meta = [
          vacancy.employer,
          vacancy.location && vacancy.location.city,
          item.distance_km != null ? J.t("km", { km: J.number(item.distance_km) }) : null,
          J.t("score", { score: J.number(item.score, 2) }),
        ];
        list.append(J.matchCard(item, vacancy.title, meta, outcomeForm(item.vacancy_id, item.rank)));
        list.lastElementChild.dataset.vacancyId = item.vacancy_id;
      }
    }

    function outcomeForm(vacancyId, rank) {
      const id = "stage-" + rank;
      const select = J.el("select", { id }, STAGES.map((s) => J.el("option", { value: s, text: J.t("stage." + s) })));
      const form = J.el(
        "form",
        { class: "inline-form outcome-form" },
        J.el("label", { for: id, text: J.t("outcome") }),
        select,
        J.el("button", { type: "submit", text: J.t("record") })
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const res = await J.call("POST", "/matching/v1/outcomes", {
          token,
          body: { returnee_id: rid, vacancy_id: vacancyId, stage: select.value },
        });
        $("outcome-status").textContent = res.ok
          ? J.t("outcome_saved", { stage: J.t("stage." + select.value) })
          : J.problemText(res);
        if (res.ok) outcomes();
      });
      return form;
    }

    async function outcomes() {
      const res = await J.call("GET", "/matching/v1/returnees/" + encodeURIComponent(rid) + "/outcomes", { token });
      const list = $("outcomes");
      J.clear(list);
      const items = res.ok ? res.data.items || [] : [];
      if (!items.length) list.append(J.el("li", { text: J.t("none") }));
      for (const o of items) {
        const vacancy = await vacancyOf(o.vacancy_id);
        list.append(
          J.el("li", { dataset: { stage: o.stage, vacancyId: o.vacancy_id } }, J.date(o.at) + " · " + J.t("stage." + o.stage) + " · " + vacancy.title)
        );
      }
    }

    $("refresh-matches").addEventListener("click", findMatches);
    profile();
    findMatches();
    outcomes();
  }

  /* ---- follow-ups that are due ---- */

  function addMonths(iso, months) {
    const [y, m, d] = iso.split("-").map(Number);
    const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
    return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
  }

  /** The follow-ups of a placement whose date has passed without a record. */
  function dueOf(placement, today) {
    const done = new Set((placement.follow_ups || []).map((f) => f.month));
    const left = (placement.follow_ups || []).some((f) => f.status === "left_job");
    if (left || !placement.start_date) return [];
    return FOLLOW_UP_MONTHS.filter((m) => !done.has(m))
      .map((m) => ({ month: m, date: addMonths(placement.start_date, m) }))
      .filter((f) => f.date <= today);
  }

  async function allPages(path, query) {
    const out = [];
    for (let p = 1; p <= 20; p++) {
      const res = await api("GET", path, { query: { ...(query || {}), page: p, page_size: 100 } });
      if (!res.ok) return { ok: false, res };
      out.push(...(res.data.items || []));
      if (p * 100 >= res.data.total) break;
    }
    return { ok: true, items: out };
  }

  async function followUps(claims) {
    const status = $("follow-status");
    status.textContent = J.t("loading");
    const placements = await allPages("/employers/v1/placements");
    if (!placements.ok) {
      status.textContent = J.problemText(placements.res);
      return;
    }
    let mine = null;
    if (claims.role === "counsellor") {
      // A counsellor follows up the people of their own centre.
      const people = await allPages("/skills/v1/returnees");
      mine = new Set(people.ok ? people.items.map((r) => r.id) : []);
    }
    const today = J.today();
    const due = [];
    for (const p of placements.items) {
      if (mine && !mine.has(p.returnee_id)) continue;
      for (const f of dueOf(p, today)) due.push({ placement: p, ...f });
    }
    due.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const rows = $("follow-ups");
    J.clear(rows);
    status.textContent = due.length ? "" : J.t("no_follow_ups");
    for (const [i, d] of due.entries()) {
      const vacancy = await vacancyOf(d.placement.vacancy_id);
      const form = J.cloneForm("follow-form", i);
      form.querySelector("[data-id=at]").value = today;
      const cell = J.el("td", {}, form);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const res = await api("POST", "/employers/v1/placements/" + encodeURIComponent(d.placement.id) + "/follow-ups", {
          body: { month: d.month, status: form.elements.status.value, at: form.elements.at.value },
        });
        if (res.ok) {
          J.clear(cell);
          cell.append(J.el("span", { class: "ok", text: J.t("follow_up_saved") }));
        } else {
          cell.append(J.el("p", { class: "error", role: "alert", text: J.problemText(res) }));
        }
      });
      rows.append(
        J.el(
          "tr",
          { dataset: { placementId: d.placement.id, month: String(d.month) } },
          J.el("td", {}, J.el("a", { class: "ref", href: "/counsellor/returnees/" + encodeURIComponent(d.placement.returnee_id), text: J.ref(d.placement.returnee_id) })),
          J.el("td", { text: vacancy.title }),
          J.el("td", { text: J.date(d.placement.start_date) }),
          J.el("td", { text: J.t("due", { m: d.month, date: J.date(d.date) }) }),
          cell
        )
      );
    }
  }

  J.signIn((session) => {
    token = session.token;
    if (page === "counsellor-home") home();
    else if (page === "counsellor-register") register();
    else if (page === "counsellor-returnee") returnee(document.body.dataset.returneeId);
    else if (page === "counsellor-follow-ups") followUps(session.claims);
  });
})();
