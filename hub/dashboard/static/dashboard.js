// The dashboard: a chooser, then the chosen group's (organisation's, country's,
// campaign's) network, alerts, statements, petitions and membership over time.
"use strict";

(function () {
  var G = window.HubGraphQL;
  var D = window.HubDrawing;
  var setup = G.setup;
  var lang = setup.language;
  var words = setup.words;
  var number = new Intl.NumberFormat(lang);
  var today = new Date().toISOString().slice(0, 10);
  var following = [];

  function $(id) {
    return document.getElementById(id);
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
  }

  function href(kind, key) {
    return "/dashboard/" + kind + "/" + encodeURIComponent(key) + "?lang=" + lang;
  }

  function tell(text) {
    $("status").textContent = text;
  }

  function failed(error) {
    tell(say(words.failed, { message: error.message }));
  }

  // The chooser: every group by kind, the countries with members, every organisation.
  function choices() {
    var select = $("choice");
    function group(label, kind, rows, key, name) {
      var optgroup = D.html("optgroup", { label: label }, select);
      rows.forEach(function (row) {
        var option = D.html("option", { value: kind + "/" + row[key] }, optgroup, name(row));
        if (setup.subject && setup.subject.kind === kind && setup.subject.slug === row[key]) {
          option.selected = true;
        }
      });
    }
    function named(row) {
      return row.name.text;
    }
    return G.query("choices", { lang: lang, today: today }).then(function (data) {
      select.textContent = "";
      D.html("option", { value: "" }, select, words.choose);
      group(words.coalitions, "group", data.coalitions.nodes, "slug", named);
      group(words.working_groups, "group", data.workingGroups.nodes, "slug", named);
      group(words.monitoring_groups, "group", data.monitoringGroups.nodes, "slug", named);
      group(words.countries, "country", data.countries.nodes, "code", named);
      return organisations([], null).then(function (rows) {
        group(words.organisations, "organisation", rows, "slug", named);
      });
    });
  }

  function organisations(rows, after) {
    return G.query("organisations", { lang: lang, after: after }).then(function (data) {
      var all = rows.concat(data.organisations.nodes);
      var page = data.organisations.pageInfo;
      return page.hasNextPage ? organisations(all, page.endCursor) : all;
    });
  }

  $("chooser").addEventListener("submit", function (event) {
    event.preventDefault();
    var value = $("choice").value;
    if (value) {
      var parts = value.split("/");
      location.href = href(parts[0], parts.slice(1).join("/"));
    }
  });

  // What each kind of subject is read with, and who its members are.
  var kinds = {
    group: {
      read: function (slug, asOf) {
        return G.query("group", { slug: slug, asOf: asOf, lang: lang }).then(function (data) {
          var group = data.group;
          if (!group) return null;
          return {
            title: group.name.text,
            since: group.startedOn,
            until: group.endedOn,
            total: group.members.totalCount,
            members: group.members.nodes.map(function (m) {
              return m.organisation;
            }),
          };
        });
      },
    },
    country: {
      read: function (code, asOf) {
        return G.query("country", { code: code, asOf: asOf, lang: lang }).then(function (data) {
          var country = data.country;
          if (!country) return null;
          return {
            title: country.name.text,
            since: "1992-01-01",
            until: null,
            total: country.members.totalCount,
            members: country.members.nodes,
          };
        });
      },
    },
    organisation: {
      read: function (slug) {
        return G.query("organisation", { slug: slug, lang: lang }).then(function (data) {
          var organisation = data.organisation;
          if (!organisation) return null;
          return { title: organisation.name.text, total: 1, members: [organisation] };
        });
      },
    },
    campaign: {
      read: function (slug) {
        return G.query("campaign", { slug: slug, lang: lang }).then(function (data) {
          var campaign = data.campaign;
          if (!campaign) return null;
          var lead = campaign.leadOrganisation ? [campaign.leadOrganisation] : [];
          return { title: campaign.title.text, total: lead.length, members: lead };
        });
      },
    },
  };

  function show(subject, asOf) {
    tell(words.loading);
    return kinds[subject.kind].read(subject.slug, asOf).then(function (seen) {
      if (!seen) {
        tell(say(words.not_found, { slug: subject.slug }));
        return;
      }
      document.title = seen.title + " · " + words.title;
      $("subject-title").textContent = seen.title;
      $("views").hidden = false;
      drawNetwork(subject, seen);
      drawStatements(seen.members);
      followPetitions(seen.members);
      if (!asOf && seen.since) slider(subject, seen);
      if (asOf) {
        $("as-of-value").textContent = say(words.members_then, {
          count: number.format(seen.total),
          date: asOf,
        });
      }
      tell("");
      return drawAlerts(seen.members);
    });
  }

  function countriesOf(organisation) {
    var found = [organisation.headquarters].concat(organisation.countriesOfWork.nodes);
    var seen = {};
    return found.filter(function (country) {
      if (seen[country.code]) return false;
      seen[country.code] = true;
      return true;
    });
  }

  function drawNetwork(subject, seen) {
    var nodes = [];
    var edges = [];
    var known = {};
    var center = { id: "subject", kind: subject.kind, key: subject.slug,
      label: seen.title, href: href(subject.kind, subject.slug) };
    function add(node) {
      if (!known[node.id]) {
        known[node.id] = node;
        nodes.push(node);
      }
    }
    seen.members.forEach(function (organisation) {
      var id = "o:" + organisation.slug;
      add({ id: id, kind: "organisation", key: organisation.slug,
        label: organisation.name.text, href: href("organisation", organisation.slug) });
      edges.push(["subject", id]);
      countriesOf(organisation).forEach(function (country) {
        add({ id: "c:" + country.code, kind: "country", key: country.code,
          label: country.name.text, href: href("country", country.code) });
        edges.push([id, "c:" + country.code]);
      });
      organisation.campaigns.nodes.forEach(function (campaign) {
        add({ id: "k:" + campaign.slug, kind: "campaign", key: campaign.slug,
          label: campaign.title.text, href: href("campaign", campaign.slug) });
        edges.push([id, "k:" + campaign.slug]);
      });
    });
    function count(kind) {
      return number.format(nodes.filter(function (n) { return n.kind === kind; }).length);
    }
    $("graph-summary").textContent = say(words.graph_summary, {
      organisations: count("organisation"),
      countries: count("country"),
      campaigns: count("campaign"),
    });
    D.network($("graph-drawing"), center, nodes, edges, words.graph);
  }

  function drawAlerts(members) {
    var codes = {};
    members.forEach(function (organisation) {
      countriesOf(organisation).forEach(function (country) {
        codes[country.code] = true;
      });
    });
    // the archive's filter takes 100 countries at most; the whole network works in fewer
    var countries = Object.keys(codes).sort().slice(0, 100);
    if (!countries.length) {
      $("alerts-total").textContent = words.none;
      return Promise.resolve();
    }
    return G.query("alerts", { countries: countries, lang: lang }).then(function (data) {
      var alerts = data.alerts;
      $("alerts-total").textContent = say(words.alerts_total, {
        count: number.format(alerts.totalCount),
      });
      var years = alerts.facets.years.slice().sort(function (a, b) { return a.year - b.year; });
      D.bars($("years-chart"), years.map(function (y) {
        return { label: String(y.year), value: y.count };
      }), number.format);
      D.bars($("violations-chart"), alerts.facets.violations.map(function (v) {
        return { label: setup.violations[v.violation] || v.violation, value: v.count };
      }), number.format);
      grid(alerts.facets.countries);
    }, failed);
  }

  function grid(rows) {
    var list = $("country-grid");
    list.textContent = "";
    var most = Math.max.apply(null, [1].concat(rows.map(function (r) { return r.count; })));
    rows.forEach(function (row) {
      var level = Math.min(4, Math.floor((row.count / most) * 5));
      var item = D.html("li", { class: "level-" + level }, list);
      var link = D.html("a", { href: href("country", row.country.code) }, item);
      D.html("span", { class: "code" }, link, row.country.code);
      D.html("span", { class: "name" }, link, row.country.name.text);
      D.html("span", { class: "count" }, link, number.format(row.count));
    });
  }

  function drawStatements(members) {
    var bySlug = {};
    members.forEach(function (organisation) {
      organisation.coSignedStatements.nodes.forEach(function (signature) {
        var statement = signature.statement;
        var entry = bySlug[statement.slug] || (bySlug[statement.slug] = {
          slug: statement.slug,
          title: statement.title.text,
          date: (statement.publishedAt || signature.signedAt).slice(0, 10),
          signers: [],
        });
        entry.signers.push(organisation.name.text);
      });
    });
    var items = Object.keys(bySlug).map(function (slug) { return bySlug[slug]; });
    items.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    D.timeline($("timeline"), items);
    var list = $("statement-list");
    list.textContent = "";
    if (!items.length) D.html("li", {}, list, words.none);
    items.forEach(function (item) {
      var entry = D.html("li", {}, list);
      D.html("time", { datetime: item.date }, entry, item.date);
      D.html("span", { class: "statement-title" }, entry, " " + item.title);
      D.html("span", { class: "signers" }, entry, " — " + item.signers.join(", "));
    });
  }

  function followPetitions(members) {
    following.forEach(function (stop) { stop(); });
    following = [];
    var list = $("petition-list");
    list.textContent = "";
    var seen = {};
    members.forEach(function (organisation) {
      organisation.petitions.nodes.forEach(function (petition) {
        if (seen[petition.id] || petition.status === "DRAFT") return;
        seen[petition.id] = true;
        var item = D.html("li", { "data-petition": petition.slug }, list);
        D.html("a", { href: "/widgets/petitions/" + encodeURIComponent(petition.slug) +
          "/frame?lang=" + lang }, item, petition.title.text);
        var count = D.html("data", { class: "count", value: String(petition.signatureCount) },
          item, number.format(petition.signatureCount));
        D.html("span", {}, item, " " + words.signatures + " · " + words.goal + " " +
          number.format(petition.goal));
        if (petition.status === "OPEN") {
          following.push(G.subscribe("petition-count", { id: petition.id }, function (data) {
            var now = data.petitionCount.petition.signatureCount;
            count.value = String(now);
            count.textContent = number.format(now);
          }));
        }
      });
    });
    if (!list.children.length) D.html("li", {}, list, words.none);
  }

  function dayBefore(date) {
    var day = new Date(date + "T00:00:00Z");
    day.setUTCDate(day.getUTCDate() - 1);
    return day.toISOString().slice(0, 10);
  }

  // Membership over time: one step a year from the subject's start, the last one today
  // (or the day before it ended).
  function slider(subject, seen) {
    var first = Number(seen.since.slice(0, 4));
    var end = seen.until ? dayBefore(seen.until) : today;
    var last = Number(end.slice(0, 4));
    var dates = [];
    for (var year = first; year < last; year++) dates.push(year + "-12-31");
    dates.push(end);
    var range = $("as-of");
    range.min = "0";
    range.max = String(dates.length - 1);
    range.value = String(dates.length - 1);
    range.setAttribute("aria-valuetext", end);
    $("as-of-value").textContent = say(words.members_then, {
      count: number.format(seen.total),
      date: end,
    });
    $("membership").hidden = false;
    range.oninput = function () {
      range.setAttribute("aria-valuetext", dates[Number(range.value)]);
      $("as-of-value").textContent = dates[Number(range.value)];
    };
    range.onchange = function () {
      show(subject, dates[Number(range.value)]).catch(failed);
    };
  }

  choices().catch(failed);
  if (setup.subject) show(setup.subject).catch(failed);
})();
