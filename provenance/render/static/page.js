// The provenance page: draws the embedded graph with vis-network and wires the controls.
// Every piece of untrusted text reaches the DOM through textContent, never as markup.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("provenance-data").textContent);
  const panel = document.getElementById("panel");
  // Labels are drawn at font size × zoom: never open, or re-fit, below 12 px.
  const readable = 12 / data.options.nodes.font.size;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  // Each claim's text is kept once, first in its node's tooltip (its explanation once,
  // in its panel); panels and the search index name claims by page id: looked up here.
  const claimText = new Map();
  data.nodes.forEach(function (node) {
    if (data.claims[node.id]) claimText.set(node.id, node.tip[0]);
  });
  const searchIndex = data.search.map(function (entry) {
    const text = claimText.get(entry[0]);
    return text === undefined ? entry : [entry[0], text.toLowerCase() + "\n" + entry[1]];
  });

  // A string title is shown by vis-network with innerText: text, never markup. Strings
  // also cost nothing until hovered, where an element per node would cost 10k elements.
  const nodes = new vis.DataSet(data.nodes.map(function (node) {
    const claim = claimText.has(node.id) ? [data.claims[node.id].explanation] : [];
    const item = Object.assign({}, node, { title: node.tip.concat(claim).filter(Boolean).join("\n\n") });
    delete item.tip;
    return item;
  }));
  // An edge whose straight line would pass behind a box is drawn along its route round
  // the boxes (drawRouted, below); vis-network's own straight edge for it is hidden.
  function routed(layout, id) { return Object.prototype.hasOwnProperty.call(layout.paths, id); }
  const edges = new vis.DataSet(data.edges.map(function (edge) {
    return Object.assign({}, edge, { hidden: routed(data.layouts.all, edge.id) });
  }));
  const network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, data.options);
  const state = { layout: data.layouts.all, hidden: new Set(), keep: null, opened: new Set(),
                  hover: null, hoverNode: null };
  window.provenance = { network: network, nodes: nodes, edges: edges, state: state };

  // The routed edges shown (both ends shown), each with its points [[x0, y0], ...] and
  // the box round them; kept until a box or an edge changes or the layout does.
  let shownRoutes = null;
  function routes() {
    if (shownRoutes && shownRoutes.layout === state.layout) return shownRoutes.list;
    const hidden = new Set(nodes.getIds({ filter: function (node) { return node.hidden === true; } }));
    const list = [];
    Object.keys(state.layout.paths).forEach(function (id) {
      const edge = edges.get(id);
      if (hidden.has(edge.from) || hidden.has(edge.to)) return;
      const flat = state.layout.paths[id], points = [];  // x0, y0, x1, y1, ...
      for (let i = 0; i < flat.length; i += 2) points.push([flat[i], flat[i + 1]]);
      const xs = points.map(function (p) { return p[0]; }), ys = points.map(function (p) { return p[1]; });
      const box = [Math.min.apply(null, xs), Math.min.apply(null, ys),
                   Math.max.apply(null, xs), Math.max.apply(null, ys)];
      list.push({ id: id, edge: edge, points: points, box: box });
    });
    shownRoutes = { layout: state.layout, list: list };
    return list;
  }
  nodes.on("*", function () { shownRoutes = null; });
  edges.on("*", function () { shownRoutes = null; });

  // The routed edges, as vis-network draws an edge: its colour, width, dashes and
  // opacity, the highlight when selected, the hover colour and width when it or either
  // of its boxes is hovered, an arrowhead along its last segment.
  function drawRouted(ctx) {
    const look = data.options.edges;
    const hoverWidth = look.hoverWidth === undefined ? 1.5 : look.hoverWidth;  // vis-network's default
    const viaBox = data.options.interaction.hoverConnectedEdges !== false;  // as vis-network's default
    const selected = new Set(network.getSelectedEdges());
    routes().forEach(function (shown) {
      const id = shown.id, edge = shown.edge, points = shown.points;
      const colour = edge.color || {};
      const chosen = selected.has(id);
      const hovered = !chosen && (state.hover === id ||
                                  (viaBox && (state.hoverNode === edge.from || state.hoverNode === edge.to)));
      const width = (edge.width || look.width) + (chosen ? look.selectionWidth : hovered ? hoverWidth : 0);
      ctx.globalAlpha = colour.opacity === undefined ? 1 : colour.opacity;
      ctx.strokeStyle = ctx.fillStyle = chosen ? colour.highlight || look.color.highlight
        : hovered ? colour.hover || look.color.hover : colour.color || look.color.color;
      ctx.lineWidth = width;
      ctx.setLineDash(edge.dashes === true ? [5, 5] : Array.isArray(edge.dashes) ? edge.dashes : []);
      const end = points[points.length - 1], before = points[points.length - 2];
      const angle = Math.atan2(end[1] - before[1], end[0] - before[0]);
      const arrow = 15 * look.arrows.to.scaleFactor + 3 * width;
      ctx.beginPath();
      ctx.moveTo(points[0][0], points[0][1]);
      points.slice(1, -1).forEach(function (point) { ctx.lineTo(point[0], point[1]); });
      ctx.lineTo(end[0] - Math.cos(angle) * arrow * 0.9, end[1] - Math.sin(angle) * arrow * 0.9);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(end[0], end[1]);
      [0.4, -0.4].forEach(function (turn) {
        ctx.lineTo(end[0] - Math.cos(angle + turn) * arrow, end[1] - Math.sin(angle + turn) * arrow);
      });
      ctx.closePath();
      ctx.fill();
    });
    ctx.globalAlpha = 1;
  }

  // The routed edge under the canvas point `at`: the nearest whose line passes within
  // vis-network's reach of an edge (10 canvas units) or 4 screen pixels, else null.
  function routedAt(at) {
    let found = null, reach = Math.max(10, 4 / network.getScale());
    routes().forEach(function (shown) {
      const id = shown.id, points = shown.points, box = shown.box;
      if (at.x < box[0] - reach || at.y < box[1] - reach ||
          at.x > box[2] + reach || at.y > box[3] + reach) return;
      for (let i = 1; i < points.length; i++) {
        const a = points[i - 1], dx = points[i][0] - a[0], dy = points[i][1] - a[1];
        const along = ((at.x - a[0]) * dx + (at.y - a[1]) * dy) / (dx * dx + dy * dy || 1);
        const t = Math.max(0, Math.min(1, along));  // the nearest point of the segment
        const d = Math.hypot(a[0] + t * dx - at.x, a[1] + t * dy - at.y);
        if (d < reach) { reach = d; found = id; }
      }
    });
    return found;
  }

  // A routed edge answers the pointer as vis-network's own edges do, which it cannot
  // hear of (it is hidden there): hovered, it is highlighted and, once the pointer rests,
  // shows its title in a tooltip like vis-network's (as text: innerText, as vis-network
  // puts a title); a box or a straight edge under the pointer comes first.
  const graph = document.getElementById("graph");
  const tip = el("div", undefined, "vis-tooltip");
  let tipTimer = null, redrawing = false;
  function hover(id, dom) {
    clearTimeout(tipTimer);
    if (id !== state.hover) {
      state.hover = id;
      tip.remove();  // one tooltip at a time: vis-network keeps its own in the page
      if (!redrawing) requestAnimationFrame(function () { redrawing = false; network.redraw(); });
      redrawing = true;
    }
    const title = id === null ? undefined : edges.get(id).title;
    if (title === undefined || tip.isConnected) return;
    tipTimer = setTimeout(function () {
      const frame = graph.querySelector(".vis-network");
      tip.innerText = String(title);
      tip.style.visibility = "hidden";
      frame.append(tip);
      const pad = 5;  // placed as vis-network places its tooltip, inside the graph
      const left = Math.max(pad, Math.min(dom.x + 3, frame.clientWidth - tip.clientWidth - pad));
      const top = Math.max(pad, Math.min(dom.y - 5 - tip.clientHeight,
                                         frame.clientHeight - tip.clientHeight - pad));
      tip.style.left = left + "px";
      tip.style.top = top + "px";
      tip.style.visibility = "visible";
    }, data.options.interaction.tooltipDelay);
  }
  function pointed(event) {
    const box = graph.querySelector("canvas").getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }
  graph.addEventListener("mousemove", function (event) {
    const dom = pointed(event);
    const free = event.buttons === 0 && network.getNodeAt(dom) === undefined &&
                 network.getEdgeAt(dom) === undefined;
    hover(free ? routedAt(network.DOMtoCanvas(dom)) : null, dom);
  });
  graph.addEventListener("mouseleave", function () { hover(null); });
  network.on("hoverNode", function (params) { state.hoverNode = params.node; });
  network.on("blurNode", function () { state.hoverNode = null; });

  // Folded layers, routed edges and contradictions are drawn on the canvas, under the boxes.
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    const opened = Array.from(state.opened).map(function (id) { return data.groups[id].band; });
    state.layout.bands.concat(opened).forEach(function (band) {
      const b = band.box;
      ctx.fillStyle = "#f2f4f8";
      ctx.strokeStyle = "#c5cbd8";
      ctx.lineWidth = 1;
      ctx.fillRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
      ctx.strokeRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
      ctx.fillStyle = "#4a5a8a";
      ctx.font = "13px system-ui, sans-serif";
      ctx.fillText(band.label, b[0] + 4, b[1] - 6);
    });
    drawRouted(ctx);
    const visible = data.contradictions.filter(function (pair) {
      return !state.hidden.has(pair[0]) && !state.hidden.has(pair[1]);
    });
    ctx.strokeStyle = data.contradictionColour;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    visible.forEach(function (pair, i) {
      const kept = !state.keep || (state.keep.has(pair[0]) && state.keep.has(pair[1]));
      ctx.globalAlpha = kept ? 1 : 0.15;
      const route = state.layout.routes[i];
      ctx.beginPath();
      ctx.moveTo(route[0][0], route[0][1]);
      route.slice(1).forEach(function (point) { ctx.lineTo(point[0], point[1]); });
      ctx.stroke();
    });
    ctx.restore();
  });

  // Opening view: the whole graph if it fits at a readable size; else at that size, the
  // graph's middle if its width fits, else its right side (the claims), at the weakest claim.
  function fitReadable() {
    const shown = nodes.getIds({ filter: function (node) { return !node.hidden; } });
    network.fit({ nodes: shown, animation: false });
    if (network.getScale() >= readable) return;
    const points = shown.map(function (id) { return state.layout.positions[id]; })
                        .filter(Boolean);
    if (!points.length) return;
    const xs = points.map(function (p) { return p[0]; });
    const left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    const canvas = document.querySelector("#graph canvas").getBoundingClientRect();
    const span = canvas.width / readable;
    const x = right - left + 200 < span ? (left + right) / 2 : right - span / 2 + 150;
    const focus = state.layout.positions[data.focus];
    network.moveTo({ position: { x: x, y: focus ? focus[1] + canvas.height / readable / 4 : 0 },
                     scale: readable, animation: false });
  }

  // vis-network scales the drawing with its canvas; the side panel narrows the canvas,
  // so the zoom the reader chose is put back: opening a panel never shrinks the text.
  let chosenScale = null;
  function remember() { chosenScale = network.getScale(); }
  network.on("zoom", remember);
  network.on("resize", function () {
    setTimeout(function () {  // vis-network rescales just after it tells of the resize
      if (chosenScale !== null && network.getScale() !== chosenScale) {
        network.moveTo({ scale: chosenScale, animation: false });
      }
      if (state.frame) frame(state.frame);
      state.frame = null;
    }, 0);
  });

  // Brings `ids` into view beside the panel, never zooming in past the reader's zoom
  // nor out past a readable one.
  function frame(ids) {
    network.fit({ nodes: ids, animation: false });
    const scale = Math.max(Math.min(network.getScale(), chosenScale), readable);
    network.focus(ids[0], { scale: scale, animation: false });
    const box = network.getBoundingBox(ids[0]);
    const at = ids.map(function (id) { return network.getPosition(id); });
    const canvas = document.querySelector("#graph canvas").getBoundingClientRect();
    const width = canvas.width / scale, height = canvas.height / scale;
    function middle(values) { return (Math.min.apply(null, values) + Math.max.apply(null, values)) / 2; }
    // The whole upstream if it fits, else the claim kept in view with what leads to it.
    const x = Math.max(middle(at.map(function (p) { return p.x; })), box.right - width + 40);
    const y = Math.min(Math.max(middle(at.map(function (p) { return p.y; })),
                                box.bottom - height + 40), box.top + height - 40);
    network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
    remember();
  }

  network.once("afterDrawing", function () {
    fitReadable();
    remember();
    document.documentElement.dataset.ready = "true";
  });

  function section(title, items, className) {
    panel.append(el("h3", title));
    const list = el("ol", undefined, className);
    items.forEach(function (item) { list.append(item); });
    panel.append(list);
  }

  function openPanel(title, meta) {
    panel.replaceChildren();
    const close = el("button", "Close", "close");
    close.type = "button";
    close.addEventListener("click", hidePanel);
    panel.append(close, el("h2", title), el("p", meta, "meta"));
    panel.hidden = false;
  }

  // The claim view: the claim and its upstream stay, everything else is dimmed.
  function dim(keep, claimId) {
    state.keep = keep;
    nodes.update(data.nodes.map(function (node) {
      return { id: node.id, opacity: !keep || keep.has(node.id) ? 1 : 0.12 };
    }));
    edges.update(data.edges.map(function (edge) {
      const kept = !keep || (keep.has(edge.from) && keep.has(edge.to) &&
                             (edge.to === claimId || !data.claims[edge.to]));
      return { id: edge.id, color: Object.assign({}, edge.color || {}, { opacity: kept ? 1 : 0.08 }) };
    }));
  }

  function showClaim(id, claim) {
    const opening = panel.hidden;
    openPanel(claimText.get(id), claim.summary);
    const flags = el("div");
    claim.flags.forEach(function (flag) { flags.append(el("span", flag, "flag")); });
    panel.append(flags, el("p", claim.explanation));
    if (claim.lines.length) {
      section("Lines of support", claim.lines.map(function (line) { return el("li", line.join(" → ")); }));
    }
    if (claim.common.length) {
      section("Single points of failure", claim.common.map(function (name) { return el("li", name); }));
    }
    section("Timeline", claim.timeline.map(function (entry) {
      const item = el("li");
      item.append(el("time", entry[0]), " ", el("strong", entry[1]));
      if (entry[2]) item.append(" ", el("span", entry[2], "meta"));
      return item;
    }), "timeline");
    section("Reports, first appearance first", claim.reports.map(function (report) {
      const item = el("li");
      item.append(el("strong", report.source), " ");
      item.append(el("span", report.meta, "meta"));
      if (report.quote) item.append(el("blockquote", report.quote));
      const url = report.url && safeUrl(report.url);
      if (url) {
        const link = el("a", url);
        link.href = url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        item.append(link);
      }
      return item;
    }));
    dim(new Set([id].concat(claim.upstream)), id);
    if (opening) state.frame = [id].concat(claim.upstream);  // once the canvas has narrowed
    else frame([id].concat(claim.upstream));
    network.setSelection({ nodes: [id].concat(claim.lineNodes), edges: claim.lineEdges },
                         { unselectAll: true, highlightEdges: false });
  }

  function showSource(source) {
    openPanel(source.name, source.meta);
    section("Claims reported", source.claims.map(function (id) { return el("li", claimText.get(id)); }));
  }

  // A fan-out opens into its members, in the grid kept for them under the drawing.
  function openGroup(id, open) {
    const group = data.groups[id];
    if (open) state.opened.add(id); else state.opened.delete(id);
    nodes.update(group.nodes.map(function (member) { return { id: member, hidden: !open }; })
                 .concat([{ id: id, hidden: open }]));
    if (open) network.fit({ nodes: group.nodes, animation: false });
    if (open && network.getScale() < readable) network.focus(group.nodes[0], { scale: readable, animation: false });
    remember();
  }

  function showGroup(id, group) {
    openPanel(group.name, group.meta);
    const toggle = el("button", state.opened.has(id) ? "Fold them again" : "Show them in the graph", "open");
    toggle.type = "button";
    toggle.addEventListener("click", function () {
      openGroup(id, !state.opened.has(id));
      toggle.textContent = state.opened.has(id) ? "Fold them again" : "Show them in the graph";
    });
    panel.append(toggle);
    section("Claims reported", group.claims.map(function (id) { return el("li", claimText.get(id)); }));
    section("The " + group.members.length + " sources", group.members.map(function (member) {
      const item = el("li", member[0]);
      if (member[1] !== member[0]) item.append(" ", el("span", member[1], "meta"));
      return item;
    }), "members");
  }

  function hidePanel() {
    panel.hidden = true;
    panel.replaceChildren();
    network.unselectAll();
    if (state.keep) dim(null);
  }

  // A click on an edge, straight or routed, closes the panel and selects the edge.
  network.on("click", function (params) {
    const id = params.nodes[0];
    if (id === undefined) {
      const edge = params.edges.length ? params.edges[0] : routedAt(params.pointer.canvas);
      hidePanel();
      if (edge !== null) network.selectEdges([edge]);
      return;
    }
    if (state.keep) dim(null);
    if (data.claims[id]) return showClaim(id, data.claims[id]);
    if (data.sources[id]) return showSource(data.sources[id]);
    if (data.groups[id]) return showGroup(id, data.groups[id]);
  });

  const search = document.getElementById("search");
  const status = document.getElementById("search-status");
  search.addEventListener("input", function () {
    const query = search.value.trim().toLowerCase();
    if (!query) {
      status.textContent = "";
      network.unselectAll();
      return;
    }
    const found = Array.from(new Set(
      searchIndex.filter(function (entry) {
        return entry[1].indexOf(query) !== -1 && !state.hidden.has(entry[0]);
      }).map(function (entry) { return entry[0]; })));
    status.textContent = found.length === 1 ? "1 found" : found.length + " found";
    network.selectNodes(found.slice(0, 200), false);
    if (found.length) {
      network.focus(found[0], { scale: Math.max(network.getScale(), readable), animation: false });
      remember();
    }
  });

  // "Only flagged claims" hides the rest and lays the remainder out again, closed up.
  document.getElementById("flagged-only").addEventListener("change", function (event) {
    const only = event.target.checked;
    Array.from(state.opened).forEach(function (id) { openGroup(id, false); });
    state.layout = only ? data.layouts.flagged : data.layouts.all;
    state.hidden = new Set(only ? data.unflagged : []);
    hover(null);
    edges.update(data.edges.map(function (edge) {
      return { id: edge.id, hidden: routed(state.layout, edge.id) };
    }));
    nodes.update(data.nodes.map(function (node) {
      const at = state.layout.positions[node.id];
      const folded = node.hidden === true;  // a fan-out's member stays inside it
      return at && !folded ? { id: node.id, hidden: false, x: at[0], y: at[1] } : { id: node.id, hidden: true };
    }));
    fitReadable();
    remember();
  });

  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ nodes: nodes.getIds({ filter: function (node) { return !node.hidden; } }),
                  animation: false });
    remember();
  });
})();
