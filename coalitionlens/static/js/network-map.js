// Network map: draws the positions the server computed (no layout in the browser), coloured by
// macro-sector, sized by the chosen measure; clicking an organisation (or its button in the table
// below, the keyboard's way in) shows its cross-sector role. Controls: zoom in/out, fit, reset,
// a sector filter, a search by name, and an ego view (one organisation and its neighbours, linked
// as ?ego=<id>). Labels keep a readable size on screen as the zoom changes and show on hover,
// selection and focus; the other nodes in view are labelled largest first, each only where its
// label overlaps none already drawn (the rest show on hover, tap, focus, or as one zooms in).
// Hooked by #network-map[data-src]; sets data-node-count once drawn, and data-zoom,
// data-visible-count, data-hidden-count and data-ego after each change (read by the browser test).
(function () {
  const box = document.getElementById("network-map");
  if (!box || typeof cytoscape === "undefined") return;
  const detail = document.getElementById("network-detail");
  const tools = document.getElementById("map-tools");
  const sectorSelect = document.getElementById("map-sector");
  const search = document.getElementById("map-search");
  const egoExit = document.getElementById("map-ego-exit");
  const status = document.getElementById("map-status");
  const sizeBy = box.dataset.size || "betweenness";
  const LABEL_PX = 13; // a label's size on screen, in CSS pixels, at the fitted zoom
  const LABEL_MAX_PX = 22; // ... and at most, however far one zooms in
  // at most this many nodes in view are labelled: one per 8,000 square pixels of map (about 27 on
  // a phone, 50 on a laptop), the largest first, and only those whose labels overlap no other
  const LABEL_AREA = 8000;
  const LABEL_GAP_PX = 2; // the clear space kept between two labels, on screen
  // a label wraps at this width on screen, in CSS pixels (a long name on two or three lines), and
  // the map keeps half of it free at its edges, so that no label of a node near the edge is cut
  // off by the map's frame (on a phone's 390 px, a one-line name ran past it)
  const LABEL_WRAP_PX = 110;
  function fitPadding() {
    return Math.min(LABEL_WRAP_PX / 2 + 8, Math.max(20, box.clientWidth / 6));
  }
  function labelStyle(size, z) {
    return { "font-size": size, "text-max-width": LABEL_WRAP_PX / z };
  }

  function fmt(v) {
    if (v === null || v === undefined) return "—";
    return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 1000) / 1000);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
  }

  function row(dl, label, value) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  }

  const filtersBox = document.getElementById("network-filters-box");
  if (filtersBox && !filtersBox.dataset.keepOpen && window.matchMedia("(max-width: 575.98px)").matches) {
    filtersBox.open = false;
  }

  fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((data) => draw(data))
    .catch(() => {
      box.dataset.error = "1";
    });

  function draw(data) {
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
    let fontSize = 10; // in the model's units: the on-screen size divided by the zoom
    const cy = cytoscape({
      container: box,
      elements: elements,
      layout: { name: "preset" },
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : "auto",
      minZoom: 0.05,
      maxZoom: 8,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          label: "", "font-size": 10, "text-valign": "bottom", "text-margin-y": 2, color: "#222",
          "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 0,
          "text-wrap": "wrap", "text-max-width": LABEL_WRAP_PX } },
        { selector: "node.labelled, node.hover, node:selected, node.focus", style: { label: "data(label)", "z-index": 10 } },
        { selector: "node.hidden", style: { display: "none" } },
        { selector: "node.ego", style: { "border-width": 3, "border-color": "#000" } },
        { selector: "edge", style: { width: "mapData(w, 1, 10, 0.5, 4)", "line-color": "#bbb", opacity: 0.6 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
        { selector: "node.focus", style: { "border-width": 3, "border-color": "#d63384" } },
      ],
    });
    cy.resize(); // the container's height is set by CSS that may have changed since creation
    cy.fit(cy.nodes(), fitPadding());
    const home = { zoom: cy.zoom(), pan: Object.assign({}, cy.pan()) };
    // the nodes in the order they get a label: largest first, then by name (sorted once)
    const byRank = cy.nodes().sort((a, b) => b.data("size") - a.data("size") ||
      a.data("label").localeCompare(b.data("label"))).toArray();
    let ego = null; // the organisation whose neighbourhood is shown, or null
    let frame = 0;

    // --- labels: a readable size on screen whatever the zoom; more of them as one zooms in ---
    function relabel() {
      frame = 0;
      const z = cy.zoom();
      const screen = Math.min(LABEL_MAX_PX, LABEL_PX * Math.max(1, Math.sqrt(z / home.zoom)));
      fontSize = screen / z;
      const ext = cy.extent();
      // The candidates: the largest nodes in view (ties in name order), at most the cap; the
      // hovered, selected and focused ones are labelled whatever their size, and first.
      const forced = cy.nodes(".hover:visible, :selected:visible, .focus:visible");
      const cap = Math.floor((box.clientWidth * box.clientHeight) / LABEL_AREA);
      const picked = [];
      for (const n of byRank) {
        if (picked.length >= cap) break;
        const p = n.position();
        if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) continue;
        if (!n.hasClass("hidden") && !forced.contains(n)) picked.push(n);
      }
      const ranked = cy.collection(picked);
      // Only the nodes that show a label are restyled (a style bypass on a few nodes): restyling
      // all 2,000 on every zoom step made each step cost a third of a second.
      cy.batch(() => {
        cy.nodes(".labelled").removeClass("labelled");
        ranked.addClass("labelled");
        cy.nodes(".labelled, .hover, :selected, .focus").style(labelStyle(fontSize, z));
      });
      // The collision pass, in that order: a label is kept when its box (with a small gap) is clear
      // of every label kept before it; in the dense centre of a phone's map the names piled up.
      const gap = LABEL_GAP_PX / z;
      const kept = forced.map((n) => labelBox(n, gap));
      const crowded = ranked.filter((n) => {
        const b = labelBox(n, gap);
        if (kept.some((k) => b.x1 < k.x2 && k.x1 < b.x2 && b.y1 < k.y2 && k.y1 < b.y2)) return true;
        kept.push(b);
        return false;
      });
      crowded.removeClass("labelled");
      box.dataset.zoom = String(Math.round(z * 1000) / 1000);
      // how many shown labels run past the map's frame (the browser test reads it after a fit)
      let clipped = 0;
      cy.nodes(".labelled").forEach((n) => {
        const b = n.boundingBox({ includeLabels: true, includeOverlays: false });
        if (b.x1 < ext.x1 || b.x2 > ext.x2 || b.y1 < ext.y1 || b.y2 > ext.y2) clipped += 1;
      });
      box.dataset.labelsShown = String(cy.nodes(".labelled").length);
      box.dataset.labelsClipped = String(clipped);
    }
    function labelBox(n, gap) {
      const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
      return { x1: b.x1 - gap, x2: b.x2 + gap, y1: b.y1 - gap, y2: b.y2 + gap };
    }
    function scheduleRelabel() {
      // once the zoom or pan has rested for 120 ms: nothing extra runs during a wheel or a drag
      clearTimeout(frame);
      frame = setTimeout(relabel, 120);
    }
    cy.on("zoom", () => {
      box.dataset.zoom = String(Math.round(cy.zoom() * 1000) / 1000);
      scheduleRelabel();
    });
    cy.on("pan", scheduleRelabel);
    // a name shown on demand goes on top at once; the labels it covers give way at the next pass
    cy.on("mouseover", "node", (evt) => {
      evt.target.addClass("hover").style(labelStyle(fontSize, cy.zoom()));
      scheduleRelabel();
    });
    cy.on("mouseout", "node", (evt) => {
      evt.target.removeClass("hover");
      scheduleRelabel();
    });
    cy.on("select unselect", "node", scheduleRelabel);

    // on a phone the map is above the panel and the table: bring it back on screen
    function bringIntoView() {
      const r = box.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) box.scrollIntoView({ block: "start" });
    }

    // --- the detail panel ---
    function show(node) {
      const d = node.data();
      const labels = data.labels;
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
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn btn-sm btn-outline-primary d-block mb-2";
      b.id = "map-ego";
      b.textContent = detail.dataset.egoLabel;
      b.addEventListener("click", () => {
        setEgo(node.id());
        bringIntoView();
      });
      const a = document.createElement("a");
      a.href = d.url;
      a.textContent = labels.open;
      detail.append(h, dl, b, a);
    }
    function choose(node, centre) {
      cy.nodes(":selected").unselect();
      node.select().style(labelStyle(fontSize, cy.zoom()));
      show(node);
      if (centre) {
        if (node.hasClass("hidden")) clearFilters();
        cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), home.zoom * 2) }, { duration: 200 });
      }
    }
    cy.on("tap", "node", (evt) => choose(evt.target, false));

    // --- filters: sector, name, ego ---
    const sectors = [...new Set(data.nodes.map((n) => n.sector))].sort((a, b) => a.localeCompare(b));
    for (const s of sectors) {
      const o = document.createElement("option");
      o.value = s;
      o.textContent = s;
      sectorSelect.append(o);
    }
    function clearFilters() {
      sectorSelect.value = "";
      search.value = "";
      setEgo(null);
    }
    function apply() {
      const sector = sectorSelect.value;
      const q = search.value.trim().toLocaleLowerCase();
      let keep;
      if (ego) {
        keep = ego.closedNeighborhood().nodes();
      } else {
        keep = cy.nodes().filter((n) => (!sector || n.data("sector") === sector) &&
          (!q || n.data("label").toLocaleLowerCase().includes(q)));
      }
      // only the nodes whose state changes are restyled (2,000 nodes: a whole pass costs)
      const keepIds = new Set(keep.map((n) => n.id()));
      const hide = [];
      const unhide = [];
      cy.nodes().forEach((n) => {
        const h = !keepIds.has(n.id());
        if (h !== n.hasClass("hidden")) (h ? hide : unhide).push(n);
      });
      cy.batch(() => {
        cy.collection(hide).addClass("hidden");
        cy.collection(unhide).removeClass("hidden");
        cy.nodes(".ego").removeClass("ego");
        if (ego) ego.addClass("ego");
      });
      const shown = keep.length;
      box.dataset.visibleCount = String(shown);
      box.dataset.hiddenCount = String(cy.nodes().length - shown);
      box.dataset.ego = ego ? ego.id() : "";
      egoExit.hidden = !ego;
      sectorSelect.disabled = search.disabled = Boolean(ego);
      status.textContent = ego
        ? fill(tools.dataset.egoOf, { name: ego.data("label"), n: shown - 1 })
        : fill(tools.dataset.shown, { shown: shown, total: cy.nodes().length });
      // the table follows the map: rows of hidden organisations are hidden too
      for (const tr of document.querySelectorAll("[data-testid=network-table] tbody tr[data-node]")) {
        const n = cy.getElementById(tr.dataset.node);
        const h = n.length > 0 && n.hasClass("hidden");
        if (tr.hidden !== h) tr.hidden = h;
      }
      if (shown > 0 && (ego || sector || q)) cy.fit(keep, fitPadding());
      scheduleRelabel();
    }
    function setEgo(id) {
      const node = id ? cy.getElementById(id) : null;
      ego = node && node.length ? node : null;
      const url = new URL(window.location.href);
      if (ego) url.searchParams.set("ego", ego.id());
      else url.searchParams.delete("ego");
      history.replaceState(null, "", url);
      apply();
      if (ego) choose(ego, false);
      else resetView();
    }
    function resetView() {
      cy.zoom(home.zoom);
      cy.pan(home.pan);
    }
    sectorSelect.addEventListener("change", apply);
    let typing = 0;
    search.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(apply, 150);
    });
    egoExit.addEventListener("click", () => setEgo(null));

    // --- zoom buttons ---
    function zoomBy(f) {
      const z = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * f));
      cy.zoom({ level: z, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
    }
    document.getElementById("map-zoom-in").addEventListener("click", () => zoomBy(1.5));
    document.getElementById("map-zoom-out").addEventListener("click", () => zoomBy(1 / 1.5));
    document.getElementById("map-fit").addEventListener("click", () => cy.fit(cy.nodes(":visible"), fitPadding()));
    document.getElementById("map-reset").addEventListener("click", clearFilters);

    // --- the table: each row's button shows its organisation on the map; focus labels it ---
    const table = document.querySelector("[data-testid=network-table]");
    if (table) {
      table.addEventListener("click", (evt) => {
        const b = evt.target.closest("button.map-show");
        if (!b) return;
        const n = cy.getElementById(b.dataset.node);
        if (n.length) {
          choose(n, true);
          bringIntoView();
        }
      });
      table.addEventListener("focusin", (evt) => {
        const b = evt.target.closest("button.map-show");
        cy.nodes(".focus").removeClass("focus");
        if (b) cy.getElementById(b.dataset.node).addClass("focus").style(labelStyle(fontSize, cy.zoom()));
        scheduleRelabel();
      });
      table.addEventListener("focusout", () => {
        cy.nodes(".focus").removeClass("focus");
        scheduleRelabel();
      });
    }

    box.dataset.nodeCount = String(cy.nodes().length);
    box.dataset.edgeCount = String(cy.edges().length);
    if (box.dataset.ego) setEgo(box.dataset.ego);
    else apply();
    relabel();
    window.addEventListener("resize", scheduleRelabel);
  }
})();
