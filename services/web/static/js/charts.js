/* Small SVG charts drawn in the browser: vertical bars, horizontal bars, budget bars.
   Every chart is an <svg role="img"> with a title, and a data table beside it for
   people who do not see the picture. Each bar carries data-label and data-value. */
"use strict";

(function () {
  const J = window.Jisr;
  const NS = "http://www.w3.org/2000/svg";
  const MIN_WIDTH = 280;

  const RTL = document.documentElement.dir === "rtl";
  const FLIP = { start: "end", end: "start", middle: "middle" };

  function svg(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    const all = { ...(attrs || {}) };
    if (tag === "text" && RTL) {
      // Right-to-left words inside a left-to-right drawing: the text runs RTL, so its
      // anchor flips to keep the same position on the page.
      all.direction = "rtl";
      all["text-anchor"] = FLIP[all["text-anchor"] || "start"];
    }
    for (const [k, v] of Object.entries(all)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  /** The drawing width in CSS pixels, so that the chart's text keeps its size. */
  function widthOf(figure) {
    const style = getComputedStyle(figure);
    const inner = figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(MIN_WIDTH, Math.floor(inner) || 600);
  }

  function frame(figure, width, height, caption) {
    const root = svg("svg", {
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: "img",
      "aria-label": caption,
      class: "chart-svg",
    });
    root.append(svg("title", {}, caption));
    figure.append(root);
    return root;
  }

  function table(figure, headers, rows) {
    const details = J.el("details", {}, J.el("summary", { text: J.t("show_data") }));
    const head = J.el("tr", {}, headers.map((h) => J.el("th", { scope: "col", text: h })));
    const bodyRows = rows.map((r) => J.el("tr", {}, r.map((c, i) => J.el(i ? "td" : "th", i ? {} : { scope: "row" }, c))));
    details.append(J.el("table", { class: "list" }, J.el("thead", {}, head), J.el("tbody", {}, bodyRows)));
    figure.append(details);
  }

  function reset(figure) {
    for (const child of [...figure.children]) if (child.tagName !== "FIGCAPTION") child.remove();
    return figure.querySelector("figcaption").textContent;
  }

  function empty(figure) {
    figure.append(J.el("p", { class: "help", text: J.t("no_data") }));
    figure.dataset.points = "0";
  }

  function niceMax(value) {
    if (value <= 0) return 1;
    const step = Math.pow(10, Math.floor(Math.log10(value)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
    return 10 * step;
  }

  /** Vertical bars of [{label, value}] (e.g. placements per month). */
  function bars(figure, data, opts) {
    const caption = reset(figure);
    const options = opts || {};
    if (!data.length) return empty(figure);
    const height = 260;
    const left = 44;
    const bottom = 56;
    const top = 16;
    const WIDTH = widthOf(figure);
    const root = frame(figure, WIDTH, height, caption);
    const max = options.max || niceMax(Math.max(...data.map((d) => d.value)));
    const plotH = height - top - bottom;
    const slot = (WIDTH - left - 8) / data.length;
    const barW = Math.max(6, Math.min(60, slot * 0.7));
    for (const tick of [0, max / 2, max]) {
      const y = top + plotH - (tick / max) * plotH;
      root.append(svg("line", { x1: left, x2: WIDTH - 4, y1: y, y2: y, stroke: "#8a94a3", "stroke-width": tick ? 0.5 : 1 }));
      root.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, options.format ? options.format(tick) : J.number(tick)));
    }
    data.forEach((d, i) => {
      const h = (Math.max(0, d.value) / max) * plotH;
      const x = left + i * slot + (slot - barW) / 2;
      const rect = svg("rect", { class: "bar", x, y: top + plotH - h, width: barW, height: h, fill: "#0b4f8a", "data-label": d.label, "data-value": d.value });
      rect.append(svg("title", {}, d.label + ": " + (options.format ? options.format(d.value) : J.number(d.value))));
      root.append(rect);
      root.append(svg("text", { x: x + barW / 2, y: top + plotH - h - 4, "text-anchor": "middle" }, d.short ?? (options.format ? options.format(d.value) : J.number(d.value))));
      const lx = x + barW / 2;
      const ly = top + plotH + 14;
      const rotate = data.length > 6 ? ` rotate(-35 ${lx} ${ly})` : "";
      root.append(svg("text", { x: lx, y: ly, "text-anchor": data.length > 6 ? "end" : "middle", transform: "translate(0 0)" + rotate }, d.label));
    });
    figure.dataset.points = String(data.length);
    table(figure, [caption, options.valueName || ""], data.map((d) => [d.label, d.text ?? J.number(d.value)]));
  }

  /** Horizontal bars of [{label, value}] (e.g. placements per sector). */
  function hbars(figure, data, opts) {
    const caption = reset(figure);
    const options = opts || {};
    if (!data.length) return empty(figure);
    const row = 30;
    const WIDTH = widthOf(figure);
    const labelW = Math.min(170, Math.round(WIDTH * 0.35));
    const height = data.length * row + 12;
    const root = frame(figure, WIDTH, height, caption);
    const max = niceMax(Math.max(...data.map((d) => d.value)));
    const plotW = WIDTH - labelW - 70;
    data.forEach((d, i) => {
      const y = 6 + i * row;
      const w = (Math.max(0, d.value) / max) * plotW;
      root.append(svg("text", { x: labelW - 8, y: y + row / 2 + 4, "text-anchor": "end" }, d.label.length > 24 ? d.label.slice(0, 23) + "…" : d.label));
      const rect = svg("rect", { class: "bar", x: labelW, y: y + 4, width: w, height: row - 10, fill: "#0b4f8a", "data-label": d.label, "data-value": d.value });
      rect.append(svg("title", {}, d.label + ": " + J.number(d.value)));
      root.append(rect);
      root.append(svg("text", { x: labelW + w + 6, y: y + row / 2 + 4 }, J.number(d.value)));
    });
    figure.dataset.points = String(data.length);
    table(figure, [caption, options.valueName || ""], data.map((d) => [d.label, J.number(d.value)]));
  }

  /** Per scheme, the committed budget drawn over the total: [{label, committed, total, currency}]. */
  function budget(figure, data) {
    const caption = reset(figure);
    if (!data.length) return empty(figure);
    const row = 52;
    const WIDTH = widthOf(figure);
    const labelW = Math.min(210, Math.round(WIDTH * 0.35));
    const height = data.length * row + 12;
    const root = frame(figure, WIDTH, height, caption);
    const max = niceMax(Math.max(...data.map((d) => d.total || d.committed || 0)));
    const plotW = WIDTH - labelW - 12;
    data.forEach((d, i) => {
      const y = 6 + i * row;
      const totalW = ((d.total || 0) / max) * plotW;
      const usedW = ((d.committed || 0) / max) * plotW;
      const share = d.total ? Math.round((100 * d.committed) / d.total) : 0;
      root.append(svg("text", { x: labelW - 8, y: y + 18, "text-anchor": "end" }, d.label.length > 30 ? d.label.slice(0, 29) + "…" : d.label));
      const total = svg("rect", { class: "bar total", x: labelW, y: y + 4, width: totalW, height: 20, fill: "#9dbfe3", "data-label": d.label, "data-value": d.total || 0 });
      total.append(svg("title", {}, J.t("total") + ": " + J.number(d.total || 0, 0)));
      const used = svg("rect", { class: "bar committed", x: labelW, y: y + 4, width: usedW, height: 20, fill: "#0b4f8a", "data-label": d.label, "data-value": d.committed || 0 });
      used.append(svg("title", {}, J.t("committed") + ": " + J.number(d.committed || 0, 0)));
      root.append(total, used);
      const words = J.t("of_total", { a: J.number(d.committed || 0, 0), b: J.number(d.total || 0, 0), cur: d.currency || "", p: share });
      root.append(svg("text", { x: labelW, y: y + 40 }, words));
    });
    figure.dataset.points = String(data.length);
    table(
      figure,
      [caption, J.t("committed"), J.t("total")],
      data.map((d) => [d.label, J.number(d.committed || 0, 0) + " " + (d.currency || ""), J.number(d.total || 0, 0) + " " + (d.currency || "")])
    );
  }

  window.JisrCharts = { bars, hbars, budget };
})();
