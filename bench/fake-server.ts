// The fake Intercom for the benchmarks, in its own process so that the client processes measure only
// themselves. Serves GET /contacts/{id} and GET /me with canned Intercom-shaped JSON, and every
// paginated list (GET /contacts among them) over BENCH_LIST_ITEMS whole contacts. Prints its URL on
// stdout; over IPC, "count" answers with the number of requests received since the last "count" and
// the Intercom-Version headers they carried.
import { contact, admin } from "./fixtures.js";
import { startFakeIntercom } from "../test/support/fake-intercom.js";
import { installLists } from "../test/support/lists.js";

const listItems = Number(process.env["BENCH_LIST_ITEMS"] ?? 100_000);
const fake = await startFakeIntercom();
installLists(fake, { count: listItems, defaultPerPage: 50, item: (item) => contact(item.id) });
fake.on("GET", "/contacts/{id}", (request) => ({ json: contact(request.params["id"] ?? "") }));
fake.on("GET", "/me", () => ({ json: admin }));

process.on("message", (message) => {
  if (message !== "count") return;
  const count = fake.requests.length;
  const versions = [...new Set(fake.requests.map((r) => String(r.headers["intercom-version"])))];
  // Forget what was recorded, so that a long run does not grow this process.
  fake.reset();
  process.send?.({ count, versions });
});
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
process.stdout.write(`${fake.url}\n`);
