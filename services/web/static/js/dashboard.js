/* The programme dashboard: indicators from GET /matching/v1/indicators, drawn as charts. */
"use strict";

(function () {
  const J = window.Jisr;
  const C = window.JisrCharts;
  const $ = (id) => document.getElementById(id);

  function series(counts, labelOf) {
    return Object.entries(counts || {}).map(([k, v]) => ({ label: labelOf ? labelOf(k) : k === "unknown" ? J.t("unknown") : k, value: Number(v) }));
  }

  function draw(ind) {
    const placements = ind.placements || {};
    $("total-placements").textContent = J.number(placements.total || 0, 0);
    C.bars($("chart-month"), series(placements.by_month), { valueName: J.t("placements") });
    C.hbars($("chart-sector"), series(placements.by_sector).sort((a, b) => b.value - a.value), { valueName: J.t("placements") });
    C.hbars($("chart-region"), series(placements.by_region).sort((a, b) => b.value - a.value), { valueName: J.t("placements") });
    C.hbars($("chart-gender"), series(placements.by_gender, (k) => J.t("gender." + k)), { valueName: J.t("placements") });
    C.budget(
      $("chart-budget"),
      (ind.incentives || []).map((s) => ({
        label: s.name,
        committed: Number(s.budget_committed || 0),
        total: Number(s.budget_total || 0),
        currency: s.currency,
      }))
    );
    const retention = Object.entries(ind.retention || {})
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([month, r]) => ({
        label: J.t("month", { m: month }),
        value: r.rate == null ? 0 : Math.round(r.rate * 100),
        short: r.rate == null ? "–" : J.number(Math.round(r.rate * 100), 0) + "%",
        text: r.rate == null ? "–" : J.t("retention", { rate: Math.round(r.rate * 100), n: r.followed_up }),
      }));
    C.bars($("chart-retention"), retention, { max: 100, format: (v) => J.number(v, 0) + "%", valueName: J.t("rate") });
    C.hbars($("chart-stages"), series(ind.outcomes_by_stage, (k) => J.t("stage." + k)), { valueName: J.t("outcome") });
  }

  J.signIn(async (session) => {
    const status = $("dashboard-status");
    status.textContent = J.t("loading");
    const res = await J.call("GET", "/matching/v1/indicators", { token: session.token });
    if (!res.ok) {
      status.textContent = J.problemText(res);
      return;
    }
    status.textContent = "";
    draw(res.data);
    document.body.dataset.drawn = "yes";
  });
})();
