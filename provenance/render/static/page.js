// The provenance page: draws the embedded graph with vis-network and wires the controls.
// Every piece of untrusted text reaches the DOM through textContent, never as markup.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("provenance-data").textContent);
  const panel = document.getElementById("panel");

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

  // A string title is shown by vis-network with innerText: text, never markup. Strings
  // also cost nothing until hovered, where an element per node would cost 10k elements.
  const nodes = new vis.DataSet(data.nodes.map(function (node) {
    const item = Object.assign({}, node, { title: node.tip.filter(Boolean).join("\n\n") });
    delete item.tip;
    return item;
  }));
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, data.options);
  window.provenance = { network: network, nodes: nodes, edges: edges };

  network.once("afterDrawing", function () {
    document.documentElement.dataset.ready = "true";
  });

  function section(title, items) {
    panel.append(el("h3", title));
    const list = el("ol");
    items.forEach(function (item) { list.append(item); });
    panel.append(list);
  }

  function showClaim(id, claim) {
    panel.replaceChildren();
    const close = el("button", "Close", "close");
    close.type = "button";
    close.addEventListener("click", hidePanel);
    panel.append(close, el("h2", claim.text));
    panel.append(el("p", claim.summary, "meta"));
    const flags = el("div");
    claim.flags.forEach(function (flag) { flags.append(el("span", flag, "flag")); });
    panel.append(flags, el("p", claim.explanation));
    if (claim.lines.length) {
      section("Lines of support", claim.lines.map(function (line) { return el("li", line.join(" → ")); }));
    }
    if (claim.common.length) {
      section("Single points of failure", claim.common.map(function (name) { return el("li", name); }));
    }
    section("Reports", claim.reports.map(function (report) {
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
    panel.hidden = false;
    network.setSelection({ nodes: [id].concat(claim.lineNodes), edges: claim.lineEdges },
                         { unselectAll: true, highlightEdges: false });
  }

  function showSource(id, source) {
    panel.replaceChildren();
    const close = el("button", "Close", "close");
    close.type = "button";
    close.addEventListener("click", hidePanel);
    panel.append(close, el("h2", source.name), el("p", source.meta, "meta"));
    section("Claims reported", source.claims.map(function (text) { return el("li", text); }));
    panel.hidden = false;
  }

  function hidePanel() {
    panel.hidden = true;
    panel.replaceChildren();
    network.unselectAll();
  }

  network.on("click", function (params) {
    const id = params.nodes[0];
    if (id === undefined) return hidePanel();
    if (data.claims[id]) return showClaim(id, data.claims[id]);
    if (data.sources[id]) return showSource(id, data.sources[id]);
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
    const found = data.search.filter(function (entry) { return entry[1].indexOf(query) !== -1; })
                             .map(function (entry) { return entry[0]; });
    status.textContent = found.length === 1 ? "1 found" : found.length + " found";
    network.selectNodes(found.slice(0, 200), false);
    if (found.length) network.focus(found[0], { scale: 1.1, animation: false });
  });

  document.getElementById("flagged-only").addEventListener("change", function (event) {
    const hidden = event.target.checked;
    nodes.update(data.unflagged.map(function (id) { return { id: id, hidden: hidden }; }));
  });
})();
