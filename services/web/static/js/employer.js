/* The employer's pages: the profile, posting a vacancy with the skills of its ESCO
   occupation suggested, consenting candidates (pseudonymised) with reasons, and hires. */
"use strict";

(function () {
  const J = window.Jisr;
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;
  const CANDIDATE_TRIES = 10;
  let token = "";
  let employerId = "";

  const api = (method, path, opts) => J.call(method, path, { token, ...(opts || {}) });

  /* ---- profile and vacancies ---- */

  async function home() {
    J.fillCities();
    const status = $("employer-status");
    const res = await api("GET", "/employers/v1/employers/" + encodeURIComponent(employerId));
    if (!res.ok) {
      status.textContent = J.problemText(res);
      return;
    }
    const e = res.data;
    $("employer-name").textContent = e.name;
    $("engagement").textContent = e.engagement_level ? J.t("engagement." + e.engagement_level) : "–";
    const form = $("profile-form");
    form.elements.name.value = e.name || "";
    form.elements.sector.value = e.sector || "";
    form.elements.size.value = e.size || "";
    form.elements.city.value = (e.location && e.location.city) || "";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { name: form.elements.name.value.trim() };
      if (form.elements.sector.value.trim()) body.sector = form.elements.sector.value.trim();
      if (form.elements.size.value) body.size = form.elements.size.value;
      const location = J.locationOf(form.elements.city.value);
      if (location) body.location = location;
      const saved = await api("PATCH", "/employers/v1/employers/" + encodeURIComponent(employerId), { body });
      J.showFieldErrors(form, saved);
      $("profile-error").textContent = saved.ok ? "" : J.problemText(saved);
      status.textContent = saved.ok ? J.t("saved") : "";
      if (saved.ok) $("employer-name").textContent = saved.data.name;
    });
    const list = await api("GET", "/employers/v1/vacancies", { query: { employer_id: employerId, page_size: 100 } });
    const rows = $("vacancies");
    J.clear(rows);
    const items = list.ok ? list.data.items || [] : [];
    if (!items.length) rows.append(J.el("tr", {}, J.el("td", { colspan: 4, text: J.t("no_vacancies") })));
    for (const v of items) {
      rows.append(
        J.el(
          "tr",
          { dataset: { vacancyId: v.id } },
          J.el("td", {}, J.el("a", { href: "/employer/vacancies/" + encodeURIComponent(v.id), text: v.title })),
          J.el("td", { text: J.t("status." + v.status) }),
          J.el("td", { text: v.filled + " / " + v.positions }),
          J.el("td", { text: J.date(v.closes_at) })
        )
      );
    }
  }

  /* ---- posting a vacancy ---- */

  function skillPick(uri, label, essential, checked) {
    const list = $("skill-picks");
    if (list.querySelector(`li[data-uri="${CSS.escape(uri)}"]`)) return;
    const n = list.childElementCount;
    const use = J.el("input", { type: "checkbox", id: "pick-" + n, class: "use" });
    use.checked = checked;
    const kind = J.el(
      "select",
      { id: "pick-kind-" + n, class: "kind" },
      J.el("option", { value: "essential", text: J.t("essential") }),
      J.el("option", { value: "optional", text: J.t("optional") })
    );
    kind.value = essential ? "essential" : "optional";
    list.append(
      J.el(
        "li",
        { dataset: { uri } },
        J.el("label", { for: use.id }, use, label),
        J.el("label", { for: kind.id, class: "visually-hidden", text: label }),
        kind
      )
    );
  }

  async function suggest(occupation) {
    const status = $("suggested-status");
    status.textContent = J.t("loading");
    const res = await api("GET", "/skills/v1/taxonomy/occupation", { query: { uri: occupation.uri, lang: J.lang } });
    if (!res.ok) {
      status.textContent = J.problemText(res);
      return;
    }
    // Suggestions from an earlier occupation that nobody ticked give way to the new ones.
    for (const li of [...$("skill-picks").children]) if (!li.querySelector(".use").checked) li.remove();
    for (const s of res.data.essential_skills || []) skillPick(s.uri, s.label, true, true);
    for (const s of res.data.optional_skills || []) skillPick(s.uri, s.label, false, false);
    const count = (res.data.essential_skills || []).length + (res.data.optional_skills || []).length;
    status.textContent = count ? "" : J.t("suggested_none");
    const title = $("v-title");
    if (!title.value.trim()) title.value = res.data.label.charAt(0).toUpperCase() + res.data.label.slice(1);
  }

  async function checklist(container, path, query, describe) {
    const res = await api("GET", path, { query: { page_size: 100, ...query } });
    J.clear(container);
    const items = res.ok ? res.data.items || [] : [];
    if (!items.length) container.append(J.el("li", { text: J.t("none") }));
    for (const item of items) {
      const id = container.id + "-" + item.id;
      container.append(
        J.el(
          "li",
          {},
          J.el("label", { for: id }, J.el("input", { type: "checkbox", id, value: item.id }), describe(item))
        )
      );
    }
  }

  function newVacancy() {
    J.fillCities();
    const occupation = $("v-occupation");
    J.combobox(occupation, { kind: "occupations", token: () => token, onPick: suggest });
    const extra = J.combobox($("v-skill"), {
      kind: "skills",
      token: () => token,
      onPick: (s) => {
        skillPick(s.uri, s.label, true, true);
        extra.reset();
      },
    });
    checklist($("schemes"), "/employers/v1/incentive-schemes", { status: "active" }, (s) => s.name + (s.summary ? " — " + s.summary : ""));
    checklist($("fairs"), "/employers/v1/fairs", {}, (f) => f.name + (f.city ? " (" + f.city + ")" : ""));
    const form = $("vacancy-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = $("vacancy-error");
      const body = {
        title: $("v-title").value.trim(),
        description: $("v-description").value.trim(),
        skills: [...$("skill-picks").children]
          .filter((li) => li.querySelector(".use").checked)
          .map((li) => ({ uri: li.dataset.uri, essential: li.querySelector(".kind").value === "essential" })),
        languages: [...form.querySelectorAll("select[data-lang-code]")]
          .filter((s) => s.value)
          .map((s) => ({ code: s.dataset.langCode, level: s.value })),
        positions: Number($("v-positions").value || 1),
        employment_type: $("v-type").value,
        incentive_ids: [...$("schemes").querySelectorAll("input:checked")].map((c) => c.value),
        fair_ids: [...$("fairs").querySelectorAll("input:checked")].map((c) => c.value),
        lang: J.lang,
      };
      if (occupation.value.trim() && !occupation.dataset.uri) {
        error.textContent = J.t("pick_occupation");
        occupation.focus();
        return;
      }
      if (occupation.dataset.uri) body.occupation = occupation.dataset.uri;
      const education = $("r-education").value;
      if (education !== "") body.education_level = Number(education);
      if ($("v-experience").value) body.experience_years = Number($("v-experience").value);
      const location = J.locationOf($("v-city").value);
      if (location) body.location = location;
      if ($("v-closes").value) body.closes_at = $("v-closes").value + "T23:59:59+00:00";
      if ($("v-wage").value) {
        body.wage = { amount: Number($("v-wage").value), currency: $("v-currency").value.trim().toUpperCase(), period: "month" };
      }
      const res = await api("POST", "/employers/v1/employers/" + encodeURIComponent(employerId) + "/vacancies", { body });
      if (res.status === 201) {
        window.location.assign("/employer/vacancies/" + encodeURIComponent(res.data.id));
        return;
      }
      J.showFieldErrors(form, res);
      error.textContent = J.problemText(res);
    });
  }

  /* ---- one vacancy: candidates and hires ---- */

  async function vacancy(vid) {
    const path = "/employers/v1/vacancies/" + encodeURIComponent(vid);
    const status = $("vacancy-status");
    const res = await api("GET", path);
    if (!res.ok) {
      status.textContent = J.problemText(res);
      return;
    }
    const v = res.data;
    $("vacancy-title").textContent = v.title;
    const schemes = [];
    for (const id of v.incentive_ids || []) {
      const s = await api("GET", "/employers/v1/incentive-schemes/" + encodeURIComponent(id));
      if (s.ok) schemes.push(s.data);
    }
    let occupation = "–";
    if (v.occupation) {
      const occ = await api("GET", "/skills/v1/taxonomy/occupation", { query: { uri: v.occupation, lang: J.lang } });
      occupation = occ.ok ? occ.data.label : v.occupation;
    }
    const facts = $("vacancy-facts");
    J.clear(facts);
    const rows = [
      ["fact.status", J.t("status." + v.status)],
      ["fact.occupation", occupation],
      ["fact.city", (v.location && v.location.city) || "–"],
      ["fact.positions", v.filled + " / " + v.positions],
      ["fact.closes", J.date(v.closes_at)],
      ["fact.skills", String((v.skills || []).length)],
      ["fact.incentives", schemes.map((s) => s.name).join(", ") || J.t("none")],
    ];
    for (const [k, val] of rows) facts.append(J.el("dt", { text: J.t(k) }), J.el("dd", { text: val }));
    facts.dataset.status = v.status;
    $("close-vacancy").hidden = v.status !== "open";
    $("close-vacancy").onclick = async () => {
      const closed = await api("POST", path + "/close");
      status.textContent = closed.ok ? J.t("closed") : J.problemText(closed);
      if (closed.ok) vacancy(vid);
    };
    $("refresh-candidates").onclick = () => candidates(v, schemes);
    candidates(v, schemes);
    hires(vid);
  }

  let search = 0;
  async function candidates(v, schemes) {
    const mine = ++search;
    const status = $("candidates-status");
    const list = $("candidates");
    status.textContent = J.t("matches_wait");
    let res = null;
    // A vacancy just posted reaches matching through events a moment later; ask again briefly.
    for (let i = 0; i < CANDIDATE_TRIES; i++) {
      res = await api("GET", "/matching/v1/vacancies/" + encodeURIComponent(v.id) + "/candidates", {
        query: { lang: J.lang, limit: 20 },
      });
      if (mine !== search) return;
      if (res.ok && (res.data.items || []).length) break;
      if (!res.ok && res.status !== 404) break;
      await J.sleep(1000);
    }
    J.clear(list);
    const items = res && res.ok ? res.data.items || [] : [];
    status.textContent = items.length ? "" : res && !res.ok && res.status !== 404 ? J.problemText(res) : J.t("no_candidates");
    for (const item of items) {
      // Pseudonymised: a rank and a reference, never a name.
      const title = J.t("candidate", { rank: item.rank });
      const meta = [J.t("ref", { ref: J.ref(item.returnee_id) }), item.distance_km != null ? J.t("km", { km: J.number(item.distance_km) }) : null];
      const li = J.matchCard(item, title, meta, v.status === "open" ? hireForm(v, item, schemes) : null);
      li.dataset.returneeId = item.returnee_id;
      list.append(li);
    }
  }

  function hireForm(v, item, schemes) {
    const form = J.cloneForm("hire-form", item.rank);
    const start = form.querySelector("[data-id=start]");
    start.value = J.today();
    const scheme = form.querySelector("[data-id=scheme]");
    scheme.append(J.el("option", { value: "", text: J.t("no_schemes") }));
    for (const s of schemes) scheme.append(J.el("option", { value: s.id, text: s.name }));
    const wage = form.querySelector("[data-id=wage]");
    if (v.wage && v.wage.amount) wage.value = v.wage.amount;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { vacancy_id: v.id, returnee_id: item.returnee_id, start_date: start.value };
      if (scheme.value) body.scheme_id = scheme.value;
      if (wage.value) body.monthly_wage = Number(wage.value);
      const res = await api("POST", "/employers/v1/placements", { body });
      const error = form.querySelector(".error");
      if (!res.ok) {
        error.textContent = J.problemText(res);
        return;
      }
      // The hire is also an outcome: the training data of the matching model.
      await api("POST", "/matching/v1/outcomes", { body: { returnee_id: item.returnee_id, vacancy_id: v.id, stage: "hired" } });
      form.replaceWith(J.el("p", { class: "ok", role: "status", text: J.t("hire_saved", { date: J.date(start.value) }) }));
      hires(v.id);
    });
    return form;
  }

  async function hires(vid) {
    const res = await api("GET", "/employers/v1/placements", { query: { vacancy_id: vid, page_size: 100 } });
    const list = $("hires");
    J.clear(list);
    const items = res.ok ? res.data.items || [] : [];
    if (!items.length) list.append(J.el("li", { text: J.t("none") }));
    for (const p of items) {
      list.append(
        J.el("li", { dataset: { placementId: p.id } }, J.t("ref", { ref: J.ref(p.returnee_id) }) + " · " + J.date(p.start_date) +
          (p.subsidy_committed ? " · " + J.t("committed") + ": " + J.number(p.subsidy_committed, 0) : ""))
      );
    }
  }

  J.signIn((session) => {
    token = session.token;
    employerId = session.employerId;
    if (page === "employer-home") home();
    else if (page === "employer-new-vacancy") newVacancy();
    else if (page === "employer-vacancy") vacancy(document.body.dataset.vacancyId);
  });
})();
