// Drawings made by hand in SVG and HTML: the network of members, countries and campaigns,
// bars, and a timeline. Every text is set as text, never as markup.
"use strict";

window.HubDrawing = (function () {
  var SVG = "http://www.w3.org/2000/svg";

  function svg(name, attributes, parent) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    if (parent) parent.appendChild(element);
    return element;
  }

  function html(name, attributes, parent, text) {
    var element = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) element.textContent = text;
    if (parent) parent.appendChild(element);
    return element;
  }

  function shortened(text, most) {
    return text.length > most ? text.slice(0, most - 1) + "…" : text;
  }

  // The graph as three columns (campaigns, organisations, countries) under the subject;
  // nodes: [{id, kind, label, href}], edges: [[fromId, toId]].
  function network(container, subject, nodes, edges, label) {
    container.textContent = "";
    var columns = { campaign: [], organisation: [], country: [] };
    nodes.forEach(function (node) {
      columns[node.kind].push(node);
    });
    var rowHeight = 26;
    var top = 90;
    var tallest = Math.max(1, columns.campaign.length, columns.organisation.length,
      columns.country.length);
    var width = 960;
    var height = top + tallest * rowHeight + 20;
    var x = { campaign: 150, organisation: 480, country: 810 };
    var place = {};
    place[subject.id] = { x: width / 2, y: 30 };
    Object.keys(columns).forEach(function (kind) {
      var column = columns[kind];
      var offset = top + ((tallest - column.length) * rowHeight) / 2;
      column.forEach(function (node, i) {
        place[node.id] = { x: x[kind], y: offset + i * rowHeight };
      });
    });
    var drawing = svg("svg", {
      viewBox: "0 0 " + width + " " + height,
      class: "network",
      role: "group",
      "aria-label": label,
    }, container);
    var lines = svg("g", { class: "edges", "aria-hidden": "true" }, drawing);
    edges.forEach(function (edge) {
      var from = place[edge[0]];
      var to = place[edge[1]];
      if (from && to) {
        svg("line", { x1: from.x, y1: from.y, x2: to.x, y2: to.y }, lines);
      }
    });
    [subject].concat(nodes).forEach(function (node) {
      var at = place[node.id];
      var link = svg("a", { href: node.href,
        class: (node === subject ? "subject " : "node ") + node.kind,
        "data-kind": node.kind, "data-key": node.key }, drawing);
      svg("title", {}, link).textContent = node.label;
      svg("circle", { cx: at.x, cy: at.y, r: node === subject ? 12 : 7 }, link);
      var text = svg("text", {
        x: at.x + (node === subject ? 0 : 12),
        y: at.y + 4,
        "text-anchor": node === subject ? "middle" : "start",
      }, link);
      if (node === subject) text.setAttribute("y", at.y - 18);
      text.textContent = shortened(node.label, node === subject ? 70 : 32);
    });
    return drawing;
  }

  // Horizontal bars as a list: [{label, value, href?}] — readable without the drawing.
  function bars(container, rows, format) {
    container.textContent = "";
    var most = Math.max.apply(null, [1].concat(rows.map(function (r) { return r.value; })));
    var list = html("ol", { class: "bars" }, container);
    rows.forEach(function (row) {
      var item = html("li", {}, list);
      html("span", { class: "bar-label" }, item, row.label);
      var track = html("span", { class: "bar-track", "aria-hidden": "true" }, item);
      var bar = html("span", { class: "bar" }, track);
      bar.style.width = Math.max(1, Math.round((row.value / most) * 100)) + "%";
      html("span", { class: "bar-value" }, item, format(row.value));
    });
  }

  // Dots on a line of years, one per dated item: [{date, label}]; for the eye (the list
  // beside it says the same to everyone).
  function timeline(container, items) {
    container.textContent = "";
    if (!items.length) return;
    var years = items.map(function (item) { return Number(item.date.slice(0, 4)); });
    var first = Math.min.apply(null, years);
    var last = Math.max.apply(null, years) + 1;
    var width = 960;
    var drawing = svg("svg", { viewBox: "0 0 " + width + " 70", class: "timeline",
      "aria-hidden": "true", focusable: "false" }, container);
    var span = Math.max(1, last - first);
    function at(date) {
      var year = Number(date.slice(0, 4));
      var day = (Number(date.slice(5, 7)) - 1) / 12;
      return 20 + ((year + day - first) / span) * (width - 40);
    }
    svg("line", { x1: 20, y1: 40, x2: width - 20, y2: 40, class: "axis" }, drawing);
    var step = Math.max(1, Math.ceil(span / 12));
    for (var year = first; year <= last; year += step) {
      var tick = at(year + "-01-01");
      svg("line", { x1: tick, y1: 35, x2: tick, y2: 45, class: "axis" }, drawing);
      svg("text", { x: tick, y: 62, "text-anchor": "middle" }, drawing).textContent = year;
    }
    items.forEach(function (item, i) {
      svg("circle", { cx: at(item.date), cy: 40 - (i % 3) * 8, r: 5, class: "dot" }, drawing);
    });
  }

  return { html: html, network: network, bars: bars, timeline: timeline };
})();
