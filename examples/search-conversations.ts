// Find the open conversations updated in the last N days (default 7), newest pages first as Intercom
// returns them, and print id, state and last update.
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/search-conversations.ts 30
import { connect } from "./connect.js";

const days = Number(process.argv[2] ?? 7);
if (!Number.isInteger(days) || days < 1) {
  console.error(`usage: search-conversations.ts [days ≥ 1], got ${process.argv[2]}`);
  process.exit(2);
}
const since = Math.floor(Date.now() / 1000) - days * 86_400;

const intercom = connect();
let count = 0;
for await (const conversation of intercom.paginate("/conversations/search", {
  body: {
    query: {
      operator: "AND",
      value: [
        { field: "open", operator: "=", value: true },
        { field: "updated_at", operator: ">", value: since },
      ],
    },
    pagination: { per_page: 50 },
  },
})) {
  count++;
  const updated = conversation.updated_at ? new Date(conversation.updated_at * 1000).toISOString() : "?";
  console.log(`${conversation.id}\t${conversation.state ?? "?"}\t${updated}`);
}
console.error(`${count} open conversations updated in the last ${days} days`);
