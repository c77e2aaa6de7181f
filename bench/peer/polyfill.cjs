// PostGraphile v5 asks for Node 22; on Node 20 the one missing piece it uses is
// Promise.withResolvers (ES2024). Preloaded with NODE_OPTIONS=--require.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
