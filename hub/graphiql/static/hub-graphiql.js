// The hub's GraphiQL: its own API at /graphql, a tab per example operation of the hub.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("hub-examples").textContent);
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + "/graphql" });
  var tabs = examples.map(function (example) {
    return { query: example.query };
  });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
    }),
  );
})();
