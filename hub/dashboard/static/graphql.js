// The dashboard's way to the hub's public GraphQL API: persisted operations over HTTP
// (the hash alone, the document only if the hub asks for it), and subscriptions over one
// WebSocket speaking graphql-transport-ws.
"use strict";

window.HubGraphQL = (function () {
  var setup = JSON.parse(document.getElementById("dashboard-setup").textContent);
  var operations = setup.operations;

  function post(body) {
    return fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json();
    });
  }

  function codes(answer) {
    return (answer.errors || []).map(function (e) {
      return (e.extensions || {}).code;
    });
  }

  // Runs a named operation; resolves with its data, rejects with its first error.
  function query(name, variables) {
    var operation = operations[name];
    var hashed = {
      variables: variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: operation.sha256 } },
    };
    return post(hashed)
      .then(function (answer) {
        var found = codes(answer);
        if (
          found.indexOf("PERSISTED_QUERY_NOT_FOUND") >= 0 ||
          found.indexOf("PERSISTED_QUERY_NOT_SUPPORTED") >= 0
        ) {
          return post({ query: operation.document, variables: variables });
        }
        return answer;
      })
      .then(function (answer) {
        if (answer.errors && !answer.data) {
          throw new Error(answer.errors[0].message);
        }
        return answer.data;
      });
  }

  var socket = null;
  var ready = null;
  var nextId = 1;
  var listeners = {};

  function connect() {
    if (ready) return ready;
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql";
    ready = new Promise(function (resolve, reject) {
      socket = new WebSocket(url, "graphql-transport-ws");
      socket.onopen = function () {
        socket.send(JSON.stringify({ type: "connection_init", payload: {} }));
      };
      socket.onmessage = function (event) {
        var message = JSON.parse(event.data);
        if (message.type === "connection_ack") resolve(socket);
        else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
        else if (message.type === "next" && listeners[message.id]) {
          listeners[message.id](message.payload);
        }
      };
      socket.onerror = reject;
      socket.onclose = function () {
        socket = null;
        ready = null;
      };
    });
    return ready;
  }

  // Follows a named subscription; returns a function that stops following it.
  function subscribe(name, variables, onData) {
    var id = String(nextId++);
    var stopped = false;
    listeners[id] = function (payload) {
      if (!stopped && payload.data) onData(payload.data);
    };
    connect().then(function (open) {
      if (stopped) return;
      open.send(
        JSON.stringify({
          id: id,
          type: "subscribe",
          payload: { query: operations[name].document, variables: variables },
        }),
      );
    });
    return function () {
      stopped = true;
      delete listeners[id];
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ id: id, type: "complete" }));
      }
    };
  }

  return { setup: setup, query: query, subscribe: subscribe };
})();
