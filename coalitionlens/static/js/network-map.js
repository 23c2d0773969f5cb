// Network map: draws the positions the server computed (no layout in the browser), coloured by
// macro-sector, sized by the chosen measure; clicking an organisation shows its cross-sector role.
// Hooked by #network-map[data-src]; sets data-node-count once drawn (read by the browser test).
(function () {
  const box = document.getElementById("network-map");
  if (!box || typeof cytoscape === "undefined") return;
  const detail = document.getElementById("network-detail");
  const sizeBy = box.dataset.size || "betweenness";

  function fmt(v) {
    if (v === null || v === undefined) return "—";
    return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 1000) / 1000);
  }

  function row(dl, label, value) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  }

  function show(node, labels) {
    const d = node.data();
    detail.replaceChildren();
    const h = document.createElement("h2");
    h.className = "h6";
    h.textContent = d.label;
    const dl = document.createElement("dl");
    dl.className = "row-cols-2";
    row(dl, labels.sector, d.sector);
    for (const key of ["ei_index", "constraint", "effective_size", "betweenness", "degree"]) {
      row(dl, labels[key], fmt(d[key]));
    }
    if (d.dependence !== null) row(dl, labels.dependence, fmt(d.dependence));
    const roles = Object.entries(d.roles).filter(([, n]) => n > 0).map(([r, n]) => labels[r] + " " + n);
    row(dl, labels.roles, roles.length ? roles.join(", ") : "—");
    const a = document.createElement("a");
    a.href = d.url;
    a.textContent = labels.open;
    detail.append(h, dl, a);
  }

  fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((data) => {
      const values = data.nodes.map((n) => n[sizeBy] || 0);
      const max = Math.max(1e-9, ...values.map(Math.abs));
      const big = data.nodes.length > 500;
      const elements = data.nodes.map((n) => ({
        group: "nodes",
        data: Object.assign({}, n, { size: 8 + 32 * Math.sqrt(Math.abs(n[sizeBy] || 0) / max) }),
        position: { x: n.x, y: n.y },
      }));
      for (const e of data.edges) {
        elements.push({ group: "edges", data: { source: e.s, target: e.t, w: e.w } });
      }
      const cy = cytoscape({
        container: box,
        elements: elements,
        layout: { name: "preset" },
        textureOnViewport: big,
        hideEdgesOnViewport: big,
        pixelRatio: big ? 1 : "auto",
        minZoom: 0.1,
        maxZoom: 6,
        style: [
          { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
            label: big ? "" : "data(label)", "font-size": 8, "text-valign": "bottom", color: "#333" } },
          { selector: "edge", style: { width: "mapData(w, 1, 10, 0.5, 4)", "line-color": "#bbb", opacity: 0.6 } },
          { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
        ],
      });
      cy.on("tap", "node", (evt) => show(evt.target, data.labels));
      box.dataset.nodeCount = String(cy.nodes().length);
      box.dataset.edgeCount = String(cy.edges().length);
    })
    .catch(() => {
      box.dataset.error = "1";
    });
})();
