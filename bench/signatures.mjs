// Anonymous people signing one petition through the widget API, at a fixed concurrency.
// Each signer has an address of their own (X-Forwarded-For, which the hub trusts from
// loopback); every tenth sends their signature a second time, as a double click or a retry
// after a lost answer does. Prints autocannon's report plus what the signers were told.
//
//   node signatures.mjs URL CONNECTIONS SECONDS TAG
import autocannon from "autocannon";

const [url, connections, seconds, tag] = process.argv.slice(2);
let next = 0;
const thanked = new Set();
let refused = 0;
let sentTwice = 0;

function address(person) {
  return `10.${(person >> 16) & 255}.${(person >> 8) & 255}.${person & 255}`;
}

autocannon(
  {
    url,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [
      {
        method: "POST",
        setupRequest(request, context) {
          const n = next++;
          const person = n % 10 === 9 ? n - 1 : n;
          if (person !== n) sentTwice++;
          context.email = `${tag}-${person}@bench.example`;
          return {
            ...request,
            headers: { "content-type": "application/json", "x-forwarded-for": address(person) },
            body: JSON.stringify({ name: `Bench signer ${person}`, email: context.email }),
          };
        },
        onResponse(status, _body, context) {
          if (status === 200) thanked.add(context.email);
          else refused++;
        },
      },
    ],
  },
  (error, report) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(
      JSON.stringify({ report, thanked: [...thanked], refused, sentTwice }) + "\n",
    );
  },
);
